/* SPDX-License-Identifier: MIT */
/*
 * report_json.c - doc/report.md's JSON report, built with json-c (no hand-made
 * escaping).
 */
#include <string.h>

#include <json-c/json.h>

#include "cc_report.h"

/* See cc_render.h */
json_object *cc_json_time(time_t t)
{
	char buf[21];

	cc_format_time(t, buf);
	return json_object_new_string(buf);
}

static json_object *jstr_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *evidence(const struct cc_finding *f)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < f->nev; i++) {
		const struct cc_evidence *e = &f->ev[i];
		json_object *v = NULL;

		switch (e->kind) {
		case CC_EV_STR:
			v = json_object_new_string(e->v.str);
			break;
		case CC_EV_INT:
			v = json_object_new_int64(e->v.num);
			break;
		case CC_EV_BOOL:
			v = json_object_new_boolean(e->v.flag);
			break;
		case CC_EV_TIME:
			v = cc_json_time(e->v.when);
			break;
		case CC_EV_LIST:
			v = json_object_new_array();
			for (size_t j = 0; j < e->v.list.n; j++)
				json_object_array_add(
					v, json_object_new_string(
						   e->v.list.item[j]));
			break;
		}
		json_object_object_add(o, e->key, v);
	}
	return o;
}

static json_object *certificate(const struct cc_cert *c)
{
	{
		json_object *o = json_object_new_object();

		json_object_object_add(
			o, "role",
			json_object_new_string(cc_role_name(c->role)));
		json_object_object_add(o, "file",
				       json_object_new_string(c->file));
		json_object_object_add(o, "subject",
				       json_object_new_string(c->subject));
		json_object_object_add(o, "issuer",
				       json_object_new_string(c->issuer));
		json_object_object_add(o, "serial",
				       json_object_new_string(c->serial));
		json_object_object_add(o, "not_before",
				       cc_json_time(c->not_before));
		json_object_object_add(o, "not_after",
				       cc_json_time(c->not_after));
		json_object_object_add(o, "sha256",
				       json_object_new_string(c->sha256));
		json_object_object_add(
			o, "format",
			json_object_new_string(cc_format_name(c->format)));
		json_object_object_add(o, "self_signed",
				       json_object_new_boolean(c->self_signed));
		json_object_object_add(o, "ca",
				       json_object_new_boolean(c->is_ca));
		return o;
	}
}

static json_object *finding(const struct cc_report *r,
			    const struct cc_finding *stored)
{
	struct cc_finding tmp;
	const struct cc_finding *f = cc_finding_show(r, stored, &tmp);
	json_object *o = json_object_new_object();

	json_object_object_add(o, "check",
			       json_object_new_string(cc_finding_id(f)));
	json_object_object_add(
		o, "status", json_object_new_string(cc_status_name(f->status)));
	json_object_object_add(o, "cause",
			       json_object_new_string(cc_cause_name(f->cause)));
	json_object_object_add(o, "certificate",
			       f->cert >= 0 ? json_object_new_int(f->cert)
					    : NULL);
	json_object_object_add(o, "message",
			       json_object_new_string(f->message));
	json_object_object_add(o, "remedy", jstr_or_null(f->remedy));
	json_object_object_add(o, "evidence", evidence(f));
	cc_finding_clear(&tmp);
	return o;
}

/*
 * The report is written member by member and array element by element,
 * each built with json-c, printed and freed: a report on ten thousand
 * certificates is never held as one tree.  One element a line.
 */
struct cc_json {
	FILE *out;
	bool first;  /* no member written yet */
	bool efirst; /* no element of the open array yet */
	bool ok;
};

static void put(struct cc_json *w, const char *s)
{
	if (fputs(s, w->out) < 0)
		w->ok = false;
}

static void key(struct cc_json *w, const char *k)
{
	/* keys are this file's constants: plain ASCII, no escaping */
	put(w, w->first ? "{\"" : ",\n\"");
	put(w, k);
	put(w, "\": ");
	w->first = false;
}

