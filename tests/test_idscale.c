/* SPDX-License-Identifier: MIT */
/*
 * test_idscale.c - the ID-list code at scale: the indexed closest entry and
 * shadowing give the answers of trying every entry and every pair (random
 * lists and subjects, every profile), and no step grows faster than its
 * input (comparisons counted, not timed: doubling the input may not more
 * than triple them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

#include "cc_idlist.h"
#include "cc_report.h"
#include "cc_x509.h"
#include "idlist/idnear.h"
#include "idlist/idshadow.h"

/* xorshift64*: the same lists on every machine */
static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}

/* A random DN from small pools (so that values are shared), sometimes
 * with wildcards (entries only), repeated OUs, a multi-valued RDN, or a
 * NUL-less oddity of case and spaces. */
static void random_dn(char *buf, size_t len, bool entry)
{
	static const char *const c[] = { "SE", "NO", "se" };
	static const char *const o[] = { "Example Corp", "example  corp",
					 "Other" };
	static const char *const ou[] = { "Sales", "Eng", "Support", "sales" };
	static const char *const cn[] = { "u0", "u1", "u2", "u3", "U3", "u4" };
	size_t n = 0;
	bool any = false;

#define ADD(kw, pool)                                                          \
	do {                                                                   \
		bool wild = entry && !rnd(6);                                  \
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s",             \
				      any ? ", " : "", kw,                     \
				      wild ? "*" : pick(pool, countof(pool))); \
		any = true;                                                    \
	} while (0)
	if (rnd(4))
		ADD("C", c);
	if (rnd(3))
		ADD("O", o);
	for (unsigned k = rnd(3); k; k--)
		ADD("OU", ou);
	if (rnd(5))
		ADD("CN", cn);
	if (!any || !rnd(8))
		ADD("CN", cn);
	if (!rnd(10))
		n += (size_t)snprintf(buf + n, len - n, "+UID=%s",
				      pick(cn, countof(cn)));
#undef ADD
}

static void random_entry(char *buf, size_t len)
{
	static const char *const email[] = { "a@x.example", "*@x.example",
					     "b@y.example", "*@example" };
	static const char *const fqdn[] = { "gw.x.example", "*.x.example", "*",
					    "*.example", "h.y.example" };
	static const char *const ip[] = { "192.0.2.1", "192.0.2.0/24",
					  "0.0.0.0/0", "2001:db8::1",
					  "192.0.2.1-192.0.2.9" };
	char dn[256];

	switch (rnd(6)) {
	case 0:
		snprintf(buf, len, "email %s", pick(email, countof(email)));
		break;
	case 1:
		snprintf(buf, len, "fqdn %s", pick(fqdn, countof(fqdn)));
		break;
	case 2:
		snprintf(buf, len, "ip %s", pick(ip, countof(ip)));
		break;
	default:
		random_dn(dn, sizeof(dn), true);
		snprintf(buf, len, "dn %s", dn);
	}
}

/* A random file: profile, tunnels (remotes and lists shared at random),
 * lists; owned text. */
static char *random_conf(unsigned ntunnels, unsigned nlists, unsigned entries)
{
	static const char *const profile[] = {
		"profile clavister", "profile strongswan",
		"profile strongswan rdn_matching=reordered",
		"profile strongswan rdn_matching=relaxed", "profile rfc5280"
	};
	static const char *const remote[] = { "any",
					      "192.0.2.1",
					      "192.0.2.0/24",
					      "192.0.2.1",
					      "198.51.100.7",
					      "2001:db8::/32",
					      "192.0.2.1-192.0.2.5" };
	size_t cap = 4096 + (size_t)nlists * entries * 300 + ntunnels * 100,
	       n = 0;
	char *s = cc_xmalloc(cap), e[300];

	n += (size_t)snprintf(s + n, cap - n, "%s\n",
			      pick(profile, countof(profile)));
	for (unsigned t = 0; t < ntunnels; t++) {
		n += (size_t)snprintf(s + n, cap - n, "tunnel T%u remote=%s", t,
				      pick(remote, countof(remote)));
		if (rnd(5))
			n += (size_t)snprintf(s + n, cap - n, " idlist=L%u",
					      rnd(nlists));
		n += (size_t)snprintf(s + n, cap - n, "\n");
	}
	for (unsigned l = 0; l < nlists; l++) {
		n += (size_t)snprintf(s + n, cap - n, "idlist L%u\n", l);
		for (unsigned k = 1 + rnd(entries); k; k--) {
			random_entry(e, sizeof(e));
			n += (size_t)snprintf(s + n, cap - n, "  %s\n", e);
		}
	}
	return s;
}

static void parse(struct cc_idconf *conf, const char *text)
{
	struct cc_ctx ctx;

	cc_ctx_init(&ctx, "test", 0);
	ck_assert_msg(cc_idconf_parse(&ctx, conf, "random.conf", text) == 0,
		      "%s\n%s", ctx.errmsg, text);
}

/* ---- the closest entry ---- */

START_TEST(test_closest_is_the_scans)
{
	rng_state = 0x9e3779b97f4a7c15ULL + (unsigned long long)_i;
	for (int round = 0; round < 40; round++) {
		char *text = random_conf(2, 1 + rnd(3), 60);
		struct cc_idconf conf;
		struct idnear *x;

		parse(&conf, text);
		x = idnear_new(&conf);
		for (int k = 0; k < 50; k++) {
			char dn[256], why[256];
			struct cc_dn subject;
			int l1, e1, l2, e2;

			random_dn(dn, sizeof(dn), false);
			ck_assert_msg(
				cc_dn_parse(dn, &subject, why, sizeof(why)),
				"%s: %s", dn, why);
			idnear_find(x, &subject, &l1, &e1);
			idnear_scan(&conf, &subject, &l2, &e2);
			ck_assert_msg(
				l1 == l2 && e1 == e2,
				"subject %s: index says %d/%d, scan %d/%d "
				"in\n%s",
				dn, l1, e1, l2, e2, text);
			cc_dn_release(&subject);
		}
		{
			int l1, e1, l2, e2;

			idnear_find(x, NULL, &l1, &e1);
			idnear_scan(&conf, NULL, &l2, &e2);
			ck_assert(l1 == l2 && e1 == e2);
		}
		idnear_free(x);
		cc_idconf_release(&conf);
		free(text);
	}
}
END_TEST

/* ---- one peer against what was kept for it ---- */

/* A peer's identities: its subject, and now and then an e-mail and a DNS
 * name, as cc_idset_from_cert() would give them. */
static void random_peer(struct cc_idset *ids, char *subject, size_t len)
{
	static const char *const other[] = { "email:a@x.example",
					     "email:c@x.example",
					     "fqdn:gw.x.example",
					     "fqdn:h.z.example" };
	char text[300], why[256];

	memset(ids, 0, sizeof(*ids));
	ids->id = cc_xcalloc(3, sizeof(*ids->id));
	random_dn(subject, len, false);
	snprintf(text, sizeof(text), "dn:%s", subject);
	ck_assert_msg(cc_id_parse(text, &ids->id[ids->n++], why, sizeof(why)),
		      "%s: %s", text, why);
	for (unsigned k = rnd(3); k; k--)
		ck_assert(cc_id_parse(pick(other, countof(other)),
				      &ids->id[ids->n++], why, sizeof(why)));
}

/* diagnose's check of one peer over conf, as the JSON report it gives. */
static char *one_peer(const struct cc_idconf *conf, const char *subject,
		      const struct cc_idset *ids, const struct cc_id *peer_id)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_idresults res;
	struct cc_ctx ctx;
	struct cc_cert *c = cc_cert_new(CC_ROLE_PEER, CC_FMT_PEM, "peer.pem");
	struct cc_idcheck *k;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	c->subject = cc_xstrdup(subject);
	c->issuer = cc_xstrdup("CN=CA");
	c->serial = cc_xstrdup("01");
	cc_certset_init(&set);
	cc_certset_append(&set, c);
	cc_ctx_init(&ctx, "diagnose", 0);
	cc_report_init(&r, "diagnose", &set);
	k = cc_idcheck_new(conf, NULL, peer_id, true, &r, &res);
	cc_idcheck_cert(k, &set, 0, ids);
	cc_idcheck_finish(k);
	cc_report_add_part(&r, cc_idresults_part(&res));
	f = open_memstream(&buf, &len);
	ck_assert(cc_report_write_json(&r, &ctx, f));
	fclose(f);
	cc_report_release(&r);
	cc_idresults_release(&res);
	cc_certset_release(&set);
	return buf;
}

