/* SPDX-License-Identifier: MIT */
/*
 * report_prom.c - the report as Prometheus' text exposition format
 * (version 0.0.4), for node_exporter's textfile collector: # HELP and
 * # TYPE before each family, base units, no timestamps, label values
 * escaped (\\, \", \n).  Drawn from the JSON report alone, as the nagios
 * format is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tree.h"

#define get cc_jget
#define str cc_jstr
#define len cc_jlen

static void family(FILE *out, const char *name, const char *type,
		   const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label: name="value", the value escaped as the format requires. */
static void label(FILE *out, bool first, const char *name, const char *v)
{
	fprintf(out, "%s%s=\"", first ? "{" : ",", name);
	for (const char *p = v; *p; p++) {
		if (*p == '\\' || *p == '"')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* See cc_report.h */
bool cc_report_write_prometheus(const struct cc_report *r,
				const struct cc_ctx *ctx, FILE *out)
{
	json_object *rep = cc_report_tree(r, ctx), *v;
	long long unmatched = 0;

	if (!rep)
		return false;

	family(out, "certcheck_certificate_not_after_timestamp_seconds",
	       "gauge", "The end of a certificate's validity (notAfter).");
	v = get(rep, "certificates");
	for (size_t i = 0; i < len(v); i++) {
		json_object *c = json_object_array_get_idx(v, i);
		json_object *ca = get(c, "ca");

		fputs("certcheck_certificate_not_after_timestamp_seconds", out);
		label(out, true, "subject", str(c, "subject"));
		label(out, false, "serial", str(c, "serial"));
		label(out, false, "role",
		      ca && json_object_get_boolean(ca) ? "ca" : "end-entity");
		label(out, false, "file", str(c, "file"));
		fprintf(out, "} %lld\n",
			(long long)cc_jwhen(str(c, "not_after")));
	}

	family(out, "certcheck_crl_next_update_timestamp_seconds", "gauge",
	       "When the usable CRL (or OCSP answer) of a certificate expires "
	       "(nextUpdate).");
	v = get(rep, "findings");
	for (size_t i = 0; i < len(v); i++) {
		json_object *f = json_object_array_get_idx(v, i),
			    *ev = get(f, "evidence"),
			    *cert = get(f, "certificate");
		const char *issuer = "";

		if (!strcmp(str(f, "check"), "idlist.no-match"))
			unmatched++;
		if (strcmp(str(f, "check"), "crl.usable") ||
		    !*str(ev, "next_update"))
			continue;
		if (cert && json_object_is_type(cert, json_type_int))
			issuer = str(json_object_array_get_idx(
					     get(rep, "certificates"),
					     (size_t)json_object_get_int(cert)),
				     "issuer");
		fputs("certcheck_crl_next_update_timestamp_seconds", out);
		label(out, true, "url", str(ev, "source"));
		label(out, false, "issuer", issuer);
		fprintf(out, "} %lld\n",
			(long long)cc_jwhen(str(ev, "next_update")));
	}

	family(out, "certcheck_url_up", "gauge",
	       "1 when every step of a CRL or OCSP URL passed, else 0; step: "
	       "the first that did not (or the last).");
	v = get(rep, "urls");
	for (size_t i = 0; i < len(v); i++) {
		json_object *u = json_object_array_get_idx(v, i),
			    *steps = get(u, "steps");
		const char *step = "", *st;
		bool up = true;

		for (size_t k = 0; k < len(steps) && up; k++) {
			json_object *s = json_object_array_get_idx(steps, k);

			step = str(s, "step");
			st = str(s, "status");
			up = !strcmp(st, "ok") || !strcmp(st, "info");
		}
		fputs("certcheck_url_up", out);
		label(out, true, "url", str(u, "url"));
		label(out, false, "kind", str(u, "kind"));
		label(out, false, "step", step);
		fprintf(out, "} %d\n", up);
	}

	family(out, "certcheck_url_duration_seconds", "gauge",
	       "The time each step of a CRL or OCSP URL took.");
	for (size_t i = 0; i < len(v); i++) {
		json_object *u = json_object_array_get_idx(v, i),
			    *steps = get(u, "steps");

		for (size_t k = 0; k < len(steps); k++) {
			json_object *s = json_object_array_get_idx(steps, k);

			fputs("certcheck_url_duration_seconds", out);
			label(out, true, "url", str(u, "url"));
			label(out, false, "step", str(s, "step"));
			fprintf(out, "} %.3f\n",
				json_object_get_int64(get(s, "ms")) / 1000.0);
		}
	}

	family(out, "certcheck_cause", "gauge",
	       "1 for each cause with its verdict (confirmed, likely, "
	       "ruled-out, not-checked).");
	v = get(rep, "causes");
	for (size_t i = 0; i < len(v); i++) {
		json_object *c = json_object_array_get_idx(v, i);

		fputs("certcheck_cause", out);
		label(out, true, "cause", str(c, "id"));
		label(out, false, "verdict", str(c, "verdict"));
		fputs("} 1\n", out);
	}

	if (!strcmp(r->command, "idlist")) {
		family(out, "certcheck_idlist_unmatched_total", "counter",
		       "Certificates no ID-list entry matches.");
		fprintf(out, "certcheck_idlist_unmatched_total %lld\n",
			unmatched);
	}
	json_object_put(rep);
	return !ferror(out);
}
