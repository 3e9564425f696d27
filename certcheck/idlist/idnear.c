/* SPDX-License-Identifier: MIT */
/*
 * idnear.c - see idnear.h.
 *
 * The score of an entry is the share of its DN attributes the subject has,
 * each attribute alone (a wildcard: the subject has the attribute at all).
 * Entries are grouped by the attribute types they name (C, O, OU, CN ...,
 * sorted), so that inside a group the positions line up and every entry
 * has the same number of them.  Each entry is filed under every non-empty
 * subset of its positions with its values there: the table keeps, per
 * (group, subset, values), the earliest entry.  For a subject, the largest
 * subset whose values it can supply names the group's best entries, and
 * the earliest of the keys of that size its earliest best: a handful of
 * lookups per group, whatever the list's length.
 *
 * Keys are 64-bit hashes; the entry found is checked against the values,
 * and a collision (or a subject with too many values to enumerate) falls
 * back to scoring every entry, so the answer is always idnear_scan()'s.
 * Entries with more than MAX_POS attributes, or past the table's budget,
 * are scored every time, as are the groups past MAX_GROUPS.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idhash.h"
#include "idnear.h"

#define MAX_POS 8 /* 255 keys per entry */
#define MAX_GROUPS 64
#define MAX_KEYS (1u << 21) /* table slots: 2^22 of 12 bytes */
#define MAX_PROBES 4096	    /* lookups for one subject */
#define NONE UINT32_MAX

struct pos {
	int nid;
	const struct cc_ava *ava;
};

struct group {
	int nid[MAX_POS];
	unsigned k;
	unsigned wild; /* positions some entry has '*' at */
};

struct slot {
	uint64_t h;
	uint32_t ord;
} __attribute__((packed));

struct near_entry {
	int list, entry;
	int group;		 /* -1: scored every time */
	struct pos pos[MAX_POS]; /* sorted by nid, then value */
};

/* How many certificates are scanned before the index is built. */
#define NEAR_SCANS 8

struct idnear {
	const struct cc_idconf *conf;
	bool built;
	unsigned finds;	      /* idnear_find()s so far */
	struct near_entry *e; /* every entry, in list order */
	size_t n;
	struct group group[MAX_GROUPS];
	size_t ngroups;
	struct slot *slot; /* open addressing, ord NONE: empty */
	size_t mask;
	size_t keys;
	uint32_t *scan; /* entries scored every time */
	size_t nscan;
	uint32_t first; /* the first entry scoring at all */
};

/* See idnear.h */
void idnear_share(const struct cc_id *en, const struct cc_dn *dn, int *have,
		  int *total)
{
	*have = 0;
	*total = 1;
	if (en->type != CC_ID_DN || !dn)
		return;
	*total = 0;
	for (size_t r = 0; r < en->dn.n; r++)
		for (size_t a = 0; a < en->dn.rdn[r].n; a++) {
			struct cc_rdn rdn = { &en->dn.rdn[r].ava[a], 1 };
			struct cc_dn one = { &rdn, 1, false };

			++*total;
			*have += cc_dn_match(CC_PROFILE_CLAVISTER, 0, &one, dn,
					     NULL, 0) > 0;
		}
	cc_idlist_work_add(1);
}

/* Is (have, ord) better than the best so far (score *best, ord *at)? */
static bool better(int have, int total, uint32_t ord, int *best, uint32_t *at)
{
	int score;

	if (!total)
		return false;
	score = have * 100 / total;
	if (score < *best || (score == *best && ord >= *at))
		return false;
	*best = score;
	*at = ord;
	return true;
}

static void locate(const struct cc_idconf *conf, uint32_t ord, int *list,
		   int *entry)
{
	for (size_t l = 0; l < conf->nlists; l++) {
		if (ord < conf->list[l].n) {
			*list = (int)l;
			*entry = (int)ord;
			return;
		}
		ord -= (uint32_t)conf->list[l].n;
	}
	*list = *entry = -1;
}

/* See idnear.h */
void idnear_scan(const struct cc_idconf *conf, const struct cc_dn *dn,
		 int *list, int *entry)
{
	int best = -1;
	uint32_t at = NONE, ord = 0;

	for (size_t l = 0; l < conf->nlists; l++)
		for (size_t e = 0; e < conf->list[l].n; e++, ord++) {
			int have, total;

			idnear_share(&conf->list[l].entry[e], dn, &have,
				     &total);
			better(have, total, ord, &best, &at);
		}
	locate(conf, at, list, entry);
}

