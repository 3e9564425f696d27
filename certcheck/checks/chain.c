/* SPDX-License-Identifier: MIT */
/*
 * chain.c - CA commonality (cause ca-mismatch): every candidate path from
 * an end entity up through the certificates among the inputs, each
 * validated by OpenSSL, and why the best of them breaks when none holds.
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
 * signatures verify is a validity problem, not a CA mismatch (doc/report.md).
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "cc_checks.h"
#include "cc_x509.h"

/* The bounds of the search: a cross-signing cycle or a pile of same-name
 * CAs cannot make it loop or explode; reaching one is said. */
#define PATH_CERTS_MAX 8
#define PATHS_MAX 64

/* Errors of our own beside OpenSSL's X509_V_ERR_* (all positive). */
enum {
	ERR_OTHER_KEY = -1,	 /* certificates of the issuer's name are
				    there, none with the key that signed */
	ERR_DEPTH = -2,		 /* PATH_CERTS_MAX reached */
	ERR_INHERITED = -3,	 /* the issuer's DSA key inherits its
				    parameters: OpenSSL cannot use it */
	ERR_MALFORMED = -4,	 /* a CA's extension does not decode */
	ERR_REFUSED = -5,	 /* OpenSSL would not use the issuer there */
	ERR_LOOP = -6,		 /* every issuer found is on the path already */
};

/* One error on a path. */
struct verr {
	int code;
	int depth;
	int cert;  /* index into the set, or -1 */
	int other; /* ERR_OTHER_KEY: the certificate of that name */
};

struct verrs {
	struct verr e[16];
	size_t n;
};

/* How a path ends. */
enum path_end {
	END_ANCHOR,	/* a self-signed CA the checker trusts */
	END_ROOT,	/* a self-signed CA it does not trust */
	END_MISSING,	/* the top's issuer is nowhere among the inputs */
	END_OTHER_KEY,	/* the issuer's name is there, its key is not */
	END_DEPTH,	/* PATH_CERTS_MAX reached */
	END_LOOP,	/* the issuers found are all on the path already */
};

struct path {
	int idx[PATH_CERTS_MAX];
	size_t n;
	enum path_end end;
	int other;	   /* END_OTHER_KEY: the certificate of that name */
	struct verrs errs; /* OpenSSL's and ours, lowest depth first */
	int reach;	   /* certificates validated upward from the leaf */
};

struct search {
	const struct cc_ctx *ctx;
	const struct cc_certset *set;
	enum cc_side checker;
	STACK_OF(ASN1_OBJECT) *policies; /* the initial policy set */
	struct path *paths;
	size_t n;
	struct path cur;
	bool capped_paths, capped_depth, oom;
};

/* See header */
const char *cc_side_who(enum cc_side s)
{
	return s == CC_SIDE_LOCAL ? "gateway" : "peer";
}

/* See header */
const char *cc_side_name(enum cc_side s)
{
	return s == CC_SIDE_LOCAL ? "local" : "peer";
}

/* See header */
time_t cc_side_time(const struct cc_ctx *ctx, enum cc_side s)
{
	return s == CC_SIDE_LOCAL ? ctx->now : ctx->peer_now;
}

/* The other side: whose certificate the checker judges. */
static const char *whose(enum cc_side checker)
{
	return checker == CC_SIDE_LOCAL ? "peer's" : "gateway's";
}

static bool trusted_by(const struct cc_certset *set, size_t i,
		       enum cc_side checker)
{
	enum cc_role r = set->cert[i]->role;
	bool has_peer_ca = false;

	if (checker == CC_SIDE_LOCAL)
		return r == CC_ROLE_CA;
	for (size_t j = 0; j < set->n && !has_peer_ca; j++)
		has_peer_ca = set->cert[j]->role == CC_ROLE_PEER_CA;
	return r == (has_peer_ca ? CC_ROLE_PEER_CA : CC_ROLE_CA);
}

