/* SPDX-License-Identifier: MIT */
/*
 * report_text.c - the report for a person under pressure: the answer
 * first, then each problem with its evidence and fix, then every cause's
 * verdict, then the risks to act on soon.  Colour only when asked (a
 * terminal without NO_COLOR); control characters from certificates are
 * escaped so a hostile field cannot drive the terminal.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cc_report.h"

#define RED "\033[31;1m"
#define YELLOW "\033[33;1m"
#define GREEN "\033[32m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

struct cc_text {
	FILE *f;
	bool color;
	size_t width; /* 0: no wrapping */
};

/* Prints s as cc_escape() makes it safe for a terminal. */
static void put_safe(FILE *f, const char *s)
{
	char *e = cc_escape(s);

	fputs(e, f);
	free(e);
}

/* Columns a terminal gives the UTF-8 text p[0..n) (one a code point). */
static size_t columns(const char *p, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xc0) != 0x80;
	return c;
}

/* The end of the unit of text starting at p that must not be broken: a
 * word, or a quoted name ('C=SE, O=Example, CN=alice') with the spaces
 * inside it.  A URL has no spaces, so it is one word. */
static const char *unit_end(const char *p)
{
	const char *q = p;

	if (*p == '\'' || (*p == '(' && p[1] == '\'')) {
		const char *close = strchr(p + (*p == '(' ? 2 : 1), '\'');

		while (close && close[1] && !strchr(" ,.;:)", close[1]))
			close = strchr(close + 1, '\'');
		if (close)
			q = close + 1;
	}
	while (*q && *q != ' ')
		q++;
	return q;
}

/*
 * Writes s (escaped) starting at column col: on a terminal the prose is
 * wrapped at o->width, at spaces outside quoted names and URLs, each new
 * line indented by indent; piped, it is written on one line.
 */
