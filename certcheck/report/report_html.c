/* SPDX-License-Identifier: MIT */
/*
 * report_html.c - the report as one self-contained HTML file: no script,
 * no style or image fetched (a Content-Security-Policy says so), inline
 * CSS and SVG, readable printed and on a phone, light or dark as the
 * reader prefers.  In the text report's order: the root cause and its
 * fix, the pictures (both chains as columns of boxes; every validity
 * window on one timeline with the clocks), the evidence, the causes, the
 * URLs as a waterfall, the ID-list matches.  Drawn from the JSON report
 * alone (written to memory and read back), as the nagios and prometheus
 * formats are; every string from an input HTML-escaped, and its control
 * and bidi characters shown as \uNNNN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tree.h"

#define BOX_W 300
#define BOX_H 64
#define GAP 26
#define MAX_CHAIN 8

#define get cc_jget
#define str cc_jstr
#define len cc_jlen

static json_object *at(json_object *a, size_t i)
{
	return json_object_array_get_idx(a, i);
}

#define when cc_jwhen

/* Text from an input: &, <, >, quotes as entities; bytes below 0x20 and
 * the bidi and format controls (U+200E/F, U+202A-E, U+2066-9, U+FEFF) as
 * a visible \uNNNN, so no input reorders or hides the page's text. */
static void esc(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned cp = 0;

		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    ((p[2] >= 0x8e && p[2] <= 0x8f) ||
		     (p[2] >= 0xaa && p[2] <= 0xae)))
			cp = 0x2000 + (p[2] - 0x80);
		else if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 &&
			 p[2] <= 0xa9)
			cp = 0x2040 + (p[2] - 0x80);
		else if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
			cp = 0xfeff;
		if (cp) {
			fprintf(out, "\\u%04X", cp);
			p += 2;
		} else if (*p == '&') {
			fputs("&amp;", out);
		} else if (*p == '<') {
			fputs("&lt;", out);
		} else if (*p == '>') {
			fputs("&gt;", out);
		} else if (*p == '"') {
			fputs("&quot;", out);
		} else if (*p == '\'') {
			fputs("&#39;", out);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(out, "\\x%02X", *p);
		} else {
			fputc(*p, out);
		}
	}
}

/* The text shortened to n bytes for a box (at a UTF-8 boundary). */
static void esc_short(FILE *out, const char *s, size_t n)
{
	char buf[128];
	size_t k = strlen(s);

	if (k <= n || n + 4 > sizeof(buf)) {
		esc(out, s);
		return;
	}
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	snprintf(buf, sizeof(buf), "%.*s...", (int)n, s);
	esc(out, buf);
}

static const char *status_class(const char *st)
{
	return !strcmp(st, "fail")   ? "fail"
	       : !strcmp(st, "warn") ? "warn"
	       : !strcmp(st, "ok")   ? "ok"
				     : "info";
}

/* The index of the certificate a chain goes up to from c (by name; not
 * itself), or -1; *broken: the failing check id on that link, or NULL. */
static int issuer_of(json_object *certs, json_object *findings, size_t c,
		     json_object **broken)
{
	json_object *me = at(certs, c);
	const char *issuer = str(me, "issuer");

	*broken = NULL;
	for (size_t i = 0; i < len(findings); i++) {
		json_object *f = at(findings, i), *ci = get(f, "certificate");

		if (ci && json_object_get_int(ci) == (int)c &&
		    !strcmp(str(f, "status"), "fail") &&
		    !strncmp(str(f, "check"), "pair.chain.", 11))
			*broken = f;
	}
	if (get(me, "self_signed") &&
	    json_object_get_boolean(get(me, "self_signed")))
		return -1;
	for (size_t i = 0; i < len(certs); i++)
		if (i != c && !strcmp(str(at(certs, i), "subject"), issuer))
			return (int)i;
	return -2; /* not given */
}

