/* SPDX-License-Identifier: MIT */
/*
 * mklabpki.c - the PKIs of the strongSwan lab (tests/lab/): one folder per
 * scenario with what the gateway and the road warrior load: ca.pem (the
 * CA both trust), gw.pem and gw.key (the gateway), rw.pem and rw.key (the
 * road warrior), and where a scenario needs them im.pem (an intermediate),
 * other-ca.pem, crl.der.  Fixed dates around LAB_NOW (2026-06-01 12:00
 * UTC), the time both daemons run at (libfaketime) and certcheck's --at.
 *
 * usage: mklabpki OUTDIR
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "testpki.h"

#define DAY 86400L
#define LAB_NOW 1780315200L /* 2026-06-01T12:00:00Z */
#define NB (LAB_NOW - 150 * DAY)
#define NA (LAB_NOW + 215 * DAY)

static const char *out;
static EVP_PKEY *ca_key, *gw_key, *rw_key, *other_key;
static X509 *ca, *other_ca;

/* The CRL distribution point of the CRL scenarios: the gateway's own
 * address, a port nothing listens on (the connection is refused). */
#define CRL_URL "http://198.18.0.1:8080/ca.crl"
/* ... and of the scenarios whose CRL tests/lab serves on port 8081 */
#define CRL_SERVED "http://198.18.0.1:8081/ca.crl"

static char *dir(const char *scenario)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", out, scenario);
	mkdir(path, 0755);
	return path;
}

/* The CRL of a scenario, ca.crl (DER), listing serial revoked (0: none). */
static void crl(const char *scenario, time_t this_update, time_t next_update,
		long revoked, X509 *issuer, EVP_PKEY *key)
{
	struct tp_revoked r = { revoked, LAB_NOW - 2 * DAY, 1 };
	struct tp_crl_spec cs = { .this_update = this_update,
				  .next_update = next_update,
				  .revoked = revoked ? &r : NULL,
				  .nrevoked = revoked ? 1 : 0,
				  .number = 1 };
	X509_CRL *c = tp_crl(&cs, issuer, key);

	tp_write_crl(dir(scenario), "ca.crl", c, false);
	X509_CRL_free(c);
}

static struct tp_spec ee(const char *subject, const char *eku)
{
	return (struct tp_spec){ .subject = subject,
				 .not_before = NB,
				 .not_after = NA,
				 .serial = 10,
				 .bc = "critical,CA:FALSE",
				 .ku = "critical,digitalSignature",
				 .eku = eku };
}

static struct tp_spec gw_spec(void)
{
	struct tp_spec s = ee("C=CH, O=Lab, CN=gw.lab.test", "serverAuth");

	s.serial = 2;
	s.san = "DNS:gw.lab.test";
	return s;
}

static struct tp_spec rw_spec(void)
{
	struct tp_spec s = ee("C=CH, O=Lab, CN=rw.lab.test", "clientAuth");

	s.serial = 3;
	s.san = "DNS:rw.lab.test,email:rw@lab.test";
	return s;
}

static void put(const char *d, const char *name, X509 *x)
{
	tp_write_pem(d, name, &x, 1);
}

/* A scenario: the gateway's and the road warrior's certificates as given
 * (NULL: the healthy one), the CA both trust; keys as given (NULL: the
 * usual ones); issuer of rw as given (NULL: the CA). */
static void scenario(const char *name, const struct tp_spec *gw,
		     const struct tp_spec *rw, EVP_PKEY *rwk, X509 *rw_issuer,
		     EVP_PKEY *rw_issuer_key)
{
	const char *d = dir(name);
	struct tp_spec g = gw ? *gw : gw_spec(), r = rw ? *rw : rw_spec();
	X509 *gx = tp_issue(&g, gw_key, ca, ca_key);
	X509 *rx = tp_issue(&r, rwk ? rwk : rw_key, rw_issuer ? rw_issuer : ca,
			    rw_issuer ? rw_issuer_key : ca_key);

	put(d, "ca.pem", ca);
	put(d, "gw.pem", gx);
	put(d, "rw.pem", rx);
	tp_write_key(d, "gw.key", gw_key);
	tp_write_key(d, "rw.key", rwk ? rwk : rw_key);
	X509_free(gx);
	X509_free(rx);
}

/* An intermediate CA under the root, and rw issued by it (im.pem). */
static void intermediate(const char *name)
{
	struct tp_spec s = { .subject = "C=CH, O=Lab, CN=Lab Issuing CA",
			     .not_before = LAB_NOW - 300 * DAY,
			     .not_after = LAB_NOW + 2000 * DAY,
			     .serial = 5,
			     .bc = "critical,CA:TRUE,pathlen:0",
			     .ku = "critical,keyCertSign,cRLSign" };
	EVP_PKEY *ik = tp_key_ec("P-256");
	X509 *im = tp_issue(&s, ik, ca, ca_key);

	scenario(name, NULL, NULL, NULL, im, ik);
	put(dir(name), "im.pem", im);
	X509_free(im);
	EVP_PKEY_free(ik);
}

