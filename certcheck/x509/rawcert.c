/* SPDX-License-Identifier: MIT */
/*
 * rawcert.c - certificates read for what the report and the ID lists
 * need, streamed: a PEM bundle of 10,000 certificates is read block by
 * block, and of each certificate only the serial, names, validity and
 * extensions are decoded (OpenSSL's DER reader, ASN1_get_object, steps
 * over the rest: the public key is three quarters of a full parse and no
 * ID list needs it).  The certificate kept is light: no X509 object.
 */
#define _DEFAULT_SOURCE /* for timegm() via cc_x509.h */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "cc_cert.h"
#include "cc_dn.h" /* the subject's DN */
#include "rawname.h"
#include "cc_x509.h"

/* The next TLV of [p, end): its content and what follows it. */
static bool tlv(const unsigned char **p, const unsigned char *end, int *tag,
		int *cls, const unsigned char **content, long *clen)
{
	const unsigned char *q = *p;

	if (q >= end ||
	    ASN1_get_object(&q, clen, tag, cls, (long)(end - q)) & 0x80 ||
	    *clen > end - q) {
		ERR_clear_error();
		return false;
	}
	*content = q;
	*p = q + *clen;
	return true;
}

/* The parts of one certificate: what is needed decoded, the rest as
 * views into the DER (ASN1_STRINGs over the bytes, never copied). */
struct parts {
	ASN1_INTEGER serial;		  /* a view */
	const unsigned char *issuer_der;  /* the issuer's DER, in place: */
	long issuer_len;		  /* decoded only when it changes */
	ASN1_TIME not_before, not_after;  /* views */
	const unsigned char *subject_der; /* in place */
	long subject_len;
	X509_NAME *subject; /* decoded only when dn could not be */
	struct cc_dn dn;    /* the common case, read from the DER */
	bool have_dn;
	GENERAL_NAMES *san; /* decoded, or NULL */
	bool ca;	    /* basicConstraints cA */
};

static void parts_free(struct parts *p)
{
	X509_NAME_free(p->subject);
	cc_dn_release(&p->dn);
	GENERAL_NAMES_free(p->san);
}

/* A view of a primitive TLV's content as an ASN1_STRING of type. */
static void view(ASN1_STRING *s, int type, const unsigned char *c, long len)
{
	memset(s, 0, sizeof(*s));
	s->type = type;
	s->data = (unsigned char *)c;
	s->length = (int)len;
}

/* Extensions ::= SEQUENCE OF Extension { extnID, critical, extnValue }:
 * only subjectAltName and basicConstraints are decoded. */
static bool scan_extensions(const unsigned char *p, const unsigned char *end,
			    struct parts *out)
{
	const unsigned char *c, *ec = NULL, *q;
	long clen, elen = 0;
	int tag = 0, cls;

	while (p < end) {
		const unsigned char *e, *eend;
		int nid;

		if (!tlv(&p, end, &tag, &cls, &c, &clen) ||
		    tag != V_ASN1_SEQUENCE)
			return false;
		e = c;
		eend = c + clen;
		q = e;
		/* the OID's encoding against the two wanted (2.5.29.17 and
		 * 2.5.29.19): no object is made for the others */
		if (!tlv(&q, eend, &tag, &cls, &ec, &elen) ||
		    tag != V_ASN1_OBJECT)
			return false;
		if (elen == 3 && !memcmp(ec, "\x55\x1d\x11", 3))
			nid = NID_subject_alt_name;
		else if (elen == 3 && !memcmp(ec, "\x55\x1d\x13", 3))
			nid = NID_basic_constraints;
		else
			continue;
		/* [critical BOOLEAN,] extnValue OCTET STRING */
		while (q < eend && tlv(&q, eend, &tag, &cls, &ec, &elen) &&
		       tag != V_ASN1_OCTET_STRING)
			;
		if (tag != V_ASN1_OCTET_STRING)
			return false;
		if (nid == NID_subject_alt_name && !out->san) {
			const unsigned char *v = ec;

			out->san = d2i_GENERAL_NAMES(NULL, &v, elen);
		} else if (nid == NID_basic_constraints) {
			const unsigned char *v = ec;
			BASIC_CONSTRAINTS *bc =
				d2i_BASIC_CONSTRAINTS(NULL, &v, elen);

			out->ca = bc && bc->ca;
			BASIC_CONSTRAINTS_free(bc);
		}
	}
	return true;
}

