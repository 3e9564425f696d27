/* SPDX-License-Identifier: MIT */
/*
 * mkpki.c - builds the test PKI's scenarios under OUTDIR, one folder each,
 * with fixed dates: every scenario is judged with --at 2026-06-01T12:00:00Z
 * (AT below).  Keys are fresh each build (EC P-256 where the key type does
 * not matter); nothing here depends on the day it runs.
 *
 * usage: mkpki OUTDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>

#include "testpki.h"

#define countof(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR 3600L
#define DAY (24 * HOUR)
#define AT 1780315200L	  /* 2026-06-01T12:00:00Z: the tests' --at */
#define Y2025 1735689600L /* 2025-01-01 */
#define Y2026 1767225600L /* 2026-01-01 */
#define Y2027 1798761600L /* 2027-01-01 */
#define Y2030 1893456000L /* 2030-01-01 */
#define Y2035 2051222400L /* 2035-01-01 */

#define ROOT_DN "C=SE, O=Example Corp, CN=Example Root CA"
#define ISSUING_DN "C=SE, O=Example Corp, CN=Example Issuing CA"
#define CA_BC "critical,CA:TRUE"
#define CA_KU "critical,keyCertSign,cRLSign"
#define EE_KU "critical,digitalSignature"

static const char *out;
static long serial = 1;

/* The base PKI most scenarios share. */
static struct {
	EVP_PKEY *root_key, *issuing_key, *gw_key, *alice_key;
	X509 *root, *issuing, *gw, *alice;
} base;

static char *dir(const char *scenario)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", out, scenario);
	mkdir(path, 0755);
	return path;
}

static struct tp_spec ca_spec(const char *dn, time_t nb, time_t na)
{
	return (struct tp_spec){ .subject = dn,
				 .not_before = nb,
				 .not_after = na,
				 .serial = serial++,
				 .bc = CA_BC,
				 .ku = CA_KU };
}

static struct tp_spec ee_spec(const char *cn, const char *eku)
{
	static char dn[256];

	snprintf(dn, sizeof(dn), "C=SE, O=Example Corp, CN=%s", cn);
	return (struct tp_spec){ .subject = dn,
				 .not_before = Y2026,
				 .not_after = Y2027,
				 .serial = serial++,
				 .bc = "critical,CA:FALSE",
				 .ku = EE_KU,
				 .eku = eku };
}

/* A leaf for alice with spec s and key k under the issuing CA. */
static X509 *alice_with(struct tp_spec s, EVP_PKEY *k)
{
	return tp_issue(&s, k, base.issuing, base.issuing_key);
}

static void write1(const char *d, const char *name, X509 *x)
{
	tp_write_pem(d, name, &x, 1);
}

/* The files every scenario folder has: root.pem, issuing.pem, gw.pem. */
static const char *with_base(const char *scenario)
{
	const char *d = dir(scenario);

	write1(d, "root.pem", base.root);
	write1(d, "issuing.pem", base.issuing);
	write1(d, "gw.pem", base.gw);
	return d;
}

static void make_base(void)
{
	struct tp_spec s;

	base.root_key = tp_key_ec("P-256");
	base.issuing_key = tp_key_ec("P-256");
	base.gw_key = tp_key_ec("P-256");
	base.alice_key = tp_key_ec("P-256");
	s = ca_spec(ROOT_DN, Y2025, Y2035);
	base.root = tp_issue(&s, base.root_key, NULL, NULL);
	s = ca_spec(ISSUING_DN, Y2025, Y2030);
	base.issuing = tp_issue(&s, base.issuing_key, base.root, base.root_key);
	s = ee_spec("vpn.example.com", "serverAuth");
	s.san = "DNS:vpn.example.com";
	base.gw = tp_issue(&s, base.gw_key, base.issuing, base.issuing_key);
	s = ee_spec("alice", "clientAuth");
	s.san = "email:alice@example.com";
	base.alice = alice_with(s, base.alice_key);
}

