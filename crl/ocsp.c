/* SPDX-License-Identifier: MIT */
/*
 * ocsp.c - OCSP beside the CRLs (RFC 6960): a certificate's responders
 * (its AIA's id-ad-ocsp URLs), the request (a CertID, SHA-1 unless
 * --ocsp-hash says sha256, and a nonce of 32 bytes as strongSwan sends:
 * src/libstrongswan/plugins/x509/x509_ocsp_request.c, NONCE_LEN), and the
 * response judged as a gateway judges it: its status, its signer (the CA
 * itself, or a certificate the CA issued for OCSP signing: RFC 6960
 * 4.2.2.2), the nonce, the CertID answered, its freshness and the
 * certificate's status.  OpenSSL's OCSP API reads and writes the
 * messages; the transport is the CRL fetch's (loop.c), so that the
 * gateway's DNS, --source, --proxy, the timings and the size cap apply.
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_report.h"
#include "cc_x509.h"
#include "crl_private.h"

/* A response this far ahead of the evaluation time is clock evidence. */
#define SLACK 300

/* See crl_private.h */
size_t ocsp_urls(X509 *x, char ***out)
{
	STACK_OF(OPENSSL_STRING) *v = X509_get1_ocsp(x);
	size_t n = 0;

	*out = NULL;
	for (int i = 0; v && i < sk_OPENSSL_STRING_num(v); i++) {
		*out = cc_xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = cc_xstrdup(sk_OPENSSL_STRING_value(v, i));
	}
	X509_email_free(v);
	return n;
}

/* See crl_private.h */
bool ocsp_ask_new(X509 *cert, X509 *issuer, const struct cc_crl_opts *o,
		  struct ocsp_ask *a, char *why, size_t len)
{
	const EVP_MD *md = o->ocsp_sha256 ? EVP_sha256() : EVP_sha1();
	unsigned char *p = NULL;
	int n;

	memset(a, 0, sizeof(*a));
	a->req = OCSP_REQUEST_new();
	a->id = OCSP_cert_to_id(md, cert, issuer);
	if (!a->req || !a->id ||
	    !OCSP_request_add0_id(a->req, OCSP_CERTID_dup(a->id)) ||
	    (o->ocsp_nonce_len > 0 &&
	     !OCSP_request_add1_nonce(a->req, NULL, o->ocsp_nonce_len)) ||
	    (n = i2d_OCSP_REQUEST(a->req, &p)) <= 0) {
		cc_ossl_error(why, len, "cannot make an OCSP request");
		ocsp_ask_release(a);
		return false;
	}
	a->der = p;
	a->len = (size_t)n;
	return true;
}

/* See crl_private.h */
void ocsp_ask_release(struct ocsp_ask *a)
{
	OCSP_REQUEST_free(a->req);
	OCSP_CERTID_free(a->id);
	OPENSSL_free(a->der);
	memset(a, 0, sizeof(*a));
}

static const char *response_status_name(int st)
{
	switch (st) {
	case OCSP_RESPONSE_STATUS_MALFORMEDREQUEST:
		return "malformedRequest: the responder cannot read the "
		       "request (some answer so to a 32-byte nonce: try "
		       "--ocsp-nonce-len 16 or 0)";
	case OCSP_RESPONSE_STATUS_INTERNALERROR:
		return "internalError: the responder failed";
	case OCSP_RESPONSE_STATUS_TRYLATER:
		return "tryLater: the responder is busy or not ready";
	case OCSP_RESPONSE_STATUS_SIGREQUIRED:
		return "sigRequired: the responder wants signed requests, "
		       "which no gateway sends";
	case OCSP_RESPONSE_STATUS_UNAUTHORIZED:
		return "unauthorized: the responder does not serve this CA "
		       "(or does not know the certificate)";
	}
	return "an unknown response status";
}

/* The signer of bs and whether a gateway accepts it: the CA itself, or a
 * certificate the CA issued with id-kp-OCSPSigning, valid at now (RFC
 * 6960 4.2.2.2); its signature checked.  Records the verify step. */
static bool judge_signer(OCSP_BASICRESP *bs, X509 *issuer,
			 STACK_OF(X509) * trusted, time_t now,
			 struct cc_url_result *u)
{
	STACK_OF(X509) *extra = sk_X509_new_null();
	X509_STORE *store = X509_STORE_new();
	X509 *signer = NULL;
	char *who;
	bool ok = false, direct = false;

