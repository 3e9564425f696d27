/* SPDX-License-Identifier: MIT */
/*
 * mkbigcrl.c - a benchmark PKI: root, issuing CA and a leaf, plus a CRL of
 * N entries (16-byte serials, a reason code each, about 45 bytes an
 * entry), in serial order or not.  The leaf is not on it: a lookup reads
 * every entry.
 *
 * usage: mkbigcrl OUTDIR ENTRIES sorted|unsorted [AT]
 *
 * AT (seconds since the epoch, default 2026-06-01T12:00:00Z) is the time
 * the CRL is current at: tools without an --at option need the clock's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "testpki.h"

#define Y2025 1735689600L
#define Y2030 1893456000L

static int cmp(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

int main(int argc, char **argv)
{
	EVP_PKEY *rk, *ik, *lk;
	X509 *root, *ca, *leaf;
	X509_CRL *crl;
	struct tp_spec s;
	ASN1_TIME *t = ASN1_TIME_new();
	ASN1_ENUMERATED *reason = ASN1_ENUMERATED_new();
	unsigned char(*serials)[16];
	long n;
	time_t AT = 1780315200L;

	if ((argc != 4 && argc != 5) || (n = atol(argv[2])) < 1) {
		fputs("usage: mkbigcrl OUTDIR ENTRIES sorted|unsorted [AT]\n",
		      stderr);
		return 2;
	}
	if (argc == 5)
		AT = (time_t)atoll(argv[4]);
	rk = tp_key_rsa(2048);
	ik = tp_key_rsa(2048);
	lk = tp_key_ec("P-256");
	s = (struct tp_spec){ .subject = "C=SE, O=Bench, CN=Bench Root CA",
			      .not_before = Y2025,
			      .not_after = Y2030,
			      .serial = 1,
			      .bc = "critical,CA:TRUE",
			      .ku = "critical,keyCertSign,cRLSign" };
	root = tp_issue(&s, rk, NULL, NULL);
	s.subject = "C=SE, O=Bench, CN=Bench Issuing CA";
	s.serial = 2;
	ca = tp_issue(&s, ik, root, rk);
	s = (struct tp_spec){ .subject = "C=SE, O=Bench, CN=bench leaf",
			      .not_before = Y2025,
			      .not_after = Y2030,
			      .serial = 3,
			      .bc = "critical,CA:FALSE",
			      .ku = "critical,digitalSignature" };
	leaf = tp_issue(&s, lk, ca, ik);
	tp_write_pem(argv[1], "root.pem", &root, 1);
	tp_write_pem(argv[1], "issuing.pem", &ca, 1);
	tp_write_pem(argv[1], "leaf.pem", &leaf, 1);

	serials = malloc((size_t)n * 16);
	if (!serials || !t || !reason ||
	    RAND_bytes(&serials[0][0], (int)(n * 16)) != 1)
		return 1;
	for (long i = 0; i < n; i++)
		serials[i][0] = (unsigned char)(0x10 | (serials[i][0] & 0x3f));
	if (!strcmp(argv[3], "sorted"))
		qsort(serials, (size_t)n, 16, cmp);
	crl = X509_CRL_new();
	ASN1_TIME_set(t, AT - 86400);
	X509_CRL_set_version(crl, 1);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca));
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_set(t, AT + 6 * 86400);
	X509_CRL_set1_nextUpdate(crl, t);
	ASN1_TIME_set(t, AT - 30 * 86400);
	ASN1_ENUMERATED_set(reason, 1);
	for (long i = 0; i < n; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *sn = ASN1_INTEGER_new();

		if (!r || !sn || !ASN1_STRING_set(sn, serials[i], 16) ||
		    !X509_REVOKED_set_serialNumber(r, sn) ||
		    !X509_REVOKED_set_revocationDate(r, t) ||
		    !X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, reason, 0,
					       0) ||
		    !X509_CRL_add0_revoked(crl, r))
			return 1;
		ASN1_INTEGER_free(sn);
	}
	{
		X509V3_CTX v3;
		X509_EXTENSION *e;

		X509V3_set_ctx(&v3, ca, NULL, NULL, crl, 0);
		e = X509V3_EXT_nconf_nid(NULL, &v3,
					 NID_authority_key_identifier,
					 "keyid:always");
		if (!e || !X509_CRL_add_ext(crl, e, -1))
			return 1;
		X509_EXTENSION_free(e);
	}
	/* no X509_CRL_sort(): the entries stay in the order given */
	if (!X509_CRL_sign(crl, ik, EVP_sha256()))
		return 1;
	tp_write_crl(argv[1], "big.crl", crl, false);
	X509_CRL_free(crl);
	free(serials);
	ASN1_TIME_free(t);
	ASN1_ENUMERATED_free(reason);
	X509_free(root);
	X509_free(ca);
	X509_free(leaf);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(ik);
	EVP_PKEY_free(lk);
	return 0;
}