static bool decode(const unsigned char *der, long len, struct parts *out)
{
	const unsigned char *p = der, *end = der + len, *c, *tbs_end, *q, *vc;
	long clen, vlen;
	int tag, cls;

	memset(out, 0, sizeof(*out));
	/* Certificate ::= SEQUENCE { tbsCertificate, algorithm, signature } */
	if (!tlv(&p, end, &tag, &cls, &c, &clen) || tag != V_ASN1_SEQUENCE)
		return false;
	p = c;
	if (!tlv(&p, c + clen, &tag, &cls, &c, &clen) || tag != V_ASN1_SEQUENCE)
		return false;
	tbs_end = c + clen;
	p = c;
	q = p;
	if (!tlv(&q, tbs_end, &tag, &cls, &c, &clen))
		return false;
	if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 0)
		p = q; /* [0] version */
	if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen) || tag != V_ASN1_INTEGER)
		goto bad;
	view(&out->serial,
	     clen && (c[0] & 0x80) ? V_ASN1_NEG_INTEGER : V_ASN1_INTEGER, c,
	     clen);
	if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen))
		goto bad; /* the signature algorithm: not needed */
	out->issuer_der = p;
	if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen) || tag != V_ASN1_SEQUENCE)
		goto bad;
	out->issuer_len = (long)(p - out->issuer_der);
	if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen) || tag != V_ASN1_SEQUENCE)
		goto bad;
	q = c; /* validity: two times, viewed */
	if (!tlv(&q, c + clen, &tag, &cls, &vc, &vlen) ||
	    (tag != V_ASN1_UTCTIME && tag != V_ASN1_GENERALIZEDTIME))
		goto bad;
	view(&out->not_before, tag, vc, vlen);
	if (!tlv(&q, c + clen, &tag, &cls, &vc, &vlen) ||
	    (tag != V_ASN1_UTCTIME && tag != V_ASN1_GENERALIZEDTIME))
		goto bad;
	view(&out->not_after, tag, vc, vlen);
	out->subject_der = p;
	if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen) || tag != V_ASN1_SEQUENCE)
		goto bad;
	out->subject_len = (long)(p - out->subject_der);
	/* the common subject without OpenSSL's name object; else with it */
	out->have_dn = rawname_dn(out->subject_der, out->subject_len, &out->dn);
	if (!out->have_dn) {
		q = out->subject_der;
		out->subject = d2i_X509_NAME(NULL, &q, out->subject_len);
		if (!out->subject)
			goto bad;
	}
	/* subjectPublicKeyInfo: stepped over, never decoded */
	if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen))
		goto bad;
	while (p < tbs_end) {
		if (!tlv(&p, tbs_end, &tag, &cls, &c, &clen))
			goto bad;
		if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 3) {
			q = c;
			if (!tlv(&q, c + clen, &tag, &cls, &vc, &vlen) ||
			    !scan_extensions(vc, vc + vlen, out))
				goto bad;
		}
	}
	ERR_clear_error();
	return true;
bad:
	ERR_clear_error();
	parts_free(out);
	return false;
}

