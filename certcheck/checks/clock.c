/* SPDX-License-Identifier: MIT */
/*
 * clock.c - one finding that gathers every clock the checks saw (cause
 * validity, info): the peer's as given, the CRL servers' HTTP Date, CAs
 * that issued a CRL or a certificate ahead of this clock.
 */
#include <string.h>

#include "cc_checks.h"

/* Judged at this (the gateway's) clock?  At the peer's, a certificate
 * not yet valid is the given skew's doing, not evidence of a CA's clock. */
static bool at_local(const struct cc_finding *f)
{
	for (size_t k = 0; k < f->nev; k++)
		if (f->ev[k].kind == CC_EV_STR &&
		    !strcmp(f->ev[k].key, "clock"))
			return !strcmp(f->ev[k].v.str, "local");
	return false;
}

/* See header */
void cc_check_clocks(const struct cc_ctx *ctx, struct cc_report *r)
{
	size_t n = r->nfindings, seen = 0;
	struct cc_finding *f;
	char d[32];

	for (size_t i = 0; i < n; i++) {
		int c = r->findings[i]->check;

		seen += c == CC_CHECK_CRL_SERVER_CLOCK ||
			c == CC_CHECK_CRL_THIS_UPDATE_FUTURE ||
			(c == CC_CHECK_VALIDITY_NOT_YET &&
			 at_local(r->findings[i]));
	}
	if (!seen && !ctx->has_peer_clock)
		return;
	f = cc_report_add(r, CC_CHECK_DIAGNOSE_CLOCK, CC_STATUS_INFO, -1,
			  "the clocks involved, from what was given and what "
			  "the checks saw");
	cc_finding_list(f, "clocks");
	if (ctx->has_peer_clock) {
		cc_format_duration(ctx->peer_skew, d, sizeof(d));
		cc_finding_list_add(f,
				    "the peer: %s%s from the gateway (given)",
				    ctx->peer_skew < 0 ? "-" : "+", d);
	}
	for (size_t i = 0; i < n; i++) {
		const struct cc_finding *x = r->findings[i];
		long long off = 0;

		for (size_t k = 0; k < x->nev; k++)
			if (x->ev[k].kind == CC_EV_INT &&
			    (!strcmp(x->ev[k].key, "offset_seconds") ||
			     !strcmp(x->ev[k].key, "ahead_seconds")))
				off = x->ev[k].v.num;
		cc_format_duration(off, d, sizeof(d));
		if (x->check == CC_CHECK_CRL_SERVER_CLOCK)
			cc_finding_list_add(f,
					    "a CRL server: %s%s from this "
					    "machine's clock (HTTP Date)",
					    off < 0 ? "-" : "+", d);
		else if (x->check == CC_CHECK_CRL_THIS_UPDATE_FUTURE)
			cc_finding_list_add(f,
					    "the CA that issued a CRL: at "
					    "least %s ahead of the evaluation "
					    "time",
					    d);
		else if (x->check == CC_CHECK_VALIDITY_NOT_YET && off < 86400 &&
			 at_local(x))
			cc_finding_list_add(
				f,
				"the CA that issued '%s': about "
				"%s ahead of this clock (the "
				"certificate is not valid yet "
				"here)",
				x->cert >= 0 && r->certs
					? r->certs->cert[x->cert]->subject
					: "?",
				d);
	}
	cc_finding_remedy(f, "synchronise every clock with NTP: the gateway, "
			     "the peer, the CA and its CRL servers");
}
