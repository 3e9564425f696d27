/* SPDX-License-Identifier: MIT */
/*
 * rawcrl.c - a CRL read in one pass over its DER, without decoding it
 * whole: a CRL of a million entries is 40 MB, and OpenSSL's d2i_X509_CRL()
 * needs about eight times that and sorts every entry on the first lookup.
 * Only what the report shows is decoded: the header (issuer, times,
 * algorithm, extensions) and the one entry that matches.  OpenSSL's own
 * DER reader (ASN1_get_object) walks the rest; no ASN.1 decoder is
 * written here.
 */
#define _GNU_SOURCE /* for memmem() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "crl_private.h"

/* One TLV: p at its header, *content and *clen its content, *next after
 * it.  false on a malformed or overlong element. */
static bool tlv(const unsigned char *p, const unsigned char *end, int *tag,
		int *cls, bool *constructed, const unsigned char **content,
		long *clen, const unsigned char **next)
{
	const unsigned char *q = p;
	long len;
	int ret;

	if (p >= end)
		return false;
	ret = ASN1_get_object(&q, &len, tag, cls, (long)(end - p));
	if (ret & 0x80 || len < 0 || len > end - q) {
		ERR_clear_error();
		return false;
	}
	*constructed = ret & V_ASN1_CONSTRUCTED;
	*content = q;
	*clen = len;
	*next = q + len;
	return true;
}

#define TLV(p, end) tlv(p, end, &tag, &cls, &cons, &c, &clen, &next)

/* See crl_private.h */
void rawcrl_free(struct rawcrl *r)
{
	if (!r)
		return;
	X509_NAME_free(r->issuer);
	ASN1_TIME_free(r->this_update);
	ASN1_TIME_free(r->next_update);
	X509_ALGOR_free(r->sigalg);
	ASN1_BIT_STRING_free(r->sig);
	sk_X509_EXTENSION_pop_free(r->exts, X509_EXTENSION_free);
	X509_CRL_free(r->crl);
	free(r->owned);
	free(r);
}

/* PEM to DER, when the text holds a CRL block. */
static unsigned char *from_pem(const unsigned char *p, size_t n, long *len)
{
	BIO *b = BIO_new_mem_buf(p, n > 0x7fffffff ? 0x7fffffff : (int)n);
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL, *out = NULL;

	while (b && PEM_read_bio(b, &name, &header, &der, len)) {
		bool crl = !strcmp(name, PEM_STRING_X509_CRL);

		OPENSSL_free(name);
		OPENSSL_free(header);
		if (crl) {
			out = cc_xmalloc((size_t)*len);
			memcpy(out, der, (size_t)*len);
			OPENSSL_free(der);
			break;
		}
		OPENSSL_free(der);
		name = header = NULL;
		der = NULL;
	}
	ERR_clear_error();
	BIO_free(b);
	return out;
}

