/* SPDX-License-Identifier: MIT */
/*
 * load.c - the content-sniffing certificate reader: PEM (with any text
 * around the blocks), DER, PKCS#7 (PEM or DER) and PKCS#12; and the
 * PKCS#12 password, wiped after use.
 */
#define _GNU_SOURCE /* for memmem() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_cert.h"
#include "cc_x509.h"

/* Larger inputs are not certificates anyone hands a gateway. */
#define CC_MAX_INPUT (16L * 1024 * 1024)

/* See cc_x509.h */
const char *cc_ossl_error(char *buf, size_t len, const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;

	snprintf(buf, len, "%s", reason ? reason : fallback);
	ERR_clear_error();
	return buf;
}

/* See header */
void cc_secret_release(struct cc_secret *s)
{
	if (s->pass) {
		OPENSSL_cleanse(s->pass, s->len);
		free(s->pass);
	}
	s->pass = NULL;
	s->len = 0;
}

/* See header */
enum cc_err cc_secret_load(struct cc_ctx *ctx, struct cc_secret *s,
			   const char *file)
{
	char buf[4096];
	const char *env;
	size_t n, start;
	FILE *f;

	s->pass = NULL;
	s->len = 0;
	if (!file) {
		env = getenv("CERTCHECK_PASSWORD");
		if (env) {
			s->pass = cc_xstrdup(env);
			s->len = strlen(env);
		}
		return CC_SUCCESS;
	}
	f = fopen(file, "rb");
	if (!f)
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", file,
			       strerror(errno));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Notepad's UTF-8 byte-order mark is no part of the password */
	start = n >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3) ? 3 : 0;
	n = strcspn(buf + start, "\r\n");
	s->pass = cc_xmalloc(n + 1);
	memcpy(s->pass, buf + start, n);
	s->pass[n] = '\0';
	s->len = n;
	OPENSSL_cleanse(buf, sizeof(buf));
	return CC_SUCCESS;
}

/* Reads the whole file into *data (owned by the caller). */
static enum cc_err read_file(struct cc_ctx *ctx, const char *path,
			     unsigned char **data, long *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	*data = NULL;
	if (!f)
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", path,
			       strerror(errno));
	do {
		cc_grow(&buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0 && n <= CC_MAX_INPUT);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot read: %s", path,
			       strerror(e));
	}
	fclose(f);
	if (n == 0) {
		free(buf);
		return cc_fail(ctx, CC_EINPUT, "'%s': empty file", path);
	}
	if (n > CC_MAX_INPUT) {
		free(buf);
		return cc_fail(ctx, CC_EINPUT,
			       "'%s': over the size limit of %ld MiB for one "
			       "certificate file (split a larger bundle, or "
			       "give it to 'certcheck idlist', which streams "
			       "PEM bundles)",
			       path, CC_MAX_INPUT / 1024 / 1024);
	}
	*data = buf;
	*len = (long)n;
	return CC_SUCCESS;
}

/* Moves the certificates of a signed PKCS#7 into out. */
static bool pkcs7_certs(PKCS7 *p7, STACK_OF(X509) * out)
{
	STACK_OF(X509) *certs = NULL;

	if (PKCS7_type_is_signed(p7) && p7->d.sign)
		certs = p7->d.sign->cert;
	else if (PKCS7_type_is_signedAndEnveloped(p7) &&
		 p7->d.signed_and_enveloped)
		certs = p7->d.signed_and_enveloped->cert;
	for (int i = 0; certs && i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);

		if (!X509_up_ref(x) || !sk_X509_push(out, x))
			return false;
	}
	return true;
}

/* Reads every certificate block of a PEM text; other blocks (keys, CRLs)
 * are passed over. */
