/* SPDX-License-Identifier: MIT */
/*
 * idmatch.c - which tunnel and which ID-list entry a certificate lands on
 * (first match, or strongSwan's best score), the entry that came closest
 * when none does (idnear.c), the shadowing findings (idshadow.c), and the
 * identity check of --peer-id; the comparisons themselves: idcompare.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "cc_idlist.h"
#include "cc_report.h"
#include "idindex.h"
#include "idnear.h"
#include "idshadow.h"

/* One tunnel's best for one certificate. */
struct best {
	int score;
	int entry; /* -1 for a tunnel without a list */
	int cand;
};

struct scorer {
	const struct cc_idconf *conf;
	const struct cc_idlist_def *l;
	const struct cc_id *id;
	int cand;
	struct best *b;
	bool *matched; /* entry flags of this list, or NULL */
};

/* Scores one entry; the best wins, ties to the earlier entry, then the
 * earlier candidate (the order the gateway tries them in). */
static void try_entry(void *arg, size_t e)
{
	struct scorer *s = arg;
	int score = cc_id_match(s->conf, &s->l->entry[e], s->id, NULL, 0);

	if (!score)
		return;
	if (s->matched)
		s->matched[e] = true;
	if (score > s->b->score ||
	    (score == s->b->score &&
	     ((int)e < s->b->entry ||
	      ((int)e == s->b->entry && s->cand < s->b->cand)))) {
		s->b->score = score;
		s->b->entry = (int)e;
		s->b->cand = s->cand;
	}
}

/* The best (score, entry, candidate) of list l for the candidates, each
 * tried only against the entries the index says it may match, or against
 * every entry when there is no index (one peer). */
static void best_in_list(const struct cc_idconf *conf,
			 const struct cc_idlist_def *l, struct idindex *idx,
			 const struct cc_idset *ids, bool *matched,
			 struct best *b)
{
	struct scorer s = { conf, l, NULL, 0, b, matched };

	b->score = CC_MATCH_NONE;
	b->entry = b->cand = -1;
	for (size_t c = 0; c < ids->n; c++) {
		s.id = &ids->id[c];
		s.cand = (int)c;
		if (idx)
			idindex_candidates(idx, s.id, try_entry, &s);
		else
			for (size_t e = 0; e < l->n; e++)
				try_entry(&s, e);
	}
}

static bool takes_part(const struct cc_tunnel *t, const struct cc_iprange *from)
{
	return !from || t->remote.all || cc_iprange_contains(&t->remote, from);
}

/* How well the peer's address matches the tunnel's remote, as charon
 * scores a connection's remote_addrs (strongSwan 5.9.8, ike_cfg.c:201):
 * the address itself 129, a subnet its prefix length + 1, a range that is
 * no subnet or any 1; without the address, 1 for every tunnel. */
static unsigned addr_score(const struct cc_iprange *r,
			   const struct cc_iprange *from)
{
	size_t len = r->family == AF_INET6 ? 16 : 4;
	unsigned host = 0;

	if (!from || r->all)
		return 1;
	if (r->single)
		return 129;
	/* lo..hi is a subnet when lo ^ hi is some low bits all set, and
	 * those bits are clear in lo */
	for (size_t i = 0; i < len; i++) {
		unsigned d = r->lo[i] ^ r->hi[i];

		if (r->lo[i] & d)
			return 1;
		if (host ? d != 0xff : d && ((d + 1) & d))
			return 1;
		if (d)
			host += (unsigned)__builtin_popcount(d);
	}
	return (unsigned)(len * 8 - host) + 1;
}

/* Every tunnel's best for the candidates (score 0 where it does not take
 * part), and the landing: the first that matches; under strongSwan the
 * head of charon's ordering of connections (backend_manager.c:402,
 * insert_sorted()): a tunnel goes before another only when it is better
 * on the address score or the id score and no worse on the other, so
 * walking in load order the head changes to a tunnel that beats it so. */