/* Trusted as itself or as the same certificate given again elsewhere. */
static bool trusted_any(const struct cc_certset *set, size_t i,
			enum cc_side checker)
{
	for (size_t j = 0; j < set->n; j++)
		if ((j == i || !strcmp(set->cert[j]->sha256,
				       set->cert[i]->sha256)) &&
		    trusted_by(set, j, checker))
			return true;
	return false;
}

static bool chain_material(enum cc_role r)
{
	return r == CC_ROLE_CA || r == CC_ROLE_PEER_CA ||
	       r == CC_ROLE_UNTRUSTED;
}

/* Lists the subjects the checker trusts as evidence "trusted". */
static void list_trusted(struct cc_finding *f, const struct cc_certset *set,
			 enum cc_side checker)
{
	cc_finding_list(f, "trusted");
	for (size_t i = 0; i < set->n; i++)
		if (trusted_by(set, i, checker))
			cc_finding_list_add(f, "%s", set->cert[i]->subject);
}

static char *key_id(const ASN1_OCTET_STRING *id)
{
	return id ? cc_hex(ASN1_STRING_get0_data(id),
			   (size_t)ASN1_STRING_length(id), ":")
		  : NULL;
}

/* The first caIssuers URI of the AIA extension, or NULL (owned). */
static char *ca_issuers_url(X509 *x)
{
	AUTHORITY_INFO_ACCESS *aia =
		X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
	char *url = NULL;

	for (int i = 0; aia && !url && i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);

		if (OBJ_obj2nid(ad->method) == NID_ad_ca_issuers &&
		    ad->location->type == GEN_URI)
			url = cc_xasprintf(
				"%.*s", ASN1_STRING_length(ad->location->d.ia5),
				(const char *)ASN1_STRING_get0_data(
					ad->location->d.ia5));
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	ERR_clear_error();
	return url;
}

/* A certificate of the set named like x's issuer whose key did not sign x:
 * the same-name-different-key CA.  Prefers one the checker trusts. */
static int same_name_other_key(const struct cc_certset *set, X509 *x,
			       enum cc_side checker)
{
	const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(x);
	int found = -1;

	for (size_t i = 0; i < set->n; i++) {
		X509 *ca = set->cert[i]->x509;
		const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(ca);
		EVP_PKEY *k;

		if (ca == x || X509_NAME_cmp(X509_get_subject_name(ca),
					     X509_get_issuer_name(x)) != 0)
			continue;
		k = X509_get0_pubkey(ca);
		if (!k || X509_verify(x, k) == 1)
			continue; /* the same key: not this case */
		ERR_clear_error();
		if (akid && skid && !ASN1_OCTET_STRING_cmp(akid, skid))
			continue; /* the key ids agree: a bad signature */
		if (found < 0 || trusted_by(set, i, checker))
			found = (int)i;
	}
	ERR_clear_error();
	return found;
}

