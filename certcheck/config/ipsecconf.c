/* SPDX-License-Identifier: MIT */
/*
 * ipsecconf.c - strongSwan's legacy ipsec.conf, read as its starter reads
 * it and handed to the importer (swanctl.c) as the swanctl.conf it amounts
 * to, so that charon's choice of connection and every finding are the same
 * code.  The file is read by ipsecread.c; its meaning, from strongSwan
 * 5.9.8's sources (the code is certcheck's own):
 *
 * - only conns and ca sections with auto=add, route or start are loaded
 *   (confread.c:730, :771); auto=ignore is the default (:200);
 * - a conn: left and right are the gateway's and the peer's addresses
 *   (starter's swapping of the two ends by the machine's own addresses is
 *   not modelled); keyexchange=ikev1|ikev2 the version; rightid the id
 *   the peer must send, else right (stroke_config.c:359); rightauth, else
 *   from authby (starterstroke.c:238), else pubkey (stroke_config.c:392);
 *   leftcert and rightcert under ipsec.d/certs; rightca the subject of a
 *   CA certificate charon has (ipsec.d/cacerts, the ca sections), %same
 *   for leftca, and a constraint dropped when there is none
 *   (stroke_config.c:470);
 * - config setup: strictcrlpolicy=yes|ifuri|no (stroke_config.c:311);
 * - ca sections: cacert (under ipsec.d/cacerts), crluri (crluri1) and
 *   crluri2, the authority's CRL URLs, ocspuri (ocspuri1) and ocspuri2,
 *   its OCSP responders.
 */
#define _POSIX_C_SOURCE 200809L /* getline(), glob() */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "cc_config.h"
#include "cc_idlist.h"
#include "ipsecconf.h"
#include "swanctl.h"

/* Whether the section is loaded: auto=add, route or start. */
static bool loaded(const struct ipc_section *s)
{
	const struct ipc_setting *a = ipc_get(s, "auto");

	return a && (!strcmp(a->value, "add") || !strcmp(a->value, "route") ||
		     !strcmp(a->value, "start"));
}

/* See ipsecconf.h */
void ipc_put(struct cc_section *sec, const char *key,
	     const struct ipc_setting *from, const char *value)
{
	cc_section_set(sec, key, value ? value : from->value, from->file,
		       from->line);
}

/* See ipsecconf.h */
void ipc_put_unread(const struct ipc_section *c, struct cc_section *out,
		    const char *const *read, size_t nread)
{
	for (size_t p = 0; p <= c->nparents; p++) {
		const struct ipc_section *x = p ? c->parents[p - 1] : c;

		for (size_t i = 0; i < x->nset; i++) {
			bool known = false;

			for (size_t k = 0; k < nread && !known; k++)
				known = !strcmp(read[k], x->set[i].key);
			/* each key once: the value in force */
			if (!known && ipc_get(c, x->set[i].key) == &x->set[i])
				ipc_put(out, x->set[i].key, &x->set[i], NULL);
		}
	}
}

/* The IPC_CA certificate file of ipsec.d/cacerts (or a ca section's cacert)
 * whose subject is dn, or NULL (owned). */
static char *ca_of(char *const *cas, size_t n, const char *dn)
{
	struct cc_idconf any = { .profile = CC_PROFILE_STRONGSWAN };
	char why[256], *text = cc_xasprintf("dn:%s", dn), *hit = NULL;
	struct cc_id want;

	if (!cc_id_parse(text, &want, why, sizeof(why))) {
		free(text);
		return NULL;
	}
	free(text);
	for (size_t i = 0; i < n && !hit; i++) {
		X509 *x = swc_read_x509(cas[i]);
		struct cc_id have = { .type = CC_ID_DN };

		if (!x)
			continue;
		cc_dn_from_name(X509_get_subject_name(x), &have.dn);
		if (cc_id_match(&any, &want, &have, NULL, 0) ==
		    CC_MATCH_PERFECT)
			hit = cc_xstrdup(cas[i]);
		cc_dn_release(&have.dn);
		X509_free(x);
	}
	cc_id_release(&want);
	return hit;
}