/* A file loaded for one peer (cc_idconf_parse_for()) gives that peer's
 * check the report the whole file gives, with and without --peer-id. */
START_TEST(test_kept_for_one_peer)
{
	static const char *const pids[] = { NULL, "email:a@x.example",
					    "fqdn:h.z.example", "dn:CN=u1" };

	rng_state = 0x2545f4914f6cdd1dULL + (unsigned long long)_i;
	for (int round = 0; round < 20; round++) {
		char *text = random_conf(1 + rnd(6), 1 + rnd(4), 60);
		struct cc_ctx ctx;
		struct cc_idconf all;

		parse(&all, text);
		for (int k = 0; k < 10; k++) {
			struct cc_idconf kept;
			struct cc_idset ids;
			struct cc_id pid = { 0 };
			const char *ptext =
				pids[rnd(countof(pids) + 1) % countof(pids)];
			char subject[256], why[256], *a, *b;

			random_peer(&ids, subject, sizeof(subject));
			if (ptext && !rnd(3))
				ptext = ids.id[0].text; /* the subject itself */
			if (ptext)
				ck_assert(cc_id_parse(ptext, &pid, why,
						      sizeof(why)));
			cc_ctx_init(&ctx, "test", 0);
			ck_assert(cc_idconf_parse_for(
					  &ctx, &kept, "random.conf", text,
					  &(struct cc_idkeep){
						  &ids,
						  ptext ? &pid : NULL }) == 0);
			a = one_peer(&all, subject, &ids, ptext ? &pid : NULL);
			b = one_peer(&kept, subject, &ids, ptext ? &pid : NULL);
			ck_assert_msg(!strcmp(a, b),
				      "peer %s (--peer-id %s):\nwhole file: "
				      "%s\nkept: %s\nin\n%s",
				      subject, ptext ? ptext : "none", a, b,
				      text);
			free(a);
			free(b);
			cc_idconf_release(&kept);
			cc_id_release(&pid);
			cc_idset_release(&ids);
		}
		cc_idconf_release(&all);
		free(text);
	}
}
END_TEST

