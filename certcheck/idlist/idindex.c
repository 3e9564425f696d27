/* SPDX-License-Identifier: MIT */
/*
 * idindex.c - see idindex.h.  Every entry is filed under one key that any
 * identity it matches must produce too: a DN entry under one of its exact
 * attribute values (folded as every profile's comparison allows), an
 * email or fqdn under its value or, for "*@domain" and "*.domain", under
 * the suffix.  Entries without such a key (all-wildcard DNs, addresses,
 * unusual wildcards) are tried every time.  The table is OpenSSL's LHASH.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/lhash.h>
#include <openssl/obj_mac.h>

#include "idindex.h"

typedef struct idkey {
	char *key;		/* owned: "d13=alice", "e:a@b", "E:@b" ... */
	size_t *entry;		/* owned */
	size_t n;
} IDKEY;

DEFINE_LHASH_OF(IDKEY);

struct idindex {
	LHASH_OF(IDKEY) *h;
	size_t *scan;		/* tried every time */
	size_t nscan;
	size_t *stamp;		/* per entry: the call that last saw it */
	size_t calls;
	size_t nentries;
};

static unsigned long key_hash(const IDKEY *k)
{
	return OPENSSL_LH_strhash(k->key);
}

static int key_cmp(const IDKEY *a, const IDKEY *b)
{
	return strcmp(a->key, b->key);
}

static char *lower(const char *prefix, const char *s)
{
	char *k = cc_xasprintf("%s%s", prefix, s);

	for (char *p = k + strlen(prefix); *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

/* "d<nid>=" into buf (room for 16); returns its length. */
static size_t dn_key_prefix(char *buf, int nid)
{
	char digits[12];
	size_t n = 0, k = 0;
	unsigned v = (unsigned)nid;

	do
		digits[k++] = (char)('0' + v % 10);
	while ((v /= 10) && k < sizeof(digits));
	buf[n++] = 'd';
	while (k)
		buf[n++] = digits[--k];
	buf[n++] = '=';
	return n;
}

/* The key an entry is filed under, or NULL: tried every time. */
static char *entry_key(const struct cc_id *e)
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
		if (pick) {
			char prefix[16];
			size_t n = dn_key_prefix(prefix, pick->nid);

			prefix[n] = '\0';
			return cc_xasprintf("%s%s", prefix, pick->folded);
		}
		return NULL;
	case CC_ID_EMAIL:
	case CC_ID_FQDN: {
		bool email = e->type == CC_ID_EMAIL;
		const char *v = e->str;

		if (v[0] != '*')
			return lower(email ? "e:" : "f:", v);
		/* "*@domain", "*.domain": the suffix, when it has no other
		 * '*' and starts where an identity splits */
		if (strchr(v + 1, '*') || v[1] != (email ? '@' : '.'))
			return NULL;
		return lower(email ? "E:" : "F:", v + 1);
	}
	case CC_ID_IP:
		return NULL;
	}
	return NULL;
}

/* See idindex.h */
struct idindex *idindex_new(const struct cc_id *const *e, size_t n)
{
	struct idindex *x = cc_xcalloc(1, sizeof(*x));

	x->h = lh_IDKEY_new(key_hash, key_cmp);
	x->scan = cc_xcalloc(n + 1, sizeof(*x->scan));
	x->stamp = cc_xcalloc(n + 1, sizeof(*x->stamp));
	x->nentries = n;
	for (size_t i = 0; i < n; i++) {
		IDKEY probe, *k;

		probe.key = entry_key(e[i]);
		if (!probe.key || !x->h) {
			free(probe.key);
			x->scan[x->nscan++] = i;
			continue;
		}
		k = lh_IDKEY_retrieve(x->h, &probe);
		if (!k) {
			k = cc_xcalloc(1, sizeof(*k));
			k->key = probe.key;
			lh_IDKEY_insert(x->h, k);
		} else {
			free(probe.key);
		}
		k->entry = cc_xrealloc(k->entry, (k->n + 1) * sizeof(*k->entry));
		k->entry[k->n++] = i;
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

static void key_free(IDKEY *k)
{
	free(k->key);
	free(k->entry);
	free(k);
}

/* See idindex.h */
void idindex_free(struct idindex *x)
{
	if (!x)
		return;
	if (x->h) {
		lh_IDKEY_doall(x->h, key_free);
		lh_IDKEY_free(x->h);
	}
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

static void lookup(struct idindex *x, const char *key,
		   void (*fn)(void *arg, size_t entry), void *arg)
{
	IDKEY probe = { .key = (char *)key }, *k;

	cc_idlist_work_add(1);
	k = x->h ? lh_IDKEY_retrieve(x->h, &probe) : NULL;
	for (size_t i = 0; k && i < k->n; i++)
		emit(x, k->entry[i], fn, arg);
}

/* prefix + s lowercased into buf (truncated keys match nothing longer) */
static const char *key_in(char *buf, size_t len, const char *prefix,
			  const char *s)
{
	size_t n = (size_t)snprintf(buf, len, "%s%s", prefix, s);

	for (size_t i = strlen(prefix); i < n && i < len; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	return buf;
}

/* See idindex.h */
void idindex_candidates(struct idindex *x, const struct cc_id *id,
			void (*fn)(void *arg, size_t entry), void *arg)
{
	char key[512];

	x->calls++;
	for (size_t i = 0; i < x->nscan; i++)
		emit(x, x->scan[i], fn, arg);
	switch (id->type) {
	case CC_ID_DN:
		for (size_t r = 0; r < id->dn.n; r++)
			for (size_t a = 0; a < id->dn.rdn[r].n; a++) {
				const struct cc_ava *v = &id->dn.rdn[r].ava[a];
				size_t n = dn_key_prefix(key, v->nid),
				       vl = strlen(v->folded);

				if (n + vl + 1 > sizeof(key))
					continue; /* longer than any entry's */
				memcpy(key + n, v->folded, vl + 1);
				lookup(x, key, fn, arg);
			}
		break;
	case CC_ID_EMAIL: {
		const char *at = strrchr(id->str, '@');

		lookup(x, key_in(key, sizeof(key), "e:", id->str), fn, arg);
		if (at && at > id->str)
			lookup(x, key_in(key, sizeof(key), "E:", at), fn, arg);
		break;
	}
	case CC_ID_FQDN:
		lookup(x, key_in(key, sizeof(key), "f:", id->str), fn, arg);
		for (const char *p = strchr(id->str, '.'); p && p > id->str;
		     p = strchr(p + 1, '.'))
			lookup(x, key_in(key, sizeof(key), "F:", p), fn, arg);
		break;
	case CC_ID_IP:
		break;
	}
}
