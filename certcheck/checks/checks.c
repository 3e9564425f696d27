/* SPDX-License-Identifier: MIT */
/*
 * checks.c - the checks of `pair`, composed once for `pair` and
 * `diagnose`.
 */
#include "cc_checks.h"

/* See header */
void cc_check_pair(const struct cc_ctx *ctx, struct cc_report *r,
		   const struct cc_certset *set, int local, int peer,
		   struct cc_chain chains[2])
{
	cc_check_chain(ctx, r, set, peer, CC_SIDE_LOCAL, &chains[0]);
	cc_check_chain(ctx, r, set, local, CC_SIDE_PEER, &chains[1]);
	cc_check_anchors(r, set, &chains[0], &chains[1]);
	cc_check_validity(ctx, r, set, chains, 2);
	cc_check_usage(ctx, r, set, peer);
	cc_check_usage(ctx, r, set, local);
	cc_check_own_certificate(r, set, local, peer);
	cc_check_keys(ctx, r, set, chains, 2);
}
