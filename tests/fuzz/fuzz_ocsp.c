/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ocsp.c - an OCSP response read and judged as an answer to a request
 * for a certificate of a CA made at start: its status, signer, nonce,
 * CertID, freshness and the certificate's status (crl/ocsp.c).
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cc_x509.h"
#include "crl_private.h"

/* A certificate of subject cn with key k, issued by issuer with its key
 * ikey (self-signed when issuer is NULL). */
static X509 *make(const char *cn, EVP_PKEY *k, X509 *issuer, EVP_PKEY *ikey)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), issuer ? 2 : 1);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_gmtime_adj(X509_getm_notBefore(x), -86400);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 3650);
	X509_set_pubkey(x, k);
	X509_sign(x, ikey ? ikey : k, EVP_sha256());
	X509_NAME_free(n);
	return x;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static struct cc_certset set;
	static struct ocsp_ask ask;
	static bool ready;
	struct cc_url_results urls = { 0 };
	struct cc_url_result *u;
	struct crl_judgement jd;

	if (!ready) {
		EVP_PKEY *ck = EVP_EC_gen("P-256"), *lk = EVP_EC_gen("P-256");
		X509 *ca = make("Fuzz CA", ck, NULL, NULL);
		X509 *leaf = make("leaf", lk, ca, ck);
		struct cc_crl_opts o = { .ocsp_nonce_len = 32 };
		char why[160];
		struct cc_cert *c;

		cc_certset_init(&set);
		c = cc_cert_new(CC_ROLE_PEER, CC_FMT_PEM, "leaf");
		c->x509 = leaf;
		cc_certset_append(&set, c);
		c = cc_cert_new(CC_ROLE_CA, CC_FMT_PEM, "ca");
		c->x509 = ca;
		cc_certset_append(&set, c);
		if (!ocsp_ask_new(leaf, ca, &o, &ask, why, sizeof(why)))
			return 0;
		EVP_PKEY_free(ck);
		EVP_PKEY_free(lk);
		ready = true;
	}
	u = cc_urls_add(&urls, "http://ocsp.example/", 0, false);
	u->kind = CC_URL_OCSP;
	ocsp_judge(data, len, &ask, &set, 1, NULL, 1780315200, u, &jd);
	cc_urls_release(&urls);
	return 0;
}