/* ------------------------------------------------------------------ */
/* The search                                                          */

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
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *sctx = X509_STORE_CTX_new();
	STACK_OF(X509) *mid = sk_X509_new_null();
	STACK_OF(X509) *top = sk_X509_new_null();
	const struct cc_cert *t = s->set->cert[p->idx[p->n - 1]];
	bool ok = store && sctx && mid && top;

	for (size_t k = 1; ok && k + 1 < p->n; k++)
		ok = sk_X509_push(mid, s->set->cert[p->idx[k]]->x509) > 0;
	ok = ok && sk_X509_push(top, t->x509) > 0 &&
	     X509_STORE_CTX_init(sctx, store, s->set->cert[p->idx[0]]->x509,
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
	X509_STORE_free(store);
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
		record(s, trusted_any(set, (size_t)x, s->checker) ? END_ANCHOR
								  : END_ROOT,
		       -1);
		return;
	}
	/* trusted first: the anchor a gateway would reach first */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < set->n; i++) {
			X509 *ca = set->cert[i]->x509;
			int rc;

			if (on_path(&s->cur, (int)i)) {
				loop = loop || X509_check_issued(ca, xx) ==
							X509_V_OK;
				continue;
			}
			if ((trusted_by(set, i, s->checker) != !pass) ||
			    (!chain_material(set->cert[i]->role) &&
			     !trusted_by(set, i, s->checker)) ||
			    X509_NAME_cmp(X509_get_subject_name(ca),
					  X509_get_issuer_name(xx)) != 0)
				continue;
			/* the name and the key identifiers: OpenSSL's own
			 * "likely issued"; keyCertSign is the path's to
			 * judge, so a CA lacking it is still a candidate */
			rc = X509_check_issued(ca, xx);
			/* an issuer key that inherits its DSA parameters
			 * does not even decode: the path judges it */
			if (rc != X509_V_OK && cc_inherits_dsa_parameters(ca))
				rc = X509_V_OK;
			/* a certificate whose extensions do not decode is
			 * "issued" by no one in OpenSSL's eyes: its issuer
			 * is the key that signed it */
			if (rc != X509_V_OK &&
			    (X509_get_extension_flags(xx) & EXFLAG_INVALID) &&
			    X509_get0_pubkey(ca) &&
			    X509_verify(xx, X509_get0_pubkey(ca)) == 1)
				rc = X509_V_OK;
			ERR_clear_error();
			if (rc != X509_V_OK &&
			    rc != X509_V_ERR_KEYUSAGE_NO_CERTSIGN) {
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
		record(s, other >= 0 ? END_OTHER_KEY
			  : loop     ? END_LOOP
				     : END_MISSING,
		       other);
}

/*
 * The initial policy set from ctx, anyPolicy when none is given.  It is
 * always set: OpenSSL 3.0 without one leaves the user-constrained set
 * empty, and so refuses every path on which a CA requires an explicit
 * policy, even where RFC 5280 6.1.5 accepts it.
 */
static STACK_OF(ASN1_OBJECT) *policy_set(const struct cc_ctx *ctx)
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

/* ------------------------------------------------------------------ */
/* The report                                                          */

/* The first trusted certificate on the path that is not self-signed, or
 * -1: a trusted intermediate, which a gateway uses on the way but which
 * is no trust anchor. */
static int trusted_intermediate(const struct search *s, const struct path *p)
{
	for (size_t k = 1; k < p->n; k++) {
		int i = p->idx[k];

		if (!s->set->cert[i]->self_signed &&
		    trusted_any(s->set, (size_t)i, s->checker))
			return i;
	}
	return -1;
}

static struct cc_finding *report_same_name(struct cc_report *r,
					   const struct cc_certset *set,
					   int cert, int ca,
					   enum cc_side checker)
{
	const struct cc_cert *c = set->cert[cert], *k = set->cert[ca];
	char *akid = key_id(X509_get0_authority_key_id(c->x509));
	char *skid = key_id(X509_get0_subject_key_id(k->x509));
	struct cc_finding *f;

	if (c->self_signed)
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_SAME_NAME,
				  CC_STATUS_FAIL, cert,
				  "the %s chain ends at the root '%s', but the "
				  "root of that name the %s trusts has another "
				  "key: the CA was re-created with the same name",
				  whose(checker), c->subject,
				  cc_side_who(checker));
	else
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_SAME_NAME,
				  CC_STATUS_FAIL, cert,
				  "'%s' was issued by a CA named '%s', but the "
				  "%s's CA of that name has another key: the CA "
				  "was re-created with the same name",
				  c->subject, c->issuer, cc_side_who(checker));
	cc_finding_str(f, "issuer", "%s", c->issuer);
	cc_finding_str(f, "authority_key_id", "%s", akid ? akid : "(none)");
	cc_finding_str(f, "trusted_key_id", "%s", skid ? skid : "(none)");
	cc_finding_str(f, "trusted_sha256", "%s", k->sha256);
	cc_finding_str(f, "trusted_file", "%s", k->file);
	cc_finding_bool(f, "signature_verifies", false);
	if (c->self_signed)
		cc_finding_remedy(f,
				  "make the %s trust the re-created root (sha256 "
				  "%s, from '%s') as well, or re-issue the %s "
				  "certificate from the root it trusts",
				  cc_side_who(checker), c->sha256, c->file,
				  whose(checker));
	else
		cc_finding_remedy(f,
				  "give the %s the certificate of the CA that "
				  "really issued '%s' (key id %s), or re-issue "
				  "the certificate from the CA the %s trusts",
				  cc_side_who(checker), c->subject,
				  akid ? akid : "unknown", cc_side_who(checker));
	free(akid);
	free(skid);
	return f;
}