/* See idnear.h */
size_t idnear_first_best(const struct cc_id *e, size_t n,
			 const struct cc_dn *dn)
{
	int best = -1;
	uint32_t at = NONE;

	for (size_t i = 0; i < n; i++) {
		int have, total;

		idnear_share(&e[i], dn, &have, &total);
		better(have, total, (uint32_t)i, &best, &at);
	}
	return at == NONE ? n : at;
}

/* ---- the table ---- */

/* A position's value in a key: a wildcard is "\1", never a folded value's
 * first byte (folding keeps no control characters in front). */
static const char *key_value(const struct cc_ava *a)
{
	return a->wildcard ? "\1" : a->folded;
}

/* A value's own hash, then a key's from its group, its subset of positions
 * and their values' hashes: a subject's values are hashed once, not once
 * per key they are part of. */
static uint64_t value_hash(const char *v)
{
	return idhash_str(IDHASH_START, v, false);
}

static uint64_t key_hash(int group, unsigned subset, const uint64_t *hv,
			 unsigned k)
{
	uint64_t h = IDHASH_START;

	h = idhash_bytes(h, &group, sizeof(group));
	h = idhash_bytes(h, &subset, sizeof(subset));
	for (unsigned j = 0; j < k; j++)
		if (subset & (1u << j))
			h = (h ^ hv[j]) * 0x100000001b3ULL;
	return h | 1; /* never 0 */
}

static struct slot *probe(struct idnear *x, uint64_t h)
{
	size_t i = idhash_slot(h, x->mask);

	while (x->slot[i].ord != NONE && x->slot[i].h != h)
		i = (i + 1) & x->mask;
	return &x->slot[i];
}

static int pos_cmp(const void *a, const void *b)
{
	const struct pos *p = a, *q = b;

	if (p->nid != q->nid)
		return p->nid < q->nid ? -1 : 1;
	return strcmp(key_value(p->ava), key_value(q->ava));
}

/* The group of entry e's positions, made if new; -1 when full. */
static int group_of(struct idnear *x, const struct near_entry *e, unsigned k)
{
	for (size_t g = 0; g < x->ngroups; g++) {
		bool same = x->group[g].k == k;

		for (unsigned j = 0; same && j < k; j++)
			same = x->group[g].nid[j] == e->pos[j].nid;
		if (same)
			return (int)g;
	}
	if (x->ngroups == MAX_GROUPS)
		return -1;
	x->group[x->ngroups].k = k;
	for (unsigned j = 0; j < k; j++)
		x->group[x->ngroups].nid[j] = e->pos[j].nid;
	return (int)x->ngroups++;
}

static unsigned npos(const struct near_entry *e, const struct cc_idconf *conf)
{
	const struct cc_id *en = &conf->list[e->list].entry[e->entry];
	unsigned k = 0;

	for (size_t r = 0; r < en->dn.n; r++)
		k += (unsigned)en->dn.rdn[r].n;
	return k;
}

static void file_entry(struct idnear *x, uint32_t ord)
{
	struct near_entry *e = &x->e[ord];
	const struct cc_id *en = &x->conf->list[e->list].entry[e->entry];
	uint64_t hv[MAX_POS];
	unsigned k = 0, full;

	e->group = -1;
	if (en->type != CC_ID_DN)
		return; /* scores 0 against any subject: never better */
	k = npos(e, x->conf);
	if (!k)
		return; /* no attribute: no score at all */
	if (k > MAX_POS || x->keys + (1u << k) > MAX_KEYS)
		goto scan;
	k = 0;
	for (size_t r = 0; r < en->dn.n; r++)
		for (size_t a = 0; a < en->dn.rdn[r].n; a++)
			e->pos[k++] = (struct pos){ en->dn.rdn[r].ava[a].nid,
						    &en->dn.rdn[r].ava[a] };
	qsort(e->pos, k, sizeof(*e->pos), pos_cmp);
	if ((e->group = group_of(x, e, k)) < 0)
		goto scan;
	for (unsigned j = 0; j < k; j++) {
		hv[j] = value_hash(key_value(e->pos[j].ava));
		if (e->pos[j].ava->wildcard)
			x->group[e->group].wild |= 1u << j;
	}
	full = (1u << k) - 1;
	for (unsigned s = 1; s <= full; s++) {
		uint64_t h = key_hash(e->group, s, hv, k);
		struct slot *sl = probe(x, h);

		if (sl->ord == NONE) {
			/* the earliest entry keeps the key */
			sl->h = h;
			sl->ord = ord;
			x->keys++;
		}
	}
	return;
scan:
	e->group = -1;
	x->scan[x->nscan++] = ord;
}

