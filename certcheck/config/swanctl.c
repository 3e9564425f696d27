/* SPDX-License-Identifier: MIT */
/*
 * swanctl.c - see cc_config.h.  The keys read are swanctl.conf's
 * (strongSwan 5.9.8 swanctl.opt): connections.<conn>.local*.certs,
 * remote*.{id,cacerts,certs,revocation,auth}; the folders are swanctl's
 * (swanctl.h: x509, x509ca, x509crl beside swanctl.conf).
 */
#define _POSIX_C_SOURCE 200809L /* strdup-like helpers, glob() */
#include <ctype.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_cert.h"
#include "cc_config.h"
#include "cc_idlist.h"
#include "cc_report.h"
#include "cc_settings.h"

static void add(char ***v, size_t *n, const char *s)
{
	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = cc_xstrdup(s);
}

static void add_printf(char ***v, size_t *n, const char *fmt, ...)
	CC_PRINTF(3, 4);
static void add_printf(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;

	*v = cc_xrealloc(*v, (*n + 1) * sizeof(**v));
	va_start(ap, fmt);
	(*v)[(*n)++] = cc_xvasprintf(fmt, ap);
	va_end(ap);
}

/* The folder of path (owned). */
static char *folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? cc_xasprintf("%.*s", (int)(slash - path), path)
		     : cc_xstrdup(".");
}

/* A file the configuration names, as swanctl resolves it: absolute as
 * it is, else under sub/ beside swanctl.conf. */
static enum cc_err resolve(struct cc_ctx *ctx, const char *dir, const char *sub,
			   const char *name, const char *key, char **out)
{
	struct stat st;

	*out = name[0] == '/' ? cc_xstrdup(name)
			      : cc_xasprintf("%s/%s/%s", dir, sub, name);
	if (stat(*out, &st) == 0)
		return CC_SUCCESS;
	return cc_fail(ctx, CC_EINPUT, "'%s' (%s) does not exist", *out, key);
}

/* Every file of dir/sub, sorted (swanctl loads them all). */
static void every_file(const char *dir, const char *sub, char ***v, size_t *n)
{
	char *pat = cc_xasprintf("%s/%s/*", dir, sub);
	glob_t g;

	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			struct stat st;

			if (stat(g.gl_pathv[i], &st) == 0 &&
			    S_ISREG(st.st_mode))
				add(v, n, g.gl_pathv[i]);
		}
		globfree(&g);
	}
	free(pat);
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The connection's remote round (remote, remote-*), or NULL. */
static const struct cc_section *round_of(const struct cc_section *conn,
					 const char *which)
{
	for (size_t i = 0; i < conn->nsub; i++)
		if (starts(conn->sub[i]->name, which))
			return conn->sub[i];
	return NULL;
}

static bool pubkey_peer(const struct cc_settings *s,
			const struct cc_section *conn)
{
	const struct cc_section *rem = round_of(conn, "remote");
	const struct cc_kv *auth = rem ? cc_settings_get(s, rem, "auth") : NULL;

	/* auth defaults to pubkey */
	return rem && (!auth || !auth->value || starts(auth->value, "pubkey"));
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

/* The ID-list type of a remote.id: a DN has '=', an e-mail '@'. */
static const char *id_type(const char *id)
{
	return strchr(id, '=') ? "dn" : strchr(id, '@') ? "email" : "fqdn";
}

/*
 * Every connection whose peer authenticates with a certificate, in load
 * order, as one tunnel each: its remote.id the one entry of its list (none,
 * or %any: everyone), its remote_addrs the tunnel's remote when it is one
 * address, prefix or range (a list or a name: any; the order of connections
 * and their ids decide, as charon's choice does when addresses tie).
 */
static char *all_tunnels(const struct cc_settings *s,
			 const struct cc_section *conns, const char *profile)
{
	struct text tunnels = { 0 }, lists = { 0 };
	char *all;

	for (size_t i = 0; conns && i < conns->nsub; i++) {
		const struct cc_section *c = conns->sub[i];
		const struct cc_section *rem = round_of(c, "remote");
		const struct cc_kv *id =
			rem ? cc_settings_get(s, rem, "id") : NULL;
		const struct cc_kv *ra = cc_settings_get(s, c, "remote_addrs");
		bool has_id = id && id->value && strcmp(id->value, "%any");
		char *name, **addrs, why[128];
		struct cc_iprange range;
		size_t na;
		bool one = false;

		if (!pubkey_peer(s, c))
			continue;
		name = tunnel_name(c->name);
		na = cc_settings_list(ra ? ra->value : NULL, &addrs);
		one = na == 1 && strcmp(addrs[0], "%any") &&
		      cc_iprange_parse(addrs[0], &range, why, sizeof(why));
		text_printf(&tunnels, "tunnel %s remote=%s%s%s\n", name,
			    one ? addrs[0] : "any", has_id ? " idlist=" : "",
			    has_id ? name : "");
		if (has_id)
			text_printf(&lists, "idlist %s\n  %s %s\n", name,
				    id_type(id->value), id->value);
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
	static const char *const conn_keys[] = { "local_addrs", "remote_addrs",
						 "version" };
	static const char *const round_keys[] = { "auth", "id", "certs",
						  "cacerts", "revocation" };

	for (size_t i = 0; i < conn->nkv; i++) {
		bool known = false;

		for (size_t k = 0; k < sizeof(conn_keys) / sizeof(*conn_keys);
		     k++)
			known |= !strcmp(conn->kv[i].key, conn_keys[k]);
		if (!known)
			add(&imp->unknown, &imp->nunknown, conn->kv[i].key);
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

				add(&imp->unknown, &imp->nunknown, name);
				free(name);
			}
		}
	}
}