static void land(const struct cc_idconf *conf, struct idindex **idx,
		 const struct cc_idset *ids, const struct cc_iprange *from,
		 const size_t *off, bool *matched, struct best *per,
		 struct cc_match *m)
{
	m->tunnel = m->list = m->entry = -1;
	m->score = CC_MATCH_NONE;
	for (size_t t = 0; t < conf->ntunnels; t++) {
		const struct cc_tunnel *tu = &conf->tunnel[t];

		per[t] = (struct best){ CC_MATCH_NONE, -1, 0 };
		if (!takes_part(tu, from))
			continue;
		if (tu->list < 0)
			per[t].score = CC_MATCH_ANY;
		else
			best_in_list(conf, &conf->list[tu->list], idx[tu->list],
				     ids, matched + off[tu->list], &per[t]);
	}
	unsigned head = 0; /* the address score of the head so far */

	for (size_t t = 0; t < conf->ntunnels; t++) {
		unsigned a = addr_score(&conf->tunnel[t].remote, from);

		if (per[t].score == CC_MATCH_NONE)
			continue;
		if (m->tunnel >= 0 &&
		    (conf->profile != CC_PROFILE_STRONGSWAN
			     ? per[t].score <= m->score
			     : !((a > head && per[t].score >= m->score) ||
				 (a >= head && per[t].score > m->score))))
			continue; /* ties go to the earlier tunnel */
		head = a;
		m->tunnel = (int)t;
		m->list = conf->tunnel[t].list;
		m->entry = per[t].entry;
		m->score = per[t].score;
		if (conf->profile != CC_PROFILE_STRONGSWAN)
			break; /* the first match takes it */
	}
	if (m->tunnel >= 0)
		m->identity = cc_xstrdup(
			ids->id[per[m->tunnel].cand < 0 ? 0
							: per[m->tunnel].cand]
				.text);
}

/* The identity of ids of type t, or NULL. */
static const struct cc_id *first_of(const struct cc_idset *ids,
				    enum cc_id_type t)
{
	for (size_t c = 0; c < ids->n; c++)
		if (ids->id[c].type == t)
			return &ids->id[c];
	return NULL;
}

/* What differs between entry en and the identities compared (the
 * certificate's, or the one --peer-id names), under the profile in
 * force. */
static void explain(const struct cc_idconf *conf, const struct cc_id *en,
		    const struct cc_idset *ids, char *diff, size_t len)
{
	const struct cc_id *dn = first_of(ids, CC_ID_DN);
	const struct cc_id *same = first_of(ids, en->type);

	diff[0] = '\0';
	if (en->type == CC_ID_DN && !dn) {
		snprintf(diff, len, "the identity compared, %s, is no DN",
			 ids->n ? ids->id[0].text : "(none)");
	} else if (en->type == CC_ID_DN) {
		cc_id_match(conf, en, dn, diff, len);
		if (!diff[0])
			snprintf(diff, len,
				 "the RDNs differ in number or order (profile "
				 "%s)",
				 cc_profile_name(conf->profile));
	} else {
		snprintf(diff, len,
			 same ? "the %s identities compared do not match"
			      : "no %s identity is compared%s",
			 cc_id_type_name(en->type),
			 same ? ""
			 : en->type == CC_ID_FQDN
				 ? " (the certificate's subjectAltNames: an "
				   "FQDN in the CN does not count)"
			 : en->type == CC_ID_EMAIL
				 ? " (the certificate's subjectAltNames: an "
				   "address in E= does not count)"
				 : "");
	}
}

/* The entry that came closest (idnear.h), and what differs. */
static void closest(const struct cc_idconf *conf, struct idnear *near,
		    const struct cc_idset *ids, int *list, int *entry,
		    char *why, size_t len)
{
	const struct cc_id *dn = first_of(ids, CC_ID_DN);

	why[0] = '\0';
	idnear_find(near, dn ? &dn->dn : NULL, list, entry);
	if (*list >= 0)
		explain(conf, &conf->list[*list].entry[*entry], ids, why, len);
}

/* ---- the check ---- */