static void build(struct idnear *x)
{
	const struct cc_idconf *conf = x->conf;
	size_t want = 0;
	uint32_t ord = 0;

	x->built = true;
	for (size_t l = 0; l < conf->nlists; l++)
		x->n += conf->list[l].n;
	x->e = cc_xcalloc(x->n + 1, sizeof(*x->e));
	x->scan = cc_xcalloc(x->n + 1, sizeof(*x->scan));
	x->first = NONE;
	for (size_t l = 0; l < conf->nlists; l++)
		for (size_t e = 0; e < conf->list[l].n; e++, ord++) {
			x->e[ord].list = (int)l;
			x->e[ord].entry = (int)e;
			if (conf->list[l].entry[e].type == CC_ID_DN) {
				unsigned k = npos(&x->e[ord], conf);

				if (k <= MAX_POS)
					want += (1u << k) - 1;
			}
		}
	if (want > MAX_KEYS)
		want = MAX_KEYS;
	for (x->mask = 15; x->mask + 1 < want * 2; x->mask = x->mask * 2 + 1)
		;
	x->slot = cc_xmalloc((x->mask + 1) * sizeof(*x->slot));
	for (size_t i = 0; i <= x->mask; i++)
		x->slot[i].ord = NONE;
	for (uint32_t i = 0; i < x->n; i++)
		file_entry(x, i);
}

/* See idnear.h */
struct idnear *idnear_new(const struct cc_idconf *conf)
{
	struct idnear *x = cc_xcalloc(1, sizeof(*x));

	x->conf = conf;
	return x;
}

/* See idnear.h */
void idnear_free(struct idnear *x)
{
	if (!x)
		return;
	free(x->e);
	free(x->scan);
	free(x->slot);
	free(x);
}

/* ---- the search ---- */

/* The subject's values of one attribute type: the comparable ones (a
 * value with a NUL byte matches nothing), then the wildcard's "\1". */
struct values {
	const char *v[16];
	uint64_t h[16]; /* their value_hash() */
	unsigned n;
};

static bool values_of(const struct cc_dn *dn, int nid, bool wild,
		      struct values *out)
{
	out->n = 0;
	for (size_t r = 0; r < dn->n; r++)
		for (size_t a = 0; a < dn->rdn[r].n; a++) {
			const struct cc_ava *c = &dn->rdn[r].ava[a];

			if (c->nid != nid || c->nul)
				continue;
			if (out->n == countof(out->v) - 1)
				return false; /* more than the table enumerates */
			out->h[out->n] = value_hash(c->folded);
			out->v[out->n++] = c->folded;
		}
	/* the wildcard, where an entry of the group has one */
	if (out->n && wild) {
		out->h[out->n] = value_hash("\1");
		out->v[out->n++] = "\1";
	}
	return true;
}

struct search {
	struct idnear *x;
	int group;
	unsigned k;
	struct values *opt; /* per position */
	unsigned probes;
	bool give_up;	/* a collision, or too many values */
	uint32_t found; /* the earliest entry at this size */
};

/* Does entry ord have values v on the positions of subset s? */
static bool holds(const struct near_entry *e, unsigned s, const char *const *v,
		  unsigned k)
{
	for (unsigned j = 0; j < k; j++)
		if ((s & (1u << j)) && strcmp(key_value(e->pos[j].ava), v[j]))
			return false;
	return true;
}

/* Every choice of the subject's values on subset s, position j onwards
 * (values v, their hashes hv). */
