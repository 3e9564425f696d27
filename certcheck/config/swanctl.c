/* SPDX-License-Identifier: MIT */
/*
 * swanctl.c - see cc_config.h.  The keys read are swanctl.conf's
 * (strongSwan 5.9.8 swanctl.opt): connections.<conn>.local*.certs,
 * remote*.{id,cacerts,certs,revocation,auth}; the folders are swanctl's
 * (swanctl.h: x509, x509ca, x509crl beside swanctl.conf).  Charon's
 * choice of connection is select.c's, the gateway's keys keys.c's.
 */
#define _POSIX_C_SOURCE 200809L /* strdup-like helpers, glob() */
#include <arpa/inet.h>
#include <ctype.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cc_config.h"
#include "cc_idlist.h"
#include "cc_report.h"
#include "cc_settings.h"
#include "swanctl.h"

void swc_add(char ***v, size_t *n, const char *s)
{
	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = cc_xstrdup(s);
}

void swc_add_printf(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;

	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	va_start(ap, fmt);
	(*v)[(*n)++] = cc_xvasprintf(fmt, ap);
	va_end(ap);
}

/* See swanctl.h */
char *swc_folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? cc_xasprintf("%.*s", (int)(slash - path), path)
		     : cc_xstrdup(".");
}

const struct swc_layout swc_swanctl_layout = {
	.x509 = "x509",
	.x509ca = "x509ca",
	.x509crl = "x509crl",
	.pubkey = "pubkey",
	.x509ocsp = "x509ocsp",
	.swanctl = true,
};

/* See swanctl.h */
char *swc_path(const struct swc_layout *L, const char *sub, const char *name)
{
	return name[0] == '/' || swc_is_blob(name)
		       ? cc_xstrdup(name)
		       : cc_xasprintf("%s/%s/%s", L->dir, sub, name);
}

/* A key of a connection as its configuration writes it: swanctl.conf's
 * "connections.rw.local.certs", ipsec.conf's "conn rw leftcert" (the keys
 * its translation gave these values from). */
static char *key_name(const struct swc_layout *L, const char *conn,
		      const char *key)
{
	static const char *const stroke[][2] = {
		{ "local.certs", "leftcert" },
		{ "remote.ca_id", "rightca" },
		{ "remote.cacerts", "rightca" },
		{ "remote.certs", "rightcert" },
		{ "remote.id", "rightid (else right)" },
		{ "remote.revocation", "strictcrlpolicy of config setup" },
	};

	if (L->libreswan && !strcmp(key, "remote.revocation"))
		return cc_xstrdup("crl-strict of config setup");
	for (size_t i = 0; !L->swanctl && i < countof(stroke); i++)
		if (!strcmp(stroke[i][0], key))
			return cc_xasprintf("conn %s %s", conn, stroke[i][1]);
	return cc_xasprintf("connections.%s.%s", conn, key);
}

/* An inline certificate (*out, taken over) as a file of imp->tmpdir for
 * the commands to load, in *out; one that is no certificate is
 * CC_EINPUT (charon cannot parse it). */
static enum cc_err inline_file(struct cc_ctx *ctx, struct cc_import *imp,
			       const char *conn, const char *key, char **out)
{
	X509 *x = swc_read_x509(*out);
	char *path = NULL;
	BIO *b = NULL;
	enum cc_err err = CC_SUCCESS;

	free(*out);
	*out = NULL;
	if (!x)
		return cc_fail(ctx, CC_EINPUT,
			       "'%s': connections.%s.%s: an inline 0x/0s value "
			       "that is no certificate",
			       imp->file, conn, key);
	if (!imp->tmpdir && !(imp->tmpdir = swc_tmpdir(ctx))) {
		X509_free(x);
		return ctx->err;
	}
	path = cc_xasprintf("%s/certs/inline-%zu.pem", imp->tmpdir,
			    imp->ninputs);
	if (!(b = BIO_new_file(path, "w")) || !PEM_write_bio_X509(b, x))
		err = cc_fail(ctx, CC_EINTERNAL, "'%s': cannot write", path);
	BIO_free(b);
	X509_free(x);
	if (err)
		free(path);
	else
		*out = path;
	return err;
}

