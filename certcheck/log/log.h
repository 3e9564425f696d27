/* SPDX-License-Identifier: MIT */
/*
 * log.h - between the parts of certcheck/log/: the line reader
 * (logline.c: formats), the grouping into negotiations (logread.c), the
 * table of what lines mean (logcause.c) and the report (logreport.c).
 * Private to certcheck/log/.
 */
#ifndef CC_LOG_PRIVATE_H
#define CC_LOG_PRIVATE_H

#include "cc_log.h"

/* The longest line read whole; longer ones are cut there. */
#define LOG_MAX_LINE 8192

/* One line, as logline.c reads it: its format, where its message starts
 * and what names its negotiation. */
struct log_line {
	enum cc_log_format fmt;
	const char *raw;   /* the whole line */
	const char *msg;   /* the message, after every prefix */
	const char *stamp; /* the time at the line's start, or NULL */
	long long usec;	   /* JSON: microseconds since 1970, or 0 */
	const char *sa;	   /* strongSwan's "<NAME|N>" token, or NULL */
	size_t sa_len;
	char key[48];	   /* "5" (strongSwan's unique id), "#3" (pluto's
			      state), or "": after log_line_keys() */
	char name[64];	   /* the connection's name, or "" */
	char addr[64];	   /* pluto: the peer's address, or "" */
	int thread;	   /* strongSwan's thread, or -1 */
	bool starts_event; /* Windows: the first line of an event */
};

/* Reads line (NUL-terminated, no newline) into l.  JSON lines (the
 * journal's, strongSwan's JSON file logger) are decoded into buf (of
 * LOG_MAX_LINE bytes), where l->msg then points. */
void log_line_parse(const char *line, struct log_line *l, char *buf);

/* Reads the IKE_SA token's name and id into l->name and l->key (only for
 * the lines that matter: most lines are passed over without it). */
void log_line_keys(struct log_line *l);

/* The time of l: its stamp (syslog's "Mmm dd hh:mm:ss" in year; RFC 3339
 * or "YYYY-MM-DD hh:mm:ss"), local unless utc; 0 when it has none. */
time_t log_line_time(const struct log_line *l, int year, bool utc);

/* What l says, taken into its negotiation n: the address, the identity,
 * certificates and CAs named, the decisive lines (logcause.c). */
void log_take(struct cc_log_nego *n, const struct log_line *l);

/* Whether l can say anything log_take(), log_begins() or log_ends() read:
 * a strongSwan message whose first two bytes begin none of their prefixes
 * does not (logcause.c). */
bool log_matters(const struct log_line *l);

/* Whether l begins a new exchange (a new IKE_SA_INIT), so that a
 * negotiation keyed by address that was decided is over (logcause.c). */
bool log_begins(const struct log_line *l);

/* Whether l ends its IKE_SA (it is destroyed) (logcause.c). */
bool log_ends(const struct log_line *l);

/* Appends a copy of s to the list *v of *n unless it is there. */
void log_add_once(char ***v, size_t *n, const char *s);

#endif /* CC_LOG_PRIVATE_H */
