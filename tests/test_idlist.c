/* SPDX-License-Identifier: MIT */
/*
 * test_idlist.c - ID-list matching on tables: strongSwan's identification
 * cases (test_identification.c) with their scores, rdn_matching, string
 * types, the rfc5280 and clavister rules of doc/idlist.md, and the parser's
 * errors.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cc_idlist.h"

/* An identity of the certificate: "dn:..", "email:..", "fqdn:..", "ip:.." */
static void identity(const char *s, struct cc_id *id)
{
	char why[256];

	ck_assert_msg(cc_id_parse(s, id, why, sizeof(why)), "%s: %s", s, why);
}

/* An entry "TYPE VALUE" parsed as the file parser does (through a file). */
static void entry(const char *type, const char *value, struct cc_id *e,
		  struct cc_idconf *conf, enum cc_profile p,
		  enum cc_rdn_matching m)
{
	struct cc_ctx ctx;
	char *text = cc_xasprintf("tunnel T idlist=L\nidlist L\n  %s %s\n",
				  type, value);

	cc_ctx_init(&ctx, "test", 0);
	ck_assert_msg(cc_idconf_parse(&ctx, conf, "t.conf", text) == 0, "%s",
		      ctx.errmsg);
	free(text);
	conf->profile = p;
	conf->rdn = m;
	*e = conf->list[0].entry[0];
}

