/*
 * cmd_pair.c - `certcheck pair`: will the gateway and the peer accept each
 * other's certificates?  Both chains, both clocks, both certificates'
 * fitness for IKE, and the keys.
 */
#include "cc_checks.h"
#include "cmds.h"

/* See cmds.h */
int cmd_pair(struct cc_ctx *ctx, const struct cc_args *args)
{
	static const enum cc_cause unchecked[] = {
		CC_CAUSE_CRL_UNREACHABLE, CC_CAUSE_IDLIST, CC_CAUSE_REVOKED,
		CC_CAUSE_IDENTITY,
	};
	struct cc_certset set;
	struct cc_secret pw = { 0 };
	struct cc_report r;
	struct cc_chain chains[2];
	int local = -1, peer = -1, rc = 2;

	cc_certset_init(&set);
	cc_report_init(&r, "pair", &set);
	if (cc_cli_require(ctx, args, CC_OPT_LOCAL) ||
	    cc_cli_require(ctx, args, CC_OPT_PEER) ||
	    cc_cli_require(ctx, args, CC_OPT_CA))
		goto out;
	if (args->positional.n) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE, "unexpected argument '%s'",
			args->positional.item[0]);
		goto out;
	}
	if (cc_secret_load(ctx, &pw, args->password_file) ||
	    cc_certset_load(ctx, &set, args->local, CC_ROLE_LOCAL, &pw,
			    &local) ||
	    cc_certset_load(ctx, &set, args->peer, CC_ROLE_PEER, &pw, &peer) ||
	    cc_cmd_load_all(ctx, &set, &args->ca, CC_ROLE_CA, &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->peer_ca, CC_ROLE_PEER_CA, &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->untrusted, CC_ROLE_UNTRUSTED, &pw))
		goto out;
	cc_secret_release(&pw);

	for (size_t i = 0; i < countof(unchecked); i++)
		r.not_checked_why[unchecked[i]] =
			"not checked by 'pair' (see 'certcheck diagnose')";

	/* the gateway checks the peer's chain; the peer the gateway's */
	cc_check_pair(ctx, &r, &set, local, peer, chains);

	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_secret_release(&pw);
	cc_report_release(&r);
	cc_certset_release(&set);
	return ctx->err ? 2 : rc;
}