/* The gateway trusts an intermediate of the path but not the self-signed
 * root above it (root: that root when it is among the inputs, else -1). */
static struct cc_finding *report_root_missing(struct cc_report *r,
					      const struct search *s,
					      int inter, int root)
{
	const struct cc_cert *c = s->set->cert[inter];
	const char *who = cc_side_who(s->checker);
	char *akid = key_id(X509_get0_authority_key_id(c->x509));
	struct cc_finding *f;

	f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_ROOT_MISSING,
			  CC_STATUS_FAIL, inter,
			  "the %s trusts the intermediate CA '%s' but not the "
			  "self-signed root '%s' that issued it: a trusted "
			  "intermediate is used on the way, but the chain "
			  "must end at a self-signed CA the %s trusts",
			  who, c->subject, c->issuer, who);
	cc_finding_str(f, "intermediate", "%s", c->subject);
	cc_finding_str(f, "intermediate_sha256", "%s", c->sha256);
	cc_finding_str(f, "root", "%s", c->issuer);
	cc_finding_str(f, "root_key_id", "%s", akid ? akid : "(none)");
	if (root >= 0)
		cc_finding_str(f, "root_file", "%s", s->set->cert[root]->file);
	cc_finding_remedy(f, "add the self-signed root '%s' (%s %s) to the %s's "
			     "CAs, beside '%s'",
			  c->issuer, root >= 0 ? "from" : "key id",
			  root >= 0 ? s->set->cert[root]->file
			  : akid    ? akid
				    : "unknown",
			  who, c->subject);
	free(akid);
	return f;
}

/* Says which policy inputs and constraints the path carries. */
static void policy_evidence(struct cc_finding *f, const struct search *s,
			    const struct path *p)
{
	cc_finding_list(f, "initial_policy_set");
	for (size_t i = 0; i < s->ctx->npolicy; i++)
		cc_finding_list_add(f, "%s", s->ctx->policy[i]);
	if (!s->ctx->npolicy)
		cc_finding_list_add(f, "anyPolicy");
	cc_finding_list(f, "policy_constraints");
	if (s->ctx->explicit_policy)
		cc_finding_list_add(f, "initial-explicit-policy (given)");
	if (s->ctx->inhibit_mapping)
		cc_finding_list_add(f, "initial-policy-mapping-inhibit (given)");
	if (s->ctx->inhibit_any)
		cc_finding_list_add(f, "initial-any-policy-inhibit (given)");
	for (size_t k = p->n; k-- > 0;) {
		const struct cc_cert *c = s->set->cert[p->idx[k]];
		POLICY_CONSTRAINTS *pc =
			X509_get_ext_d2i(c->x509, NID_policy_constraints, NULL,
					 NULL);
		ASN1_INTEGER *ia = X509_get_ext_d2i(c->x509,
						    NID_inhibit_any_policy,
						    NULL, NULL);

		if (pc && pc->requireExplicitPolicy)
			cc_finding_list_add(
				f, "'%s': requireExplicitPolicy %ld", c->subject,
				ASN1_INTEGER_get(pc->requireExplicitPolicy));
		if (pc && pc->inhibitPolicyMapping)
			cc_finding_list_add(
				f, "'%s': inhibitPolicyMapping %ld", c->subject,
				ASN1_INTEGER_get(pc->inhibitPolicyMapping));
		if (ia)
			cc_finding_list_add(f, "'%s': inhibitAnyPolicy %ld",
					    c->subject, ASN1_INTEGER_get(ia));
		POLICY_CONSTRAINTS_free(pc);
		ASN1_INTEGER_free(ia);
	}
	ERR_clear_error();
}

