/* SPDX-License-Identifier: MIT */
/*
 * test_checks.c - the usage and key checks in-process, on the generated
 * test PKI: each scenario's end entity gives exactly the expected check.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "cc_checks.h"

static const struct {
	const char *file; /* under CC_TESTPKI_DIR */
	enum cc_role role;
	const char *check; /* the finding expected */
	enum cc_status st;
	enum cc_cause cause;
} cases[] = {
	{ "healthy/alice.pem", CC_ROLE_PEER, "pair.usage.ok", CC_STATUS_OK,
	  CC_CAUSE_WRONG_CERTIFICATE },
	{ "healthy/gw.pem", CC_ROLE_LOCAL, "pair.usage.ok", CC_STATUS_OK,
	  CC_CAUSE_WRONG_CERTIFICATE },
	/* a gateway's certificate needs serverAuth, not clientAuth */
	{ "healthy/alice.pem", CC_ROLE_LOCAL, "pair.usage.eku", CC_STATUS_WARN,
	  CC_CAUSE_WRONG_CERTIFICATE },
	{ "wrong-eku/alice.pem", CC_ROLE_PEER, "pair.usage.eku", CC_STATUS_WARN,
	  CC_CAUSE_WRONG_CERTIFICATE },
	{ "ipsec-eku/alice.pem", CC_ROLE_PEER, "pair.usage.ok", CC_STATUS_OK,
	  CC_CAUSE_WRONG_CERTIFICATE },
	{ "no-digitalsig/alice.pem", CC_ROLE_PEER, "pair.usage.key-usage",
	  CC_STATUS_FAIL, CC_CAUSE_WRONG_CERTIFICATE },
	{ "healthy/issuing.pem", CC_ROLE_PEER, "pair.usage.ca-certificate",
	  CC_STATUS_FAIL, CC_CAUSE_WRONG_CERTIFICATE },
	{ "p12-foreign-key/alice.p12", CC_ROLE_PEER, "pair.usage.key-mismatch",
	  CC_STATUS_FAIL, CC_CAUSE_WRONG_CERTIFICATE },
	{ "p12-no-key/alice.p12", CC_ROLE_PEER, "pair.usage.no-private-key",
	  CC_STATUS_FAIL, CC_CAUSE_WRONG_CERTIFICATE },
	{ "healthy/alice-nopass.p12", CC_ROLE_PEER, "pair.usage.ok",
	  CC_STATUS_OK, CC_CAUSE_WRONG_CERTIFICATE },
	{ "healthy/alice.pem", CC_ROLE_PEER, "pair.key.ok", CC_STATUS_OK,
	  CC_CAUSE_KEY },
	{ "rsa/alice.pem", CC_ROLE_PEER, "pair.key.ok", CC_STATUS_OK,
	  CC_CAUSE_KEY },
	{ "rsa1024/alice.pem", CC_ROLE_PEER, "pair.key.weak-key",
	  CC_STATUS_WARN, CC_CAUSE_KEY },
	{ "rsa512/alice.pem", CC_ROLE_PEER, "pair.key.weak-key", CC_STATUS_FAIL,
	  CC_CAUSE_KEY },
	{ "odd-curve/alice.pem", CC_ROLE_PEER, "pair.key.weak-key",
	  CC_STATUS_WARN, CC_CAUSE_KEY },
	{ "ed25519/alice.pem", CC_ROLE_PEER, "pair.key.weak-key",
	  CC_STATUS_WARN, CC_CAUSE_KEY },
	{ "sha1/alice.pem", CC_ROLE_PEER, "pair.key.weak-signature",
	  CC_STATUS_WARN, CC_CAUSE_KEY },
	{ "md5/alice.pem", CC_ROLE_PEER, "pair.key.weak-signature",
	  CC_STATUS_FAIL, CC_CAUSE_KEY },
	/* a root's own SHA-256 self-signature: never judged, key fine */
	{ "healthy/root.pem", CC_ROLE_PEER, "pair.key.ok", CC_STATUS_OK,
	  CC_CAUSE_KEY },
};

