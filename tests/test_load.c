/* SPDX-License-Identifier: MIT */
/*
 * test_load.c - the content-sniffing loader on the generated test PKI:
 * every format, the end entity it picks, and every way a file is bad.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cc_cert.h"
#include "cc_x509.h"

static const struct {
	const char *file; /* under CC_TESTPKI_DIR */
	enum cc_role role;
	const char *password; /* NULL: none given */
	enum cc_err err;
	size_t count;	  /* certificates added */
	const char *leaf; /* the end entity's subject, NULL if none */
	enum cc_format fmt;
	bool key;	 /* the leaf carries a private key */
	const char *msg; /* a part of the error sentence */
} loads[] = {
	{ "healthy/alice.pem", CC_ROLE_PEER, NULL, CC_SUCCESS, 1,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PEM, false, NULL },
	{ "healthy/alice-text.pem", CC_ROLE_PEER, NULL, CC_SUCCESS, 1,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PEM, false, NULL },
	{ "healthy/alice-chain.pem", CC_ROLE_PEER, NULL, CC_SUCCESS, 2,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PEM, false, NULL },
	{ "healthy/alice.der", CC_ROLE_PEER, NULL, CC_SUCCESS, 1,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_DER, false, NULL },
	{ "healthy/alice-chain.p7b", CC_ROLE_PEER, NULL, CC_SUCCESS, 2,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PKCS7, false, NULL },
	{ "healthy/alice-chain.p7c", CC_ROLE_PEER, NULL, CC_SUCCESS, 2,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PKCS7, false, NULL },
	{ "healthy/alice.p12", CC_ROLE_PEER, "correct horse", CC_SUCCESS, 2,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PKCS12, true, NULL },
	{ "healthy/alice-nopass.p12", CC_ROLE_PEER, NULL, CC_SUCCESS, 1,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PKCS12, true, NULL },
	{ "healthy/alice-nopass.p12", CC_ROLE_PEER, "unneeded", CC_SUCCESS, 1,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PKCS12, true, NULL },
	{ "p12-no-key/alice.p12", CC_ROLE_PEER, NULL, CC_SUCCESS, 1,
	  "C=SE, O=Example Corp, CN=alice", CC_FMT_PKCS12, false, NULL },
	{ "healthy/alice-chain.pem", CC_ROLE_UNTRUSTED, NULL, CC_SUCCESS, 2,
	  NULL, CC_FMT_PEM, false, NULL },
	{ "healthy/alice.p12", CC_ROLE_PEER, NULL, CC_EPASSWORD, 0, NULL,
	  CC_FMT_PKCS12, false, "protected by a password" },
	{ "healthy/alice.p12", CC_ROLE_PEER, "wrong", CC_EPASSWORD, 0, NULL,
	  CC_FMT_PKCS12, false, "wrong PKCS#12 password" },
	{ "bad-input/empty.pem", CC_ROLE_CA, NULL, CC_EINPUT, 0, NULL,
	  CC_FMT_PEM, false, "empty file" },
	{ "bad-input/junk.der", CC_ROLE_CA, NULL, CC_EINPUT, 0, NULL,
	  CC_FMT_PEM, false, "not a PEM, DER, PKCS#7 or PKCS#12" },
	{ "bad-input/text.txt", CC_ROLE_CA, NULL, CC_EINPUT, 0, NULL,
	  CC_FMT_PEM, false, "not a PEM, DER, PKCS#7 or PKCS#12" },
	{ "bad-input/broken.pem", CC_ROLE_CA, NULL, CC_EINPUT, 0, NULL,
	  CC_FMT_PEM, false, "no certificate" },
	{ "bad-input/key-only.pem", CC_ROLE_CA, NULL, CC_EINPUT, 0, NULL,
	  CC_FMT_PEM, false, "it holds 'PRIVATE KEY'" },
	{ "no-such-file.pem", CC_ROLE_CA, NULL, CC_EINPUT, 0, NULL, CC_FMT_PEM,
	  false, "cannot open" },
};

START_TEST(test_load)
{
	struct cc_certset set;
	struct cc_ctx ctx;
	struct cc_secret pw = { NULL, 0 };
	char path[4096];
	int leaf = -2;
	enum cc_err err;

	snprintf(path, sizeof(path), "%s/%s", CC_TESTPKI_DIR, loads[_i].file);
	if (loads[_i].password) {
		pw.pass = strdup(loads[_i].password);
		pw.len = strlen(pw.pass);
	}
	cc_ctx_init(&ctx, "test", 0);
	cc_certset_init(&set);
	err = cc_certset_load(&ctx, &set, path, loads[_i].role, &pw, &leaf);
	ck_assert_msg(err == loads[_i].err, "%s: err %d (%s), want %d",
		      loads[_i].file, err, ctx.errmsg, loads[_i].err);
	ck_assert_uint_eq(set.n, loads[_i].count);
	if (err) {
		ck_assert_ptr_nonnull(strstr(ctx.errmsg, loads[_i].msg));
		/* the sentence names the file */
		ck_assert_ptr_nonnull(strstr(ctx.errmsg, loads[_i].file));
	}
	if (loads[_i].leaf) {
		ck_assert_int_ge(leaf, 0);
		ck_assert_str_eq(set.cert[leaf]->subject, loads[_i].leaf);
		ck_assert_int_eq(set.cert[leaf]->role, loads[_i].role);
		ck_assert_int_eq(set.cert[leaf]->format, loads[_i].fmt);
		ck_assert_int_eq(set.cert[leaf]->key != NULL, loads[_i].key);
		for (size_t i = 0; i < set.n; i++)
			if ((int)i != leaf)
				ck_assert_int_eq(set.cert[i]->role,
						 CC_ROLE_UNTRUSTED);
	} else if (!err) {
		for (size_t i = 0; i < set.n; i++)
			ck_assert_int_eq(set.cert[i]->role, loads[_i].role);
	}
	cc_secret_release(&pw);
	ck_assert_ptr_null(pw.pass);
	cc_certset_release(&set);
}
END_TEST