/*
 * Connection selection as charon 5.9.8 does it for a responder
 * (src/libcharon/config/backend_manager.c, create_peer_cfg_enumerator):
 *
 * - the address score, get_ike_match() (:86): MATCH_ME (8) times how
 *   well the gateway's address matches local_addrs, plus MATCH_OTHER (16)
 *   times how well the peer's matches remote_addrs; an address not known
 *   counts MATCH_ANY (1); an explicit version adds MATCH_VERSION (4);
 * - how well an address matches (ike_cfg.c:201, match()): the address
 *   itself 129, a subnet holding it its prefix length + 1, %any or a
 *   range 1, else 0 (the connection is out);
 * - the id score, get_peer_match() (:291): the gateway's own id scores 1
 *   (the peer sent no IDr), the peer's IDi against remote.id as
 *   identification_t matches (PERFECT 20, one wildcard 19, ..., ANY 1 for
 *   none or %any), 0 puts the connection out;
 * - the order, insert_sorted() (:402): a connection goes before another
 *   only when it is better on one score and not worse on the other; else
 *   load order stands.
 */
struct candidate {
	const struct cc_section *conn;
	unsigned ike, peer;
};

/* How well address a matches the list value (ike_cfg.c:201). */
static unsigned addr_quality(const char *value, const struct cc_iprange *a)
{
	char **v, why[128];
	size_t n = cc_settings_list(value ? value : "%any", &v);
	unsigned q = 0;

	for (size_t i = 0; i < n; i++) {
		struct cc_iprange r;
		char *slash = strchr(v[i], '/');

		if (!strcmp(v[i], "%any") || !strcmp(v[i], "%any4") ||
		    !strcmp(v[i], "%any6") || !strcmp(v[i], "0.0.0.0") ||
		    !strcmp(v[i], "::")) {
			q = q > 1 ? q : 1;
		} else if (cc_iprange_parse(v[i], &r, why, sizeof(why)) &&
			   r.family == a->family &&
			   cc_iprange_contains(&r, a)) {
			unsigned here = r.single ? 129
					: r.all	 ? 1
					: slash	 ? (unsigned)atoi(slash + 1) + 1
						 : 1; /* a range */
			q = q > here ? q : here;
		}
		/* a name: resolved by charon; not yet here (no match) */
		free(v[i]);
	}
	free(v);
	return q;
}

/* The connection's scores for the peer of h; false when it is out. */
static bool score(const struct cc_settings *s, const struct cc_section *conn,
		  const struct cc_peer_hint *h, const struct cc_iprange *from,
		  const struct cc_iprange *to, enum cc_rdn_matching rdn,
		  struct candidate *c)
{
	const struct cc_kv *kv = cc_settings_get(s, conn, "version");
	const char *version = kv && kv->value ? kv->value : "0";
	const struct cc_section *rem = round_of(conn, "remote");
	unsigned q;

