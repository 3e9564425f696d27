/* SPDX-License-Identifier: MIT */
/*
 * idshadow.c - tunnels and entries an earlier tunnel shadows, computed
 * from the entries themselves (doc/idlist.md): an earlier tunnel whose remote
 * contains the later one's and that accepts every identity it accepts
 * (under strongSwan's best-score rule, scoring at least as high); and the
 * lists' other flaws, entries given twice and entries no certificate used.
 */
#define _GNU_SOURCE /* memrchr */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cc_report.h"
#include "idindex.h"
#include "idshadow.h"

/* See idshadow.h */
bool idshadow_covers(const struct cc_idconf *conf, const struct cc_id *a,
		     const struct cc_id *b)
{
	cc_idlist_work_add(1);
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case CC_ID_DN:
		/* b's values as a certificate's: a wildcard of b is only
		 * covered by a wildcard of a */
		for (size_t r = 0; r < b->dn.n; r++)
			for (size_t k = 0; k < b->dn.rdn[r].n; k++)
				if (b->dn.rdn[r].ava[k].wildcard) {
					bool ok = false;

					for (size_t r2 = 0; r2 < a->dn.n; r2++)
						for (size_t k2 = 0;
						     k2 < a->dn.rdn[r2].n; k2++)
							if (a->dn.rdn[r2]
								    .ava[k2]
								    .nid ==
							    b->dn.rdn[r]
								    .ava[k]
								    .nid)
								ok = a->dn.rdn[r2]
									     .ava[k2]
									     .wildcard;
					if (!ok &&
					    conf->profile ==
						    CC_PROFILE_CLAVISTER) {
						/* a not naming it also covers */
						bool named = false;

						for (size_t r2 = 0;
						     r2 < a->dn.n; r2++)
							for (size_t k2 = 0;
							     k2 <
							     a->dn.rdn[r2].n;
							     k2++)
								named |=
									a->dn.rdn[r2]
										.ava[k2]
										.nid ==
									b->dn.rdn[r]
										.ava[k]
										.nid;
						ok = !named;
					}
					if (!ok)
						return false;
				}
		return cc_dn_match(conf->profile, conf->rdn, &a->dn, &b->dn,
				   NULL, 0) > 0;
	case CC_ID_EMAIL:
	case CC_ID_FQDN: {
		struct cc_id x = *b;

		if (!strcmp(a->str, "*"))
			return true;
		if (b->str[0] == '*' && b->str[1] != '*') {
			/* b's whole family: a must be a wildcard over it */
			size_t la = strlen(a->str), lb = strlen(b->str);

			return a->str[0] == '*' && a->str[1] != '*' &&
			       lb >= la &&
			       !strcasecmp(b->str + lb - (la - 1), a->str + 1);
		}
		return cc_id_match(conf, a, &x, NULL, 0) > 0;
	}
	case CC_ID_IP:
		return cc_iprange_contains(&a->ip, &b->ip);
	}
	return false;
}

/* See idshadow.h */
int idshadow_self_score(const struct cc_id *e)
{
	int wc = 0;

	switch (e->type) {
	case CC_ID_DN:
		for (size_t r = 0; r < e->dn.n; r++)
			for (size_t k = 0; k < e->dn.rdn[r].n; k++)
				wc += e->dn.rdn[r].ava[k].wildcard;
		return wc ? CC_MATCH_PERFECT - wc : CC_MATCH_PERFECT;
	case CC_ID_EMAIL:
	case CC_ID_FQDN:
		return !strcmp(e->str, "*") ? CC_MATCH_ANY
		       : e->str[0] == '*'   ? CC_MATCH_ONE_WILDCARD
					    : CC_MATCH_PERFECT;
	case CC_ID_IP:
		return e->ip.single ? CC_MATCH_PERFECT
		       : e->ip.all  ? CC_MATCH_MAX_WILDCARDS
				    : CC_MATCH_ONE_WILDCARD;
	}
	return CC_MATCH_NONE;
}

/*
 * Who shadows whom, without trying every pair.  Entries of equal text are
 * one "content"; an index over the contents (idindex.h) gives, for an
 * entry y, the few contents that may cover it; each content knows the
 * tunnels whose lists hold it, in order.  A tunnel without a list shadows
 * by its remote alone: the first such tunnel with any remote, the first
 * per single address, and those with ranges are kept apart.
 */