/* ---- shadowing and duplicates ---- */

/* The definition: every earlier tunnel, every entry of its list. */
static int naive_shadowed_by(const struct cc_idconf *conf, size_t t, int e)
{
	const struct cc_tunnel *b = &conf->tunnel[t];
	bool ss = conf->profile == CC_PROFILE_STRONGSWAN;

	for (size_t a = 0; a < t; a++) {
		const struct cc_tunnel *ta = &conf->tunnel[a];

		if (!ta->remote.all &&
		    (b->remote.all ||
		     !cc_iprange_contains(&ta->remote, &b->remote)))
			continue;
		if (ta->list < 0) {
			if (!ss || e < 0)
				return (int)a;
			continue;
		}
		if (e < 0)
			continue;
		for (size_t k = 0; k < conf->list[ta->list].n; k++) {
			const struct cc_id *x = &conf->list[ta->list].entry[k];
			const struct cc_id *y = &conf->list[b->list].entry[e];

			if (idshadow_covers(conf, x, y) &&
			    (!ss ||
			     idshadow_self_score(x) >= idshadow_self_score(y)))
				return (int)a;
		}
	}
	return -1;
}

/* The shadow elements the definition gives, as "t/e/by" lines. */
static void naive_shadows(const struct cc_idconf *conf, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t t = 1; t < conf->ntunnels; t++) {
		const struct cc_tunnel *b = &conf->tunnel[t];
		size_t ne = b->list < 0 ? 0 : conf->list[b->list].n, hidden = 0;
		int by = b->list < 0 ? naive_shadowed_by(conf, t, -1) : -1;
		int last = -1;

		for (size_t e = 0; e < ne; e++) {
			int x = naive_shadowed_by(conf, t, (int)e);

			hidden += x >= 0;
			if (x >= 0)
				last = x;
		}
		if (b->list >= 0 && ne && hidden == ne)
			by = last;
		if (by >= 0) {
			n += (size_t)snprintf(out + n, len - n, "%zu/-1/%d\n",
					      t, by);
			continue;
		}
		for (size_t e = 0; e < ne; e++) {
			int x = naive_shadowed_by(conf, t, (int)e);

			if (x >= 0)
				n += (size_t)snprintf(out + n, len - n,
						      "%zu/%zu/%d\n", t, e, x);
		}
	}
}

