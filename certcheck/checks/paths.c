/* SPDX-License-Identifier: MIT */
/*
 * paths.c - every candidate path of a chain, each validated by OpenSSL.
 *
 * The search is strongSwan's rather than OpenSSL's: OpenSSL's builder
 * takes one issuer per step and never backtracks, so a CA re-keyed under
 * the same name, a cross-signed CA or an intermediate issued by two roots
 * can hide a valid path.  strongSwan's credential manager tries every
 * candidate issuer (libstrongswan/credentials/credential_manager.c,
 * verify_trust_chain(): the loop over create_cert_enumerator() for the
 * issuer's subject) and accepts only a self-signed CA as the trust anchor
 * (the same file, "no issuer certificate found" once the trusted
 * intermediate's issuer is missing).  So here: depth-first over every
 * certificate named like the issuer, bounded (PATH_CERTS_MAX certificates,
 * PATHS_MAX paths), each path handed to X509_verify_cert() with exactly
 * its certificates, its top as the only trust anchor, so that OpenSSL's
 * RFC 5280 checks (signatures, basic constraints, key usage, path length,
 * name constraints, policies) run on that path and no other.
 *
 * Time is not judged here (X509_V_FLAG_NO_CHECK_TIME): an expired CA whose
 * signatures verify is a validity problem, not a CA mismatch.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_x509.h"
#include "paths.h"

static bool on_path(const struct path *p, int i)
{
	for (size_t k = 0; k < p->n; k++)
		if (p->idx[k] == i)
			return true;
	return false;
}

static void add_err(struct verrs *v, int code, int depth, int cert, int other)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->e[i].code == code && v->e[i].depth == depth)
			return;
	if (v->n < countof(v->e))
		v->e[v->n++] = (struct verr){ code, depth, cert, other };
}

/* Collects every error, and carries on so that the whole path is seen. */
static int verify_cb(int ok, X509_STORE_CTX *sctx)
{
	struct path *p = X509_STORE_CTX_get_app_data(sctx);
	int code = X509_STORE_CTX_get_error(sctx);
	int depth = X509_STORE_CTX_get_error_depth(sctx);
	X509 *x = X509_STORE_CTX_get_current_cert(sctx);

	if (ok)
		return 1;
	/* "unable to verify the first certificate" follows "unable to get
	 * the issuer": one missing issuer, said once */
	if (code == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE ||
	    code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
		code = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
	/* a CA:TRUE certificate that is "not a CA" lacks keyCertSign */
	if (code == X509_V_ERR_INVALID_CA && x &&
	    (X509_get_extension_flags(x) & EXFLAG_CA))
		code = X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
	/* the policy errors name no certificate: the path as a whole */
	if (!x || depth < 0 || (size_t)depth >= p->n)
		depth = 0;
	add_err(&p->errs, code, depth, p->idx[depth], -1);
	return 1;
}

/* Sets the policy inputs of RFC 5280 6.1.1 on one validation. */
static bool set_policy(const struct search *s, X509_STORE_CTX *sctx)
{
	X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(sctx);
	unsigned long fl = X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_POLICY_CHECK;

	if (s->ctx->explicit_policy)
		fl |= X509_V_FLAG_EXPLICIT_POLICY;
	if (s->ctx->inhibit_mapping)
		fl |= X509_V_FLAG_INHIBIT_MAP;
	if (s->ctx->inhibit_any)
		fl |= X509_V_FLAG_INHIBIT_ANY;
	X509_STORE_CTX_set_flags(sctx, fl);
	return X509_VERIFY_PARAM_set1_policies(vp, s->policies);
}

/*
 * OpenSSL's judgement of path p alone: its top is the only trust anchor
 * (a partial chain when the top is not self-signed, whose own issuer is
 * then judged by how the path ends), its middle the only intermediates.
 */
static void verify_path(struct search *s, struct path *p)
{
	X509_STORE_CTX *sctx = X509_STORE_CTX_new();
	STACK_OF(X509) *mid = sk_X509_new_null();
	STACK_OF(X509) *top = sk_X509_new_null();
	const struct cc_cert *t = s->set->cert[p->idx[p->n - 1]];
	bool ok = sctx && mid && top;

	for (size_t k = 1; ok && k + 1 < p->n; k++)
		ok = sk_X509_push(mid, s->set->cert[p->idx[k]]->x509) > 0;
	ok = ok && sk_X509_push(top, t->x509) > 0 &&
	     X509_STORE_CTX_init(sctx, s->store, s->set->cert[p->idx[0]]->x509,
				 mid) &&
	     set_policy(s, sctx);
	if (ok) {
		X509_STORE_CTX_set0_trusted_stack(sctx, top);
		if (!t->self_signed)
			X509_STORE_CTX_set_flags(sctx,
						 X509_V_FLAG_PARTIAL_CHAIN);
		X509_STORE_CTX_set_verify_cb(sctx, verify_cb);
		X509_STORE_CTX_set_app_data(sctx, p);
		(void)X509_verify_cert(sctx);
	} else {
		s->oom = true;
	}
	ERR_clear_error();
	X509_STORE_CTX_free(sctx);
	sk_X509_free(mid);
	sk_X509_free(top);
}

/* OpenSSL would not take path[d + 1] as the issuer of path[d] (it says
 * "unable to get local issuer certificate"): say why, in our terms, on
 * the issuer that is there. */
static void explain_refused_edges(struct search *s, struct path *p)
{
	for (size_t i = 0; i < p->errs.n; i++) {
		struct verr *e = &p->errs.e[i];
		X509 *up;
		uint32_t fl;

		/* a certificate whose own extensions do not decode is the
		 * reason itself (drop_malformed() says so) */
		if (e->code != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
		    (size_t)e->depth + 1 >= p->n ||
		    (X509_get_extension_flags(s->set->cert[e->cert]->x509) &
		     EXFLAG_INVALID))
			continue;
		e->other = p->idx[e->depth + 1];
		up = s->set->cert[e->other]->x509;
		fl = X509_get_extension_flags(up);
		if (cc_inherits_dsa_parameters(up)) {
			e->code = ERR_INHERITED;
			continue;
		}
		e->depth++;
		e->cert = e->other;
		if (!(fl & EXFLAG_CA))
			e->code = X509_V_ERR_INVALID_CA;
		else if ((fl & EXFLAG_KUSAGE) &&
			 !(X509_get_key_usage(up) & KU_KEY_CERT_SIGN))
			e->code = X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
		else
			e->code = ERR_REFUSED;
	}
}

/* A certificate with an extension OpenSSL cannot decode fails every
 * OpenSSL check that touches it; say that once instead: the end entity's
 * is the usage check's (pair.usage.malformed-extension), a CA's is said
 * here. */
static void drop_malformed(struct search *s, struct path *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->errs.n; i++) {
		int c = p->errs.e[i].cert;

		if (c < 0 || !(X509_get_extension_flags(s->set->cert[c]->x509) &
			       EXFLAG_INVALID))
			p->errs.e[n++] = p->errs.e[i];
	}
	p->errs.n = n;
	for (size_t k = 1; k < p->n; k++)
		if (X509_get_extension_flags(s->set->cert[p->idx[k]]->x509) &
		    EXFLAG_INVALID)
			add_err(&p->errs, ERR_MALFORMED, (int)k, p->idx[k], -1);
}