/* healthy: the pair that works, in every input format. */
static void healthy(void)
{
	const char *d = with_base("healthy");
	X509 *chain[] = { base.alice, base.issuing };
	static const char pass[] = "correct horse\n";

	write1(d, "alice.pem", base.alice);
	/* the gateway's key, for swanctl's private/ (plain and encrypted) */
	tp_write_key(d, "gw.key", base.gw_key);
	tp_write_key_enc(d, "gw-enc.key", base.gw_key, "gateway secret");
	tp_write_key(d, "alice.key", base.alice_key);
	tp_write_pem(d, "alice-chain.pem", chain, 2);
	tp_write_pem_text(d, "alice-text.pem", base.alice);
	tp_write_der(d, "alice.der", base.alice);
	tp_write_p7(d, "alice-chain.p7b", chain, 2, true);
	tp_write_p7(d, "alice-chain.p7c", chain, 2, false);
	tp_write_p12(d, "alice.p12", base.alice_key, base.alice, &base.issuing,
		     1, "correct horse");
	tp_write_p12(d, "alice-nopass.p12", base.alice_key, base.alice, NULL, 0,
		     "");
	tp_write_file(d, "password.txt", pass, strlen(pass));
	tp_write_file(d, "wrong-password.txt", "wrong\n", 6);
}

/* different-roots: the peer's certificate is from another root, which the
 * peer trusts but the gateway does not. */
static void different_roots(void)
{
	const char *d = with_base("different-roots");
	EVP_PKEY *k = tp_key_ec("P-256");
	struct tp_spec s =
		ca_spec("C=US, O=Other Inc, CN=Other Root CA", Y2025, Y2035);
	X509 *other = tp_issue(&s, k, NULL, NULL), *alice;

	s = ee_spec("alice", "clientAuth");
	alice = tp_issue(&s, base.alice_key, other, k);
	write1(d, "other-root.pem", other);
	write1(d, "alice.pem", alice);
	X509_free(other);
	X509_free(alice);
	EVP_PKEY_free(k);
}

/* same-name: the root was re-created with the same name and a new key; the
 * peer's certificate comes from the new one, the gateway trusts the old. */
static void same_name(const char *name)
{
	const char *d = with_base(name);
	EVP_PKEY *k = tp_key_ec("P-256");
	struct tp_spec s = ca_spec(ROOT_DN, Y2026, Y2035);
	X509 *root2 = tp_issue(&s, k, NULL, NULL), *alice;

	s = ee_spec("alice", "clientAuth");
	alice = tp_issue(&s, base.alice_key, root2, k);
	write1(d, "new-root.pem", root2);
	write1(d, "alice.pem", alice);
	tp_write_p12(d, "alice.p12", base.alice_key, alice, NULL, 0, "demo");
	tp_write_file(d, "password.txt", "demo\n", 5);
	X509_free(root2);
	X509_free(alice);
	EVP_PKEY_free(k);
}

/* One scenario: alice's certificate changed by spec s (and key k). */
static void alice_variant(const char *name, struct tp_spec s, EVP_PKEY *k)
{
	const char *d = with_base(name);
	X509 *x = alice_with(s, k ? k : base.alice_key);

	write1(d, "alice.pem", x);
	X509_free(x);
}

/* A CA from spec s under parent, written to d/file; its new key goes to
 * *key.  Both are owned by the caller. */
static X509 *sub_ca(const char *d, const char *file, struct tp_spec s,
		    X509 *parent, EVP_PKEY *parent_key, EVP_PKEY **key)
{
	X509 *ca;

	*key = tp_key_ec("P-256");
	ca = tp_issue(&s, *key, parent, parent_key);
	write1(d, file, ca);
	return ca;
}

/* alice.pem in d, issued by ca; frees ca and its key. */
static void alice_under(const char *d, X509 *ca, EVP_PKEY *key)
{
	struct tp_spec s = ee_spec("alice", "clientAuth");
	X509 *x = tp_issue(&s, base.alice_key, ca, key);

	write1(d, "alice.pem", x);
	X509_free(x);
	X509_free(ca);
	EVP_PKEY_free(key);
}

