/* SPDX-License-Identifier: MIT */
/*
 * cert.c - struct cc_cert and the certificate set: the strings, dates and
 * digests the report prints, computed once when a certificate is loaded.
 */
#define _DEFAULT_SOURCE /* for timegm() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_cert.h"
#include "cc_x509.h"

static const char *const role_names[] = {
	[CC_ROLE_LOCAL] = "local",
	[CC_ROLE_PEER] = "peer",
	[CC_ROLE_EXPECTED_PEER] = "expected-peer",
	[CC_ROLE_CA] = "ca",
	[CC_ROLE_PEER_CA] = "peer-ca",
	[CC_ROLE_UNTRUSTED] = "untrusted",
	[CC_ROLE_USER] = "user",
};
_Static_assert(countof(role_names) == CC_ROLE_COUNT, "role names");

/* See header */
const char *cc_role_name(enum cc_role role)
{
	return (size_t)role < countof(role_names) ? role_names[role] : "?";
}

/* See header */
const char *cc_format_name(enum cc_format fmt)
{
	switch (fmt) {
	case CC_FMT_PEM:
		return "PEM";
	case CC_FMT_DER:
		return "DER";
	case CC_FMT_PKCS7:
		return "PKCS#7";
	case CC_FMT_PKCS12:
		return "PKCS#12";
	}
	return "?";
}

/* The name's bytes as a C string: a NUL inside a value (which no name
 * should hold) becomes the text "\\x00" instead of ending the string. */
static char *nul_safe(const char *p, size_t n)
{
	char *s = cc_xmalloc(n * 4 + 1), *o = s;

	for (size_t i = 0; i < n; i++) {
		if (p[i]) {
			*o++ = p[i];
		} else {
			memcpy(o, "\\x00", 4);
			o += 4;
		}
	}
	*o = '\0';
	return s;
}

/* See cc_x509.h */
char *cc_name_string(const X509_NAME *name)
{
	/* RFC 4514 escaping in the encoding order, ", " between RDNs: the
	 * way OpenSSL and strongSwan print a subject (doc/idlist.md); control
	 * bytes stay as they are, for the report's one escaping (cc_escape()
	 * in text, the exact value in JSON) */
	const unsigned long flags =
		((XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK & ~XN_FLAG_DN_REV) |
		 XN_FLAG_SEP_CPLUS_SPC) &
		~ASN1_STRFLGS_ESC_MSB & ~ASN1_STRFLGS_ESC_CTRL;
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *s;
	long n;

	if (!b || X509_NAME_print_ex(b, name, 0, flags) < 0) {
		BIO_free(b);
		ERR_clear_error();
		return cc_xstrdup("(unprintable name)");
	}
	n = BIO_get_mem_data(b, &data);
	s = nul_safe(data, n > 0 ? (size_t)n : 0);
	BIO_free(b);
	return s;
}

/* See cc_x509.h */
time_t cc_asn1_time(const ASN1_TIME *t)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

/* See cc_x509.h */
char *cc_key_id(const ASN1_OCTET_STRING *id)
{
	return id ? cc_hex(ASN1_STRING_get0_data(id),
			   (size_t)ASN1_STRING_length(id), ":")
		  : NULL;
}

/* See cc_x509.h */
char *cc_hex(const unsigned char *p, size_t n, const char *sep)
{
	static const char digits[] = "0123456789abcdef";
	size_t seplen = strlen(sep);
	char *s = cc_xmalloc(n * (2 + seplen) + 1), *o = s;

	for (size_t i = 0; i < n; i++) {
		if (i && seplen) {
			memcpy(o, sep, seplen);
			o += seplen;
		}
		*o++ = digits[p[i] >> 4];
		*o++ = digits[p[i] & 15];
	}
	*o = '\0';
	return s;
}