static int cmp_err(const void *a, const void *b)
{
	const struct verr *x = a, *y = b;

	return (x->depth > y->depth) - (x->depth < y->depth);
}

/* Records the path being walked, as it ends, with its judgement. */
static void record(struct search *s, enum path_end end, int other)
{
	struct path *p;
	size_t top;
	int code = 0;

	if (s->n == PATHS_MAX) {
		s->capped_paths = true;
		return;
	}
	p = &s->paths[s->n++];
	*p = s->cur;
	p->end = end;
	p->other = other;
	p->errs.n = 0;
	top = p->n - 1;
	if (p->n > 1 || end == END_ANCHOR)
		verify_path(s, p);
	explain_refused_edges(s, p);
	drop_malformed(s, p);
	switch (end) {
	case END_ANCHOR:
		break;
	case END_ROOT:
		code = top ? X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
			   : X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
		break;
	case END_MISSING:
		code = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
		break;
	case END_OTHER_KEY:
		code = ERR_OTHER_KEY;
		break;
	case END_DEPTH:
		code = ERR_DEPTH;
		break;
	case END_LOOP:
		code = ERR_LOOP;
		break;
	}
	if (code)
		add_err(&p->errs, code, (int)top, p->idx[top], other);
	qsort(p->errs.e, p->errs.n, sizeof(p->errs.e[0]), cmp_err);
	p->reach = p->errs.n ? p->errs.e[0].depth : (int)p->n;
}

