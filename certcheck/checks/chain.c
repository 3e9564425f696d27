/* SPDX-License-Identifier: MIT */
/*
 * chain.c - CA commonality (cause ca-mismatch): the chain of each side as
 * the other validates it.  The candidate paths are paths.c's; here, what
 * they mean: the valid one, or why the best failed one breaks (in IKE's
 * terms: a re-created CA, a missing intermediate or root, an untrusted
 * root, a CA that may not issue), with every other path as evidence.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_x509.h"
#include "paths.h"

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

/* Lists the subjects the checker trusts as evidence "trusted". */
static void list_trusted(struct cc_finding *f, const struct search *s)
{
	const struct cc_certset *set = s->set;

	cc_finding_list(f, "trusted");
	for (size_t i = 0; i < set->n; i++)
		if (s->trusted[i])
			cc_finding_list_add(f, "%s", set->cert[i]->subject);
}

/* The first caIssuers URI of the AIA extension, or NULL (owned). */
static char *ca_issuers_url(X509 *x)
{
	AUTHORITY_INFO_ACCESS *aia =
		X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
	char *url = NULL;

	for (int i = 0; aia && !url && i < sk_ACCESS_DESCRIPTION_num(aia);
	     i++) {
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
static int same_name_other_key(const struct search *s, X509 *x)
{
	const struct cc_certset *set = s->set;
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
		if (found < 0 || s->trusted[i])
			found = (int)i;
	}
	ERR_clear_error();
	return found;
}

static struct cc_finding *report_same_name(struct cc_report *r,
					   const struct cc_certset *set,
					   int cert, int ca,
					   enum cc_side checker)
{
	const struct cc_cert *c = set->cert[cert], *k = set->cert[ca];
	char *akid = cc_key_id(X509_get0_authority_key_id(c->x509));
	char *skid = cc_key_id(X509_get0_subject_key_id(k->x509));
	struct cc_finding *f;

	if (c->self_signed)
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_SAME_NAME, CC_STATUS_FAIL, cert,
			"the %s chain ends at the root '%s', but the "
			"root of that name the %s trusts has another "
			"key: the CA was re-created with the same name",
			whose(checker), c->subject, cc_side_who(checker));
	else
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_SAME_NAME, CC_STATUS_FAIL, cert,
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
		cc_finding_remedy(
			f,
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
				  akid ? akid : "unknown",
				  cc_side_who(checker));
	free(akid);
	free(skid);
	return f;
}

/* The gateway trusts an intermediate of the path but not the self-signed
 * root above it (root: that root when it is among the inputs, else -1). */
