/* SPDX-License-Identifier: MIT */
/*
 * testpki.h - mint keys, CAs, end entities and their files for the test
 * PKI, with the dates given (never the clock), so that every scenario is
 * judged the same way under --at whatever day it is built.
 */
#ifndef CC_TESTPKI_H
#define CC_TESTPKI_H

#include <stdbool.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Keys (owned by the caller).  group: "P-256", "secp256k1", ... */
EVP_PKEY *tp_key_ec(const char *group);
EVP_PKEY *tp_key_rsa(int bits);
EVP_PKEY *tp_key_ed25519(void);

struct tp_spec {
	const char *subject; /* "C=SE, O=Example, CN=alice" */
	time_t not_before, not_after;
	long serial;
	const char *bc;	      /* basicConstraints value, e.g.
				   "critical,CA:TRUE,pathlen:0"; NULL: none */
	const char *ku;	      /* keyUsage value, NULL: none */
	const char *eku;      /* extendedKeyUsage value, NULL: none */
	const char *san;      /* subjectAltName value, NULL: none */
	const char *aia;      /* authorityInfoAccess value, NULL: none */
	const char *md;	      /* "SHA256" (default), "SHA1", "MD5" */
	bool no_key_ids;      /* leave out subject/authority key ids */
	const char *cdp;      /* CRL distribution point URIs, separated
				   by spaces; NULL: none */
	const char *freshest; /* freshest-CRL URIs, the same way */
	const char *policies; /* certificatePolicies value, NULL: none */
	const char *policy_constraints; /* policyConstraints value */
	bool malformed_ku;   /* a keyUsage whose DER does not decode */
	const char *nul_dns; /* a dNSName SAN with a NUL byte where the
				   string has '|' ("a.example|.evil") */
	const char *nul_cn;  /* a last CN with a NUL byte at '|' */
};

/* One entry of a CRL. */
struct tp_revoked {
	long serial;
	time_t when;
	int reason; /* CRL reason code, -1: none */
};

struct tp_crl_spec {
	time_t this_update;
	time_t next_update; /* 0: none */
	const struct tp_revoked *revoked;
	int nrevoked;
	long number;
	bool only_ca; /* issuingDistributionPoint onlyContainsCACerts */
	bool delta;   /* a delta CRL (deltaCRLIndicator) */
};

/* A CRL named after issuer, signed with key (its AKID is key's, which may
 * be another than issuer's: a CRL signed with an old key). */
X509_CRL *tp_crl(const struct tp_crl_spec *s, X509 *issuer, EVP_PKEY *key);
void tp_write_crl(const char *dir, const char *name, X509_CRL *crl, bool pem);

/* Issues a certificate for key, signed by issuer_key under issuer (NULL
 * for self-signed).  Aborts the program on failure (a test tool). */
X509 *tp_issue(const struct tp_spec *s, EVP_PKEY *key, X509 *issuer,
	       EVP_PKEY *issuer_key);

/* A copy of x whose signature has one bit flipped (owned by the caller). */
X509 *tp_break_signature(X509 *x);

/* Files under dir; all abort on failure. */
void tp_write_pem(const char *dir, const char *name, X509 *const *certs, int n);
void tp_write_pem_text(const char *dir, const char *name, X509 *cert);
void tp_write_der(const char *dir, const char *name, X509 *cert);
void tp_write_p7(const char *dir, const char *name, X509 *const *certs, int n,
		 bool pem);
void tp_write_p12(const char *dir, const char *name, EVP_PKEY *key, X509 *cert,
		  X509 *const *ca, int nca, const char *pass);
void tp_write_key(const char *dir, const char *name, EVP_PKEY *key);
/* The same encrypted (AES-256-CBC) with pass. */
void tp_write_key_enc(const char *dir, const char *name, EVP_PKEY *key,
		      const char *pass);
void tp_write_file(const char *dir, const char *name, const void *data,
		   size_t len);

#endif /* CC_TESTPKI_H */