	c->conn = conn;
	if (!strcmp(version, "1"))
		return false; /* an IKEv1 connection: the peer speaks IKEv2 */
	if (h->to) {
		kv = cc_settings_get(s, conn, "local_addrs");
		if (!(q = addr_quality(kv ? kv->value : NULL, to)))
			return false;
		c->ike = q * 8;
	} else {
		c->ike = 1; /* the gateway's own address: not known */
	}
	if (h->from) {
		kv = cc_settings_get(s, conn, "remote_addrs");
		if (!(q = addr_quality(kv ? kv->value : NULL, from)))
			return false;
		c->ike += q * 16;
	} else {
		c->ike += 1;
	}
	if (!strcmp(version, "2"))
		c->ike += 4; /* MATCH_VERSION */
	c->peer = 1;	     /* the gateway's own id: the peer sent no IDr */
	kv = rem ? cc_settings_get(s, rem, "id") : NULL;
	if (!kv || !kv->value || !strcmp(kv->value, "%any") || !h->idi) {
		c->peer += 1;
	} else {
		struct cc_idconf conf = { .profile = CC_PROFILE_STRONGSWAN,
					  .rdn = rdn };
		char *text = cc_xasprintf("%s:%s", id_type(kv->value),
					  kv->value),
		     why[256];
		struct cc_id want;
		int m = 0;

		if (cc_id_parse(text, &want, why, sizeof(why))) {
			m = cc_id_match(&conf, &want, h->idi, NULL, 0);
			cc_id_release(&want);
		}
		free(text);
		if (!m)
			return false;
		c->peer += (unsigned)m;
	}
	return true;
}

/* insert_sorted() (backend_manager.c:402). */
static void insert_sorted(struct candidate *list, size_t *n,
			  const struct candidate *e)
{
	size_t at = 0;

	while (at < *n &&
	       !((e->ike > list[at].ike && e->peer >= list[at].peer) ||
		 (e->ike >= list[at].ike && e->peer > list[at].peer)))
		at++;
	memmove(&list[at + 1], &list[at], (*n - at) * sizeof(*list));
	list[at] = *e;
	(*n)++;
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
 * says reordered or relaxed). */
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
	cc_settings_release(&sc);
	return err;
}

/* The certificate in path (PEM or DER), or NULL. */
static X509 *read_x509(const char *path)
{
	BIO *b = BIO_new_file(path, "rb");
	X509 *x = NULL;

	if (!b)
		return NULL;
	x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (!x) {
		(void)BIO_reset(b);
		x = d2i_X509_bio(b, NULL);
	}
	ERR_clear_error();
	BIO_free(b);
	return x;
}

/* Whether one of the CAs in the files of value issued the peer's
 * certificate or one of the intermediates above it that it sends. */
static bool chain_has(const char *dir, const char *value,
		      const struct cc_peer_hint *h)
{
	char **v;
	size_t n = cc_settings_list(value, &v);
	bool found = false;

	for (size_t i = 0; i < n; i++) {
		char *path = v[i][0] == '/'
				     ? cc_xstrdup(v[i])
				     : cc_xasprintf("%s/x509ca/%s", dir, v[i]);
		X509 *ca = read_x509(path);
		const X509 *cur = h->peer;

		/* up the chain the peer sends, at most eight steps */
		for (int step = 0; ca && cur && !found && step < 8; step++) {
			const X509 *up = NULL;

			if (X509_check_issued(ca, (X509 *)cur) == X509_V_OK) {
				found = true;
				break;
			}
			for (size_t k = 0; h->set && k < h->set->n && !up; k++)
				if (h->set->cert[k]->role ==
					    CC_ROLE_UNTRUSTED &&
				    X509_check_issued(h->set->cert[k]->x509,
						      (X509 *)cur) == X509_V_OK)
					up = h->set->cert[k]->x509;
			cur = up;
		}
		X509_free(ca);
		free(path);
		free(v[i]);
	}
	free(v);
	return found;
}

/*
 * Whether the peer passes the certificate constraints charon checks once
 * it has authenticated (auth_cfg.c, complies(); ike_auth.c:422 "selected
 * peer config '%s' unacceptable", then the next candidate): remote.certs
 * pins its certificate, remote.cacerts names CAs one of which must be in
 * its chain.  Without the peer's certificate, every connection passes.
 */