static struct cc_finding *report_root_missing(struct cc_report *r,
					      const struct search *s, int inter,
					      int root)
{
	const struct cc_cert *c = s->set->cert[inter];
	const char *who = cc_side_who(s->checker);
	char *akid = cc_key_id(X509_get0_authority_key_id(c->x509));
	struct cc_finding *f;

	f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_ROOT_MISSING, CC_STATUS_FAIL,
			  inter,
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
	cc_finding_remedy(f,
			  "add the self-signed root '%s' (%s %s) to the %s's "
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
		cc_finding_list_add(f,
				    "initial-policy-mapping-inhibit (given)");
	if (s->ctx->inhibit_any)
		cc_finding_list_add(f, "initial-any-policy-inhibit (given)");
	for (size_t k = p->n; k-- > 0;) {
		const struct cc_cert *c = s->set->cert[p->idx[k]];
		POLICY_CONSTRAINTS *pc = X509_get_ext_d2i(
			c->x509, NID_policy_constraints, NULL, NULL);
		ASN1_INTEGER *ia = X509_get_ext_d2i(
			c->x509, NID_inhibit_any_policy, NULL, NULL);

		if (pc && pc->requireExplicitPolicy)
			cc_finding_list_add(
				f, "'%s': requireExplicitPolicy %ld",
				c->subject,
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
	int other, inter = paths_trusted_intermediate(s, p);
	char *url;

	switch (e->code) {
	case ERR_OTHER_KEY:
		return report_same_name(r, set, cert, e->other, checker);
	case ERR_INHERITED:
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_INHERITED, CC_STATUS_WARN, cert,
			"the signature on '%s' cannot be checked: the "
			"DSA key of its issuer '%s' inherits its "
			"parameters from that CA's own issuer (RFC "
			"3279), which OpenSSL-based implementations "
			"cannot use",
			subj, set->cert[e->other]->subject);
		cc_finding_str(f, "issuer_sha256", "%s",
			       set->cert[e->other]->sha256);
		cc_finding_remedy(f,
				  "re-issue '%s' with its DSA parameters "
				  "in its key, or with an RSA or ECDSA key",
				  set->cert[e->other]->subject);
		return f;
	case ERR_MALFORMED: {
		char ext[80];

		cc_malformed_extension(c->x509, ext, sizeof(ext));
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_MALFORMED, CC_STATUS_FAIL, cert,
			"the CA '%s' of the %s chain has an extension "
			"that does not decode: %s; implementations "
			"that decode it refuse the chain",
			subj, whose(checker), ext);
		cc_finding_str(f, "extension", "%s", ext);
		cc_finding_remedy(f,
				  "re-issue the CA certificate '%s' with a "
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
		cc_finding_remedy(f,
				  "re-issue '%s' as a CA that may sign "
				  "certificates (basicConstraints CA:TRUE, "
				  "keyUsage keyCertSign)",
				  subj);
		return f;
	case ERR_LOOP:
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_LOOP, CC_STATUS_WARN,
				  cert,
				  "the %s chain goes round in a loop: '%s' is "
				  "issued by '%s', which is already on the "
				  "path, and no certificate among the inputs "
				  "leads out of it to a root",
				  whose(checker), subj, c ? c->issuer : "?");
		cc_finding_str(f, "issuer", "%s", c ? c->issuer : "?");
		list_trusted(f, s);
		cc_finding_remedy(f,
				  "add the certificate that leads from the "
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
		if (c && (other = same_name_other_key(s, c->x509)) >= 0)
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
		list_trusted(f, s);
		cc_finding_remedy(
			f,
			"add the certificate of '%s' with --untrusted "
			"if it is an intermediate%s%s%s, or with --ca "
			"if the %s should trust it as a root",
			c ? c->issuer : "?",
			url ? " (it can be fetched from " : "", url ? url : "",
			url ? ")" : "", who);
		free(url);
		return f;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		if (inter >= 0)
			return report_root_missing(r, s, inter, cert);
		if (c && (other = same_name_other_key(s, c->x509)) >= 0 &&
		    s->trusted[other])
			/* a re-created root: same name, another key */
			return report_same_name(r, set, cert, other, checker);
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_UNTRUSTED_ROOT, CC_STATUS_FAIL,
			cert,
			"the %s certificate chain ends at '%s', which "
			"the %s does not trust",
			whose(checker), subj, who);
		cc_finding_str(f, "anchor", "%s", subj);
		cc_finding_str(f, "anchor_sha256", "%s", c ? c->sha256 : "?");
		list_trusted(f, s);
		cc_finding_remedy(f,
				  "import the certificate of '%s' as a root "
				  "certificate on the %s, or issue the %s "
				  "certificate from a CA the %s trusts",
				  subj, who, whose(checker), who);
		return f;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE: {
		int up =
			(size_t)e->depth + 1 < p->n ? p->idx[e->depth + 1] : -1;
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
		cc_finding_remedy(f,
				  "re-issue '%s' from its CA, or find the "
				  "CA certificate whose key signed it",
				  subj);
		return f;
	}
	case X509_V_ERR_INVALID_CA:
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_NOT_A_CA, CC_STATUS_FAIL, cert,
			"'%s' issues certificates in the %s chain but "
			"is not a CA (no basicConstraints CA:TRUE)",
			subj, whose(checker));
		cc_finding_remedy(f,
				  "re-issue '%s' as a CA certificate "
				  "(basicConstraints critical, CA:TRUE)",
				  subj);
		return f;
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_NO_KEYCERTSIGN, CC_STATUS_FAIL,
			cert,
			"the CA '%s' has a key usage without "
			"keyCertSign, so it may not sign certificates",
			subj);
		cc_finding_remedy(f,
				  "re-issue '%s' with keyUsage keyCertSign "
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
		f = cc_report_add(r, CC_CHECK_PAIR_CHAIN_POLICY, CC_STATUS_FAIL,
				  cert,
				  e->code == X509_V_ERR_NO_EXPLICIT_POLICY
					  ? "the %s chain of '%s' leaves no "
					    "acceptable certificate policy, "
					    "and a policy is required (RFC "
					    "5280 6.1)"
					  : "the %s chain of '%s' has a "
					    "malformed policy extension",
				  whose(checker), subj);
		policy_evidence(f, s, p);
		cc_finding_remedy(f,
				  "issue the certificates under a policy "
				  "every CA of the chain allows and the %s "
				  "accepts, or relax the constraint named "
				  "in the evidence",
				  who);
		return f;
	default:
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_INVALID, CC_STATUS_FAIL, cert,
			"the %s does not accept the %s chain at '%s': "
			"%s",
			who, whose(checker), subj,
			X509_verify_cert_error_string(e->code));
		cc_finding_int(f, "openssl_error", e->code);
		cc_finding_int(f, "depth", e->depth);
		cc_finding_remedy(f,
				  "re-issue '%s' so that it passes "
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
		{ ERR_OTHER_KEY,
		  "the issuer's name is there with another key" },
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

	f = cc_report_add(
		r, CC_CHECK_PAIR_CHAIN_TRUSTED, CC_STATUS_OK, ch->leaf,
		"the %s validates the %s chain up to '%s', which "
		"it trusts",
		cc_side_who(ch->checker), whose(ch->checker), anchor->subject);
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
	struct search s;
	const struct path *best;
	struct cc_finding *f, *first = NULL;

	memset(out, 0, sizeof(*out));
	out->checker = checker;
	out->leaf = leaf;
	out->idx[0] = leaf;
	out->n = 1;
	paths_find(&s, ctx, set, leaf, checker);
	best = s.oom ? NULL : paths_best(&s);
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
		cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_ERROR, CC_STATUS_SKIP, leaf,
			"the %s chain could not be checked: out of memory",
			whose(checker));
	paths_release(&s);
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
		f = cc_report_add(
			r, CC_CHECK_PAIR_CHAIN_ANCHORS, CC_STATUS_INFO, -1,
			"the certificates chain to different roots%s: "
			"the peer's to '%s', the gateway's to '%s'",
			strcmp(tp->subject, tg->subject) ? ""
							 : " of the same name",
			tp->subject, tg->subject);
	cc_finding_str(f, "peer_anchor", "%s", tp->subject);
	cc_finding_str(f, "peer_anchor_sha256", "%s", tp->sha256);
	cc_finding_str(f, "local_anchor", "%s", tg->subject);
	cc_finding_str(f, "local_anchor_sha256", "%s", tg->sha256);
	cc_finding_bool(f, "same", tp == tg);
}
