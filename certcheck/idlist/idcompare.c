/* SPDX-License-Identifier: MIT */
/*
 * idcompare.c - one identity against one ID-list entry (cc_id_match()),
 * and whether an identity is contained in a certificate
 * (cc_id_in_cert()): what landing (idmatch.c) and shadowing (idshadow.c)
 * both compare with, so that neither calls into the other.
 */
#include <string.h>
#include <strings.h>

#include "cc_idlist.h"

/* email/fqdn: a leading single '*' matches any longer identity ending with
 * the rest; elsewhere '*' is a literal; "*" alone is "any". */
static int match_string(const struct cc_idconf *conf, const struct cc_id *e,
			const struct cc_id *id)
{
	const char *v = e->str, *x = id->str;
	size_t lv = strlen(v), lx = strlen(x);

	if (!strcmp(v, "*"))
		return CC_MATCH_ANY;
	if (v[0] == '*' && v[1] != '*') {
		return lx > lv - 1 && !strcasecmp(x + lx - (lv - 1), v + 1)
			       ? CC_MATCH_ONE_WILDCARD
			       : CC_MATCH_NONE;
	}
	if (e->type == CC_ID_EMAIL && conf->profile == CC_PROFILE_RFC5280) {
		/* the local part exactly, the host part in any case */
		const char *av = strrchr(v, '@'), *ax = strrchr(x, '@');

		return av && ax && av - v == ax - x &&
				       !strncmp(v, x, (size_t)(av - v)) &&
				       !strcasecmp(av, ax)
			       ? CC_MATCH_PERFECT
			       : CC_MATCH_NONE;
	}
	return !strcasecmp(v, x) ? CC_MATCH_PERFECT : CC_MATCH_NONE;
}

/* See header */
int cc_id_match(const struct cc_idconf *conf, const struct cc_id *e,
		const struct cc_id *id, char *diff, size_t difflen)
{
	if (diff && difflen)
		diff[0] = '\0';
	if (e->type != id->type)
		return CC_MATCH_NONE;
	if (e->type != CC_ID_DN)
		cc_idlist_work_add(1); /* cc_dn_match() counts its own */
	switch (e->type) {
	case CC_ID_DN:
		return cc_dn_match(conf->profile, conf->rdn, &e->dn, &id->dn,
				   diff, difflen);
	case CC_ID_EMAIL:
	case CC_ID_FQDN:
		return match_string(conf, e, id);
	case CC_ID_IP:
		if (!cc_iprange_contains(&e->ip, &id->ip))
			return CC_MATCH_NONE;
		return e->ip.single ? CC_MATCH_PERFECT
		       : e->ip.all  ? CC_MATCH_MAX_WILDCARDS
				    : CC_MATCH_ONE_WILDCARD;
	}
	return CC_MATCH_NONE;
}

/* See header */
bool cc_id_in_cert(const struct cc_idconf *conf, const struct cc_id *id,
		   const struct cc_idset *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		const struct cc_id *c = &ids->id[i];

		if (c->type != id->type)
			continue;
		switch (id->type) {
		case CC_ID_DN:
			/* the identity's DN, the certificate's subject */
			if (cc_dn_match(conf->profile == CC_PROFILE_CLAVISTER
						? CC_PROFILE_RFC5280
						: conf->profile,
					CC_RDN_STRICT, &id->dn, &c->dn, NULL,
					0) == CC_MATCH_PERFECT)
				return true;
			break;
		case CC_ID_EMAIL:
		case CC_ID_FQDN:
			if (!strcasecmp(id->str, c->str))
				return true;
			break;
		case CC_ID_IP:
			if (id->ip.family == c->ip.family &&
			    !memcmp(id->ip.lo, c->ip.lo, 16))
				return true;
			break;
		}
	}
	return false;
}
