/* SPDX-License-Identifier: MIT */
/*
 * logreport.c - the `log` command's findings (one per failed negotiation,
 * and the count), its "negotiations" part of the report, and the one line
 * --follow prints for each failure.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cc_report.h"
#include "log.h"

/* "2026-06-01T12:00:00Z lab|1 from ADDR as 'ID'" into buf. */
static char *headline(const struct cc_log_nego *n)
{
	char when[21] = "";

	if (n->time)
		cc_format_time(n->time, when);
	/* a negotiation keyed by its address says it once */
	bool addr = n->address && strcmp(n->address, n->key);

	return cc_xasprintf("%s%s%s%s%s%s%s%s", when, when[0] ? " " : "",
			    n->key, addr ? " from " : "",
			    addr ? n->address : "", n->identity ? " as '" : "",
			    n->identity ? n->identity : "",
			    n->identity ? "'" : "");
}

/* See cc_log.h */
struct cc_finding *cc_log_finding(struct cc_report *r,
				  const struct cc_log_nego *n, bool latest)
{
	enum cc_check c = cc_log_check(n);
	enum cc_status st =
		c == CC_CHECK_LOG_PEER_REFUSED || c == CC_CHECK_LOG_FORMAT
			? CC_STATUS_INFO
		: latest && !cc_log_likely(n) ? CC_STATUS_FAIL
					      : CC_STATUS_WARN;
	char *head = headline(n);
	struct cc_finding *f = cc_report_add(
		r, c, st, -1, "%s: %s%s%s", head, cc_log_what(n),
		n->detail ? ": " : "", n->detail ? n->detail : "");

	free(head);
	cc_finding_str(f, "negotiation", "%s", n->key);
	if (n->address)
		cc_finding_str(f, "address", "%s", n->address);
	if (n->identity)
		cc_finding_str(f, "identity", "%s", n->identity);
	if (cc_log_source(n))
		cc_finding_str(f, "source", "%s", cc_log_source(n));
	cc_finding_list(f, "lines");
	for (size_t k = 0; k < n->nlines; k++)
		cc_finding_list_add(f, "%s", n->lines[k]);
	cc_finding_remedy(f, "%s", cc_log_fix(n));
	return f;
}

/* See cc_log.h */
void cc_log_report(struct cc_report *r, const struct cc_log *log)
{
	const struct cc_log_nego *last = cc_log_latest_failure(log);
	size_t other = log->by_format[CC_LOG_OTHER], known = log->lines - other;
	struct cc_finding *f;

	for (int c = 0; c < CC_CAUSE_COUNT; c++)
		r->not_checked_why[c] = "the log shows no such refusal";
	/* the most recent failure decides: the earlier ones were likely
	 * retried since */
	for (size_t i = 0; i < log->len; i++) {
		const struct cc_log_nego *n = &log->n[i];

		if (cc_log_failed(n)) {
			cc_log_finding(r, n, n == last);
		} else {
			char *head = headline(n);

			f = cc_report_add(r, CC_CHECK_LOG_ESTABLISHED,
					  CC_STATUS_INFO, -1, "%s: established",
					  head);
			cc_finding_str(f, "negotiation", "%s", n->key);
			free(head);
		}
	}
	if (other && !known) {
		f = cc_report_add(r, CC_CHECK_LOG_FORMAT, CC_STATUS_INFO, -1,
				  "the log's format was not recognised (not "
				  "strongSwan, libreswan or Windows event "
				  "text): addresses, DNs and ID_ tokens are "
				  "pulled out, causes are not read");
		cc_finding_int(f, "lines", (long long)other);
		cc_finding_remedy(f, "run certcheck diagnose with both "
				     "certificates and the gateway's "
				     "settings");
	}
	f = cc_report_add(r, CC_CHECK_LOG_ESTABLISHED, CC_STATUS_INFO, -1,
			  "%zu negotiation%s in %zu lines, %zu established, "
			  "%zu failed%s%s",
			  log->negos, log->negos == 1 ? "" : "s", log->lines,
			  log->established, log->failed,
			  log->dropped ? " (only the latest failures are "
					 "listed: the bound of failures kept "
					 "held)"
				       : "",
			  log->evicted ? " (some were closed early: too many "
					 "open at once)"
				       : "");
	cc_finding_int(f, "negotiations", (long long)log->negos);
	cc_finding_int(f, "established", (long long)log->established);
	cc_finding_int(f, "failed", (long long)log->failed);
	cc_finding_int(f, "unrecognised_lines", (long long)other);
}