/*
 * What idlist.no-match says of one certificate, kept until it is shown: a
 * run over 100,000 users where most land nowhere holds this, not the
 * sentences (cc_report_add_later()).
 */
struct nomatch {
	const struct cc_idconf *conf;
	int list, entry; /* the closest entry, or -1 */
	size_t nids;
	char text[]; /* how the closest differs, then each identity; "" for
			"dn:" and the subject, which the certificate holds */
};

/* Whether identity id is the subject's DN as the certificate prints it. */
static bool is_subject(const char *id, const char *subject)
{
	return !strncmp(id, "dn:", 3) && !strcmp(id + 3, subject);
}

static void nomatch_fill(struct cc_finding *f, const struct cc_report *r,
			 const void *data)
{
	const struct nomatch *nm = data;
	const struct cc_idconf *conf = nm->conf;
	const char *subject = r->certs->cert[f->cert]->subject;
	const char *why = nm->text, *id = why + strlen(why) + 1;

	if (nm->list >= 0) {
		const struct cc_idlist_def *l = &conf->list[nm->list];
		const struct cc_id *e = &l->entry[nm->entry];

		cc_finding_message(f,
				   "'%s' matches no tunnel's ID list; "
				   "closest: list %s, line %d '%s' (%s)",
				   subject, l->name, e->line, e->text, why);
		cc_finding_str(f, "closest_list", "%s", l->name);
		cc_finding_int(f, "closest_line", e->line);
		cc_finding_str(f, "closest_entry", "%s", e->text);
		cc_finding_str(f, "differs", "%s", why);
	} else {
		cc_finding_message(f, "'%s' matches no tunnel's ID list",
				   subject);
	}
	cc_finding_list(f, "identities");
	for (size_t i = 0; i < nm->nids; i++, id += strlen(id) + 1)
		if (*id)
			cc_finding_list_add(f, "%s", id);
		else
			cc_finding_list_add(f, "dn:%s", subject);
	cc_finding_remedy(f,
			  "add an entry for this user to the right ID list "
			  "(e.g. 'dn %s'), or issue the certificate with the "
			  "subject or subjectAltName the list expects",
			  subject);
}

static void report_match(const struct cc_idconf *conf, struct idnear *near,
			 struct cc_report *r, const struct cc_idset *ids,
			 const struct cc_match *m)
{
	const char *subject = r->certs->cert[m->cert]->subject;
	struct nomatch *nm;
	size_t size, at;
	char why[400];
	int l, e;

	/* a landing is said once for all, at the end (landed()): the
	 * matches member has every one */
	if (m->tunnel >= 0)
		return;
	closest(conf, near, ids, &l, &e, why, sizeof(why));
	size = strlen(why) + 1;
	for (size_t i = 0; i < ids->n; i++)
		if (!is_subject(ids->id[i].text, subject))
			size += strlen(ids->id[i].text) + 1;
		else
			size++;
	nm = cc_report_add_later(r, CC_CHECK_IDLIST_NO_MATCH, CC_STATUS_FAIL,
				 m->cert, nomatch_fill, sizeof(*nm) + size);
	nm->conf = conf;
	nm->list = l;
	nm->entry = e;
	nm->nids = ids->n;
	at = strlen(why) + 1;
	memcpy(nm->text, why, at);
	for (size_t i = 0; i < ids->n; i++) {
		const char *id = ids->id[i].text;
		size_t n = is_subject(id, subject) ? 0 : strlen(id);

		memcpy(nm->text + at, id, n);
		nm->text[at + n] = '\0';
		at += n + 1;
	}
}

/* The ok finding of the landings: the one certificate's in full, or how
 * many landed where. */
static void landed(const struct cc_idconf *conf, const struct cc_certset *set,
		   struct cc_report *r, const struct cc_idresults *res)
{
	size_t n = 0, *per = cc_xcalloc(conf->ntunnels + 1, sizeof(*per));
	const struct cc_match *one = NULL;
	struct cc_finding *f;

