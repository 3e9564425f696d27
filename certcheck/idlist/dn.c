/* SPDX-License-Identifier: MIT */
/*
 * dn.c - distinguished names for ID lists: parsed from doc/idlist.md's text
 * form (RFC 4514 escapes, encoding order, its keywords), taken from a
 * certificate with their string types, and compared the three ways the
 * profiles ask; addresses, prefixes and ranges.
 */
#include <arpa/inet.h>
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

/* Does entry value e accept certificate value c under the profile? */
static bool value_eq(enum cc_profile p, const struct cc_ava *e,
		     const struct cc_ava *c)
{
	if (c->nul)
		return false; /* "a\0b" is no "a": it matches nothing */
	if (e->wildcard)
		return true;
	switch (p) {
	case CC_PROFILE_CLAVISTER:
	case CC_PROFILE_RFC5280:
		return !strcmp(e->folded, c->folded);
	case CC_PROFILE_STRONGSWAN:
		if (e->printable && c->printable)
			return !strcasecmp(e->value, c->value);
		return !strcmp(e->value, c->value);
	}
	return false;
}

/* Do two RDNs match (AVA order inside ignored)?  Adds the wildcards used. */
static bool rdn_eq(enum cc_profile p, const struct cc_rdn *e,
		   const struct cc_rdn *c, int *wc)
{
	bool used[16] = { false };

	if (e->n != c->n || c->n > countof(used))
		return false;
	for (size_t i = 0; i < e->n; i++) {
		bool found = false;

		for (size_t k = 0; k < c->n && !found; k++) {
			if (used[k] || e->ava[i].nid != c->ava[k].nid ||
			    !value_eq(p, &e->ava[i], &c->ava[k]))
				continue;
			used[k] = found = true;
			*wc += e->ava[i].wildcard;
		}
		if (!found)
			return false;
	}
	return true;
}

static void diff_ava(char *diff, size_t len, const struct cc_ava *want,
		     const struct cc_dn *cert)
{
	for (size_t i = 0; i < cert->n; i++)
		for (size_t k = 0; k < cert->rdn[i].n; k++)
			if (cert->rdn[i].ava[k].nid == want->nid) {
				snprintf(diff, len,
					 "%s: certificate has \"%s\"%s, entry "
					 "wants \"%s\"",
					 cc_dn_keyword(want->nid),
					 cert->rdn[i].ava[k].value,
					 cert->rdn[i].ava[k].nul
						 ? " and a NUL byte after it, "
						   "which matches nothing"
						 : "",
					 want->value);
				return;
			}
	snprintf(diff, len, "%s: certificate has none, entry wants \"%s\"",
		 cc_dn_keyword(want->nid), want->value);
}

static int grade(int wc)
{
	int s = CC_MATCH_PERFECT - wc;

	return s < CC_MATCH_MAX_WILDCARDS ? CC_MATCH_MAX_WILDCARDS : s;
}

/* Clavister: every attribute the entry names is in the subject (any of
 * several OUs will do); the others match anything, each a wildcard. */
static int match_clavister(const struct cc_dn *e, const struct cc_dn *c,
			   char *diff, size_t len)
{
	int wc = 0;

	for (size_t i = 0; i < e->n; i++)
		for (size_t k = 0; k < e->rdn[i].n; k++) {
			const struct cc_ava *want = &e->rdn[i].ava[k];
			bool found = false;

			for (size_t j = 0; j < c->n && !found; j++)
				for (size_t m = 0; m < c->rdn[j].n && !found;
				     m++)
					found = c->rdn[j].ava[m].nid ==
							want->nid &&
						value_eq(CC_PROFILE_CLAVISTER,
							 want,
							 &c->rdn[j].ava[m]);
			if (!found) {
				if (diff)
					diff_ava(diff, len, want, c);
				return CC_MATCH_NONE;
			}
			wc += want->wildcard;
		}
	for (size_t j = 0; j < c->n; j++)
		for (size_t m = 0; m < c->rdn[j].n; m++) {
			bool named = false;

			for (size_t i = 0; i < e->n && !named; i++)
				for (size_t k = 0; k < e->rdn[i].n && !named;
				     k++)
					named = e->rdn[i].ava[k].nid ==
						c->rdn[j].ava[m].nid;
			wc += !named;
		}
	return grade(wc);
}

