/* SPDX-License-Identifier: MIT */
/*
 * cmd_pair.c - `certcheck pair`: will the gateway and the peer accept each
 * other's certificates?  Both chains, both clocks, both certificates'
 * fitness for IKE, and the keys.
 */
#include "cc_checks.h"
#include "cc_config.h"
#include "cmds.h"

/* See cmds.h */
int cmd_pair(struct cc_ctx *ctx, const struct cc_args *args)
{
	static const enum cc_cause unchecked[] = {
		CC_CAUSE_CRL_UNREACHABLE,
		CC_CAUSE_IDLIST,
		CC_CAUSE_REVOKED,
		CC_CAUSE_IDENTITY,
	};
	struct cc_certset set;
	struct cc_report r;
	struct cc_chain chains[2];
	struct cc_import imp;
	int local = -1, peer = -1, expected = -1, rc = 2;

	cc_certset_init(&set);
	cc_report_init(&r, "pair", &set);
	if (cc_cmd_import(ctx, args, &imp) ||
	    cc_cmd_load_pair(ctx, args, &imp, &set, &local, &peer, &expected))
		goto out;
	if (imp.file) {
		cc_import_report(&r, &imp, 0);
		cc_import_check_key(&r, &imp, &set, local);
		cc_import_check_constraints(&r, &imp, &set, peer);
	}

	for (size_t i = 0; i < countof(unchecked); i++)
		r.not_checked_why[unchecked[i]] =
			"not checked by 'pair' (see 'certcheck diagnose')";

	/* the gateway checks the peer's chain; the peer the gateway's */
	cc_check_pair(ctx, &r, &set, local, peer, chains);

	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_import_release(&imp);
	cc_report_release(&r);
	cc_certset_release(&set);
	return ctx->err ? 2 : rc;
}