static void naive_duplicates(const struct cc_idconf *conf, char *out,
			     size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t l = 0; l < conf->nlists; l++)
		for (size_t e = 0; e < conf->list[l].n; e++)
			for (size_t d = 0; d < e; d++)
				if (!strcasecmp(conf->list[l].entry[d].text,
						conf->list[l].entry[e].text)) {
					n += (size_t)snprintf(
						out + n, len - n,
						"list %s has '%s' twice (lines "
						"%d "
						"and %d)\n",
						conf->list[l].name,
						conf->list[l].entry[e].text,
						conf->list[l].entry[d].line,
						conf->list[l].entry[e].line);
					break;
				}
}

/* What cc_idcheck_new() and _finish() say of conf (no certificates). */
static void indexed(const struct cc_idconf *conf, char *shadows, char *dups,
		    size_t len)
{
	struct cc_report r;
	struct cc_idresults res;
	struct cc_idcheck *k;
	size_t n = 0, m = 0;

	cc_report_init(&r, "idlist", NULL);
	k = cc_idcheck_new(conf, NULL, NULL, false, &r, &res);
	cc_idcheck_finish(k);
	shadows[0] = dups[0] = '\0';
	for (size_t i = 0; i < res.nshadow; i++)
		n += (size_t)snprintf(shadows + n, len - n, "%d/%d/%d\n",
				      res.shadow[i].tunnel, res.shadow[i].entry,
				      res.shadow[i].by);
	for (size_t i = 0; i < r.nfindings; i++)
		if (r.findings[i]->check == CC_CHECK_IDLIST_DUPLICATE)
			m += (size_t)snprintf(dups + m, len - m, "%s\n",
					      r.findings[i]->message);
	cc_idresults_release(&res);
	cc_report_release(&r);
}

START_TEST(test_shadows_are_the_pairs)
{
	static char want[1 << 16], got[1 << 16], wantd[1 << 16], gotd[1 << 16];

	rng_state = 0x2545f4914f6cdd1dULL + (unsigned long long)_i;
	for (int round = 0; round < 60; round++) {
		char *text = random_conf(2 + rnd(14), 1 + rnd(6), 12);
		struct cc_idconf conf;

		parse(&conf, text);
		naive_shadows(&conf, want, sizeof(want));
		naive_duplicates(&conf, wantd, sizeof(wantd));
		indexed(&conf, got, gotd, sizeof(got));
		ck_assert_msg(!strcmp(want, got),
			      "shadows: pairwise\n%sindexed\n%sin\n%s", want,
			      got, text);
		ck_assert_msg(!strcmp(wantd, gotd),
			      "duplicates: pairwise\n%sindexed\n%sin\n%s",
			      wantd, gotd, text);
		cc_idconf_release(&conf);
		free(text);
	}
}
END_TEST

/* ---- growth ---- */

/* A directory's worth: T tunnels (a third roaming, the rest one address
 * each, some without a list), each list U users of its own department,
 * plus S subjects no list names. */
