/* SPDX-License-Identifier: MIT */
/*
 * lswselect.c - the connection libreswan's pluto chooses for a peer, by
 * its rules, read from libreswan 4.10 (programs/pluto/peer_id.c:170,
 * refine_host_connection_on_responder(); the code is certcheck's own):
 *
 * - two passes (:222): first the conns whose right is the peer's own
 *   address, then those with right=%any; in each, in load order: pluto
 *   adds the conns of addconn --autoall before it has its interfaces, each
 *   to the head of a list of unoriented conns, then moves them, each to
 *   the head of its host pair's list (host_pair.c:247, :342), which turns
 *   the order back (the lab sees the first loaded first; a conn added
 *   later with ipsec auto --add goes before them); a conn whose left is
 *   another address than the one reached is on another host pair, so no
 *   candidate;
 * - out (:297-400): an IKEv1 conn; one that does not authenticate its
 *   peer by certificate ("skipping because mismatched authby");
 * - the identity (:462, id.c:393 match_id()): rightid unset with right
 *   %any matches anyone with 15 wildcards (MAX_WILDCARDS); a DN matches
 *   in any RDN order, each '*' value a wildcard; %fromcert takes any
 *   identity, as 15 wildcards; otherwise no match puts the conn out;
 * - rightca (:484, x509.c:193 trusted_ca()) against the peer's CA, which
 *   pluto knows here only for an RSA key (get_peer_ca(), :108: only
 *   pubkey_type_rsa): unset, a path length of 7 (MAX_CA_PATH_LEN) for an
 *   RSA peer, 0 for another; set, the peer's issuer is it (0) or a CA
 *   above it (1, 2, ...), and none, or a peer that is not RSA, puts the
 *   conn out (the lab saw it: an ECDSA peer skips every conn with rightca);
 * - an exact identity with a path length of 0 is taken at once (:519);
 *   else the fewest wildcards, then the shortest CA path, the first found
 *   keeping a tie (:533);
 * - none found: the conn of IKE_SA_INIT stays, the first by the order
 *   above for the address alone (ikev2_peer_id.c:155); if it does not take
 *   the peer's identity, "X509: authentication failed; peer ... does not
 *   match expected ..." (peer_id.c:633; the lab saw it), else its rightca
 *   is judged when the certificate is (keys.c:229: "no certificate
 *   matched").
 *
 * The CERTREQ the peer sends (requested_ca, against leftca) is not known
 * here: taken as matching.  pluto also skips a conn whose own private key
 * it lacks; certcheck does not read the NSS keys.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cc_idlist.h"
#include "swanctl.h"

#define MAX_WILDCARDS 15  /* include/id.h:92 */
#define MAX_CA_PATH_LEN 7 /* include/x509.h:46 */

struct lsw_candidate {
	const struct cc_section *conn;
	int wild, path;
};

/* Whether the list value names exactly the address a (one address). */
static bool is_address(const char *value, const struct cc_iprange *a)
{
	struct cc_iprange r;
	char why[128];

	return value && cc_iprange_parse(value, &r, why, sizeof(why)) &&
	       r.single && r.family == a->family && cc_iprange_contains(&r, a);
}

static bool is_any(const char *value)
{
	return !value || !strcmp(value, "%any") || !strcmp(value, "%any4") ||
	       !strcmp(value, "%any6") || !strcmp(value, "0.0.0.0") ||
	       !strcmp(value, "::");
}

/* The conn's wildcards for the peer's identity, or -1: out. */
static int wildcards(const struct cc_settings *s, const struct cc_section *rem,
		     const struct cc_id *idi)
{
	const struct cc_kv *kv = rem ? cc_settings_get(s, rem, "id") : NULL;
	struct cc_idconf conf = { .profile = CC_PROFILE_STRONGSWAN,
				  .rdn = CC_RDN_REORDERED };
	char *text, why[256];
	struct cc_id want;
	int m = 0;

	if (!kv || swc_id_any(kv->value) || !idi)
		return MAX_WILDCARDS;
	text = swc_id_entry(kv->value, ':');
	if (cc_id_parse(text, &want, why, sizeof(why))) {
		m = cc_id_match(&conf, &want, idi, NULL, 0);
		cc_id_release(&want);
	}
	free(text);
	return m == CC_MATCH_PERFECT ? 0
	       : m == CC_MATCH_ANY   ? MAX_WILDCARDS
	       : m		     ? CC_MATCH_PERFECT - m
				     : -1;
}

/* The conn's CA path length for the peer's chain, or -1: out. */
static int ca_path(const struct cc_settings *s, const struct cc_section *rem,
		   const struct swc_layout *L, const struct cc_peer_hint *h,
		   enum cc_rdn_matching rdn)
{
	const struct cc_kv *kv = rem ? cc_settings_get(s, rem, "ca_id") : NULL;
	size_t n, own;
	X509 **pool;
	int steps = -1;

