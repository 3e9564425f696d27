/* SPDX-License-Identifier: MIT */
/*
 * log.h - between the log reader (logread.c: formats, grouping) and the
 * table of what lines mean (logcause.c).  Private to certcheck/log/.
 */
#ifndef CC_LOG_PRIVATE_H
#define CC_LOG_PRIVATE_H

#include "cc_log.h"

/* What a message of negotiation n says, taken into n: the address, the
 * identity, certificates and CAs named, and the decisive lines (raw: the
 * whole line as the log has it). */
void log_take(struct cc_log_nego *n, const char *msg, const char *raw);

/* Appends a copy of s to the list *v of *n unless it is there. */
void log_add_once(char ***v, size_t *n, const char *s);

#endif /* CC_LOG_PRIVATE_H */
