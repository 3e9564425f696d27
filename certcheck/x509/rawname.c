/* SPDX-License-Identifier: MIT */
/*
 * rawname.c - see rawname.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "rawname.h"

/* The attribute types taken this way: 2.5.4.x by its last arc, and the
 * three outside that arc by their whole encoding. */
static int attr_nid(const unsigned char *oid, long len)
{
	static const struct {
		const char *der;
		long len;
		int nid;
	} other[] = {
		{ "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01", 9,
		  NID_pkcs9_emailAddress },
		{ "\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19", 10,
		  NID_domainComponent },
		{ "\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x01", 10, NID_userId },
	};
	static const int x500[][2] = {
		{ 3, NID_commonName },
		{ 4, NID_surname },
		{ 5, NID_serialNumber },
		{ 6, NID_countryName },
		{ 7, NID_localityName },
		{ 8, NID_stateOrProvinceName },
		{ 9, NID_streetAddress },
		{ 10, NID_organizationName },
		{ 11, NID_organizationalUnitName },
		{ 12, NID_title },
		{ 17, NID_postalCode },
		{ 42, NID_givenName },
		{ 43, NID_initials },
		{ 46, NID_dnQualifier },
		{ 65, NID_pseudonym },
	};

	if (len == 3 && oid[0] == 0x55 && oid[1] == 0x04) {
		for (size_t i = 0; i < countof(x500); i++)
			if (oid[2] == x500[i][0])
				return x500[i][1];
		return NID_undef;
	}
	for (size_t i = 0; i < countof(other); i++)
		if (len == other[i].len &&
		    !memcmp(oid, other[i].der, (size_t)len))
			return other[i].nid;
	return NID_undef;
}

static bool next(const unsigned char **p, const unsigned char *end, int *tag,
		 const unsigned char **c, long *clen)
{
	const unsigned char *q = *p;
	int cls;

	if (q >= end ||
	    ASN1_get_object(&q, clen, tag, &cls, (long)(end - q)) & 0x80 ||
	    *clen > end - q || cls != V_ASN1_UNIVERSAL) {
		ERR_clear_error();
		return false;
	}
	*c = q;
	*p = q + *clen;
	return true;
}

/* See rawname.h */
bool rawname_dn(const unsigned char *der, long len, struct cc_dn *dn)
{
	const unsigned char *p = der, *end = der + len, *c, *rdn_end;
	long clen;
	int tag;
	struct cc_dn out = { 0 };
	struct cc_dn_builder b;

	memset(dn, 0, sizeof(*dn));
	cc_dn_builder_init(&b, &out);
	/* Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AVA) */
	if (!next(&p, end, &tag, &c, &clen) || tag != V_ASN1_SEQUENCE ||
	    p != end)
		goto no;
	p = c;
	end = c + clen;
	while (p < end) {
		if (!next(&p, end, &tag, &c, &clen) || tag != V_ASN1_SET)
			goto no;
		rdn_end = c + clen;
		cc_dn_builder_rdn(&b);
		for (const unsigned char *q = c; q < rdn_end;) {
			const unsigned char *a, *o, *v, *ae;
			long alen, olen, vlen;
			int vtag, nid;

			if (!next(&q, rdn_end, &tag, &a, &alen) ||
			    tag != V_ASN1_SEQUENCE)
				goto no;
			ae = a + alen;
			if (!next(&a, ae, &tag, &o, &olen) ||
			    tag != V_ASN1_OBJECT ||
			    (nid = attr_nid(o, olen)) == NID_undef ||
			    !next(&a, ae, &vtag, &v, &vlen) || a != ae)
				goto no;
			if (vtag != V_ASN1_UTF8STRING &&
			    vtag != V_ASN1_PRINTABLESTRING &&
			    vtag != V_ASN1_IA5STRING)
				goto no;
			/* printable ASCII only: OpenSSL prints anything else
			 * in ways this file does not repeat */
			for (long k = 0; k < vlen; k++)
				if (v[k] < 0x20 || v[k] > 0x7e)
					goto no;
			cc_dn_builder_ava(&b, nid, (const char *)v,
					  (size_t)vlen,
					  vtag == V_ASN1_PRINTABLESTRING);
		}
	}
	*dn = out;
	return true;
no:
	cc_dn_release(&out);
	return false;
}

/* See rawname.h */
char *rawname_print(const struct cc_dn *dn)
{
	size_t cap = 128, n = 0;
	char *s = cc_xmalloc(cap);

	for (size_t i = 0; i < dn->n; i++)
		for (size_t k = 0; k < dn->rdn[i].n; k++) {
			const struct cc_ava *a = &dn->rdn[i].ava[k];
			const char *sn = OBJ_nid2sn(a->nid);
			size_t vl = strlen(a->value);

			/* worst case: every byte escaped, plus the separators */
			cc_grow(&s, &cap, n + strlen(sn) + 2 * vl + 8, 1);
			if (i || k) {
				memcpy(s + n, k ? " + " : ", ", k ? 3 : 2);
				n += k ? 3 : 2;
			}
			n += (size_t)sprintf(s + n, "%s=", sn);
			for (size_t j = 0; j < vl; j++) {
				char ch = a->value[j];

				/* RFC 4514's specials anywhere; '#' and ' '
				 * first, ' ' last (OpenSSL's ESC_2253) */
				if (strchr("\"+,;<>\\", ch) ||
				    (j == 0 && (ch == '#' || ch == ' ')) ||
				    (j + 1 == vl && ch == ' '))
					s[n++] = '\\';
				s[n++] = ch;
			}
		}
	s[n] = '\0';
	return s;
}