/* Turns one error of the chosen path into a finding, which it returns. */
static struct cc_finding *report_error(struct cc_report *r,
				       const struct search *s,
				       const struct path *p,
				       const struct verr *e)
{
	const struct cc_certset *set = s->set;
	enum cc_side checker = s->checker;
	int cert = e->cert;
	const struct cc_cert *c = cert >= 0 ? set->cert[cert] : NULL;
	const char *who = cc_side_who(checker);
	const char *subj = c ? c->subject : "?";
	struct cc_finding *f;
	int other, inter = trusted_intermediate(s, p);
	char *url;

	switch (e->code) {
	case ERR_OTHER_KEY:
		return report_same_name(r, set, cert, e->other, checker);
	case ERR_INHERITED:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_INHERITED,
				  CC_STATUS_WARN, cert,
				  "the signature on '%s' cannot be checked: the "
				  "DSA key of its issuer '%s' inherits its "
				  "parameters from that CA's own issuer (RFC "
				  "3279), which OpenSSL-based implementations "
				  "cannot use",
				  subj, set->cert[e->other]->subject);
		cc_finding_str(f, "issuer_sha256", "%s",
			       set->cert[e->other]->sha256);
		cc_finding_remedy(f, "re-issue '%s' with its DSA parameters "
				     "in its key, or with an RSA or ECDSA key",
				  set->cert[e->other]->subject);
		return f;
	case ERR_MALFORMED: {
		char ext[80];

		cc_malformed_extension(c->x509, ext, sizeof(ext));
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_MALFORMED,
				  CC_STATUS_FAIL, cert,
				  "the CA '%s' of the %s chain has an extension "
				  "that does not decode: %s; implementations "
				  "that decode it refuse the chain",
				  subj, whose(checker), ext);
		cc_finding_str(f, "extension", "%s", ext);
		cc_finding_remedy(f, "re-issue the CA certificate '%s' with a "
				     "well-formed %s extension",
				  subj, ext);
		return f;
	}
	case ERR_REFUSED:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_INVALID,
				  CC_STATUS_FAIL, cert,
				  "the CA '%s' is among the inputs but cannot "
				  "issue the next certificate of the %s chain: "
				  "its extensions do not allow it",
				  subj, whose(checker));
		cc_finding_int(f, "depth", e->depth);
		cc_finding_remedy(f, "re-issue '%s' as a CA that may sign "
				     "certificates (basicConstraints CA:TRUE, "
				     "keyUsage keyCertSign)",
				  subj);
		return f;
	case ERR_LOOP:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_LOOP,
				  CC_STATUS_WARN, cert,
				  "the %s chain goes round in a loop: '%s' is "
				  "issued by '%s', which is already on the "
				  "path, and no certificate among the inputs "
				  "leads out of it to a root",
				  whose(checker), subj, c ? c->issuer : "?");
		cc_finding_str(f, "issuer", "%s", c ? c->issuer : "?");
		list_trusted(f, set, checker);
		cc_finding_remedy(f, "add the certificate that leads from the "
				     "cross-signed CAs to a root the %s trusts "
				     "(or that root itself, with --ca)",
				  who);
		return f;
	case ERR_DEPTH:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_TOO_DEEP,
				  CC_STATUS_FAIL, cert,
				  "the %s chain goes on above '%s' beyond %d "
				  "certificates without reaching a root",
				  whose(checker), subj, PATH_CERTS_MAX);
		cc_finding_int(f, "max_certificates", PATH_CERTS_MAX);
		cc_finding_remedy(f, "shorten the chain, or check the CAs for "
				     "a cross-signing loop");
		return f;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		if (inter >= 0)
			return report_root_missing(r, s, inter, -1);
		if (c && (other = same_name_other_key(set, c->x509, checker)) >= 0)
			return report_same_name(r, set, cert, other, checker);
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_ISSUER_MISSING,
				  CC_STATUS_WARN, cert,
				  "the issuer '%s' of '%s' is not among the "
				  "inputs: either an intermediate certificate "
				  "is missing (the peer may still send it in "
				  "IKE) or the CA is unknown to the %s",
				  c ? c->issuer : "?", subj, who);
		cc_finding_str(f, "issuer", "%s", c ? c->issuer : "?");
		url = c ? ca_issuers_url(c->x509) : NULL;
		if (url)
			cc_finding_str(f, "ca_issuers_url", "%s", url);
		list_trusted(f, set, checker);
		cc_finding_remedy(f,
				  "add the certificate of '%s' with --untrusted "
				  "if it is an intermediate%s%s%s, or with --ca "
				  "if the %s should trust it as a root",
				  c ? c->issuer : "?",
				  url ? " (it can be fetched from " : "",
				  url ? url : "", url ? ")" : "", who);
		free(url);
		return f;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		if (inter >= 0)
			return report_root_missing(r, s, inter, cert);
		if (c && (other = same_name_other_key(set, c->x509, checker)) >= 0 &&
		    trusted_by(set, (size_t)other, checker))
			/* a re-created root: same name, another key */
			return report_same_name(r, set, cert, other, checker);
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_UNTRUSTED_ROOT,
				  CC_STATUS_FAIL, cert,
				  "the %s certificate chain ends at '%s', which "
				  "the %s does not trust",
				  whose(checker), subj, who);
		cc_finding_str(f, "anchor", "%s", subj);
		cc_finding_str(f, "anchor_sha256", "%s", c ? c->sha256 : "?");
		list_trusted(f, set, checker);
		cc_finding_remedy(f,
				  "import the certificate of '%s' as a root "
				  "certificate on the %s, or issue the %s "
				  "certificate from a CA the %s trusts",
				  subj, who, whose(checker), who);
		return f;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE: {
		int up = (size_t)e->depth + 1 < p->n ? p->idx[e->depth + 1] : -1;
		const struct cc_cert *ca = up >= 0 ? set->cert[up] : NULL;

		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_BAD_SIGNATURE,
				  CC_STATUS_FAIL, cert,
				  "the signature on '%s' does not verify with "
				  "the key of '%s', although the key "
				  "identifiers match: the certificate is "
				  "corrupt or was altered after signing",
				  subj, ca ? ca->subject : "its issuer");
		if (ca)
			cc_finding_str(f, "issuer_sha256", "%s", ca->sha256);
		cc_finding_remedy(f, "re-issue '%s' from its CA, or find the "
				     "CA certificate whose key signed it",
				  subj);
		return f;
	}
	case X509_V_ERR_INVALID_CA:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_NOT_A_CA,
				  CC_STATUS_FAIL, cert,
				  "'%s' issues certificates in the %s chain but "
				  "is not a CA (no basicConstraints CA:TRUE)",
				  subj, whose(checker));
		cc_finding_remedy(f, "re-issue '%s' as a CA certificate "
				     "(basicConstraints critical, CA:TRUE)",
				  subj);
		return f;
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_NO_KEYCERTSIGN,
				  CC_STATUS_FAIL, cert,
				  "the CA '%s' has a key usage without "
				  "keyCertSign, so it may not sign certificates",
				  subj);
		cc_finding_remedy(f, "re-issue '%s' with keyUsage keyCertSign "
				     "(and cRLSign)",
				  subj);
		return f;
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_PATH_LENGTH,
				  CC_STATUS_FAIL, cert,
				  "the %s chain is longer than the path length "
				  "constraint of '%s' allows",
				  whose(checker), subj);
		cc_finding_int(f, "depth", e->depth);
		cc_finding_remedy(f, "re-issue the CA with a larger "
				     "pathLenConstraint, or issue the "
				     "certificate from a CA higher up");
		return f;
	case X509_V_ERR_NO_EXPLICIT_POLICY:
	case X509_V_ERR_INVALID_POLICY_EXTENSION:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_POLICY,
				  CC_STATUS_FAIL, cert,
				  e->code == X509_V_ERR_NO_EXPLICIT_POLICY
					  ? "the %s chain of '%s' leaves no "
					    "acceptable certificate policy, "
					    "and a policy is required (RFC "
					    "5280 6.1)"
					  : "the %s chain of '%s' has a "
					    "malformed policy extension",
				  whose(checker), subj);
		policy_evidence(f, s, p);
		cc_finding_remedy(f, "issue the certificates under a policy "
				     "every CA of the chain allows and the %s "
				     "accepts, or relax the constraint named "
				     "in the evidence",
				  who);
		return f;
	default:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_INVALID,
				  CC_STATUS_FAIL, cert,
				  "the %s does not accept the %s chain at '%s': "
				  "%s",
				  who, whose(checker), subj,
				  X509_verify_cert_error_string(e->code));
		cc_finding_int(f, "openssl_error", e->code);
		cc_finding_int(f, "depth", e->depth);
		cc_finding_remedy(f, "re-issue '%s' so that it passes "
				     "RFC 5280 path validation",
				  subj);
		return f;
	}
}