static enum cc_err load_pem(struct cc_ctx *ctx, const char *path,
			    const unsigned char *data, long len,
			    STACK_OF(X509) * out, enum cc_format *fmt)
{
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	char *name = NULL, *header = NULL, other[64] = "";
	unsigned char *der = NULL;
	long derlen;
	int block = 0;
	enum cc_err err = CC_SUCCESS;

	if (!bio)
		return cc_fail(ctx, CC_EINTERNAL, "'%s': out of memory", path);
	*fmt = CC_FMT_PEM;
	while (PEM_read_bio(bio, &name, &header, &der, &derlen)) {
		const unsigned char *p = der;
		bool ok = true;

		block++;
		if (!strcmp(name, PEM_STRING_X509) ||
		    !strcmp(name, PEM_STRING_X509_OLD)) {
			X509 *x = d2i_X509(NULL, &p, derlen);

			ok = x && sk_X509_push(out, x);
			if (!ok)
				X509_free(x);
		} else if (!strcmp(name, PEM_STRING_X509_TRUSTED)) {
			X509 *x = d2i_X509_AUX(NULL, &p, derlen);

			ok = x && sk_X509_push(out, x);
			if (!ok)
				X509_free(x);
		} else if (!strcmp(name, PEM_STRING_PKCS7) ||
			   !strcmp(name, PEM_STRING_PKCS7_SIGNED)) {
			PKCS7 *p7 = d2i_PKCS7(NULL, &p, derlen);

			ok = p7 && pkcs7_certs(p7, out);
			PKCS7_free(p7);
			*fmt = CC_FMT_PKCS7;
		} else if (!other[0]) {
			snprintf(other, sizeof(other), "%s", name);
		}
		if (!ok) {
			char why[128];

			cc_ossl_error(why, sizeof(why), "malformed");
			err = cc_fail(
				ctx, CC_EINPUT,
				"'%s': PEM block %d ('%s') is not a valid "
				"certificate: %s",
				path, block, name, why);
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
		name = header = NULL;
		der = NULL;
		if (err)
			break;
	}
	ERR_clear_error(); /* the end of the blocks is "no start line" */
	BIO_free(bio);
	if (!err && sk_X509_num(out) == 0) {
		if (other[0])
			err = cc_fail(ctx, CC_EINPUT,
				      "'%s': no certificate in the PEM file "
				      "(it holds '%s')",
				      path, other);
		else
			err = cc_fail(ctx, CC_EINPUT,
				      "'%s': no certificate in the PEM file",
				      path);
	}
	return err;
}

/* Tries pw, then the empty password both ways PKCS#12 tools write it. */
static const char *p12_password(PKCS12 *p12, const struct cc_secret *pw,
				bool *found)
{
	const char *tries[3];
	size_t n = 0;

	*found = true;
	if (pw && pw->pass)
		tries[n++] = pw->pass;
	tries[n++] = "";
	tries[n++] = NULL;
	if (!PKCS12_mac_present(p12))
		return tries[0];
	for (size_t i = 0; i < n; i++) {
		if (PKCS12_verify_mac(p12, tries[i], tries[i] ? -1 : 0)) {
			ERR_clear_error();
			return tries[i];
		}
	}
	ERR_clear_error();
	*found = false;
	return NULL;
}

/* Loads OpenSSL's legacy provider beside the default one, once; false
 * when it cannot be had.  They stay loaded until OpenSSL's exit handler. */
static bool legacy_loaded(void)
{
	static OSSL_PROVIDER *legacy, *deflt;

	if (legacy)
		return true;
	/* loading one provider stops the default from loading by itself */
	if (!deflt)
		deflt = OSSL_PROVIDER_load(NULL, "default");
	legacy = OSSL_PROVIDER_load(NULL, "legacy");
	ERR_clear_error();
	return legacy != NULL;
}

static enum cc_err load_pkcs12(struct cc_ctx *ctx, const char *path,
			       PKCS12 *p12, const struct cc_secret *pw,
			       STACK_OF(X509) * out, EVP_PKEY **key)
{
	STACK_OF(X509) *ca = NULL;
	X509 *cert = NULL;
	const char *pass;
	bool found;
	char why[128];

	pass = p12_password(p12, pw, &found);
	if (!found) {
		if (pw && pw->pass)
			return cc_fail(ctx, CC_EPASSWORD,
				       "'%s': wrong PKCS#12 password", path);
		return cc_fail(ctx, CC_EPASSWORD,
			       "'%s': the PKCS#12 file is protected by a "
			       "password: give it with --password-file FILE or "
			       "CERTCHECK_PASSWORD",
			       path);
	}
	if (!PKCS12_parse(p12, pass, key, &cert, &ca)) {
		/* RC2-40 and 3DES, as `openssl pkcs12 -legacy` and older
		 * Windows write them: OpenSSL 3 keeps them in its legacy
		 * provider, loaded for this alone */
		ERR_clear_error();
		if (!legacy_loaded())
			return cc_fail(ctx, CC_EINPUT,
				       "'%s': cannot read the PKCS#12: it is "
				       "encrypted with a legacy algorithm "
				       "(RC2 or 3DES?) and OpenSSL's legacy "
				       "provider is not installed",
				       path);
		if (!PKCS12_parse(p12, pass, key, &cert, &ca))
			return cc_fail(
				ctx, CC_EINPUT,
				"'%s': cannot read the PKCS#12: %s", path,
				cc_ossl_error(why, sizeof(why), "malformed"));
	}
	ERR_clear_error();
	if (cert && !sk_X509_push(out, cert))
		X509_free(cert);
	while (ca && sk_X509_num(ca) > 0) {
		X509 *x = sk_X509_shift(ca);

		if (!sk_X509_push(out, x))
			X509_free(x);
	}
	sk_X509_free(ca);
	if (sk_X509_num(out) == 0)
		return cc_fail(ctx, CC_EINPUT,
			       "'%s': the PKCS#12 file holds no certificate",
			       path);
	return CC_SUCCESS;
}

/* DER: a certificate, a PKCS#7 or a PKCS#12, each consuming the whole file */
static enum cc_err load_der(struct cc_ctx *ctx, const char *path,
			    const unsigned char *data, long len,
			    const struct cc_secret *pw, STACK_OF(X509) * out,
			    enum cc_format *fmt, EVP_PKEY **key)
{
	const unsigned char *p = data;
	X509 *x;
	PKCS7 *p7;
	PKCS12 *p12;
	enum cc_err err;

	if ((x = d2i_X509(NULL, &p, len)) && p == data + len) {
		*fmt = CC_FMT_DER;
		if (!sk_X509_push(out, x))
			X509_free(x);
		return CC_SUCCESS;
	}
	X509_free(x);
	p = data;
	if ((p7 = d2i_PKCS7(NULL, &p, len)) && p == data + len) {
		bool ok = pkcs7_certs(p7, out);

		*fmt = CC_FMT_PKCS7;
		PKCS7_free(p7);
		ERR_clear_error();
		if (!ok || sk_X509_num(out) == 0)
			return cc_fail(ctx, CC_EINPUT,
				       "'%s': the PKCS#7 file holds no "
				       "certificate",
				       path);
		return CC_SUCCESS;
	}
	PKCS7_free(p7);
	p = data;
	if ((p12 = d2i_PKCS12(NULL, &p, len)) && p == data + len) {
		*fmt = CC_FMT_PKCS12;
		ERR_clear_error();
		err = load_pkcs12(ctx, path, p12, pw, out, key);
		PKCS12_free(p12);
		return err;
	}
	PKCS12_free(p12);
	ERR_clear_error();
	return cc_fail(
		ctx, CC_EINPUT,
		"'%s': not a PEM, DER, PKCS#7 or PKCS#12 certificate file",
		path);
}

/* The first certificate that issues no other one of the stack. */
static int pick_leaf(STACK_OF(X509) * certs, EVP_PKEY *key)
{
	int n = sk_X509_num(certs);

	for (int i = 0; key && i < n; i++) {
		if (X509_check_private_key(sk_X509_value(certs, i), key)) {
			ERR_clear_error();
			return i;
		}
	}
	ERR_clear_error();
	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(certs, i);
		bool issues = false;

		for (int j = 0; j < n && !issues; j++)
			issues =
				j != i &&
				X509_check_issued(x, sk_X509_value(certs, j)) ==
					X509_V_OK;
		if (!issues)
			return i;
	}
	return 0;
}