/* The roles whose certificates build chains (every trusted one has one). */
static bool chain_material(enum cc_role r)
{
	return r == CC_ROLE_CA || r == CC_ROLE_PEER_CA ||
	       r == CC_ROLE_UNTRUSTED;
}

/*
 * Whether ca, named like x's issuer, is a candidate issuer of x: the key
 * identifiers agree (OpenSSL's own "likely issued"; keyCertSign is the
 * path's to judge, so a CA lacking it stays a candidate).  Two keys
 * OpenSSL cannot use are judged by the path instead: an issuer key that
 * inherits its DSA parameters (it does not even decode), and the key that
 * signed a certificate whose own extensions do not decode (OpenSSL's
 * check refuses every issuer of such a certificate).
 */
static bool may_issue(X509 *ca, X509 *x)
{
	int rc = X509_check_issued(ca, x);
	bool ok = rc == X509_V_OK || rc == X509_V_ERR_KEYUSAGE_NO_CERTSIGN ||
		  cc_inherits_dsa_parameters(ca) ||
		  ((X509_get_extension_flags(x) & EXFLAG_INVALID) &&
		   X509_get0_pubkey(ca) &&
		   X509_verify(x, X509_get0_pubkey(ca)) == 1);

	ERR_clear_error();
	return ok;
}

/* Extends the path from its top through every candidate issuer. */
static void walk(struct search *s)
{
	const struct cc_certset *set = s->set;
	int x = s->cur.idx[s->cur.n - 1];
	X509 *xx = set->cert[x]->x509;
	int other = -1;
	bool any = false, loop = false;

	if (s->capped_paths)
		return;
	if (set->cert[x]->self_signed) {
		record(s, s->anchor[x] ? END_ANCHOR : END_ROOT, -1);
		return;
	}
	/* trusted first: the anchor a gateway would reach first */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < set->n; i++) {
			X509 *ca = set->cert[i]->x509;

			if (on_path(&s->cur, (int)i)) {
				loop = loop ||
				       X509_check_issued(ca, xx) == X509_V_OK;
				continue;
			}
			if (s->trusted[i] != !pass ||
			    !chain_material(set->cert[i]->role) ||
			    X509_NAME_cmp(X509_get_subject_name(ca),
					  X509_get_issuer_name(xx)) != 0)
				continue;
			if (!may_issue(ca, xx)) {
				if (other < 0)
					other = (int)i;
				continue;
			}
			any = true;
			if (s->cur.n == PATH_CERTS_MAX) {
				s->capped_depth = true;
				record(s, END_DEPTH, -1);
				return;
			}
			s->cur.idx[s->cur.n++] = (int)i;
			walk(s);
			s->cur.n--;
		}
	}
	if (!any)
		record(s,
		       other >= 0 ? END_OTHER_KEY
		       : loop	  ? END_LOOP
				  : END_MISSING,
		       other);
}

/*
 * The initial policy set from ctx, anyPolicy when none is given.  It is
 * always set: OpenSSL 3.0 without one leaves the user-constrained set
 * empty, and so refuses every path on which a CA requires an explicit
 * policy, even where RFC 5280 6.1.5 accepts it.
 */