	for (size_t i = 0; i < res->nmatch; i++)
		if (res->match[i].tunnel >= 0) {
			n++;
			per[res->match[i].tunnel]++;
			one = &res->match[i];
		}
	if (n == 1 && res->nmatch == 1) {
		const struct cc_tunnel *t = &conf->tunnel[one->tunnel];
		const struct cc_cert *c = set->cert[one->cert];

		if (one->list < 0) {
			f = cc_report_add(r, CC_CHECK_IDLIST_MATCH,
					  CC_STATUS_OK, one->cert,
					  "'%s' lands on tunnel %s (line %d), "
					  "which has no ID list and accepts "
					  "everyone",
					  c->subject, t->name, t->line);
		} else {
			const struct cc_id *en =
				&conf->list[one->list].entry[one->entry];

			f = cc_report_add(
				r, CC_CHECK_IDLIST_MATCH, CC_STATUS_OK,
				one->cert,
				"'%s' lands on tunnel %s: list %s, line "
				"%d '%s', score %d, as %s",
				c->subject, t->name, conf->list[one->list].name,
				en->line, en->text, one->score, one->identity);
			cc_finding_str(f, "entry", "%s", en->text);
			cc_finding_int(f, "line", en->line);
		}
		cc_finding_str(f, "tunnel", "%s", t->name);
		cc_finding_int(f, "score", one->score);
		cc_finding_str(f, "identity", "%s", one->identity);
	} else if (n) {
		f = cc_report_add(r, CC_CHECK_IDLIST_MATCH, CC_STATUS_OK, -1,
				  "%zu of %zu certificates land on a tunnel "
				  "(each in the matches)",
				  n, res->nmatch);
		cc_finding_int(f, "landed", (long long)n);
		cc_finding_list(f, "tunnels");
		for (size_t t = 0; t < conf->ntunnels; t++)
			if (per[t])
				cc_finding_list_add(f, "%s: %zu",
						    conf->tunnel[t].name,
						    per[t]);
	}
	free(per);
}

/* A tunnel later than the landing one that the certificate matches:
 * taken by an earlier tunnel, in practice. */
static void taken_earlier(const struct cc_idconf *conf,
			  const struct cc_certset *set, struct cc_report *r,
			  const struct best *per, const struct cc_match *m)
{
	for (size_t t = (size_t)m->tunnel + 1;
	     m->tunnel >= 0 && t < conf->ntunnels; t++) {
		const struct cc_tunnel *tu = &conf->tunnel[t];
		struct cc_finding *f;

		if (tu->list < 0 || !per[t].score)
			continue;
		f = cc_report_add(r, CC_CHECK_IDLIST_TAKEN_EARLIER,
				  CC_STATUS_WARN, m->cert,
				  "'%s' matches tunnel %s (list %s, line %d), "
				  "but the earlier tunnel %s takes it",
				  set->cert[m->cert]->subject, tu->name,
				  conf->list[tu->list].name,
				  conf->list[tu->list].entry[per[t].entry].line,
				  conf->tunnel[m->tunnel].name);
		cc_finding_str(f, "tunnel", "%s", tu->name);
		cc_finding_str(f, "by", "%s", conf->tunnel[m->tunnel].name);
		cc_finding_remedy(f,
				  "if %s is the tunnel for this peer, move it "
				  "above %s",
				  tu->name, conf->tunnel[m->tunnel].name);
	}
}

struct cc_idcheck {
	const struct cc_idconf *conf;
	const struct cc_iprange *from;
	const struct cc_id *peer_id;
	struct cc_report *r;
	struct cc_idresults *res;
	size_t *off;	      /* entry k of list l is flag off[l] + k */
	struct idindex **idx; /* one per list */
	struct idnear *near;  /* the closest entry's index */
	struct best *per;     /* one per tunnel, for the current certificate */
	bool *matched, *landed;
	const struct cc_certset *set; /* the certificates' set */
	bool one_peer; /* diagnose: list flaws are not reported */
};