static bool complies(const struct cc_settings *s, const struct cc_section *conn,
		     const char *dir, const struct cc_peer_hint *h)
{
	const struct cc_section *rem = round_of(conn, "remote");
	const struct cc_kv *kv;
	bool ok = true;

	if (!h->peer || !rem)
		return true;
	kv = cc_settings_get(s, rem, "certs");
	if (kv && kv->value) {
		char **v;
		size_t n = cc_settings_list(kv->value, &v);

		ok = false;
		for (size_t i = 0; i < n; i++) {
			char *path = v[i][0] == '/' ? cc_xstrdup(v[i])
						    : cc_xasprintf("%s/x509/%s",
								   dir, v[i]);
			X509 *pin = read_x509(path);

			ok |= pin && !X509_cmp(pin, h->peer);
			X509_free(pin);
			free(path);
			free(v[i]);
		}
		free(v);
	}
	kv = cc_settings_get(s, rem, "cacerts");
	if (ok && kv && kv->value)
		ok = chain_has(dir, kv->value, h);
	return ok;
}

/* The connection charon selects for the peer of h (above), in *pick;
 * its ranking in out->why and out->candidates. */
static enum cc_err select_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			       const struct cc_section *conns, const char *dir,
			       const struct cc_peer_hint *h,
			       struct cc_import *out,
			       const struct cc_section **pick)
{
	struct candidate *list = cc_xcalloc(conns->nsub + 1, sizeof(*list));
	struct cc_iprange from = { 0 }, to = { 0 };
	char why[128], *idi;
	size_t n = 0;

	if (h->from && !cc_iprange_parse(h->from, &from, why, sizeof(why))) {
		free(list);
		return cc_fail(ctx, CC_EUSAGE, "option '--from': %s", why);
	}
	if (h->to && !cc_iprange_parse(h->to, &to, why, sizeof(why))) {
		free(list);
		return cc_fail(ctx, CC_EUSAGE, "option '--to': %s", why);
	}
	for (size_t i = 0; i < conns->nsub; i++) {
		struct candidate c;

		if (score(s, conns->sub[i], h, &from, &to, out->rdn, &c))
			insert_sorted(list, &n, &c);
	}
	idi = h->idi ? cc_xasprintf(" sending IDi '%s'", h->idi->text)
		     : cc_xstrdup("");
	for (size_t i = 0; i < n; i++)
		add_printf(&out->candidates, &out->ncandidates,
			   "%s (address %u, id %u)", list[i].conn->name,
			   list[i].ike, list[i].peer);
	if (!n) {
		/* charon: "no matching peer config found"; judged against the
		 * first connection that takes certificates, for the rest */
		out->no_connection = cc_xasprintf(
			"no connection of %s takes a peer%s%s%s", out->file,
			h->from ? " at " : "", h->from ? h->from : "", idi);
		for (size_t i = 0; i < conns->nsub && !*pick; i++)
			if (pubkey_peer(s, conns->sub[i]))
				*pick = conns->sub[i];
		out->why = cc_xstrdup("no connection takes this peer: the "
				      "first, in load order, whose peer "
				      "authenticates with a certificate");
		free(idi);
		free(list);
		return CC_SUCCESS;
	}
	/* after authentication, a candidate whose constraints the peer fails
	 * gives way to the next ("switching to peer config"): one that
	 * authenticates its peer otherwise than by certificate always does */
	for (size_t i = 0; i < n && !*pick; i++)
		if (pubkey_peer(s, list[i].conn) &&
		    complies(s, list[i].conn, dir, h))
			*pick = list[i].conn;
	/* none complies: charon's error is the first's */
	for (size_t i = 0; i < n && !*pick; i++)
		if (pubkey_peer(s, list[i].conn))
			*pick = list[i].conn;
	out->why = cc_xasprintf(
		"charon's choice for a peer%s%s%s%s%s: of %zu candidate%s, the "
		"first by address and id score (load order deciding where "
		"neither is better on both, backend_manager.c:402) that "
		"authenticates its peer by certificate",
		h->from ? " at " : "", h->from ? h->from : " at any address",
		idi,
		h->to ? " reaching " : " (local_addrs not judged: no --to)",
		h->to ? h->to : "", n, n == 1 ? "" : "s");
	free(idi);
	free(list);
	if (!*pick)
		return cc_fail(ctx, CC_EINPUT,
			       "'%s': of the connections charon would take "
			       "for this peer, none authenticates it with a "
			       "certificate",
			       out->file);
	return CC_SUCCESS;
}

/*
 * The private keys swanctl loads (strongSwan 5.9.8,
 * src/swanctl/commands/load_creds.c:922-926: every file of private/,
 * rsa/, ecdsa/, pkcs8/), each with the passphrase of the secrets section
 * whose name starts with the folder's type and whose file is its name
 * (decrypt_with_config(), :332).
 */
