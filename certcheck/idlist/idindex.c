/* SPDX-License-Identifier: MIT */
/*
 * idindex.c - see idindex.h.  Every entry is filed under one key that any
 * identity it matches must produce too: a DN entry under one of its exact
 * attribute values (folded as every profile's comparison allows), an
 * email or fqdn under its value or, for "*@domain" and "*.domain", under
 * the suffix.  Entries without such a key (all-wildcard DNs, addresses,
 * unusual wildcards) are tried every time.
 *
 * The table holds 64-bit hashes of the keys, never the keys: two keys of
 * one hash only make more candidates, and every candidate is compared by
 * the caller.  Entries of one key are chained through next[], so that
 * filing an entry allocates nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/obj_mac.h>

#include "idhash.h"
#include "idindex.h"

#define NONE UINT32_MAX

struct bucket {
	uint64_t h;    /* 0: empty */
	uint32_t head; /* the first entry of the key */
};

struct idindex {
	struct bucket *b;
	size_t mask;
	uint32_t *next; /* per entry: the next of its key */
	uint32_t *scan; /* tried every time */
	size_t nscan;
	size_t *stamp; /* per entry: the call that last saw it */
	size_t calls;
};

/* A key's hash: its kind ('d' and the attribute, 'e', 'E', 'f', 'F'),
 * then the value (ASCII-lowercased with fold); never 0. */
static uint64_t key(int kind, int nid, const char *v, bool fold)
{
	unsigned char k[5] = { (unsigned char)kind, (unsigned char)nid,
			       (unsigned char)(nid >> 8),
			       (unsigned char)(nid >> 16),
			       (unsigned char)(nid >> 24) };

	return idhash_str(idhash_bytes(IDHASH_START, k, sizeof(k)), v, fold) |
	       1;
}

/* The key an entry is filed under, or 0: tried every time. */
static uint64_t entry_key(const struct cc_id *e)
{
	const struct cc_ava *pick = NULL;

	switch (e->type) {
	case CC_ID_DN:
		for (size_t r = 0; r < e->dn.n; r++)
			for (size_t a = 0; a < e->dn.rdn[r].n; a++) {
				const struct cc_ava *v = &e->dn.rdn[r].ava[a];

				if (!v->wildcard &&
				    (!pick || v->nid == NID_commonName))
					pick = v;
			}
		return pick ? key('d', pick->nid, pick->folded, false) : 0;
	case CC_ID_EMAIL:
	case CC_ID_FQDN: {
		bool email = e->type == CC_ID_EMAIL;
		const char *v = e->str;

		if (v[0] != '*')
			return key(email ? 'e' : 'f', 0, v, true);
		/* "*@domain", "*.domain": the suffix, when it has no other
		 * '*' and starts where an identity splits */
		if (strchr(v + 1, '*') || v[1] != (email ? '@' : '.'))
			return 0;
		return key(email ? 'E' : 'F', 0, v + 1, true);
	}
	case CC_ID_IP:
		return 0;
	}
	return 0;
}

static struct bucket *slot(const struct idindex *x, uint64_t h)
{
	size_t i = idhash_slot(h, x->mask);

	while (x->b[i].h && x->b[i].h != h)
		i = (i + 1) & x->mask;
	return &x->b[i];
}

/* See idindex.h */
struct idindex *idindex_new(const struct cc_id *const *e, size_t n)
{
	struct idindex *x = cc_xcalloc(1, sizeof(*x));