static const struct {
	enum cc_profile profile;
	enum cc_rdn_matching mode;
	const char *id;		  /* the certificate's identity */
	const char *type, *value; /* the list entry */
	int score;
} matches[] = {
#define SS CC_PROFILE_STRONGSWAN, CC_RDN_STRICT
	/* strongSwan test_matches */
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn",
	  "C=CH, E=moon@strongswan.org, CN=moon", 20 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn",
	  "C=CH, E=*@strongswan.org, CN=moon", 0 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn",
	  "C=CH, E=*, CN=moon", 19 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn",
	  "C=CH, E=*, CN=*", 18 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn", "C=*, E=*, CN=*",
	  17 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn",
	  "C=*, E=*, CN=*, O=BADInc", 0 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn", "C=*, E=*", 0 },
	{ SS, "dn:C=CH, E=moon@strongswan.org, CN=moon", "dn",
	  "C=*, E=a@b.c, CN=*", 0 },
	/* test_matches_string: email */
	{ SS, "email:moon@strongswan.org", "email", "moon@strongswan.org", 20 },
	{ SS, "email:moon@strongswan.org", "email", "*@strongswan.org", 19 },
	{ SS, "email:moon@strongswan.org", "email", "*@*.org", 0 },
	{ SS, "email:moon@strongswan.org", "email", "*@*", 0 },
	{ SS, "email:moon@strongswan.org", "email", "moon@*", 0 },
	{ SS, "email:moon@strongswan.org", "fqdn", "*strongswan.org", 0 },
	{ SS, "email:moon@strongswan.org", "fqdn", "*.org", 0 },
	{ SS, "email:MOON@StrongSwan.org", "email", "moon@strongswan.org", 20 },
	/* test_matches_string: fqdn */
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "vpn.strongswan.org", 20 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "*.strongswan.org", 19 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "*strongswan.org", 19 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "*.org", 19 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "*.strongswan.*", 0 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "*vpn.strongswan.org", 0 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "vpn.strongswan.*", 0 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "**", 0 },
	{ SS, "fqdn:vpn.strongswan.org", "fqdn", "*", 1 },
	{ SS, "fqdn:IPSEC.strongSwan.ORG", "fqdn", "ipsec.strongswan.org", 20 },
	/* test_matches_range: IPv4 */
	{ SS, "ip:192.168.1.1", "ip", "0.0.0.0/0", 2 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.1", 20 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.2", 0 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.1/32", 20 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.0/32", 0 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.0/24", 19 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.0.0/24", 0 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.1-192.168.1.1", 20 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.0-192.168.1.64", 19 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.1.2-192.168.1.64", 0 },
	{ SS, "ip:192.168.1.1", "ip", "192.168.0.240-192.168.1.0", 0 },
	{ SS, "ip:192.168.1.1", "email", "foo@bar", 0 },
	/* IPv6 */
	{ SS, "ip:fec0::1", "ip", "::/0", 2 },
	{ SS, "ip:fec0::1", "ip", "fec0::1", 20 },
	{ SS, "ip:fec0::1", "ip", "fec0::2", 0 },
	{ SS, "ip:fec0::1", "ip", "fec0::1/128", 20 },
	{ SS, "ip:fec0::1", "ip", "fec0::/128", 0 },
	{ SS, "ip:fec0::1", "ip", "fec0::/120", 19 },
	{ SS, "ip:fec0::1", "ip", "fec0::100/120", 0 },
	{ SS, "ip:fec0::1", "ip", "fec0::1-fec0::1", 20 },
	{ SS, "ip:fec0::1", "ip", "fec0::0-fec0::5", 19 },
	{ SS, "ip:fec0::1", "ip", "fec0::4001-fec0::4ffe", 0 },
	{ SS, "ip:fec0::1", "ip", "feb0::1-fec0::0", 0 },
	{ SS, "ip:192.168.1.1", "ip", "::/0", 0 },
	/* rdn_matching: strict, reordered, relaxed */
	{ SS, "dn:C=CH, O=strongSwan, CN=moon", "dn",
	  "CN=moon, C=CH, O=strongSwan", 0 },
	{ CC_PROFILE_STRONGSWAN, CC_RDN_REORDERED,
	  "dn:C=CH, O=strongSwan, CN=moon", "dn", "CN=moon, C=CH, O=strongSwan",
	  20 },
	{ CC_PROFILE_STRONGSWAN, CC_RDN_REORDERED,
	  "dn:C=CH, O=strongSwan, CN=moon", "dn", "CN=moon, C=CH", 0 },
	{ CC_PROFILE_STRONGSWAN, CC_RDN_RELAXED,
	  "dn:C=CH, O=strongSwan, CN=moon", "dn", "CN=moon, C=CH", 19 },
	{ CC_PROFILE_STRONGSWAN, CC_RDN_RELAXED,
	  "dn:C=CH, O=strongSwan, CN=moon", "dn", "CN=*, C=CH", 18 },
	{ CC_PROFILE_STRONGSWAN, CC_RDN_RELAXED,
	  "dn:C=CH, O=strongSwan, CN=moon", "dn",
	  "CN=moon, C=CH, O=strongSwan, OU=x", 0 },
	/* several OUs */
	{ SS, "dn:C=SE, O=Ex, OU=Sales, OU=Support, CN=carol", "dn",
	  "C=SE, O=Ex, OU=Support, CN=carol", 0 },
	{ CC_PROFILE_STRONGSWAN, CC_RDN_RELAXED,
	  "dn:C=SE, O=Ex, OU=Sales, OU=Support, CN=carol", "dn",
	  "C=SE, O=Ex, OU=Support, CN=carol", 19 },
	{ CC_PROFILE_CLAVISTER, 0,
	  "dn:C=SE, O=Ex, OU=Sales, OU=Support, CN=carol", "dn", "OU=Support",
	  17 },
	{ CC_PROFILE_CLAVISTER, 0,
	  "dn:C=SE, O=Ex, OU=Sales, OU=Support, CN=carol", "dn", "OU=Marketing",
	  0 },
	/* literal '*' inside values */
	{ SS, "dn:C=CH, CN=a*b", "dn", "C=CH, CN=a*b", 20 },
	{ SS, "dn:C=CH, CN=axb", "dn", "C=CH, CN=a*b", 0 },
	{ SS, "dn:C=CH, CN=moon", "dn", "C=CH, CN=\\*", 0 },
	/* clavister: order ignored, white space folded, unnamed = wildcards */
	{ CC_PROFILE_CLAVISTER, 0, "dn:C=SE, O=Example Corp, OU=Sales, CN=bob",
	  "dn", "O=example  corp, OU=Sales", 18 },
	{ CC_PROFILE_CLAVISTER, 0, "dn:C=SE, O=Example Corp, OU=Sales, CN=bob",
	  "dn", "CN=bob, OU=Sales, O=Example Corp, C=SE", 20 },
	{ CC_PROFILE_CLAVISTER, 0, "dn:C=SE, O=Example Corp, CN=bob", "dn",
	  "OU=*", 0 },
	{ CC_PROFILE_CLAVISTER, 0, "dn:C=SE, O=Example Corp, OU=Eng, CN=bob",
	  "dn", "C=SE, O=Example Corp, OU=Eng, CN=*", 19 },
	/* rfc5280: order kept, RFC 4518 case and space, AVAs of an RDN
	 * in any order */
	{ CC_PROFILE_RFC5280, 0, "dn:C=SE, O=Example Corp, CN=Alice", "dn",
	  "C=se, O=  example   CORP , CN=alice", 20 },
	{ CC_PROFILE_RFC5280, 0, "dn:C=SE, O=Example Corp, CN=Alice", "dn",
	  "O=Example Corp, C=SE, CN=Alice", 0 },
	{ CC_PROFILE_RFC5280, 0, "dn:C=SE, CN=a+UID=x", "dn",
	  "C=SE, UID=x+CN=a", 20 },
	{ CC_PROFILE_RFC5280, 0, "email:Alice@Example.COM", "email",
	  "Alice@example.com", 20 },
	{ CC_PROFILE_RFC5280, 0, "email:alice@example.com", "email",
	  "Alice@example.com", 0 },
	/* an fqdn never matches a CN, an email never E= */
	{ SS, "dn:C=CH, CN=vpn.strongswan.org", "fqdn", "vpn.strongswan.org",
	  0 },
	{ SS, "dn:C=CH, E=moon@strongswan.org", "email", "moon@strongswan.org",
	  0 },
#undef SS
};