/* See cc_log.h */
char *cc_log_line(const struct cc_log_nego *n)
{
	char *head = headline(n), *e, *s;
	int cause = cc_log_cause(n);

	s = cc_xasprintf("%s: %s: %s%s%s", head,
			 cause < CC_CAUSE_COUNT ? cc_cause_name(cause)
						: "the other side refused",
			 cc_log_what(n), n->detail ? ": " : "",
			 n->detail ? n->detail : "");
	e = cc_escape(s);
	free(head);
	free(s);
	return e;
}

static const char *cause_of(const struct cc_log_nego *n)
{
	int c;

	if (!cc_log_failed(n))
		return NULL;
	c = cc_log_cause(n);
	return c < CC_CAUSE_COUNT ? cc_cause_name(c) : "the other side refused";
}

static json_object *strings(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *maybe(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static void nego_json(struct cc_json *w, const struct cc_report *r,
		      const void *data)
{
	const struct cc_log *log = data;

	(void)r;
	cc_json_array_begin(w, "negotiations");
	for (size_t i = 0; i < log->len; i++) {
		const struct cc_log_nego *n = &log->n[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "negotiation",
				       json_object_new_string(n->key));
		json_object_object_add(
			o, "format",
			json_object_new_string(cc_log_format_name(n->fmt)));
		json_object_object_add(o, "time",
				       n->time ? cc_json_time(n->time) : NULL);
		json_object_object_add(o, "address", maybe(n->address));
		json_object_object_add(o, "identity", maybe(n->identity));
		json_object_object_add(o, "certificates",
				       strings(n->certs, n->ncerts));
		json_object_object_add(o, "cas", strings(n->cas, n->ncas));
		json_object_object_add(o, "lines",
				       strings(n->lines, n->nlines));
		json_object_object_add(o, "cause", maybe(cause_of(n)));
		json_object_object_add(
			o, "status",
			json_object_new_string(cc_log_failed(n) ? "failed"
					       : n->established
						       ? "established"
						       : "incomplete"));
		cc_json_element(w, o);
	}
	cc_json_array_end(w);
}

static void nego_text(struct cc_text *t, const struct cc_report *r,
		      const void *data)
{
	const struct cc_log *log = data;

	(void)r;
	if (!log->len)
		return;
	cc_text_puts(t, "\nNegotiations:\n");
	for (size_t i = 0; i < log->len; i++) {
		const struct cc_log_nego *n = &log->n[i];
		const char *cause = cause_of(n);
		bool failed = cc_log_failed(n);

		cc_text_puts(t, "  ");
		cc_text_status(t,
			       failed		? CC_STATUS_FAIL
			       : n->established ? CC_STATUS_OK
						: CC_STATUS_SKIP,
			       failed		? "FAIL"
			       : n->established ? "OK  "
						: "--  ");
		cc_text_puts(t, "  ");
		cc_text_safe(t, n->key);
		if (n->address) {
			cc_text_puts(t, " from ");
			cc_text_safe(t, n->address);
		}
		if (n->identity) {
			cc_text_puts(t, " as '");
			cc_text_safe(t, n->identity);
			cc_text_puts(t, "'");
		}
		if (cause)
			cc_text_printf(t, ": %s", cause);
		cc_text_puts(t, "\n");
	}
}

/* See cc_log.h */
struct cc_report_part cc_log_part(const struct cc_log *log)
{
	return (struct cc_report_part){ nego_text, nego_json, log };
}