static void prose(const struct cc_text *o, const char *s, size_t col,
		  size_t indent)
{
	char *e = cc_escape(s);
	const char *p = e;

	if (!o->width) {
		fputs(e, o->f);
		free(e);
		return;
	}
	for (bool first = true; *p; first = false) {
		const char *end;
		size_t w;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		end = unit_end(p);
		w = columns(p, (size_t)(end - p));
		if (col > indent && col + !first + w > o->width) {
			fprintf(o->f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', o->f);
			col++;
		}
		fwrite(p, 1, (size_t)(end - p), o->f);
		col += w;
		p = end;
	}
	free(e);
}

static void paint(const struct cc_text *o, const char *color, const char *s)
{
	if (o->color)
		fputs(color, o->f);
	put_safe(o->f, s);
	if (o->color)
		fputs(RESET, o->f);
}

static const char *status_color(enum cc_status st)
{
	switch (st) {
	case CC_STATUS_FAIL:
		return RED;
	case CC_STATUS_WARN:
		return YELLOW;
	case CC_STATUS_OK:
		return GREEN;
	default:
		return DIM;
	}
}

/* See cc_render.h */
void cc_text_puts(struct cc_text *t, const char *s)
{
	fputs(s, t->f);
}

/* See cc_render.h */
void cc_text_printf(struct cc_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
}

/* See cc_render.h */
void cc_text_safe(struct cc_text *t, const char *s)
{
	put_safe(t->f, s);
}

/* See cc_render.h */
void cc_text_status(struct cc_text *t, enum cc_status st, const char *s)
{
	paint(t, status_color(st), s);
}

static const char *verdict_color(enum cc_verdict v)
{
	switch (v) {
	case CC_CONFIRMED:
		return RED;
	case CC_LIKELY:
		return YELLOW;
	case CC_RULED_OUT:
		return GREEN;
	default:
		return DIM;
	}
}

static void evidence(const struct cc_text *o, const struct cc_finding *f)
{
	char buf[21];

	for (size_t i = 0; i < f->nev; i++) {
		const struct cc_evidence *e = &f->ev[i];

		fprintf(o->f, "        %s: ", e->key);
		switch (e->kind) {
		case CC_EV_STR:
			put_safe(o->f, e->v.str);
			break;
		case CC_EV_INT:
			fprintf(o->f, "%lld", e->v.num);
			break;
		case CC_EV_BOOL:
			fputs(e->v.flag ? "yes" : "no", o->f);
			break;
		case CC_EV_TIME:
			cc_format_time(e->v.when, buf);
			fputs(buf, o->f);
			break;
		case CC_EV_LIST:
			if (!e->v.list.n)
				fputs("(none)", o->f);
			for (size_t j = 0; j < e->v.list.n; j++) {
				if (j)
					fputs("; ", o->f);
				put_safe(o->f, e->v.list.item[j]);
			}
			break;
		}
		fputc('\n', o->f);
	}
}

/* A finding's certificate, evidence and fix, under its line. */
static void details_of(const struct cc_text *o, const struct cc_report *r,
		       const struct cc_finding *f)
{
	if (f->cert >= 0 && r->certs && (size_t)f->cert < r->certs->n) {
		const struct cc_cert *c = r->certs->cert[f->cert];

		fprintf(o->f, "        certificate: #%d %s from ", f->cert,
			cc_role_name(c->role));
		put_safe(o->f, c->file);
		fputc('\n', o->f);
	}
	evidence(o, f);
	if (f->remedy) {
		fputs("        ", o->f);
		paint(o, BOLD, "fix:");
		fputc(' ', o->f);
		prose(o, f->remedy, 13, 13);
		fputc('\n', o->f);
	}
}

/* A finding's line, and its details always or only when it has a fix. */
static void finding(const struct cc_text *o, const struct cc_report *r,
		    const struct cc_finding *stored, bool always)
{
	struct cc_finding tmp;
	const struct cc_finding *f = cc_finding_show(r, stored, &tmp);
	char tag[8];

	snprintf(tag, sizeof(tag), "%-4s", cc_status_name(f->status));
	for (char *p = tag; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	fputs("  ", o->f);
	paint(o, status_color(f->status), tag);
	fputs("  ", o->f);
	prose(o, f->message, 8, 8);
	fprintf(o->f, "  [%s]\n", cc_finding_id(f));
	if (always || f->remedy)
		details_of(o, r, f);
	cc_finding_clear(&tmp);
}

static void quiet(const struct cc_report *r, FILE *f)
{
	enum cc_cause rc = cc_report_root_cause(r);

	if (rc == CC_CAUSE_COUNT) {
		fputs("ok\n", f);
		return;
	}
	struct cc_finding tmp;

	fprintf(f, "%s: ", cc_cause_name(rc));
	put_safe(f, cc_report_summary(r, rc, &tmp));
	cc_finding_clear(&tmp);
	fputc('\n', f);
}

/* See header */
void cc_report_write_text(const struct cc_report *r, const struct cc_ctx *ctx,
			  const struct cc_render_opts *opts, FILE *f)
{
	struct cc_text o = { .f = f,
			     .color = opts->color,
			     .width = opts->width };
	enum cc_cause rc = cc_report_root_cause(r);
	char now[21], peer[21], skew[32];
	const struct cc_finding *why = NULL;
	size_t n;

	if (opts->quiet) {
		quiet(r, f);
		return;
	}
	/* the answer first: the root cause, its fix, what else is wrong */
	if (rc == CC_CAUSE_COUNT) {
		paint(&o, GREEN, "No problem found");
		fprintf(f,
			": no cause of authentication failure among the "
			"checks '%s' ran\n",
			r->command);
	} else {
		enum cc_verdict v = cc_report_verdict(r, rc, &why);
		struct cc_finding tmp;
		const struct cc_finding *shown;

		paint(&o, BOLD, "Root cause: ");
		shown = cc_finding_show(r, why, &tmp);
		prose(&o, shown->message, 12, 2);
		fprintf(f, "\n  (%s, ", cc_cause_name(rc));
		paint(&o, verdict_color(v), cc_verdict_name(v));
		fputs(")\n", f);
		if (shown->remedy) {
			fputs("  ", f);
			paint(&o, BOLD, "fix:");
			fputc(' ', f);
			prose(&o, shown->remedy, 7, 7);
			fputc('\n', f);
		}
		cc_finding_clear(&tmp);
		n = 0;
		for (int c = 0; c < CC_CAUSE_COUNT; c++) {
			if ((enum cc_cause)c == rc ||
			    cc_report_verdict(r, (enum cc_cause)c, &why) !=
				    CC_CONFIRMED)
				continue;
			if (!n++)
				fputs("\nAlso wrong:\n", f);
			fprintf(f, "  %s: ", cc_cause_name((enum cc_cause)c));
			shown = cc_finding_show(r, why, &tmp);
			prose(&o, shown->message,
			      4 + strlen(cc_cause_name((enum cc_cause)c)), 4);
			fputc('\n', f);
			if (shown->remedy) {
				fputs("    fix: ", f);
				prose(&o, shown->remedy, 9, 9);
				fputc('\n', f);
			}
			cc_finding_clear(&tmp);
		}
	}

	n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i]->status >= CC_STATUS_WARN) {
			if (!n++)
				fputs("\nEvidence (most certain first):\n", f);
		}
	for (int st = CC_STATUS_FAIL; n && st >= CC_STATUS_WARN; st--)
		for (size_t i = 0; i < r->nfindings; i++)
			if ((int)r->findings[i]->status == st)
				finding(&o, r, r->findings[i], true);

	for (size_t i = 0; i < r->nparts; i++)
		if (r->part[i].text)
			r->part[i].text(&o, r, r->part[i].data);

	fputs("\nCauses:\n", f);
	for (int c = 0; c < CC_CAUSE_COUNT; c++) {
		enum cc_verdict v =
			cc_report_verdict(r, (enum cc_cause)c, NULL);
		struct cc_finding tmp;
		char col[16];

		fprintf(f, "  %-18s ", cc_cause_name((enum cc_cause)c));
		snprintf(col, sizeof(col), "%-11s", cc_verdict_name(v));
		paint(&o, verdict_color(v), col);
		fputc(' ', f);
		prose(&o, cc_report_summary(r, (enum cc_cause)c, &tmp), 33, 33);
		cc_finding_clear(&tmp);
		fputc('\n', f);
	}

	n = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct cc_finding *x = r->findings[i];

		if (x->status != CC_STATUS_INFO && x->status != CC_STATUS_SKIP)
			continue;
		if (!n++)
			fputs("\nTo know, and to act on soon:\n", f);
		finding(&o, r, x, false);
	}

	if (r->footer) {
		fprintf(f, "\n%s\n", r->footer);
		return;
	}
	cc_format_time(ctx->now, now);
	fprintf(f, "\nJudged at %s (local%s)", now,
		ctx->now_given ? ", from --at" : "");
	if (ctx->has_peer_clock) {
		cc_format_time(ctx->peer_now, peer);
		cc_format_duration(ctx->peer_skew, skew, sizeof(skew));
		fprintf(f, " and %s (peer, %s%s)", peer,
			ctx->peer_skew < 0 ? "-" : "+", skew);
	} else if (!r->clockless) {
		fputs(", the peer's clock assumed the same", f);
	}
	fputs(".\n", f);
	fprintf(f,
		"Judged as a %s gateway would (--gateway %s%s), revocation "
		"policy %s%s.\n",
		cc_gateway_product(ctx->gateway), cc_gateway_name(ctx->gateway),
		!strcmp(ctx->gateway_from, "config")
			? ", from the configuration"
		: !strcmp(ctx->gateway_from, "default") ? ", the default"
							: "",
		cc_revocation_name(ctx->revocation),
		!strcmp(ctx->revocation_from, "config")
			? " (from the configuration)"
		: !strcmp(ctx->revocation_from, "default") ? " (the gateway's)"
							   : "");
}