START_TEST(test_match)
{
	struct cc_idconf conf;
	struct cc_id e, id;
	int got;

	entry(matches[_i].type, matches[_i].value, &e, &conf,
	      matches[_i].profile, matches[_i].mode);
	identity(matches[_i].id, &id);
	got = cc_id_match(&conf, &e, &id, NULL, 0);
	ck_assert_msg(got == matches[_i].score, "%s vs %s %s: %d, want %d",
		      matches[_i].id, matches[_i].type, matches[_i].value, got,
		      matches[_i].score);
	cc_id_release(&id);
	cc_idconf_release(&conf);
}
END_TEST

/* strongSwan compares case-insensitively only where both sides are
 * PrintableString. */
START_TEST(test_string_types)
{
	struct cc_idconf conf;
	struct cc_id e, id;

	entry("dn", "C=CH, CN=moon", &e, &conf, CC_PROFILE_STRONGSWAN,
	      CC_RDN_STRICT);
	identity("dn:C=CH, CN=Moon", &id);
	id.dn.rdn[1].ava[0].printable = true; /* PrintableString "Moon" */
	ck_assert_int_eq(cc_id_match(&conf, &e, &id, NULL, 0), 20);
	id.dn.rdn[1].ava[0].printable = false; /* UTF8String "Moon" */
	ck_assert_int_eq(cc_id_match(&conf, &e, &id, NULL, 0), 0);
	conf.profile = CC_PROFILE_CLAVISTER; /* case never matters there */
	ck_assert_int_eq(cc_id_match(&conf, &e, &id, NULL, 0), 20);
	cc_id_release(&id);
	cc_idconf_release(&conf);
	/* a list value with a non-PrintableString character is UTF8String */
	entry("dn", "C=CH, CN=moon@x", &e, &conf, CC_PROFILE_STRONGSWAN,
	      CC_RDN_STRICT);
	ck_assert(!e.dn.rdn[1].ava[0].printable);
	cc_idconf_release(&conf);
}
END_TEST

START_TEST(test_diff)
{
	struct cc_idconf conf;
	struct cc_id e, id;
	char diff[200];

	entry("dn", "O=Example Corp, OU=Sales", &e, &conf, CC_PROFILE_CLAVISTER,
	      0);
	identity("dn:C=SE, O=Example Corp, OU=Engineering, CN=alice", &id);
	ck_assert_int_eq(cc_id_match(&conf, &e, &id, diff, sizeof(diff)), 0);
	ck_assert_str_eq(diff, "OU: certificate has \"Engineering\", entry "
			       "wants \"Sales\"");
	cc_id_release(&id);
	cc_idconf_release(&conf);
}
END_TEST

