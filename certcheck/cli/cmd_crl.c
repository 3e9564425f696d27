/* SPDX-License-Identifier: MIT */
/*
 * cmd_crl.c - `certcheck crl`: can the gateway reach and use the CRLs of
 * these certificates, from its network?  Loads the CRL module on demand.
 */
#include <stdlib.h>

#include "cc_checks.h"
#include "cc_crl.h"
#include "cc_config.h"
#include "cmds.h"

/* Proxy variables the gateway does not have: said once, as info. */
static void proxy_environment(struct cc_report *r, const struct cc_args *a)
{
	static const char *const vars[] = { "http_proxy",  "HTTP_PROXY",
					    "https_proxy", "HTTPS_PROXY",
					    "all_proxy",   "ALL_PROXY" };
	struct cc_finding *f;

	if (a->proxy)
		return;
	for (size_t i = 0; i < countof(vars); i++) {
		if (!getenv(vars[i]) || !*getenv(vars[i]))
			continue;
		f = cc_report_add(
			r, CC_CHECK_CRL_PROXY_IGNORED, CC_STATUS_INFO, -1,
			"%s is set here, but the gateway will not use "
			"a proxy: certcheck fetches directly, as the "
			"gateway does (use --proxy if the gateway "
			"has one)",
			vars[i]);
		cc_finding_str(f, "variable", "%s", vars[i]);
		return;
	}
}

/* See cmds.h */
int cmd_crl(struct cc_ctx *ctx, const struct cc_args *args)
{
	static const enum cc_cause unchecked[] = {
		CC_CAUSE_CA_MISMATCH,
		CC_CAUSE_IDLIST,
		CC_CAUSE_WRONG_CERTIFICATE,
		CC_CAUSE_IDENTITY,
		CC_CAUSE_KEY,
	};
	const struct cc_crl_module *mod = NULL;
	struct cc_crl_opts o = { 0 };
	struct cc_url_results urls = { 0 };
	struct cc_certset set;
	struct cc_secret pw = { 0 };
	struct cc_report r, scratch;
	struct cc_chain *chains = NULL;
	struct cc_import imp;
	size_t nchains = 0;
	void *handle = NULL;
	int rc = 2;

	cc_certset_init(&set);
	cc_report_init(&r, "crl", &set);
	cc_report_init(&scratch, "crl", &set);
	if (cc_cmd_import(ctx, args, &imp))
		goto out;
	if (!args->positional.n && args->ocsp_url.n) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE,
			"option '--ocsp-url' needs a certificate: an OCSP "
			"request names the certificate and its issuer");
		goto out;
	}
	if (!args->positional.n && !args->url.n && !imp.ncrl_uris) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE,
			imp.file ? "give a certificate (the configuration "
				   "has no crl_uris)"
				 : "give a certificate (or --url)");
		goto out;
	}
	if (imp.file)
		cc_import_report(&r, &imp, 1u << CC_CAUSE_CRL_UNREACHABLE);
	if (cc_secret_load(ctx, &pw, args->password_file) ||
	    cc_cmd_load_all(ctx, &set, &args->positional, CC_ROLE_USER, &pw) ||
	    cc_cmd_load_either(ctx, &set, &args->ca, imp.ca, imp.nca,
			       CC_ROLE_CA, &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->peer_ca, CC_ROLE_PEER_CA, &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->untrusted, CC_ROLE_UNTRUSTED,
			    &pw))
		goto out;
	cc_secret_release(&pw);

	/* every user certificate's chain, as the gateway builds it; its
	 * chain findings are pair's business, so they go to a scratch report */
	chains = cc_xcalloc(set.n + 1, sizeof(*chains));
	for (size_t i = 0; i < set.n; i++)
		if (set.cert[i]->role == CC_ROLE_USER)
			cc_check_chain(ctx, &scratch, &set, (int)i,
				       CC_SIDE_LOCAL, &chains[nchains++]);

	cc_cmd_crl_opts(args, &imp, &set, &o);

	for (size_t i = 0; i < countof(unchecked); i++)
		r.not_checked_why[unchecked[i]] =
			"not checked by 'crl' (see 'certcheck diagnose')";
	r.not_checked_why[CC_CAUSE_CRL_UNREACHABLE] =
		r.not_checked_why[CC_CAUSE_REVOKED] =
			args->no_network && !o.ncrl
				? "--no-network and no --crl file"
				: "no CRL check could run";
	r.not_checked_why[CC_CAUSE_VALIDITY] =
		"no clock evidence from the CRLs or their servers";
	cc_report_add_part(&r, cc_urls_part(&urls));
	proxy_environment(&r, args);
	mod = cc_module_crl(ctx, &handle);
	if (!mod || mod->check(ctx, &o, &set, chains, nchains, &r, &urls))
		goto out;
	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_secret_release(&pw);
	cc_import_release(&imp);
	cc_cmd_crl_opts_release(&o);
	cc_report_release(&scratch);
	cc_report_release(&r);
	cc_urls_release(&urls);
	free(chains);
	cc_certset_release(&set);
	cc_module_close(handle);
	return ctx->err ? 2 : rc;
}