/* See header */
struct cc_idcheck *cc_idcheck_new(const struct cc_idconf *conf,
				  const struct cc_iprange *from,
				  const struct cc_id *peer_id, bool one_peer,
				  struct cc_report *r, struct cc_idresults *res)
{
	struct cc_idcheck *k = cc_xcalloc(1, sizeof(*k));

	k->conf = conf;
	k->from = from;
	k->peer_id = peer_id;
	k->r = r;
	k->res = res;
	k->off = cc_xcalloc(conf->nlists + 1, sizeof(*k->off));
	k->idx = cc_xcalloc(conf->nlists + 1, sizeof(*k->idx));
	k->per = cc_xcalloc(conf->ntunnels + 1, sizeof(*k->per));
	/* one peer is tried once against every entry: an index would cost
	 * more than it saves */
	for (size_t l = 0; l < conf->nlists; l++) {
		k->off[l + 1] = k->off[l] + conf->list[l].n;
		if (!one_peer)
			k->idx[l] = idindex_new_list(&conf->list[l]);
	}
	k->near = idnear_new(conf);
	k->matched = cc_xcalloc(k->off[conf->nlists] + 1, sizeof(bool));
	k->landed = cc_xcalloc(k->off[conf->nlists] + 1, sizeof(bool));
	k->one_peer = one_peer;
	memset(res, 0, sizeof(*res));
	res->conf = conf;
	/* for one peer (diagnose) the lists' own flaws are not its problem:
	 * no shadowing, as no duplicates and no unused entries (an earlier
	 * tunnel taking this peer is idlist.taken-earlier) */
	if (!one_peer)
		idshadow_find(conf, r, res, CC_STATUS_WARN);
	return k;
}

/* See header */
void cc_identity_check(struct cc_report *r, const struct cc_idconf *conf,
		       const struct cc_certset *set, int cert,
		       const struct cc_id *pid, const struct cc_idset *ids)
{
	bool in = cc_id_in_cert(conf, pid, ids);
	struct cc_finding *f = cc_report_add(
		r,
		in ? CC_CHECK_IDENTITY_CONTAINED
		   : CC_CHECK_IDENTITY_NOT_CONTAINED,
		in ? CC_STATUS_OK : CC_STATUS_FAIL, cert,
		in ? "the IKE identity %s is contained in '%s'"
		   : "the IKE identity %s is not contained in '%s': the "
		     "gateway rejects the certificate (strongSwan: \"no "
		     "trusted public key found for '%s'\")",
		pid->text, set->cert[cert]->subject,
		strchr(pid->text, ':') + 1);

	cc_finding_str(f, "identity", "%s", pid->text);
	cc_finding_list(f, "certificate_identities");
	for (size_t i = 0; i < ids->n; i++)
		cc_finding_list_add(f, "%s", ids->id[i].text);
	if (in)
		return;
	cc_finding_remedy(
		f, "%s",
		pid->type == CC_ID_FQDN
			? "issue the certificate with a dNSName "
			  "subjectAltName of that name (the CN does "
			  "not count), or send an identity it contains"
		: pid->type == CC_ID_EMAIL
			? "issue the certificate with an rfc822Name "
			  "subjectAltName of that address (E= in the "
			  "subject does not count), or send an "
			  "identity it contains"
		: pid->type == CC_ID_IP
			? "issue the certificate with an iPAddress "
			  "subjectAltName, or send an identity it "
			  "contains"
			: "send the certificate's subject DN as the "
			  "identity");
}

/*
 * The identity the peer really sends for pid: a dn: identity that reads as
 * the certificate's subject is that subject, DER-encoded with its string
 * types (a client's default IDi), not the typed text, whose strings would
 * all be PrintableString and so match case-insensitively where strongSwan
 * does not (identification.c, compare_dn(): case folding only when both
 * sides are PrintableString).
 */
static const struct cc_id *sent_identity(const struct cc_id *pid,
					 const struct cc_idset *ids)
{
	if (pid->type == CC_ID_DN && ids->n && ids->id[0].type == CC_ID_DN &&
	    !strcasecmp(pid->text, ids->id[0].text))
		return &ids->id[0];
	return pid;
}

