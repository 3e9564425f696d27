/* SPDX-License-Identifier: MIT */
/*
 * ctx.c - the run context, and the one parser of each time argument:
 * RFC 3339 / @EPOCH times and signed durations.
 */
#define _DEFAULT_SOURCE /* for timegm() */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_ctx.h"

/* See header */
void cc_ctx_init(struct cc_ctx *ctx, const char *command, time_t now_real)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->command = command;
	ctx->now = now_real;
	ctx->real_now = now_real;
	ctx->peer_now = now_real;
	ctx->warn_days = 30;
	ctx->gateway = CC_GW_CLAVISTER;
	ctx->revocation = cc_gateway_revocation(ctx->gateway);
	ctx->gateway_from = ctx->revocation_from = "default";
}

/* See header */
enum cc_err cc_fail(struct cc_ctx *ctx, enum cc_err err, const char *fmt, ...)
{
	va_list ap;

	if (ctx->err != CC_SUCCESS)
		return err; /* do not overwrite the original error */
	ctx->err = err;
	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

/* See header */
enum cc_err cc_vfail_at(struct cc_ctx *ctx, const char *file, int line,
			const char *fmt, va_list ap)
{
	char why[512];

	vsnprintf(why, sizeof(why), fmt, ap);
	return cc_fail(ctx, CC_EINPUT, "%s:%d: %s", file, line, why);
}

/* Reads exactly n digits at *p into *out and advances *p. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool parse_epoch(const char *s, time_t *out)
{
	char *end;
	long long v;

	if (!*s || (!isdigit((unsigned char)*s) && *s != '-'))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || end == s)
		return false;
	*out = (time_t)v;
	return true;
}

/* See header */
bool cc_parse_time(const char *s, time_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p = s;
	time_t t;

	if (*p == '@')
		return parse_epoch(p + 1, out);
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		return false;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
	    *p++ != ':' || !digits(&p, 2, &sec))
		return false;
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return false;
	} else {
		return false;
	}
	if (*p)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60)
		return false;
	if (d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec; /* a leap second: the second before */
	t = timegm(&tm);
	*out = t - sign * (oh * 3600 + om * 60);
	return true;
}

/* See header */
bool cc_parse_duration(const char *s, long long *seconds)
{
	long long total = 0;
	int sign = 1;
	const char *p = s;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!*p)
		return false;
	while (*p) {
		long long n = 0, unit;

		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p)) {
			if (n > (LLONG_MAX - 9) / 10)
				return false;
			n = n * 10 + (*p++ - '0');
		}
		switch (*p++) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		case 'd':
			unit = 86400;
			break;
		default:
			return false;
		}
		/* bound at 100 years: more is a typing error, not a clock */
		if (n > 36500LL * 86400 / unit)
			return false;
		total += n * unit;
		if (total > 36500LL * 86400)
			return false;
	}
	*seconds = sign * total;
	return true;
}

/* See header */
void cc_format_time(time_t t, char buf[21])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0) {
		snprintf(buf, 21, "@%lld", (long long)t);
		return;
	}
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* See header */
void cc_format_duration(long long seconds, char *buf, size_t len)
{
	static const struct {
		long long unit;
		const char *name;
	} units[] = { { 86400, "d" }, { 3600, "h" }, { 60, "m" }, { 1, "s" } };
	unsigned long long s = seconds < 0 ? 0ULL - (unsigned long long)seconds
					   : (unsigned long long)seconds;
	size_t used = 0;
	int parts = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < countof(units) && parts < 2; i++) {
		unsigned long long n = s / (unsigned long long)units[i].unit;

		if (!n && !(parts == 0 && units[i].unit == 1))
			continue;
		s -= n * (unsigned long long)units[i].unit;
		used += (size_t)snprintf(
			buf + used, used < len ? len - used : 0, "%s%llu%s",
			parts ? " " : "", n, units[i].name);
		parts++;
		if (used >= len)
			return;
	}
}