/* Keys of a conn the translation reads (the rest are listed unknown). */
static const char *const read_keys[] = {
	"auto",	   "keyexchange", "left",   "right",	 "leftcert", "leftid",
	"rightid", "rightauth",	  "authby", "rightcert", "rightca",  "leftca",
};

static void translate_conn(const struct ipc_section *c, const char *revocation,
			   const struct ipc_setting *strict, char *const *cas,
			   size_t ncas, struct cc_section *conns,
			   struct cc_import *imp)
{
	struct cc_section *out =
		cc_section_add(conns, c->name, c->file, c->line);
	struct cc_section *loc = cc_section_add(out, "local", c->file, c->line);
	struct cc_section *rem =
		cc_section_add(out, "remote", c->file, c->line);
	const struct ipc_setting *t, *right = ipc_get(c, "right"),
				     *a = ipc_get(c, "auto");
	const struct ipc_setting dflt = { "auto", "ignore", c->file, c->line };

	/* the importer asks swc_loadable(), which reads it */
	ipc_put(out, "auto", a ? a : &dflt, NULL);
	if ((t = ipc_get(c, "keyexchange")))
		ipc_put(out, "version", t,
			!strcmp(t->value, "ikev1")   ? "1"
			: !strcmp(t->value, "ikev2") ? "2"
						     : "0");
	if ((t = ipc_get(c, "left")) && strcmp(t->value, "%defaultroute"))
		ipc_put(out, "local_addrs", t, NULL);
	if (right)
		ipc_put(out, "remote_addrs", right, NULL);
	if ((t = ipc_get(c, "leftcert")))
		ipc_put(loc, "certs", t, NULL);
	if ((t = ipc_get(c, "leftid")))
		ipc_put(loc, "id", t, NULL);
	/* the peer's id: rightid, else its address (stroke_config.c:359) */
	if ((t = ipc_get(c, "rightid")) || (t = right))
		ipc_put(rem, "id", t, NULL);
	if ((t = ipc_get(c, "rightauth"))) {
		ipc_put(rem, "auth", t, NULL);
	} else if ((t = ipc_get(c, "authby"))) {
		/* starterstroke.c:238 */
		bool psk = !strcmp(t->value, "psk") ||
			   !strcmp(t->value, "secret") ||
			   !strcmp(t->value, "xauthpsk");

		ipc_put(rem, "auth", t,
			psk			     ? "psk"
			: !strcmp(t->value, "never") ? "never"
						     : "pubkey");
	}
	if ((t = ipc_get(c, "rightcert")))
		ipc_put(rem, "certs", t, NULL);
	if ((t = ipc_get(c, "rightca")) && !strcmp(t->value, "%same"))
		t = ipc_get(c, "leftca");
	if (t) {
		char *ca = ca_of(cas, ncas, t->value);

		if (ca)
			ipc_put(rem, "cacerts", t, ca);
		else
			swc_add_printf(
				&imp->inputs, &imp->ninputs,
				"rightca=\"%s\" of conn %s (%s:%d): no "
				"IPC_CA certificate charon has bears that "
				"subject, so charon drops the "
				"constraint (\"IPC_CA certificate not "
				"found, discarding IPC_CA constraint\")",
				t->value, c->name, t->file, t->line);
		free(ca);
	}
	if (strict)
		ipc_put(rem, "revocation", strict, revocation);
	/* what is not read, for config.unknown-keys */
	ipc_put_unread(c, out, read_keys, countof(read_keys));
}

/* The URLs of a ca section's keys (crluri, crluri1, crluri2: the later
 * ones appended, as starter hands them to charon), joined as a list, into
 * key of out. */
static void put_uris(const struct ipc_section *a, const char *const keys[3],
		     struct cc_section *out, const char *key)
{
	const struct ipc_setting *t = NULL, *u;
	char *uris = NULL;