/* A file the configuration names, as swanctl resolves it: absolute as
 * it is, else under sub/ beside swanctl.conf.  One that made swanctl
 * refuse the connection (config.missing-file says so) is *out NULL. */
static enum cc_err resolve(struct cc_ctx *ctx, struct cc_import *imp,
			   const struct swc_layout *L, const char *sub,
			   const char *name, const char *conn, const char *key,
			   char **out)
{
	struct stat st;
	char *where;
	enum cc_err err;

	*out = swc_path(L, sub, name);
	if (swc_is_blob(name))
		return inline_file(ctx, imp, conn, key, out);
	if (stat(*out, &st) == 0)
		return CC_SUCCESS;
	for (size_t i = 0; i < imp->nunloaded; i++)
		if (imp->unloaded[i].path &&
		    !strcmp(imp->unloaded[i].path, *out)) {
			free(*out);
			*out = NULL;
			return CC_SUCCESS;
		}
	where = key_name(L, conn, key);
	err = cc_fail(ctx, CC_EINPUT, "'%s' (%s) does not exist", *out, where);
	free(where);
	return err;
}

/* Every file of dir/sub, sorted (swanctl loads them all). */
void swc_every_file(const char *dir, const char *sub, char ***v, size_t *n)
{
	char *pat = cc_xasprintf("%s/%s/*", dir, sub);
	glob_t g;

	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			struct stat st;

			if (stat(g.gl_pathv[i], &st) == 0 &&
			    S_ISREG(st.st_mode))
				swc_add(v, n, g.gl_pathv[i]);
		}
		globfree(&g);
	}
	free(pat);
}

bool swc_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The connection's remote round (remote, remote-*), or NULL. */
const struct cc_section *swc_round_of(const struct cc_section *conn,
				      const char *which)
{
	for (size_t i = 0; i < conn->nsub; i++)
		if (swc_starts(conn->sub[i]->name, which))
			return conn->sub[i];
	return NULL;
}

bool swc_pubkey_peer(const struct cc_settings *s, const struct cc_section *conn)
{
	const struct cc_section *rem = swc_round_of(conn, "remote");
	const struct cc_kv *auth = rem ? cc_settings_get(s, rem, "auth") : NULL;

	/* auth defaults to pubkey */
	return rem &&
	       (!auth || !auth->value || swc_starts(auth->value, "pubkey"));
}

/* Text that grows at its end, in amortized constant time a byte. */
struct text {
	char *s;
	size_t len, cap;
};

static void text_printf(struct text *t, const char *fmt, ...) CC_PRINTF(2, 3);
static void text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	char *piece;
	size_t n;

	va_start(ap, fmt);
	piece = cc_xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(piece);
	cc_grow(&t->s, &t->cap, t->len + n + 1, 1);
	memcpy(t->s + t->len, piece, n + 1);
	t->len += n;
	free(piece);
}

