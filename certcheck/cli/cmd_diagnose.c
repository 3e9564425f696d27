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
#include "cc_crl.h"
#include "cc_idlist.h"
#include "cmds.h"

/* --expect-peer: the certificate the administrator issued for this peer,
 * against the one presented. */
static void expected_peer(struct cc_report *r, const struct cc_certset *set,
			  int peer, int expected)
{
	const struct cc_cert *p = set->cert[peer], *e = set->cert[expected];
	struct cc_finding *f;
	const char *what;

	if (!strcmp(p->sha256, e->sha256)) {
		cc_report_add(r, CC_CHECK_DIAGNOSE_EXPECTED_PEER, CC_STATUS_OK, peer,
			      "the peer presents the certificate issued for it "
			      "('%s', serial %s)",
			      p->subject, p->serial);
		return;
	}
	if (strcmp(p->subject, e->subject))
		what = "another user's certificate";
	else if (strcmp(p->issuer, e->issuer))
		what = "a certificate of the same name from another CA";
	else if (p->not_before < e->not_before)
		what = "an older certificate of the same name (not the one "
		       "issued last)";
	else
		what = "another certificate of the same name";
	f = cc_report_add(r, CC_CHECK_DIAGNOSE_EXPECTED_PEER, CC_STATUS_FAIL, peer,
			  "the peer presents %s: '%s' (serial %s, from '%s'), "
			  "not '%s' (serial %s, from '%s')",
			  what, p->subject, p->serial, p->issuer, e->subject,
			  e->serial, e->issuer);
	cc_finding_str(f, "presented_subject", "%s", p->subject);
	cc_finding_str(f, "presented_serial", "%s", p->serial);
	cc_finding_str(f, "presented_sha256", "%s", p->sha256);
	cc_finding_str(f, "expected_subject", "%s", e->subject);
	cc_finding_str(f, "expected_serial", "%s", e->serial);
	cc_finding_str(f, "expected_sha256", "%s", e->sha256);
	cc_finding_remedy(f, "install the certificate issued for this peer "
			     "(serial %s); on a Windows L2TP client import it, "
			     "with its private key, into Local "
			     "Computer\\Personal, not the user's store",
			  e->serial);
}

/* Judged at this (the gateway's) clock?  At the peer's, a certificate
 * not yet valid is the given skew's doing, not evidence of a CA's clock. */
static bool at_local(const struct cc_finding *f)
{
	for (size_t k = 0; k < f->nev; k++)
		if (f->ev[k].kind == CC_EV_STR && !strcmp(f->ev[k].key, "clock"))
			return !strcmp(f->ev[k].v.str, "local");
	return false;
}

/* One clock finding: the peer's clock as given, and every other clock
 * the checks saw (CRL servers' Date headers, CRLs issued "in the future",
 * certificates issued less than a day ahead of this clock). */