	for (int i = 0; i < 3; i++) {
		char *more;

		if (!(u = ipc_get(a, keys[i])))
			continue;
		more = uris ? cc_xasprintf("%s, %s", uris, u->value)
			    : cc_xstrdup(u->value);
		free(uris);
		uris = more;
		t = u;
	}
	if (uris)
		ipc_put(out, key, t, uris);
	free(uris);
}

static void translate_ca(const struct ipc_section *a,
			 const struct swc_layout *L, struct cc_section *auths,
			 char ***cas, size_t *ncas)
{
	static const char *const crl[] = { "crluri", "crluri1", "crluri2" };
	static const char *const ocsp[] = { "ocspuri", "ocspuri1", "ocspuri2" };
	struct cc_section *out =
		cc_section_add(auths, a->name, a->file, a->line);
	const struct ipc_setting *t = ipc_get(a, "cacert");

	if (t) {
		char *path = swc_path(L, L->x509ca, t->value);

		ipc_put(out, "cacert", t, path);
		swc_add(cas, ncas, path);
		free(path);
	}
	put_uris(a, crl, out, "crl_uris");
	/* the authority's OCSP responders */
	put_uris(a, ocsp, out, "ocsp_uris");
}

/*
 * The private keys of ipsec.secrets as the stroke plugin loads them
 * (strongSwan 5.9.8, stroke_cred.c, load_secrets(): :1303 the lines
 * "[ids] : RSA|ECDSA|PKCS8 FILE [PASSPHRASE]" (BLISS too, which no
 * certificate here uses); :968 FILE under ipsec.d/private unless
 * absolute; :982 "%prompt" asks for the passphrase, which certcheck cannot:
 * none; :1213 "include PATTERN", relative to the file).  Other secrets
 * (PSK, EAP, P12, ...) are no keys of certificates.
 */