START_TEST(test_password_file)
{
	struct cc_ctx ctx;
	struct cc_secret pw;
	char path[4096];

	snprintf(path, sizeof(path), "%s/healthy/password.txt", CC_TESTPKI_DIR);
	cc_ctx_init(&ctx, "test", 0);
	ck_assert_int_eq(cc_secret_load(&ctx, &pw, path), CC_SUCCESS);
	ck_assert_str_eq(pw.pass, "correct horse"); /* no line end */
	cc_secret_release(&pw);
	ck_assert_int_eq(cc_secret_load(&ctx, &pw, "/nonexistent/pw"),
			 CC_EINPUT);
	setenv("CERTCHECK_PASSWORD", "from env", 1);
	ck_assert_int_eq(cc_secret_load(&ctx, &pw, NULL), CC_SUCCESS);
	ck_assert_str_eq(pw.pass, "from env");
	cc_secret_release(&pw);
	unsetenv("CERTCHECK_PASSWORD");
}
END_TEST

START_TEST(test_fields)
{
	struct cc_certset set;
	struct cc_ctx ctx;
	char path[4096];
	int leaf;

	snprintf(path, sizeof(path), "%s/healthy/root.pem", CC_TESTPKI_DIR);
	cc_ctx_init(&ctx, "test", 0);
	cc_certset_init(&set);
	ck_assert_int_eq(
		cc_certset_load(&ctx, &set, path, CC_ROLE_LOCAL, NULL, &leaf),
		CC_SUCCESS);
	ck_assert(set.cert[leaf]->self_signed);
	ck_assert(set.cert[leaf]->is_ca);
	ck_assert_str_eq(set.cert[leaf]->subject,
			 "C=SE, O=Example Corp, CN=Example Root CA");
	ck_assert_int_eq(set.cert[leaf]->not_before, 1735689600);
	ck_assert_int_eq(set.cert[leaf]->not_after, 2051222400);
	ck_assert_uint_eq(strlen(set.cert[leaf]->sha256), 64);
	ck_assert_int_eq(cc_certset_find(&set, set.cert[leaf]->x509), leaf);
	cc_certset_release(&set);
}
END_TEST

/* An empty name prints as "" (found by fuzz_load: a memcpy from NULL). */
START_TEST(test_empty_name)
{
	X509_NAME *name = X509_NAME_new();
	char *s = cc_name_string(name);

	ck_assert_str_eq(s, "");
	free(s);
	X509_NAME_free(name);
}
END_TEST

struct seen {
	int n;
};

static void count(void *arg, const struct cc_certset *set, int idx,
		  struct cc_cert_parts *parts)
{
	(void)set;
	(void)idx;
	ck_assert(parts->subject != NULL || parts->dn != NULL);
	((struct seen *)arg)->n++;
}

/* A streamed (light) certificate says what a fully loaded one says. */
START_TEST(test_stream_light)
{
	static const char *const files[] = {
		"healthy/alice-chain.pem", "healthy/alice.der",
		"healthy/alice-chain.p7b", "rsa/alice.pem",
		"hostile/alice.pem",	   "idlist/users/email-in-e.pem",
		"idlist/users/carol.pem"
	};
	struct cc_certset full, light;
	struct cc_ctx ctx;
	struct seen seen = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", CC_TESTPKI_DIR, files[_i]);
	cc_ctx_init(&ctx, "test", 0);
	cc_certset_init(&full);
	cc_certset_init(&light);
	ck_assert_int_eq(
		cc_certset_load(&ctx, &full, path, CC_ROLE_USER, NULL, NULL),
		CC_SUCCESS);
	ck_assert_int_eq(cc_certset_stream(&ctx, &light, path, CC_ROLE_USER,
					   NULL, count, &seen),
			 CC_SUCCESS);
	ck_assert_uint_eq(full.n, light.n);
	ck_assert_int_eq(seen.n, (int)light.n);
	for (size_t i = 0; i < full.n; i++) {
		const struct cc_cert *a = full.cert[i], *b = light.cert[i];

		ck_assert_str_eq(a->subject, b->subject);
		ck_assert_str_eq(a->issuer, b->issuer);
		ck_assert_str_eq(a->serial, b->serial);
		ck_assert_str_eq(a->sha256, b->sha256);
		ck_assert_int_eq(a->not_before, b->not_before);
		ck_assert_int_eq(a->not_after, b->not_after);
		ck_assert_int_eq(a->is_ca, b->is_ca);
		ck_assert_int_eq(a->self_signed, b->self_signed);
	}
	cc_certset_release(&full);
	cc_certset_release(&light);
}
END_TEST

Suite *load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("formats");

	tcase_add_loop_test(tc, test_load, 0, countof(loads));
	tcase_add_test(tc, test_password_file);
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_empty_name);
	tcase_add_loop_test(tc, test_stream_light, 0, 7);
	suite_add_tcase(s, tc);
	return s;
}
