/* SPDX-License-Identifier: MIT */
/*
 * mkusers.c - the ID-list benchmark's input: N user certificates as a
 * directory would issue them (five countries, eight departments, the
 * address in E= for some, an rfc822Name or a Microsoft UPN
 * subjectAltName for others) in one PEM bundle users.pem (and one file
 * each under users/ when N is at most 20,000), and an ID list of M
 * entries (idlist.conf) on which LANDING percent of the users land, the
 * others matching nothing: full DNs, DNs with a wildcard, e-mail
 * addresses and UPNs, decoys for users who do not exist, and, when M is
 * too small for one entry per landing user, one "*@vpn" entry for the
 * rest.  Deterministic: the same input for the same arguments.
 *
 * usage: mkusers OUTDIR N M LANDING
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "testpki.h"

#define Y2025 1735689600L
#define Y2030 1893456000L

static const char *const country[] = { "SE", "NO", "DK", "FI", "DE" };
static const char *const unit[] = { "Sales",   "Engineering", "Support",
				    "Finance", "Marketing",   "Legal",
				    "HR",      "Operations" };

/* Does user i land (a fixed scramble of i, not the first ones)? */
static int lands(long i, long landing)
{
	return (long)((unsigned long)(i * 2654435761UL) % 100) < landing;
}

/* One user in three has the address in E= too. */
static void subject(char *buf, size_t len, long i)
{
	if (i % 3)
		snprintf(buf, len, "C=%s, O=Example Corp, OU=%s, CN=User %07ld",
			 country[i % 5], unit[(i / 5) % 8], i);
	else
		snprintf(buf, len,
			 "C=%s, O=Example Corp, OU=%s, emailAddress=u%ld@"
			 "example.com, CN=User %07ld",
			 country[i % 5], unit[(i / 5) % 8], i, i);
}

int main(int argc, char **argv)
{
	EVP_PKEY *ck, *uk;
	X509 *ca;
	struct tp_spec s;
	char path[4096], dn[256], san[256];
	FILE *bundle, *conf;
	long n, m, landing, entries = 0, grouped = 0;

	if (argc != 5 || (n = atol(argv[2])) < 1 || (m = atol(argv[3])) < 2 ||
	    (landing = atol(argv[4])) < 0 || landing > 100) {
		fputs("usage: mkusers OUTDIR N M LANDING\n", stderr);
		return 2;
	}
	ck = tp_key_ec("P-256");
	uk = tp_key_ec("P-256");
	s = (struct tp_spec){ .subject = "C=SE, O=Example Corp, CN=Users CA",
			      .not_before = Y2025,
			      .not_after = Y2030,
			      .serial = 1,
			      .bc = "critical,CA:TRUE",
			      .ku = "critical,keyCertSign,cRLSign" };
	ca = tp_issue(&s, ck, NULL, NULL);
	mkdir(argv[1], 0755);
	snprintf(path, sizeof(path), "%s/users", argv[1]);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/users.pem", argv[1]);
	bundle = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/idlist.conf", argv[1]);
	conf = fopen(path, "w");
	if (!bundle || !conf)
		return 1;
	fputs("tunnel Staff idlist=Staff\ntunnel Partners idlist=Partners\n"
	      "\nidlist Partners\n  email *@vpn.example.com\n"
	      "\nidlist Staff\n",
	      conf);
	for (long i = 0; i < n; i++) {
		bool in = lands(i, landing), own = in && entries < m - 1;
		X509 *x;

		subject(dn, sizeof(dn), i);
		if (in && !own) {
			snprintf(san, sizeof(san), "email:u%ld@vpn.example.com",
				 i);
			grouped++;
		} else if (i % 4 == 1) {
			snprintf(san, sizeof(san),
				 "otherName:1.3.6.1.4.1.311.20.2.3;"
				 "UTF8:u%ld@corp.example.com",
				 i);
		} else {
			snprintf(san, sizeof(san), "email:u%ld@%s.example.com",
				 i, unit[(i / 5) % 8]);
		}
		s = (struct tp_spec){ .subject = dn,
				      .not_before = Y2025,
				      .not_after = Y2030,
				      .serial = 100 + i,
				      .bc = "critical,CA:FALSE",
				      .ku = "critical,digitalSignature",
				      .eku = "clientAuth",
				      .san = san };
		x = tp_issue(&s, uk, ca, ck);
		PEM_write_X509(bundle, x);
		if (n <= 20000) {
			FILE *f;

			snprintf(path, sizeof(path), "%s/users/u%07ld.pem",
				 argv[1], i);
			f = fopen(path, "w");
			if (!f || !PEM_write_X509(f, x))
				return 1;
			fclose(f);
		}
		X509_free(x);
		if (!own)
			continue;
		entries++;
		switch (i % 4) {
		case 0:
			fprintf(conf, "  dn %s\n", dn);
			break;
		case 1:
			fprintf(conf, "  email u%ld@corp.example.com\n", i);
			break;
		case 2:
			fprintf(conf,
				"  dn C=*, O=Example Corp, OU=%s, CN=User "
				"%07ld\n",
				unit[(i / 5) % 8], i);
			break;
		default:
			fprintf(conf, "  email u%ld@%s.example.com\n", i,
				unit[(i / 5) % 8]);
		}
	}
	/* decoys: users the directory does not have */
	for (long k = 0; entries < m - 1; k++, entries++)
		fprintf(conf,
			"  dn C=%s, O=Example Corp, OU=%s, CN=User %07ld\n",
			country[k % 5], unit[k % 8], n + k);
	fclose(bundle);
	fclose(conf);
	fprintf(stderr,
		"mkusers: %ld users, %ld entries, %ld landing through "
		"*@vpn.example.com\n",
		n, entries + 1, grouped);
	X509_free(ca);
	EVP_PKEY_free(ck);
	EVP_PKEY_free(uk);
	return 0;
}