/* The OCSP responder tests/lab runs on the gateway's side (port 8083). */
#define OCSP_SERVED "OCSP;URI:http://198.18.0.1:8083/"

/*
 * An OCSP scenario: the road warrior's certificate names responder (an
 * AIA value); the folder gets what `openssl ocsp` serves from (index.txt,
 * the rw listed as revoked when revoked) and the responder's signer
 * (ocsp-signer.pem and .key: the CA itself, or a certificate the CA issued
 * with extended key usage eku).
 */
static void ocsp_scenario(const char *name, const char *responder, bool revoked,
			  const char *eku)
{
	struct tp_spec s = rw_spec();
	const char *d;
	FILE *f;
	char path[4200];

	s.aia = responder;
	scenario(name, NULL, &s, NULL, NULL, NULL);
	d = dir(name);
	snprintf(path, sizeof(path), "%s/index.txt", d);
	if (!(f = fopen(path, "w"))) {
		perror(path);
		exit(1);
	}
	/* status, expiry, revocation, serial (hex), file, subject */
	fprintf(f,
		"%c\t301231000000Z\t%s\t03\tunknown\t"
		"/C=CH/O=Lab/CN=rw.lab.test\n",
		revoked ? 'R' : 'V',
		revoked ? "260530120000Z,keyCompromise" : "");
	fclose(f);
	if (eku) {
		struct tp_spec r =
			ee("C=CH, O=Lab, CN=Lab OCSP Responder", eku);
		EVP_PKEY *k = tp_key_ec("P-256");
		X509 *x;

		r.serial = 40;
		x = tp_issue(&r, k, ca, ca_key);
		put(d, "ocsp-signer.pem", x);
		tp_write_key(d, "ocsp-signer.key", k);
		X509_free(x);
		EVP_PKEY_free(k);
	} else {
		put(d, "ocsp-signer.pem", ca);
		tp_write_key(d, "ocsp-signer.key", ca_key);
	}
}

static void more_scenarios(void)
{
	struct tp_spec s, g;
	EVP_PKEY *k;
	X509 *x, *old;
	const char *d;

	/* OCSP: a responder on the gateway's side, good or revoked, signing
	 * itself or through a delegate without OCSPSigning; and one at an
	 * address nobody has */
	ocsp_scenario("ocsp-good", OCSP_SERVED, false, NULL);
	ocsp_scenario("ocsp-revoked", OCSP_SERVED, true, NULL);
	ocsp_scenario("ocsp-noeku", OCSP_SERVED, false, "serverAuth");
	ocsp_scenario("ocsp-unreachable", "OCSP;URI:http://198.18.0.3:8083/",
		      false, NULL);

	/* the peer sends its intermediate, or does not have it to send */
	intermediate("intermediate-sent");
	intermediate("intermediate-not-sent");
	/* the gateway trusts the intermediate alone, not the root */
	intermediate("intermediate-anchor");

	/* the gateway's certificate issued an hour before: a peer three
	 * hours behind sees it not yet valid */
	g = gw_spec();
	g.not_before = LAB_NOW - 3600;
	scenario("peer-clock-behind", &g, NULL, NULL, NULL, NULL);

	/* remote.cacerts names another CA (of another name) */
	scenario("cacerts-other-ca", NULL, NULL, NULL, NULL, NULL);
	s = (struct tp_spec){ .subject = "C=CH, O=Lab, CN=Lab Partner CA",
			      .not_before = LAB_NOW - 400 * DAY,
			      .not_after = LAB_NOW + 3000 * DAY,
			      .serial = 7,
			      .bc = "critical,CA:TRUE",
			      .ku = "critical,keyCertSign,cRLSign" };
	k = tp_key_ec("P-256");
	x = tp_issue(&s, k, NULL, NULL);
	put(dir("cacerts-other-ca"), "other-ca.pem", x);
	X509_free(x);
	EVP_PKEY_free(k);

	/* remote.certs pins the peer's previous certificate (another key) */
	scenario("certs-pinned-old", NULL, NULL, NULL, NULL, NULL);
	d = dir("certs-pinned-old");
	s = rw_spec();
	s.serial = 33;
	s.not_before = LAB_NOW - 300 * DAY;
	k = tp_key_ec("P-256");
	old = tp_issue(&s, k, ca, ca_key);
	put(d, "rw-old.pem", old);
	X509_free(old);
	EVP_PKEY_free(k);
}