	if (extra && issuer)
		sk_X509_push(extra, issuer);
	for (int i = 0; extra && i < sk_X509_num(trusted); i++)
		sk_X509_push(extra, sk_X509_value(trusted, i));
	if (OCSP_resp_get0_signer(bs, &signer, extra) != 1 || !signer) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
			    "the response is signed by a certificate it does "
			    "not include and that is not the CA's: the "
			    "responder must send its signing certificate");
		sk_X509_free(extra);
		X509_STORE_free(store);
		ERR_clear_error();
		return false;
	}
	who = cc_name_string(X509_get_subject_name(signer));
	for (int i = 0; i < sk_X509_num(trusted) && !direct; i++)
		direct = !X509_cmp(signer, sk_X509_value(trusted, i));
	/* the signature only (OCSP_NOVERIFY: no path to a store; OpenSSL
	 * 3.0 has no OCSP_BASICRESP_verify()): whom it is from is judged
	 * below */
	if (!store || OCSP_basic_verify(bs, extra, store, OCSP_NOVERIFY) != 1) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
			    "the signature of the response does not verify "
			    "with the key of '%s'",
			    who);
	} else if (direct) {
		/* trusted as it is (strongSwan: x509ocsp/, ipsec.d/ocspcerts/,
		 * X509_OCSP_SIGNER; revocation_validator.c:201), while valid */
		ok = cc_asn1_time(X509_get0_notAfter(signer)) >= now &&
		     cc_asn1_time(X509_get0_notBefore(signer)) <= now;
		cc_url_step(
			u, CC_STEP_VERIFY, ok ? CC_STATUS_OK : CC_STATUS_FAIL,
			0,
			ok ? "signed by '%s', a responder trusted directly "
			     "(--ocsp-signer)"
			   : "signed by '%s', a responder trusted directly, "
			     "whose certificate is not valid at the "
			     "evaluation time",
			who);
	} else if (issuer && !X509_cmp(signer, issuer)) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_OK, 0,
			    "signed by the CA itself, '%s'", who);
		ok = true;
	} else if (!issuer) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
			    "signed by '%s'; the certificate's issuer is not "
			    "among the certificates given, so a delegated "
			    "signer cannot be checked",
			    who);
	} else if (X509_check_issued(issuer, signer) != X509_V_OK ||
		   X509_verify(signer, X509_get0_pubkey(issuer)) != 1) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
			    "signed by '%s', which the certificate's CA did "
			    "not issue: a gateway accepts only the CA or a "
			    "responder it authorised",
			    who);
	} else if (!(X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) ||
		   !(X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN)) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
			    "signed by '%s', which the CA issued without "
			    "the extended key usage OCSPSigning: a gateway "
			    "does not take its word",
			    who);
	} else if (cc_asn1_time(X509_get0_notAfter(signer)) < now ||
		   cc_asn1_time(X509_get0_notBefore(signer)) > now) {
		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_FAIL, 0,
			    "signed by '%s', a delegated responder whose "
			    "certificate is not valid at the evaluation time",
			    who);
	} else {
		bool nocheck =
			X509_get_ext_by_NID(signer, NID_id_pkix_OCSP_noCheck,
					    -1) >= 0;

		cc_url_step(u, CC_STEP_VERIFY, CC_STATUS_OK, 0,
			    "signed by '%s', a responder the CA authorised "
			    "(OCSPSigning)%s",
			    who,
			    nocheck ? "; id-pkix-ocsp-nocheck: its own "
				      "revocation is not checked"
				    : "");
		ok = true;
	}
	free(who);
	sk_X509_free(extra);
	X509_STORE_free(store);
	ERR_clear_error();
	return ok;
}

/* See crl_private.h */
void ocsp_judge(const unsigned char *body, size_t len, const struct ocsp_ask *a,
		const struct cc_certset *set, int issuer,
		struct stack_st_X509 *trusted, time_t now,
		struct cc_url_result *u, struct crl_judgement *jd)
{
	const unsigned char *p = body;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *bs = NULL;
	ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
	int st, status = -1, reason = -1, nonce;

