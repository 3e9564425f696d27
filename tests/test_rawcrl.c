/* SPDX-License-Identifier: MIT */
/*
 * test_rawcrl.c - the one-pass CRL reader on PKITS CRLs and on what the
 * fuzzers found (tests/fuzz/regressions/crl): counts, lookups, signatures,
 * and no crash on malformed input.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/pem.h>

#include "crl_private.h"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = malloc(1 << 20);

	ck_assert_ptr_nonnull(f);
	*n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static X509 *cert(const char *name)
{
	char path[4096];
	FILE *f;
	X509 *x;

	snprintf(path, sizeof(path), "%s/certs/%s", CC_PKITS_DIR, name);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	x = d2i_X509_fp(f, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(x);
	return x;
}

START_TEST(test_pkits_crl)
{
	char path[4096], why[200];
	size_t n;
	unsigned char *der;
	struct rawcrl *crl;
	struct rawcrl_scan scan;
	X509 *ca = cert("GoodCACert.crt"),
	     *revoked = cert("InvalidRevokedEETest3EE.crt"),
	     *valid = cert("ValidCertificatePathTest1EE.crt");
	bool pem;

	snprintf(path, sizeof(path), "%s/crls/GoodCACRL.crl", CC_PKITS_DIR);
	der = slurp(path, &n);
	crl = rawcrl_parse(der, n, true, &pem, why, sizeof(why));
	ck_assert_msg(crl != NULL, "%s", why);
	ck_assert(!pem);
	ck_assert(rawcrl_verify(crl, X509_get0_pubkey(ca)));
	ck_assert(!rawcrl_verify(crl, X509_get0_pubkey(revoked)));
	rawcrl_scan(crl, X509_get0_serialNumber(revoked), &scan);
	ck_assert_ptr_nonnull(scan.found);
	ck_assert_int_eq(scan.entries, 2);
	X509_REVOKED_free(scan.found);
	rawcrl_scan(crl, X509_get0_serialNumber(valid), &scan);
	ck_assert_ptr_null(scan.found);
	rawcrl_free(crl);
	/* trailing data is not a CRL */
	der = realloc(der, n + 1);
	der[n] = 0;
	ck_assert_ptr_null(
		rawcrl_parse(der, n + 1, true, &pem, why, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, "trailing"));
	free(der);
	X509_free(ca);
	X509_free(revoked);
	X509_free(valid);
}
END_TEST

/* What the fuzzers found stays found: each input read without a crash. */
START_TEST(test_regressions)
{
	char dir[4096], path[8192], why[200];
	DIR *d;
	struct dirent *e;
	EVP_PKEY *key = EVP_EC_gen("P-256");
	int seen = 0;

	snprintf(dir, sizeof(dir), "%s/crl", CC_FUZZ_REGRESSIONS);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		size_t n;
		unsigned char *der;
		struct rawcrl *crl;
		bool pem;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		der = slurp(path, &n);
		crl = rawcrl_parse(der, n, false, &pem, why, sizeof(why));
		if (crl) {
			struct rawcrl_scan scan;
			ASN1_INTEGER *sn = ASN1_INTEGER_new();

			ASN1_INTEGER_set(sn, 1);
			rawcrl_scan(crl, sn, &scan);
			X509_REVOKED_free(scan.found);
			ck_assert(!rawcrl_verify(crl, key));
			ASN1_INTEGER_free(sn);
		}
		rawcrl_free(crl);
		free(der);
		seen++;
	}
	closedir(d);
	EVP_PKEY_free(key);
	ck_assert_int_ge(seen, 1);
}
END_TEST

Suite *rawcrl_suite(void)
{
	Suite *s = suite_create("rawcrl");
	TCase *tc = tcase_create("read");

	tcase_add_test(tc, test_pkits_crl);
	tcase_add_test(tc, test_regressions);
	suite_add_tcase(s, tc);
	return s;
}
