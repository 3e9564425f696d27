/* SPDX-License-Identifier: MIT */
/*
 * rawpass.c - the floor for checking a CRL: one pass over its raw bytes
 * with OpenSSL's DER reader (ASN1_get_object), the signature verified over
 * the raw tbsCertList with EVP, the serial compared in place.  What
 * certcheck's CRL check is measured against.
 *
 * usage: rawpass CRL.der ISSUER.pem CERT.pem   (exit 0: not on it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static const unsigned char *get(const unsigned char *p,
				const unsigned char *end,
				const unsigned char **c, long *len)
{
	int tag, cls;

	if (ASN1_get_object(&p, len, &tag, &cls, end - p) & 0x80)
		exit(3);
	*c = p;
	return p + *len;
}

int main(int argc, char **argv)
{
	FILE *f;
	unsigned char *buf, *want = NULL;
	const unsigned char *end, *c, *tbs, *tbs_end, *p, *q, *sig;
	long len, n, siglen;
	int wantlen, found = 0, tag, cls, nid, mdnid, pknid;
	X509 *issuer, *cert;
	X509_ALGOR *alg;
	EVP_MD_CTX *m = EVP_MD_CTX_new();

	if (argc != 4 || !(f = fopen(argv[2], "r")))
		return 2;
	issuer = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!(f = fopen(argv[3], "r")))
		return 2;
	cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!(f = fopen(argv[1], "rb")) || fseek(f, 0, SEEK_END) ||
	    (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n)) ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n)
		return 2;
	fclose(f);
	wantlen = i2d_ASN1_INTEGER(X509_get0_serialNumber(cert), &want);
	end = get(buf, buf + n, &c, &len);
	tbs = c;
	tbs_end = get(tbs, end, &c, &len);
	q = tbs_end;
	alg = d2i_X509_ALGOR(NULL, &q, end - q);
	get(q, end, &sig, &siglen);
	nid = OBJ_obj2nid(alg->algorithm);
	OBJ_find_sigid_algs(nid, &mdnid, &pknid);
	if (EVP_DigestVerifyInit(m, NULL, EVP_get_digestbynid(mdnid), NULL,
				 X509_get0_pubkey(issuer)) != 1 ||
	    EVP_DigestVerify(m, sig + 1, (size_t)siglen - 1, tbs,
			     (size_t)(tbs_end - tbs)) != 1)
		return 4;
	/* version, signature, issuer, thisUpdate, nextUpdate, then entries */
	p = c;
	for (int i = 0; i < 5; i++)
		p = get(p, tbs_end, &c, &len);
	q = p;
	if (ASN1_get_object(&q, &len, &tag, &cls, tbs_end - p) & 0x80)
		return 3;
	end = q + len;
	for (p = q; p < end;) {
		const unsigned char *e;

		p = get(p, end, &e, &len);
		if (!memcmp(e, want, (size_t)wantlen))
			found = 1;
	}
	printf("%s\n", found ? "revoked" : "not revoked");
	return found;
}
