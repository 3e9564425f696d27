/* SPDX-License-Identifier: MIT */
/*
 * dn.c - distinguished names for ID lists: parsed from doc/idlist.md's text
 * form (RFC 4514 escapes, encoding order, its keywords), taken from a
 * certificate with their string types, and printed (dnmatch.c compares
 * them).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "cc_idlist.h"

static const struct {
	const char *kw;
	int nid;
} keywords[] = {
	{ "C", NID_countryName },
	{ "ST", NID_stateOrProvinceName },
	{ "L", NID_localityName },
	{ "O", NID_organizationName },
	{ "OU", NID_organizationalUnitName },
	{ "CN", NID_commonName },
	{ "E", NID_pkcs9_emailAddress },
	{ "Email", NID_pkcs9_emailAddress },
	{ "emailAddress", NID_pkcs9_emailAddress },
	{ "DC", NID_domainComponent },
	{ "serialNumber", NID_serialNumber },
	{ "SN", NID_surname },
	{ "UID", NID_userId },
	{ "STREET", NID_streetAddress },
	{ "postalCode", NID_postalCode },
	{ "T", NID_title },
	{ "G", NID_givenName },
	{ "I", NID_initials },
	{ "dnQualifier", NID_dnQualifier },
	{ "pseudonym", NID_pseudonym },
};

/* The keyword doc/idlist.md writes for nid ("OU"), or OpenSSL's short name. */
const char *cc_dn_keyword(int nid)
{
	for (size_t i = 0; i < countof(keywords); i++)
		if (keywords[i].nid == nid)
			return keywords[i].kw;
	return OBJ_nid2sn(nid) ? OBJ_nid2sn(nid) : "?";
}

static bool printable_char(unsigned char c)
{
	return isalnum(c) || strchr(" '()+,-./:=?", c);
}