/* One path in a line: "CN=alice < CN=Sub CA < CN=Root: why". */
static void describe_path(struct cc_finding *f, const struct search *s,
			  const struct path *p)
{
	static const struct {
		int code;
		const char *why;
	} words[] = {
		{ ERR_OTHER_KEY, "the issuer's name is there with another key" },
		{ ERR_DEPTH, "too deep" },
		{ ERR_INHERITED, "an inherited DSA key" },
		{ ERR_MALFORMED, "a malformed extension" },
		{ ERR_REFUSED, "an issuer that may not issue" },
		{ ERR_LOOP, "a loop" },
		{ X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
		  "the issuer is missing" },
		{ X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, "an untrusted root" },
		{ X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, "an untrusted root" },
	};
	char line[2048] = "";
	size_t used = 0;
	const char *why = "valid";

	for (size_t k = 0; k < p->n && used < sizeof(line); k++)
		used += (size_t)snprintf(line + used, sizeof(line) - used,
					 "%s%s", k ? " < " : "",
					 s->set->cert[p->idx[k]]->subject);
	if (p->errs.n) {
		why = X509_verify_cert_error_string(p->errs.e[0].code);
		for (size_t i = 0; i < countof(words); i++)
			if (words[i].code == p->errs.e[0].code)
				why = words[i].why;
	}
	cc_finding_list_add(f, "%s: %s at '%s'", line, why,
			    p->errs.n && p->errs.e[0].cert >= 0
				    ? s->set->cert[p->errs.e[0].cert]->subject
				    : "?");
}