/* See crl_private.h */
struct rawcrl *rawcrl_parse(const unsigned char *p, size_t n, bool copy,
			    bool *pem, char *why, size_t len)
{
	struct rawcrl *r = cc_xcalloc(1, sizeof(*r));
	const unsigned char *end, *c, *next, *tbs_end, *q;
	long clen;
	int tag, cls;
	bool cons;

	/* DER starts with a SEQUENCE; only text is searched for PEM */
	*pem = n > 10 && p[0] != (V_ASN1_SEQUENCE | V_ASN1_CONSTRUCTED) &&
	       memmem(p, n, "-----BEGIN X509 CRL-----", 24);
	if (*pem) {
		long dlen = 0;

		r->owned = from_pem(p, n, &dlen);
		if (!r->owned) {
			snprintf(why, len,
				 "no valid X509 CRL block in the PEM");
			goto bad;
		}
		r->der = r->owned;
		r->len = (size_t)dlen;
	} else if (copy) {
		r->owned = cc_xmalloc(n ? n : 1);
		memcpy(r->owned, p, n);
		r->der = r->owned;
		r->len = n;
	} else {
		r->der = p;
		r->len = n;
	}
	end = r->der + r->len;
	/* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm,
	 *                                signatureValue } */
	if (!TLV(r->der, end) || tag != V_ASN1_SEQUENCE || !cons) {
		snprintf(why, len, "not a DER or PEM CRL");
		goto bad;
	}
	if (next != end) {
		snprintf(why, len, "%zu bytes of trailing data after the CRL",
			 (size_t)(end - next));
		goto bad;
	}
	end = next;
	r->tbs = c;
	if (!TLV(r->tbs, end) || tag != V_ASN1_SEQUENCE || !cons)
		goto malformed;
	r->tbslen = (size_t)(next - r->tbs);
	tbs_end = next;
	q = next; /* signatureAlgorithm, signatureValue */
	r->sigalg = d2i_X509_ALGOR(NULL, &q, end - q);
	r->sig = r->sigalg ? d2i_ASN1_BIT_STRING(NULL, &q, end - q) : NULL;
	if (!r->sig || q != end)
		goto malformed;

	/* tbsCertList */
	q = c;
	if (!TLV(q, tbs_end))
		goto malformed;
	if (tag == V_ASN1_INTEGER && cls == V_ASN1_UNIVERSAL)
		q = next; /* version v2 */
	{
		X509_ALGOR *inner = d2i_X509_ALGOR(NULL, &q, tbs_end - q);
		bool same = inner && !X509_ALGOR_cmp(inner, r->sigalg);

		X509_ALGOR_free(inner);
		if (!same) {
			snprintf(why, len,
				 "the signature algorithm inside the "
				 "CRL differs from the one outside");
			goto bad;
		}
	}
	r->issuer = d2i_X509_NAME(NULL, &q, tbs_end - q);
	r->this_update =
		r->issuer ? d2i_ASN1_TIME(NULL, &q, tbs_end - q) : NULL;
	if (!r->this_update)
		goto malformed;
	if (q < tbs_end && TLV(q, tbs_end) && cls == V_ASN1_UNIVERSAL &&
	    (tag == V_ASN1_UTCTIME || tag == V_ASN1_GENERALIZEDTIME)) {
		r->next_update = d2i_ASN1_TIME(NULL, &q, tbs_end - q);
		if (!r->next_update)
			goto malformed;
	}
	if (q < tbs_end && TLV(q, tbs_end) && cls == V_ASN1_UNIVERSAL &&
	    tag == V_ASN1_SEQUENCE) {
		r->revoked = c; /* walked by rawcrl_scan(), never decoded */
		r->revoked_len = (size_t)clen;
		q = next;
	}
	if (q < tbs_end) {
		/* crlExtensions [0] EXPLICIT Extensions */
		if (!TLV(q, tbs_end) || cls != V_ASN1_CONTEXT_SPECIFIC ||
		    tag != 0)
			goto malformed;
		q = c;
		r->exts = d2i_X509_EXTENSIONS(NULL, &q, clen);
		if (!r->exts || q != next)
			goto malformed;
		q = next;
	}
	if (q != tbs_end)
		goto malformed;
	ERR_clear_error();
	return r;
malformed:
	snprintf(why, len, "a malformed CRL");
bad:
	ERR_clear_error();
	rawcrl_free(r);
	return NULL;
}

/* See crl_private.h */
bool rawcrl_verify(const struct rawcrl *r, EVP_PKEY *key)
{
	int nid = OBJ_obj2nid(r->sigalg->algorithm), mdnid = NID_undef,
	    pknid = NID_undef;
	EVP_MD_CTX *m;
	const EVP_MD *md = NULL;
	bool ok;

	if (!key)
		return false;
	if (nid == NID_rsassaPss || !OBJ_find_sigid_algs(nid, &mdnid, &pknid)) {
		/* parameters or an unknown algorithm: OpenSSL's way, on the
		 * CRL decoded whole (when it can be) */
		X509_CRL *crl = rawcrl_get0_crl((struct rawcrl *)r);

		ok = crl && X509_CRL_verify(crl, key) == 1;
		ERR_clear_error();
		return ok;
	}
	if (mdnid != NID_undef && !(md = EVP_get_digestbynid(mdnid)))
		return false;
	m = EVP_MD_CTX_new();
	ok = m && EVP_DigestVerifyInit(m, NULL, md, NULL, key) == 1 &&
	     EVP_DigestVerify(m, ASN1_STRING_get0_data(r->sig),
			      (size_t)ASN1_STRING_length(r->sig), r->tbs,
			      r->tbslen) == 1;
	EVP_MD_CTX_free(m);
	ERR_clear_error();
	return ok;
}

