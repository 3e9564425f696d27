/* SPDX-License-Identifier: MIT */
/*
 * lswconf.c - libreswan's ipsec.conf (read by ipsecread.c) as the
 * swanctl.conf it amounts to, for the importer (swanctl.c) and pluto's
 * choice of connection (lswselect.c).  Its meaning, from libreswan 4.10's
 * sources (the code is certcheck's own):
 *
 * - addconn --autoall loads the conns with auto=add, ondemand (route),
 *   start (up) or keep (programs/addconn/addconn.c:415); auto=ignore is
 *   the default; a conn with a key given twice with two values, or an
 *   also= of no conn, is not loaded (confread.c:815, :1136);
 * - left and right are the gateway's and the peer's addresses;
 *   keyexchange=ikev1 or ikev2=no make an IKEv1 conn; rightid is the id
 *   the peer must send, %fromcert (or unset beside rightcert) any that
 *   its certificate holds, else unset the address of right; authby (or
 *   rightauth) secret is a pre-shared key, null none, rsasig, ecdsa and
 *   the rsa-sha2 forms a certificate (the default: keywords.c, authby
 *   "rsasig,ecdsa");
 * - leftcert and rightcert are nicknames of the NSS database (--nss-db);
 *   pluto trusts every root CA of it (root_certs.c:97);
 * - rightca is the DN of a CA the peer's chain must hold, %same the
 *   leftca, whose default is the issuer of leftcert; pluto checks it in
 *   choosing the connection (peer_id.c:484, trusted_ca());
 * - config setup crl-strict=yes fails a certificate whose CRL is missing
 *   or stale (nss_cert_verify.c:127: REQUIRE_INFO_ON_MISSING_SOURCE,
 *   FAIL_ON_MISSING_FRESH_INFO); otherwise a missing CRL passes.
 *
 * pluto compares DNs in any RDN order with '*' values (id.c:393,
 * match_dn_any_order_wild()): the ID-list entries of its conns are
 * judged as strongSwan's with rdn_matching=reordered.  Its private keys
 * live in the NSS database too: certcheck does not read them.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "cc_config.h"
#include "cc_x509.h"
#include "ipsecconf.h"
#include "swanctl.h"

/* Keys of a conn the translation reads (the rest are listed unknown). */
static const char *const read_keys[] = {
	"auto",	     "keyexchange", "ikev2",   "left",	    "right",
	"leftcert",  "leftid",	    "rightid", "rightauth", "authby",
	"rightcert", "rightca",	    "leftca",
};

/* Whether an auto= value is one addconn --autoall loads. */
static bool loads(const char *v)
{
	static const char *const yes[] = { "add",   "ondemand", "route",
					   "start", "up",	"keep" };

	for (size_t i = 0; v && i < countof(yes); i++)
		if (!strcmp(v, yes[i]))
			return true;
	return false;
}

/* The remote auth an authby list amounts to for a certificate peer. */
static const char *auth_of(const char *authby)
{
	if (strstr(authby, "rsa") || strstr(authby, "ecdsa"))
		return "pubkey";
	if (!strcmp(authby, "secret"))
		return "psk";
	return authby; /* null, never: no certificate */
}

/* The subject of the issuer of the certificate in path, or NULL. */
static char *issuer_of(const char *path)
{
	X509 *x = path ? swc_read_x509(path) : NULL;
	char *dn = x ? cc_name_string(X509_get_issuer_name(x)) : NULL;

	X509_free(x);
	return dn;
}

/* A nickname's exported file, else the conn refused (with the NSS
 * database) or the input asked for (without). */
static char *nick_file(const struct ipc_setting *t, const char *tmpdir,
		       bool have_db, struct cc_section *out,
		       struct cc_import *imp)
{
	char *path = have_db ? lsw_nss_path(tmpdir, t->value) : NULL;

