/* SPDX-License-Identifier: MIT */
/*
 * mkcrlpki.c - the CRL tests' PKI, minted when the test has chosen its
 * servers' ports: a root, an issuing CA, one leaf per NAME=URIS argument
 * (its CRL distribution points, URIs separated by spaces; empty for none), and the issuing CA's CRLs in every
 * state the tests serve.  Dates are fixed: judge with --at
 * 2026-06-01T12:00:00Z.  Leaves whose name starts with "revoked" are on
 * the CRLs (keyCompromise), "hold" ones with certificateHold; "gw" ones
 * are gateways (serverAuth), the others clients (clientAuth); "nocrlsign"
 * ones come from a CA whose key usage lacks cRLSign (nocrlsign-ca.pem).
 *
 * A URI written "ocsp:URL" is an OCSP responder of the leaf's
 * authorityInfoAccess instead.  For openssl ocsp, index.txt lists every
 * leaf (the revoked ones as such), and ocsp-signer.pem (OCSPSigning),
 * ocsp-noeku.pem (without it) and ocsp-expired.pem, each with its key, are
 * delegated responders the issuing CA issued; ocsp-other.pem one the root
 * issued.
 *
 * usage: mkcrlpki OUTDIR NAME=URI[ URI...]...
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testpki.h"

#define DAY 86400L
#define AT 1780315200L /* 2026-06-01T12:00:00Z */
#define Y2025 1735689600L
#define Y2030 1893456000L

#define MAX_LEAVES 128

/* A file of dir, opened for writing (exits on failure). */
static FILE *fopen_in(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w"))) {
		perror(path);
		exit(1);
	}
	return f;
}

/* The URIs of a leaf: "ocsp:URL" ones as its authorityInfoAccess value
 * into *aia ("OCSP;URI:URL,..."), the others as its CDPs into *cdp
 * (both allocated, "" for none). */