static void clock_finding(const struct cc_ctx *ctx, struct cc_report *r)
{
	size_t n = r->nfindings, seen = 0;
	struct cc_finding *f;
	char d[32];

	for (size_t i = 0; i < n; i++) {
		int c = r->findings[i]->check_no;

		seen += c == CC_CHECK_CRL_SERVER_CLOCK ||
			c == CC_CHECK_CRL_THIS_UPDATE_FUTURE ||
			(c == CC_CHECK_VALIDITY_NOT_YET &&
			 at_local(r->findings[i]));
	}
	if (!seen && !ctx->has_peer_clock)
		return;
	f = cc_report_add(r, CC_CHECK_DIAGNOSE_CLOCK,
			  CC_STATUS_INFO, -1,
			  "the clocks involved, from what was given and what "
			  "the checks saw");
	cc_finding_list(f, "clocks");
	if (ctx->has_peer_clock) {
		cc_format_duration(ctx->peer_skew, d, sizeof(d));
		cc_finding_list_add(f, "the peer: %s%s from the gateway (given)",
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
		if (x->check_no == CC_CHECK_CRL_SERVER_CLOCK)
			cc_finding_list_add(f, "a CRL server: %s%s from this "
					       "machine's clock (HTTP Date)",
					    off < 0 ? "-" : "+", d);
		else if (x->check_no == CC_CHECK_CRL_THIS_UPDATE_FUTURE)
			cc_finding_list_add(f, "the CA that issued a CRL: at "
					       "least %s ahead of the evaluation "
					       "time",
					    d);
		else if (x->check_no == CC_CHECK_VALIDITY_NOT_YET &&
			 off < 86400 && at_local(x))
			cc_finding_list_add(f, "the CA that issued '%s': about "
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
	const struct cc_crl_module *mod;
	void *handle = NULL;
	int local = -1, peer = -1, expected = -1, rc = 2;

	memset(&conf, 0, sizeof(conf));
	cc_certset_init(&set);
	cc_report_init(&r, "diagnose", &set);
	if (cc_cmd_id_options(ctx, args, &from, &peer_id) ||
	    cc_cmd_load_pair(ctx, args, &set, &local, &peer, &expected))
		goto out;
	if (args->idlist && cc_idconf_load(ctx, &conf, args->idlist))
		goto out;

	/* ca-mismatch, validity, wrong-certificate, key: as pair */
	/* the gateway checks the peer's chain; the peer the gateway's */
	cc_check_pair(ctx, &r, &set, local, peer, chains);
	if (expected >= 0)
		expected_peer(&r, &set, peer, expected);

	/* crl-unreachable, revoked: the peer's chain, from the gateway's
	 * network (the peer fetches the gateway's CRLs from its own) */
	if (args->no_network && !args->crl.n) {
		r.not_checked_why[CC_CAUSE_CRL_UNREACHABLE] =
			r.not_checked_why[CC_CAUSE_REVOKED] =
				"--no-network and no --crl file";
	} else {
		struct cc_crl_opts o = {
			.dns = args->dns.item, .ndns = args->dns.n,
			.source = args->source, .proxy = args->proxy,
			.timeout_ms = args->timeout_ms,
			.max_size = args->max_size, .urls = args->url.item,
			.nurls = args->url.n, .crl_files = args->crl.item,
			.ncrl = args->crl.n, .no_network = args->no_network,
			.resolv_conf = getenv("CERTCHECK_RESOLV_CONF"),
		};

		mod = cc_module_crl(ctx, &handle);
		if (!mod || mod->check(ctx, &o, &set, &chains[0], 1, &r, &urls))
			goto out;
		r.urls = &urls;
	}

	/* idlist, identity: the peer's certificate against the lists */
	if (args->idlist) {
		struct cc_idcheck *k = cc_idcheck_new(
			&conf, args->from ? &from : NULL,
			args->peer_id ? &peer_id : NULL, true, &r, &res);
		struct cc_idset ids;

		cc_idset_from_cert(set.cert[peer], &ids);
		cc_idcheck_cert(k, &set, peer, &ids);
		cc_idset_release(&ids);
		cc_idcheck_finish(k);
		r.ids = &res;
	} else {
		r.not_checked_why[CC_CAUSE_IDLIST] = "no --idlist given";
		if (args->peer_id) {
			struct cc_idset ids;
			struct cc_idconf any = { .profile = CC_PROFILE_RFC5280 };

			cc_idset_from_cert(set.cert[peer], &ids);
			cc_identity_check(&r, &any, &set, peer, &peer_id, &ids);
			cc_idset_release(&ids);
		}
	}
	if (!args->peer_id)
		r.not_checked_why[CC_CAUSE_IDENTITY] = "no --peer-id given";
	clock_finding(ctx, &r);
	if (cc_report_root_cause(&r) == CC_CAUSE_COUNT) {
		struct cc_finding *f = cc_report_add(
			&r, CC_CHECK_DIAGNOSE_PSK, CC_STATUS_INFO,
			-1,
			"nothing in the certificates proves or suggests a "
			"cause");
		cc_finding_remedy(f, "bring the tunnel up with a pre-shared key "
				     "first; if it comes up, switch back to "
				     "certificates and compare what the gateway "
				     "logs with this report (and check the "
				     "causes not checked here)");
	}
	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_report_release(&r);
	cc_urls_release(&urls);
	cc_idresults_release(&res);
	cc_idconf_release(&conf);
	cc_id_release(&peer_id);
	cc_certset_release(&set);
	cc_module_close(handle);
	return ctx->err ? 2 : rc;
}
