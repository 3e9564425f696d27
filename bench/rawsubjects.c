/* SPDX-License-Identifier: MIT */
/*
 * rawsubjects.c - the floor for reading user certificates for ID lists:
 * each certificate of a PEM bundle, only its subject and subjectAltNames
 * decoded (OpenSSL's DER reader skips the rest, the public key above all).
 *
 * With KEYS (one per line, as the ID list names them: "dn C=.., CN=..",
 * "email a@b"), each subject and rfc822Name is also looked up in a hash
 * table of them (hsearch): the floor of a program that reads users and
 * finds their entry, and does nothing else.
 *
 * usage: rawsubjects BUNDLE.pem [KEYS]   (prints how many it read, found)
 */
#define _DEFAULT_SOURCE /* hsearch(), strdup() */
#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static const unsigned char *next(const unsigned char *p,
				 const unsigned char *end,
				 const unsigned char **c, long *len, int *tag,
				 int *cls)
{
	if (ASN1_get_object(&p, len, tag, cls, end - p) & 0x80)
		exit(3);
	*c = p;
	return p + *len;
}

/* The keys of file path, one a line, into the hsearch() table. */
static void load_keys(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f || !hcreate(1 << 21))
		exit(2);
	while (fgets(line, sizeof(line), f)) {
		ENTRY e;
		char *p = line;

		line[strcspn(line, "\n")] = '\0';
		while (*p == ' ')
			p++;
		e.key = strdup(p);
		e.data = NULL;
		if (!e.key || !hsearch(e, ENTER))
			exit(2);
	}
	fclose(f);
}

static long found(const char *prefix, const char *value)
{
	char key[1024];
	ENTRY e = { key, NULL };

	snprintf(key, sizeof(key), "%s %s", prefix, value);
	return hsearch(e, FIND) != NULL;
}

int main(int argc, char **argv)
{
	BIO *b = argc >= 2 ? BIO_new_file(argv[1], "r") : NULL;
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long len, count = 0, sans = 0, hits = 0;
	bool keys = argc == 3;

	if (!b || argc > 3)
		return 2;
	if (keys)
		load_keys(argv[2]);
	while (PEM_read_bio(b, &name, &header, &der, &len)) {
		const unsigned char *p = der, *end = der + len, *c, *tbs_end,
				    *q;
		long l;
		int tag, cls;
		X509_NAME *subject;

		next(p, end, &c, &l, &tag, &cls);	    /* Certificate */
		tbs_end = next(c, end, &c, &l, &tag, &cls); /* tbsCertificate */
		p = c;
		p = next(p, tbs_end, &c, &l, &tag,
			 &cls); /* version or serial */
		if (cls == V_ASN1_CONTEXT_SPECIFIC)
			p = next(p, tbs_end, &c, &l, &tag, &cls); /* serial */
		p = next(p, tbs_end, &c, &l, &tag, &cls); /* signature */
		p = next(p, tbs_end, &c, &l, &tag, &cls); /* issuer */
		p = next(p, tbs_end, &c, &l, &tag, &cls); /* validity */
		q = p;
		subject = d2i_X509_NAME(NULL, &q, tbs_end - p);
		p = q;
		p = next(p, tbs_end, &c, &l, &tag, &cls); /* spki: skipped */
		while (p < tbs_end) {
			p = next(p, tbs_end, &c, &l, &tag, &cls);
			if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 3) {
				const unsigned char *e = c;
				STACK_OF(X509_EXTENSION) *exts =
					d2i_X509_EXTENSIONS(NULL, &e, l);
				GENERAL_NAMES *g = X509V3_get_d2i(
					exts, NID_subject_alt_name, NULL, NULL);

				sans += sk_GENERAL_NAME_num(g) > 0;
				for (int i = 0;
				     keys && i < sk_GENERAL_NAME_num(g); i++) {
					GENERAL_NAME *n =
						sk_GENERAL_NAME_value(g, i);

					if (n->type == GEN_EMAIL)
						hits += found(
							"email",
							(const char *)ASN1_STRING_get0_data(
								n->d.rfc822Name));
				}
				GENERAL_NAMES_free(g);
				sk_X509_EXTENSION_pop_free(exts,
							   X509_EXTENSION_free);
			}
		}
		count += subject != NULL;
		if (keys && subject) {
			char dn[512];
			BIO *m = BIO_new(BIO_s_mem());
			int k;

			X509_NAME_print_ex(m, subject, 0,
					   XN_FLAG_SEP_COMMA_PLUS |
						   ASN1_STRFLGS_UTF8_CONVERT);
			k = BIO_read(m, dn, sizeof(dn) - 1);
			dn[k > 0 ? k : 0] = '\0';
			hits += found("dn", dn);
			BIO_free(m);
		}
		X509_NAME_free(subject);
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	BIO_free(b);
	printf("%ld certificates, %ld with subjectAltNames, %ld found\n", count,
	       sans, hits);
	return 0;
}