/* A connection's name as an ID-list name (letters, digits, - _ .). */
static char *tunnel_name(const char *conn)
{
	char *t = cc_xstrdup(conn);

	for (char *p = t; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_.", *p))
			*p = '_';
	return t;
}

/* See swanctl.h */
bool swc_id_any(const char *id)
{
	static const char *const any[] = { "",	"%any", "%any6", "0.0.0.0",
					   "*", "::",	"0::0" };

	for (size_t i = 0; id && i < countof(any); i++)
		if (!strcmp(id, any[i]))
			return true;
	return !id;
}

/* See swanctl.h */
char *swc_id_entry(const char *id, char sep)
{
	unsigned char addr[16];

	if (!strncmp(id, "@@", 2))
		return cc_xasprintf("email%c%s", sep, id + 2);
	if (id[0] == '@' && id[1] != '#')
		return cc_xasprintf("fqdn%c%s", sep, id + 1);
	if (strchr(id, '='))
		return cc_xasprintf("dn%c%s", sep, id);
	if (inet_pton(AF_INET, id, addr) == 1 ||
	    inet_pton(AF_INET6, id, addr) == 1)
		return cc_xasprintf("ip%c%s", sep, id);
	return cc_xasprintf("%s%c%s", strchr(id, '@') ? "email" : "fqdn", sep,
			    id);
}

/*
 * Every connection whose peer authenticates with a certificate, in load
 * order, as one tunnel each: its remote.id the one entry of its list (none,
 * or %any: everyone), its remote_addrs the tunnel's remote when it is one
 * address, prefix or range (a list or a name: any; the order of connections
 * and their ids decide, as charon's choice does when addresses tie).
 */
static char *all_tunnels(const struct cc_settings *s,
			 const struct cc_section *conns, const bool *gone,
			 const char *profile)
{
	struct text tunnels = { 0 }, lists = { 0 };
	char *all;

	for (size_t i = 0; conns && i < conns->nsub; i++) {
		const struct cc_section *c = conns->sub[i];
		const struct cc_section *rem = swc_round_of(c, "remote");
		const struct cc_kv *id =
			rem ? cc_settings_get(s, rem, "id") : NULL;
		const struct cc_kv *ra = cc_settings_get(s, c, "remote_addrs");
		bool has_id = id && !swc_id_any(id->value);
		char *name, **addrs, why[128];
		struct cc_iprange range;
		size_t na;
		bool one = false;

		if (gone[i] || !swc_pubkey_peer(s, c))
			continue; /* charon does not have it, or no certificate */
		name = tunnel_name(c->name);
		na = cc_settings_list(ra ? ra->value : NULL, &addrs);
		one = na == 1 && strcmp(addrs[0], "%any") &&
		      cc_iprange_parse(addrs[0], &range, why, sizeof(why));
		text_printf(&tunnels, "tunnel %s remote=%s%s%s\n", name,
			    one ? addrs[0] : "any", has_id ? " idlist=" : "",
			    has_id ? name : "");
		if (has_id) {
			char *entry = swc_id_entry(id->value, ' ');

			text_printf(&lists, "idlist %s\n  %s\n", name, entry);
			free(entry);
		}
		for (size_t k = 0; k < na; k++)
			free(addrs[k]);
		free(addrs);
		free(name);
	}
	all = cc_xasprintf("%s%s%s", profile, tunnels.s ? tunnels.s : "",
			   lists.s ? lists.s : "");
	free(tunnels.s);
	free(lists.s);
	return all;
}

/* The keys of conn certcheck does not read, for one info finding. */
static void unknown_keys(struct cc_import *imp, const struct cc_section *conn)
{
	/* auto: an ipsec.conf conn's, kept by its translation */
	static const char *const conn_keys[] = { "local_addrs", "remote_addrs",
						 "version", "auto" };
	static const char *const round_keys[] = { "auth",  "id",
						  "certs", "cacerts",
						  "ca_id", "revocation" };

	for (size_t i = 0; i < conn->nkv; i++) {
		/* '%': a translation's note to the importer, no key */
		bool known = conn->kv[i].key[0] == '%';

		for (size_t k = 0; k < sizeof(conn_keys) / sizeof(*conn_keys);
		     k++)
			known |= !strcmp(conn->kv[i].key, conn_keys[k]);
		if (!known)
			swc_add(&imp->unknown, &imp->nunknown, conn->kv[i].key);
	}
	for (size_t i = 0; i < conn->nsub; i++) {
		const struct cc_section *r = conn->sub[i];

		if (!strcmp(r->name, "children"))
			continue; /* CHILD_SAs: nothing of a certificate */
		for (size_t j = 0; j < r->nkv; j++) {
			bool known = false;

			for (size_t k = 0;
			     k < sizeof(round_keys) / sizeof(*round_keys); k++)
				known |= !strcmp(r->kv[j].key, round_keys[k]);
			if (!known) {
				char *name = cc_xasprintf("%s.%s", r->name,
							  r->kv[j].key);

				swc_add(&imp->unknown, &imp->nunknown, name);
				free(name);
			}
		}
	}
}

/* The ID-list profile line the import's lists begin with: strongSwan's
 * rules, with charon.rdn_matching when strongswan.conf changes it. */
static const char *profile_line(const struct cc_import *imp)
{
	switch (imp->rdn) {
	case CC_RDN_REORDERED:
		return "profile strongswan rdn_matching=reordered\n";
	case CC_RDN_RELAXED:
		return "profile strongswan rdn_matching=relaxed\n";
	case CC_RDN_STRICT:
		break;
	}
	return "";
}

/* charon.rdn_matching of the gateway's strongswan.conf (strongSwan 5.9.8,
 * src/libstrongswan/utils/identification.c:1392, "strict" unless it
 * says reordered or relaxed), and whether it asks OCSP. */
static enum cc_err read_strongswan_conf(struct cc_ctx *ctx, const char *path,
					struct cc_import *out)
{
	struct cc_settings sc;
	const struct cc_kv *kv;
	enum cc_err err = cc_settings_load(ctx, &sc, path);

	kv = err ? NULL
		 : cc_settings_get(&sc, cc_settings_section(&sc, "charon"),
				   "rdn_matching");
	if (kv && kv->value) {
		if (!strcmp(kv->value, "reordered"))
			out->rdn = CC_RDN_REORDERED;
		else if (!strcmp(kv->value, "relaxed"))
			out->rdn = CC_RDN_RELAXED;
		else if (strcmp(kv->value, "strict"))
			err = cc_fail(ctx, CC_EINPUT,
				      "%s:%d: charon.rdn_matching = %s: not "
				      "strict, reordered or relaxed",
				      kv->file, kv->line, kv->value);
	}
	/* charon.plugins.revocation.enable_ocsp (revocation_validator.c:918,
	 * yes unless it says otherwise; settings' booleans: yes, true, on,
	 * enabled, 1) */
	kv = err ? NULL
		 : cc_settings_get(&sc,
				   cc_settings_section(
					   &sc, "charon.plugins.revocation"),
				   "enable_ocsp");
	if (kv && kv->value)
		out->ocsp_use = !strcasecmp(kv->value, "yes") ||
				!strcasecmp(kv->value, "true") ||
				!strcasecmp(kv->value, "on") ||
				!strcasecmp(kv->value, "enabled") ||
				!strcmp(kv->value, "1");
	cc_settings_release(&sc);
	return err;
}

/* Whether s starts as a URL does ("scheme://"). */
bool swc_is_url(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return n && !isdigit((unsigned char)s[0]) && !strncmp(s + n, "://", 3);
}

/* Appends uri, and the authority's CA file cacert (may be NULL), to the
 * lists uris and cas of *n. */
static void add_uri(char ***uris, char ***cas, size_t *n, const char *uri,
		    const char *cacert)
{
	swc_add(uris, n, uri);
	*cas = cc_xrealloc(*cas, *n * sizeof(**cas));
	(*cas)[*n - 1] = cacert ? cc_xstrdup(cacert) : NULL;
}

/*
 * authorities.*.crl_uris: every URL charon will try, split at every comma
 * as swanctl splits lists (strongSwan 5.9.8,
 * src/swanctl/commands/load_authorities.c:35 and :95: crl_uris and
 * ocsp_uris go through enumerator_create_token(value, ",", " ")).  A value cut into
 * a piece that is no URL was an LDAP URL with commas: said as such.
 */
static void read_authorities(const struct cc_settings *s,
			     const struct swc_layout *L, struct cc_import *imp)
{
	const struct cc_section *auth = cc_settings_section(s, "authorities");

	for (size_t a = 0; auth && a < auth->nsub; a++) {
		const struct cc_kv *kv =
			cc_settings_get(s, auth->sub[a], "crl_uris");
		const struct cc_kv *ca =
			cc_settings_get(s, auth->sub[a], "cacert");
		size_t n, whole = 0, first = imp->nsplit;
		char **v, *cacert = NULL;

		/* the authority's CA, as swanctl finds it (absolute, else
		 * under x509ca/: load_authorities.c:47) */
		if (ca && ca->value)
			cacert = swc_path(L, L->x509ca, ca->value);
		n = cc_settings_list(kv ? kv->value : NULL, &v);
		for (size_t i = 0; i < n; i++) {
			if (swc_is_url(v[i]))
				add_uri(&imp->crl_uris, &imp->crl_uri_ca,
					&imp->ncrl_uris, v[i], cacert);
			/* a URL followed by a piece that is none was cut */
			whole += swc_is_url(v[i]) &&
				 (i + 1 == n || swc_is_url(v[i + 1]));
		}
		for (size_t i = 0; i < n; i++) {
			struct cc_split_uri *x;

			if (swc_is_url(v[i]))
				continue;
			imp->split = cc_xrealloc(imp->split,
						 (imp->nsplit + 1) *
							 sizeof(*imp->split));
			x = &imp->split[imp->nsplit++];
			memset(x, 0, sizeof(*x));
			x->authority = cc_xstrdup(auth->sub[a]->name);
			x->value = cc_xstrdup(kv->value);
			x->where = cc_xasprintf("%s:%d", kv->file, kv->line);
			for (size_t k = 0; k < n; k++)
				swc_add(&x->pieces, &x->npieces, v[k]);
			break; /* one finding a value */
		}
		for (size_t i = first; i < imp->nsplit; i++)
			imp->split[i].whole_left = whole > 0;
		/* ocsp_uris: the responders charon asks for the authority's
		 * certificates (split as crl_uris are) */
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		kv = cc_settings_get(s, auth->sub[a], "ocsp_uris");
		n = cc_settings_list(kv ? kv->value : NULL, &v);
		for (size_t i = 0; i < n; i++)
			if (swc_is_url(v[i]))
				add_uri(&imp->ocsp_uris, &imp->ocsp_uri_ca,
					&imp->nocsp_uris, v[i], cacert);
		free(cacert);
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
	}
}

/* Records where an input came from: "x509/gw.pem via
 * connections.rw.local.certs (swanctl.conf:12)". */
static void came_from(struct cc_import *imp, const struct swc_layout *L,
		      const char *what, const struct cc_section *conn,
		      const char *key, const struct cc_kv *kv)
{
	char *where = key_name(L, conn->name, key);

	swc_add_printf(&imp->inputs, &imp->ninputs, "%s via %s (%s:%d)", what,
		       where, kv->file, kv->line);
	free(where);
}

static enum cc_err read_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			     const struct cc_section *conn,
			     const struct swc_layout *L, struct cc_import *imp)
{
	const struct cc_section *loc = swc_round_of(conn, "local"),
				*rem = swc_round_of(conn, "remote");
	const struct cc_kv *kv;
	char **v;
	size_t n;
	enum cc_err err = CC_SUCCESS;

	kv = loc ? cc_settings_get(s, loc, "certs") : NULL;
	n = cc_settings_list(kv ? kv->value : NULL, &v);
	if (n)
		err = resolve(ctx, imp, L, L->x509, v[0], conn->name,
			      "local.certs", &imp->local);
	if (n && imp->local)
		came_from(imp, L,
			  swc_is_blob(v[0]) ? "an inline certificate"
					    : imp->local,
			  conn, "local.certs", kv);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);

	kv = rem ? cc_settings_get(s, rem, "cacerts") : NULL;
	n = cc_settings_list(kv ? kv->value : NULL, &v);
	for (size_t i = 0; i < n && !err; i++) {
		char *path;

		/* remote.cacerts constrains the peer to these CAs: certcheck
		 * trusts only them */
		err = resolve(ctx, imp, L, L->x509ca, v[i], conn->name,
			      "remote.cacerts", &path);
		if (path) {
			swc_add(&imp->ca, &imp->nca, path);
			came_from(imp, L,
				  swc_is_blob(v[i]) ? "an inline CA certificate"
						    : path,
				  conn, "remote.cacerts", kv);
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	if (!imp->nca) {
		swc_every_file(L->dir, L->x509ca, &imp->ca, &imp->nca);
		/* libreswan's: listed as the NSS database's */
		for (size_t i = 0; i < imp->nca && !L->libreswan; i++)
			swc_add_printf(&imp->inputs, &imp->ninputs,
				       "%s via %s/ (%s loads every file)",
				       imp->ca[i], L->x509ca,
				       L->swanctl ? "swanctl" : imp->daemon);
	}

	kv = rem ? cc_settings_get(s, rem, "certs") : NULL;
	n = cc_settings_list(kv ? kv->value : NULL, &v);
	if (n && !err)
		err = resolve(ctx, imp, L, L->x509, v[0], conn->name,
			      "remote.certs", &imp->expect_peer);
	if (n && imp->expect_peer)
		came_from(imp, L,
			  swc_is_blob(v[0]) ? "an inline certificate"
					    : imp->expect_peer,
			  conn, "remote.certs", kv);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);

	kv = rem ? cc_settings_get(s, rem, "revocation") : NULL;
	if (kv && kv->value) {
		if (!cc_revocation_parse(kv->value, &imp->revocation))
			return cc_fail(ctx, CC_EINPUT,
				       "%s:%d: revocation = %s: not strict, "
				       "ifuri or relaxed",
				       kv->file, kv->line, kv->value);
		imp->has_revocation = true;
		came_from(imp, L, kv->value, conn, "remote.revocation", kv);
	} else {
		imp->has_revocation = true; /* swanctl.opt: relaxed */
		imp->revocation = CC_REV_RELAXED;
		swc_add_printf(&imp->inputs, &imp->ninputs,
			       "revocation relaxed: swanctl's default (no "
			       "connections.%s.remote.revocation)",
			       conn->name);
	}

	/* remote.ca_id: a CA the peer's chain must hold (checked by
	 * cc_import_check_constraints()) */
	kv = rem ? cc_settings_get(s, rem, "ca_id") : NULL;
	if (kv && kv->value) {
		imp->ca_id = cc_xstrdup(kv->value);
		imp->ca_id_where = key_name(L, conn->name, "remote.ca_id");
		came_from(imp, L, kv->value, conn, "remote.ca_id", kv);
	}

	/* remote.id: the one entry of the connection's ID list (none:
	 * %any, everyone) */
	kv = rem ? cc_settings_get(s, rem, "id") : NULL;
	if (kv && !swc_id_any(kv->value)) {
		char *tunnel = tunnel_name(conn->name),
		     *entry = swc_id_entry(kv->value, ' ');

		imp->idlist = cc_xasprintf(
			"%stunnel %s idlist=remote\nidlist remote\n  %s\n",
			profile_line(imp), tunnel, entry);
		free(entry);
		free(tunnel);
		came_from(imp, L, kv->value, conn, "remote.id", kv);
	}
	/* x509ocsp/: OCSP signers trusted as they are (load_creds.c:916,
	 * vici_cert_info.c:35: X509_OCSP_SIGNER) */
	if (L->x509ocsp)
		swc_every_file(L->dir, L->x509ocsp, &imp->ocsp_signers,
			       &imp->nocsp_signers);
	swc_every_file(L->dir, L->x509crl, &imp->crl, &imp->ncrl);
	for (size_t i = 0; i < imp->ncrl; i++)
		swc_add_printf(&imp->inputs, &imp->ninputs,
			       "%s via %s/ (%s loads every file)", imp->crl[i],
			       L->x509crl,
			       L->swanctl ? "swanctl" : imp->daemon);
	if (L->swanctl)
		swc_read_keys(s, L->dir, imp);
	unknown_keys(imp, conn);
	return err;
}