struct content {
	const struct cc_id *id; /* its first entry */
	uint32_t *tunnel;	/* the tunnels holding it, ascending */
	size_t ntunnels;
};

struct shadows {
	const struct cc_idconf *conf;
	bool ss; /* strongSwan's best-score rule */
	struct content *c;
	size_t nc;
	uint32_t *content_of;  /* flat entry -> its content */
	size_t *off;	       /* list l's entries from off[l] */
	struct idindex *idx;   /* over the contents */
	uint32_t *open_ranged; /* list-less, remote a range */
	size_t nopen_ranged;
	struct open_single {
		const struct cc_iprange *r;
		uint32_t t;
	} * open_single; /* list-less, one address: sorted */
	size_t nopen_single;
	uint32_t first_open_all; /* list-less with remote "any" */
	/* the search for one entry */
	const struct cc_id *y;
	uint32_t t, best;
	uint32_t *stamp; /* per content: the search that saw it */
	uint32_t search;
};

#define NONE UINT32_MAX

/* Does tunnel a's remote contain tunnel b's? */
static bool remote_covers(const struct cc_idconf *conf, uint32_t a, uint32_t b)
{
	const struct cc_tunnel *ta = &conf->tunnel[a], *tb = &conf->tunnel[b];

	cc_idlist_work_add(1);
	return ta->remote.all ||
	       (!tb->remote.all &&
		cc_iprange_contains(&ta->remote, &tb->remote));
}

static int single_cmp(const void *a, const void *b)
{
	const struct open_single *p = a, *q = b;
	int c = p->r->family - q->r->family;

	if (!c)
		c = memcmp(p->r->lo, q->r->lo, 16);
	return c ? c : (p->t > q->t) - (p->t < q->t);
}

/* The first tunnel without a list before t whose remote contains t's. */
static uint32_t first_open(const struct shadows *s, uint32_t t)
{
	const struct cc_iprange *r = &s->conf->tunnel[t].remote;
	uint32_t best = s->first_open_all < t ? s->first_open_all : NONE;

	if (r->single && !r->all) {
		/* the earliest with this very address */
		size_t lo = 0, hi = s->nopen_single;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			const struct cc_iprange *m = s->open_single[mid].r;
			int c = m->family - r->family;

			cc_idlist_work_add(1);
			if (!c)
				c = memcmp(m->lo, r->lo, 16);
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < s->nopen_single &&
		    s->open_single[lo].r->family == r->family &&
		    !memcmp(s->open_single[lo].r->lo, r->lo, 16) &&
		    s->open_single[lo].t < t && s->open_single[lo].t < best)
			best = s->open_single[lo].t;
	}
	for (size_t i = 0; i < s->nopen_ranged; i++) {
		uint32_t a = s->open_ranged[i];

		if (a >= t || a >= best)
			break;
		if (remote_covers(s->conf, a, t))
			best = a;
	}
	return best;
}

/* One content that may cover the entry searched for. */
static void try_content(void *arg, size_t ci)
{
	struct shadows *s = arg;
	const struct content *c = &s->c[ci];
	uint32_t limit = s->best < s->t ? s->best : s->t;

	if (s->stamp[ci] == s->search || !c->ntunnels || c->tunnel[0] >= limit)
		return;
	s->stamp[ci] = s->search;
	if (!idshadow_covers(s->conf, c->id, s->y) ||
	    (s->ss && idshadow_self_score(c->id) < idshadow_self_score(s->y)))
		return;
	for (size_t i = 0; i < c->ntunnels && c->tunnel[i] < limit; i++)
		if (remote_covers(s->conf, c->tunnel[i], s->t)) {
			s->best = c->tunnel[i];
			return;
		}
}