/* See header */
enum cc_err cc_certset_load_mem(struct cc_ctx *ctx, struct cc_certset *set,
				const char *name, const unsigned char *data,
				size_t len, enum cc_role role,
				const struct cc_secret *pw, int *leaf)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	EVP_PKEY *key = NULL;
	enum cc_format fmt = CC_FMT_DER;
	enum cc_err err;
	bool one_leaf = role == CC_ROLE_LOCAL || role == CC_ROLE_PEER ||
			role == CC_ROLE_EXPECTED_PEER;
	int pick;

	if (leaf)
		*leaf = -1;
	if (!certs)
		return cc_fail(ctx, CC_EINTERNAL, "out of memory");
	if (!len) {
		err = cc_fail(ctx, CC_EINPUT, "'%s': empty file", name);
		goto out;
	}
	if (memmem(data, len, "-----BEGIN ", 11))
		err = load_pem(ctx, name, data, (long)len, certs, &fmt);
	else
		err = load_der(ctx, name, data, (long)len, pw, certs, &fmt,
			       &key);
	if (err)
		goto out;

	pick = one_leaf ? pick_leaf(certs, key) : -1;
	for (int i = 0; i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);
		enum cc_role r = role;
		EVP_PKEY *k = NULL;
		int idx;

		if (one_leaf && i != pick)
			r = CC_ROLE_UNTRUSTED;
		if (one_leaf && i == pick) {
			k = key; /* handed over with the certificate */
			key = NULL;
		}
		idx = cc_certset_add0(set, x, k, r, fmt, name);
		sk_X509_set(certs, i, NULL);
		if (i == pick && leaf)
			*leaf = idx;
	}
out:
	EVP_PKEY_free(key);
	sk_X509_pop_free(certs, X509_free);
	return err;
}

/* See header */
enum cc_err cc_certset_load(struct cc_ctx *ctx, struct cc_certset *set,
			    const char *path, enum cc_role role,
			    const struct cc_secret *pw, int *leaf)
{
	unsigned char *data = NULL;
	long len = 0;
	enum cc_err err;

	if (leaf)
		*leaf = -1;
	err = read_file(ctx, path, &data, &len);
	if (err)
		return err;
	err = cc_certset_load_mem(ctx, set, path, data, (size_t)len, role, pw,
				  leaf);
	OPENSSL_cleanse(data, (size_t)len); /* may hold a PKCS#12 */
	free(data);
	return err;
}
