/* SPDX-License-Identifier: MIT */
/*
 * urls.c - the per-URL results of the CRL check: built by crl/, rendered
 * by the report.
 */
#include <stdlib.h>
#include <string.h>

#include "cc_urls.h"

/* See header */
struct cc_url_result *cc_urls_add(struct cc_url_results *u, const char *url,
				  int cert, bool delta)
{
	struct cc_url_result *r;

	cc_grow(&u->url, &u->cap, u->n + 1, sizeof(*u->url));
	r = &u->url[u->n++];
	memset(r, 0, sizeof(*r));
	r->url = cc_xstrdup(url);
	r->cert = cert;
	r->delta = delta;
	r->status = CC_STATUS_OK;
	return r;
}

/* See header */
const struct cc_url_step_row *cc_url_step_row(enum cc_url_step_kind k)
{
	static const struct cc_url_step_row rows[] = {
#define CC_STEP_ROW(e, name, check, remedy) [CC_STEP_##e] = { name, check, remedy },
		CC_URL_STEPS(CC_STEP_ROW)
#undef CC_STEP_ROW
	};

	return &rows[k < CC_STEP_COUNT ? k : CC_STEP_DNS_SYSTEM];
}

/* See header */
void cc_url_step(struct cc_url_result *u, enum cc_url_step_kind step,
		 enum cc_status st, long ms, const char *fmt, ...)
{
	struct cc_url_step *s;
	va_list ap;

	cc_grow(&u->steps, &u->cap, u->nsteps + 1, sizeof(*u->steps));
	s = &u->steps[u->nsteps++];
	s->step = step;
	s->status = st;
	s->ms = ms;
	va_start(ap, fmt);
	s->detail = cc_xvasprintf(fmt, ap);
	va_end(ap);
	/* skip only shows when nothing ran; ok < warn < fail otherwise */
	if (st != CC_STATUS_INFO && (st > u->status || u->nsteps == 1))
		u->status = st;
}

/* See header */
void cc_urls_release(struct cc_url_results *u)
{
	for (size_t i = 0; i < u->n; i++) {
		for (size_t j = 0; j < u->url[i].nsteps; j++)
			free(u->url[i].steps[j].detail);
		free(u->url[i].steps);
		free(u->url[i].url);
	}
	free(u->url);
	memset(u, 0, sizeof(*u));
}
