/* SPDX-License-Identifier: MIT */
/*
 * verify.c - one CRL against one certificate: who signed it and with which
 * key, its scope, its critical extensions, its freshness at the evaluation
 * time, and whether the certificate's serial is on it.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "crl_private.h"
#include "cc_x509.h"

static const char *const reasons[] = {
	"unspecified",	      "keyCompromise", "cACompromise",
	"affiliationChanged", "superseded",    "cessationOfOperation",
	"certificateHold",    "(7)",	       "removeFromCRL",
	"privilegeWithdrawn", "aACompromise",
};

#define REASON_HOLD 6

/* A key id, "(none)" for none (owned). */
static char *key_id(const ASN1_OCTET_STRING *id)
{
	char *s = cc_key_id(id);

	return s ? s : cc_xstrdup("(none)");
}

/* The CRL's authority key id, or NULL (owned). */
static char *crl_akid(const struct rawcrl *crl)
{
	AUTHORITY_KEYID *akid = X509V3_get_d2i(
		crl->exts, NID_authority_key_identifier, NULL, NULL);
	char *s = akid && akid->keyid ? key_id(akid->keyid) : NULL;

	AUTHORITY_KEYID_free(akid);
	ERR_clear_error();
	return s;
}

/* A critical extension that this code does not act on, or NID_undef. */
static int unknown_critical(const STACK_OF(X509_EXTENSION) * exts,
			    const int *known, size_t nknown)
{
	for (int i = 0; i < sk_X509_EXTENSION_num(exts); i++) {
		X509_EXTENSION *e = sk_X509_EXTENSION_value(exts, i);
		int nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));
		bool ok = false;

		if (!X509_EXTENSION_get_critical(e))
			continue;
		for (size_t k = 0; k < nknown && !ok; k++)
			ok = known[k] == nid;
		if (!ok)
			return nid == NID_undef ? -1 : nid;
	}
	return NID_undef;
}

/* The signer among the inputs: a certificate named as the CRL's issuer
 * whose key verifies it, the certificate's issuer first. */
static int find_signer(const struct rawcrl *crl, const struct cc_certset *set,
		       int issuer)
{
	const X509_NAME *name = crl->issuer;

	if (issuer >= 0 &&
	    rawcrl_verify(crl, X509_get0_pubkey(set->cert[issuer]->x509)))
		return issuer;
	for (size_t i = 0; i < set->n; i++) {
		X509 *x = set->cert[i]->x509;

		if ((int)i == issuer ||
		    X509_NAME_cmp(X509_get_subject_name(x), name) != 0)
			continue;
		if (rawcrl_verify(crl, X509_get0_pubkey(x))) {
			ERR_clear_error();
			return (int)i;
		}
	}
	ERR_clear_error();
	return -1;
}

/* Issuer, signature, signer's key usage, extensions and scope. */
static bool judge_signature(const struct rawcrl *crl,
			    const struct rawcrl_scan *scan,
			    const struct cc_certset *set, int cert, int issuer,
			    struct cc_url_result *u, int *signer_out)
{
	static const int known_crl_ext[] = {
		NID_authority_key_identifier,
		NID_issuer_alt_name,
		NID_crl_number,
		NID_issuing_distribution_point,
	};
	const struct cc_cert *c = cert >= 0 ? set->cert[cert] : NULL;
	char *crl_issuer = cc_name_string(crl->issuer);
	char *akid = NULL, *skid = NULL;
	ISSUING_DIST_POINT *idp = NULL;
	int signer, nid;
	bool ok = false;

