/* SPDX-License-Identifier: MIT */
/*
 * cc_report.h - the report: findings in, verdicts and root cause out, and
 * its two renderings (text for a person, JSON for scripts).
 */
#ifndef CC_REPORT_H
#define CC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "cc_cert.h"
#include "cc_ctx.h"
#include "cc_checkid.h"
#include "cc_finding.h"
#include "cc_render.h"

/* The most parts a report carries (crl's URLs, idlist's matches). */
#define CC_REPORT_PARTS 4

struct cc_report {
	const char *command;		/* static */
	const struct cc_certset *certs; /* borrowed: must outlive the report */
	struct cc_report_part part[CC_REPORT_PARTS]; /* the commands' own,
							in the order added */
	size_t nparts;
	struct cc_finding **findings; /* owned; pointers, so none moves */
	size_t nfindings, cap;
	/* Why a cause a command does not check is not-checked ("not checked
	 * by 'pair'"); NULL entries get a generic sentence. Static strings. */
	const char *not_checked_why[CC_CAUSE_COUNT];
	const char *footer; /* static: the text report's last line instead
			       of the clocks and the gateway profile (for a
			       command that judges neither: log, probe) */
	bool clockless;	    /* the command judges no clock (idlist): the report
			   shows no peer clock */
};

/* Embedded struct: init/release. certs is borrowed. */
void cc_report_init(struct cc_report *r, const char *command,
		    const struct cc_certset *certs);
void cc_report_release(struct cc_report *r);

/* Adds a command's own part (cc_render.h), rendered in the order added. */
void cc_report_add_part(struct cc_report *r, struct cc_report_part p);

/* The dotted id of f ("pair.chain.untrusted"), from the registry. */
const char *cc_finding_id(const struct cc_finding *f);

/*
 * Adds a finding of check (its id and cause from the registry,
 * cc_checkid.h) and returns it (get0: owned by the report) for evidence
 * and a remedy.  cert is an index into r->certs or -1.
 */
struct cc_finding *cc_report_add(struct cc_report *r, enum cc_check check,
				 enum cc_status st, int cert, const char *fmt,
				 ...) CC_PRINTF(5, 6);

/*
 * Adds a finding whose message, remedy and evidence are written only when
 * it is shown, by fill from the size bytes of data this returns (in the
 * finding's own block; the caller fills them in).  For a check that speaks
 * of each of thousands of certificates (idlist.no-match), whose sentences
 * would otherwise all be held until the report is written.  Its status and
 * cause count as any finding's.
 */
void *cc_report_add_later(struct cc_report *r, enum cc_check check,
			  enum cc_status st, int cert, cc_finding_fill_fn *fill,
			  size_t size);

/*
 * f ready to read: f itself, or for a finding added later a copy in *tmp
 * with its text written.  Every renderer reads findings through this;
 * cc_finding_clear(tmp) afterwards (a no-op when f was returned).
 */
const struct cc_finding *cc_finding_show(const struct cc_report *r,
					 const struct cc_finding *f,
					 struct cc_finding *tmp);

/*
 * The verdict of cause c: confirmed (some finding fails), else likely (some
 * warns), else ruled-out (some is ok), else not-checked.  info never moves
 * it.  *why (may be NULL) gets the deciding finding (get0) or NULL.
 */
enum cc_verdict cc_report_verdict(const struct cc_report *r, enum cc_cause c,
				  const struct cc_finding **why);

/* The first confirmed cause in table order, else the first likely, else
 * CC_CAUSE_COUNT (null). */
enum cc_cause cc_report_root_cause(const struct cc_report *r);

/* Exit code of the report: 1 when there is a root cause, else 0. */
int cc_report_exit_code(const struct cc_report *r);

/* One sentence on cause c for the "causes" summary: static, owned by r, or
 * by *tmp (the deciding finding shown: cc_finding_clear(tmp) after use). */
const char *cc_report_summary(const struct cc_report *r, enum cc_cause c,
			      struct cc_finding *tmp);

struct cc_render_opts {
	bool color;   /* ANSI colour: only on a terminal, never with NO_COLOR */
	bool quiet;   /* one line: "CAUSE: summary" or "ok" */
	size_t width; /* wrap prose at this many columns (a terminal's);
			   0: never (piped output stays one finding a
			   line, for grep) */
};

/* Renders the text report (or the quiet line) to out. */
void cc_report_write_text(const struct cc_report *r, const struct cc_ctx *ctx,
			  const struct cc_render_opts *o, FILE *out);

/* Renders doc/report.md's JSON report to out; returns false if writing failed. */
bool cc_report_write_json(const struct cc_report *r, const struct cc_ctx *ctx,
			  FILE *out);

/* --format nagios's thresholds: -w, -c (days a certificate has left),
 * --crl-warn, --crl-crit (hours a CRL has left); below 0: none. */
struct cc_nagios_opts {
	double warn_days, crit_days, crl_warn_hours, crl_crit_hours;
};

/* The report as a monitoring plugin prints it (report_nagios.c): returns
 * the plugin's exit code (0 OK, 1 WARNING, 2 CRITICAL), -1 when it could
 * not be written. */
int cc_report_write_nagios(const struct cc_report *r, const struct cc_ctx *ctx,
			   const struct cc_nagios_opts *o, FILE *out);

/* The report as Prometheus' text exposition format (report_prom.c);
 * false when it could not be written. */
bool cc_report_write_prometheus(const struct cc_report *r,
				const struct cc_ctx *ctx, FILE *out);

/* The report as one self-contained HTML file (report_html.c); false when
 * it could not be written. */
bool cc_report_write_html(const struct cc_report *r, const struct cc_ctx *ctx,
			  FILE *out);

#endif /* CC_REPORT_H */
