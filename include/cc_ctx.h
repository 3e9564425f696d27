/* SPDX-License-Identifier: MIT */
/*
 * cc_ctx.h - the run context: the clocks every check reads, the options
 * shared by all commands, and the first-error slot.
 *
 * Checks never call time(): the evaluation time is ctx->now (from --at, else
 * the clock at start-up) and the peer's is ctx->peer_now.
 */
#ifndef CC_CTX_H
#define CC_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cc_common.h"
#include "cc_gateway.h"

struct cc_ctx {
	const char *command; /* static: "pair", "crl", ... */
	time_t now;	     /* the local (gateway's) time */
	time_t real_now;     /* this machine's clock at start-up: only for
				   comparing with servers' clocks, never for
				   judging certificates */
	bool now_given;	     /* --at was given */
	bool has_peer_clock; /* --peer-skew or --peer-time was given */
	time_t peer_now;     /* the peer's time; == now without a peer clock */
	long long peer_skew; /* peer_now - now, seconds */
	int warn_days;	     /* --warn-days, default 30 */

	/* Certificate policy processing (RFC 5280 6.1.1 c, e-g): the
	 * initial policy set (--policy; none = anyPolicy) and the three
	 * initial switches, off by default as PKITS's defaults and
	 * strongSwan (which sets only the policy set, cert_policy) have
	 * them.  The strings are borrowed. */
	const char *const *policy;
	size_t npolicy;
	bool explicit_policy; /* initial-explicit-policy */
	bool inhibit_mapping; /* initial-policy-mapping-inhibit */
	bool inhibit_any;     /* initial-any-policy-inhibit */

	/* The gateway profile (cc_gateway.h): which implementation checks
	 * the peer, and its revocation policy; *_from: "option", "default"
	 * (or "config", from an importer). */
	enum cc_gateway gateway;
	enum cc_revocation revocation;
	const char *gateway_from, *revocation_from;

	enum cc_err err;   /* the first error recorded, or CC_SUCCESS */
	char errmsg[1024]; /* its sentence */
	bool err_hint;	   /* add "try 'certcheck CMD --help'" */
};

/* Sets the defaults: now = now_real, no peer clock, 30 warn days. */
void cc_ctx_init(struct cc_ctx *ctx, const char *command, time_t now_real);

/*
 * Records the first error and its sentence (lowercase, no full stop, the
 * subject quoted); later calls keep the first.  Returns err, so that
 * `return cc_fail(ctx, CC_EINPUT, "'%s': empty file", path);` reads well.
 */
enum cc_err cc_fail(struct cc_ctx *ctx, enum cc_err err, const char *fmt, ...)
	CC_PRINTF(3, 4);
/* The same for a line of an input file, CC_EINPUT: "FILE:LINE: why"
 * (the parsers' errors). */
enum cc_err cc_vfail_at(struct cc_ctx *ctx, const char *file, int line,
			const char *fmt, va_list ap) CC_PRINTF(4, 0);

/*
 * Parses TIME of --at/--peer-time: RFC 3339 ("2026-11-26T17:00:00Z",
 * "2026-11-26T18:00:00+01:00", fractional seconds ignored) or "@EPOCH".
 * Returns false for anything else.
 */
bool cc_parse_time(const char *s, time_t *out);

/*
 * Parses a DURATION of --peer-skew: an optional sign, then one or more
 * NUMBER UNIT pairs with UNIT one of s, m, h, d ("-2h", "+90m", "1h30m").
 * Returns false for anything else or on overflow.
 */
bool cc_parse_duration(const char *s, long long *seconds);

/* Formats t as RFC 3339 UTC ("2026-11-26T17:00:00Z") into buf[21]. */
void cc_format_time(time_t t, char buf[21]);

/* Formats a duration in words ("2h 5m", "3d 4h", "45s") into buf. */
void cc_format_duration(long long seconds, char *buf, size_t len);

#endif /* CC_CTX_H */