static void split_uris(const char *v, char **cdp, char **aia)
{
	size_t n = 2 * strlen(v) + 16;
	char *copy = strdup(v), *save = NULL;

	*cdp = calloc(1, n);
	*aia = calloc(1, n);
	if (!copy || !*cdp || !*aia) {
		perror("mkcrlpki");
		exit(1);
	}
	for (char *t = strtok_r(copy, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		if (!strncmp(t, "ocsp:", 5))
			snprintf(*aia + strlen(*aia), n - strlen(*aia),
				 "%sOCSP;URI:%s", **aia ? "," : "", t + 5);
		else
			snprintf(*cdp + strlen(*cdp), n - strlen(*cdp), "%s%s",
				 **cdp ? " " : "", t);
	}
	free(copy);
}

int main(int argc, char **argv)
{
	FILE *index_txt;
	struct tp_revoked rev[MAX_LEAVES];
	EVP_PKEY *rk, *ik, *old, *nk;
	X509 *root, *ca, *nca;
	X509_CRL *crl;
	struct tp_spec s = { 0 };
	struct tp_crl_spec c;
	const char *out;
	int nrev = 0;

	if (argc < 2 || argc - 2 > MAX_LEAVES) {
		fputs("usage: mkcrlpki OUTDIR NAME=CDP...\n", stderr);
		return 2;
	}
	out = argv[1];
	mkdir(out, 0755);
	rk = tp_key_ec("P-256");
	ik = tp_key_ec("P-256");
	old = tp_key_ec("P-256");
	s = (struct tp_spec){ .subject =
				      "C=SE, O=Example Corp, CN=Test Root CA",
			      .not_before = Y2025,
			      .not_after = Y2030,
			      .serial = 1,
			      .bc = "critical,CA:TRUE",
			      .ku = "critical,keyCertSign,cRLSign" };
	root = tp_issue(&s, rk, NULL, NULL);
	s.subject = "C=SE, O=Example Corp, CN=Test Issuing CA";
	s.serial = 2;
	ca = tp_issue(&s, ik, root, rk);
	tp_write_pem(out, "root.pem", &root, 1);
	tp_write_pem(out, "issuing.pem", &ca, 1);
	/* a CA whose key usage lacks cRLSign: its CRLs are not to be used */
	nk = tp_key_ec("P-256");
	s.subject = "C=SE, O=Example Corp, CN=Test NoCRLSign CA";
	s.serial = 3;
	s.ku = "critical,keyCertSign";
	nca = tp_issue(&s, nk, root, rk);
	tp_write_pem(out, "nocrlsign-ca.pem", &nca, 1);

	index_txt = fopen_in(out, "index.txt");
	for (int i = 2; i < argc; i++) {
		char name[128], dn[200], file[160], *cdp, *aia;
		const char *eq = strchr(argv[i], '=');
		EVP_PKEY *k;
		X509 *x;

		if (!eq || eq == argv[i] ||
		    (size_t)(eq - argv[i]) >= sizeof(name)) {
			fprintf(stderr, "mkcrlpki: '%s' is not NAME=CDP\n",
				argv[i]);
			return 2;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[i]),
			 argv[i]);
		snprintf(dn, sizeof(dn), "C=SE, O=Example Corp, CN=%s", name);
		split_uris(eq + 1, &cdp, &aia);
		s = (struct tp_spec){ .subject = dn,
				      .not_before = Y2025 + DAY,
				      .not_after = Y2030 - DAY,
				      .serial = 1000 + i,
				      .bc = "critical,CA:FALSE",
				      .ku = "critical,digitalSignature",
				      .eku = strncmp(name, "gw", 2)
						     ? "clientAuth"
						     : "serverAuth",
				      .cdp = cdp[0] ? cdp : NULL,
				      .aia = aia[0] ? aia : NULL };
		/* each leaf has a key of its own (a peer with the gateway's
		 * key is a finding); "nocrlsign" leaves come from the CA
		 * without cRLSign */
		k = tp_key_ec("P-256");
		x = strncmp(name, "nocrlsign", 9) ? tp_issue(&s, k, ca, ik)
						  : tp_issue(&s, k, nca, nk);
		EVP_PKEY_free(k);
		snprintf(file, sizeof(file), "%s.pem", name);
		tp_write_pem(out, file, &x, 1);
		X509_free(x);
		free(cdp);
		free(aia);
		if (!strncmp(name, "revoked", 7) || !strncmp(name, "hold", 4))
			rev[nrev++] = (struct tp_revoked){
				.serial = 1000 + i,
				.when = AT - 10 * DAY,
				.reason = name[0] == 'h' ? 6 : 1
			};
		/* openssl ocsp's index: status, expiry, revocation (time,
		 * reason), serial in hex, file, subject */
		fprintf(index_txt,
			"%c\t301231000000Z\t%s\t%X\tunknown\t"
			"/C=SE/O=Example Corp/CN=%s\n",
			strncmp(name, "revoked", 7) ? 'V' : 'R',
			strncmp(name, "revoked", 7) ? ""
						    : "260522120000Z,"
						      "keyCompromise",
			1000 + i, name);
	}
	fclose(index_txt);

	/* delegated OCSP responders */
	{
		static const struct {
			const char *name, *eku;
			time_t not_after;
			bool by_root;
		} rs[] = {
			{ "ocsp-signer", "OCSPSigning", Y2030, false },
			{ "ocsp-noeku", "serverAuth", Y2030, false },
			{ "ocsp-expired", "OCSPSigning", AT - DAY, false },
			{ "ocsp-other", "OCSPSigning", Y2030, true },
		};

		for (size_t k = 0; k < sizeof(rs) / sizeof(rs[0]); k++) {
			EVP_PKEY *rk2 = tp_key_ec("P-256");
			char rdn[128], file[64];
			struct tp_spec t = {
				.subject = rdn,
				.not_before = Y2025,
				.not_after = rs[k].not_after,
				.serial = 800 + (long)k,
				.bc = "critical,CA:FALSE",
				.ku = "critical,digitalSignature",
				.eku = rs[k].eku,
			};
			X509 *x;

			snprintf(rdn, sizeof(rdn),
				 "C=SE, O=Example Corp, CN=%s", rs[k].name);
			x = rs[k].by_root ? tp_issue(&t, rk2, root, rk)
					  : tp_issue(&t, rk2, ca, ik);
			snprintf(file, sizeof(file), "%s.pem", rs[k].name);
			tp_write_pem(out, file, &x, 1);
			snprintf(file, sizeof(file), "%s.key", rs[k].name);
			tp_write_key(out, file, rk2);
			X509_free(x);
			EVP_PKEY_free(rk2);
		}
		tp_write_key(out, "issuing.key", ik);
	}

	/* a TLS server certificate for https CDPs, from the issuing CA, and
	 * a self-signed one nobody trusts; with their keys */
	{
		static const char *const names[] = { "tls", "tls-selfsigned" };

		for (int k = 0; k < 2; k++) {
			EVP_PKEY *tk = tp_key_ec("P-256");
			struct tp_spec t = {
				.subject = "C=SE, O=Example Corp, "
					   "CN=crl.test.example",
				.not_before = Y2025,
				.not_after = Y2030,
				.serial = 900 + k,
				.bc = "critical,CA:FALSE",
				.ku = "critical,digitalSignature",
				.eku = "serverAuth",
				.san = "DNS:crl.test.example,IP:127.0.0.1",
			};
			X509 *x = k ? tp_issue(&t, tk, NULL, NULL)
				    : tp_issue(&t, tk, ca, ik);
			char file[64];

			X509 *chain[] = { x, ca };

			/* as servers do: the certificate, then its CA's */
			snprintf(file, sizeof(file), "%s.pem", names[k]);
			tp_write_pem(out, file, chain, k ? 1 : 2);
			snprintf(file, sizeof(file), "%s.key", names[k]);
			tp_write_key(out, file, tk);
			X509_free(x);
			EVP_PKEY_free(tk);
		}
	}

	c = (struct tp_crl_spec){ .this_update = AT - DAY,
				  .next_update = AT + 6 * DAY,
				  .revoked = rev,
				  .nrevoked = nrev,
				  .number = 7 };
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "good.crl", crl, false);
	tp_write_crl(out, "good.pem", crl, true);
	X509_CRL_free(crl);

	c.this_update = AT - 8 * DAY;
	c.next_update = AT - DAY;
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "stale.crl", crl, false);
	X509_CRL_free(crl);

	c.this_update = AT + 2 * 3600;
	c.next_update = AT + 7 * DAY;
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "future.crl", crl, false);
	X509_CRL_free(crl);

	c.this_update = AT - 9 * DAY;
	c.next_update = AT + DAY;
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "aging.crl", crl, false);
	X509_CRL_free(crl);

	c.this_update = AT - DAY;
	c.next_update = 0;
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "nonext.crl", crl, false);
	X509_CRL_free(crl);

	/* signed with the CA's old key, after a key renewal */
	c.next_update = AT + 6 * DAY;
	crl = tp_crl(&c, ca, old);
	tp_write_crl(out, "old-key.crl", crl, false);
	X509_CRL_free(crl);

	/* a CA-only CRL: it cannot clear a leaf */
	c.only_ca = true;
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "ca-only.crl", crl, false);
	X509_CRL_free(crl);
	c.only_ca = false;

	/* a delta CRL alone */
	c.delta = true;
	crl = tp_crl(&c, ca, ik);
	tp_write_crl(out, "delta.crl", crl, false);
	X509_CRL_free(crl);
	c.delta = false;

	/* the no-cRLSign CA's CRL */
	c.nrevoked = 0;
	crl = tp_crl(&c, nca, nk);
	tp_write_crl(out, "nocrlsign.crl", crl, false);
	X509_CRL_free(crl);

	/* the root's CRL, served where the issuing CA's should be */
	c.nrevoked = 0;
	crl = tp_crl(&c, root, rk);
	tp_write_crl(out, "wrong-ca.crl", crl, false);
	X509_CRL_free(crl);

	X509_free(root);
	X509_free(ca);
	X509_free(nca);
	EVP_PKEY_free(nk);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(ik);
	EVP_PKEY_free(old);
	return 0;
}
