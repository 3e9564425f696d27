/* SPDX-License-Identifier: MIT */
/*
 * dnmatch.c - an ID-list entry's DN against a certificate's, the three
 * ways the profiles ask (doc/gateway-profiles.md): Clavister's any order,
 * strongSwan's strict, reordered or relaxed RDNs with its case rule, RFC
 * 5280's strict comparison; with what differs, for the closest entry.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cc_idlist.h"

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
