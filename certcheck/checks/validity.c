/* SPDX-License-Identifier: MIT */
/*
 * validity.c - validity windows (cause validity): every certificate of the
 * chains at the local and at the peer's time.  The side that checks a
 * certificate judges it at its own time (fail); the other side's time only
 * informs (info).
 */
#include <stdlib.h>

#include "cc_checks.h"

#define DAY 86400LL

/* Which sides check certificate i: bit 1 << CC_SIDE_*. */
static unsigned checkers_of(const struct cc_chain *chains, size_t nchains,
			    int i)
{
	unsigned bits = 0;

	for (size_t c = 0; c < nchains; c++)
		for (size_t k = 0; k < chains[c].n; k++)
			if (chains[c].idx[k] == i)
				bits |= 1u << chains[c].checker;
	return bits;
}

static void add_dates(struct cc_finding *f, const struct cc_cert *c,
		      enum cc_side side, time_t at)
{
	cc_finding_time(f, "not_before", c->not_before);
	cc_finding_time(f, "not_after", c->not_after);
	cc_finding_time(f, "evaluated_at", at);
	cc_finding_str(f, "clock", "%s", cc_side_name(side));
}

/* Without a peer clock, the one side whose judgement counts: the gateway
 * when it checks the certificate (or nobody does), else the peer. */
static enum cc_side one_clock_side(unsigned who)
{
	return (who & (1u << CC_SIDE_LOCAL)) || !who ? CC_SIDE_LOCAL
						     : CC_SIDE_PEER;
}

/* Said after "the peer's time" when the peer's clock was not given. */
static const char *assumed(const struct cc_ctx *ctx, enum cc_side side)
{
	return side == CC_SIDE_PEER && !ctx->has_peer_clock
		       ? " (assumed to be the gateway's: no --peer-skew or "
			 "--peer-time given)"
		       : "";
}

/* Judges certificate i at side's time; returns true when it is valid. */
static bool judge(const struct cc_ctx *ctx, struct cc_report *r,
		  const struct cc_certset *set, int i, enum cc_side side,
		  bool checks_it)
{
	const struct cc_cert *c = set->cert[i];
	time_t at = cc_side_time(ctx, side);
	enum cc_status st = checks_it ? CC_STATUS_FAIL : CC_STATUS_INFO;
	const char *who = cc_side_who(side);
	struct cc_finding *f;
	char d[32];

	if (at > c->not_after) {
		cc_format_duration((long long)(at - c->not_after), d,
				   sizeof(d));
		f = cc_report_add(r, CC_CHECK_VALIDITY_EXPIRED, st, i,
				  "'%s' expired %s before the %s's time%s%s",
				  c->subject, d, who, assumed(ctx, side),
				  checks_it ? ""
					    : " (the other side checks it)");
		add_dates(f, c, side, at);
		cc_finding_int(f, "expired_seconds",
			       (long long)(at - c->not_after));
		if (c->is_ca)
			cc_finding_remedy(f,
					  "renew the CA certificate '%s' "
					  "(same key, new dates) and give "
					  "it to both sides",
					  c->subject);
		else
			cc_finding_remedy(f,
					  "renew the certificate '%s', or "
					  "correct the %s's clock if it is "
					  "wrong",
					  c->subject, who);
		return false;
	}
	if (at < c->not_before) {
		long long ahead = (long long)(c->not_before - at);

		cc_format_duration(ahead, d, sizeof(d));
		f = cc_report_add(r, CC_CHECK_VALIDITY_NOT_YET, st, i,
				  "'%s' is not valid until %s after the %s's "
				  "time%s%s%s",
				  c->subject, d, who, assumed(ctx, side),
				  ahead >= DAY ? ""
				  : side == CC_SIDE_PEER
					  ? ": the peer's clock is likely "
					    "wrong, or the issuing CA's"
					  : ": the issuing CA's clock or this "
					    "clock is likely wrong by about "
					    "that much",
				  checks_it ? ""
					    : " (the other side checks it)");
		add_dates(f, c, side, at);
		cc_finding_int(f, "ahead_seconds", ahead);
		if (ahead < DAY)
			cc_finding_remedy(f,
					  "set the %s's clock right (NTP), "
					  "and check the issuing CA's "
					  "clock; or wait %s",
					  who, d);
		else
			cc_finding_remedy(f,
					  "use a certificate that is valid "
					  "now, or correct the %s's clock",
					  who);
		return false;
	}
	return true;
}

/* See header */
void cc_check_validity(const struct cc_ctx *ctx, struct cc_report *r,
		       const struct cc_certset *set,
		       const struct cc_chain *chains, size_t nchains)
{
	bool *seen = cc_xcalloc(set->n + 1, sizeof(bool));
	bool all_ok = true;
	size_t judged = 0;
	struct cc_finding *f;

	for (size_t c = 0; c < nchains; c++) {
		for (size_t k = 0; k < chains[c].n; k++) {
			int i = chains[c].idx[k];
			unsigned who = checkers_of(chains, nchains, i);
			const struct cc_cert *cert = set->cert[i];
			time_t at;

			if (seen[i])
				continue;
			seen[i] = true;
			judged++;
			for (int s = CC_SIDE_LOCAL; s <= CC_SIDE_PEER; s++) {
				bool checks = who & (1u << s);

				/* no peer clock given: the peer's is taken
				 * to be ours, so each certificate is judged
				 * once, by a side that checks it (doc/report.md) */
				if (!ctx->has_peer_clock &&
				    s != (int)one_clock_side(who))
					continue;
				if (!judge(ctx, r, set, i, (enum cc_side)s,
					   checks) &&
				    checks)
					all_ok = false;
			}
			/* the risk: expiry within --warn-days, at the
			 * earliest time of a side that checks it */
			at = (who & (1u << CC_SIDE_LOCAL)) ||
					     !ctx->has_peer_clock
				     ? ctx->now
				     : ctx->peer_now;
			if (at <= cert->not_after &&
			    cert->not_after - at < ctx->warn_days * DAY) {
				char d[32], when[21];

				cc_format_duration(
					(long long)(cert->not_after - at), d,
					sizeof(d));
				f = cc_report_add(r, CC_CHECK_VALIDITY_EXPIRING,
						  CC_STATUS_INFO, i,
						  "'%s' expires in %s",
						  cert->subject, d);
				cc_finding_time(f, "not_after",
						cert->not_after);
				cc_finding_time(f, "evaluated_at", at);
				cc_finding_int(f, "warn_days", ctx->warn_days);
				cc_format_time(cert->not_after, when);
				cc_finding_remedy(f, "renew '%s' before %s",
						  cert->subject, when);
			}
		}
	}
	if (all_ok && judged) {
		f = cc_report_add(
			r, CC_CHECK_VALIDITY_OK, CC_STATUS_OK, -1,
			"all %zu certificates of the chains are valid "
			"at the time of the side that checks them",
			judged);
		cc_finding_time(f, "local_time", ctx->now);
		cc_finding_time(f, "peer_time", ctx->peer_now);
		cc_finding_str(f, "peer_clock", "%s",
			       ctx->has_peer_clock ? "given" : "assumed");
	}
	free(seen);
}