static void report_ok(struct cc_report *r, const struct cc_certset *set,
		      const struct cc_chain *ch)
{
	const struct cc_cert *anchor = set->cert[ch->idx[ch->n - 1]];
	struct cc_finding *f;

	f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_TRUSTED,
			  CC_STATUS_OK, ch->leaf,
			  "the %s validates the %s chain up to '%s', which "
			  "it trusts",
			  cc_side_who(ch->checker), whose(ch->checker),
			  anchor->subject);
	cc_finding_str(f, "side", "%s", cc_side_name(ch->checker));
	cc_finding_str(f, "anchor", "%s", anchor->subject);
	cc_finding_list(f, "chain");
	for (size_t i = 0; i < ch->n; i++)
		cc_finding_list_add(f, "%s", set->cert[ch->idx[i]]->subject);
}

/* How far a failed path got, to choose the one to report: a path cut by
 * the depth bound is the last resort; one that reached a certificate the
 * checker trusts says most about the setup; then the height validated
 * from the leaf; then the fewer errors. */
static bool better(const struct search *s, const struct path *p,
		   const struct path *q)
{
	bool pd = p->end != END_DEPTH, qd = q->end != END_DEPTH;
	bool pt = trusted_intermediate(s, p) >= 0;
	bool qt = trusted_intermediate(s, q) >= 0;

	if (pd != qd)
		return pd;
	if (pt != qt)
		return pt;
	if (p->reach != q->reach)
		return p->reach > q->reach;
	return p->errs.n < q->errs.n;
}

