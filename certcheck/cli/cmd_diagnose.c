/* SPDX-License-Identifier: MIT */
/*
 * cmd_diagnose.c - `certcheck diagnose`: the "No public key found" report.
 * Every check its inputs allow (pair's both ways, the peer's CRLs from the
 * gateway's network, the ID lists, the IKE identity, the certificate the
 * administrator issued), one clock finding from all the evidence, and the
 * field guide's advice where nothing can be proved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_checks.h"
#include "cc_config.h"
#include "cc_crl.h"
#include "cc_idlist.h"
#include "cmds.h"

/* See cmds.h */
int cmd_diagnose(struct cc_ctx *ctx, const struct cc_args *args)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_chain chains[2];
	struct cc_url_results urls = { 0 };
	struct cc_idresults res = { 0 };
	struct cc_idconf conf;
	struct cc_iprange from;
	struct cc_id peer_id = { 0 };
	struct cc_idset ids = { 0 }; /* the peer's */
	const struct cc_crl_module *mod;
	struct cc_import imp;
	void *handle = NULL;
	int local = -1, peer = -1, expected = -1, rc = 2;
	bool lists;

	memset(&conf, 0, sizeof(conf));
	cc_certset_init(&set);
	cc_report_init(&r, "diagnose", &set);
	if (cc_cmd_import(ctx, args, &imp) ||
	    cc_cmd_id_options(ctx, args, &from, &peer_id) ||
	    cc_cmd_load_pair(ctx, args, &imp, &set, &local, &peer, &expected))
		goto out;
	cc_idset_from_cert(set.cert[peer], &ids);
	/* of a list file, only what this peer's check reads is kept */
	if (args->idlist &&
	    cc_idconf_load_for(ctx, &conf, args->idlist,
			       &(struct cc_idkeep){
				       &ids, args->peer_id ? &peer_id : NULL }))
		goto out;
	/* the configuration's remote.id: its connection's one-entry list */
	if (!args->idlist && imp.idlist &&
	    cc_idconf_parse(ctx, &conf, imp.file, imp.idlist))
		goto out;
	lists = args->idlist || imp.idlist;
	if (imp.file) {
		cc_import_report(&r, &imp, ~0u);
		cc_import_check_key(&r, &imp, &set, local);
		cc_import_check_constraints(&r, &imp, &set, peer);
	}

	/* ca-mismatch, validity, wrong-certificate, key: as pair */
	/* the gateway checks the peer's chain; the peer the gateway's */
	cc_check_pair(ctx, &r, &set, local, peer, chains);
	if (expected >= 0)
		cc_check_expected_peer(&r, &set, peer, expected);

	/* crl-unreachable, revoked: the peer's chain, from the gateway's
	 * network (the peer fetches the gateway's CRLs from its own) */
	if (args->no_network && !args->crl.n && !imp.ncrl) {
		r.not_checked_why[CC_CAUSE_CRL_UNREACHABLE] =
			r.not_checked_why[CC_CAUSE_REVOKED] =
				"--no-network and no --crl file";
	} else {
		struct cc_crl_opts o;
		enum cc_err e;

		cc_cmd_crl_opts(args, &imp, &set, &o);
		mod = cc_module_crl(ctx, &handle);
		e = mod ? mod->check(ctx, &o, &set, &chains[0], 1, &r, &urls)
			: ctx->err;
		cc_cmd_crl_opts_release(&o);
		if (e)
			goto out;
		cc_report_add_part(&r, cc_urls_part(&urls));
	}

	/* idlist, identity: the peer's certificate against the lists */
	if (lists) {
		struct cc_idcheck *k = cc_idcheck_new(
			&conf, args->from ? &from : NULL,
			args->peer_id ? &peer_id : NULL, true, &r, &res);

		cc_idcheck_cert(k, &set, peer, &ids);
		cc_idcheck_finish(k);
		cc_report_add_part(&r, cc_idresults_part(&res));
	} else {
		r.not_checked_why[CC_CAUSE_IDLIST] = "no --idlist given";
		if (args->peer_id) {
			struct cc_idconf any = { .profile =
							 CC_PROFILE_RFC5280 };

			cc_identity_check(&r, &any, &set, peer, &peer_id, &ids);
		}
	}
	if (!args->peer_id)
		r.not_checked_why[CC_CAUSE_IDENTITY] = "no --peer-id given";
	cc_check_clocks(ctx, &r);
	if (cc_report_root_cause(&r) == CC_CAUSE_COUNT) {
		struct cc_finding *f = cc_report_add(
			&r, CC_CHECK_DIAGNOSE_PSK, CC_STATUS_INFO, -1,
			"nothing in the certificates proves or suggests a "
			"cause");
		cc_finding_remedy(f,
				  "bring the tunnel up with a pre-shared key "
				  "first; if it comes up, switch back to "
				  "certificates and compare what the gateway "
				  "logs with this report (and check the "
				  "causes not checked here)");
	}
	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_import_release(&imp);
	cc_report_release(&r);
	cc_urls_release(&urls);
	cc_idresults_release(&res);
	cc_idconf_release(&conf);
	cc_idset_release(&ids);
	cc_id_release(&peer_id);
	cc_certset_release(&set);
	cc_module_close(handle);
	return ctx->err ? 2 : rc;
}
