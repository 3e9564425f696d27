/* SPDX-License-Identifier: MIT */
/*
 * select.c - the connection charon selects for a peer, by its rules
 * (below): which connections it has at all (swanctl and starter leave some
 * out), and whether the peer passes the constraints that make charon
 * switch to the next one.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r() */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_cert.h"
#include "cc_idlist.h"
#include "swanctl.h"

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
	size_t index; /* in load order */
	unsigned ike, peer;
};

/*
 * A name of remote_addrs as charon takes it (ike_cfg.c:213,
 * host_create_from_dns(): the first address of the peer's family that
 * its resolver answers, that one only), said where inputs are.  A name
 * with several addresses is answered in turn by many servers (dnsmasq
 * rotates them, as the lab saw): when the peer's is one of them but not
 * the first, charon takes the peer only when its own lookup happens to
 * put it first; counted as a match, and said.
 */
static bool name_is(const char *name, const struct cc_iprange *a,
		    const struct cc_peer_hint *h, struct cc_import *out)
{
	char addrs[512] = "", line[768], why[128], *save = NULL, *tok;
	bool first = true, hit = false, later = false;
	size_t n = 0;

	if (!h || !h->lookup)
		return false;
	h->lookup(h->lookup_arg, name, a->family, addrs, sizeof(addrs));
	snprintf(line, sizeof(line), "remote_addrs name '%s': %s", name,
		 addrs[0] ? addrs : "no address");
	for (tok = strtok_r(addrs, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save), first = false, n++) {
		struct cc_iprange r;

		if (cc_iprange_parse(tok, &r, why, sizeof(why)) &&
		    cc_iprange_contains(&r, a)) {
			hit |= first;
			later |= !first;
		}
	}
	if (later)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 " (%zu addresses: charon takes the first its resolver "
			 "answers, so this connection takes the peer only when "
			 "its address comes first; give the address itself)",
			 n);
	for (size_t i = 0; i < out->ninputs; i++)
		if (!strcmp(out->inputs[i], line))
			return hit || later;
	swc_add(&out->inputs, &out->ninputs, line);
	return hit || later;
}

/* How well address a matches the list value (ike_cfg.c:201). */
static unsigned addr_quality(const char *value, const struct cc_iprange *a,
			     const struct cc_peer_hint *h,
			     struct cc_import *out)
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
		} else if (cc_iprange_parse(v[i], &r, why, sizeof(why))) {
			unsigned here = r.single ? 129
					: r.all	 ? 1
					: slash	 ? (unsigned)atoi(slash + 1) + 1
						 : 1; /* a range */

			if (r.family == a->family && cc_iprange_contains(&r, a))
				q = q > here ? q : here;
		} else if (!slash && name_is(v[i], a, h, out)) {
			q = 129; /* a name: the address it resolves to */
		}
		free(v[i]);
	}
	free(v);
	return q;
}

/* The connection's scores for the peer of h; false when it is out. */
static bool score(const struct cc_settings *s, const struct cc_section *conn,
		  const struct cc_peer_hint *h, const struct cc_iprange *from,
		  const struct cc_iprange *to, struct cc_import *out,
		  struct candidate *c)
{
	const struct cc_kv *kv = cc_settings_get(s, conn, "version");
	const char *version = kv && kv->value ? kv->value : "0";
	const struct cc_section *rem = swc_round_of(conn, "remote");
	unsigned q;