	if (issuer >= 0 &&
	    X509_NAME_cmp(crl->issuer,
			  X509_get_subject_name(set->cert[issuer]->x509))) {
		if (u)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "the CRL is issued by '%s', not by '%s', "
				    "the CA of '%s': the wrong CRL is "
				    "published here",
				    crl_issuer, c->issuer, c->subject);
		goto out;
	}
	signer = find_signer(crl, set, issuer);
	*signer_out = signer;
	if (signer < 0) {
		akid = crl_akid(crl);
		skid = issuer >= 0 ? key_id(X509_get0_subject_key_id(
					     set->cert[issuer]->x509))
				   : NULL;
		if (!u)
			goto out;
		if (issuer < 0)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "the CRL's issuer '%s' is not among the "
				    "inputs: its signature cannot be checked",
				    crl_issuer);
		else if (akid && skid && strcmp(akid, skid))
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "the CRL is signed by key %s, not by the "
				    "current key %s of '%s': a CRL signed with "
				    "the CA's old key after a key renewal",
				    akid, skid, crl_issuer);
		else
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "the CRL's signature does not verify with "
				    "the key of '%s'",
				    crl_issuer);
		goto out;
	}
	if ((X509_get_extension_flags(set->cert[signer]->x509) &
	     EXFLAG_KUSAGE) &&
	    !(X509_get_key_usage(set->cert[signer]->x509) & KU_CRL_SIGN)) {
		if (u)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "'%s' signed the CRL but its key usage "
				    "lacks cRLSign",
				    crl_issuer);
		goto out;
	}
	nid = unknown_critical(crl->exts, known_crl_ext,
			       countof(known_crl_ext));
	if (nid == NID_undef &&
	    X509v3_get_ext_by_NID(crl->exts, NID_delta_crl, -1) >= 0)
		nid = NID_delta_crl;
	if (nid != NID_undef) {
		if (u && nid == NID_delta_crl)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "a delta CRL: it cannot be used without "
				    "its base CRL");
		else if (u)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "the CRL has an unknown critical extension "
				    "(%s): a gateway must not use it",
				    nid > 0 ? OBJ_nid2sn(nid) : "unnamed");
		goto out;
	}
	if (scan->unknown_critical || scan->malformed) {
		if (u)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    scan->malformed
					    ? "the CRL's list of entries is "
					      "malformed"
					    : "an entry of the CRL has an "
					      "unknown critical extension: a "
					      "gateway must not use the CRL");
		goto out;
	}
	idp = X509V3_get_d2i(crl->exts, NID_issuing_distribution_point, NULL,
			     NULL);
	if (idp && c &&
	    ((idp->onlyCA > 0 && !c->is_ca) ||
	     (idp->onlyuser > 0 && c->is_ca) || idp->onlyattr > 0 ||
	     idp->indirectCRL > 0 || idp->onlysomereasons)) {
		if (u)
			cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
				    "the CRL's scope does not cover '%s': %s",
				    c->subject,
				    idp->onlyCA > 0 ? "it lists only CA "
						      "certificates, so it "
						      "cannot clear a leaf"
				    : idp->onlyuser > 0
					    ? "it lists only end-entity "
					      "certificates"
				    : idp->onlyattr > 0
					    ? "it lists only attribute "
					      "certificates"
				    : idp->indirectCRL > 0
					    ? "an indirect CRL"
					    : "it covers only some reasons");
		goto out;
	}
	if (u)
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_OK, 0,
			    "signed by '%s'%s (sha256 %.16s...)", crl_issuer,
			    /* without the certificate (--url alone) there
			     * is no issuer whose key it could differ from */
			    issuer < 0 || signer == issuer
				    ? ""
				    : " with a separate CRL key",
			    set->cert[signer]->sha256);
	ok = true;
out:
	ERR_clear_error();
	ISSUING_DIST_POINT_free(idp);
	free(crl_issuer);
	free(akid);
	free(skid);
	return ok;
}

static bool judge_freshness(const struct rawcrl *crl, time_t now,
			    struct cc_url_result *u, struct crl_judgement *j)
{
	char when[21], d[32];