/* See cc_x509.h */
char *cc_serial_hex(const ASN1_INTEGER *serial)
{
	/* BN_bn2hex()'s form: whole bytes, no leading zero bytes, lowercase */
	const unsigned char *d = ASN1_STRING_get0_data(serial);
	int n = ASN1_STRING_length(serial);
	bool neg = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER;
	char *hex, *s;

	while (n > 1 && !*d) {
		d++;
		n--;
	}
	hex = cc_hex(d, n > 0 ? (size_t)n : 0, "");
	s = neg				      ? cc_xasprintf("-%s", hex)
	    : (!strcmp(hex, "00") || !hex[0]) ? cc_xstrdup("0")
					      : cc_xstrdup(hex);
	free(hex);
	return s;
}

/* See header */
void cc_certset_init(struct cc_certset *set)
{
	memset(set, 0, sizeof(*set));
}

static void cert_free(struct cc_cert *c)
{
	X509_free(c->x509);
	EVP_PKEY_free(c->key);
	if (!c->packed) {
		free(c->file);
		free(c->subject);
		free(c->issuer);
		free(c->serial);
	}
	free(c);
}

/* See header */
void cc_cert_free_last(struct cc_certset *set)
{
	if (set->n)
		cert_free(set->cert[--set->n]);
}

/* See header */
void cc_certset_release(struct cc_certset *set)
{
	for (size_t i = 0; i < set->n; i++)
		cert_free(set->cert[i]);
	free(set->cert);
	cc_certset_init(set);
}

/* See cc_x509.h */
struct cc_cert *cc_cert_new(enum cc_role role, enum cc_format fmt,
			    const char *file)
{
	struct cc_cert *c = cc_xcalloc(1, sizeof(*c));

	c->role = role;
	c->format = fmt;
	c->file = cc_xstrdup(file);
	return c;
}

/* See cc_x509.h */
struct cc_cert *cc_cert_pack(struct cc_cert *c)
{
	char *src[] = { c->file, c->subject, c->issuer, c->serial }, *dst[4];
	size_t len[4], size = sizeof(*c);
	struct cc_cert *p;
	char *at;

	for (size_t i = 0; i < countof(src); i++)
		size += (len[i] = strlen(src[i]) + 1);
	p = cc_xmalloc(size);
	*p = *c;
	at = (char *)(p + 1);
	for (size_t i = 0; i < countof(src); i++) {
		dst[i] = memcpy(at, src[i], len[i]);
		at += len[i];
		free(src[i]);
	}
	p->file = dst[0];
	p->subject = dst[1];
	p->issuer = dst[2];
	p->serial = dst[3];
	p->packed = true;
	free(c);
	return p;
}

/* See cc_x509.h */
int cc_certset_append(struct cc_certset *set, struct cc_cert *c)
{
	cc_grow(&set->cert, &set->cap, set->n + 1, sizeof(*set->cert));
	set->cert[set->n] = c;
	return (int)set->n++;
}

/* See cc_x509.h */
void cc_digest_hex(const unsigned char *md, unsigned int mdlen, char out[65])
{
	char *hex = cc_hex(md, mdlen, "");

	snprintf(out, 65, "%s", hex);
	free(hex);
}

/* See header */
int cc_certset_add0(struct cc_certset *set, X509 *x509, EVP_PKEY *key,
		    enum cc_role role, enum cc_format fmt, const char *file)
{
	struct cc_cert *c = cc_cert_new(role, fmt, file);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	c->x509 = x509;
	c->key = key;
	c->subject = cc_name_string(X509_get_subject_name(x509));
	c->issuer = cc_name_string(X509_get_issuer_name(x509));
	c->serial = cc_serial_hex(X509_get0_serialNumber(x509));
	c->not_before = cc_asn1_time(X509_get0_notBefore(x509));
	c->not_after = cc_asn1_time(X509_get0_notAfter(x509));
	if (!X509_digest(x509, EVP_sha256(), md, &mdlen))
		ERR_clear_error();
	cc_digest_hex(md, mdlen, c->sha256);
	/* X509_self_signed() also computes the extension flags used below */
	c->self_signed = X509_self_signed(x509, 1) == 1;
	c->is_ca = (X509_get_extension_flags(x509) & EXFLAG_CA) != 0;
	ERR_clear_error();
	return cc_certset_append(set, c);
}