	bool rsa = h->peer && EVP_PKEY_get_base_id(X509_get0_pubkey(h->peer)) ==
				      EVP_PKEY_RSA;

	if (!kv || !kv->value)
		return rsa ? MAX_CA_PATH_LEN : 0;
	if (!rsa)
		return -1; /* pluto knows no CA of the peer here */
	pool = swc_chain_pool(L, h, &n, &own);
	if (!swc_chain_ca(h->peer, pool, n, kv->value, rdn, &steps))
		steps = 0;
	for (size_t i = 0; i < own; i++)
		X509_free(pool[i]);
	free(pool);
	return steps - 1;
}

/* See swanctl.h */
enum cc_err lsw_select_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			    const struct cc_section *conns, const bool *gone,
			    const struct swc_layout *L,
			    const struct cc_peer_hint *h, struct cc_import *out,
			    const struct cc_section **pick)
{
	struct cc_iprange from = { 0 }, to = { 0 };
	struct lsw_candidate best = { 0 };
	const struct cc_section *initial = NULL; /* IKE_SA_INIT's */
	char why[128], *idi;
	size_t seen = 0;

	if (h->from && !cc_iprange_parse(h->from, &from, why, sizeof(why)))
		return cc_fail(ctx, CC_EUSAGE, "option '--from': %s", why);
	if (h->to && !cc_iprange_parse(h->to, &to, why, sizeof(why)))
		return cc_fail(ctx, CC_EUSAGE, "option '--to': %s", why);
	for (int pass = 0; pass < 2 && !*pick; pass++) {
		for (size_t i = 0; i < conns->nsub && !*pick; i++) {
			const struct cc_section *c = conns->sub[i];
			const struct cc_section *rem =
				swc_round_of(c, "remote");
			const struct cc_kv *r =
				cc_settings_get(s, c, "remote_addrs");
			const struct cc_kv *l =
				cc_settings_get(s, c, "local_addrs");
			const struct cc_kv *v =
				cc_settings_get(s, c, "version");
			const char *right = r ? r->value : NULL;
			struct lsw_candidate k = { c, 0, 0 };

			if (gone[i])
				continue;
			/* pass 0: the peer's own address; 1: %any (without
			 * --from, every conn in the second) */
			if (pass == 0 ? !h->from || !is_address(right, &from)
				      : h->from && !is_any(right))
				continue;
			if (h->to && l && l->value && !is_any(l->value) &&
			    !is_address(l->value, &to))
				continue;
			if (v && v->value && !strcmp(v->value, "1"))
				continue;
			if (!initial)
				initial = c;
			if (!swc_pubkey_peer(s, c))
				continue;
			if ((k.wild = wildcards(s, rem, h->idi)) < 0 ||
			    (k.path = ca_path(s, rem, L, h, out->rdn)) < 0)
				continue;
			seen++;
			swc_add_printf(&out->candidates, &out->ncandidates,
				       "%s (%s, wildcards %d, CA path %d)",
				       c->name,
				       pass ? "right=%any"
					    : "right=the peer's address",
				       k.wild, k.path);
			if (k.wild == 0 && k.path == 0)
				*pick = c; /* exact: taken at once */
			else if (!best.conn || k.wild < best.wild ||
				 (k.wild == best.wild && k.path < best.path))
				best = k;
		}
	}
	if (!*pick)
		*pick = best.conn;
	/* none more refined: IKE_SA_INIT's stays, if it takes the identity
	 * (its rightca is judged with the certificate: config.constraint) */
	if (!*pick && initial && swc_pubkey_peer(s, initial) &&
	    wildcards(s, swc_round_of(initial, "remote"), h->idi) >= 0)
		*pick = initial;
	idi = h->idi ? cc_xasprintf(" sending IDi '%s'", h->idi->text)
		     : cc_xstrdup("");
	if (!*pick) {
		swc_none_takes(s, conns, gone, h, idi, "conn", out, pick);
		if (initial) { /* pluto keeps IKE_SA_INIT's, and fails */
			*pick = initial;
			free(out->why);
			out->why = cc_xstrdup(
				"no conn takes this peer's identity: the conn "
				"of IKE_SA_INIT stays, the first for its "
				"address, and its check of the certificate "
				"fails");
		}
	} else {
		out->why = cc_xasprintf(
			"pluto's choice for a peer%s%s%s: of %zu candidate%s "
			"(the conns for its own address first, then those "
			"for any, in load order), %s "
			"(peer_id.c:170)",
			h->from ? " at " : " at any address",
			h->from ? h->from : "", idi, seen, seen == 1 ? "" : "s",
			best.conn == *pick
				? "the one with the fewest wildcards, then the "
				  "shortest path to its rightca"
			: *pick == initial && !seen
				? "none: the conn of IKE_SA_INIT stays, the "
				  "first for the peer's address"
				: "an exact identity (and a path length of 0), "
				  "taken at once");
	}
	free(idi);
	return CC_SUCCESS;
}
