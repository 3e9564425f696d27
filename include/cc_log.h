/* SPDX-License-Identifier: MIT */
/*
 * cc_log.h - a gateway's IKE log read (certcheck/log/): its negotiations,
 * each with the peer's address and identity, the certificates and CAs
 * named, and the decisive lines, and why each failed; the `log` command's
 * findings and its "negotiations" part of the report.
 */
#ifndef CC_LOG_H
#define CC_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "cc_ctx.h"
#include "cc_finding.h"
#include "cc_render.h"

struct cc_report;

/* One IKE negotiation of the log. */
struct cc_log_nego {
	char *key;	     /* "lab|1" (strongSwan's unique id), "thread 09" */
	time_t time;	     /* of its first line, 0 when the log has none */
	char *address;	     /* the other side's, or NULL */
	char *identity;	     /* the identity the peer sent (IDi), or NULL */
	char **certs, **cas; /* the subjects named, each once */
	size_t ncerts, ncas;
	char **lines; /* the decisive raw lines */
	size_t nlines;
	int sig;	  /* the row of the table of refusals (logcause.c) that
			     decided it, or -1 */
	bool established; /* its IKE_SA came up */
	bool refused_after; /* ... and the other side refused it after */
	char *detail;	    /* what the rows before the refusal add (the
			       failing CRL step), or NULL */
};

struct cc_log {
	struct cc_log_nego *n; /* in the order their first lines came */
	size_t len, cap;
	size_t lines;	     /* lines read */
	size_t unrecognised; /* lines of no format certcheck knows */
	size_t dropped;	     /* negotiations past the bound, not kept */
};

/* Reads the log in f (name: for messages) into log: every strongSwan line
 * (the file logger's "NN[GRP] <conn|N> message", with or without a time,
 * and syslog's "Mmm dd hh:mm:ss host charon: ..."), grouped by IKE_SA
 * (its unique id; else its thread).  year: the year of syslog times (they
 * carry none).  A file that is no text (a NUL byte in its first 64 KiB) is
 * CC_EINPUT. */
enum cc_err cc_log_read(struct cc_ctx *ctx, FILE *f, const char *name, int year,
			struct cc_log *log);
void cc_log_release(struct cc_log *log);

/* Judges each negotiation (logcause.c): one finding per failed one (or,
 * with all, per one of every kind), those whose address or identity is
 * remote only when remote is given (NULL: all). */
void cc_log_report(struct cc_report *r, const struct cc_log *log, bool all,
		   const char *remote);

/* log as the report's "negotiations" part. */
struct cc_report_part cc_log_part(const struct cc_log *log);

#endif /* CC_LOG_H */