static void validity(void)
{
	struct tp_spec s = ee_spec("alice", "clientAuth");
	const char *d;
	X509 *x, *ca;
	EVP_PKEY *k;

	s.not_after = AT - 31 * DAY;
	alice_variant("expired", s, NULL);

	s = ee_spec("alice", "clientAuth");
	s.not_before = AT + 3 * HOUR; /* issued by a CA whose clock is fast */
	alice_variant("not-yet-valid", s, NULL);

	s = ee_spec("alice", "clientAuth");
	s.not_after = AT + 10 * DAY;
	alice_variant("expiring", s, NULL);

	/* peer-skew: both certificates were issued an hour before AT; the
	 * peer's clock is 2 h behind, so it sees the gateway's as not yet
	 * valid (fail) and the gateway sees nothing wrong with the peer's */
	d = dir("peer-skew");
	write1(d, "root.pem", base.root);
	write1(d, "issuing.pem", base.issuing);
	s = ee_spec("vpn.example.com", "serverAuth");
	s.not_before = AT - HOUR;
	x = tp_issue(&s, base.gw_key, base.issuing, base.issuing_key);
	write1(d, "gw.pem", x);
	X509_free(x);
	s = ee_spec("alice", "clientAuth");
	s.not_before = AT - HOUR;
	x = alice_with(s, base.alice_key);
	write1(d, "alice.pem", x);
	X509_free(x);

	/* expired-ca: the peer's issuing CA expired; its signatures still
	 * verify.  The gateway's certificate is from the current one. */
	d = with_base("expired-ca");
	s = ca_spec("C=SE, O=Example Corp, CN=Example Issuing CA 2025", Y2025,
		    AT - 90 * DAY);
	ca = sub_ca(d, "old-issuing.pem", s, base.root, base.root_key, &k);
	alice_under(d, ca, k);
}

static void fitness(void)
{
	struct tp_spec s = ee_spec("alice", "clientAuth");
	const char *d;
	EVP_PKEY *k;
	X509 *x;

	s.ku = "critical,keyEncipherment";
	alice_variant("no-digitalsig", s, NULL);

	s = ee_spec("alice", "serverAuth");
	alice_variant("wrong-eku", s, NULL);

	s = ee_spec("alice", "ipsecIKE");
	alice_variant("ipsec-eku", s, NULL);

	/* ca-as-peer: the peer presents its issuing CA's certificate */
	d = with_base("ca-as-peer");
	(void)d;

	/* PKCS#12 with a foreign key, and without a key */
	d = with_base("p12-foreign-key");
	k = tp_key_ec("P-256");
	tp_write_p12(d, "alice.p12", k, base.alice, NULL, 0, "");
	EVP_PKEY_free(k);
	d = with_base("p12-no-key");
	tp_write_p12(d, "alice.p12", NULL, base.alice, NULL, 0, "");

	/* bad-signature: one bit of alice's signature flipped */
	d = with_base("bad-signature");
	x = tp_break_signature(base.alice);
	write1(d, "alice.pem", x);
	X509_free(x);
}

static void ca_structure(void)
{
	struct tp_spec s;
	const char *d;
	EVP_PKEY *k, *k2;
	X509 *ca, *deep;

	/* ca-not-ca: the issuing "CA" has no basicConstraints CA:TRUE */
	s = ca_spec("C=SE, O=Example Corp, CN=Rogue Sub CA", Y2025, Y2030);
	s.bc = NULL;
	s.ku = NULL;
	d = with_base("ca-not-ca");
	ca = sub_ca(d, "rogue.pem", s, base.root, base.root_key, &k);
	alice_under(d, ca, k);

	/* ca-no-certsign: a CA whose key usage lacks keyCertSign */
	s = ca_spec("C=SE, O=Example Corp, CN=Signing Sub CA", Y2025, Y2030);
	s.ku = "critical,digitalSignature";
	d = with_base("ca-no-certsign");
	ca = sub_ca(d, "sub.pem", s, base.root, base.root_key, &k);
	alice_under(d, ca, k);

	/* path-length: a CA that allows no CA below it, yet one is */
	s = ca_spec("C=SE, O=Example Corp, CN=Leaf-only CA", Y2025, Y2030);
	s.bc = "critical,CA:TRUE,pathlen:0";
	d = with_base("path-length");
	ca = sub_ca(d, "leaf-only.pem", s, base.root, base.root_key, &k);
	s = ca_spec("C=SE, O=Example Corp, CN=Too Deep CA", Y2025, Y2030);
	deep = sub_ca(d, "deep.pem", s, ca, k, &k2);
	alice_under(d, deep, k2);
	X509_free(ca);
	EVP_PKEY_free(k);
}

