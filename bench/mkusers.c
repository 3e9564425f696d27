/* SPDX-License-Identifier: MIT */
/*
 * mkusers.c - the ID-list benchmark's input: N user certificates (one PEM
 * bundle users.pem, and one file each under users/), and an ID list with
 * M entries (idlist.conf) that some of them match.
 *
 * usage: mkusers OUTDIR N M
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "testpki.h"

#define Y2025 1735689600L
#define Y2030 1893456000L

static const char *const units[] = { "Sales", "Engineering", "Support",
				     "Finance", "Marketing" };

int main(int argc, char **argv)
{
	EVP_PKEY *ck, *uk;
	X509 *ca;
	struct tp_spec s;
	char path[4096], dn[256], san[256];
	FILE *bundle, *conf;
	long n, m;

	if (argc != 4 || (n = atol(argv[2])) < 1 || (m = atol(argv[3])) < 1) {
		fputs("usage: mkusers OUTDIR N M\n", stderr);
		return 2;
	}
	ck = tp_key_ec("P-256");
	uk = tp_key_ec("P-256");
	s = (struct tp_spec){ .subject = "C=SE, O=Example Corp, CN=Users CA",
			      .not_before = Y2025, .not_after = Y2030,
			      .serial = 1, .bc = "critical,CA:TRUE",
			      .ku = "critical,keyCertSign,cRLSign" };
	ca = tp_issue(&s, ck, NULL, NULL);
	mkdir(argv[1], 0755);
	snprintf(path, sizeof(path), "%s/users", argv[1]);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/users.pem", argv[1]);
	bundle = fopen(path, "w");
	for (long i = 0; i < n && bundle; i++) {
		X509 *x;
		FILE *f;

		snprintf(dn, sizeof(dn), "C=SE, O=Example Corp, OU=%s, CN=user%06ld",
			 units[i % 5], i);
		snprintf(san, sizeof(san), "email:user%06ld@%s.example.com", i,
			 units[i % 5]);
		s = (struct tp_spec){ .subject = dn, .not_before = Y2025,
				      .not_after = Y2030, .serial = 100 + i,
				      .bc = "critical,CA:FALSE",
				      .ku = "critical,digitalSignature",
				      .eku = "clientAuth", .san = san };
		x = tp_issue(&s, uk, ca, ck);
		PEM_write_X509(bundle, x);
		snprintf(path, sizeof(path), "%s/users/user%06ld.pem", argv[1], i);
		f = fopen(path, "w");
		if (!f || !PEM_write_X509(f, x))
			return 1;
		fclose(f);
		X509_free(x);
	}
	fclose(bundle);
	/* M entries: one CN each for users 0, 10, 20, ... and a few lists
	 * of whole units */
	snprintf(path, sizeof(path), "%s/idlist.conf", argv[1]);
	conf = fopen(path, "w");
	if (!conf)
		return 1;
	fputs("tunnel Staff idlist=Staff\ntunnel Sales idlist=Sales\n"
	      "tunnel Rest\n\nidlist Staff\n", conf);
	for (long k = 0; k < m - 1; k++)
		fprintf(conf, "  dn C=SE, O=Example Corp, OU=%s, CN=user%06ld\n",
			units[(k * 10) % 5], k * 10);
	fputs("idlist Sales\n  email *@sales.example.com\n", conf);
	fclose(conf);
	X509_free(ca);
	EVP_PKEY_free(ck);
	EVP_PKEY_free(uk);
	return 0;
}
