/* SPDX-License-Identifier: MIT */
/*
 * testpki.c - see testpki.h.
 */
#define _DEFAULT_SOURCE /* for strdup(), strtok_r() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "testpki.h"

static void die(const char *what)
{
	fprintf(stderr, "mkpki: %s failed\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

EVP_PKEY *tp_key_ec(const char *group)
{
	EVP_PKEY *k = EVP_EC_gen(group);

	if (!k)
		die("EC key generation");
	return k;
}

EVP_PKEY *tp_key_rsa(int bits)
{
	EVP_PKEY *k = EVP_RSA_gen((unsigned int)bits);

	if (!k)
		die("RSA key generation");
	return k;
}

EVP_PKEY *tp_key_ed25519(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

	if (!k)
		die("Ed25519 key generation");
	return k;
}

/* "C=SE, O=Example, CN=alice" -> X509_NAME (no commas inside values). */
static X509_NAME *parse_name(const char *s)
{
	X509_NAME *n = X509_NAME_new();
	char *copy = strdup(s), *save = NULL, *rdn;

	if (!n || !copy)
		die("name");
	for (rdn = strtok_r(copy, ",", &save); rdn;
	     rdn = strtok_r(NULL, ",", &save)) {
		char *eq;

		while (*rdn == ' ')
			rdn++;
		eq = strchr(rdn, '=');
		if (!eq)
			die("name syntax");
		*eq = '\0';
		if (!X509_NAME_add_entry_by_txt(n, rdn, MBSTRING_UTF8,
						(unsigned char *)eq + 1, -1, -1,
						0))
			die("name entry");
	}
	free(copy);
	return n;
}

static void add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e;

	if (!value)
		return;
	e = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	if (!e || !X509_add_ext(x, e, -1))
		die("extension");
	X509_EXTENSION_free(e);
}

/* Distribution points from "URI URI ...": one point per URI (URIs may
 * hold commas, which OpenSSL's configuration syntax cannot carry). */
static void add_cdp(X509 *x, int nid, const char *uris)
{
	STACK_OF(DIST_POINT) * dps;
	char *copy, *save = NULL;

	if (!uris || !*uris)
		return;
	dps = sk_DIST_POINT_new_null();
	copy = strdup(uris);
	if (!dps || !copy)
		die("CDP");
	for (char *u = strtok_r(copy, " ", &save); u;
	     u = strtok_r(NULL, " ", &save)) {
		DIST_POINT *dp = DIST_POINT_new();
		GENERAL_NAME *gn = GENERAL_NAME_new();
		ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();

		if (!dp || !gn || !ia5 || !ASN1_STRING_set(ia5, u, -1))
			die("CDP entry");
		GENERAL_NAME_set0_value(gn, GEN_URI, ia5);
		dp->distpoint = DIST_POINT_NAME_new();
		if (!dp->distpoint)
			die("CDP name");
		dp->distpoint->type = 0;
		dp->distpoint->name.fullname = sk_GENERAL_NAME_new_null();
		if (!dp->distpoint->name.fullname ||
		    !sk_GENERAL_NAME_push(dp->distpoint->name.fullname, gn) ||
		    !sk_DIST_POINT_push(dps, dp))
			die("CDP push");
	}
	if (!X509_add1_ext_i2d(x, nid, dps, 0, 0))
		die("CDP extension");
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	free(copy);
}

/* An extension of type nid whose value is not the DER it should be (a
 * BIT STRING cut short), as some broken CAs issue. */
static void add_malformed(X509 *x, int nid)
{
	static const unsigned char junk[] = { 0x03, 0x05, 0x00, 0x80 };
	ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e;

	if (!v || !ASN1_OCTET_STRING_set(v, junk, sizeof(junk)))
		die("extension value");
	e = X509_EXTENSION_create_by_NID(NULL, nid, 1, v);
	if (!e || !X509_add_ext(x, e, -1))
		die("extension");
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(v);
}

/* A copy of s with '|' turned into NUL bytes; its length to *len. */
static unsigned char *with_nul(const char *s, size_t *len)
{
	unsigned char *b = (unsigned char *)strdup(s);

	if (!b)
		die("memory");
	*len = strlen(s);
	for (size_t i = 0; i < *len; i++)
		if (b[i] == '|')
			b[i] = '\0';
	return b;
}

static void add_nul_dns(X509 *x, const char *name)
{
	GENERAL_NAMES *gens = GENERAL_NAMES_new();
	GENERAL_NAME *g = GENERAL_NAME_new();
	ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
	size_t len;
	unsigned char *b = with_nul(name, &len);

	if (!gens || !g || !ia5 || !ASN1_STRING_set(ia5, b, (int)len))
		die("dNSName");
	GENERAL_NAME_set0_value(g, GEN_DNS, ia5);
	if (!sk_GENERAL_NAME_push(gens, g) ||
	    !X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0,
			       X509V3_ADD_DEFAULT))
		die("subjectAltName");
	GENERAL_NAMES_free(gens);
	free(b);
}