static void box(FILE *out, int x, int y, json_object *c, const char *cls,
		const char *label)
{
	fprintf(out,
		"<g class=\"box %s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		"height=\"%d\" rx=\"6\"/>",
		cls, x, y, BOX_W, BOX_H);
	fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"subj\">", x + 8, y + 18);
	esc_short(out, c ? str(c, "subject") : label, 44);
	fputs("</text>", out);
	if (c) {
		fprintf(out, "<text x=\"%d\" y=\"%d\">sha256 %.16s, %s</text>",
			x + 8, y + 36, str(c, "sha256"), str(c, "role"));
		fprintf(out, "<text x=\"%d\" y=\"%d\">%.10s to %.10s</text>",
			x + 8, y + 54, str(c, "not_before"),
			str(c, "not_after"));
	} else {
		fprintf(out, "<text x=\"%d\" y=\"%d\">not given</text>", x + 8,
			y + 36);
	}
	fputs("</g>\n", out);
}

/* The chain from leaf up into chain[] (-1: an issuer not given), the
 * failing finding of each link into links[]; returns its length. */
static int walk(json_object *certs, json_object *findings, int leaf,
		int chain[MAX_CHAIN + 1], json_object *links[MAX_CHAIN + 1])
{
	int n = 0, cur = leaf;

	while (cur >= 0 && n < MAX_CHAIN) {
		int up = issuer_of(certs, findings, (size_t)cur, &links[n]);

		chain[n++] = cur;
		if (up == -2) {
			links[n] = NULL;
			chain[n++] = -1; /* a missing issuer */
			break;
		}
		cur = up;
		for (int k = 0; k < n && cur >= 0; k++)
			if (chain[k] == cur)
				cur = -1; /* a loop */
	}
	return n;
}

/* One side's chain as a column at x, from its leaf (bottom) up; a broken
 * link labelled with its check id, and, for a CA of the same name with
 * another key, the two keys side by side. */
static void column(FILE *out, json_object *certs, json_object *findings,
		   int leaf, int x, const char *title, int nrows, int ys[64])
{
	int chain[MAX_CHAIN + 1];
	json_object *links[MAX_CHAIN + 1] = { 0 };
	int n = walk(certs, findings, leaf, chain, links);

	fprintf(out, "<text x=\"%d\" y=\"16\" class=\"title\">%s</text>\n", x,
		title);
	for (int k = 0; k < n; k++) {
		int y = 28 + (nrows - 1 - k) * (BOX_H + GAP);
		json_object *c =
			chain[k] >= 0 ? at(certs, (size_t)chain[k]) : NULL;
		bool anchor = c && (!strcmp(str(c, "role"), "ca") ||
				    !strcmp(str(c, "role"), "peer-ca"));

		if (!c) {
			char name[512];

			snprintf(
				name, sizeof(name), "issuer %s",
				str(at(certs, (size_t)chain[k - 1]), "issuer"));
			box(out, x, y, NULL, "missing", name);
		} else {
			box(out, x, y, c, anchor ? "anchor" : "cert", NULL);
			if (chain[k] < 64)
				ys[chain[k]] = y + 1;
		}
		if (k + 1 < n) {
			json_object *l = links[k], *ev = get(l, "evidence");

			fprintf(out,
				"<line class=\"link%s\" x1=\"%d\" y1=\"%d\" "
				"x2=\"%d\" y2=\"%d\"/>",
				l ? " broken" : "", x + BOX_W / 2, y,
				x + BOX_W / 2, y - GAP);
			if (l) {
				fprintf(out,
					"<text class=\"brk\" x=\"%d\" "
					"y=\"%d\">",
					x + BOX_W + 10, y - GAP / 2 - 8);
				esc(out, str(l, "check"));
				fputs("</text>", out);
			}
			if (l && *str(ev, "authority_key_id"))
				fprintf(out,
					"<text class=\"brk\" x=\"%d\" y=\"%d\">"
					"signed by key %.17s</text><text "
					"class=\"brk\" x=\"%d\" y=\"%d\">the "
					"CA given has key %.17s</text>",
					x + BOX_W + 10, y - GAP / 2 + 8,
					str(ev, "authority_key_id"),
					x + BOX_W + 10, y - GAP / 2 + 22,
					str(ev, "trusted_key_id"));
			fputc('\n', out);
		}
	}
}

static int role_index(json_object *certs, const char *role)
{
	for (size_t i = 0; i < len(certs); i++)
		if (!strcmp(str(at(certs, i), "role"), role))
			return (int)i;
	return -1;
}