/* Is any extension of the raw Extensions content critical and unknown? */
static bool raw_unknown_critical(const unsigned char *p,
				 const unsigned char *end)
{
	static const int known[] = { NID_crl_reason, NID_invalidity_date,
				     NID_certificate_issuer };
	const unsigned char *c, *next, *e, *ec, *en;
	long clen, elen;
	int tag, cls;
	bool cons;

	/* SEQUENCE OF Extension { extnID, critical BOOLEAN DEFAULT FALSE,
	 *                         extnValue } */
	while (p < end && TLV(p, end)) {
		const unsigned char *oid, *after;
		long oidlen;

		p = next;
		e = c;
		en = c + clen;
		if (!tlv(e, en, &tag, &cls, &cons, &ec, &elen, &after) ||
		    tag != V_ASN1_OBJECT)
			return true; /* malformed: not to be trusted */
		oid = e;
		oidlen = (long)(after - e);
		if (tlv(after, en, &tag, &cls, &cons, &ec, &elen, &next) &&
		    tag == V_ASN1_BOOLEAN && elen == 1 && ec[0]) {
			const unsigned char *o = oid;
			ASN1_OBJECT *obj = d2i_ASN1_OBJECT(NULL, &o, oidlen);
			int nid = obj ? OBJ_obj2nid(obj) : NID_undef;
			bool ok = false;

			ASN1_OBJECT_free(obj);
			for (size_t k = 0; k < countof(known) && !ok; k++)
				ok = known[k] == nid;
			if (!ok)
				return true;
		}
	}
	return false;
}

/* See crl_private.h */
void rawcrl_scan(const struct rawcrl *r, const ASN1_INTEGER *serial,
		 struct rawcrl_scan *out)
{
	unsigned char *want = NULL;
	/* a CRL without entries has no list at all */
	const unsigned char *p = r->revoked,
			    *end = p ? p + r->revoked_len : NULL;
	const unsigned char *c, *next, *sc, *snext;
	long clen, slen;
	int tag, cls, wantlen = serial ? i2d_ASN1_INTEGER(serial, &want) : 0;
	bool cons;

	memset(out, 0, sizeof(out[0]));
	if (wantlen <= 0)
		wantlen = 0;
	/* revokedCertificates: SEQUENCE OF SEQUENCE { userCertificate
	 * INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL } */
	while (p && p < end) {
		const unsigned char *entry = p;

		if (!TLV(p, end) || tag != V_ASN1_SEQUENCE) {
			out->malformed = true;
			break;
		}
		p = next;
		out->entries++;
		if (!tlv(c, c + clen, &tag, &cls, &cons, &sc, &slen, &snext) ||
		    tag != V_ASN1_INTEGER) {
			out->malformed = true;
			break;
		}
		/* extensions after the date: a critical one holds the DER
		 * BOOLEAN TRUE (01 01 ff), which no serial end, time or
		 * non-critical extension of this shape has: only then are
		 * they read one by one */
		if (memmem(snext, (size_t)(c + clen - snext), "\x01\x01\xff",
			   3)) {
			const unsigned char *dc, *dnext;
			long dlen;

			if (tlv(snext, c + clen, &tag, &cls, &cons, &dc, &dlen,
				&dnext) &&
			    dnext < c + clen) {
				const unsigned char *xc, *xnext;
				long xlen;

				if (tlv(dnext, c + clen, &tag, &cls, &cons, &xc,
					&xlen, &xnext) &&
				    raw_unknown_critical(xc, xc + xlen))
					out->unknown_critical = true;
			}
		}
		if (!out->found && snext - c == wantlen &&
		    !memcmp(c, want, (size_t)wantlen)) {
			const unsigned char *q = entry;

			out->found = d2i_X509_REVOKED(NULL, &q, next - entry);
			ERR_clear_error();
		}
	}
	OPENSSL_free(want);
}

/* See crl_private.h */
X509_CRL *rawcrl_get0_crl(struct rawcrl *r)
{
	const unsigned char *q = r->der;

	if (!r->crl)
		r->crl = d2i_X509_CRL(NULL, &q, (long)r->len);
	ERR_clear_error();
	return r->crl;
}
