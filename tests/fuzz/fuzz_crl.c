/* SPDX-License-Identifier: MIT */
/*
 * fuzz_crl.c - a CRL read in one pass (DER or PEM), its entries scanned
 * for a serial, its signature checked, and OpenSSL's full decoding of it.
 */
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crl_private.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static EVP_PKEY *key;
	ASN1_INTEGER *serial = ASN1_INTEGER_new();
	struct rawcrl_scan scan;
	struct rawcrl *crl;
	char why[200];
	bool pem;

	if (!key)
		key = EVP_EC_gen("P-256");
	crl = rawcrl_parse(data, len, true, &pem, why, sizeof(why));
	if (crl && serial && ASN1_INTEGER_set(serial, 0x3eb)) {
		rawcrl_scan(crl, serial, &scan);
		X509_REVOKED_free(scan.found);
		(void)rawcrl_verify(crl, key);
		(void)crl_needs_rfc(crl);
		(void)rawcrl_get0_crl(crl);
	}
	rawcrl_free(crl);
	ASN1_INTEGER_free(serial);
	return 0;
}