/* Both chains, side by side: the gateway's certificate's and the peer's. */
static void chains(FILE *out, json_object *rep)
{
	json_object *certs = get(rep, "certificates"),
		    *findings = get(rep, "findings"), *links[MAX_CHAIN + 1];
	int local = role_index(certs, "local"),
	    peer = role_index(certs, "peer");
	int chain[MAX_CHAIN + 1], rows = 1, ys[2][64] = { { 0 } };

	if (len(certs) > 64)
		return;
	if (local < 0) /* crl, idlist: the first certificate judged */
		local = role_index(certs, "user");
	if (local < 0 && peer < 0)
		return;
	for (int side = 0; side < 2; side++) {
		int leaf = side ? peer : local, n;

		if (leaf >= 0 &&
		    (n = walk(certs, findings, leaf, chain, links)) > rows)
			rows = n;
	}
	fputs("<section><h2>The chains</h2>\n", out);
	fprintf(out,
		"<svg class=\"chains\" viewBox=\"0 0 %d %d\" role=\"img\" "
		"aria-label=\"the certificate chains\">\n",
		2 * BOX_W + 80 + 240, 28 + rows * (BOX_H + GAP));
	if (local >= 0)
		column(out, certs, findings, local, 0,
		       peer >= 0 ? "the gateway's" : "the certificate's", rows,
		       ys[0]);
	if (peer >= 0)
		column(out, certs, findings, peer, BOX_W + 80, "the peer's",
		       rows, ys[1]);
	/* a certificate both chains hold: joined */
	for (int i = 0; i < 64; i++)
		if (ys[0][i] && ys[1][i])
			fprintf(out,
				"<line class=\"shared\" x1=\"%d\" y1=\"%d\" "
				"x2=\"%d\" y2=\"%d\"/>\n",
				BOX_W, ys[0][i] - 1 + BOX_H / 2, BOX_W + 80,
				ys[1][i] - 1 + BOX_H / 2);
	fputs("</svg>\n<p class=\"legend\">Each column goes up from a side's "
	      "certificate to its root; a green border is a trust anchor a "
	      "side holds, a dashed red link a link that fails (its check id "
	      "beside it), a dashed box an issuer not given, a dotted line "
	      "one certificate both chains hold.</p>\n</section>\n",
	      out);
}

/* Every validity window on one timeline, with the clocks. */
static void timeline(FILE *out, json_object *rep)
{
	json_object *certs = get(rep, "certificates"),
		    *findings = get(rep, "findings");
	time_t lo = 0, hi = 0, local = when(str(get(rep, "time"), "local")),
	       peer = when(str(get(rep, "time"), "peer"));
	size_t rows = 0;
	const int W = 720, LEFT = 8, ROW = 22;

	for (size_t i = 0; i < len(certs); i++) {
		time_t a = when(str(at(certs, i), "not_before")),
		       b = when(str(at(certs, i), "not_after"));

		if (!lo || a < lo)
			lo = a;
		if (b > hi)
			hi = b;
		rows++;
	}
	for (size_t i = 0; i < len(findings); i++)
		if (!strcmp(str(at(findings, i), "check"), "crl.usable") &&
		    *str(get(at(findings, i), "evidence"), "next_update"))
			rows++;
	if (!rows || hi <= lo)
		return;
	if (local && local < lo)
		lo = local;
	if (local && local > hi)
		hi = local;
	fputs("<section><h2>The clocks</h2>\n", out);
	fprintf(out,
		"<svg class=\"timeline\" viewBox=\"0 0 %d %zu\" role=\"img\" "
		"aria-label=\"validity windows and clocks\">\n",
		W + 2 * LEFT, 30 + rows * ROW);
	size_t row = 0;
#define X(t) (LEFT + (int)((double)((t)-lo) / (double)(hi - lo) * W))
	for (size_t i = 0; i < len(certs); i++, row++) {
		json_object *c = at(certs, i);
		time_t a = when(str(c, "not_before")),
		       b = when(str(c, "not_after"));
		bool out_of = local && (local < a || local > b);

		fprintf(out,
			"<rect class=\"bar%s\" x=\"%d\" y=\"%zu\" width=\"%d\" "
			"height=\"14\"/><text x=\"%d\" y=\"%zu\">",
			out_of ? " expired" : "", X(a), 8 + row * ROW,
			X(b) - X(a) > 1 ? X(b) - X(a) : 1, X(a) + 4,
			19 + row * ROW);
		esc_short(out, str(c, "subject"), 60);
		fputs(out_of ? " (outside its validity)</text>\n" : "</text>\n",
		      out);
	}
	for (size_t i = 0; i < len(findings); i++) {
		json_object *f = at(findings, i), *ev = get(f, "evidence");
		time_t a = when(str(ev, "this_update")),
		       b = when(str(ev, "next_update"));

		if (strcmp(str(f, "check"), "crl.usable") || !b)
			continue;
		fprintf(out,
			"<rect class=\"bar crl\" x=\"%d\" y=\"%zu\" "
			"width=\"%d\" "
			"height=\"14\"/><text x=\"%d\" y=\"%zu\">CRL ",
			X(a), 8 + row * ROW, X(b) - X(a) > 1 ? X(b) - X(a) : 1,
			X(a) + 4, 19 + row * ROW);
		esc_short(out, str(ev, "source"), 60);
		fputs("</text>\n", out);
		row++;
	}
	if (local)
		fprintf(out,
			"<line class=\"clock\" x1=\"%d\" y1=\"0\" x2=\"%d\" "
			"y2=\"%zu\"/><text class=\"clk\" x=\"%d\" "
			"y=\"%zu\">the "
			"gateway's clock %s</text>\n",
			X(local), X(local), 8 + rows * ROW, X(local) + 3,
			22 + rows * ROW, str(get(rep, "time"), "local"));
	if (peer && peer != local)
		fprintf(out,
			"<line class=\"clock peer\" x1=\"%d\" y1=\"0\" "
			"x2=\"%d\" "
			"y2=\"%zu\"/>\n",
			X(peer), X(peer), 8 + rows * ROW);
#undef X
	fputs("</svg>\n</section>\n", out);
}