	c->conn = conn;
	if (!strcmp(version, "1"))
		return false; /* an IKEv1 connection: the peer speaks IKEv2 */
	if (h->to) {
		kv = cc_settings_get(s, conn, "local_addrs");
		if (!(q = addr_quality(kv ? kv->value : NULL, to, NULL, NULL)))
			return false;
		c->ike = q * 8;
	} else {
		c->ike = 1; /* the gateway's own address: not known */
	}
	if (h->from) {
		kv = cc_settings_get(s, conn, "remote_addrs");
		if (!(q = addr_quality(kv ? kv->value : NULL, from, h, out)))
			return false;
		c->ike += q * 16;
	} else {
		c->ike += 1;
	}
	if (!strcmp(version, "2"))
		c->ike += 4; /* MATCH_VERSION */
	c->peer = 1;	     /* the gateway's own id: the peer sent no IDr */
	kv = rem ? cc_settings_get(s, rem, "id") : NULL;
	if (!kv || swc_id_any(kv->value) || !h->idi) {
		c->peer += 1;
	} else {
		struct cc_idconf conf = { .profile = CC_PROFILE_STRONGSWAN,
					  .rdn = out->rdn };
		char *text = swc_id_entry(kv->value, ':'), why[256];
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

/* Why swanctl cannot read path ("does not exist", ...), or NULL. */
static const char *unreadable(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return "does not exist";
	if (!S_ISREG(st.st_mode))
		return "is no file";
	return access(path, R_OK) ? "cannot be read" : NULL;
}

/* See swanctl.h */
bool swc_loadable(const struct cc_settings *s, const struct cc_section *conn,
		  const struct swc_layout *L, struct cc_unloaded *out)
{
	/* load_conns.c:59 and :120: the file lists and their folders */
	const struct {
		const char *key, *sub;
	} lists[] = { { "certs", L->x509 },
		      { "cacerts", L->x509ca },
		      { "pubkeys", L->pubkey } };

	if (!L->swanctl) {
		/* ipsec.conf: starter loads a conn with auto=add, route or
		 * start (confread.c:771), even without its files */
		const struct cc_kv *a = cc_settings_get(s, conn, "auto");
		/* a translation's own word that its loader refuses it */
		const struct cc_kv *no = cc_settings_get(s, conn, "%refused");

		if (no && no->value) {
			out->conn = cc_xstrdup(conn->name);
			out->key = cc_xstrdup(strncmp(no->value, "auto=", 5)
						      ? "%refused"
						      : "auto");
			out->why =
				cc_xasprintf("conn %s (%s:%d): %s", conn->name,
					     no->file, no->line, no->value);
			out->path = NULL;
			out->decisive = false;
			return false;
		}
		if (!a || !a->value || !strcmp(a->value, "add") ||
		    !strcmp(a->value, "route") || !strcmp(a->value, "start"))
			return true;
		out->conn = cc_xstrdup(conn->name);
		out->key = cc_xstrdup("auto");
		out->why = cc_xasprintf("conn %s (%s:%d) has auto=%s: starter "
					"loads only auto=add, route or start "
					"(auto=ignore is the default)",
					conn->name, a->file, a->line, a->value);
		out->path = NULL;
		out->decisive = false;
		return false;
	}
	for (size_t r = 0; r < conn->nsub; r++) {
		const struct cc_section *round = conn->sub[r];

		if (!swc_starts(round->name, "local") &&
		    !swc_starts(round->name, "remote"))
			continue;
		for (size_t k = 0; k < countof(lists); k++) {
			const struct cc_kv *kv =
				cc_settings_get(s, round, lists[k].key);
			char **v, *bad = NULL;
			const char *why = NULL;
			size_t n = cc_settings_list(kv ? kv->value : NULL, &v);

			for (size_t i = 0; i < n; i++) {
				/* an inline 0x/0s blob is no file */
				if (!bad && !swc_is_blob(v[i])) {
					char *path =
						swc_path(L, lists[k].sub, v[i]);

					if ((why = unreadable(path)))
						bad = path;
					else
						free(path);
				}
				free(v[i]);
			}
			free(v);
			if (!bad)
				continue;
			out->conn = cc_xstrdup(conn->name);
			out->key = cc_xasprintf("%s.%s", round->name,
						lists[k].key);
			out->why = cc_xasprintf("'%s' (connections.%s.%s, "
						"%s:%d) %s",
						bad, conn->name, out->key,
						kv->file, kv->line, why);
			out->path = bad;
			out->decisive = false;
			return false;
		}
	}
	return true;
}

/* See swanctl.h */
void swc_add_unloaded(struct cc_import *imp, struct cc_unloaded *u)
{
	imp->unloaded = cc_xrealloc(
		imp->unloaded, (imp->nunloaded + 1) * sizeof(*imp->unloaded));
	imp->unloaded[imp->nunloaded++] = *u;
	memset(u, 0, sizeof(*u));
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

/* See swanctl.h */
bool swc_is_blob(const char *s)
{
	return !strncasecmp(s, "0x", 2) || !strncasecmp(s, "0s", 2);
}

/* An inline blob's certificate: 0x hex, 0s base64 (load_conns.c:110),
 * of DER or PEM, or NULL. */
static X509 *blob_x509(const char *s)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	long len = 0;
	X509 *x = NULL;

	if (!strncasecmp(s, "0x", 2)) {
		der = OPENSSL_hexstr2buf(s + 2, &len);
	} else {
		BIO *in = BIO_new_mem_buf(s + 2, -1);
		BIO *b64 = BIO_new(BIO_f_base64());
		size_t cap = strlen(s) + 1;
		int n;

		der = OPENSSL_malloc(cap);
		if (b64 && in) {
			BIO_set_flags(b64, BIO_FLAGS_BASE64_NO_NL);
			in = BIO_push(b64, in);
			b64 = NULL;
			while (der &&
			       (n = BIO_read(in, der + len,
					     (int)(cap - (size_t)len))) > 0)
				len += n;
		}
		BIO_free_all(in);
		BIO_free(b64);
	}
	p = der;
	if (der && len > 0 && !(x = d2i_X509(NULL, &p, len))) {
		BIO *b = BIO_new_mem_buf(der, (int)len);

		x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
	}
	OPENSSL_free(der);
	ERR_clear_error();
	return x;
}

/* See swanctl.h */
X509 *swc_read_x509(const char *path)
{
	BIO *b;
	X509 *x = NULL;

	if (swc_is_blob(path))
		return blob_x509(path);
	if (!(b = BIO_new_file(path, "rb")))
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
static bool chain_has(const struct swc_layout *L, const char *value,
		      const struct cc_peer_hint *h)
{
	char **v;
	size_t n = cc_settings_list(value, &v);
	bool found = false;

	for (size_t i = 0; i < n; i++) {
		char *path = swc_path(L, L->x509ca, v[i]);
		X509 *ca = swc_read_x509(path);
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

/* See swanctl.h */
const X509 *swc_chain_ca(const X509 *peer, X509 *const *pool, size_t n,
			 const char *ca_id, enum cc_rdn_matching rdn,
			 int *steps)
{
	struct cc_idconf conf = { .profile = CC_PROFILE_STRONGSWAN,
				  .rdn = rdn };
	char *text = swc_id_entry(ca_id, ':'), why[256];
	const X509 *cur = peer, *hit = NULL;
	struct cc_id want;

	if (!cc_id_parse(text, &want, why, sizeof(why))) {
		free(text);
		return NULL;
	}
	free(text);
	/* up the chain, at most eight steps (a loop of cross-signed CAs
	 * ends there too) */
	for (int step = 0; cur && !hit && step < 8; step++) {
		const X509 *up = NULL;

		for (size_t k = 0; k < n && !up; k++)
			if (pool[k] != cur &&
			    X509_check_issued(pool[k], (X509 *)cur) ==
				    X509_V_OK)
				up = pool[k];
		if (up && want.type == CC_ID_DN) {
			struct cc_id have = { .type = CC_ID_DN };

			cc_dn_from_name(X509_get_subject_name(up), &have.dn);
			if (cc_id_match(&conf, &want, &have, NULL, 0) ==
			    CC_MATCH_PERFECT) {
				hit = up;
				if (steps)
					*steps = step + 1;
			}
			cc_dn_release(&have.dn);
		}
		cur = up;
	}
	cc_id_release(&want);
	return hit;
}

/* See swanctl.h */
X509 **swc_chain_pool(const struct swc_layout *L, const struct cc_peer_hint *h,
		      size_t *n, size_t *own)
{
	char **files = NULL;
	size_t nfiles = 0;
	X509 **pool;

	swc_every_file(L->dir, L->x509ca, &files, &nfiles);
	if (L->im)
		swc_every_file(L->dir, L->im, &files, &nfiles);
	pool = cc_xcalloc(nfiles + (h->set ? h->set->n : 0) + 1, sizeof(*pool));
	*n = *own = 0;
	for (size_t i = 0; i < nfiles; i++) {
		X509 *x = swc_read_x509(files[i]);

		if (x)
			pool[(*n)++] = x;
		free(files[i]);
	}
	free(files);
	*own = *n;
	for (size_t k = 0; h->set && k < h->set->n; k++)
		if (h->set->cert[k]->role == CC_ROLE_UNTRUSTED)
			pool[(*n)++] = h->set->cert[k]->x509;
	return pool;
}

/*
 * Whether the peer passes the certificate constraints charon checks once
 * it has authenticated (auth_cfg.c, complies(); ike_auth.c:422 "selected
 * peer config '%s' unacceptable", then the next candidate): remote.certs
 * pins its certificate, remote.cacerts names CAs one of which must be in
 * its chain, remote.ca_id the subject of a CA that must be in it (:853,
 * AUTH_RULE_CA_IDENTITY: a CA or intermediate certificate of the chain
 * with that subject).  Without the peer's certificate, every connection passes.
 */
static bool complies(const struct cc_settings *s, const struct cc_section *conn,
		     const struct swc_layout *L, const struct cc_peer_hint *h,
		     enum cc_rdn_matching rdn)
{
	const struct cc_section *rem = swc_round_of(conn, "remote");
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
			char *path = swc_path(L, L->x509, v[i]);
			X509 *pin = swc_read_x509(path);

			ok |= pin && !X509_cmp(pin, h->peer);
			X509_free(pin);
			free(path);
			free(v[i]);
		}
		free(v);
	}
	kv = cc_settings_get(s, rem, "cacerts");
	if (ok && kv && kv->value)
		ok = chain_has(L, kv->value, h);
	kv = cc_settings_get(s, rem, "ca_id");
	if (ok && kv && kv->value) {
		size_t n, own;
		X509 **pool = swc_chain_pool(L, h, &n, &own);

		ok = swc_chain_ca(h->peer, pool, n, kv->value, rdn, NULL) !=
		     NULL;
		for (size_t i = 0; i < own; i++)
			X509_free(pool[i]);
		free(pool);
	}
	return ok;
}

/* Marks the refusal of connection name decisive. */
static void mark_decisive(struct cc_import *out, const char *name)
{
	for (size_t i = 0; i < out->nunloaded; i++)
		if (!strcmp(out->unloaded[i].conn, name))
			out->unloaded[i].decisive = true;
}

/* See swanctl.h */
void swc_none_takes(const struct cc_settings *s, const struct cc_section *conns,
		    const bool *gone, const struct cc_peer_hint *h,
		    const char *idi, const char *word, struct cc_import *out,
		    const struct cc_section **pick)
{
	out->no_connection = cc_xasprintf(
		"no %s of %s takes a peer%s%s%s", word, out->file,
		h->from ? " at " : "", h->from ? h->from : "", idi);
	*pick = NULL;
	for (int refused = 0; refused < 2 && !*pick; refused++)
		for (size_t i = 0; i < conns->nsub && !*pick; i++)
			if (gone[i] == refused &&
			    swc_pubkey_peer(s, conns->sub[i]))
				*pick = conns->sub[i];
	out->why = cc_xasprintf("no %s takes this peer: the first, in load "
				"order, whose peer authenticates with a "
				"certificate",
				word);
}

/* The connection charon selects for the peer of h (above), in *pick;
 * its ranking in out->why and out->candidates. */
enum cc_err swc_select_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			    const struct cc_section *conns, const bool *gone,
			    const struct swc_layout *L,
			    const struct cc_peer_hint *h, struct cc_import *out,
			    const struct cc_section **pick)
{
	struct candidate *list = cc_xcalloc(conns->nsub + 1, sizeof(*list));
	struct cc_iprange from = { 0 }, to = { 0 };
	char why[128], *idi;
	size_t n = 0;
	bool certs = false; /* a candidate takes certificates */

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

		c.index = i;
		if (score(s, conns->sub[i], h, &from, &to, out, &c))
			insert_sorted(list, &n, &c);
	}
	idi = h->idi ? cc_xasprintf(" sending IDi '%s'", h->idi->text)
		     : cc_xstrdup("");
	for (size_t i = 0; i < n; i++)
		swc_add_printf(&out->candidates, &out->ncandidates,
			       "%s (address %u, id %u)%s", list[i].conn->name,
			       list[i].ike, list[i].peer,
			       gone[list[i].index] ? ", not loaded" : "");
	/* charon never has a connection swanctl did not load: had it, the
	 * first ahead of charon's pick that the peer passes would have taken
	 * the peer */
	{
		bool before_pick = true, marked = false;
		size_t k = 0;

		for (size_t i = 0; i < n; i++) {
			/* a refused connection's constraints may name the
			 * very file missing: had it loaded, it would pass */
			bool passes =
				before_pick &&
				swc_pubkey_peer(s, list[i].conn) &&
				(gone[list[i].index] ||
				 complies(s, list[i].conn, L, h, out->rdn));

			if (!gone[list[i].index]) {
				before_pick = !passes;
				list[k++] = list[i];
			} else if (passes && !marked) {
				mark_decisive(out, list[i].conn->name);
				marked = true;
			}
		}
		n = k;
	}
	for (size_t i = 0; i < n && !certs; i++)
		certs = swc_pubkey_peer(s, list[i].conn);
	if (!certs) {
		/* charon: "no matching peer config found" (or none that takes
		 * a certificate); judged against the first connection that
		 * takes certificates, loaded or else refused, for the rest */
		swc_none_takes(s, conns, gone, h, idi, "connection", out, pick);
		free(idi);
		free(list);
		return CC_SUCCESS;
	}
	/* after authentication, a candidate whose constraints the peer fails
	 * gives way to the next ("switching to peer config"): one that
	 * authenticates its peer otherwise than by certificate always does */
	for (size_t i = 0; i < n && !*pick; i++)
		if (swc_pubkey_peer(s, list[i].conn) &&
		    complies(s, list[i].conn, L, h, out->rdn))
			*pick = list[i].conn;
	/* none complies: charon's error is the first's */
	for (size_t i = 0; i < n && !*pick; i++)
		if (swc_pubkey_peer(s, list[i].conn))
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
	return CC_SUCCESS;
}