X509 *tp_issue(const struct tp_spec *s, EVP_PKEY *key, X509 *issuer,
	       EVP_PKEY *issuer_key)
{
	X509 *x = X509_new();
	X509_NAME *name = parse_name(s->subject);

	if (s->nul_cn) {
		size_t len;
		unsigned char *b = with_nul(s->nul_cn, &len);

		if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, b,
						(int)len, -1, 0))
			die("CN");
		free(b);
	}
	const EVP_MD *md = EVP_get_digestbyname(s->md ? s->md : "SHA256");
	X509V3_CTX ctx;

	if (!x || !md)
		die("certificate");
	if (!X509_set_version(x, X509_VERSION_3) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), s->serial) ||
	    !X509_set_subject_name(x, name) ||
	    !X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer)
					    : name) ||
	    !ASN1_TIME_set(X509_getm_notBefore(x), s->not_before) ||
	    !ASN1_TIME_set(X509_getm_notAfter(x), s->not_after) ||
	    !X509_set_pubkey(x, key))
		die("certificate fields");
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	add_ext(x, &ctx, NID_basic_constraints, s->bc);
	add_ext(x, &ctx, NID_key_usage, s->ku);
	add_ext(x, &ctx, NID_ext_key_usage, s->eku);
	add_ext(x, &ctx, NID_subject_alt_name, s->san);
	add_ext(x, &ctx, NID_info_access, s->aia);
	add_cdp(x, NID_crl_distribution_points, s->cdp);
	add_cdp(x, NID_freshest_crl, s->freshest);
	if (s->policies) {
		/* certificatePolicies is read through a configuration
		 * database, even an empty one */
		CONF *conf = NCONF_new(NULL);

		X509V3_set_nconf(&ctx, conf);
		add_ext(x, &ctx, NID_certificate_policies, s->policies);
		X509V3_set_nconf(&ctx, NULL);
		NCONF_free(conf);
	}
	add_ext(x, &ctx, NID_policy_constraints, s->policy_constraints);
	if (s->malformed_ku)
		add_malformed(x, NID_key_usage);
	if (s->nul_dns)
		add_nul_dns(x, s->nul_dns);
	if (!s->no_key_ids) {
		add_ext(x, &ctx, NID_subject_key_identifier, "hash");
		add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always");
	}
	/* Ed25519 signs without a separate digest */
	if (EVP_PKEY_get_base_id(issuer_key ? issuer_key : key) ==
	    EVP_PKEY_ED25519)
		md = NULL;
	if (!X509_sign(x, issuer_key ? issuer_key : key, md))
		die("signing");
	X509_NAME_free(name);
	return x;
}

X509 *tp_break_signature(X509 *x)
{
	unsigned char *der = NULL;
	const unsigned char *q;
	X509 *copy;
	int len = i2d_X509(x, &der);

	if (len <= 0)
		die("encoding");
	der[len - 1] ^= 0x01; /* the signature's last byte ends the DER */
	q = der;
	copy = d2i_X509(NULL, &q, len);
	if (!copy)
		die("decoding");
	OPENSSL_free(der);
	return copy;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

void tp_write_pem(const char *dir, const char *name, X509 *const *certs, int n)
{
	FILE *f = open_out(dir, name);

	for (int i = 0; i < n; i++)
		if (!PEM_write_X509(f, certs[i]))
			die("PEM");
	fclose(f);
}

void tp_write_pem_text(const char *dir, const char *name, X509 *cert)
{
	FILE *f = open_out(dir, name);

	/* as `openssl x509 -text` and Windows exports put text around it */
	fputs("Bag Attributes\n    friendlyName: test\n", f);
	if (!X509_print_fp(f, cert) || !PEM_write_X509(f, cert))
		die("PEM text");
	fclose(f);
}

void tp_write_der(const char *dir, const char *name, X509 *cert)
{
	FILE *f = open_out(dir, name);

	if (!i2d_X509_fp(f, cert))
		die("DER");
	fclose(f);
}

void tp_write_p7(const char *dir, const char *name, X509 *const *certs, int n,
		 bool pem)
{
	PKCS7 *p7 = PKCS7_new();
	FILE *f;

	if (!p7 || !PKCS7_set_type(p7, NID_pkcs7_signed) ||
	    !PKCS7_content_new(p7, NID_pkcs7_data))
		die("PKCS#7");
	for (int i = 0; i < n; i++)
		if (!PKCS7_add_certificate(p7, certs[i]))
			die("PKCS#7 certificate");
	f = open_out(dir, name);
	if (pem ? !PEM_write_PKCS7(f, p7) : !i2d_PKCS7_fp(f, p7))
		die("PKCS#7 write");
	fclose(f);
	PKCS7_free(p7);
}

void tp_write_p12(const char *dir, const char *name, EVP_PKEY *key, X509 *cert,
		  X509 *const *ca, int nca, const char *pass)
{
	STACK_OF(X509) *st = sk_X509_new_null();
	PKCS12 *p12;
	FILE *f;

	for (int i = 0; i < nca; i++)
		if (!sk_X509_push(st, ca[i]))
			die("stack");
	/* a key that does not match cert is allowed here on purpose: the
	 * certificate then goes in as a CA-bag certificate */
	if (key && cert && !X509_check_private_key(cert, key)) {
		ERR_clear_error();
		if (!sk_X509_insert(st, cert, 0))
			die("stack");
		cert = NULL;
	}
	p12 = PKCS12_create(pass, "test", key, cert, st, 0, 0, 0, 0, 0);
	if (!p12)
		die("PKCS#12");
	f = open_out(dir, name);
	if (!i2d_PKCS12_fp(f, p12))
		die("PKCS#12 write");
	fclose(f);
	PKCS12_free(p12);
	sk_X509_free(st);
}

void tp_write_key(const char *dir, const char *name, EVP_PKEY *key)
{
	FILE *f = open_out(dir, name);

	if (!PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL))
		die("key write");
	fclose(f);
}

