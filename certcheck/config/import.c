/* SPDX-License-Identifier: MIT */
/*
 * import.c - what an import of the gateway's configuration (swanctl.c,
 * ipsecconf.c) says in the report: the connection judged against and
 * where each input came from, the connections the gateway does not load,
 * charon's refusal when none takes the peer, cut CRL URLs, unknown keys;
 * and the import's release.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_config.h"
#include "cc_report.h"
#include "swanctl.h"

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* See cc_config.h */
void cc_import_release(struct cc_import *imp)
{
	free(imp->file);
	free(imp->refusal);
	free(imp->needs);
	free_list(imp->untrusted, imp->nuntrusted);
	if (imp->tmpdir)
		swc_remove_tree(imp->tmpdir);
	free(imp->tmpdir);
	free(imp->conn);
	free(imp->why);
	free(imp->keys_from);
	free(imp->local);
	free_list(imp->ca, imp->nca);
	free_list(imp->crl, imp->ncrl);
	free(imp->expect_peer);
	free(imp->ca_id);
	free(imp->ca_id_where);
	free(imp->idlist);
	free(imp->tunnels);
	free_list(imp->unknown, imp->nunknown);
	free_list(imp->names, imp->nnames);
	free_list(imp->candidates, imp->ncandidates);
	free_list(imp->inputs, imp->ninputs);
	free(imp->no_connection);
	for (size_t i = 0; i < imp->nkeys; i++) {
		if (imp->key_pass[i])
			OPENSSL_cleanse(imp->key_pass[i],
					strlen(imp->key_pass[i]));
		free(imp->key_pass[i]);
	}
	free(imp->key_pass);
	free_list(imp->keys, imp->nkeys);
	for (size_t i = 0; i < imp->ncrl_uris; i++)
		free(imp->crl_uri_ca[i]);
	free(imp->crl_uri_ca);
	free_list(imp->crl_uris, imp->ncrl_uris);
	free_list(imp->ocsp_uris, imp->nocsp_uris);
	free_list(imp->ocsp_signers, imp->nocsp_signers);
	for (size_t i = 0; i < imp->nocsp_uris; i++)
		free(imp->ocsp_uri_ca[i]);
	free(imp->ocsp_uri_ca);
	for (size_t i = 0; i < imp->nsplit; i++) {
		free(imp->split[i].authority);
		free(imp->split[i].value);
		free(imp->split[i].where);
		free_list(imp->split[i].pieces, imp->split[i].npieces);
	}
	free(imp->split);
	for (size_t i = 0; i < imp->nunloaded; i++) {
		free(imp->unloaded[i].conn);
		free(imp->unloaded[i].why);
		free(imp->unloaded[i].path);
		free(imp->unloaded[i].key);
	}
	free(imp->unloaded);
	memset(imp, 0, sizeof(*imp));
}