	j->this_update = cc_asn1_time(crl->this_update);
	j->next_update = crl->next_update ? cc_asn1_time(crl->next_update) : 0;
	if (j->this_update > now) {
		j->future = true;
		j->future_by = (long long)(j->this_update - now);
		cc_format_duration(j->future_by, d, sizeof(d));
		cc_format_time(j->this_update, when);
		if (u)
			cc_url_step(u, CC_STEP_FRESHNESS, CC_STATUS_FAIL, 0,
				    "not yet valid: thisUpdate %s is %s after "
				    "the evaluation time (a clock is wrong)",
				    when, d);
		return false;
	}
	if (!j->next_update) {
		if (u)
			cc_url_step(u, CC_STEP_FRESHNESS, CC_STATUS_WARN, 0,
				    "the CRL has no nextUpdate: gateways "
				    "cannot tell when it is stale");
		return true;
	}
	cc_format_time(j->next_update, when);
	if (j->next_update < now) {
		cc_format_duration((long long)(now - j->next_update), d,
				   sizeof(d));
		if (u)
			cc_url_step(u, CC_STEP_FRESHNESS, CC_STATUS_FAIL, 0,
				    "stale: nextUpdate %s passed %s before the "
				    "evaluation time",
				    when, d);
		return false;
	}
	/* 80% of thisUpdate..nextUpdate gone: a risk, not a failure */
	j->aging = (now - j->this_update) * 5 >=
		   (j->next_update - j->this_update) * 4;
	if (u)
		cc_url_step(u, CC_STEP_FRESHNESS, CC_STATUS_OK, 0,
			    "valid until %s%s", when,
			    j->aging ? " (80% of its period has passed)" : "");
	return true;
}

static void lookup(struct rawcrl_scan *scan, struct cc_url_result *u,
		   struct crl_judgement *j)
{
	ASN1_ENUMERATED *reason;
	char when[21];

	if (!scan->found) {
		if (u)
			cc_url_step(
				u, CC_STEP_LOOKUP, CC_STATUS_OK, 0,
				"the serial is not on the CRL (%ld entries)",
				scan->entries);
		return;
	}
	j->revoked = true;
	j->revoked_at =
		cc_asn1_time(X509_REVOKED_get0_revocationDate(scan->found));
	reason = X509_REVOKED_get_ext_d2i(scan->found, NID_crl_reason, NULL,
					  NULL);
	j->reason = reason ? (int)ASN1_ENUMERATED_get(reason) : -1;
	ASN1_ENUMERATED_free(reason);
	ERR_clear_error();
	j->hold = j->reason == REASON_HOLD;
	cc_format_time(j->revoked_at, when);
	if (u)
		cc_url_step(u, CC_STEP_LOOKUP, CC_STATUS_FAIL, 0,
			    "the serial is revoked since %s, reason %s", when,
			    crl_reason_name(j->reason));
}

/* See crl_private.h */
void crl_judge(struct rawcrl *crl, const struct cc_certset *set, int cert,
	       int issuer, time_t now, struct cc_url_result *u,
	       struct crl_judgement *j)
{
	struct rawcrl_scan scan;

	memset(j, 0, sizeof(*j));
	j->reason = -1;
	j->signer = -1;
	/* one pass over the entries serves the checks and the lookup (no
	 * certificate: a CRL judged alone, nothing to look up) */
	rawcrl_scan(crl,
		    cert >= 0 ? X509_get0_serialNumber(set->cert[cert]->x509)
			      : NULL,
		    &scan);
	j->entries = scan.entries;
	/* signed by the issuer, then fresh, then looked up */
	if (judge_signature(crl, &scan, set, cert, issuer, u, &j->signer) &&
	    judge_freshness(crl, now, u, j)) {
		j->usable = true;
		if (cert >= 0)
			lookup(&scan, u, j);
	}
	X509_REVOKED_free(scan.found);
}

/* See crl_private.h */
bool crl_needs_rfc(const struct rawcrl *crl)
{
	return X509v3_get_ext_by_NID(crl->exts, NID_issuing_distribution_point,
				     -1) >= 0 ||
	       X509v3_get_ext_by_NID(crl->exts, NID_delta_crl, -1) >= 0 ||
	       X509v3_get_ext_by_NID(crl->exts, NID_freshest_crl, -1) >= 0;
}

/* See crl_private.h */
const char *crl_reason_name(int reason)
{
	return reason >= 0 && (size_t)reason < countof(reasons)
		       ? reasons[reason]
		       : "not given";
}