static const struct {
	const char *text;
	const char *error; /* NULL: parses */
} files[] = {
	{ "tunnel A\n", NULL },
	{ "# only\n\ntunnel A  # a roaming tunnel\n", NULL },
	{ "profile strongswan rdn_matching=relaxed\ntunnel A idlist=L\n"
	  "idlist L\n  dn C=SE\\, Inc, CN=x\n\n  fqdn \\#x.example\n",
	  NULL },
	{ "tunnel A idlist=L\nidlist L\n  dn CN=a+UID=b\n  ip 10.0.0.0/8\n"
	  "  ip 10.0.0.1-10.0.0.9\n  email *@x.example\n",
	  NULL },
	{ "", "t.conf:1: no tunnel is defined" },
	{ "tunnel\n", "t.conf:1: 'tunnel' needs a name" },
	{ "frobnicate x\n", "t.conf:1: unknown keyword 'frobnicate'" },
	{ "tunnel A idlist=X\n", "t.conf:1: idlist=X names no list" },
	{ "tunnel A bogus=1\n", "t.conf:1: unknown tunnel option 'bogus=1'" },
	{ "tunnel A remote=300.1.1.1\n", "t.conf:1: remote: '300.1.1.1'" },
	{ "tunnel A\ntunnel A\n", "t.conf:2: tunnel 'A' is defined twice" },
	{ "  dn C=SE\n", "t.conf:1: an indented line outside an idlist block" },
	{ "tunnel A\nprofile strongswan\n",
	  "t.conf:2: 'profile' comes before the first tunnel" },
	{ "profile clavister\nprofile clavister\ntunnel A\n",
	  "t.conf:2: 'profile' given twice" },
	{ "profile other\ntunnel A\n", "t.conf:1: unknown profile 'other'" },
	{ "profile strongswan rdn_matching=weird\n",
	  "t.conf:1: rdn_matching is strict, reordered or relaxed" },
	{ "profile clavister rdn_matching=strict\n",
	  "t.conf:1: unknown profile option" },
	{ "tunnel A idlist=L\nidlist L\n  dn C=SE, XX=1\n",
	  "t.conf:3: unknown attribute keyword 'XX'" },
	{ "tunnel A idlist=L\nidlist L\n  dn C=SE\\q\n",
	  "t.conf:3: a bad escape" },
	{ "tunnel A idlist=L\nidlist L\n  dn C=SE,\n",
	  "t.conf:3: a trailing ','" },
	{ "tunnel A idlist=L\nidlist L\n  dn CN\n",
	  "t.conf:3: 'CN' has no '='" },
	{ "tunnel A idlist=L\nidlist L\n  dn C=\n",
	  "t.conf:3: the value of C" },
	{ "tunnel A idlist=L\nidlist L\n  dn CN=#0403\n",
	  "t.conf:3: hexadecimal values" },
	{ "tunnel A idlist=L\nidlist L\n  email nobody\n",
	  "t.conf:3: an email value has an '@'" },
	{ "tunnel A idlist=L\nidlist L\n  fqdn a@b\n",
	  "t.conf:3: an fqdn value" },
	{ "tunnel A idlist=L\nidlist L\n  ip 10.0.0.0/33\n",
	  "t.conf:3: '10.0.0.0/33': the prefix length" },
	{ "tunnel A idlist=L\nidlist L\n  ip 10.0.0.9-10.0.0.1\n",
	  "t.conf:3: '10.0.0.9-10.0.0.1': the range ends" },
	{ "tunnel A idlist=L\nidlist L\n  uri x\n",
	  "t.conf:3: unknown entry type 'uri'" },
	{ "tunnel A idlist=L\nidlist L\n  dn\n",
	  "t.conf:3: 'dn' needs a value" },
	{ "tunnel A idlist=L\nidlist L\nidlist L\n",
	  "t.conf:3: idlist 'L' is defined twice" },
};

START_TEST(test_parse)
{
	struct cc_idconf conf;
	struct cc_ctx ctx;
	enum cc_err err;

	cc_ctx_init(&ctx, "test", 0);
	err = cc_idconf_parse(&ctx, &conf, "t.conf", files[_i].text);
	if (!files[_i].error) {
		ck_assert_msg(err == CC_SUCCESS, "%s", ctx.errmsg);
		cc_idconf_release(&conf);
		return;
	}
	ck_assert_int_eq(err, CC_EINPUT);
	ck_assert_msg(
		!strncmp(ctx.errmsg, files[_i].error, strlen(files[_i].error)),
		"'%s', want '%s...'", ctx.errmsg, files[_i].error);
}
END_TEST

START_TEST(test_parsed_values)
{
	struct cc_idconf conf;
	struct cc_ctx ctx;

	cc_ctx_init(&ctx, "test", 0);
	ck_assert_int_eq(cc_idconf_parse(&ctx, &conf, "t.conf", files[2].text),
			 0);
	ck_assert_int_eq(conf.profile, CC_PROFILE_STRONGSWAN);
	ck_assert_int_eq(conf.rdn, CC_RDN_RELAXED);
	ck_assert_str_eq(conf.list[0].entry[0].dn.rdn[0].ava[0].value,
			 "SE, Inc");
	ck_assert_str_eq(conf.list[0].entry[1].str, "#x.example");
	ck_assert_int_eq(conf.list[0].entry[1].line, 6);
	ck_assert_int_eq(conf.tunnel[0].list, 0);
	ck_assert(conf.tunnel[0].remote.all);
	cc_idconf_release(&conf);
}
END_TEST

Suite *idlist_suite(void)
{
	Suite *s = suite_create("idlist");
	TCase *tc = tcase_create("match");

	tcase_add_loop_test(tc, test_match, 0, countof(matches));
	tcase_add_test(tc, test_string_types);
	tcase_add_test(tc, test_diff);
	tcase_add_loop_test(tc, test_parse, 0, countof(files));
	tcase_add_test(tc, test_parsed_values);
	suite_add_tcase(s, tc);
	return s;
}