	for (x->mask = 15; x->mask + 1 < 2 * n; x->mask = x->mask * 2 + 1)
		;
	x->b = cc_xcalloc(x->mask + 1, sizeof(*x->b));
	x->next = cc_xcalloc(n + 1, sizeof(*x->next));
	x->scan = cc_xcalloc(n + 1, sizeof(*x->scan));
	x->stamp = cc_xcalloc(n + 1, sizeof(*x->stamp));
	/* filed last to first, so that each chain runs in entry order */
	for (size_t i = n; i-- > 0;) {
		uint64_t h = entry_key(e[i]);
		struct bucket *b;

		if (!h) {
			x->scan[x->nscan++] = (uint32_t)i;
			continue;
		}
		b = slot(x, h);
		x->next[i] = b->h ? b->head : NONE;
		b->h = h;
		b->head = (uint32_t)i;
	}
	/* the scanned ones in entry order too */
	for (size_t i = 0; i < x->nscan / 2; i++) {
		uint32_t t = x->scan[i];

		x->scan[i] = x->scan[x->nscan - 1 - i];
		x->scan[x->nscan - 1 - i] = t;
	}
	return x;
}

/* See idindex.h */
struct idindex *idindex_new_list(const struct cc_idlist_def *l)
{
	const struct cc_id **e = cc_xcalloc(l->n + 1, sizeof(*e));
	struct idindex *x;

	for (size_t i = 0; i < l->n; i++)
		e[i] = &l->entry[i];
	x = idindex_new(e, l->n);
	free(e);
	return x;
}

/* See idindex.h */
void idindex_free(struct idindex *x)
{
	if (!x)
		return;
	free(x->b);
	free(x->next);
	free(x->scan);
	free(x->stamp);
	free(x);
}

static void emit(struct idindex *x, size_t e,
		 void (*fn)(void *arg, size_t entry), void *arg)
{
	if (x->stamp[e] == x->calls)
		return; /* already given in this call */
	x->stamp[e] = x->calls;
	fn(arg, e);
}

static void lookup(struct idindex *x, uint64_t h,
		   void (*fn)(void *arg, size_t entry), void *arg)
{
	const struct bucket *b = slot(x, h);

	cc_idlist_work_add(1);
	if (!b->h)
		return;
	for (uint32_t i = b->head; i != NONE; i = x->next[i])
		emit(x, i, fn, arg);
}

/* See idindex.h */
void idindex_candidates(struct idindex *x, const struct cc_id *id,
			void (*fn)(void *arg, size_t entry), void *arg)
{
	x->calls++;
	for (size_t i = 0; i < x->nscan; i++)
		emit(x, x->scan[i], fn, arg);
	switch (id->type) {
	case CC_ID_DN:
		for (size_t r = 0; r < id->dn.n; r++)
			for (size_t a = 0; a < id->dn.rdn[r].n; a++) {
				const struct cc_ava *v = &id->dn.rdn[r].ava[a];

				lookup(x, key('d', v->nid, v->folded, false),
				       fn, arg);
			}
		break;
	case CC_ID_EMAIL: {
		const char *at = strrchr(id->str, '@');

		lookup(x, key('e', 0, id->str, true), fn, arg);
		if (at && at > id->str)
			lookup(x, key('E', 0, at, true), fn, arg);
		break;
	}
	case CC_ID_FQDN:
		lookup(x, key('f', 0, id->str, true), fn, arg);
		for (const char *p = strchr(id->str, '.'); p && p > id->str;
		     p = strchr(p + 1, '.'))
			lookup(x, key('F', 0, p, true), fn, arg);
		break;
	case CC_ID_IP:
		break;
	}
}

/* See idindex.h */
void idindex_firsts(const char *const *s, size_t n, bool fold, uint32_t *first)
{
	struct bucket *b;
	size_t mask;

	for (mask = 15; mask + 1 < 2 * n; mask = mask * 2 + 1)
		;
	b = cc_xcalloc(mask + 1, sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		uint64_t h = idhash_str(IDHASH_START, s[i], fold) | 1;
		size_t j = idhash_slot(h, mask);

		cc_idlist_work_add(1);
		/* equal hashes of unequal strings take the next free slot */
		while (b[j].h &&
		       (b[j].h != h || (fold ? strcasecmp(s[b[j].head], s[i])
					     : strcmp(s[b[j].head], s[i]))))
			j = (j + 1) & mask;
		if (!b[j].h) {
			b[j].h = h;
			b[j].head = (uint32_t)i;
		}
		first[i] = b[j].head;
	}
	free(b);
}
