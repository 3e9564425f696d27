/*
 * verify.c - one CRL against one certificate: who signed it and with which
 * key, its scope, its critical extensions, its freshness at the evaluation
 * time, and whether the certificate's serial is on it.
 */
#define _GNU_SOURCE /* for memmem() */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "crl_private.h"
#include "x509util.h"

static const char *const reasons[] = {
	"unspecified",	      "keyCompromise",	"cACompromise",
	"affiliationChanged", "superseded",	"cessationOfOperation",
	"certificateHold",    "(7)",		"removeFromCRL",
	"privilegeWithdrawn", "aACompromise",
};

#define REASON_HOLD 6

/* See crl_private.h */
int crl_entries(X509_CRL *crl)
{
	int n = sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl));

	return n < 0 ? 0 : n;
}

/* See crl_private.h */
X509_CRL *crl_parse(const unsigned char *p, size_t n, bool *pem, char *why,
		    size_t len)
{
	const unsigned char *q = p;
	X509_CRL *crl = NULL;

	*pem = memmem(p, n, "-----BEGIN X509 CRL-----", 24) != NULL;
	if (*pem) {
		BIO *b = BIO_new_mem_buf(p, (int)(n > 0x7fffffff ? 0x7fffffff
								 : n));

		crl = b ? PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
	} else if (n > 0) {
		crl = d2i_X509_CRL(NULL, &q, (long)n);
		if (crl && q != p + n) {
			X509_CRL_free(crl);
			crl = NULL;
			snprintf(why, len, "%zu bytes of trailing data after "
				 "the CRL", (size_t)(p + n - q));
			ERR_clear_error();
			return NULL;
		}
	}
	if (!crl)
		cc_ossl_error(why, len, n ? "not a DER or PEM CRL" : "empty");
	ERR_clear_error();
	return crl;
}

static char *key_id(const ASN1_OCTET_STRING *id)
{
	return id ? cc_hex(ASN1_STRING_get0_data(id),
			   (size_t)ASN1_STRING_length(id), ":")
		  : cc_xstrdup("(none)");
}

/* The CRL's authority key id, or NULL (owned). */
static char *crl_akid(X509_CRL *crl)
{
	AUTHORITY_KEYID *akid =
		X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, NULL,
				     NULL);
	char *s = akid && akid->keyid ? key_id(akid->keyid) : NULL;

	AUTHORITY_KEYID_free(akid);
	ERR_clear_error();
	return s;
}