	if (path)
		return path;
	if (have_db) {
		char *why = cc_xasprintf("%s=%s is no nickname of the NSS "
					 "database (pluto cannot load the "
					 "conn)",
					 t->key, t->value);

		ipc_put(out, "%refused", t, why);
		free(why);
	} else if (!imp->needs) {
		imp->needs = cc_xasprintf(
			"%s=%s (%s:%d) names a certificate of libreswan's NSS "
			"database: give --nss-db DIR (Debian's is "
			"/var/lib/ipsec/nss)",
			t->key, t->value, t->file, t->line);
	}
	return NULL;
}

/*
 * pluto refuses a conn whose leftauth or rightauth is rsasig or ecdsa
 * when authby (by default "rsasig,ecdsa") does not allow it
 * (connections.c:1245: "failed to add connection: rightauth=rsasig
 * expects authby=RSASIG+RSASIG_v1_5"; the lab saw it).
 */
static void check_auth(const struct ipc_section *c, struct cc_section *out)
{
	const struct ipc_setting *by = ipc_get(c, "authby");
	const char *authby = by ? by->value : "rsasig,ecdsa";

	for (int side = 0; side < 2; side++) {
		const struct ipc_setting *t =
			ipc_get(c, side ? "rightauth" : "leftauth");
		bool rsa, allowed;
		char *why;

		if (!t ||
		    (strcmp(t->value, "rsasig") && strcmp(t->value, "ecdsa")))
			continue;
		rsa = t->value[0] == 'r';
		allowed = rsa ? strstr(authby, "rsa") != NULL
			      : strstr(authby, "ecdsa") != NULL;
		if (allowed)
			continue;
		why = cc_xasprintf("pluto: \"failed to add connection: %s=%s "
				   "expects authby=%s\" (authby=%s)",
				   t->key, t->value,
				   rsa ? "RSASIG+RSASIG_v1_5" : "ECDSA",
				   authby);
		ipc_put(out, "%refused", t, why);
		free(why);
		return;
	}
}

static void translate_conn(const struct ipc_section *c,
			   const struct ipc_setting *revocation,
			   const char *tmpdir, bool have_db,
			   struct cc_section *conns, struct cc_import *imp)
{
	struct cc_section *out =
		cc_section_add(conns, c->name, c->file, c->line);
	struct cc_section *loc = cc_section_add(out, "local", c->file, c->line);
	struct cc_section *rem =
		cc_section_add(out, "remote", c->file, c->line);
	const struct ipc_setting *t, *right = ipc_get(c, "right"),
				     *a = ipc_get(c, "auto");
	const struct ipc_setting *rcert = ipc_get(c, "rightcert");
	char *local = NULL, *path;

	if (c->broken) {
		const struct ipc_setting here = { "also", NULL, c->file,
						  c->line };

		ipc_put(out, "%refused", &here, c->broken);
	} else if (!a || !loads(a->value)) {
		const struct ipc_setting here = { "auto", NULL, c->file,
						  c->line };
		char *why = cc_xasprintf(
			"auto=%s: addconn --autoall loads only auto=add, "
			"ondemand, route, start, up or keep (auto=ignore is "
			"the default)",
			a ? a->value : "ignore");

		ipc_put(out, "%refused", a ? a : &here, why);
		free(why);
	}
	{
		const struct ipc_setting at = { "auto", NULL, c->file,
						c->line };

		ipc_put(out, "auto", a ? a : &at, "add");
	}
	if (((t = ipc_get(c, "keyexchange")) && !strcmp(t->value, "ikev1")) ||
	    ((t = ipc_get(c, "ikev2")) &&
	     (!strcmp(t->value, "no") || !strcmp(t->value, "never"))))
		ipc_put(out, "version", t, "1");
	if ((t = ipc_get(c, "left")) && t->value[0] != '%')
		ipc_put(out, "local_addrs", t, NULL);
	if (right)
		ipc_put(out, "remote_addrs", right, NULL);
	if ((t = ipc_get(c, "leftcert")) &&
	    (local = nick_file(t, tmpdir, have_db, out, imp)))
		ipc_put(loc, "certs", t, local);
	/* the peer's id: rightid, %fromcert any its certificate holds;
	 * unset, any beside rightcert, else right's address */
	t = ipc_get(c, "rightid");
	if (t && !strcmp(t->value, "%fromcert"))
		ipc_put(rem, "id", t, "%any");
	else if (t)
		ipc_put(rem, "id", t, NULL);
	else if (!rcert && right)
		ipc_put(rem, "id", right, NULL);
	if ((t = ipc_get(c, "rightauth")) || (t = ipc_get(c, "authby")))
		ipc_put(rem, "auth", t, auth_of(t->value));
	check_auth(c, out);
	if (rcert && (path = nick_file(rcert, tmpdir, have_db, out, imp))) {
		ipc_put(rem, "certs", rcert, path);
		free(path);
	}
	/* rightca: a CA the chain must hold; %same: leftca, by default the
	 * issuer of leftcert */
	if ((t = ipc_get(c, "rightca"))) {
		const struct ipc_setting *lca = ipc_get(c, "leftca");
		char *dn = NULL;

		if (strcmp(t->value, "%same"))
			ipc_put(rem, "ca_id", t, NULL);
		else if (lca)
			ipc_put(rem, "ca_id", t, lca->value);
		else if ((dn = issuer_of(local)))
			ipc_put(rem, "ca_id", t, dn);
		free(dn);
	}
	ipc_put(rem, "revocation", revocation,
		revocation->value && !strcmp(revocation->value, "yes")
			? "strict"
			: "relaxed");
	free(local);
	ipc_put_unread(c, out, read_keys, countof(read_keys));
}

