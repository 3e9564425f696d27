/* SPDX-License-Identifier: MIT */
/*
 * finding.c - finding builders and the name tables of statuses, causes and
 * verdicts.
 */
#include <stdlib.h>
#include <string.h>

#include "cc_finding.h"

static const char *const status_names[] = {
	[CC_STATUS_OK] = "ok",	   [CC_STATUS_INFO] = "info",
	[CC_STATUS_SKIP] = "skip", [CC_STATUS_WARN] = "warn",
	[CC_STATUS_FAIL] = "fail",
};
_Static_assert(countof(status_names) == CC_STATUS_COUNT, "status names");

static const char *const cause_names[] = {
#define X(e, id) [CC_CAUSE_##e] = id,
	CC_CAUSES(X)
#undef X
};
_Static_assert(countof(cause_names) == CC_CAUSE_COUNT, "cause names");

static const char *const verdict_names[] = {
	[CC_NOT_CHECKED] = "not-checked",
	[CC_RULED_OUT] = "ruled-out",
	[CC_LIKELY] = "likely",
	[CC_CONFIRMED] = "confirmed",
};

/* See header */
const char *cc_status_name(enum cc_status st)
{
	return (size_t)st < countof(status_names) ? status_names[st] : "?";
}

/* See header */
const char *cc_cause_name(enum cc_cause c)
{
	return (size_t)c < countof(cause_names) ? cause_names[c] : "?";
}

/* See header */
const char *cc_verdict_name(enum cc_verdict v)
{
	return (size_t)v < countof(verdict_names) ? verdict_names[v] : "?";
}

/* See header */
void cc_finding_message(struct cc_finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->message);
	va_start(ap, fmt);
	f->message = cc_xvasprintf(fmt, ap);
	va_end(ap);
}

/* See header */
void cc_finding_remedy(struct cc_finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->remedy);
	va_start(ap, fmt);
	f->remedy = cc_xvasprintf(fmt, ap);
	va_end(ap);
}

static struct cc_evidence *ev_add(struct cc_finding *f, const char *key,
				  enum cc_ev_kind kind)
{
	struct cc_evidence *e;

	cc_grow(&f->ev, &f->evcap, f->nev + 1, sizeof(*f->ev));
	e = &f->ev[f->nev++];
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->kind = kind;
	return e;
}

/* See header */
void cc_finding_str(struct cc_finding *f, const char *key, const char *fmt, ...)
{
	va_list ap;
	struct cc_evidence *e = ev_add(f, key, CC_EV_STR);

	va_start(ap, fmt);
	e->v.str = cc_xvasprintf(fmt, ap);
	va_end(ap);
}

/* See header */
void cc_finding_int(struct cc_finding *f, const char *key, long long v)
{
	ev_add(f, key, CC_EV_INT)->v.num = v;
}

/* See header */
void cc_finding_bool(struct cc_finding *f, const char *key, bool v)
{
	ev_add(f, key, CC_EV_BOOL)->v.flag = v;
}

/* See header */
void cc_finding_time(struct cc_finding *f, const char *key, time_t t)
{
	ev_add(f, key, CC_EV_TIME)->v.when = t;
}

/* See header */
void cc_finding_list(struct cc_finding *f, const char *key)
{
	ev_add(f, key, CC_EV_LIST);
}

/* See header */
void cc_finding_list_add(struct cc_finding *f, const char *fmt, ...)
{
	struct cc_evidence *e;
	va_list ap;

	if (!f->nev || f->ev[f->nev - 1].kind != CC_EV_LIST)
		abort(); /* a programming error: no list was opened */
	e = &f->ev[f->nev - 1];
	e->v.list.item =
		cc_xrealloc(e->v.list.item, (e->v.list.n + 1) * sizeof(char *));
	va_start(ap, fmt);
	e->v.list.item[e->v.list.n++] = cc_xvasprintf(fmt, ap);
	va_end(ap);
}

/* See header */
void cc_finding_clear(struct cc_finding *f)
{
	for (size_t i = 0; i < f->nev; i++) {
		struct cc_evidence *e = &f->ev[i];

		if (e->kind == CC_EV_STR)
			free(e->v.str);
		if (e->kind == CC_EV_LIST) {
			for (size_t j = 0; j < e->v.list.n; j++)
				free(e->v.list.item[j]);
			free(e->v.list.item);
		}
	}
	free(f->ev);
	free(f->message);
	free(f->remedy);
	f->ev = NULL;
	f->nev = f->evcap = 0;
	f->message = f->remedy = NULL;
}

/* See header */
void cc_finding_free(struct cc_finding *f)
{
	if (!f)
		return;
	cc_finding_clear(f);
	free(f);
}
