/*
 * chain.c - CA commonality (cause ca-mismatch): builds each side's chain
 * from every certificate among the inputs with X509_verify_cert(), and
 * tells apart why it breaks.
 *
 * Time is not judged here (X509_V_FLAG_NO_CHECK_TIME): an expired CA whose
 * signatures verify is a validity problem, not a CA mismatch (SPEC.md).
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "cc_checks.h"
#include "x509util.h"

/* One error the verify callback saw. */
struct verr {
	int code;
	int depth;
	X509 *cert; /* borrowed from the store context's chain */
};

struct verrs {
	struct verr e[16];
	size_t n;
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

/* Collects every error, and carries on so that the whole chain is seen. */
static int verify_cb(int ok, X509_STORE_CTX *sctx)
{
	struct verrs *v = X509_STORE_CTX_get_app_data(sctx);
	int code = X509_STORE_CTX_get_error(sctx);

	if (ok)
		return 1;
	/* "unable to verify the first certificate" follows "unable to get
	 * the issuer": one missing issuer, said once */
	if (code == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE ||
	    code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
		code = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
	/* a CA:TRUE certificate that is "not a CA" lacks keyCertSign */
	if (code == X509_V_ERR_INVALID_CA &&
	    (X509_get_extension_flags(X509_STORE_CTX_get_current_cert(sctx)) &
	     EXFLAG_CA))
		code = X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
	for (size_t i = 0; i < v->n; i++)
		if (v->e[i].code == code &&
		    v->e[i].depth == X509_STORE_CTX_get_error_depth(sctx))
			return 1;
	if (v->n < countof(v->e)) {
		v->e[v->n].code = code;
		v->e[v->n].depth = X509_STORE_CTX_get_error_depth(sctx);
		v->e[v->n].cert = X509_STORE_CTX_get_current_cert(sctx);
		v->n++;
	}
	return 1;
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
	int found = -1;

	for (size_t i = 0; i < set->n; i++) {
		X509 *ca = set->cert[i]->x509;

		if (ca == x || X509_NAME_cmp(X509_get_subject_name(ca),
					     X509_get_issuer_name(x)) != 0)
			continue;
		if (X509_verify(x, X509_get0_pubkey(ca)) == 1)
			continue; /* the same key: not this case */
		ERR_clear_error();
		if (found < 0 || trusted_by(set, i, checker))
			found = (int)i;
	}
	ERR_clear_error();
	return found;
}

static void report_same_name(struct cc_report *r, const struct cc_certset *set,
			     int cert, int ca, enum cc_side checker)
{
	const struct cc_cert *c = set->cert[cert], *k = set->cert[ca];
	char *akid = key_id(X509_get0_authority_key_id(c->x509));
	char *skid = key_id(X509_get0_subject_key_id(k->x509));
	struct cc_finding *f;

	if (c->self_signed)
		f = cc_report_add(r, "pair.chain.same-name-different-key",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL, cert,
				  "the %s chain ends at the root '%s', but the "
				  "root of that name the %s trusts has another "
				  "key: the CA was re-created with the same name",
				  whose(checker), c->subject,
				  cc_side_who(checker));
	else
		f = cc_report_add(r, "pair.chain.same-name-different-key",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL, cert,
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
}

/* Turns one verify error into a finding. */
static void report_error(struct cc_report *r, const struct cc_certset *set,
			 const struct verr *e, const struct cc_chain *ch,
			 enum cc_side checker)
{
	int cert = cc_certset_find(set, e->cert);
	const struct cc_cert *c = cert >= 0 ? set->cert[cert] : NULL;
	const char *who = cc_side_who(checker);
	const char *subj = c ? c->subject : "?";
	struct cc_finding *f;
	int other;
	char *url;

	switch (e->code) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		if (c && (other = same_name_other_key(set, c->x509, checker)) >= 0) {
			report_same_name(r, set, cert, other, checker);
			return;
		}
		f = cc_report_add(r, "pair.chain.issuer-missing",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_WARN, cert,
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
		return;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		if (c && (other = same_name_other_key(set, c->x509, checker)) >= 0 &&
		    trusted_by(set, (size_t)other, checker)) {
			/* a re-created root: same name, another key */
			report_same_name(r, set, cert, other, checker);
			return;
		}
		f = cc_report_add(r, "pair.chain.untrusted-root",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL, cert,
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
		return;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE: {
		int up = e->depth + 1 < (int)ch->n ? ch->idx[e->depth + 1] : -1;
		const struct cc_cert *ca = up >= 0 ? set->cert[up] : NULL;

		f = cc_report_add(r, "pair.chain.bad-signature",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL, cert,
				  "the signature on '%s' does not verify with "
				  "the key of '%s': the certificate is corrupt "
				  "or was issued by another CA of that name",
				  subj, ca ? ca->subject : "its issuer");
		if (ca)
			cc_finding_str(f, "issuer_sha256", "%s", ca->sha256);
		cc_finding_remedy(f, "re-issue '%s' from its CA, or find the "
				     "CA certificate whose key signed it",
				  subj);
		return;
	}
	case X509_V_ERR_INVALID_CA:
		f = cc_report_add(r, "pair.chain.not-a-ca", CC_CAUSE_CA_MISMATCH,
				  CC_STATUS_FAIL, cert,
				  "'%s' issues certificates in the %s chain but "
				  "is not a CA (no basicConstraints CA:TRUE)",
				  subj, whose(checker));
		cc_finding_remedy(f, "re-issue '%s' as a CA certificate "
				     "(basicConstraints critical, CA:TRUE)",
				  subj);
		return;
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
		f = cc_report_add(r, "pair.chain.no-keycertsign",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL, cert,
				  "the CA '%s' has a key usage without "
				  "keyCertSign, so it may not sign certificates",
				  subj);
		cc_finding_remedy(f, "re-issue '%s' with keyUsage keyCertSign "
				     "(and cRLSign)",
				  subj);
		return;
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
		f = cc_report_add(r, "pair.chain.path-length",
				  CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL, cert,
				  "the %s chain is longer than the path length "
				  "constraint of '%s' allows",
				  whose(checker), subj);
		cc_finding_int(f, "depth", e->depth);
		cc_finding_remedy(f, "re-issue the CA with a larger "
				     "pathLenConstraint, or issue the "
				     "certificate from a CA higher up");
		return;
	default:
		f = cc_report_add(r, "pair.chain.invalid", CC_CAUSE_CA_MISMATCH,
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
		return;
	}
}

static void report_ok(struct cc_report *r, const struct cc_certset *set,
		      const struct cc_chain *ch)
{
	const struct cc_cert *anchor = set->cert[ch->idx[ch->n - 1]];
	struct cc_finding *f;

	f = cc_report_add(r, "pair.chain.trusted", CC_CAUSE_CA_MISMATCH,
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

/* See header */
void cc_check_chain(const struct cc_ctx *ctx, struct cc_report *r,
		    const struct cc_certset *set, int leaf,
		    enum cc_side checker, struct cc_chain *out)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *sctx = X509_STORE_CTX_new();
	STACK_OF(X509) *pool = sk_X509_new_null();
	STACK_OF(X509) *built;
	struct verrs errs = { .n = 0 };
	struct cc_finding *f;

	(void)ctx;
	memset(out, 0, sizeof(*out));
	out->checker = checker;
	out->leaf = leaf;
	out->idx[0] = leaf;
	out->n = 1;
	if (!store || !sctx || !pool)
		goto internal;
	for (size_t i = 0; i < set->n; i++) {
		X509 *x = set->cert[i]->x509;

		if ((int)i == leaf)
			continue;
		if (trusted_by(set, i, checker)) {
			if (!X509_STORE_add_cert(store, x))
				goto internal;
		} else if (chain_material(set->cert[i]->role)) {
			if (!sk_X509_push(pool, x))
				goto internal;
		}
	}
	X509_STORE_set_verify_cb(store, verify_cb);
	if (!X509_STORE_CTX_init(sctx, store, set->cert[leaf]->x509, pool))
		goto internal;
	X509_STORE_CTX_set_flags(sctx, X509_V_FLAG_NO_CHECK_TIME);
	X509_STORE_CTX_set_app_data(sctx, &errs);
	(void)X509_verify_cert(sctx);
	ERR_clear_error();

	built = X509_STORE_CTX_get0_chain(sctx);
	out->n = 0;
	for (int i = 0; built && i < sk_X509_num(built) &&
			out->n < CC_CHAIN_MAX; i++) {
		int idx = cc_certset_find(set, sk_X509_value(built, i));

		if (idx >= 0)
			out->idx[out->n++] = idx;
	}
	if (out->n == 0) {
		out->idx[0] = leaf;
		out->n = 1;
	}
	out->complete = set->cert[out->idx[out->n - 1]]->self_signed ||
			trusted_by(set, (size_t)out->idx[out->n - 1], checker);
	out->trusted = errs.n == 0;
	for (size_t i = 0; i < errs.n; i++)
		report_error(r, set, &errs.e[i], out, checker);
	if (out->trusted)
		report_ok(r, set, out);
	goto done;
internal:
	ERR_clear_error();
	f = cc_report_add(r, "pair.chain.error", CC_CAUSE_CA_MISMATCH,
			  CC_STATUS_SKIP, leaf,
			  "the %s chain could not be checked: out of memory",
			  whose(checker));
	(void)f;
done:
	sk_X509_free(pool);
	X509_STORE_CTX_free(sctx);
	X509_STORE_free(store);
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
		f = cc_report_add(r, "pair.chain.anchors", CC_CAUSE_CA_MISMATCH,
				  CC_STATUS_INFO, -1,
				  "both certificates chain to the same root "
				  "'%s'",
				  tp->subject);
	else
		f = cc_report_add(r, "pair.chain.anchors", CC_CAUSE_CA_MISMATCH,
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