static void choose(struct search *q, unsigned s, unsigned j, const char **v,
		   uint64_t *hv)
{
	const struct slot *sl;
	uint64_t h;

	if (q->give_up)
		return;
	if (j == q->k) {
		if (++q->probes > MAX_PROBES) {
			q->give_up = true;
			return;
		}
		cc_idlist_work_add(1);
		h = key_hash(q->group, s, hv, q->k);
		sl = probe(q->x, h);
		if (sl->ord == NONE)
			return;
		if (!holds(&q->x->e[sl->ord], s, v, q->k))
			q->give_up = true; /* two keys, one hash */
		else if (sl->ord < q->found)
			q->found = sl->ord;
		return;
	}
	if (!(s & (1u << j))) {
		v[j] = "";
		hv[j] = 0;
		choose(q, s, j + 1, v, hv);
		return;
	}
	for (unsigned i = 0; i < q->opt[j].n; i++) {
		v[j] = q->opt[j].v[i];
		hv[j] = q->opt[j].h[i];
		choose(q, s, j + 1, v, hv);
	}
}

/* The group's best entry against dn: false when the table cannot say. */
static bool group_best(struct idnear *x, int g, const struct cc_dn *dn,
		       int *best, uint32_t *at, unsigned *probes)
{
	const struct group *gr = &x->group[g];
	struct values opt[MAX_POS];
	struct search q = { x, g, gr->k, opt, *probes, false, NONE };
	const char *v[MAX_POS];
	uint64_t hv[MAX_POS];
	unsigned have = 0, can_have = 0;

	for (unsigned j = 0; j < gr->k; j++) {
		if (!values_of(dn, gr->nid[j], gr->wild & (1u << j), &opt[j]))
			return false;
		can_have += opt[j].n > 0;
	}
	if (*best >= 0 && (int)(can_have * 100 / gr->k) < *best)
		return true; /* cannot beat what another group has */
	/* from the most the subject can share, while that can still win */
	for (unsigned size = can_have;
	     size > 0 && q.found == NONE && (int)(size * 100 / gr->k) >= *best;
	     size--)
		for (unsigned s = 1; s < (1u << gr->k); s++) {
			bool can = (unsigned)__builtin_popcount(s) == size;

			for (unsigned j = 0; can && j < gr->k; j++)
				can = !(s & (1u << j)) || opt[j].n;
			if (can)
				choose(&q, s, 0, v, hv);
			if (q.give_up)
				return false;
			have = size;
		}
	*probes = q.probes;
	if (q.found != NONE)
		better((int)have, (int)gr->k, q.found, best, at);
	return true;
}

/* See idnear.h */
void idnear_find(struct idnear *x, const struct cc_dn *dn, int *list,
		 int *entry)
{
	int best = -1;
	uint32_t at = NONE;
	unsigned probes = 0;

	/* the index pays for itself only over many certificates: the first
	 * few are scanned (a list of 390,000 entries: 8 scans take what
	 * building its index takes, and the index holds 400 bytes an entry) */
	if (!x->built && x->finds++ < NEAR_SCANS) {
		idnear_scan(x->conf, dn, list, entry);
		return;
	}
	if (!x->built)
		build(x);
	if (!dn) {
		/* every entry scores 0 of 1: the first */
		locate(x->conf, x->n ? 0 : NONE, list, entry);
		return;
	}
	if (x->first == NONE)
		for (uint32_t i = 0; i < x->n && x->first == NONE; i++) {
			const struct cc_id *en = &x->conf->list[x->e[i].list]
							  .entry[x->e[i].entry];

			if (en->type != CC_ID_DN || npos(&x->e[i], x->conf))
				x->first = i; /* 0 of 1 or better */
		}
	for (size_t g = 0; g < x->ngroups; g++)
		if (!group_best(x, (int)g, dn, &best, &at, &probes)) {
			idnear_scan(x->conf, dn, list, entry);
			return;
		}
	/* the ungrouped, and the first entry for a subject sharing nothing */
	for (size_t i = 0; i <= x->nscan; i++) {
		uint32_t ord = i < x->nscan ? x->scan[i] : x->first;
		int have, total;

		if (ord == NONE)
			continue;
		idnear_share(
			&x->conf->list[x->e[ord].list].entry[x->e[ord].entry],
			dn, &have, &total);
		better(have, total, ord, &best, &at);
	}
	locate(x->conf, at, list, entry);
}