START_TEST(test_case)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_ctx ctx;
	struct cc_chain chain = { .n = 1 };
	struct cc_secret none = { NULL, 0 };
	char path[4096];
	int leaf, found = 0;

	snprintf(path, sizeof(path), "%s/%s", CC_TESTPKI_DIR, cases[_i].file);
	cc_ctx_init(&ctx, "test", 1780315200);
	cc_certset_init(&set);
	cc_report_init(&r, "pair", &set);
	ck_assert_msg(cc_certset_load(&ctx, &set, path, cases[_i].role, &none,
				      &leaf) == CC_SUCCESS,
		      "%s", ctx.errmsg);
	chain.leaf = chain.idx[0] = leaf;
	if (cases[_i].cause == CC_CAUSE_KEY)
		cc_check_keys(&ctx, &r, &set, &chain, 1);
	else
		cc_check_usage(&ctx, &r, &set, leaf);
	for (size_t i = 0; i < r.nfindings; i++) {
		const struct cc_finding *f = r.findings[i];

		ck_assert_int_eq(f->cause, cases[_i].cause);
		ck_assert_int_eq(f->cert, leaf);
		if (!strcmp(cc_finding_id(f), cases[_i].check)) {
			found++;
			ck_assert_int_eq(f->status, cases[_i].st);
			if (f->status >= CC_STATUS_WARN)
				ck_assert_ptr_nonnull(f->remedy);
		}
		/* a passing case has nothing else to say */
		if (cases[_i].st == CC_STATUS_OK)
			ck_assert_int_eq(f->status, CC_STATUS_OK);
	}
	ck_assert_msg(found == 1, "%s: %d findings %s", cases[_i].file, found,
		      cases[_i].check);
	cc_report_release(&r);
	cc_certset_release(&set);
}
END_TEST

/* --expect-peer, now a check of the core: the same certificate, another
 * CA's of the same name, another user's. */
static const struct {
	const char *presented, *expected;
	enum cc_status st;
	const char *says;
} expects[] = {
	{ "healthy/alice.pem", "healthy/alice.pem", CC_STATUS_OK,
	  "issued for it" },
	{ "different-roots/alice.pem", "healthy/alice.pem", CC_STATUS_FAIL,
	  "from another CA" },
	{ "healthy/gw.pem", "healthy/alice.pem", CC_STATUS_FAIL,
	  "another user's" },
};

START_TEST(test_expected_peer)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_ctx ctx;
	struct cc_secret none = { NULL, 0 };
	char path[4096];
	int peer, expected;

	cc_ctx_init(&ctx, "test", 1780315200);
	cc_certset_init(&set);
	cc_report_init(&r, "diagnose", &set);
	snprintf(path, sizeof(path), "%s/%s", CC_TESTPKI_DIR,
		 expects[_i].presented);
	ck_assert_int_eq(
		cc_certset_load(&ctx, &set, path, CC_ROLE_PEER, &none, &peer),
		CC_SUCCESS);
	snprintf(path, sizeof(path), "%s/%s", CC_TESTPKI_DIR,
		 expects[_i].expected);
	ck_assert_int_eq(cc_certset_load(&ctx, &set, path,
					 CC_ROLE_EXPECTED_PEER, &none,
					 &expected),
			 CC_SUCCESS);
	cc_check_expected_peer(&r, &set, peer, expected);
	ck_assert_uint_eq(r.nfindings, 1);
	ck_assert_int_eq(r.findings[0]->check, CC_CHECK_DIAGNOSE_EXPECTED_PEER);
	ck_assert_int_eq(r.findings[0]->cause, CC_CAUSE_WRONG_CERTIFICATE);
	ck_assert_int_eq(r.findings[0]->status, expects[_i].st);
	ck_assert_msg(strstr(r.findings[0]->message, expects[_i].says), "%s",
		      r.findings[0]->message);
	cc_report_release(&r);
	cc_certset_release(&set);
}
END_TEST

Suite *checks_suite(void)
{
	Suite *s = suite_create("checks");
	TCase *tc = tcase_create("usage-and-keys");

	tcase_add_loop_test(tc, test_case, 0, countof(cases));
	tcase_add_loop_test(tc, test_expected_peer, 0, countof(expects));
	suite_add_tcase(s, tc);
	return s;
}