int main(int argc, char **argv)
{
	struct tp_spec s, g;
	EVP_PKEY *rsa1024;

	if (argc != 2) {
		fputs("usage: mklabpki OUTDIR\n", stderr);
		return 2;
	}
	out = argv[1];
	mkdir(out, 0755);
	ca_key = tp_key_ec("P-256");
	other_key = tp_key_ec("P-256");
	gw_key = tp_key_ec("P-256");
	rw_key = tp_key_ec("P-256");
	s = (struct tp_spec){ .subject = "C=CH, O=Lab, CN=Lab Root CA",
			      .not_before = LAB_NOW - 400 * DAY,
			      .not_after = LAB_NOW + 3000 * DAY,
			      .serial = 1,
			      .bc = "critical,CA:TRUE",
			      .ku = "critical,keyCertSign,cRLSign" };
	ca = tp_issue(&s, ca_key, NULL, NULL);
	/* the same name, another key: a CA re-created */
	other_ca = tp_issue(&s, other_key, NULL, NULL);

	scenario("healthy", NULL, NULL, NULL, NULL, NULL);
	scenario("same-name-ca", NULL, NULL, NULL, other_ca, other_key);

	s = rw_spec();
	s.not_before = LAB_NOW - 400 * DAY;
	s.not_after = LAB_NOW - 10 * DAY;
	scenario("peer-expired", NULL, &s, NULL, NULL, NULL);
	s = rw_spec();
	s.not_before = LAB_NOW + 10 * DAY;
	scenario("peer-not-yet-valid", NULL, &s, NULL, NULL, NULL);
	g = gw_spec();
	g.not_before = LAB_NOW - 400 * DAY;
	g.not_after = LAB_NOW - 10 * DAY;
	scenario("gw-expired", &g, NULL, NULL, NULL, NULL);

	s = rw_spec();
	s.ku = "critical,keyEncipherment";
	scenario("ku-no-digitalsignature", NULL, &s, NULL, NULL, NULL);
	s = rw_spec();
	s.eku = "serverAuth";
	scenario("eku-serverauth-only", NULL, &s, NULL, NULL, NULL);
	s = rw_spec();
	s.bc = "critical,CA:TRUE";
	s.ku = "critical,digitalSignature,keyCertSign";
	scenario("ca-true-end-entity", NULL, &s, NULL, NULL, NULL);
	rsa1024 = tp_key_rsa(1024);
	scenario("rsa-1024", NULL, NULL, rsa1024, NULL, NULL);
	s = rw_spec();
	s.md = "SHA1";
	scenario("sha1", NULL, &s, NULL, NULL, NULL);

	s = rw_spec();
	s.cdp = CRL_URL;
	scenario("crl-unreachable", NULL, &s, NULL, NULL, NULL);
	s = rw_spec();
	scenario("no-cdp", NULL, &s, NULL, NULL, NULL);

	/* served by tests/lab's HTTP server on the gateway's side */
	s = rw_spec();
	s.cdp = CRL_SERVED;
	scenario("crl-good", NULL, &s, NULL, NULL, NULL);
	crl("crl-good", LAB_NOW - DAY, LAB_NOW + 6 * DAY, 0, ca, ca_key);
	scenario("crl-revoked", NULL, &s, NULL, NULL, NULL);
	crl("crl-revoked", LAB_NOW - DAY, LAB_NOW + 6 * DAY, 3, ca, ca_key);
	scenario("crl-stale", NULL, &s, NULL, NULL, NULL);
	crl("crl-stale", LAB_NOW - 20 * DAY, LAB_NOW - 13 * DAY, 0, ca, ca_key);
	scenario("crl-other-key", NULL, &s, NULL, NULL, NULL);
	crl("crl-other-key", LAB_NOW - DAY, LAB_NOW + 6 * DAY, 0, other_ca,
	    other_key);
	/* by name, through the lab's DNS server: one it knows, one it does
	 * not (NXDOMAIN), and an address on the link nobody has */
	s.cdp = "http://crl.lab.test:8081/ca.crl";
	scenario("crl-by-name", NULL, &s, NULL, NULL, NULL);
	crl("crl-by-name", LAB_NOW - DAY, LAB_NOW + 6 * DAY, 0, ca, ca_key);
	s.cdp = "http://crl.nowhere.test:8081/ca.crl";
	scenario("crl-nxdomain", NULL, &s, NULL, NULL, NULL);
	s.cdp = "http://198.18.0.3:8081/ca.crl";
	scenario("crl-no-answer", NULL, &s, NULL, NULL, NULL);
	/* a server that accepts and never answers (tests/lab) */
	s.cdp = "http://198.18.0.1:8082/ca.crl";
	scenario("crl-timeout", NULL, &s, NULL, NULL, NULL);

	more_scenarios();

	X509_free(ca);
	X509_free(other_ca);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(other_key);
	EVP_PKEY_free(gw_key);
	EVP_PKEY_free(rw_key);
	EVP_PKEY_free(rsa1024);
	return 0;
}