/* The earlier tunnel that shadows tunnel t's entry e, or -1. */
static int entry_shadowed_by(struct shadows *s, uint32_t t, size_t e)
{
	const struct cc_tunnel *b = &s->conf->tunnel[t];

	s->y = &s->conf->list[b->list].entry[e];
	s->t = t;
	/* under strongSwan a tunnel without a list (score 1) shadows no
	 * entry */
	s->best = s->ss ? NONE : first_open(s, t);
	s->search++;
	idindex_candidates(s->idx, s->y, try_content, s);
	return s->best == NONE ? -1 : (int)s->best;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void shadows_init(struct shadows *s, const struct cc_idconf *conf)
{
	size_t n = 0;
	const struct cc_id **flat, **rep;
	const char **text;
	uint32_t *first;
	size_t *uses; /* per list: the tunnels using it */
	uint32_t **users;

	memset(s, 0, sizeof(*s));
	s->conf = conf;
	s->ss = conf->profile == CC_PROFILE_STRONGSWAN;
	s->first_open_all = NONE;
	s->off = cc_xcalloc(conf->nlists + 1, sizeof(*s->off));
	for (size_t l = 0; l < conf->nlists; l++)
		s->off[l + 1] = n += conf->list[l].n;
	flat = cc_xcalloc(n + 1, sizeof(*flat));
	text = cc_xcalloc(n + 1, sizeof(*text));
	first = cc_xcalloc(n + 1, sizeof(*first));
	for (size_t l = 0; l < conf->nlists; l++)
		for (size_t e = 0; e < conf->list[l].n; e++) {
			flat[s->off[l] + e] = &conf->list[l].entry[e];
			text[s->off[l] + e] = conf->list[l].entry[e].text;
		}
	idindex_firsts(text, n, false, first);

	/* the contents, and which flat entry is which */
	s->content_of = cc_xcalloc(n + 1, sizeof(*s->content_of));
	s->c = cc_xcalloc(n + 1, sizeof(*s->c));
	rep = cc_xcalloc(n + 1, sizeof(*rep));
	for (size_t i = 0; i < n; i++) {
		if (first[i] == i) {
			rep[s->nc] = flat[i];
			s->c[s->nc].id = flat[i];
			s->content_of[i] = (uint32_t)s->nc++;
		} else {
			s->content_of[i] = s->content_of[first[i]];
		}
	}
	s->idx = idindex_new(rep, s->nc);
	s->stamp = cc_xcalloc(s->nc + 1, sizeof(*s->stamp));

	/* the tunnels of each list, then of each content */
	uses = cc_xcalloc(conf->nlists + 1, sizeof(*uses));
	users = cc_xcalloc(conf->nlists + 1, sizeof(*users));
	s->open_ranged =
		cc_xcalloc(conf->ntunnels + 1, sizeof(*s->open_ranged));
	s->open_single =
		cc_xcalloc(conf->ntunnels + 1, sizeof(*s->open_single));
	for (uint32_t t = 0; t < conf->ntunnels; t++) {
		const struct cc_tunnel *tu = &conf->tunnel[t];
		int l = tu->list;

		if (l < 0 && tu->remote.all) {
			if (s->first_open_all == NONE)
				s->first_open_all = t;
		} else if (l < 0 && tu->remote.single) {
			s->open_single[s->nopen_single++] =
				(struct open_single){ &tu->remote, t };
		} else if (l < 0) {
			s->open_ranged[s->nopen_ranged++] = t;
		} else {
			users[l] = cc_xrealloc(users[l],
					       (uses[l] + 1) * sizeof(**users));
			users[l][uses[l]++] = t;
		}
	}
	qsort(s->open_single, s->nopen_single, sizeof(*s->open_single),
	      single_cmp);
	for (size_t l = 0; l < conf->nlists; l++)
		for (size_t e = 0; e < conf->list[l].n; e++) {
			struct content *c = &s->c[s->content_of[s->off[l] + e]];

			c->tunnel = cc_xrealloc(c->tunnel,
						(c->ntunnels + uses[l] + 1) *
							sizeof(*c->tunnel));
			if (uses[l])
				memcpy(c->tunnel + c->ntunnels, users[l],
				       uses[l] * sizeof(*users[l]));
			c->ntunnels += uses[l];
		}
	for (size_t i = 0; i < s->nc; i++) {
		struct content *c = &s->c[i];
		size_t k = 0;

		qsort(c->tunnel, c->ntunnels, sizeof(*c->tunnel), u32_cmp);
		for (size_t j = 0; j < c->ntunnels; j++)
			if (!k || c->tunnel[j] != c->tunnel[k - 1])
				c->tunnel[k++] = c->tunnel[j];
		c->ntunnels = k;
	}
	for (size_t l = 0; l < conf->nlists; l++)
		free(users[l]);
	free(users);
	free(uses);
	free(rep);
	free(first);
	free(text);
	free(flat);
}

static void shadows_release(struct shadows *s)
{
	for (size_t i = 0; i < s->nc; i++)
		free(s->c[i].tunnel);
	free(s->c);
	free(s->content_of);
	free(s->off);
	idindex_free(s->idx);
	free(s->stamp);
	free(s->open_ranged);
	free(s->open_single);
}

static void shadow_add(struct cc_idresults *res, int t, int e, int by)
{
	cc_grow(&res->shadow, &res->shadow_cap, res->nshadow + 1,
		sizeof(*res->shadow));
	res->shadow[res->nshadow++] = (struct cc_shadow){ t, e, by };
}

/* See idshadow.h */
void idshadow_find(const struct cc_idconf *conf, struct cc_report *r,
		   struct cc_idresults *res, enum cc_status st)
{
	struct shadows s;
	int *by_entry = NULL;

	shadows_init(&s, conf);
	for (size_t t = 1; t < conf->ntunnels; t++) {
		const struct cc_tunnel *b = &conf->tunnel[t];
		size_t n = b->list < 0 ? 0 : conf->list[b->list].n, hidden = 0;
		uint32_t open =
			b->list < 0 ? first_open(&s, (uint32_t)t) : NONE;
		int by = open == NONE ? -1 : (int)open, last = -1;
		struct cc_finding *f;

		by_entry = cc_xrealloc(by_entry, (n + 1) * sizeof(*by_entry));
		for (size_t e = 0; e < n; e++) {
			int x = by_entry[e] =
				entry_shadowed_by(&s, (uint32_t)t, e);

			hidden += x >= 0;
			if (x >= 0)
				last = x;
		}
		if (b->list >= 0 && n && hidden == n)
			by = last;
		if (by >= 0) {
			shadow_add(res, (int)t, -1, by);
			f = cc_report_add(
				r, CC_CHECK_IDLIST_SHADOWED, st, -1,
				"tunnel %s (line %d) can never take a "
				"peer: the earlier tunnel %s (line %d) "
				"takes every peer it would take",
				b->name, b->line, conf->tunnel[by].name,
				conf->tunnel[by].line);
			cc_finding_str(f, "tunnel", "%s", b->name);
			cc_finding_int(f, "line", b->line);
			cc_finding_str(f, "by", "%s", conf->tunnel[by].name);
			cc_finding_remedy(f,
					  "move tunnel %s above tunnel %s, or "
					  "narrow %s (an ID list, a specific "
					  "remote gateway)",
					  b->name, conf->tunnel[by].name,
					  conf->tunnel[by].name);
			continue;
		}
		for (size_t e = 0; e < n; e++) {
			const struct cc_id *en = &conf->list[b->list].entry[e];
			int x = by_entry[e];

			if (x < 0)
				continue;
			shadow_add(res, (int)t, (int)e, x);
			f = cc_report_add(
				r, CC_CHECK_IDLIST_SHADOWED, st, -1,
				"the entry '%s' (line %d) of tunnel %s "
				"can never take a peer: the earlier "
				"tunnel %s takes all it would",
				en->text, en->line, b->name,
				conf->tunnel[x].name);
			cc_finding_str(f, "tunnel", "%s", b->name);
			cc_finding_int(f, "line", en->line);
			cc_finding_str(f, "entry", "%s", en->text);
			cc_finding_str(f, "by", "%s", conf->tunnel[x].name);
			cc_finding_remedy(f,
					  "move tunnel %s above tunnel %s, or "
					  "narrow the entries of %s",
					  b->name, conf->tunnel[x].name,
					  conf->tunnel[x].name);
		}
	}
	free(by_entry);
	shadows_release(&s);
}

/* ---- the other flaws: duplicates, entries no certificate used ---- */

/* For each entry of list l, the earlier entry of the same text (case
 * aside), or -1. */
static long *duplicates(const struct cc_idlist_def *l)
{
	const char **text = cc_xcalloc(l->n + 1, sizeof(*text));
	uint32_t *first = cc_xcalloc(l->n + 1, sizeof(*first));
	long *dup = cc_xcalloc(l->n + 1, sizeof(*dup));

	for (size_t e = 0; e < l->n; e++)
		text[e] = l->entry[e].text;
	idindex_firsts(text, l->n, true, first);
	for (size_t e = 0; e < l->n; e++)
		dup[e] = first[e] == e ? -1 : (long)first[e];
	free(first);
	free(text);
	return dup;
}

/* The most entries of a list said one by one as unused; more are one
 * finding with their lines as ranges (a list of 390,000 entries checked
 * against one certificate is not 390,000 findings). */
#define UNUSED_EACH 10

/* Appends line to the ranges in *buf ("3-9, 12"), extending the last range
 * when line follows it. */
static void add_range(char **buf, size_t *len, size_t *cap, int *last,
		      int *start, int line)
{
	char piece[32];
	int n;

	if (*last >= 0 && line == *last + 1) {
		*last = line;
		return;
	}
	if (*last >= 0) {
		n = *start == *last ? snprintf(piece, sizeof(piece), "%s%d",
					       *len ? ", " : "", *start)
				    : snprintf(piece, sizeof(piece), "%s%d-%d",
					       *len ? ", " : "", *start, *last);
		cc_grow(buf, cap, *len + (size_t)n + 1, 1);
		memcpy(*buf + *len, piece, (size_t)n + 1);
		*len += (size_t)n;
	}
	*start = *last = line;
}

/* See idshadow.h */
void idflaws_unused(const struct cc_idlist_def *list, const bool *matched,
		    const bool *landed, struct cc_report *r)
{
	size_t count = 0, len = 0, cap = 0, shown;
	int last = -1, start = -1, first = -1;
	char *lines = NULL, *cut;
	struct cc_finding *f;

	for (size_t e = 0; e < list->n; e++)
		count += !matched[e] && !landed[e];
	for (size_t e = 0; e < list->n; e++) {
		const struct cc_id *en = &list->entry[e];

		if (matched[e] || landed[e])
			continue;
		if (count <= UNUSED_EACH) {
			f = cc_report_add(r, CC_CHECK_IDLIST_UNUSED,
					  CC_STATUS_INFO, -1,
					  "no given certificate matches '%s' "
					  "(list %s, line %d)",
					  en->text, list->name, en->line);
			cc_finding_int(f, "line", en->line);
			continue;
		}
		if (first < 0)
			first = en->line;
		add_range(&lines, &len, &cap, &last, &start, en->line);
	}
	if (count <= UNUSED_EACH)
		return;
	add_range(&lines, &len, &cap, &last, &start, -2); /* flush */
	/* the message shows the ranges that fit in 60 columns */
	shown = len;
	while (shown > 60 && (cut = memrchr(lines, ',', shown - 1)))
		shown = (size_t)(cut - lines);
	f = cc_report_add(r, CC_CHECK_IDLIST_UNUSED, CC_STATUS_INFO, -1,
			  "no given certificate matches %zu entries of list "
			  "%s (lines %.*s%s)",
			  count, list->name, (int)shown, lines,
			  shown < len ? ", ..." : "");
	cc_finding_int(f, "line", first);
	cc_finding_int(f, "count", (long long)count);
	cc_finding_str(f, "lines", "%s", lines);
	free(lines);
}

/* See idshadow.h */
void idflaws_duplicates(const struct cc_idlist_def *list, struct cc_report *r)
{
	long *dup = duplicates(list);

	for (size_t e = 0; e < list->n; e++) {
		const struct cc_id *en = &list->entry[e];
		struct cc_finding *f;

		if (dup[e] < 0)
			continue;
		f = cc_report_add(
			r, CC_CHECK_IDLIST_DUPLICATE, CC_STATUS_INFO, -1,
			"list %s has '%s' twice (lines %d and %d)", list->name,
			en->text, list->entry[dup[e]].line, en->line);
		cc_finding_int(f, "line", en->line);
		cc_finding_remedy(f, "remove the duplicate");
	}
	free(dup);
}