/* See cc_config.h */
void cc_import_report(struct cc_report *r, const struct cc_import *imp,
		      unsigned judged)
{
	struct cc_finding *f =
		cc_report_add(r, CC_CHECK_CONFIG_CONNECTION, CC_STATUS_INFO, -1,
			      "judged against connection '%s' of %s: %s",
			      imp->conn, imp->file, imp->why);

	cc_finding_str(f, "connection", "%s", imp->conn);
	cc_finding_str(f, "file", "%s", imp->file);
	cc_finding_list(f, "connections");
	for (size_t i = 0; i < imp->nnames; i++)
		cc_finding_list_add(f, "%s", imp->names[i]);
	if (imp->ninputs) {
		cc_finding_list(f, "inputs");
		for (size_t i = 0; i < imp->ninputs; i++)
			cc_finding_list_add(f, "%s", imp->inputs[i]);
	}
	if (imp->ncandidates) {
		cc_finding_list(f, "candidates");
		for (size_t i = 0; i < imp->ncandidates; i++)
			cc_finding_list_add(f, "%s", imp->candidates[i]);
	}
	if (imp->no_connection) {
		f = cc_report_add(r, CC_CHECK_CONFIG_NO_CONNECTION,
				  judged & (1u << CC_CAUSE_IDLIST)
					  ? CC_STATUS_FAIL
					  : CC_STATUS_INFO,
				  -1, "%s: %s says \"%s\"", imp->no_connection,
				  imp->daemon, imp->refusal);
		cc_finding_str(f, "file", "%s", imp->file);
		cc_finding_list(f, "connections");
		for (size_t i = 0; i < imp->nnames; i++)
			cc_finding_list_add(f, "%s", imp->names[i]);
		cc_finding_remedy(f, "give a connection the peer's address in "
				     "remote_addrs (or %%any) and its identity "
				     "in remote.id (or a wildcard that covers "
				     "it), or have the peer send the identity "
				     "a connection expects");
	}
	for (size_t i = 0; i < imp->nsplit; i++) {
		const struct cc_split_uri *x = &imp->split[i];

		const char *cut = x->pieces[0];

		for (size_t k = 0; k + 1 < x->npieces; k++)
			if (swc_is_url(x->pieces[k]) &&
			    !swc_is_url(x->pieces[k + 1])) {
				cut = x->pieces[k];
				break;
			}
		f = cc_report_add(
			r, CC_CHECK_CONFIG_SPLIT_URI,
			!(judged & (1u << CC_CAUSE_CRL_UNREACHABLE))
				? CC_STATUS_INFO
			: x->whole_left ? CC_STATUS_WARN
					: CC_STATUS_FAIL,
			-1,
			"%s: charon splits authorities.%s.crl_uris at its "
			"commas, as it does every list: '%s' becomes %zu "
			"pieces, and the URL it tries is '%s', cut short",
			x->where, x->authority, x->value, x->npieces, cut);
		cc_finding_str(f, "authority", "%s", x->authority);
		cc_finding_str(f, "where", "%s", x->where);
		cc_finding_str(f, "value", "%s", x->value);
		cc_finding_list(f, "pieces");
		for (size_t k = 0; k < x->npieces; k++)
			cc_finding_list_add(f, "%s", x->pieces[k]);
		cc_finding_remedy(f,
				  "publish the CRL at a URL without commas (an "
				  "http URL, or LDAP with the DN's commas "
				  "written %%2C) and give that in crl_uris");
	}
	for (size_t i = 0; i < imp->nunloaded; i++) {
		const struct cc_unloaded *u = &imp->unloaded[i];
		enum cc_status st =
			u->decisive && (judged & (1u << CC_CAUSE_IDLIST))
				? CC_STATUS_WARN
				: CC_STATUS_INFO;

		if (!u->path) {
			/* info: a conn left out is most often a template of
			 * also=; if none takes the peer, config.no-connection
			 * says so */
			f = cc_report_add(
				r, CC_CHECK_CONFIG_NOT_LOADED, CC_STATUS_INFO,
				-1,
				"%s does not load conn '%s': %s, so %s "
				"never has it%s",
				imp->loader, u->conn, u->why, imp->daemon,
				u->decisive ? "; loaded, it would take this "
					      "peer"
					    : "");
			cc_finding_str(f, "connection", "%s", u->conn);
			cc_finding_remedy(
				f,
				u->key && !strcmp(u->key, "%refused")
					? "correct conn %s as the "
					  "message says, then load "
					  "it again"
					: "add auto=add to conn %s (or "
					  "to conn %%default) and run "
					  "ipsec reload",
				u->conn);
			continue;
		}
		f = cc_report_add(
			r, CC_CHECK_CONFIG_MISSING_FILE, st, -1,
			"swanctl does not load connection '%s': %s "
			"(swanctl --load-conns: \"loading %s certificate "
			"failed\"), so charon never has it%s",
			u->conn, u->why, strrchr(u->key, '.') + 1,
			u->decisive ? "; loaded, it would be the one judged "
				      "against here"
				    : "");
		cc_finding_str(f, "connection", "%s", u->conn);
		cc_finding_str(f, "key", "%s", u->key);
		cc_finding_str(f, "path", "%s", u->path);
		cc_finding_remedy(f,
				  "put the file where connections.%s.%s says "
				  "(or correct the name), then run swanctl "
				  "--load-conns",
				  u->conn, u->key);
	}
	if (!imp->nunknown)
		return;
	f = cc_report_add(r, CC_CHECK_CONFIG_UNKNOWN_KEYS, CC_STATUS_INFO, -1,
			  "%zu key%s of connection '%s' certcheck does not "
			  "read (they do not concern certificates, or not "
			  "yet)",
			  imp->nunknown, imp->nunknown == 1 ? "" : "s",
			  imp->conn);
	cc_finding_list(f, "keys");
	for (size_t i = 0; i < imp->nunknown; i++)
		cc_finding_list_add(f, "%s", imp->unknown[i]);
}

/* See cc_config.h */
void cc_import_check_constraints(struct cc_report *r,
				 const struct cc_import *imp,
				 const struct cc_certset *set, int peer)
{
	X509 **pool;
	const X509 *hit;
	struct cc_finding *f;

	if (!imp->ca_id || peer < 0)
		return;
	pool = cc_xcalloc(set->n + 1, sizeof(*pool));
	for (size_t i = 0; i < set->n; i++)
		pool[i] = set->cert[i]->x509;
	hit = swc_chain_ca(set->cert[peer]->x509, pool, set->n, imp->ca_id,
			   imp->rdn, NULL);
	free(pool);
	if (hit) {
		f = cc_report_add(r, CC_CHECK_CONFIG_CONSTRAINT, CC_STATUS_OK,
				  peer,
				  "the peer's chain holds the CA '%s' that %s "
				  "requires",
				  imp->ca_id, imp->ca_id_where);
	} else {
		f = cc_report_add(
			r, CC_CHECK_CONFIG_CONSTRAINT, CC_STATUS_FAIL, peer,
			"%s requires the CA '%s' in the peer's chain, "
			"and no CA above '%s' is it: the gateway says "
			"\"constraint check failed: peer not "
			"authenticated by CA '%s'\"",
			imp->ca_id_where, imp->ca_id, set->cert[peer]->subject,
			imp->ca_id);
		cc_finding_remedy(f,
				  "give the peer a certificate issued under "
				  "'%s', or name its CA in %s",
				  imp->ca_id, imp->ca_id_where);
	}
	cc_finding_str(f, "connection", "%s", imp->conn);
	cc_finding_str(f, "key", "%s", imp->ca_id_where);
	cc_finding_str(f, "constraint", "%s", imp->ca_id);
	cc_finding_list(f, "chain");
	cc_finding_list_add(f, "%s", set->cert[peer]->subject);
	for (size_t i = 0; i < set->n; i++) {
		const struct cc_cert *c = set->cert[i];

		if (c->is_ca &&
		    X509_check_issued(c->x509, set->cert[peer]->x509) ==
			    X509_V_OK)
			cc_finding_list_add(f, "%s", c->subject);
	}
}