/* md5: ECDSA has no MD5, so an RSA CA under the root signs with MD5 */
static void legacy_md5(void)
{
	const char *d = with_base("md5");
	EVP_PKEY *k = tp_key_rsa(2048);
	struct tp_spec s =
		ca_spec("C=SE, O=Example Corp, CN=Legacy RSA CA", Y2025, Y2030);
	X509 *ca = tp_issue(&s, k, base.root, base.root_key), *x;

	s = ee_spec("alice", "clientAuth");
	s.md = "MD5";
	x = tp_issue(&s, base.alice_key, ca, k);
	write1(d, "legacy.pem", ca);
	write1(d, "alice.pem", x);
	X509_free(x);
	X509_free(ca);
	EVP_PKEY_free(k);
}

static void keys(void)
{
	struct tp_spec s = ee_spec("alice", "clientAuth");
	EVP_PKEY *k;

	k = tp_key_rsa(1024);
	alice_variant("rsa1024", s, k);
	EVP_PKEY_free(k);
	k = tp_key_rsa(512);
	alice_variant("rsa512", s, k);
	EVP_PKEY_free(k);
	k = tp_key_ec("secp256k1");
	alice_variant("odd-curve", s, k);
	EVP_PKEY_free(k);
	k = tp_key_ed25519();
	alice_variant("ed25519", s, k);
	EVP_PKEY_free(k);
	s.md = "SHA1";
	alice_variant("sha1", s, NULL);
	legacy_md5();
}

/* rsa: the healthy pair with RSA-2048 throughout (and the benchmark's). */
static void rsa(void)
{
	const char *d = dir("rsa");
	EVP_PKEY *rk = tp_key_rsa(2048), *ik = tp_key_rsa(2048);
	EVP_PKEY *gk = tp_key_rsa(2048), *ak = tp_key_rsa(2048);
	struct tp_spec s = ca_spec(ROOT_DN, Y2025, Y2035);
	X509 *root = tp_issue(&s, rk, NULL, NULL), *ca, *gw, *alice;

	s = ca_spec(ISSUING_DN, Y2025, Y2030);
	ca = tp_issue(&s, ik, root, rk);
	s = ee_spec("vpn.example.com", "serverAuth");
	gw = tp_issue(&s, gk, ca, ik);
	s = ee_spec("alice", "clientAuth");
	alice = tp_issue(&s, ak, ca, ik);
	write1(d, "root.pem", root);
	write1(d, "issuing.pem", ca);
	write1(d, "gw.pem", gw);
	write1(d, "alice.pem", alice);
	X509_free(root);
	X509_free(ca);
	X509_free(gw);
	X509_free(alice);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(ik);
	EVP_PKEY_free(gk);
	EVP_PKEY_free(ak);
}

/* idlist: user certificates for the ID-list tests, in users/ (and one
 * file that is no certificate, users/notes.txt). */
static void idlist_users(void)
{
	static const struct {
		const char *file, *dn, *san;
	} users[] = {
		{ "alice.pem", "C=SE, O=Example Corp, OU=Engineering, CN=alice",
		  "email:alice@example.com" },
		{ "bob.pem", "C=SE, O=Example Corp, OU=Sales, CN=bob",
		  "email:bob@sales.example.com" },
		{ "carol.pem",
		  "C=SE, O=Example Corp, OU=Sales, OU=Support, CN=carol",
		  NULL },
		{ "fqdn-in-cn.pem", "C=SE, O=Example Corp, CN=vpn.example.com",
		  NULL },
		{ "fqdn-san.pem", "C=SE, O=Example Corp, CN=gw2",
		  "DNS:gw2.example.com" },
		{ "email-in-e.pem",
		  "C=SE, O=Example Corp, CN=dave, "
		  "emailAddress=dave@example.com",
		  NULL },
		{ "upn.pem", "C=SE, O=Example Corp, CN=erin",
		  "otherName:1.3.6.1.4.1.311.20.2.3;UTF8:erin@corp.example."
		  "com" },
		{ "ipv6.pem", "C=SE, O=Example Corp, CN=site6",
		  "IP:2001:db8::7" },
		{ "nomatch.pem", "C=DE, O=Other GmbH, OU=Marketing, CN=frank",
		  NULL },
	};
	char d[4200];
	FILE *f;

	snprintf(d, sizeof(d), "%s/users", dir("idlist"));
	for (size_t i = 0; i < countof(users); i++) {
		struct tp_spec s = ee_spec("x", "clientAuth");
		X509 *x;

		s.subject = users[i].dn;
		s.san = users[i].san;
		x = alice_with(s, base.alice_key);
		write1(d, users[i].file, x);
		X509_free(x);
	}
	snprintf(d + strlen(d), sizeof(d) - strlen(d), "/notes.txt");
	f = fopen(d, "w");
	if (!f) {
		perror(d);
		exit(1);
	}
	fputs("not a certificate\n", f);
	fclose(f);
}