static void read_keys(const struct cc_settings *s, const char *dir,
		      struct cc_import *imp)
{
	static const char *const types[] = { "private", "rsa", "ecdsa",
					     "pkcs8" };
	const struct cc_section *sec = cc_settings_section(s, "secrets");

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		size_t first = imp->nkeys;

		every_file(dir, types[t], &imp->keys, &imp->nkeys);
		imp->key_pass =
			cc_xrealloc(imp->key_pass,
				    (imp->nkeys + 1) * sizeof(*imp->key_pass));
		for (size_t k = first; k < imp->nkeys; k++) {
			const char *base = strrchr(imp->keys[k], '/') + 1;

			imp->key_pass[k] = NULL;
			for (size_t i = 0; sec && i < sec->nsub; i++) {
				const struct cc_section *x = sec->sub[i];
				const struct cc_kv *file, *pass;

				if (!starts(x->name, types[t]))
					continue;
				file = cc_settings_get(s, x, "file");
				pass = cc_settings_get(s, x, "secret");
				if (file && file->value && pass &&
				    pass->value &&
				    !strcasecmp(file->value, base))
					imp->key_pass[k] =
						cc_xstrdup(pass->value);
			}
		}
	}
}

/* Whether s starts as a URL does ("scheme://"). */
static bool is_url(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return n && !isdigit((unsigned char)s[0]) && !strncmp(s + n, "://", 3);
}

/*
 * authorities.*.crl_uris: every URL charon will try, split at every comma
 * as swanctl splits lists (strongSwan 5.9.8,
 * src/swanctl/commands/load_authorities.c:35 and :95: crl_uris and
 * ocsp_uris go through enumerator_create_token(value, ",", " ")).  A value cut into
 * a piece that is no URL was an LDAP URL with commas: said as such.
 */
static void read_authorities(const struct cc_settings *s, const char *dir,
			     struct cc_import *imp)
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
			cacert = ca->value[0] == '/'
					 ? cc_xstrdup(ca->value)
					 : cc_xasprintf("%s/x509ca/%s", dir,
							ca->value);
		n = cc_settings_list(kv ? kv->value : NULL, &v);
		for (size_t i = 0; i < n; i++) {
			if (is_url(v[i])) {
				add(&imp->crl_uris, &imp->ncrl_uris, v[i]);
				imp->crl_uri_ca = cc_xrealloc(
					imp->crl_uri_ca,
					imp->ncrl_uris *
						sizeof(*imp->crl_uri_ca));
				imp->crl_uri_ca[imp->ncrl_uris - 1] =
					cacert ? cc_xstrdup(cacert) : NULL;
			}
			/* a URL followed by a piece that is none was cut */
			whole += is_url(v[i]) &&
				 (i + 1 == n || is_url(v[i + 1]));
		}
		for (size_t i = 0; i < n; i++) {
			struct cc_split_uri *x;

			if (is_url(v[i]))
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
				add(&x->pieces, &x->npieces, v[k]);
			break; /* one finding a value */
		}
		for (size_t i = first; i < imp->nsplit; i++)
			imp->split[i].whole_left = whole > 0;
		free(cacert);
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
	}
}

/* Records where an input came from: "x509/gw.pem via
 * connections.rw.local.certs (swanctl.conf:12)". */
static void came_from(struct cc_import *imp, const char *what,
		      const struct cc_section *conn, const char *key,
		      const struct cc_kv *kv)
{
	add_printf(&imp->inputs, &imp->ninputs,
		   "%s via connections.%s.%s (%s:%d)", what, conn->name, key,
		   kv->file, kv->line);
}

static enum cc_err read_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			     const struct cc_section *conn, const char *dir,
			     struct cc_import *imp)
{
	const struct cc_section *loc = round_of(conn, "local"),
				*rem = round_of(conn, "remote");
	const struct cc_kv *kv;
	char **v;
	size_t n;
	enum cc_err err = CC_SUCCESS;