/* See header */
int cc_certset_find(const struct cc_certset *set, const X509 *x509)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->cert[i]->x509 &&
		    X509_cmp(set->cert[i]->x509, x509) == 0)
			return (int)i;
	return -1;
}

/* See cc_x509.h */
bool cc_malformed_extension(X509 *x, char *name, size_t len)
{
	if (!(X509_get_extension_flags(x) & EXFLAG_INVALID))
		return false;
	snprintf(name, len,
		 "(an extension given twice, or inconsistent "
		 "ones)");
	for (int i = 0; i < X509_get_ext_count(x); i++) {
		X509_EXTENSION *e = X509_get_ext(x, i);
		const X509V3_EXT_METHOD *m = X509V3_EXT_get(e);
		void *v;

		if (!m)
			continue; /* unknown to OpenSSL: not judged here */
		v = X509V3_EXT_d2i(e);
		if (!v) {
			int nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));

			snprintf(name, len, "%s", OBJ_nid2sn(nid));
			break;
		}
		if (m->it)
			ASN1_item_free(v, ASN1_ITEM_ptr(m->it));
		else
			m->ext_free(v);
	}
	ERR_clear_error();
	return true;
}

/* See cc_x509.h */
bool cc_inherits_dsa_parameters(X509 *x)
{
	X509_PUBKEY *pub = X509_get_X509_PUBKEY(x);
	ASN1_OBJECT *alg = NULL;
	X509_ALGOR *a = NULL;
	int ptype = V_ASN1_UNDEF;

	if (!pub || !X509_PUBKEY_get0_param(&alg, NULL, NULL, &a, pub) ||
	    OBJ_obj2nid(alg) != NID_dsa)
		return false;
	X509_ALGOR_get0(NULL, &ptype, NULL, a);
	return ptype == V_ASN1_UNDEF || ptype == V_ASN1_NULL;
}

/* The bytes of s escaped, as "KIND value". */
static char *nul_what(const char *kind, const ASN1_STRING *s)
{
	char *e = cc_escape_bytes(ASN1_STRING_get0_data(s),
				  (size_t)ASN1_STRING_length(s));
	char *w = cc_xasprintf("%s %s", kind, e);

	free(e);
	return w;
}

static bool has_nul(const ASN1_STRING *s)
{
	return s && memchr(ASN1_STRING_get0_data(s), '\0',
			   (size_t)ASN1_STRING_length(s)) != NULL;
}

/* See cc_x509.h */
char *cc_embedded_nul(X509 *x)
{
	const X509_NAME *n = X509_get_subject_name(x);
	GENERAL_NAMES *gens;
	char *what = NULL;

	for (int i = 0; !what && i < X509_NAME_entry_count(n); i++) {
		const X509_NAME_ENTRY *ne = X509_NAME_get_entry(n, i);
		const ASN1_STRING *v = X509_NAME_ENTRY_get_data(ne);

		if (has_nul(v))
			what = nul_what(
				OBJ_nid2sn(OBJ_obj2nid(
					X509_NAME_ENTRY_get_object(ne))),
				v);
	}
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; !what && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		if (g->type == GEN_DNS && has_nul(g->d.dNSName))
			what = nul_what("dNSName", g->d.dNSName);
		else if (g->type == GEN_EMAIL && has_nul(g->d.rfc822Name))
			what = nul_what("rfc822Name", g->d.rfc822Name);
		else if (g->type == GEN_URI &&
			 has_nul(g->d.uniformResourceIdentifier))
			what = nul_what("URI", g->d.uniformResourceIdentifier);
		else if (g->type == GEN_OTHERNAME &&
			 g->d.otherName->value->type == V_ASN1_UTF8STRING &&
			 has_nul(g->d.otherName->value->value.utf8string))
			what = nul_what(
				"otherName",
				g->d.otherName->value->value.utf8string);
	}
	GENERAL_NAMES_free(gens);
	ERR_clear_error();
	return what;
}
