/* SPDX-License-Identifier: MIT */
/*
 * urls.c - the per-URL results of the CRL check: built by crl/, rendered
 * as the report's part for crl and diagnose (the "urls" member, the
 * "CRL distribution points" table).
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cc_report.h"
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
#define CC_STEP_ROW(e, name, check, remedy)                                    \
	[CC_STEP_##e] = { name, check, remedy },
		CC_URL_STEPS(CC_STEP_ROW)
#undef CC_STEP_ROW
	};

	return &rows[k < CC_STEP_COUNT ? k : CC_STEP_DNS_SYSTEM];
}

/* See header */
struct cc_url_step_row cc_url_step_row_of(enum cc_url_step_kind k,
					  enum cc_url_kind kind)
{
	static const struct {
		enum cc_check check;
		const char *remedy;
	} ocsp[CC_STEP_COUNT] = {
#define CC_OCSP_ROW(e, check, remedy) [CC_STEP_##e] = { check, remedy },
		CC_URL_OCSP_STEPS(CC_OCSP_ROW)
#undef CC_OCSP_ROW
	};
	struct cc_url_step_row row = *cc_url_step_row(k);

	if (kind != CC_URL_OCSP || k >= CC_STEP_COUNT)
		return row;
	if (ocsp[k].remedy) {
		row.check = ocsp[k].check;
		row.remedy = ocsp[k].remedy;
	} else if (k != CC_STEP_RESPONSE && k != CC_STEP_NONCE &&
		   k != CC_STEP_STATUS) {
		/* a step of CRL URLs (srv, ldap, redirect, ...): ocsp.url */
		row.check = CC_CHECK_OCSP_URL;
	}
	return row;
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

/* The URL's JSON element: doc/report.md's "urls" member. */
static json_object *url_json(const struct cc_url_result *x)
{
	json_object *o = json_object_new_object(), *steps;

	json_object_object_add(o, "url", json_object_new_string(x->url));
	json_object_object_add(o, "kind",
			       json_object_new_string(x->kind == CC_URL_OCSP
							      ? "ocsp"
							      : "crl"));
	json_object_object_add(o, "certificate",
			       x->cert >= 0 ? json_object_new_int(x->cert)
					    : NULL);
	json_object_object_add(
		o, "status", json_object_new_string(cc_status_name(x->status)));
	json_object_object_add(o, "delta", json_object_new_boolean(x->delta));
	steps = json_object_new_array();
	for (size_t k = 0; k < x->nsteps; k++) {
		const struct cc_url_step *st = &x->steps[k];
		json_object *so = json_object_new_object();

		json_object_object_add(
			so, "step",
			json_object_new_string(
				cc_url_step_row(st->step)->name));
		json_object_object_add(
			so, "status",
			json_object_new_string(cc_status_name(st->status)));
		json_object_object_add(so, "ms", json_object_new_int64(st->ms));
		json_object_object_add(so, "detail",
				       json_object_new_string(st->detail));
		json_object_array_add(steps, so);
	}
	json_object_object_add(o, "steps", steps);
	return o;
}

static void urls_json(struct cc_json *w, const struct cc_report *r,
		      const void *data)
{
	const struct cc_url_results *u = data;

	(void)r;
	cc_json_array_begin(w, "urls");
	for (size_t i = 0; i < u->n; i++)
		cc_json_element(w, url_json(&u->url[i]));
	cc_json_array_end(w);
}

/* Every URL with its steps, the failing ones coloured. */
static void urls_text(struct cc_text *t, const struct cc_report *r,
		      const void *data)
{
	const struct cc_url_results *u = data;

	if (!u->n)
		return;
	cc_text_puts(t, "\nRevocation URLs (CRL distribution points, OCSP "
			"responders):\n");
	for (size_t i = 0; i < u->n; i++) {
		const struct cc_url_result *x = &u->url[i];
		char tag[8];

		snprintf(tag, sizeof(tag), "%-4s", cc_status_name(x->status));
		for (char *p = tag; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		cc_text_puts(t, "  ");
		cc_text_status(t, x->status, tag);
		cc_text_puts(t, x->kind == CC_URL_OCSP ? "  OCSP " : "  CRL  ");
		cc_text_safe(t, x->url);
		if (x->cert >= 0 && r->certs && (size_t)x->cert < r->certs->n) {
			cc_text_puts(t, "  (");
			cc_text_safe(t, r->certs->cert[x->cert]->subject);
			cc_text_puts(t, x->delta ? ", delta)" : ")");
		}
		cc_text_puts(t, "\n");
		for (size_t k = 0; k < x->nsteps; k++) {
			const struct cc_url_step *st = &x->steps[k];

			cc_text_printf(t, "        %-9s ",
				       cc_url_step_row(st->step)->name);
			cc_text_status(t, st->status,
				       cc_status_name(st->status));
			cc_text_printf(t, " %5ld ms  ", st->ms);
			cc_text_safe(t, st->detail);
			cc_text_puts(t, "\n");
		}
	}
}

/* See header */
struct cc_report_part cc_urls_part(const struct cc_url_results *u)
{
	return (struct cc_report_part){ urls_text, urls_json, u };
}
