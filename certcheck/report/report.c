/* SPDX-License-Identifier: MIT */
/*
 * report.c - the report's findings, and the verdicts and root cause derived
 * from them: pure functions, no I/O.
 */
#include <stdlib.h>
#include <string.h>

#include "cc_report.h"

/* See header */
void cc_report_init(struct cc_report *r, const char *command,
		    const struct cc_certset *certs)
{
	memset(r, 0, sizeof(*r));
	r->command = command;
	r->certs = certs;
}

/* See header */
void cc_report_add_part(struct cc_report *r, struct cc_report_part p)
{
	/* a fixed room: the parts are the commands' own, a handful */
	if (r->nparts == CC_REPORT_PARTS)
		abort();
	r->part[r->nparts++] = p;
}

/* See header */
void cc_report_release(struct cc_report *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		cc_finding_free(r->findings[i]);
	free(r->findings);
	r->findings = NULL;
	r->nfindings = r->cap = 0;
}

/* See cc_checkid.h */
const struct cc_check_row *cc_check_row(enum cc_check c)
{
	static const struct cc_check_row rows[] = {
#define CC_CHECK_ROW(n, id, cause, st, keys, file, what)                       \
	[CC_CHECK_##n] = { id, CC_CAUSE_##cause, st, keys, file, what },
		CC_CHECKS(CC_CHECK_ROW)
#undef CC_CHECK_ROW
	};

	return &rows[(size_t)c < CC_CHECK_COUNT ? c : 0];
}

/* See header */
const char *cc_finding_id(const struct cc_finding *f)
{
	return cc_check_row((enum cc_check)f->check)->id;
}

/* A finding of check appended to r, its text still empty, with extra
 * bytes after it in its block. */
static struct cc_finding *append(struct cc_report *r, enum cc_check check,
				 enum cc_status st, int cert, size_t extra)
{
	struct cc_finding *f = cc_xcalloc(1, sizeof(*f) + extra);

	f->check = (int)check;
	f->cause = cc_check_row(check)->cause;
	f->status = st;
	f->cert = cert;
	cc_grow(&r->findings, &r->cap, r->nfindings + 1, sizeof(*r->findings));
	r->findings[r->nfindings++] = f;
	return f;
}

/* See header */
struct cc_finding *cc_report_add(struct cc_report *r, enum cc_check check,
				 enum cc_status st, int cert, const char *fmt,
				 ...)
{
	struct cc_finding *f = append(r, check, st, cert, 0);
	va_list ap;

	va_start(ap, fmt);
	f->message = cc_xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

/* See header */
void *cc_report_add_later(struct cc_report *r, enum cc_check check,
			  enum cc_status st, int cert, cc_finding_fill_fn *fill,
			  size_t size)
{
	struct cc_finding *f = append(r, check, st, cert, size);

	f->fill = fill;
	f->data = f + 1;
	return f->data;
}

/* See header */
const struct cc_finding *cc_finding_show(const struct cc_report *r,
					 const struct cc_finding *f,
					 struct cc_finding *tmp)
{
	memset(tmp, 0, sizeof(*tmp));
	if (!f->fill)
		return f;
	tmp->check = f->check;
	tmp->status = f->status;
	tmp->cause = f->cause;
	tmp->cert = f->cert;
	f->fill(tmp, r, f->data);
	return tmp;
}

/* The verdict a status gives a cause on its own. */
static enum cc_verdict verdict_of(enum cc_status st)
{
	switch (st) {
	case CC_STATUS_FAIL:
		return CC_CONFIRMED;
	case CC_STATUS_WARN:
		return CC_LIKELY;
	case CC_STATUS_OK:
		return CC_RULED_OUT;
	default:
		return CC_NOT_CHECKED; /* info and skip never move it */
	}
}

/* See header */
enum cc_verdict cc_report_verdict(const struct cc_report *r, enum cc_cause c,
				  const struct cc_finding **why)
{
	enum cc_verdict v = CC_NOT_CHECKED;
	const struct cc_finding *w = NULL;

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct cc_finding *f = r->findings[i];
		enum cc_verdict fv;

		if (f->cause != c)
			continue;
		fv = verdict_of(f->status);
		if (fv > v || (!w && f->status == CC_STATUS_SKIP)) {
			if (fv > v)
				v = fv;
			w = f;
		}
	}
	if (why)
		*why = w;
	return v;
}

/* See header */
enum cc_cause cc_report_root_cause(const struct cc_report *r)
{
	static const enum cc_verdict order[] = { CC_CONFIRMED, CC_LIKELY };

	for (size_t k = 0; k < countof(order); k++)
		for (int c = 0; c < CC_CAUSE_COUNT; c++)
			if (cc_report_verdict(r, (enum cc_cause)c, NULL) ==
			    order[k])
				return (enum cc_cause)c;
	return CC_CAUSE_COUNT;
}

/* See header */
int cc_report_exit_code(const struct cc_report *r)
{
	return cc_report_root_cause(r) == CC_CAUSE_COUNT ? 0 : 1;
}

/* See header */
const char *cc_report_summary(const struct cc_report *r, enum cc_cause c,
			      struct cc_finding *tmp)
{
	const struct cc_finding *why;

	memset(tmp, 0, sizeof(*tmp));
	cc_report_verdict(r, c, &why);
	if (why)
		return cc_finding_show(r, why, tmp)->message;
	if (r->not_checked_why[c])
		return r->not_checked_why[c];
	return "no check of this command bears on it";
}