/* The path to report: the first valid one, else the best failed one (the
 * first found among equals). */
static const struct path *best_path(const struct search *s)
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

/* See header */
void cc_check_chain(const struct cc_ctx *ctx, struct cc_report *r,
		    const struct cc_certset *set, int leaf,
		    enum cc_side checker, struct cc_chain *out)
{
	struct search s = { .ctx = ctx, .set = set, .checker = checker };
	const struct path *best;
	struct cc_finding *f, *first = NULL;

	memset(out, 0, sizeof(*out));
	out->checker = checker;
	out->leaf = leaf;
	out->idx[0] = leaf;
	out->n = 1;
	s.paths = calloc(PATHS_MAX, sizeof(*s.paths));
	s.policies = policy_set(ctx);
	if (!s.paths || !s.policies) {
		s.oom = true;
		goto done;
	}
	s.cur.idx[0] = leaf;
	s.cur.n = 1;
	walk(&s);
	best = best_path(&s);
	if (!best)
		goto done;

	for (size_t k = 0; k < best->n; k++)
		out->idx[k] = best->idx[k];
	out->n = best->n;
	out->complete = best->end == END_ANCHOR || best->end == END_ROOT;
	out->trusted = best->errs.n == 0;
	if (out->trusted)
		report_ok(r, set, out);
	for (size_t i = 0; i < best->errs.n; i++) {
		f = report_error(r, &s, best, &best->errs.e[i]);
		if (!first)
			first = f;
	}
	if (first && s.n > 1) {
		cc_finding_list(first, "other_paths");
		for (size_t i = 0; i < s.n; i++)
			if (&s.paths[i] != best)
				describe_path(first, &s, &s.paths[i]);
	}
	if (s.capped_paths || s.capped_depth) {
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_SEARCH_BOUND,
				  CC_STATUS_INFO, leaf,
				  "the search for the %s chain stopped at its "
				  "bound (%s): more candidate paths exist than "
				  "were tried",
				  whose(checker),
				  s.capped_paths ? "64 candidate paths"
						 : "8 certificates deep");
		cc_finding_int(f, "paths_tried", (long long)s.n);
	}
done:
	if (s.oom)
		cc_report_add(r, CC_CHECK_PAIR_CHAIN_ERROR,
			      CC_STATUS_SKIP, leaf,
			      "the %s chain could not be checked: out of memory",
			      whose(checker));
	sk_ASN1_OBJECT_pop_free(s.policies, ASN1_OBJECT_free);
	free(s.paths);
}

/* See header */
void cc_check_anchors(struct cc_report *r, const struct cc_certset *set,
		      const struct cc_chain *peers, const struct cc_chain *gws)
{
	const struct cc_cert *tp = set->cert[peers->idx[peers->n - 1]];
	const struct cc_cert *tg = set->cert[gws->idx[gws->n - 1]];
	struct cc_finding *f;

	if (!peers->complete || !gws->complete)
		return; /* the chain findings already say where it stops */
	if (tp == tg)
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_ANCHORS,
				  CC_STATUS_INFO, -1,
				  "both certificates chain to the same root "
				  "'%s'",
				  tp->subject);
	else
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_ANCHORS,
				  CC_STATUS_INFO, -1,
				  "the certificates chain to different roots%s: "
				  "the peer's to '%s', the gateway's to '%s'",
				  strcmp(tp->subject, tg->subject)
					  ? ""
					  : " of the same name",
				  tp->subject, tg->subject);
	cc_finding_str(f, "peer_anchor", "%s", tp->subject);
	cc_finding_str(f, "peer_anchor_sha256", "%s", tp->sha256);
	cc_finding_str(f, "local_anchor", "%s", tg->subject);
	cc_finding_str(f, "local_anchor_sha256", "%s", tg->sha256);
	cc_finding_bool(f, "same", tp == tg);
}