static STACK_OF(ASN1_OBJECT) * policy_set(const struct cc_ctx *ctx)
{
	STACK_OF(ASN1_OBJECT) *sk = sk_ASN1_OBJECT_new_null();
	size_t n = ctx->npolicy ? ctx->npolicy : 1;

	for (size_t i = 0; sk && i < n; i++) {
		ASN1_OBJECT *o = ctx->npolicy ? OBJ_txt2obj(ctx->policy[i], 1)
					      : OBJ_nid2obj(NID_any_policy);

		if (!o || !sk_ASN1_OBJECT_push(sk, o)) {
			ASN1_OBJECT_free(o);
			sk_ASN1_OBJECT_pop_free(sk, ASN1_OBJECT_free);
			sk = NULL;
		}
	}
	ERR_clear_error();
	return sk;
}

/* Who the checker trusts, once: by role (its --ca, or its --peer-ca when
 * the peer has any), and as an anchor (the same certificate given again
 * under a trusted role counts). */
static void derive_trust(struct search *s)
{
	const struct cc_certset *set = s->set;
	bool peer_cas = false;

	s->trusted = cc_xcalloc(set->n + 1, sizeof(bool));
	s->anchor = cc_xcalloc(set->n + 1, sizeof(bool));
	for (size_t j = 0; j < set->n; j++)
		peer_cas = peer_cas || set->cert[j]->role == CC_ROLE_PEER_CA;
	for (size_t i = 0; i < set->n; i++)
		s->trusted[i] = set->cert[i]->role ==
				(s->checker == CC_SIDE_PEER && peer_cas
					 ? CC_ROLE_PEER_CA
					 : CC_ROLE_CA);
	for (size_t i = 0; i < set->n; i++)
		for (size_t j = 0; j < set->n && !s->anchor[i]; j++)
			s->anchor[i] =
				s->trusted[j] &&
				(j == i || !strcmp(set->cert[j]->sha256,
						   set->cert[i]->sha256));
}

/* See paths.h */
void paths_find(struct search *s, const struct cc_ctx *ctx,
		const struct cc_certset *set, int leaf, enum cc_side checker)
{
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->set = set;
	s->checker = checker;
	s->paths = cc_xcalloc(PATHS_MAX, sizeof(*s->paths));
	derive_trust(s);
	/* OpenSSL's own allocations: a skip finding, the rest still said */
	s->policies = policy_set(ctx);
	s->store = X509_STORE_new();
	if (!s->policies || !s->store) {
		s->oom = true;
		return;
	}
	s->cur.idx[0] = leaf;
	s->cur.n = 1;
	walk(s);
}

/* See paths.h */
void paths_release(struct search *s)
{
	sk_ASN1_OBJECT_pop_free(s->policies, ASN1_OBJECT_free);
	X509_STORE_free(s->store);
	free(s->paths);
	free(s->trusted);
	free(s->anchor);
}

/* See paths.h */
int paths_trusted_intermediate(const struct search *s, const struct path *p)
{
	for (size_t k = 1; k < p->n; k++) {
		int i = p->idx[k];

		if (!s->set->cert[i]->self_signed && s->anchor[i])
			return i;
	}
	return -1;
}

/* How far a failed path got, to choose the one to report: a path cut by
 * the depth bound is the last resort; one that reached a certificate the
 * checker trusts says most about the setup; then the height validated
 * from the leaf; then the fewer errors. */
static bool better(const struct search *s, const struct path *p,
		   const struct path *q)
{
	bool pd = p->end != END_DEPTH, qd = q->end != END_DEPTH;
	bool pt = paths_trusted_intermediate(s, p) >= 0;
	bool qt = paths_trusted_intermediate(s, q) >= 0;

	if (pd != qd)
		return pd;
	if (pt != qt)
		return pt;
	if (p->reach != q->reach)
		return p->reach > q->reach;
	return p->errs.n < q->errs.n;
}

/* See paths.h; the first found among equals. */
const struct path *paths_best(const struct search *s)
{
	const struct path *best = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const struct path *p = &s->paths[i];

		if (!p->errs.n)
			return p;
		if (!best || better(s, p, best))
			best = p;
	}
	return best;
}