	memset(jd, 0, sizeof(*jd));
	jd->reason = -1;
	jd->signer = -1;
	if (len && (body[0] == '<' || body[0] == ' ' || body[0] == '\n')) {
		cc_url_step(u, CC_STEP_PARSE, CC_STATUS_FAIL, 0,
			    "an HTML page, not an OCSP response (%zu bytes): "
			    "a captive portal or an error page answered",
			    len);
		return;
	}
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
	if (!resp || p != body + len) {
		cc_url_step(u, CC_STEP_PARSE, CC_STATUS_FAIL, 0,
			    "not an OCSP response (%zu bytes)", len);
		OCSP_RESPONSE_free(resp);
		ERR_clear_error();
		return;
	}
	st = OCSP_response_status(resp);
	if (st != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		cc_url_step(u, CC_STEP_RESPONSE, CC_STATUS_FAIL, 0,
			    "the responder answers %s",
			    response_status_name(st));
		goto out;
	}
	if (!(bs = OCSP_response_get1_basic(resp))) {
		cc_url_step(u, CC_STEP_PARSE, CC_STATUS_FAIL, 0,
			    "a successful response without a basic OCSP "
			    "response in it");
		goto out;
	}
	cc_url_step(u, CC_STEP_RESPONSE, CC_STATUS_OK, 0,
		    "successful (%zu bytes)", len);
	if (!judge_signer(bs, issuer >= 0 ? set->cert[issuer]->x509 : NULL,
			  trusted, now, u))
		goto out;
	jd->signer = issuer;
	nonce = OCSP_check_nonce(a->req, bs);
	if (nonce == 0)
		cc_url_step(u, CC_STEP_NONCE, CC_STATUS_FAIL, 0,
			    "the response's nonce is not the request's: a "
			    "replayed or misrouted response");
	else if (nonce == 1)
		cc_url_step(u, CC_STEP_NONCE, CC_STATUS_OK, 0,
			    "the response carries the request's nonce");
	else if (nonce == -1)
		cc_url_step(u, CC_STEP_NONCE, CC_STATUS_INFO, 0,
			    "the response has no nonce: a caching responder "
			    "(strongSwan accepts it; its freshness decides)");
	if (nonce == 0)
		goto out;
	if (OCSP_resp_find_status(bs, a->id, &status, &reason, &rev, &thisupd,
				  &nextupd) != 1) {
		cc_url_step(u, CC_STEP_RESPONSE, CC_STATUS_FAIL, 0,
			    "the response answers for another certificate "
			    "(no CertID is the one asked)");
		goto out;
	}
	jd->this_update = cc_asn1_time(thisupd);
	jd->next_update = nextupd ? cc_asn1_time(nextupd) : 0;
	if (jd->this_update > now + SLACK) {
		jd->future = true;
		jd->future_by = (long long)(jd->this_update - now);
		cc_url_step(u, CC_STEP_FRESHNESS, CC_STATUS_FAIL, 0,
			    "thisUpdate is %lld s after the evaluation time: "
			    "the responder's clock or this one is wrong",
			    jd->future_by);
		goto out;
	}
	if (jd->next_update && jd->next_update + SLACK < now) {
		cc_url_step(u, CC_STEP_FRESHNESS, CC_STATUS_FAIL, 0,
			    "nextUpdate has passed: a stale response");
		goto out;
	}
	cc_url_step(u, CC_STEP_FRESHNESS,
		    jd->next_update ? CC_STATUS_OK : CC_STATUS_INFO, 0, "%s",
		    jd->next_update ? "current"
				    : "no nextUpdate: strongSwan keeps such "
				      "a response 30 s");
	switch (status) {
	case V_OCSP_CERTSTATUS_GOOD:
		jd->usable = true;
		cc_url_step(u, CC_STEP_STATUS, CC_STATUS_OK, 0,
			    "good: not revoked");
		break;
	case V_OCSP_CERTSTATUS_REVOKED:
		jd->usable = jd->revoked = true;
		jd->reason = reason;
		jd->hold = reason == OCSP_REVOKED_STATUS_CERTIFICATEHOLD;
		jd->revoked_at = rev ? cc_asn1_time(rev) : 0;
		/* the lookup step: said by crl.revoked, not as a failure */
		cc_url_step(u, CC_STEP_LOOKUP, CC_STATUS_FAIL, 0,
			    "revoked (reason %s)", crl_reason_name(reason));
		break;
	default:
		cc_url_step(u, CC_STEP_STATUS, CC_STATUS_FAIL, 0,
			    "unknown: the responder does not know the "
			    "certificate (strongSwan refuses it under strict "
			    "and ifuri, accepts it under relaxed)");
		break;
	}
out:
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
}

/* See crl_private.h */
enum cc_err ocsp_signers(struct cc_ctx *ctx, const struct cc_crl_opts *o,
			 STACK_OF(X509) * *out)
{
	*out = sk_X509_new_null();
	for (size_t i = 0; *out && i < o->nocsp_signers; i++) {
		BIO *b = BIO_new_file(o->ocsp_signers[i], "rb");
		X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

		if (b && !x) {
			(void)BIO_reset(b);
			x = d2i_X509_bio(b, NULL);
		}
		BIO_free(b);
		ERR_clear_error();
		if (!x || !sk_X509_push(*out, x)) {
			X509_free(x);
			return cc_fail(ctx, CC_EINPUT,
				       "'%s': not a certificate (an OCSP "
				       "signer)",
				       o->ocsp_signers[i]);
		}
	}
	return CC_SUCCESS;
}

/* See crl_private.h */
char *ocsp_get_url(const char *url, const struct ocsp_ask *a)
{
	size_t n = 4 * ((a->len + 2) / 3) + 1, len = strlen(url);
	unsigned char *b64 = cc_xmalloc(n);
	char *out = cc_xmalloc(len + 3 * n + 2), *o;

	EVP_EncodeBlock(b64, a->der, (int)a->len);
	/* RFC 6960 A.1.1: the URL, then the url-encoding of the base64 of
	 * the DER request */
	o = out + snprintf(out, len + 2, "%s%s", url,
			   len && url[len - 1] == '/' ? "" : "/");
	for (const unsigned char *p = b64; *p; p++)
		o += *p == '+' || *p == '/' || *p == '='
			     ? sprintf(o, "%%%02X", *p)
			     : sprintf(o, "%c", *p);
	free(b64);
	return out;
}