static bool all_printable(const char *s)
{
	for (; *s; s++)
		if (!printable_char((unsigned char)*s))
			return false;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Folds ASCII case and collapses white space (RFC 4518, for the
 * characters gateways meet in practice). */
static void fold(const char *s, char *out, size_t len, bool casefold,
		 bool spaces)
{
	size_t o = 0;
	bool sp = false;

	if (spaces)
		while (isspace((unsigned char)*s))
			s++;
	for (; *s && o + 1 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (spaces && isspace(c)) {
			sp = true;
			continue;
		}
		if (sp && o + 2 < len)
			out[o++] = ' ';
		sp = false;
		out[o++] = (char)(casefold ? tolower(c) : c);
	}
	out[o] = '\0';
}

/* Takes value over (an allocation of size bytes, a NUL byte inside kept);
 * its folded form lives in the same block, after them. */
static void rdn_add(struct cc_rdn *rdn, int nid, char *value, size_t size,
		    bool wildcard)
{
	size_t len = strlen(value) + 1;
	char *folded;

	value = cc_xrealloc(value, size + len);
	folded = value + size;
	fold(value, folded, len, true, true);
	rdn->ava = cc_xrealloc(rdn->ava, (rdn->n + 1) * sizeof(*rdn->ava));
	rdn->ava[rdn->n].nid = nid;
	rdn->ava[rdn->n].value = value;
	rdn->ava[rdn->n].printable = all_printable(value);
	rdn->ava[rdn->n].wildcard = wildcard;
	rdn->ava[rdn->n].nul = false;
	rdn->ava[rdn->n].folded = folded;
	rdn->n++;
}

static struct cc_rdn *dn_new_rdn(struct cc_dn *dn)
{
	dn->rdn = cc_xrealloc(dn->rdn, (dn->n + 1) * sizeof(*dn->rdn));
	memset(&dn->rdn[dn->n], 0, sizeof(dn->rdn[0]));
	return &dn->rdn[dn->n++];
}

/* See header */
void cc_dn_release(struct cc_dn *dn)
{
	for (size_t i = 0; !dn->packed && i < dn->n; i++) {
		for (size_t k = 0; k < dn->rdn[i].n; k++)
			free(dn->rdn[i].ava[k].value); /* and folded */
		free(dn->rdn[i].ava);
	}
	free(dn->rdn);
	memset(dn, 0, sizeof(*dn));
}

_Static_assert(sizeof(struct cc_rdn) % _Alignof(struct cc_ava) == 0,
	       "the AVAs follow the RDNs in a packed DN");

/* An AVA as cc_dn_parse() reads it: its value in the scratch text. */
struct read_ava {
	int nid;
	size_t rdn;	 /* the RDN it belongs to */
	size_t at, size; /* its value: size bytes at scratch + at */
	bool wildcard;	 /* exactly "*", not "\\*" */
};

/*
 * The read AVAs as one allocation: the RDNs, then every AVA, then every
 * value with its folded form after it.  A list of 390,000 entries would
 * otherwise cost some ten allocations an entry, in memory, page faults and
 * frees.
 */
static void pack(const struct read_ava *ra, size_t n, const char *scratch,
		 struct cc_arena *arena, struct cc_dn *dn)
{
	size_t nrdn = n ? ra[n - 1].rdn + 1 : 0, bytes = 0, head;
	struct cc_rdn *r;
	struct cc_ava *a;
	char *block, *v;

	for (size_t i = 0; i < n; i++)
		bytes += ra[i].size + strlen(scratch + ra[i].at) + 1;
	head = nrdn * sizeof(*r) + n * sizeof(*a);
	block = arena ? cc_arena_alloc(arena, head + bytes)
		      : cc_xmalloc(head + bytes);
	r = (struct cc_rdn *)(void *)block;
	a = (struct cc_ava *)(void *)(block + nrdn * sizeof(*r));
	v = block + head;
	memset(r, 0, nrdn * sizeof(*r));
	for (size_t i = 0; i < n; i++, a++) {
		size_t len = strlen(scratch + ra[i].at) + 1;

		if (!r[ra[i].rdn].ava)
			r[ra[i].rdn].ava = a;
		r[ra[i].rdn].n++;
		memcpy(v, scratch + ra[i].at, ra[i].size);
		a->nid = ra[i].nid;
		a->value = v;
		a->folded = v + ra[i].size;
		fold(v, a->folded, len, true, true);
		a->printable = all_printable(v);
		a->wildcard = ra[i].wildcard;
		a->nul = false;
		v += ra[i].size + len;
	}
	dn->rdn = r;
	dn->n = nrdn;
	dn->packed = true;
}

/* See header */
bool cc_dn_parse(const char *s, struct cc_dn *dn, char *why, size_t len)
{
	return cc_dn_parse_in(NULL, s, dn, why, len);
}

/* See header */
bool cc_dn_parse_in(struct cc_arena *arena, const char *s, struct cc_dn *dn,
		    char *why, size_t len)
{
	const char *p = s;
	size_t most = 1, n = 0, used = 0, rdn = 0, need;
	/* room for a usual entry's AVAs and values without an allocation */
	union {
		struct read_ava ra[8];
		char bytes[1024];
	} stack;
	struct read_ava *ra = stack.ra;
	char *val;
	bool ok = false;

	memset(dn, 0, sizeof(*dn));
	while (*p == ' ')
		p++;
	if (!*p) {
		snprintf(why, len, "an empty DN");
		return false;
	}
	/* every AVA has an '=': at most that many, their values no longer
	 * than the text */
	for (const char *q = p; *q; q++)
		most += *q == '=';
	need = most * sizeof(*ra) + strlen(p) + most;
	if (need > sizeof(stack))
		ra = cc_xmalloc(need);
	val = (char *)(ra + most);
	while (*p) {
		char kw[32];
		size_t k = 0, v = used, keep = used;
		int nid = NID_undef;
		bool escaped_star = false;

		while (*p == ' ')
			p++;
		while (*p && *p != '=' && k + 1 < sizeof(kw))
			kw[k++] = *p++;
		while (k && kw[k - 1] == ' ')
			k--;
		kw[k] = '\0';
		if (*p != '=') {
			snprintf(why, len,
				 "'%s' has no '=' (write KEYWORD=VALUE)", kw);
			goto out;
		}
		for (size_t i = 0; i < countof(keywords) && nid == NID_undef;
		     i++)
			if (toupper((unsigned char)kw[0]) ==
				    toupper((unsigned char)keywords[i].kw[0]) &&
			    !strcasecmp(kw, keywords[i].kw))
				nid = keywords[i].nid;
		if (nid == NID_undef) {
			snprintf(why, len, "unknown attribute keyword '%s'",
				 kw);
			goto out;
		}
		p++;
		while (*p == ' ')
			p++;
		if (*p == '#') {
			snprintf(why, len,
				 "hexadecimal values (#...) are not "
				 "supported: write the text");
			goto out;
		}
		while (*p && *p != ',' && *p != '+') {
			if (*p == '\\') {
				int hi = hexval(p[1]),
				    lo = hi >= 0 ? hexval(p[2]) : -1;

				if (hi >= 0 && lo >= 0) {
					val[v++] = (char)(hi * 16 + lo);
					p += 3;
				} else if (p[1] &&
					   strchr(",+\"\\<>;=# *", p[1])) {
					escaped_star |= p[1] == '*';
					val[v++] = p[1];
					p += 2;
				} else {
					snprintf(why, len,
						 "a bad escape '\\%c' in "
						 "the value of %s",
						 p[1] ? p[1] : ' ', kw);
					goto out;
				}
				keep = v; /* escaped: significant */
			} else if (*p == '"' || *p == ';' || *p == '<' ||
				   *p == '>') {
				snprintf(why, len,
					 "'%c' in the value of %s must "
					 "be escaped with '\\'",
					 *p, kw);
				goto out;
			} else {
				val[v++] = *p++;
				if (val[v - 1] != ' ')
					keep = v;
			}
		}
		val[keep] = '\0'; /* unescaped trailing spaces go */
		if (keep == used) {
			snprintf(why, len, "the value of %s is empty", kw);
			goto out;
		}
		ra[n] = (struct read_ava){
			.nid = nid,
			.rdn = rdn,
			.at = used,
			.size = keep - used + 1,
			.wildcard = !escaped_star && !strcmp(val + used, "*"),
		};
		n++;
		used = keep + 1;
		if (*p == '+') {
			p++; /* the same RDN goes on */
		} else if (*p == ',') {
			p++;
			rdn++;
			while (*p == ' ')
				p++;
			if (!*p) {
				snprintf(why, len, "a trailing ','");
				goto out;
			}
		}
	}
	pack(ra, n, val, arena, dn);
	ok = true;
out:
	if (ra != stack.ra)
		free(ra);
	return ok;
}

/* See header */
void cc_dn_builder_init(struct cc_dn_builder *b, struct cc_dn *dn)
{
	memset(dn, 0, sizeof(*dn));
	b->dn = dn;
}

/* See header */
void cc_dn_builder_rdn(struct cc_dn_builder *b)
{
	dn_new_rdn(b->dn);
}

/* See header */
void cc_dn_builder_ava(struct cc_dn_builder *b, int nid, const char *value,
		       size_t len, bool printable)
{
	char *v = cc_xmalloc(len + 1);
	struct cc_rdn *rdn;

	if (!b->dn->n)
		dn_new_rdn(b->dn);
	rdn = &b->dn->rdn[b->dn->n - 1];
	memcpy(v, value, len);
	v[len] = '\0';
	rdn_add(rdn, nid, v, len + 1, false);
	rdn->ava[rdn->n - 1].printable = printable;
	rdn->ava[rdn->n - 1].nul = memchr(value, '\0', len) != NULL;
}

/* See header: cc_dn_from_name() */
void cc_dn_from_name(const X509_NAME *name, struct cc_dn *dn)
{
	int last = -1;
	struct cc_rdn *rdn = NULL;

	memset(dn, 0, sizeof(*dn));
	for (int i = 0; i < X509_NAME_entry_count(name); i++) {
		const X509_NAME_ENTRY *ne = X509_NAME_get_entry(name, i);
		const ASN1_STRING *as = X509_NAME_ENTRY_get_data(ne);
		int type = ASN1_STRING_type(as);
		unsigned char *utf8 = NULL;
		const unsigned char *src;
		int n;
		char *val;
		bool nul;

		if (!rdn || X509_NAME_ENTRY_set(ne) != last)
			rdn = dn_new_rdn(dn);
		last = X509_NAME_ENTRY_set(ne);
		/* these are UTF-8 (or ASCII) as they are: no conversion */
		if (type == V_ASN1_UTF8STRING ||
		    type == V_ASN1_PRINTABLESTRING ||
		    type == V_ASN1_IA5STRING) {
			src = ASN1_STRING_get0_data(as);
			n = ASN1_STRING_length(as);
		} else {
			n = ASN1_STRING_to_UTF8(&utf8, as);
			src = utf8;
		}
		val = cc_xmalloc(n > 0 ? (size_t)n + 1 : 1);
		if (n > 0)
			memcpy(val, src, (size_t)n);
		val[n > 0 ? n : 0] = '\0';
		nul = n > 0 && memchr(val, '\0', (size_t)n) != NULL;
		OPENSSL_free(utf8); /* src with it, when converted */
		rdn_add(rdn, OBJ_obj2nid(X509_NAME_ENTRY_get_object(ne)), val,
			n > 0 ? (size_t)n + 1 : 1, false);
		rdn->ava[rdn->n - 1].printable =
			ASN1_STRING_type(as) == V_ASN1_PRINTABLESTRING;
		rdn->ava[rdn->n - 1].nul = nul;
	}
}

/* The DN as text, encoding order ("C=SE, O=Example, CN=alice"); owned. */
char *cc_dn_text(const struct cc_dn *dn)
{
	size_t cap = 64, n = 0;
	char *s = cc_xmalloc(cap);

	s[0] = '\0';
	for (size_t i = 0; i < dn->n; i++)
		for (size_t k = 0; k < dn->rdn[i].n; k++) {
			const struct cc_ava *a = &dn->rdn[i].ava[k];
			size_t need = n + strlen(a->value) + 32;

			if (need > cap) {
				cap = need * 2;
				s = cc_xrealloc(s, cap);
			}
			n += (size_t)snprintf(s + n, cap - n, "%s%s=%s",
					      n ? (k ? "+" : ", ") : "",
					      cc_dn_keyword(a->nid), a->value);
		}
	return s;
}
