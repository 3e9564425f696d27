/* SPDX-License-Identifier: MIT */
/*
 * idshadow.c - tunnels and entries an earlier tunnel shadows, computed
 * from the entries themselves (doc/idlist.md): an earlier tunnel whose remote
 * contains the later one's and that accepts every identity it accepts
 * (under strongSwan's best-score rule, scoring at least as high).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cc_report.h"
#include "idshadow.h"

/* Does entry a accept every identity entry b accepts? */
static bool covers(const struct cc_idconf *conf, const struct cc_id *a,
		   const struct cc_id *b)
{
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
						for (size_t k2 = 0; k2 < a->dn.rdn[r2].n; k2++)
							if (a->dn.rdn[r2].ava[k2].nid ==
							    b->dn.rdn[r].ava[k].nid)
								ok = a->dn.rdn[r2].ava[k2].wildcard;
					if (!ok && conf->profile ==
							   CC_PROFILE_CLAVISTER) {
						/* a not naming it also covers */
						bool named = false;

						for (size_t r2 = 0; r2 < a->dn.n; r2++)
							for (size_t k2 = 0; k2 < a->dn.rdn[r2].n; k2++)
								named |= a->dn.rdn[r2].ava[k2].nid ==
									 b->dn.rdn[r].ava[k].nid;
						ok = !named;
					}
					if (!ok)
						return false;
				}
		return cc_dn_match(conf->profile, conf->rdn, &a->dn, &b->dn, NULL,
				   0) > 0;
	case CC_ID_EMAIL:
	case CC_ID_FQDN: {
		struct cc_id x = *b;

		if (!strcmp(a->str, "*"))
			return true;
		if (b->str[0] == '*' && b->str[1] != '*') {
			/* b's whole family: a must be a wildcard over it */
			size_t la = strlen(a->str), lb = strlen(b->str);

			return a->str[0] == '*' && a->str[1] != '*' && lb >= la &&
			       !strcasecmp(b->str + lb - (la - 1), a->str + 1);
		}
		return cc_id_match(conf, a, &x, NULL, 0) > 0;
	}
	case CC_ID_IP:
		return cc_iprange_contains(&a->ip, &b->ip);
	}
	return false;
}

/* The score entry e gives its own best identities (for strongSwan's rule
 * that an earlier tunnel must score at least as high). */
static int self_score(const struct cc_id *e)
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

/* The earlier tunnel that shadows tunnel t's entry e (e -1: a tunnel
 * without a list), or -1. */
static int shadowed_by(const struct cc_idconf *conf, size_t t, int e)
{
	const struct cc_tunnel *b = &conf->tunnel[t];
	bool ss = conf->profile == CC_PROFILE_STRONGSWAN;

	for (size_t a = 0; a < t; a++) {
		const struct cc_tunnel *ta = &conf->tunnel[a];

		if (!ta->remote.all &&
		    (b->remote.all || !cc_iprange_contains(&ta->remote, &b->remote)))
			continue;
		if (ta->list < 0) {
			/* accepts everyone: under strongSwan (score 1) it
			 * shadows only another tunnel without a list */
			if (!ss || e < 0)
				return (int)a;
			continue;
		}
		if (e < 0)
			continue; /* a list never takes every identity */
		for (size_t k = 0; k < conf->list[ta->list].n; k++) {
			const struct cc_id *x = &conf->list[ta->list].entry[k];
			const struct cc_id *y = &conf->list[b->list].entry[e];

			if (covers(conf, x, y) &&
			    (!ss || self_score(x) >= self_score(y)))
				return (int)a;
		}
	}
	return -1;
}

static void shadow_add(struct cc_idresults *res, int t, int e, int by)
{
	res->shadow = cc_xrealloc(res->shadow,
				  (res->nshadow + 1) * sizeof(*res->shadow));
	res->shadow[res->nshadow++] = (struct cc_shadow){ t, e, by };
}

/* See idshadow.h */
void idshadow_find(const struct cc_idconf *conf, struct cc_report *r,
		   struct cc_idresults *res, enum cc_status st)
{
	for (size_t t = 1; t < conf->ntunnels; t++) {
		const struct cc_tunnel *b = &conf->tunnel[t];
		size_t n = b->list < 0 ? 0 : conf->list[b->list].n, hidden = 0;
		int by = b->list < 0 ? shadowed_by(conf, t, -1) : -1, last = -1;
		struct cc_finding *f;

		for (size_t e = 0; e < n; e++) {
			int x = shadowed_by(conf, t, (int)e);

			hidden += x >= 0;
			if (x >= 0)
				last = x;
		}
		if (b->list >= 0 && n && hidden == n)
			by = last;
		if (by >= 0) {
			shadow_add(res, (int)t, -1, by);
			f = cc_report_add(r, CC_CHECK_IDLIST_SHADOWED,
					  st, -1,
					  "tunnel %s (line %d) can never take a "
					  "peer: the earlier tunnel %s (line %d) "
					  "takes every peer it would take",
					  b->name, b->line, conf->tunnel[by].name,
					  conf->tunnel[by].line);
			cc_finding_str(f, "tunnel", "%s", b->name);
			cc_finding_int(f, "line", b->line);
			cc_finding_str(f, "by", "%s", conf->tunnel[by].name);
			cc_finding_remedy(f, "move tunnel %s above tunnel %s, or "
					     "narrow %s (an ID list, a specific "
					     "remote gateway)",
					  b->name, conf->tunnel[by].name,
					  conf->tunnel[by].name);
			continue;
		}
		for (size_t e = 0; e < n; e++) {
			const struct cc_id *en = &conf->list[b->list].entry[e];
			int x = shadowed_by(conf, t, (int)e);

			if (x < 0)
				continue;
			shadow_add(res, (int)t, (int)e, x);
			f = cc_report_add(r, CC_CHECK_IDLIST_SHADOWED,
					  st, -1,
					  "the entry '%s' (line %d) of tunnel %s "
					  "can never take a peer: the earlier "
					  "tunnel %s takes all it would",
					  en->text, en->line, b->name,
					  conf->tunnel[x].name);
			cc_finding_str(f, "tunnel", "%s", b->name);
			cc_finding_int(f, "line", en->line);
			cc_finding_str(f, "entry", "%s", en->text);
			cc_finding_str(f, "by", "%s", conf->tunnel[x].name);
			cc_finding_remedy(f, "move tunnel %s above tunnel %s, or "
					     "narrow the entries of %s",
					  b->name, conf->tunnel[x].name,
					  conf->tunnel[x].name);
		}
	}
}