/* See swanctl.h */
enum cc_err swc_import_begin(struct cc_ctx *ctx, const char *path,
			     const char *strongswan_conf, struct cc_import *out)
{
	memset(out, 0, sizeof(*out));
	out->ocsp_use = -1;
	out->file = cc_xstrdup(path);
	out->gateway = CC_GW_STRONGSWAN;
	out->daemon = "charon";
	out->loader = "starter";
	out->refusal = cc_xstrdup("no matching peer config found");
	return strongswan_conf ? read_strongswan_conf(ctx, strongswan_conf, out)
			       : CC_SUCCESS;
}

/* See swanctl.h */
enum cc_err swc_import(struct cc_ctx *ctx, const struct cc_settings *s,
		       const struct swc_layout *L, const char *conn,
		       const struct cc_peer_hint *hint, struct cc_import *out)
{
	const struct cc_section *conns = cc_settings_section(s, "connections");
	const struct cc_section *pick = NULL;
	bool *gone = cc_xcalloc(conns ? conns->nsub + 1 : 1, sizeof(*gone));
	enum cc_err err = CC_SUCCESS;

	for (size_t i = 0; conns && i < conns->nsub; i++) {
		const struct cc_section *c = conns->sub[i];
		struct cc_unloaded u = { 0 };

		swc_add(&out->names, &out->nnames, c->name);
		if (!swc_loadable(s, c, L, &u)) {
			gone[i] = true;
			/* named, or the first that takes certificates */
			u.decisive =
				conn ? !strcmp(c->name, conn)
				     : !pick && !hint && swc_pubkey_peer(s, c);
			swc_add_unloaded(out, &u);
		}
		if (!pick && conn && !strcmp(c->name, conn))
			pick = c;
		if (!pick && !conn && !hint && !gone[i] &&
		    swc_pubkey_peer(s, c))
			pick = c;
	}
	if (!conn && hint && conns)
		err = (L->libreswan ? lsw_select_conn : swc_select_conn)(
			ctx, s, conns, gone, L, hint, out, &pick);
	if (!err && !pick) {
		char list[512] = "";
		size_t used = 0;

		for (size_t i = 0; i < out->nnames && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used,
						 sizeof(list) - used, "%s%s",
						 i ? ", " : "", out->names[i]);
		err = conn ? cc_fail(ctx, CC_EINPUT,
				     "'%s': no connection '%s' (it has: %s)",
				     out->file, conn, used ? list : "none")
			   : cc_fail(ctx, CC_EINPUT,
				     "'%s': no connection authenticates its "
				     "peer with a certificate (it has: %s)",
				     out->file, used ? list : "none");
	}
	if (!err) {
		out->conn = cc_xstrdup(pick->name);
		if (!out->why)
			out->why = cc_xstrdup(
				conn ? "named by --conn"
				     : "the first connection, in load order, "
				       "whose peer authenticates with a "
				       "certificate");
		out->tunnels = all_tunnels(s, conns, gone, profile_line(out));
		read_authorities(s, L, out);
		err = read_conn(ctx, s, pick, L, out);
	}
	free(gone);
	return err;
}

/* See cc_config.h */
enum cc_err cc_swanctl_import(struct cc_ctx *ctx, const char *path,
			      const char *strongswan_conf, const char *conn,
			      const struct cc_peer_hint *hint,
			      struct cc_import *out)
{
	struct swc_layout L = swc_swanctl_layout;
	struct cc_settings s;
	char *dir;
	enum cc_err err;

	if ((err = swc_import_begin(ctx, path, strongswan_conf, out)))
		return err;
	if ((err = cc_settings_load(ctx, &s, path))) {
		cc_settings_release(&s);
		return err;
	}
	L.dir = dir = swc_folder(path);
	err = swc_import(ctx, &s, &L, conn, hint, out);
	free(dir);
	cc_settings_release(&s);
	return err;
}