static void evidence(FILE *out, json_object *ev)
{
	json_object_object_foreach(ev, k, v)
	{
		fputs("<li><b>", out);
		esc(out, k);
		fputs("</b>: ", out);
		if (json_object_is_type(v, json_type_array)) {
			for (size_t i = 0; i < len(v); i++) {
				if (i)
					fputs("; ", out);
				esc(out, json_object_get_string(at(v, i)));
			}
		} else {
			esc(out, json_object_get_string(v));
		}
		fputs("</li>", out);
	}
}

static void findings(FILE *out, json_object *rep)
{
	json_object *f = get(rep, "findings");

	fputs("<section><h2>Evidence</h2>\n<ul class=\"findings\">\n", out);
	for (size_t i = 0; i < len(f); i++) {
		json_object *x = at(f, i), *ev = get(x, "evidence");

		fprintf(out, "<li class=\"%s\"><span class=\"st\">%s</span> ",
			status_class(str(x, "status")), str(x, "status"));
		esc(out, str(x, "message"));
		fputs(" <code>", out);
		esc(out, str(x, "check"));
		fputs("</code>", out);
		if (*str(x, "remedy") ||
		    (ev && json_object_object_length(ev))) {
			fputs("<ul class=\"ev\">", out);
			evidence(out, ev);
			if (*str(x, "remedy")) {
				fputs("<li><b>fix</b>: ", out);
				esc(out, str(x, "remedy"));
				fputs("</li>", out);
			}
			fputs("</ul>", out);
		}
		fputs("</li>\n", out);
	}
	fputs("</ul>\n</section>\n", out);
}

