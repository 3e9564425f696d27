/* SPDX-License-Identifier: MIT */
/*
 * idshadow.h - shadowed tunnels and entries.  Private to idmatch.c.
 */
#ifndef CC_IDSHADOW_H
#define CC_IDSHADOW_H

#include "cc_finding.h"
#include "cc_idlist.h"

struct cc_report;

/* Adds an idlist.shadowed finding (status st) and a res->shadow element
 * for every tunnel, or entry of a tunnel, that an earlier one shadows. */
void idshadow_find(const struct cc_idconf *conf, struct cc_report *r,
		   struct cc_idresults *res, enum cc_status st);

#endif /* CC_IDSHADOW_H */
