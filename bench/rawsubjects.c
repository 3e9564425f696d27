/* SPDX-License-Identifier: MIT */
/*
 * rawsubjects.c - the floor for reading user certificates for ID lists:
 * each certificate of a PEM bundle, only its subject and subjectAltNames
 * decoded (OpenSSL's DER reader skips the rest, the public key above all).
 *
 * usage: rawsubjects BUNDLE.pem   (prints how many it read)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static const unsigned char *next(const unsigned char *p, const unsigned char *end,
				 const unsigned char **c, long *len, int *tag,
				 int *cls)
{
	if (ASN1_get_object(&p, len, tag, cls, end - p) & 0x80)
		exit(3);
	*c = p;
	return p + *len;
}

int main(int argc, char **argv)
{
	BIO *b = argc == 2 ? BIO_new_file(argv[1], "r") : NULL;
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long len, count = 0, sans = 0;

	if (!b)
		return 2;
	while (PEM_read_bio(b, &name, &header, &der, &len)) {
		const unsigned char *p = der, *end = der + len, *c, *tbs_end, *q;
		long l;
		int tag, cls;
		X509_NAME *subject;

		next(p, end, &c, &l, &tag, &cls);		/* Certificate */
		tbs_end = next(c, end, &c, &l, &tag, &cls);	/* tbsCertificate */
		p = c;
		p = next(p, tbs_end, &c, &l, &tag, &cls);	/* version or serial */
		if (cls == V_ASN1_CONTEXT_SPECIFIC)
			p = next(p, tbs_end, &c, &l, &tag, &cls); /* serial */
		p = next(p, tbs_end, &c, &l, &tag, &cls);	/* signature */
		p = next(p, tbs_end, &c, &l, &tag, &cls);	/* issuer */
		p = next(p, tbs_end, &c, &l, &tag, &cls);	/* validity */
		q = p;
		subject = d2i_X509_NAME(NULL, &q, tbs_end - p);
		p = q;
		p = next(p, tbs_end, &c, &l, &tag, &cls);	/* spki: skipped */
		while (p < tbs_end) {
			p = next(p, tbs_end, &c, &l, &tag, &cls);
			if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 3) {
				const unsigned char *e = c;
				STACK_OF(X509_EXTENSION) *exts =
					d2i_X509_EXTENSIONS(NULL, &e, l);
				GENERAL_NAMES *g = X509V3_get_d2i(exts,
								  NID_subject_alt_name,
								  NULL, NULL);

				sans += sk_GENERAL_NAME_num(g) > 0;
				GENERAL_NAMES_free(g);
				sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
			}
		}
		count += subject != NULL;
		X509_NAME_free(subject);
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	BIO_free(b);
	printf("%ld certificates, %ld with subjectAltNames\n", count, sans);
	return 0;
}