/* bad-input: files that are no certificate at all. */
static void bad_input(void)
{
	const char *d = dir("bad-input");
	static const unsigned char junk[] = { 0x30, 0x82, 0xff, 0xff, 0x01 };
	static const char text[] = "this is not a certificate\n";
	static const char broken[] = "-----BEGIN CERTIFICATE-----\n"
				     "MIIBbroken\n-----END CERTIFICATE-----\n";
	FILE *f;
	char path[4200];

	tp_write_file(d, "empty.pem", "", 0);
	tp_write_file(d, "junk.der", junk, sizeof(junk));
	tp_write_file(d, "text.txt", text, strlen(text));
	tp_write_file(d, "broken.pem", broken, strlen(broken));
	snprintf(path, sizeof(path), "%s/key-only.pem", d);
	f = fopen(path, "wb");
	if (!f || !PEM_write_PrivateKey(f, base.alice_key, NULL, NULL, 0, NULL,
					NULL)) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

/*
 * Path building as a gateway does it: several candidate issuers, trusted
 * intermediates, policies, a malformed extension.
 */
static void paths(void)
{
	const char *d;
	EVP_PKEY *k_old = tp_key_ec("P-256"), *k_new = tp_key_ec("P-256");
	EVP_PKEY *k_other = tp_key_ec("P-256"), *k_x = tp_key_ec("P-256");
	struct tp_spec s;
	X509 *old_ca, *new_ca, *alice, *other, *x_other, *x_root, *pol_ca, *a2;

	/* rekeyed: the issuing CA re-created with the same name and a new
	 * key; both are given, the old first, and alice carries no key
	 * identifier to tell them apart: only one path validates */
	d = with_base("rekeyed");
	s = ca_spec("C=SE, O=Example Corp, CN=Example Issuing CA 2", Y2025,
		    Y2030);
	old_ca = tp_issue(&s, k_old, base.root, base.root_key);
	s.serial = serial++;
	new_ca = tp_issue(&s, k_new, base.root, base.root_key);
	s = ee_spec("alice", "clientAuth");
	s.no_key_ids = true;
	alice = tp_issue(&s, base.alice_key, new_ca, k_new);
	{
		X509 *both[] = { old_ca, new_ca };

		tp_write_pem(d, "both-issuing.pem", both, 2);
	}
	write1(d, "alice.pem", alice);
	X509_free(alice);

	/* cross-signed: the intermediate X exists twice with one key, once
	 * under a root the gateway does not trust (given first), once
	 * under the gateway's root */
	d = with_base("cross-signed");
	s = ca_spec("C=US, O=Other Inc, CN=Other Root CA", Y2025, Y2035);
	other = tp_issue(&s, k_other, NULL, NULL);
	s = ca_spec("C=SE, O=Example Corp, CN=Cross CA", Y2025, Y2030);
	x_other = tp_issue(&s, k_x, other, k_other);
	s.serial = serial++;
	x_root = tp_issue(&s, k_x, base.root, base.root_key);
	{
		X509 *pool[] = { x_other, other, x_root };

		tp_write_pem(d, "pool.pem", pool, 3);
		tp_write_pem(d, "pool-other-only.pem", pool, 2);
	}
	s = ee_spec("alice", "clientAuth");
	alice = tp_issue(&s, base.alice_key, x_root, k_x);
	write1(d, "alice.pem", alice);
	X509_free(alice);

	/* gw-expired: the gateway's certificate expired before AT */
	d = with_base("gw-expired");
	s = ee_spec("vpn.example.com", "serverAuth");
	s.not_before = Y2025;
	s.not_after = AT - 2 * DAY;
	alice = tp_issue(&s, base.gw_key, base.issuing, base.issuing_key);
	write1(d, "gw-expired.pem", alice);
	write1(d, "alice.pem", base.alice);
	X509_free(alice);

	/* policy: a CA that requires an explicit policy below it */
	d = with_base("policy");
	s = ca_spec("C=SE, O=Example Corp, CN=Policy CA", Y2025, Y2030);
	s.policies = "2.5.29.32.0";
	s.policy_constraints = "requireExplicitPolicy:0";
	pol_ca = tp_issue(&s, k_old, base.root, base.root_key);
	write1(d, "policy-ca.pem", pol_ca);
	s = ee_spec("alice", "clientAuth");
	a2 = tp_issue(&s, base.alice_key, pol_ca, k_old);
	write1(d, "alice-none.pem", a2);
	X509_free(a2);
	s.policies = "1.3.6.1.4.1.55555.1.1";
	a2 = tp_issue(&s, base.alice_key, pol_ca, k_old);
	write1(d, "alice-policy.pem", a2);
	X509_free(a2);

	/* embedded-nul: names with a NUL byte (the 2009 prefix attack) */
	s = ee_spec("alice", "clientAuth");
	s.nul_dns = "www.example.com|.evil.com";
	alice_variant("nul-dns", s, NULL);
	s = ee_spec("alice", "clientAuth");
	s.subject = "C=SE, O=Example Corp";
	s.nul_cn = "alice|.evil";
	alice_variant("nul-cn", s, NULL);

	/* malformed-ku: a keyUsage extension that does not decode */
	s = ee_spec("alice", "clientAuth");
	s.ku = NULL;
	s.malformed_ku = true;
	alice_variant("malformed-ku", s, NULL);

	X509_free(old_ca);
	X509_free(new_ca);
	X509_free(other);
	X509_free(x_other);
	X509_free(x_root);
	X509_free(pol_ca);
	EVP_PKEY_free(k_old);
	EVP_PKEY_free(k_new);
	EVP_PKEY_free(k_other);
	EVP_PKEY_free(k_x);
}

/*
 * limbo: the healthy other side of the x509-limbo cases: a root of its
 * own, a server and a client certificate, valid from 1970 to 2200 so that
 * every case's validation time falls inside.
 */
static void limbo(void)
{
	const char *d = dir("limbo");
	EVP_PKEY *rk = tp_key_ec("P-256"), *k = tp_key_ec("P-256");
	struct tp_spec s = ca_spec(
		"C=SE, O=certcheck tests, CN=Limbo Side Root", 0, 7258118400L);
	X509 *root = tp_issue(&s, rk, NULL, NULL), *x;

	write1(d, "root.pem", root);
	s = ee_spec("limbo-server", "serverAuth");
	s.not_before = 0;
	s.not_after = 7258118400L;
	s.san = "DNS:limbo-server.example";
	x = tp_issue(&s, k, root, rk);
	write1(d, "server.pem", x);
	X509_free(x);
	s = ee_spec("limbo-client", "clientAuth");
	s.not_before = 0;
	s.not_after = 7258118400L;
	x = tp_issue(&s, k, root, rk);
	write1(d, "client.pem", x);
	X509_free(x);
	X509_free(root);
	EVP_PKEY_free(rk);
	EVP_PKEY_free(k);
}

int main(int argc, char **argv)
{
	struct tp_spec spec;

	if (argc != 2) {
		fputs("usage: mkpki OUTDIR\n", stderr);
		return 2;
	}
	out = argv[1];
	mkdir(out, 0755);
	make_base();
	healthy();
	different_roots();
	same_name("same-name-key");
	same_name("demo");
	spec = ee_spec("alice", "clientAuth");
	spec.aia = "caIssuers;URI:http://pki.example.com/issuing.crt";
	alice_variant("missing-intermediate", spec, NULL);
	/* hostile: a subject that would drive a terminal */
	spec = ee_spec("\033[2J\033]0;pwned\007alice", "clientAuth");
	alice_variant("hostile", spec, NULL);
	/* a bidi override that would show "alice.pem" reversed */
	spec = ee_spec("alice\xe2\x80\xaemep.exe", "clientAuth");
	alice_variant("bidi", spec, NULL);
	validity();
	fitness();
	ca_structure();
	keys();
	rsa();
	bad_input();
	idlist_users();
	paths();
	limbo();
	X509_free(base.root);
	X509_free(base.issuing);
	X509_free(base.gw);
	X509_free(base.alice);
	EVP_PKEY_free(base.root_key);
	EVP_PKEY_free(base.issuing_key);
	EVP_PKEY_free(base.gw_key);
	EVP_PKEY_free(base.alice_key);
	return 0;
}