/* The light certificate into set; returns its index. */
static int add_light(struct cc_certset *set, const unsigned char *der, long len,
		     struct parts *pt, enum cc_role role, const char *file,
		     char **issuer_cache, unsigned char **last, long *lastlen,
		     bool *last_self)
{
	struct cc_cert *c = cc_cert_new(role, CC_FMT_PEM, file);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	c->subject = pt->have_dn ? rawname_print(&pt->dn)
				 : cc_name_string(pt->subject);
	/* a bundle's certificates mostly share an issuer: decode and print
	 * it only when its DER differs from the last one's */
	if (!*issuer_cache || pt->issuer_len != *lastlen ||
	    memcmp(pt->issuer_der, *last, (size_t)pt->issuer_len)) {
		const unsigned char *q = pt->issuer_der;
		X509_NAME *issuer = d2i_X509_NAME(NULL, &q, pt->issuer_len);

		free(*issuer_cache);
		OPENSSL_free(*last);
		*issuer_cache = issuer ? cc_name_string(issuer)
				       : cc_xstrdup("(unreadable name)");
		*last = OPENSSL_memdup(pt->issuer_der, (size_t)pt->issuer_len);
		*lastlen = pt->issuer_len;
		/* light: self-issued when the two names are the same bytes */
		c->self_signed = issuer && pt->issuer_len == pt->subject_len &&
				 !memcmp(pt->issuer_der, pt->subject_der,
					 (size_t)pt->subject_len);
		*last_self = c->self_signed;
		X509_NAME_free(issuer);
	} else {
		c->self_signed = *last_self;
	}
	c->issuer = cc_xstrdup(*issuer_cache);
	c->serial = cc_serial_hex(&pt->serial);
	c->not_before = cc_asn1_time(&pt->not_before);
	c->not_after = cc_asn1_time(&pt->not_after);
	if (EVP_Digest(der, (size_t)len, md, &mdlen, EVP_sha256(), NULL))
		cc_digest_hex(md, mdlen, c->sha256);
	c->is_ca = pt->ca;
	ERR_clear_error();
	return cc_certset_append(set, cc_cert_pack(c));
}

/* See header */
enum cc_err cc_certset_stream(struct cc_ctx *ctx, struct cc_certset *set,
			      const char *path, enum cc_role role,
			      const struct cc_secret *pw, cc_cert_fn fn,
			      void *arg)
{
	BIO *b = BIO_new_file(path, "rb");
	char *name = NULL, *header = NULL, *issuer_cache = NULL, peek[64];
	unsigned char *der = NULL, *last = NULL;
	long len, lastlen = 0;
	bool last_self = false;
	int block = 0, got = 0, n;
	size_t before = set->n;
	enum cc_err err = CC_SUCCESS;

	if (!b) {
		ERR_clear_error();
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", path,
			       strerror(errno));
	}
	n = BIO_read(b, peek, sizeof(peek) - 1);
	peek[n > 0 ? n : 0] = '\0';
	/* text that is not a CERTIFICATE bundle, and every binary format,
	 * go through the full loader */
	if (n <= 0 || (unsigned char)peek[0] == 0x30 || BIO_seek(b, 0) < 0) {
		BIO_free(b);
		goto full;
	}
	while (PEM_read_bio(b, &name, &header, &der, &len)) {
		struct parts pt;

		block++;
		if (!strcmp(name, PEM_STRING_X509) ||
		    !strcmp(name, PEM_STRING_X509_OLD)) {
			if (!decode(der, len, &pt)) {
				err = cc_fail(
					ctx, CC_EINPUT,
					"'%s': PEM block %d ('%s') is not "
					"a valid certificate",
					path, block, name);
			} else {
				int idx = add_light(set, der, len, &pt, role,
						    path, &issuer_cache, &last,
						    &lastlen, &last_self);

				struct cc_cert_parts parts = {
					pt.subject, pt.have_dn ? &pt.dn : NULL,
					pt.san
				};

				fn(arg, set, idx, &parts);
				parts_free(&pt);
				got++;
			}
		} else if (!strcmp(name, PEM_STRING_PKCS7) ||
			   !strcmp(name, PEM_STRING_X509_TRUSTED)) {
			got = -1; /* a bundle in another form: load it whole */
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
		name = header = NULL;
		der = NULL;
		if (err || got < 0)
			break;
	}
	ERR_clear_error();
	BIO_free(b);
	free(issuer_cache);
	OPENSSL_free(last);
	if (err)
		return err;
	if (got > 0)
		return CC_SUCCESS;
	/* no certificate block read this way: the full loader says why, or
	 * reads what it is (PKCS#7 in PEM, text around a DER...) */
	while (set->n > before)
		cc_cert_free_last(set);
full:
	before = set->n;
	err = cc_certset_load(ctx, set, path, role, pw, NULL);
	for (size_t i = before; !err && i < set->n; i++) {
		X509 *x = set->cert[i]->x509;
		GENERAL_NAMES *san =
			X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);

		struct cc_cert_parts parts = { X509_get_subject_name(x), NULL,
					       san };

		fn(arg, set, (int)i, &parts);
		GENERAL_NAMES_free(san);
		ERR_clear_error();
	}
	return err;
}
