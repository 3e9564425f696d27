/* SPDX-License-Identifier: MIT */
/*
 * cc_finding.h - what a check learned: a status, the cause it bears on, a
 * message, a remedy and typed evidence.
 */
#ifndef CC_FINDING_H
#define CC_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cc_common.h"

/* Ordered good -> bad, so that the worst of several is their max(). */
enum cc_status {
	CC_STATUS_OK,
	CC_STATUS_INFO,
	CC_STATUS_SKIP,
	CC_STATUS_WARN,
	CC_STATUS_FAIL,
	CC_STATUS_COUNT
};

/*
 * The causes of doc/report.md, in the table's order: that order is the root-cause
 * tie-break and the order of the report's "causes" member.
 */
#define CC_CAUSES(X)                                                           \
	X(CA_MISMATCH, "ca-mismatch")                                          \
	X(VALIDITY, "validity")                                                \
	X(CRL_UNREACHABLE, "crl-unreachable")                                  \
	X(IDLIST, "idlist")                                                    \
	X(WRONG_CERTIFICATE, "wrong-certificate")                              \
	X(REVOKED, "revoked")                                                  \
	X(IDENTITY, "identity")                                                \
	X(KEY, "key")

enum cc_cause {
#define X(e, id) CC_CAUSE_##e,
	CC_CAUSES(X)
#undef X
		CC_CAUSE_COUNT
};

/* Ordered by strength: a higher verdict wins. */
enum cc_verdict {
	CC_NOT_CHECKED,
	CC_RULED_OUT,
	CC_LIKELY,
	CC_CONFIRMED,
};

enum cc_ev_kind { CC_EV_STR, CC_EV_INT, CC_EV_BOOL, CC_EV_TIME, CC_EV_LIST };

struct cc_evidence {
	const char *key; /* static; documented per check id in README */
	enum cc_ev_kind kind;
	union {
		char *str;     /* CC_EV_STR: owned */
		long long num; /* CC_EV_INT */
		bool flag;     /* CC_EV_BOOL */
		time_t when;   /* CC_EV_TIME */
		struct {       /* CC_EV_LIST: owned array of owned strings */
			char **item;
			size_t n;
		} list;
	} v;
};

struct cc_finding;
struct cc_report;

/* Writes the message, remedy and evidence of a finding added with
 * cc_report_add_later() into out, from its data, when it is shown. */
typedef void cc_finding_fill_fn(struct cc_finding *out,
				const struct cc_report *r, const void *data);

struct cc_finding {
	int check; /* enum cc_check (cc_checkid.h): its id
				   ("pair.chain.untrusted"), cause and the
				   rest are the registry's row */
	enum cc_status status;
	enum cc_cause cause;
	int cert;      /* index into the report's certificates, or -1 */
	char *message; /* owned; one sentence, no final full stop */
	char *remedy;  /* owned; NULL when there is nothing to do */
	struct cc_evidence *ev; /* owned; rendered in insertion order */
	size_t nev, evcap;
	/* a finding written when shown: message, remedy and ev stay empty
	 * and fill writes them into a copy (cc_finding_show()) */
	cc_finding_fill_fn *fill;
	void *data; /* fill's: the bytes after this struct, in its block */
};

/* Static names: "ok", "fail", ...; "ca-mismatch", ...; "confirmed", ... */
const char *cc_status_name(enum cc_status st);
const char *cc_cause_name(enum cc_cause c);
const char *cc_verdict_name(enum cc_verdict v);

/* Sets the message (replacing any earlier one): what a fill function
 * writes first. */
void cc_finding_message(struct cc_finding *f, const char *fmt, ...)
	CC_PRINTF(2, 3);

/* Sets the remedy (replacing any earlier one). */
void cc_finding_remedy(struct cc_finding *f, const char *fmt, ...)
	CC_PRINTF(2, 3);

/* Appends evidence; key must be a static string. */
void cc_finding_str(struct cc_finding *f, const char *key, const char *fmt, ...)
	CC_PRINTF(3, 4);
void cc_finding_int(struct cc_finding *f, const char *key, long long v);
void cc_finding_bool(struct cc_finding *f, const char *key, bool v);
void cc_finding_time(struct cc_finding *f, const char *key, time_t t);
/* Appends an (initially empty) list; then cc_finding_list_add() to it. */
void cc_finding_list(struct cc_finding *f, const char *key);
void cc_finding_list_add(struct cc_finding *f, const char *fmt, ...)
	CC_PRINTF(2, 3);

/* Frees f and everything it owns; accepts NULL. */
void cc_finding_free(struct cc_finding *f);

/* Frees what f's message, remedy and evidence own and empties them. */
void cc_finding_clear(struct cc_finding *f);

#endif /* CC_FINDING_H */