	kv = loc ? cc_settings_get(s, loc, "certs") : NULL;
	n = cc_settings_list(kv ? kv->value : NULL, &v);
	if (n)
		err = resolve(ctx, dir, "x509", v[0], "connections.local.certs",
			      &imp->local);
	if (n && !err)
		came_from(imp, imp->local, conn, "local.certs", kv);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);

	kv = rem ? cc_settings_get(s, rem, "cacerts") : NULL;
	n = cc_settings_list(kv ? kv->value : NULL, &v);
	for (size_t i = 0; i < n && !err; i++) {
		char *path;

		/* remote.cacerts constrains the peer to these CAs: certcheck
		 * trusts only them */
		err = resolve(ctx, dir, "x509ca", v[i],
			      "connections.remote.cacerts", &path);
		if (!err) {
			add(&imp->ca, &imp->nca, path);
			came_from(imp, path, conn, "remote.cacerts", kv);
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	if (!imp->nca) {
		every_file(dir, "x509ca", &imp->ca, &imp->nca);
		for (size_t i = 0; i < imp->nca; i++)
			add_printf(&imp->inputs, &imp->ninputs,
				   "%s via x509ca/ (swanctl loads every file)",
				   imp->ca[i]);
	}

	kv = rem ? cc_settings_get(s, rem, "certs") : NULL;
	n = cc_settings_list(kv ? kv->value : NULL, &v);
	if (n && !err)
		err = resolve(ctx, dir, "x509", v[0],
			      "connections.remote.certs", &imp->expect_peer);
	if (n && !err)
		came_from(imp, imp->expect_peer, conn, "remote.certs", kv);
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
		came_from(imp, kv->value, conn, "remote.revocation", kv);
	} else {
		imp->has_revocation = true; /* swanctl.opt: relaxed */
		imp->revocation = CC_REV_RELAXED;
		add_printf(&imp->inputs, &imp->ninputs,
			   "revocation relaxed: swanctl's default (no "
			   "connections.%s.remote.revocation)",
			   conn->name);
	}

	/* remote.id: the one entry of the connection's ID list (none:
	 * %any, everyone) */
	kv = rem ? cc_settings_get(s, rem, "id") : NULL;
	if (kv && kv->value && strcmp(kv->value, "%any")) {
		char *tunnel = tunnel_name(conn->name);

		imp->idlist = cc_xasprintf(
			"%stunnel %s idlist=remote\nidlist remote\n  %s %s\n",
			profile_line(imp), tunnel, id_type(kv->value),
			kv->value);
		free(tunnel);
		came_from(imp, kv->value, conn, "remote.id", kv);
	}
	every_file(dir, "x509crl", &imp->crl, &imp->ncrl);
	for (size_t i = 0; i < imp->ncrl; i++)
		add_printf(&imp->inputs, &imp->ninputs,
			   "%s via x509crl/ (swanctl loads every file)",
			   imp->crl[i]);
	read_keys(s, dir, imp);
	unknown_keys(imp, conn);
	return err;
}

/* See cc_config.h */
enum cc_err cc_swanctl_import(struct cc_ctx *ctx, const char *path,
			      const char *strongswan_conf, const char *conn,
			      const struct cc_peer_hint *hint,
			      struct cc_import *out)
{
	struct cc_settings s;
	const struct cc_section *conns, *pick = NULL;
	char *dir;
	enum cc_err err;