void tp_write_key_enc(const char *dir, const char *name, EVP_PKEY *key,
		      const char *pass)
{
	FILE *f = open_out(dir, name);

	if (!PEM_write_PrivateKey(f, key, EVP_aes_256_cbc(),
				  (const unsigned char *)pass,
				  (int)strlen(pass), NULL, NULL))
		die("key write");
	fclose(f);
}

void tp_write_file(const char *dir, const char *name, const void *data,
		   size_t len)
{
	FILE *f = open_out(dir, name);

	if (len && fwrite(data, 1, len, f) != len)
		die("write");
	fclose(f);
}

X509_CRL *tp_crl(const struct tp_crl_spec *s, X509 *issuer, EVP_PKEY *key)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();
	AUTHORITY_KEYID *akid = AUTHORITY_KEYID_new();
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	X509_PUBKEY *pub = NULL;

	if (!crl || !t || !akid || !num || !X509_CRL_set_version(crl, 1) ||
	    !X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) ||
	    !ASN1_TIME_set(t, s->this_update) ||
	    !X509_CRL_set1_lastUpdate(crl, t))
		die("CRL");
	if (s->next_update && (!ASN1_TIME_set(t, s->next_update) ||
			       !X509_CRL_set1_nextUpdate(crl, t)))
		die("CRL nextUpdate");
	for (int i = 0; i < s->nrevoked; i++) {
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *sn = ASN1_INTEGER_new();

		if (!r || !sn || !ASN1_INTEGER_set(sn, s->revoked[i].serial) ||
		    !X509_REVOKED_set_serialNumber(r, sn) ||
		    !ASN1_TIME_set(t, s->revoked[i].when) ||
		    !X509_REVOKED_set_revocationDate(r, t))
			die("CRL entry");
		if (s->revoked[i].reason >= 0) {
			ASN1_ENUMERATED *e = ASN1_ENUMERATED_new();

			if (!e ||
			    !ASN1_ENUMERATED_set(e, s->revoked[i].reason) ||
			    !X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0,
						       0))
				die("CRL reason");
			ASN1_ENUMERATED_free(e);
		}
		if (!X509_CRL_add0_revoked(crl, r))
			die("CRL add");
		ASN1_INTEGER_free(sn);
	}
	/* the key id of the signing key, as the issuer's SKID is made */
	const unsigned char *pk;
	int pklen;

	if (!X509_PUBKEY_set(&pub, key) ||
	    !X509_PUBKEY_get0_param(NULL, &pk, &pklen, NULL, pub) ||
	    !EVP_Digest(pk, (size_t)pklen, md, &mdlen, EVP_sha1(), NULL))
		die("key id");
	akid->keyid = ASN1_OCTET_STRING_new();
	if (!akid->keyid ||
	    !ASN1_OCTET_STRING_set(akid->keyid, md, (int)mdlen) ||
	    !X509_CRL_add1_ext_i2d(crl, NID_authority_key_identifier, akid, 0,
				   0))
		die("CRL AKID");
	if (!ASN1_INTEGER_set(num, s->number) ||
	    !X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0))
		die("CRL number");
	if (s->delta && !X509_CRL_add1_ext_i2d(crl, NID_delta_crl, num, 1, 0))
		die("delta CRL indicator");
	if (s->only_ca) {
		ISSUING_DIST_POINT *idp = ISSUING_DIST_POINT_new();

		if (!idp)
			die("IDP");
		idp->onlyCA = 0xff;
		if (!X509_CRL_add1_ext_i2d(crl, NID_issuing_distribution_point,
					   idp, 1, 0))
			die("IDP add");
		ISSUING_DIST_POINT_free(idp);
	}
	if (!X509_CRL_sort(crl) || !X509_CRL_sign(crl, key, EVP_sha256()))
		die("CRL signing");
	X509_PUBKEY_free(pub);
	ASN1_INTEGER_free(num);
	AUTHORITY_KEYID_free(akid);
	ASN1_TIME_free(t);
	return crl;
}

void tp_write_crl(const char *dir, const char *name, X509_CRL *crl, bool pem)
{
	FILE *f = open_out(dir, name);

	if (pem ? !PEM_write_X509_CRL(f, crl) : !i2d_X509_CRL_fp(f, crl))
		die("CRL write");
	fclose(f);
}