static void causes(FILE *out, json_object *rep)
{
	json_object *c = get(rep, "causes");

	fputs("<section><h2>Causes</h2>\n<table>\n<tr><th>cause</th>"
	      "<th>verdict</th><th>why</th></tr>\n",
	      out);
	for (size_t i = 0; i < len(c); i++) {
		json_object *x = at(c, i);

		fprintf(out, "<tr class=\"v-%s\"><td>%s</td><td>%s</td><td>",
			str(x, "verdict"), str(x, "id"), str(x, "verdict"));
		esc(out, str(x, "summary"));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n</section>\n", out);
}

/* The URLs' steps as a waterfall: each step a bar as long as it took. */
static void urls(FILE *out, json_object *rep)
{
	json_object *u = get(rep, "urls");
	long long most = 1;

	if (!len(u))
		return;
	for (size_t i = 0; i < len(u); i++) {
		long long t = 0;

		for (size_t k = 0; k < len(get(at(u, i), "steps")); k++)
			t += json_object_get_int64(
				get(at(get(at(u, i), "steps"), k), "ms"));
		if (t > most)
			most = t;
	}
	fputs("<section><h2>URLs</h2>\n<table class=\"urls\">\n<tr><th>URL"
	      "</th><th>status</th><th>steps</th></tr>\n",
	      out);
	for (size_t i = 0; i < len(u); i++) {
		json_object *x = at(u, i), *s = get(x, "steps");

		fprintf(out, "<tr class=\"%s\"><td>",
			status_class(str(x, "status")));
		esc(out, str(x, "url"));
		fprintf(out, "</td><td>%s</td><td><div class=\"fall\">",
			str(x, "status"));
		for (size_t k = 0; k < len(s); k++) {
			json_object *st = at(s, k);
			long long ms = json_object_get_int64(get(st, "ms"));

			fprintf(out,
				"<span class=\"step %s\" "
				"style=\"width:%.1f%%\" "
				"title=\"",
				status_class(str(st, "status")),
				2 + 96.0 * (double)ms / (double)most);
			esc(out, str(st, "step"));
			fprintf(out, " %lld ms\">", ms);
			esc(out, str(st, "step"));
			fputs("</span>", out);
		}
		fputs("</div></td></tr>\n", out);
	}
	fputs("</table>\n</section>\n", out);
}

/* idlist: the users by the tunnel they land on, those landing nowhere
 * first. */
static void matches(FILE *out, json_object *rep)
{
	json_object *m = get(rep, "matches"), *certs = get(rep, "certificates");

	if (!len(m))
		return;
	fputs("<section><h2>ID-list matches</h2>\n<p>", out);
	/* the users each tunnel takes, counted (none: those landing
	 * nowhere) */
	for (size_t i = 0; i < len(m); i++) {
		const char *t = str(at(m, i), "tunnel");
		size_t count = 0, first = i;

		for (size_t k = 0; k < len(m); k++)
			if (!strcmp(str(at(m, k), "tunnel"), t)) {
				count++;
				if (k < first)
					first = k;
			}
		if (first != i)
			continue;
		fputs("<b>", out);
		esc(out, *t ? t : "no tunnel");
		fprintf(out, "</b>: %zu; ", count);
	}
	fputs("</p>\n<table>\n<tr><th>certificate</th><th>tunnel</th>"
	      "<th>entry</th></tr>\n",
	      out);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < len(m); i++) {
			json_object *x = at(m, i), *ci = get(x, "certificate");
			bool lands = get(x, "tunnel") != NULL;

			if (lands != (pass == 1))
				continue;
			fprintf(out, "<tr class=\"%s\"><td>",
				lands ? "ok" : "fail");
			if (ci)
				esc(out,
				    str(at(certs,
					   (size_t)json_object_get_int(ci)),
					"subject"));
			fputs("</td><td>", out);
			esc(out, lands ? str(x, "tunnel") : "none");
			fputs("</td><td>", out);
			esc(out, str(x, "entry"));
			fputs("</td></tr>\n", out);
		}
	fputs("</table>\n</section>\n", out);
}

