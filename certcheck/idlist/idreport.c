/* SPDX-License-Identifier: MIT */
/*
 * idreport.c - the ID-list results as the report's part for idlist and
 * diagnose: where each certificate lands ("matches"), which tunnels are
 * shadowed ("shadowed"), and the text table of certificates and tunnels.
 */
#include <json-c/json.h>

#include "cc_idlist.h"
#include "cc_report.h"

static json_object *match_json(const struct cc_idconf *c,
			       const struct cc_match *m)
{
	const struct cc_id *e = m->list >= 0 && m->entry >= 0
					? &c->list[m->list].entry[m->entry]
					: NULL;
	json_object *o = json_object_new_object();
	bool lands = m->tunnel >= 0;

	json_object_object_add(o, "certificate", json_object_new_int(m->cert));
	json_object_object_add(
		o, "tunnel",
		lands ? json_object_new_string(c->tunnel[m->tunnel].name)
		      : NULL);
	json_object_object_add(
		o, "idlist",
		m->list >= 0 ? json_object_new_string(c->list[m->list].name)
			     : NULL);
	json_object_object_add(o, "line",
			       e ? json_object_new_int(e->line) : NULL);
	json_object_object_add(o, "entry",
			       e ? json_object_new_string(e->text) : NULL);
	json_object_object_add(o, "identity",
			       lands && m->identity
				       ? json_object_new_string(m->identity)
				       : NULL);
	json_object_object_add(o, "score",
			       json_object_new_int(lands ? m->score : 0));
	return o;
}

static json_object *shadow_json(const struct cc_idconf *c,
				const struct cc_shadow *s)
{
	const struct cc_tunnel *t = &c->tunnel[s->tunnel];
	const struct cc_id *e =
		s->entry >= 0 ? &c->list[t->list].entry[s->entry] : NULL;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "tunnel", json_object_new_string(t->name));
	json_object_object_add(o, "line",
			       json_object_new_int(e ? e->line : t->line));
	json_object_object_add(o, "by",
			       json_object_new_string(c->tunnel[s->by].name));
	json_object_object_add(o, "entry",
			       e ? json_object_new_string(e->text) : NULL);
	return o;
}

static void ids_json(struct cc_json *w, const struct cc_report *r,
		     const void *data)
{
	const struct cc_idresults *res = data;

	(void)r;
	cc_json_array_begin(w, "matches");
	for (size_t i = 0; i < res->nmatch; i++)
		cc_json_element(w, match_json(res->conf, &res->match[i]));
	cc_json_array_end(w);
	cc_json_array_begin(w, "shadowed");
	for (size_t i = 0; i < res->nshadow; i++)
		cc_json_element(w, shadow_json(res->conf, &res->shadow[i]));
	cc_json_array_end(w);
}

/* Where each certificate lands. */
static void ids_text(struct cc_text *t, const struct cc_report *r,
		     const void *data)
{
	const struct cc_idresults *res = data;
	const struct cc_idconf *c = res->conf;

	if (!res->nmatch)
		return;
	cc_text_puts(t, "\nCertificates and tunnels:\n");
	for (size_t i = 0; i < res->nmatch; i++) {
		const struct cc_match *m = &res->match[i];

		cc_text_puts(t, "  ");
		if (m->tunnel < 0) {
			cc_text_status(t, CC_STATUS_FAIL, "none  ");
		} else {
			cc_text_status(t, CC_STATUS_OK,
				       c->tunnel[m->tunnel].name);
			cc_text_puts(t, "  ");
		}
		cc_text_safe(t, r->certs->cert[m->cert]->subject);
		if (m->tunnel >= 0 && m->list >= 0) {
			cc_text_puts(t, "  [list ");
			cc_text_safe(t, c->list[m->list].name);
			cc_text_printf(t, ", line %d, score %d, as ",
				       c->list[m->list].entry[m->entry].line,
				       m->score);
		} else if (m->tunnel >= 0) {
			cc_text_puts(t, "  [no ID list: accepts everyone, as ");
		}
		if (m->tunnel >= 0) {
			cc_text_safe(t, m->identity);
			cc_text_puts(t, "]");
		}
		cc_text_puts(t, "\n");
	}
}

/* See header */
struct cc_report_part cc_idresults_part(const struct cc_idresults *res)
{
	return (struct cc_report_part){ ids_text, ids_json, res };
}