/* See ipsecconf.h */
enum cc_err ipc_import_libreswan(struct cc_ctx *ctx, struct ipc_conf *c,
				 const char *path, const char *nss_db,
				 const char *conn,
				 const struct cc_peer_hint *hint,
				 struct cc_import *out)
{
	struct swc_layout L = {
		.x509 = "certs",
		.x509ca = "cacerts",
		.x509crl = "crls",
		.pubkey = "certs",
		.libreswan = true,
		.im = "certs",
	};
	const struct ipc_section *setup = ipc_find(c, IPC_SETUP, "setup");
	const struct ipc_setting *strict =
		setup ? ipc_get(setup, "crl-strict") : NULL;
	const struct ipc_setting dflt = { "crl-strict", "no", path, 0 };
	const struct ipc_setting *ocsp =
		setup ? ipc_get(setup, "ocsp-enable") : NULL;
	struct cc_section *conns;
	enum cc_err err;

	out->gateway = CC_GW_LIBRESWAN;
	out->daemon = "pluto";
	out->loader = "libreswan's addconn";
	free(out->refusal);
	/* peer_id.c:633, the conn kept does not take the certificate's id */
	out->refusal = cc_xstrdup("X509: authentication failed; peer ... "
				  "does not match expected ...");
	/* config setup ocsp-enable (plutomain.c:1250; no by default) */
	out->ocsp_use = ocsp && !strcmp(ocsp->value, "yes");
	/* pluto matches DNs in any order (above) */
	out->rdn = CC_RDN_REORDERED;
	for (size_t i = 0; i < c->nsec; i++)
		if (c->sec[i]->kind == IPC_CA)
			return cc_fail(ctx, CC_EINPUT,
				       "%s:%d: ca sections are strongSwan's; "
				       "libreswan has none (give "
				       "--ipsec-conf-dialect strongswan)",
				       c->sec[i]->file, c->sec[i]->line);
	if (!(out->tmpdir = swc_tmpdir(ctx)))
		return ctx->err;
	if (nss_db && (err = lsw_nss_export(ctx, nss_db, out->tmpdir, out)))
		return err;
	L.dir = out->tmpdir;
	conns = cc_section_add(&c->tree->root, "connections", path, 1);
	for (size_t i = 0; i < c->nsec; i++)
		if (c->sec[i]->kind == IPC_CONN &&
		    strcmp(c->sec[i]->name, "%default"))
			translate_conn(c->sec[i], strict ? strict : &dflt,
				       out->tmpdir, nss_db != NULL, conns, out);
	return swc_import(ctx, c->tree, &L, conn, hint, out);
}