/* See cc_idlist.h */
void cc_idlist_keep(const struct cc_idconf *conf, const struct cc_id *e,
		    size_t n, const struct cc_idkeep *kp, bool *keep)
{
	const struct cc_idset *ids = kp->ids;
	const struct cc_id *pid = kp->peer_id, *dn = first_of(ids, CC_ID_DN);
	/* closest() compares the first DN of the identities tried: the
	 * certificate's, --peer-id's, or none */
	const struct cc_dn *subject[] = {
		dn ? &dn->dn : NULL,
		pid && pid->type == CC_ID_DN ? &pid->dn : NULL,
		NULL,
	};

	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < ids->n && !keep[i]; c++)
			keep[i] = cc_id_match(conf, &e[i], &ids->id[c], NULL,
					      0) != CC_MATCH_NONE;
		if (pid && !keep[i])
			keep[i] = cc_id_match(conf, &e[i], pid, NULL, 0) !=
				  CC_MATCH_NONE;
	}
	for (size_t s = 0; s < countof(subject); s++) {
		size_t at = idnear_first_best(e, n, subject[s]);

		if (at < n)
			keep[at] = true;
	}
}

/* See header */
void cc_idcheck_cert(struct cc_idcheck *k, const struct cc_certset *set,
		     int cert, const struct cc_idset *ids)
{
	struct cc_idresults *res = k->res;
	struct cc_idset one = { 0 };
	struct cc_id copy; /* one's only identity: --peer-id's */
	const struct cc_idset *cands = ids;
	struct cc_match *m;

	k->set = set;
	for (size_t i = 0; i < ids->nrefused; i++) {
		struct cc_finding *f = cc_report_add(
			k->r, CC_CHECK_IDLIST_EMBEDDED_NUL, CC_STATUS_INFO,
			cert,
			"'%s' has the identity %s with a NUL byte inside: it "
			"is "
			"no candidate for any entry",
			set->cert[cert]->subject, ids->refused[i]);

		cc_finding_str(f, "identity", "%s", ids->refused[i]);
	}
	cc_grow(&res->match, &res->match_cap, res->nmatch + 1,
		sizeof(*res->match));
	m = &res->match[res->nmatch++];
	memset(m, 0, sizeof(*m));
	m->cert = cert;
	if (k->peer_id) {
		/* the identity the client sends is the only candidate */
		copy = *sent_identity(k->peer_id, ids);
		one.id = &copy;
		one.n = 1;
		cands = &one;
	}
	land(k->conf, k->idx, cands, k->from, k->off, k->matched, k->per, m);
	report_match(k->conf, k->near, k->r, cands, m);
	taken_earlier(k->conf, set, k->r, k->per, m);
	if (m->list >= 0 && m->entry >= 0)
		k->landed[k->off[m->list] + (size_t)m->entry] = true;
	if (k->peer_id)
		cc_identity_check(k->r, k->conf, set, cert, k->peer_id, ids);
}

/* See header */
void cc_idcheck_finish(struct cc_idcheck *k)
{
	const struct cc_idconf *conf = k->conf;

	if (k->set)
		landed(conf, k->set, k->r, k->res);

	for (size_t l = 0; !k->one_peer && l < conf->nlists; l++) {
		idflaws_duplicates(&conf->list[l], k->r);
		if (k->res->nmatch)
			idflaws_unused(&conf->list[l], k->matched + k->off[l],
				       k->landed + k->off[l], k->r);
	}
	for (size_t l = 0; l < conf->nlists; l++)
		idindex_free(k->idx[l]);
	free(k->idx);
	idnear_free(k->near);
	free(k->per);
	free(k->matched);
	free(k->landed);
	free(k->off);
	free(k);
}

/* See header */
void cc_idresults_release(struct cc_idresults *res)
{
	for (size_t i = 0; i < res->nmatch; i++)
		free(res->match[i].identity);
	free(res->match);
	free(res->shadow);
	memset(res, 0, sizeof(*res));
}