static void value(struct cc_json *w, json_object *v)
{
	put(w, v ? json_object_to_json_string_ext(
			   v, JSON_C_TO_STRING_SPACED |
				      JSON_C_TO_STRING_NOSLASHESCAPE)
		 : "null");
	json_object_put(v);
}

static void member(struct cc_json *w, const char *k, json_object *v)
{
	key(w, k);
	value(w, v);
}

/* See cc_render.h */
void cc_json_member(struct cc_json *w, const char *k, json_object *v)
{
	member(w, k, v);
}

/* See cc_render.h */
void cc_json_array_begin(struct cc_json *w, const char *k)
{
	key(w, k);
	put(w, "[");
	w->efirst = true;
}

/* See cc_render.h */
void cc_json_element(struct cc_json *w, json_object *v)
{
	put(w, w->efirst ? "\n  " : ",\n  ");
	w->efirst = false;
	value(w, v);
}

/* See cc_render.h */
void cc_json_array_end(struct cc_json *w)
{
	put(w, w->efirst ? "]" : "\n]");
}

/* See header */
bool cc_report_write_json(const struct cc_report *r, const struct cc_ctx *ctx,
			  FILE *out)
{
	struct cc_json w = { .out = out, .first = true, .ok = true };
	enum cc_cause rc = cc_report_root_cause(r);
	json_object *t;

	member(&w, "certcheck", json_object_new_int(1));
	member(&w, "command", json_object_new_string(r->command));
	member(&w, "status",
	       json_object_new_string(rc == CC_CAUSE_COUNT ? "ok" : "problem"));
	t = json_object_new_object();
	json_object_object_add(t, "local", cc_json_time(ctx->now));
	/* idlist judges no clock; the others judge the peer's, given or
	 * assumed to be ours (doc/report.md) */
	if (!r->clockless) {
		json_object_object_add(t, "peer", cc_json_time(ctx->peer_now));
		json_object_object_add(t, "peer_skew_seconds",
				       json_object_new_int64(ctx->peer_skew));
		json_object_object_add(
			t, "peer_clock",
			json_object_new_string(
				ctx->has_peer_clock ? "given" : "assumed"));
	} else {
		json_object_object_add(t, "peer", NULL);
		json_object_object_add(t, "peer_skew_seconds", NULL);
	}
	member(&w, "time", t);
	t = json_object_new_object();
	json_object_object_add(
		t, "profile",
		json_object_new_string(cc_gateway_name(ctx->gateway)));
	json_object_object_add(
		t, "revocation",
		json_object_new_string(cc_revocation_name(ctx->revocation)));
	json_object_object_add(t, "from",
			       json_object_new_string(ctx->gateway_from));
	member(&w, "gateway", t);
	cc_json_array_begin(&w, "certificates");
	for (size_t i = 0; r->certs && i < r->certs->n; i++)
		cc_json_element(&w, certificate(r->certs->cert[i]));
	cc_json_array_end(&w);
	cc_json_array_begin(&w, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		cc_json_element(&w, finding(r, r->findings[i]));
	cc_json_array_end(&w);
	for (size_t i = 0; i < r->nparts; i++)
		if (r->part[i].json)
			r->part[i].json(&w, r, r->part[i].data);
	cc_json_array_begin(&w, "causes");
	for (int c = 0; c < CC_CAUSE_COUNT; c++) {
		json_object *o = json_object_new_object();
		enum cc_verdict v =
			cc_report_verdict(r, (enum cc_cause)c, NULL);
		struct cc_finding tmp;

		json_object_object_add(o, "id",
				       json_object_new_string(cc_cause_name(
					       (enum cc_cause)c)));
		json_object_object_add(
			o, "verdict",
			json_object_new_string(cc_verdict_name(v)));
		json_object_object_add(o, "summary",
				       json_object_new_string(cc_report_summary(
					       r, (enum cc_cause)c, &tmp)));
		cc_finding_clear(&tmp);
		cc_json_element(&w, o);
	}
	cc_json_array_end(&w);
	member(&w, "root_cause",
	       rc == CC_CAUSE_COUNT
		       ? NULL
		       : json_object_new_string(cc_cause_name(rc)));
	put(&w, "}\n");
	return w.ok;
}
