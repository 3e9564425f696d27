/* SPDX-License-Identifier: MIT */
/*
 * report_nagios.c - the report as a monitoring plugin prints it (the
 * Monitoring Plugins Development Guidelines): one status line
 * "CERTCHECK CRL CRITICAL - summary | perfdata", the long output after
 * it, and the plugin's exit code (0 OK, 1 WARNING, 2 CRITICAL, 3
 * UNKNOWN).  Drawn from the JSON report alone (written to memory and read
 * back): no second path through the checks.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tree.h"

static const char *const words[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

#define get cc_jget
#define str cc_jstr

#define when cc_jwhen

/* A perfdata label "what s": quoted, a quote doubled, '=' (which ends a
 * label) as ':' and no control byte. */
static void label(FILE *out, const char *what, const char *s)
{
	char *text = cc_xasprintf("%s %s", what, *s ? s : "?");

	fputc('\'', out);
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			fputs("''", out);
		else if (*p == '=')
			fputc(':', out);
		else if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			fputc(*p, out);
	}
	fputs("'=", out);
	free(text);
}

/* One line of the long output or the summary: no '|' (it starts the
 * perfdata), no line break. */
static void plain(FILE *out, const char *s)
{
	for (const char *p = s; *p; p++)
		fputc(*p == '|'			   ? '/'
		      : (*p == '\n' || *p == '\r') ? ' '
						   : *p,
		      out);
}

/* The worse of two statuses (UNKNOWN is not worse here). */
static int worse(int a, int b)
{
	return a > b ? a : b;
}

/* A threshold: the status value crosses (below: days or seconds left). */
static int crossed(double left, double warn, double crit)
{
	if (crit >= 0 && left < crit)
		return 2;
	if (warn >= 0 && left < warn)
		return 1;
	return 0;
}

/* See cc_report.h */
int cc_report_write_nagios(const struct cc_report *r, const struct cc_ctx *ctx,
			   const struct cc_nagios_opts *o, FILE *out)
{
	char *summary = NULL, cmd[32];
	json_object *rep = cc_report_tree(r, ctx), *v;
	time_t now;
	int status = 0, findings[2] = { 0, 0 };

	if (!rep)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s", r->command);
	for (char *p = cmd; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	now = when(str(get(rep, "time"), "local"));

	/* the causes: a confirmed one is CRITICAL, a likely one WARNING */
	v = get(rep, "causes");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *c = json_object_array_get_idx(v, i);
		const char *verdict = str(c, "verdict");
		int st = !strcmp(verdict, "confirmed") ? 2
			 : !strcmp(verdict, "likely")  ? 1
						       : 0;

		if (st > status || (st && !summary)) {
			free(summary);
			summary = cc_xasprintf("%s %s: %s", str(c, "id"),
					       verdict, str(c, "summary"));
		}
		status = worse(status, st);
	}
	/* the thresholds: certificates' days, CRLs' hours left */
	v = get(rep, "certificates");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *c = json_object_array_get_idx(v, i);
		double days = difftime(when(str(c, "not_after")), now) / 86400;
		int st = crossed(days, o->warn_days, o->crit_days);

		if (st > status || (st && !summary)) {
			free(summary);
			summary = cc_xasprintf("'%s' expires in %.1f days",
					       str(c, "subject"), days);
		}
		status = worse(status, st);
	}
	v = get(rep, "findings");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *f = json_object_array_get_idx(v, i);
		const char *st = str(f, "status"), *next;

		findings[0] += !strcmp(st, "fail");
		findings[1] += !strcmp(st, "warn");
		next = str(get(f, "evidence"), "next_update");
		if (*next && !strcmp(str(f, "check"), "crl.usable")) {
			double hours = difftime(when(next), now) / 3600;
			int s = crossed(hours, o->crl_warn_hours,
					o->crl_crit_hours);

			if (s > status || (s && !summary)) {
				free(summary);
				summary = cc_xasprintf(
					"the CRL from %s is current for "
					"%.1f hours more",
					str(get(f, "evidence"), "source"),
					hours);
			}
			status = worse(status, s);
		}
	}

	/* the status line: summary | perfdata */
	fprintf(out, "CERTCHECK %s %s - ", cmd, words[status]);
	plain(out, summary ? summary : "no cause found");
	fputs(" |", out);
	v = get(rep, "certificates");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *c = json_object_array_get_idx(v, i);
		double days = difftime(when(str(c, "not_after")), now) / 86400;

		fputc(' ', out);
		label(out, "days", str(c, "subject"));
		fprintf(out, "%.1f;", days);
		if (o->warn_days >= 0)
			fprintf(out, "%g", o->warn_days);
		fputc(';', out);
		if (o->crit_days >= 0)
			fprintf(out, "%g", o->crit_days);
	}
	v = get(rep, "findings");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *f = json_object_array_get_idx(v, i),
			    *ev = get(f, "evidence");
		const char *next = str(ev, "next_update");

		if (!*next || strcmp(str(f, "check"), "crl.usable"))
			continue;
		fputc(' ', out);
		label(out, "next_update", str(ev, "source"));
		fprintf(out, "%.0fs;", difftime(when(next), now));
		if (o->crl_warn_hours >= 0)
			fprintf(out, "%.0f", o->crl_warn_hours * 3600);
		fputc(';', out);
		if (o->crl_crit_hours >= 0)
			fprintf(out, "%.0f", o->crl_crit_hours * 3600);
	}
	v = get(rep, "urls");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *u = json_object_array_get_idx(v, i),
			    *steps = get(u, "steps");
		long long ms = 0;

		for (size_t k = 0; steps && k < json_object_array_length(steps);
		     k++)
			ms += json_object_get_int64(
				get(json_object_array_get_idx(steps, k), "ms"));
		fputc(' ', out);
		label(out, "time", str(u, "url"));
		fprintf(out, "%lldms;;;0", ms);
	}
	fprintf(out, " 'findings fail'=%d;;;0 'findings warn'=%d;;;0\n",
		findings[0], findings[1]);

	/* the long output: what failed or warns, the URLs */
	v = get(rep, "findings");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *f = json_object_array_get_idx(v, i);
		const char *st = str(f, "status");

		if (strcmp(st, "fail") && strcmp(st, "warn"))
			continue;
		fprintf(out, "%s [%s] ", !strcmp(st, "fail") ? "FAIL" : "WARN",
			str(f, "check"));
		plain(out, str(f, "message"));
		if (*str(f, "remedy")) {
			fputs(" (fix: ", out);
			plain(out, str(f, "remedy"));
			fputc(')', out);
		}
		fputc('\n', out);
	}
	v = get(rep, "urls");
	for (size_t i = 0; v && i < json_object_array_length(v); i++) {
		json_object *u = json_object_array_get_idx(v, i);

		fprintf(out, "%s %s ", str(u, "kind"), str(u, "status"));
		plain(out, str(u, "url"));
		fputc('\n', out);
	}
	free(summary);
	json_object_put(rep);
	return status;
}