/* A critical extension that this code does not act on, or NID_undef. */
static int unknown_critical(const STACK_OF(X509_EXTENSION) *exts,
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
static int find_signer(X509_CRL *crl, const struct cc_certset *set,
		       int issuer)
{
	const X509_NAME *name = X509_CRL_get_issuer(crl);

	if (issuer >= 0 &&
	    X509_CRL_verify(crl, X509_get0_pubkey(set->cert[issuer]->x509)) ==
		    1)
		return issuer;
	for (size_t i = 0; i < set->n; i++) {
		X509 *x = set->cert[i]->x509;

		if ((int)i == issuer ||
		    X509_NAME_cmp(X509_get_subject_name(x), name) != 0)
			continue;
		if (X509_CRL_verify(crl, X509_get0_pubkey(x)) == 1) {
			ERR_clear_error();
			return (int)i;
		}
	}
	ERR_clear_error();
	return -1;
}

/* Issuer, signature, signer's key usage, extensions and scope. */
static bool judge_signature(X509_CRL *crl, const struct cc_certset *set,
			    int cert, int issuer, struct cc_url_result *u,
			    int *signer_out)
{
	static const int known_crl_ext[] = {
		NID_authority_key_identifier, NID_issuer_alt_name,
		NID_crl_number, NID_issuing_distribution_point,
	};
	const struct cc_cert *c = set->cert[cert];
	char *crl_issuer = cc_name_string(X509_CRL_get_issuer(crl));
	char *akid = NULL, *skid = NULL;
	ISSUING_DIST_POINT *idp = NULL;
	int signer, nid;
	bool ok = false;

	if (issuer >= 0 &&
	    X509_NAME_cmp(X509_CRL_get_issuer(crl),
			  X509_get_subject_name(set->cert[issuer]->x509))) {
		if (u)
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
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
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
				    "the CRL's issuer '%s' is not among the "
				    "inputs: its signature cannot be checked",
				    crl_issuer);
		else if (akid && skid && strcmp(akid, skid))
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
				    "the CRL is signed by key %s, not by the "
				    "current key %s of '%s': a CRL signed with "
				    "the CA's old key after a key renewal",
				    akid, skid, crl_issuer);
		else
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
				    "the CRL's signature does not verify with "
				    "the key of '%s'",
				    crl_issuer);
		goto out;
	}
	if ((X509_get_extension_flags(set->cert[signer]->x509) &
	     EXFLAG_KUSAGE) &&
	    !(X509_get_key_usage(set->cert[signer]->x509) & KU_CRL_SIGN)) {
		if (u)
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
				    "'%s' signed the CRL but its key usage "
				    "lacks cRLSign",
				    crl_issuer);
		goto out;
	}
	nid = unknown_critical(X509_CRL_get0_extensions(crl), known_crl_ext,
			       countof(known_crl_ext));
	if (nid == NID_undef && X509_CRL_get_ext_by_NID(crl, NID_delta_crl,
							-1) >= 0)
		nid = NID_delta_crl;
	if (nid != NID_undef) {
		if (u && nid == NID_delta_crl)
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
				    "a delta CRL: it cannot be used without "
				    "its base CRL");
		else if (u)
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
				    "the CRL has an unknown critical extension "
				    "(%s): a gateway must not use it",
				    nid > 0 ? OBJ_nid2sn(nid) : "unnamed");
		goto out;
	}
	for (int i = 0; i < sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl));
	     i++) {
		static const int known_entry_ext[] = {
			NID_crl_reason, NID_invalidity_date,
			NID_certificate_issuer,
		};
		X509_REVOKED *rev =
			sk_X509_REVOKED_value(X509_CRL_get_REVOKED(crl), i);

		nid = unknown_critical(X509_REVOKED_get0_extensions(rev),
				       known_entry_ext,
				       countof(known_entry_ext));
		if (nid != NID_undef) {
			if (u)
				cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
					    "an entry of the CRL has an "
					    "unknown critical extension: a "
					    "gateway must not use the CRL");
			goto out;
		}
	}
	idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, NULL,
				   NULL);
	if (idp && ((idp->onlyCA > 0 && !c->is_ca) ||
		    (idp->onlyuser > 0 && c->is_ca) || idp->onlyattr > 0 ||
		    idp->indirectCRL > 0 || idp->onlysomereasons)) {
		if (u)
			cc_url_step(u, "verify", CC_STATUS_FAIL, 0,
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
		cc_url_step(u, "verify", CC_STATUS_OK, 0,
			    "signed by '%s'%s (sha256 %.16s...)", crl_issuer,
			    signer == issuer ? "" : " with a separate CRL key",
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

static bool judge_freshness(X509_CRL *crl, time_t now,
			    struct cc_url_result *u, struct crl_judgement *j)
{
	char when[21], d[32];

	j->this_update = cc_asn1_time(X509_CRL_get0_lastUpdate(crl));
	j->next_update = X509_CRL_get0_nextUpdate(crl)
				 ? cc_asn1_time(X509_CRL_get0_nextUpdate(crl))
				 : 0;
	if (j->this_update > now) {
		j->future = true;
		j->future_by = (long long)(j->this_update - now);
		cc_format_duration(j->future_by, d, sizeof(d));
		cc_format_time(j->this_update, when);
		if (u)
			cc_url_step(u, "freshness", CC_STATUS_FAIL, 0,
				    "not yet valid: thisUpdate %s is %s after "
				    "the evaluation time (a clock is wrong)",
				    when, d);
		return false;
	}
	if (!j->next_update) {
		if (u)
			cc_url_step(u, "freshness", CC_STATUS_WARN, 0,
				    "the CRL has no nextUpdate: gateways "
				    "cannot tell when it is stale");
		return true;
	}
	cc_format_time(j->next_update, when);
	if (j->next_update < now) {
		cc_format_duration((long long)(now - j->next_update), d,
				   sizeof(d));
		if (u)
			cc_url_step(u, "freshness", CC_STATUS_FAIL, 0,
				    "stale: nextUpdate %s passed %s before the "
				    "evaluation time",
				    when, d);
		return false;
	}
	/* 80% of thisUpdate..nextUpdate gone: a risk, not a failure */
	j->aging = (now - j->this_update) * 5 >=
		   (j->next_update - j->this_update) * 4;
	if (u)
		cc_url_step(u, "freshness", CC_STATUS_OK, 0,
			    "valid until %s%s", when,
			    j->aging ? " (80% of its period has passed)" : "");
	return true;
}

static void lookup(X509_CRL *crl, X509 *x, struct cc_url_result *u,
		   struct crl_judgement *j)
{
	X509_REVOKED *rev = NULL;
	ASN1_ENUMERATED *reason;
	char when[21];
	int found = X509_CRL_get0_by_serial(crl, &rev,
					    X509_get0_serialNumber(x));

	if (found != 1 || !rev) {
		if (u)
			cc_url_step(u, "lookup", CC_STATUS_OK, 0,
				    "the serial is not on the CRL (%d entries)",
				    crl_entries(crl));
		ERR_clear_error();
		return;
	}
	j->revoked = true;
	j->revoked_at = cc_asn1_time(X509_REVOKED_get0_revocationDate(rev));
	reason = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
	j->reason = reason ? (int)ASN1_ENUMERATED_get(reason) : -1;
	ASN1_ENUMERATED_free(reason);
	ERR_clear_error();
	j->hold = j->reason == REASON_HOLD;
	cc_format_time(j->revoked_at, when);
	if (u)
		cc_url_step(u, "lookup", CC_STATUS_FAIL, 0,
			    "the serial is revoked since %s, reason %s", when,
			    crl_reason_name(j->reason));
}

/* See crl_private.h */
void crl_judge(X509_CRL *crl, const struct cc_certset *set, int cert,
	       int issuer, time_t now, struct cc_url_result *u,
	       struct crl_judgement *j)
{
	memset(j, 0, sizeof(*j));
	j->reason = -1;
	j->signer = -1;
	if (!judge_signature(crl, set, cert, issuer, u, &j->signer)) {
		j->failed = "verify";
		return;
	}
	if (!judge_freshness(crl, now, u, j)) {
		j->failed = "freshness";
		return;
	}
	j->usable = true;
	lookup(crl, set->cert[cert]->x509, u, j);
}

/* See crl_private.h */
const char *crl_reason_name(int reason)
{
	return reason >= 0 && (size_t)reason < countof(reasons)
		       ? reasons[reason]
		       : "not given";
}