static const char style[] =
	":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--mut:#666;"
	"--fail:#c62828;--warn:#b26a00;--ok:#2e7d32;--info:#1565c0;--box:#"
	"f4f4f4}"
	"@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;"
	"--mut:#aaa;--box:#262626;--fail:#ef5350;--warn:#ffb74d;--ok:#81c784;"
	"--info:#64b5f6}}"
	"body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);"
	"background:var(--bg);margin:0 auto;max-width:62rem;padding:1rem}"
	"h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}"
	".root{border-left:6px solid var(--fail);padding:.5rem 1rem;"
	"background:var(--box)}.root.none{border-color:var(--ok)}"
	"svg{width:100%;height:auto;font-size:11px}"
	"svg text{fill:var(--fg)}svg .title{font-weight:bold;font-size:13px}"
	".box rect{fill:var(--box);stroke:var(--mut);stroke-width:1.5}"
	".box.anchor rect{stroke:var(--ok);stroke-width:3}"
	".box.missing rect{stroke:var(--fail);stroke-dasharray:6 4}"
	".subj{font-weight:bold}line.link{stroke:var(--mut);stroke-width:2}"
	"line.broken{stroke:var(--fail);stroke-dasharray:5 4}"
	"line.shared{stroke:var(--ok);stroke-dasharray:2 3;stroke-width:2}"
	"text.brk{fill:var(--fail)}"
	".bar{fill:var(--info);opacity:.55}.bar.expired{fill:var(--fail)}"
	".bar.crl{fill:var(--warn)}line.clock{stroke:var(--fg);"
	"stroke-width:2}line.clock.peer{stroke-dasharray:3 3}"
	"ul.findings{list-style:none;padding:0}ul.findings>li{margin:.4rem 0;"
	"padding:.3rem .6rem;border-left:4px solid var(--info)}"
	"li.fail{border-color:var(--fail)!important}"
	"li.warn{border-color:var(--warn)!important}"
	"li.ok{border-color:var(--ok)!important}"
	".st{font-weight:bold;text-transform:uppercase;font-size:.8rem}"
	"ul.ev{font-size:.9rem;color:var(--mut);overflow-wrap:anywhere}"
	"table{border-collapse:collapse;width:100%}td,th{text-align:left;"
	"padding:.25rem .4rem;border-bottom:1px solid var(--box);"
	"overflow-wrap:anywhere}tr.v-confirmed "
	"td:nth-child(2){color:var(--fail);"
	"font-weight:bold}tr.v-likely td:nth-child(2){color:var(--warn)}"
	".fall{display:flex;gap:2px}.step{display:inline-block;font-size:.7rem;"
	"background:var(--ok);color:#000;padding:0 2px;overflow:hidden;"
	"white-space:nowrap}.step.fail{background:var(--fail)}"
	".step.warn{background:var(--warn)}.step.info{background:var(--info)}"
	"code{font-size:.85em}.legend{color:var(--mut);font-size:.85rem}"
	"@media print{body{max-width:none}section{break-inside:avoid}}";

/* See cc_report.h */
bool cc_report_write_html(const struct cc_report *r, const struct cc_ctx *ctx,
			  FILE *out)
{
	json_object *rep = cc_report_tree(r, ctx), *c;
	const char *root;

	if (!rep)
		return false;
	root = str(rep, "root_cause");
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\"/>\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\"/>\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\""
	      "default-src 'none'; style-src 'unsafe-inline'\"/>\n",
	      out);
	fprintf(out,
		"<title>certcheck %s: %s</title>\n<style>%s</style>\n"
		"</head>\n<body>\n<h1>certcheck %s</h1>\n",
		str(rep, "command"), *root ? root : "no cause found", style,
		str(rep, "command"));
	/* the answer first: the root cause, its evidence's message, its fix */
	c = NULL;
	for (size_t i = 0; *root && i < len(get(rep, "causes")); i++)
		if (!strcmp(str(at(get(rep, "causes"), i), "id"), root))
			c = at(get(rep, "causes"), i);
	fprintf(out, "<section class=\"root%s\"><h2>Root cause: %s</h2>\n<p>",
		c ? "" : " none", *root ? root : "none found");
	esc(out, c ? str(c, "summary")
		   : "no cause of authentication failure among the checks "
		     "that ran");
	fputs("</p>\n", out);
	for (size_t i = 0; c && i < len(get(rep, "findings")); i++) {
		json_object *f = at(get(rep, "findings"), i);

		if (!strcmp(str(f, "cause"), root) &&
		    !strcmp(str(f, "status"),
			    str(c, "verdict")[0] == 'c' ? "fail" : "warn") &&
		    *str(f, "remedy")) {
			fputs("<p><b>Fix:</b> ", out);
			esc(out, str(f, "remedy"));
			fputs("</p>\n", out);
			break;
		}
	}
	fputs("</section>\n", out);
	chains(out, rep);
	timeline(out, rep);
	findings(out, rep);
	causes(out, rep);
	urls(out, rep);
	matches(out, rep);
	fprintf(out,
		"<footer><p class=\"legend\">Judged at %s (the gateway's "
		"clock)",
		str(get(rep, "time"), "local"));
	if (*str(get(rep, "time"), "peer"))
		fprintf(out, " and %s (the peer's)",
			str(get(rep, "time"), "peer"));
	fputs(".</p></footer>\n</body>\n</html>\n", out);
	json_object_put(rep);
	return !ferror(out);
}
