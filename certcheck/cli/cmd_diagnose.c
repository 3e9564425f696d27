/* SPDX-License-Identifier: MIT */
/*
 * cmd_diagnose.c - `certcheck diagnose`: the "No public key found" report.
 * Every check its inputs allow (pair's both ways, the peer's CRLs from the
 * gateway's network, the ID lists, the IKE identity, the certificate the
 * administrator issued), one clock finding from all the evidence, and the
 * field guide's advice where nothing can be proved.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_checks.h"
#include "cc_config.h"
#include "cc_crl.h"
#include "cc_idlist.h"
#include "cc_log.h"
#include "cc_probe.h"
#include "cmds.h"

/* The identity a log names as --peer-id would give it ("dn:...",
 * "email:...", "ip:...", "fqdn:..."); pluto prints a DN in NSS's order,
 * the last RDN first: turned back.  Owned by the caller. */
static char *peer_id_of(const struct cc_log_nego *n)
{
	const char *id = n->identity;
	char *out, *copy, *rdn[32];
	size_t k = 0;

	if (strchr(id, '=') && n->fmt == CC_LOG_PLUTO) {
		copy = cc_xstrdup(id);
		for (char *save, *t = strtok_r(copy, ",", &save);
		     t && k < countof(rdn); t = strtok_r(NULL, ",", &save))
			rdn[k++] = t + strspn(t, " ");
		out = cc_xstrdup("dn:");
		while (k-- > 0) {
			char *next = cc_xasprintf("%s%s%s", out,
						  out[3] ? ", " : "", rdn[k]);
			free(out);
			out = next;
		}
		free(copy);
		return out;
	}
	return cc_xasprintf("%s:%s",
			    strchr(id, '=')   ? "dn"
			    : strchr(id, '@') ? "email"
			    : strspn(id, "0123456789.:abcdefABCDEF") ==
						    strlen(id) &&
					    strpbrk(id, ".:")
				    ? "ip"
				    : "fqdn",
			    id);
}

/* --log: the log's most recent failure (or --remote's) beside the
 * checks: the log's finding, and whether it names what they found. */
static void log_beside(struct cc_report *r, const struct cc_log_nego *n)
{
	/* what the checks alone say, before the log's finding joins them */
	enum cc_cause root = cc_report_root_cause(r);
	int cause = cc_log_cause(n);
	bool agree =
		cause < CC_CAUSE_COUNT &&
		cc_report_verdict(r, (enum cc_cause)cause, NULL) >= CC_LIKELY &&
		root == (enum cc_cause)cause;
	struct cc_finding *f;

	cc_log_finding(r, n, true);
	if (cause == CC_CAUSE_COUNT)
		return; /* the other side refused: nothing to compare */
	if (agree) {
		f = cc_report_add(r, CC_CHECK_LOG_CONFIRMS, CC_STATUS_INFO, -1,
				  "the gateway's log confirms it: %s refused "
				  "for %s",
				  n->key, cc_cause_name(cause));
	} else {
		f = cc_report_add(
			r, CC_CHECK_LOG_DISAGREES, CC_STATUS_WARN, -1,
			"the gateway's log names %s for %s, the certificate "
			"checks %s: an input is likely not what the gateway "
			"has (its CAs, the certificate the peer really sends, "
			"its clock)",
			cc_cause_name(cause), n->key,
			root == CC_CAUSE_COUNT ? "no cause"
					       : cc_cause_name(root));
		cc_finding_remedy(f, "check that --ca, --peer and --at are the "
				     "gateway's own (or read its configuration "
				     "with --swanctl): the log shows what it "
				     "did");
	}
	f->cause = (enum cc_cause)cause;
	cc_finding_str(f, "negotiation", "%s", n->key);
	cc_finding_str(f, "cause", "%s",
		       root == CC_CAUSE_COUNT ? "none" : cc_cause_name(root));
	cc_finding_str(f, "log_cause", "%s", cc_cause_name(cause));
}

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
	struct cc_log log = { 0 };
	struct cc_probe_run probed;
	const struct cc_log_nego *nego = NULL;
	struct cc_args with_log;
	char *log_id = NULL;
	void *handle = NULL;
	int local = -1, peer = -1, expected = -1, rc = 2;
	bool lists;

	memset(&conf, 0, sizeof(conf));
	memset(&probed, 0, sizeof(probed));
	cc_certset_init(&set);
	cc_report_init(&r, "diagnose", &set);
	if (args->log.n) {
		/* the log's failure: its identity and time stand in for
		 * --peer-id and --at where those are not given */
		if (cc_cmd_read_log(ctx, args, &args->log, &log))
			goto out;
		nego = cc_log_latest_failure(&log);
		with_log = *args;
		if (nego && nego->identity && !args->peer_id)
			with_log.peer_id = log_id = peer_id_of(nego);
		if (nego && nego->time && !ctx->now_given)
			ctx->now = nego->time;
		args = &with_log;
	}
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
	if (args->probe) {
		/* the live gateway, asked from here: its CERTREQs against
		 * the peer's chain and the gateway's CAs */
		struct cc_probe_opts po = { .timeout_ms = args->timeout_ms,
					    .source = args->source,
					    .nat_t = args->nat_t,
					    .port = args->nat_t ? 4500 : 500 };
		char host[256];

		if (!cc_cmd_probe_target(args->probe, host, sizeof(host),
					 &po)) {
			ctx->err_hint = true;
			cc_fail(ctx, CC_EUSAGE,
				"option '--probe': '%s' is not HOST, "
				"HOST:PORT or [IPV6]:PORT",
				args->probe);
			goto out;
		}
		if (cc_probe_run(ctx, &po, &probed))
			goto out;
		cc_probe_report(&r, &po, &probed, &set, false);
		cc_report_add_part(&r, cc_probe_part(&probed, &set));
	}
	if (nego) {
		log_beside(&r, nego);
	} else if (args->log.n) {
		struct cc_finding *f = cc_report_add(
			&r, CC_CHECK_LOG_FORMAT, CC_STATUS_INFO, -1,
			"the log shows no failed negotiation%s%s",
			args->remote ? " with " : "",
			args->remote ? args->remote : "");
		cc_finding_int(f, "lines", (long long)log.lines);
	}
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
	cc_log_release(&log);
	cc_probe_release(&probed);
	free(log_id);
	return ctx->err ? 2 : rc;
}