static void read_secrets(const char *path, const struct swc_layout *L,
			 int depth, struct cc_import *imp)
{
	FILE *f = depth < CC_SETTINGS_MAX_DEPTH ? fopen(path, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;

	/* a line that does not read (an open quote) is skipped */
	while (f && getline(&line, &cap, f) > 0) {
		char *p = line, *colon, *type, *file, *pass = NULL, *at;
		bool open = false;

		line[strcspn(line, "\r\n")] = '\0';
		if (!strncmp(p, "include", 7) &&
		    (p[7] == ' ' || p[7] == '\t')) {
			const char *q = p + 8, *slash = strrchr(path, '/');
			char *pat = ipc_word(&q, &open), *full;
			glob_t g;

			if (!pat)
				continue;
			full = pat[0] == '/' || !slash
				       ? cc_xstrdup(pat)
				       : cc_xasprintf("%.*s/%s",
						      (int)(slash - path), path,
						      pat);
			if (glob(full, 0, NULL, &g) == 0) {
				for (size_t i = 0; i < g.gl_pathc; i++)
					read_secrets(g.gl_pathv[i], L,
						     depth + 1, imp);
				globfree(&g);
			}
			free(full);
			free(pat);
			continue;
		}
		if (!(colon = strchr(p, ':')))
			continue;
		at = colon + 1;
		type = ipc_word((const char **)&at, &open);
		if (!type)
			continue;
		/* case counts (lexparser.c:34, match()) */
		if (strcmp(type, "RSA") && strcmp(type, "ECDSA") &&
		    strcmp(type, "PKCS8")) {
			free(type);
			continue;
		}
		file = ipc_word((const char **)&at, &open);
		if (file)
			pass = ipc_word((const char **)&at, &open);
		if (file) {
			char *full = swc_path(L, "ipsec.d/private", file);

			swc_add(&imp->keys, &imp->nkeys, full);
			imp->key_pass = cc_xrealloc(
				imp->key_pass,
				imp->nkeys * sizeof(*imp->key_pass));
			imp->key_pass[imp->nkeys - 1] =
				pass && strcmp(pass, "%prompt")
					? cc_xstrdup(pass)
					: NULL;
			free(full);
		}
		if (pass)
			OPENSSL_cleanse(pass, strlen(pass));
		free(pass);
		free(file);
		free(type);
	}
	if (line)
		OPENSSL_cleanse(line, cap);
	free(line);
	if (f)
		fclose(f);
}

/* strongSwan's translation (the file read, also= resolved). */
enum cc_err ipc_import_strongswan(struct cc_ctx *ctx, struct ipc_conf *c,
				  const char *path, const char *conn,
				  const struct cc_peer_hint *hint,
				  struct cc_import *out)
{
	struct swc_layout L = {
		.x509 = "ipsec.d/certs",
		.x509ca = "ipsec.d/cacerts",
		.x509crl = "ipsec.d/crls",
		.pubkey = "ipsec.d/certs",
		/* stroke_cred.c:1387: X509_OCSP_SIGNER */
		.x509ocsp = "ipsec.d/ocspcerts",
	};
	struct cc_settings *tree = c->tree;
	const struct ipc_section *setup;
	const struct ipc_setting *strict = NULL;
	const char *revocation = "relaxed";
	struct cc_section *conns, *auths;
	char **cas = NULL, *dir;
	size_t ncas = 0;
	enum cc_err err;

	L.dir = dir = swc_folder(path);
	setup = ipc_find(c, IPC_SETUP, "setup");
	if (setup && (strict = ipc_get(setup, "strictcrlpolicy")))
		revocation = !strcmp(strict->value, "yes")     ? "strict"
			     : !strcmp(strict->value, "ifuri") ? "ifuri"
							       : "relaxed";
	swc_every_file(L.dir, L.x509ca, &cas, &ncas);
	auths = cc_section_add(&tree->root, "authorities", path, 1);
	conns = cc_section_add(&tree->root, "connections", path, 1);
	/* a ca section is loaded with auto=add (confread.c:730) */
	for (size_t i = 0; i < c->nsec; i++)
		if (c->sec[i]->kind == IPC_CA &&
		    strcmp(c->sec[i]->name, "%default") && loaded(c->sec[i]))
			translate_ca(c->sec[i], &L, auths, &cas, &ncas);
	/* every conn, its auto= for swc_loadable() to judge */
	for (size_t i = 0; i < c->nsec; i++)
		if (c->sec[i]->kind == IPC_CONN &&
		    strcmp(c->sec[i]->name, "%default"))
			translate_conn(c->sec[i], revocation, strict, cas, ncas,
				       conns, out);
	err = swc_import(ctx, tree, &L, conn, hint, out);
	if (!err) {
		char *secrets = cc_xasprintf("%s/ipsec.secrets", L.dir);

		read_secrets(secrets, &L, 0, out);
		out->keys_from = cc_xasprintf(
			"the RSA, ECDSA and PKCS8 lines of %s", secrets);
		free(secrets);
	}
	for (size_t i = 0; i < ncas; i++)
		free(cas[i]);
	free(cas);
	free(dir);
	return err;
}

/*
 * Whose ipsec.conf: keys only one of them reads (strongSwan 5.9.8,
 * src/starter/keywords.txt; libreswan 4.10, lib/libipsecconf/keywords.c),
 * and strongSwan's ca sections, which libreswan has not.
 */
static const char *const strongswan_only[] = {
	"charondebug",	"strictcrlpolicy", "cachecrls",	     "charonstart",
	"eap_identity", "aaa_identity",	   "xauth_identity", "closeaction",
	"inactivity",	"installpolicy",   "margintime",     "mediation",
	"mediated_by",	"leftauth2",	   "rightauth2",     "leftcert2",
	"rightcert2",	"leftid2",	   "rightid2",	     "leftgroups",
	"rightgroups",	"leftfirewall",	   "rightfirewall",  "leftsigkey",
	"rightsigkey",	"leftallowany",	   "rightallowany",
};
static const char *const libreswan_only[] = {
	"crl-strict",
	"ocsp-enable",
	"ocsp-strict",
	"ocsp-method",
	"ocsp-uri",
	"protostack",
	"virtual-private",
	"nhelpers",
	"nssdir",
	"ipsecdir",
	"secretsfile",
	"logfile",
	"plutodebug",
	"dnssec-enable",
	"ikev2",
	"narrowing",
	"phase2",
	"phase2alg",
	"encapsulation",
	"nat-ikev1-method",
	"sendca",
	"xauthby",
	"leftckaid",
	"rightckaid",
	"leftmodecfgserver",
	"rightmodecfgclient",
	"leftaddresspool",
	"rightaddresspool",
	"vti-interface",
};

/* The first key of c that one of keys names, as "KEY (FILE:LINE)". */
static char *marker(const struct ipc_conf *c, const char *const *keys, size_t n,
		    bool ca_sections)
{
	for (size_t i = 0; i < c->nsec; i++) {
		const struct ipc_section *x = c->sec[i];

		if (ca_sections && x->kind == IPC_CA)
			return cc_xasprintf("a ca section (%s:%d)", x->file,
					    x->line);
		for (size_t k = 0; k < x->nset; k++)
			for (size_t j = 0; j < n; j++)
				if (!strcmp(x->set[k].key, keys[j]))
					return cc_xasprintf(
						"%s (%s:%d)", keys[j],
						x->set[k].file, x->set[k].line);
	}
	return NULL;
}

/* Whether c is libreswan's, as dialect says or its keys tell. */
static enum cc_err dialect_of(struct cc_ctx *ctx, const struct ipc_conf *c,
			      const char *path, const char *dialect,
			      bool *libreswan, char **why)
{
	char *sw = marker(c, strongswan_only, countof(strongswan_only), true);
	char *lsw = marker(c, libreswan_only, countof(libreswan_only), false);
	enum cc_err err = CC_SUCCESS;

	if (dialect) {
		*libreswan = !strcmp(dialect, "libreswan");
		*why = cc_xasprintf("%s's, as --ipsec-conf-dialect says",
				    *libreswan ? "libreswan" : "strongSwan");
	} else if (sw && lsw) {
		err = cc_fail(ctx, CC_EINPUT,
			      "'%s': both strongSwan's (%s) and libreswan's "
			      "(%s): give --ipsec-conf-dialect",
			      path, sw, lsw);
	} else {
		*libreswan = lsw != NULL;
		*why = lsw  ? cc_xasprintf("libreswan's: %s is libreswan's "
					    "alone",
					   lsw)
		       : sw ? cc_xasprintf("strongSwan's: %s is "
					   "strongSwan's alone",
					   sw)
			    : cc_xstrdup("strongSwan's: no key tells, so "
					 "strongSwan is assumed (else give "
					 "--ipsec-conf-dialect libreswan)");
	}
	free(sw);
	free(lsw);
	return err;
}

/* See cc_config.h */
enum cc_err cc_ipsecconf_import(struct cc_ctx *ctx, const char *path,
				const char *dialect, const char *nss_db,
				const char *strongswan_conf, const char *conn,
				const struct cc_peer_hint *hint,
				struct cc_import *out)
{
	struct cc_settings tree = { 0 };
	struct ipc_conf c = { .tree = &tree };
	char *why = NULL;
	enum cc_err err;

	if ((err = swc_import_begin(ctx, path, strongswan_conf, out)))
		return err;
	err = ipc_read(ctx, &c, path);
	if (!err)
		err = dialect_of(ctx, &c, path, dialect, &c.libreswan, &why);
	if (!err && nss_db && !c.libreswan)
		err = cc_fail(ctx, CC_EUSAGE,
			      "'%s' is strongSwan's ipsec.conf: --nss-db is "
			      "libreswan's",
			      path);
	if (!err)
		err = ipc_resolve(ctx, &c);
	if (!err) {
		swc_add_printf(&out->inputs, &out->ninputs, "%s: %s", path,
			       why);
		err = c.libreswan ? ipc_import_libreswan(ctx, &c, path, nss_db,
							 conn, hint, out)
				  : ipc_import_strongswan(ctx, &c, path, conn,
							  hint, out);
	}
	free(why);
	ipc_release(&c);
	cc_settings_release(&tree);
	return err;
}