/* strongSwan (strict, reordered, relaxed) and RFC 5280 (strict). */
static int match_ordered(enum cc_profile p, enum cc_rdn_matching mode,
			 const struct cc_dn *e, const struct cc_dn *c,
			 char *diff, size_t len)
{
	bool used[64] = { false };
	int wc = 0;

	if (c->n > countof(used))
		return CC_MATCH_NONE;
	if (mode == CC_RDN_STRICT || mode == CC_RDN_REORDERED) {
		if (e->n != c->n) {
			if (diff)
				snprintf(diff, len,
					 "the certificate's subject has %zu "
					 "RDNs, the entry %zu",
					 c->n, e->n);
			return CC_MATCH_NONE;
		}
	} else if (e->n > c->n) {
		if (diff)
			snprintf(diff, len,
				 "the entry has more RDNs (%zu) than "
				 "the certificate's subject (%zu)",
				 e->n, c->n);
		return CC_MATCH_NONE;
	}
	for (size_t i = 0; i < e->n; i++) {
		bool found = false;

		if (mode == CC_RDN_STRICT) {
			found = rdn_eq(p, &e->rdn[i], &c->rdn[i], &wc);
		} else {
			/* exact RDNs first, so that a wildcard does not take
			 * the one an exact RDN needs */
			for (int pass = 0; pass < 2 && !found; pass++)
				for (size_t k = 0; k < c->n && !found; k++) {
					int w = 0;

					if (used[k] ||
					    !rdn_eq(p, &e->rdn[i], &c->rdn[k],
						    &w) ||
					    (pass == 0 && w))
						continue;
					used[k] = found = true;
					wc += w;
				}
		}
		if (!found) {
			if (diff)
				diff_ava(diff, len, &e->rdn[i].ava[0], c);
			return CC_MATCH_NONE;
		}
	}
	if (mode == CC_RDN_RELAXED)
		wc += (int)(c->n - e->n); /* each extra RDN a wildcard */
	return grade(wc);
}

static unsigned long long work;

/* See cc_idlist.h */
unsigned long long cc_idlist_work(void)
{
	return work;
}

/* See cc_idlist.h */
void cc_idlist_work_add(unsigned n)
{
	work += n;
}

/* See cc_idlist.h: the DN part of cc_id_match() */
int cc_dn_match(enum cc_profile p, enum cc_rdn_matching mode,
		const struct cc_dn *entry, const struct cc_dn *cert, char *diff,
		size_t len)
{
	work++;
	if (p == CC_PROFILE_CLAVISTER)
		return match_clavister(entry, cert, diff, len);
	return match_ordered(p, p == CC_PROFILE_RFC5280 ? CC_RDN_STRICT : mode,
			     entry, cert, diff, len);
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

/* ---- addresses ---- */

static bool parse_addr(const char *s, int *family, unsigned char out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

/* See header */
bool cc_iprange_parse(const char *s, struct cc_iprange *r, char *why,
		      size_t len)
{
	char buf[128], *sep;
	int fam2;

	memset(r, 0, sizeof(*r));
	if (strlen(s) >= sizeof(buf)) {
		snprintf(why, len, "'%s' is not an address", s);
		return false;
	}
	strcpy(buf, s);
	if ((sep = strchr(buf, '/'))) {
		char *end;
		long bits;
		int max;

		*sep = '\0';
		if (!parse_addr(buf, &r->family, r->lo))
			goto bad;
		max = r->family == AF_INET ? 32 : 128;
		bits = strtol(sep + 1, &end, 10);
		if (!sep[1] || *end || bits < 0 || bits > max) {
			snprintf(why, len,
				 "'%s': the prefix length must be 0 "
				 "to %d",
				 s, max);
			return false;
		}
		memcpy(r->hi, r->lo, 16);
		for (int b = (int)bits; b < max; b++) {
			r->lo[b / 8] &= (unsigned char)~(0x80 >> (b % 8));
			r->hi[b / 8] |= (unsigned char)(0x80 >> (b % 8));
		}
		r->single = bits == max;
		r->all = bits == 0;
		return true;
	}
	if ((sep = strchr(buf, '-'))) {
		*sep = '\0';
		if (!parse_addr(buf, &r->family, r->lo) ||
		    !parse_addr(sep + 1, &fam2, r->hi) || fam2 != r->family)
			goto bad;
		if (memcmp(r->lo, r->hi, 16) > 0) {
			snprintf(why, len,
				 "'%s': the range ends before it "
				 "starts",
				 s);
			return false;
		}
		r->single = !memcmp(r->lo, r->hi, 16);
		return true;
	}
	if (!parse_addr(buf, &r->family, r->lo))
		goto bad;
	memcpy(r->hi, r->lo, 16);
	r->single = true;
	return true;
bad:
	snprintf(why, len, "'%s' is not an address, ADDR/BITS or ADDR-ADDR", s);
	return false;
}

/* See header */
bool cc_iprange_contains(const struct cc_iprange *o, const struct cc_iprange *i)
{
	return o->family == i->family && memcmp(o->lo, i->lo, 16) <= 0 &&
	       memcmp(i->hi, o->hi, 16) <= 0;
}