	memset(out, 0, sizeof(*out));
	out->file = cc_xstrdup(path);
	if (strongswan_conf &&
	    (err = read_strongswan_conf(ctx, strongswan_conf, out)))
		return err;
	if ((err = cc_settings_load(ctx, &s, path))) {
		cc_settings_release(&s);
		return err;
	}
	dir = folder(path);
	conns = cc_settings_section(&s, "connections");
	for (size_t i = 0; conns && i < conns->nsub; i++) {
		add(&out->names, &out->nnames, conns->sub[i]->name);
		if (!pick && conn && !strcmp(conns->sub[i]->name, conn))
			pick = conns->sub[i];
		if (!pick && !conn && !hint && pubkey_peer(&s, conns->sub[i]))
			pick = conns->sub[i];
	}
	if (!conn && hint && conns)
		err = select_conn(ctx, &s, conns, dir, hint, out, &pick);
	if (!err && !pick) {
		char list[512] = "";
		size_t used = 0;

		for (size_t i = 0; i < out->nnames && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used,
						 sizeof(list) - used, "%s%s",
						 i ? ", " : "", out->names[i]);
		err = conn ? cc_fail(ctx, CC_EINPUT,
				     "'%s': no connection '%s' (it has: %s)",
				     path, conn, used ? list : "none")
			   : cc_fail(ctx, CC_EINPUT,
				     "'%s': no connection authenticates its "
				     "peer with a certificate (it has: %s)",
				     path, used ? list : "none");
	}
	if (!err) {
		out->conn = cc_xstrdup(pick->name);
		if (!out->why)
			out->why = cc_xstrdup(
				conn ? "named by --conn"
				     : "the first connection, in load order, "
				       "whose peer authenticates with a "
				       "certificate");
		out->tunnels = all_tunnels(&s, conns, profile_line(out));
		read_authorities(&s, dir, out);
		err = read_conn(ctx, &s, pick, dir, out);
	}
	free(dir);
	cc_settings_release(&s);
	return err;
}

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
	free(imp->conn);
	free(imp->why);
	free(imp->local);
	free_list(imp->ca, imp->nca);
	free_list(imp->crl, imp->ncrl);
	free(imp->expect_peer);
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
	for (size_t i = 0; i < imp->nsplit; i++) {
		free(imp->split[i].authority);
		free(imp->split[i].value);
		free(imp->split[i].where);
		free_list(imp->split[i].pieces, imp->split[i].npieces);
	}
	free(imp->split);
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
				  -1,
				  "%s: charon says \"no matching peer config "
				  "found\"",
				  imp->no_connection);
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
			if (is_url(x->pieces[k]) && !is_url(x->pieces[k + 1])) {
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

/* The private key in path (PEM, encrypted or not, or DER), or NULL. */
static EVP_PKEY *read_key(const char *path, const char *pass)
{
	BIO *b = BIO_new_file(path, "rb");
	EVP_PKEY *k = NULL;

	if (!b)
		return NULL;
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)(pass ? pass : ""));
	if (!k) {
		ERR_clear_error();
		(void)BIO_reset(b);
		k = d2i_PrivateKey_bio(b, NULL);
	}
	ERR_clear_error();
	BIO_free(b);
	return k;
}

/* See cc_config.h */
void cc_import_check_key(struct cc_report *r, const struct cc_import *imp,
			 const struct cc_certset *set, int local)
{
	const struct cc_cert *c = set->cert[local];
	EVP_PKEY *pub = X509_get0_pubkey(c->x509);
	struct cc_finding *f;
	size_t unread = 0;

	for (size_t i = 0; i < imp->nkeys; i++) {
		EVP_PKEY *k = read_key(imp->keys[i], imp->key_pass[i]);
		bool same = k && pub && EVP_PKEY_eq(pub, k) == 1;

		unread += !k;
		EVP_PKEY_free(k);
		if (same) {
			f = cc_report_add(r, CC_CHECK_CONFIG_PRIVATE_KEY,
					  CC_STATUS_OK, local,
					  "the private key of '%s' is loaded "
					  "from %s",
					  c->subject, imp->keys[i]);
			cc_finding_str(f, "file", "%s", imp->keys[i]);
			return;
		}
	}
	if (!imp->nkeys)
		f = cc_report_add(r, CC_CHECK_CONFIG_PRIVATE_KEY,
				  CC_STATUS_FAIL, local,
				  "swanctl loads no private key (private/, "
				  "rsa/, ecdsa/ and pkcs8/ beside %s are "
				  "empty): charon cannot sign as '%s' (\"no "
				  "private key found for\")",
				  imp->file, c->subject);
	else
		f = cc_report_add(
			r, CC_CHECK_CONFIG_PRIVATE_KEY,
			unread == imp->nkeys ? CC_STATUS_WARN : CC_STATUS_FAIL,
			local,
			"none of the %zu private key%s swanctl loads "
			"(private/, rsa/, ecdsa/, pkcs8/ beside %s) belongs to "
			"'%s'%s: charon cannot sign with it (\"no private key "
			"found for\")",
			imp->nkeys, imp->nkeys == 1 ? "" : "s", imp->file,
			c->subject,
			unread ? " (some could not be read, or decrypted with "
				 "the secrets' passphrases)"
			       : "");
	cc_finding_list(f, "files");
	for (size_t i = 0; i < imp->nkeys; i++)
		cc_finding_list_add(f, "%s", imp->keys[i]);
	cc_finding_int(f, "unreadable", (long long)unread);
	cc_finding_remedy(f, "put the private key of the gateway's certificate "
			     "in private/ (with its passphrase in a "
			     "secrets.private-* section when it is "
			     "encrypted), or configure the certificate that "
			     "belongs to the key there");
}
