/* SPDX-License-Identifier: MIT */
/*
 * cc_log.h - a gateway's IKE log read (certcheck/log/): its negotiations,
 * each with the peer's address and identity, the certificates and CAs
 * named, and the decisive lines, and why each failed; the `log` command's
 * findings and its "negotiations" part of the report; what `diagnose
 * --log` takes from it.
 *
 * The log is streamed: lines are read as they come, negotiations decided
 * and let go of as they end, so memory stays bounded whatever the log's
 * size (LOG_MAX_ACTIVE negotiations open at once, LOG_MAX_KEPT failures
 * kept; the rest counted).
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

/* The formats read, detected line by line (a file may mix them). */
enum cc_log_format {
	CC_LOG_CHARON,	/* strongSwan's file logger and syslog: NN[GRP] */
	CC_LOG_JOURNAL, /* charon-systemd in journalctl -o short */
	CC_LOG_JSON,	/* journalctl -o json; strongSwan's JSON lines */
	CC_LOG_SWANCTL, /* swanctl --initiate: [GRP] message */
	CC_LOG_PLUTO,	/* libreswan: "conn"[N] ADDR #S: message */
	CC_LOG_WINDOWS, /* Get-WinEvent / wevtutil qe /f:text */
	CC_LOG_OTHER,	/* none certcheck knows (Clavister cOS Core, ...) */
	CC_LOG_FORMATS
};

/* The name of a format ("strongSwan", "libreswan pluto", ...). */
const char *cc_log_format_name(enum cc_log_format f);

/* One IKE negotiation of the log. */
struct cc_log_nego {
	char *key;		/* "lab|1" (strongSwan's unique id), "#3",
				"198.18.0.2" (no id logged: by address) */
	enum cc_log_format fmt; /* of its first line */
	size_t first, last;	/* its first and last lines' numbers */
	time_t time;		/* of its first line, 0 when the log has none */
	char *address;		/* the other side's, or NULL */
	char *identity;		/* the identity the peer sent (IDi), or NULL */
	char **certs, **cas;	/* the subjects named, each once */
	size_t ncerts, ncas;
	char **lines; /* the decisive lines, escaped */
	size_t nlines;
	int sig;	  /* the row of the table of refusals (logcause.c) that
			     decided it, or -1 */
	bool established; /* its IKE_SA came up */
	bool refused_after; /* ... and the other side refused it after */
	char *detail;	    /* what the rows before the refusal add (the
			       failing CRL step), or NULL */
};

struct cc_log_active;

struct cc_log_opts {
	int year;	    /* of syslog's times, which carry none */
	bool utc;	    /* the log's times are UTC, not local time */
	time_t since;	    /* only negotiations from then on (0: all) */
	const char *remote; /* only those with this address or identity */
	bool all;	    /* keep the established ones too */
	/* each failed negotiation, as soon as it is over (--follow) */
	void (*done)(const struct cc_log_nego *n, void *arg);
	void *arg;
};

struct cc_log {
	struct cc_log_opts opts;
	/* the negotiations kept (failed ones; with all, established ones
	 * too), in the order of their first lines after cc_log_finish() */
	struct cc_log_nego *n;
	size_t len, cap;
	size_t lines;			   /* lines read */
	size_t by_format[CC_LOG_FORMATS];  /* of them, in each format */
	size_t negos, established, failed; /* counted (the wanted ones) */
	size_t dropped; /* failures past LOG_MAX_KEPT, counted only */
	size_t evicted; /* negotiations closed early: too many open */
	struct cc_log_active *active;
};

void cc_log_init(struct cc_log *log, const struct cc_log_opts *opts);

/* Reads f (name: for messages) to its end.  A file that is no text (a NUL
 * byte in its first 64 KiB) is CC_EINPUT.  progress: a line on stderr as
 * it goes (for files over 100 MB). */
enum cc_err cc_log_feed(struct cc_ctx *ctx, struct cc_log *log, FILE *f,
			const char *name, bool progress);

/* Keeps reading path as it grows, and across its rotation (a new file by
 * its name: another inode), until *stop is set (a signal); each failure
 * goes to opts.done as it ends. */
enum cc_err cc_log_follow(struct cc_ctx *ctx, struct cc_log *log,
			  const char *path, volatile int *stop);

/* Closes every open negotiation and orders the kept ones. */
void cc_log_finish(struct cc_log *log);
void cc_log_release(struct cc_log *log);

/* Whether n failed; its cause (CC_CAUSE_COUNT when the other side
 * refused), what the log says of it and the fix, and where the gateway's
 * source logs it. */
bool cc_log_failed(const struct cc_log_nego *n);
bool cc_log_likely(const struct cc_log_nego *n); /* not proven by the log */
int cc_log_cause(const struct cc_log_nego *n);
const char *cc_log_what(const struct cc_log_nego *n);
const char *cc_log_fix(const struct cc_log_nego *n);
const char *cc_log_source(const struct cc_log_nego *n);
enum cc_check cc_log_check(const struct cc_log_nego *n);

/* The most recent failure (the root cause's), or NULL. */
const struct cc_log_nego *cc_log_latest_failure(const struct cc_log *log);

/* n's finding in r: fail when latest (the most recent failure) and the
 * log proves it, else warn; info when the other side refused. */
struct cc_finding *cc_log_finding(struct cc_report *r,
				  const struct cc_log_nego *n, bool latest);

/* One finding per kept negotiation and the count (logreport.c). */
void cc_log_report(struct cc_report *r, const struct cc_log *log);

/* n as one line of text for --follow ("2026-06-01T12:00:00Z lab|1 from
 * ADDR as 'ID': cause: what"), owned by the caller. */
char *cc_log_line(const struct cc_log_nego *n);

/* log as the report's "negotiations" part. */
struct cc_report_part cc_log_part(const struct cc_log *log);

#endif /* CC_LOG_H */