static char *big_conf(unsigned tunnels, unsigned users)
{
	size_t cap = 256 + (size_t)tunnels * (80 + users * 160), n = 0;
	char *s = cc_xmalloc(cap);

	for (unsigned t = 0; t < tunnels; t++) {
		if (t % 3 == 0)
			n += (size_t)snprintf(s + n, cap - n,
					      "tunnel T%u idlist=L%u\n", t, t);
		else if (t % 7 == 1)
			n += (size_t)snprintf(s + n, cap - n,
					      "tunnel T%u remote=10.%u.%u.1\n",
					      t, t / 250, t % 250);
		else
			n += (size_t)snprintf(s + n, cap - n,
					      "tunnel T%u remote=10.%u.%u.1 "
					      "idlist=L%u\n",
					      t, t / 250, t % 250, t);
	}
	for (unsigned t = 0; t < tunnels; t++) {
		n += (size_t)snprintf(s + n, cap - n, "idlist L%u\n", t);
		for (unsigned u = 0; u < users; u++)
			n += (size_t)snprintf(
				s + n, cap - n,
				"  dn C=SE, O=Example Corp, OU=Dept%u, "
				"CN=user%u.%u\n  email user%u.%u@example.com\n",
				t, t, u, t, u);
	}
	return s;
}

/* The comparisons one run over T tunnels makes: new (shadowing), the
 * closest entry for S strangers, finish (duplicates). */
static unsigned long long work_for(unsigned tunnels, unsigned users,
				   unsigned strangers)
{
	char *text = big_conf(tunnels, users);
	struct cc_idconf conf;
	struct cc_report r;
	struct cc_idresults res;
	struct cc_idcheck *k;
	struct idnear *x;
	unsigned long long before = cc_idlist_work();

	parse(&conf, text);
	cc_report_init(&r, "idlist", NULL);
	k = cc_idcheck_new(&conf, NULL, NULL, false, &r, &res);
	cc_idcheck_finish(k);
	x = idnear_new(&conf);
	for (unsigned i = 0; i < strangers; i++) {
		char dn[128], why[128];
		struct cc_dn subject;
		int l, e;

		snprintf(dn, sizeof(dn),
			 "C=SE, O=Example Corp, OU=Dept%u, CN=stranger%u",
			 i % (tunnels + 5), i);
		ck_assert_msg(cc_dn_parse(dn, &subject, why, sizeof(why)), "%s",
			      why);
		idnear_find(x, &subject, &l, &e);
		ck_assert_int_ge(l, 0);
		cc_dn_release(&subject);
	}
	ck_assert_uint_eq(res.nshadow, 0); /* nothing is hidden here */
	idnear_free(x);
	cc_idresults_release(&res);
	cc_report_release(&r);
	cc_idconf_release(&conf);
	free(text);
	return cc_idlist_work() - before;
}

START_TEST(test_doubling)
{
	unsigned long long one = work_for(300, 40, 2000),
			   two = work_for(600, 40, 4000);

	ck_assert_uint_gt(one, 0);
	ck_assert_msg(two <= 3 * one,
		      "doubling tunnels and strangers took %llu comparisons "
		      "for %llu: more than linear",
		      two, one);
}
END_TEST

START_TEST(test_doubling_one_list)
{
	unsigned long long one = work_for(1, 20000, 2000),
			   two = work_for(1, 40000, 4000);

	ck_assert_msg(two <= 3 * one,
		      "doubling one list and its strangers took %llu "
		      "comparisons for %llu",
		      two, one);
}
END_TEST

Suite *idscale_suite(void)
{
	Suite *s = suite_create("idscale");
	TCase *tc = tcase_create("differential");

	tcase_add_loop_test(tc, test_closest_is_the_scans, 0, 5);
	tcase_add_loop_test(tc, test_shadows_are_the_pairs, 0, 5);
	tcase_add_loop_test(tc, test_kept_for_one_peer, 0, 3);
	suite_add_tcase(s, tc);
	tc = tcase_create("growth");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_doubling);
	tcase_add_test(tc, test_doubling_one_list);
	suite_add_tcase(s, tc);
	return s;
}
