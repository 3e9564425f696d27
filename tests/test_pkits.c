/*
 * test_pkits.c - NIST PKITS sections 4.1 (signatures), 4.2 (validity
 * periods) and 4.3 (name chaining) through certcheck's chain and validity
 * checks, at 2020-01-01T00:00:00Z.  A row is "valid" when neither
 * ca-mismatch nor validity is confirmed or likely.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cc_checks.h"

#define PKITS_AT 1577836800 /* 2020-01-01T00:00:00Z */

/* Rows where OpenSSL itself cannot agree, each with the reason. */
static const struct {
	const char *id;
	const char *why;
} known[] = {
	{ "4.1.5", "OpenSSL does not support DSA parameter inheritance" },
};

static const char *known_why(const char *id)
{
	for (size_t i = 0; i < countof(known); i++)
		if (!strcmp(known[i].id, id))
			return known[i].why;
	return NULL;
}

static void load(struct cc_ctx *ctx, struct cc_certset *set, const char *file,
		 enum cc_role role, int *leaf)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/certs/%s", CC_PKITS_DIR, file);
	ck_assert_msg(cc_certset_load(ctx, set, path, role, NULL, leaf) == 0,
		      "%s", ctx->errmsg);
}

/* Runs one row; returns true when certcheck says valid. */
static bool run_row(const char *ee, char *intermediates)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_ctx ctx;
	struct cc_chain chain;
	char *save = NULL;
	int leaf;
	bool valid;

	cc_ctx_init(&ctx, "pkits", PKITS_AT);
	ctx.now_given = true;
	cc_certset_init(&set);
	cc_report_init(&r, "pkits", &set);
	load(&ctx, &set, ee, CC_ROLE_PEER, &leaf);
	load(&ctx, &set, "TrustAnchorRootCertificate.crt", CC_ROLE_CA, NULL);
	for (char *f = strtok_r(intermediates, ",", &save); f;
	     f = strtok_r(NULL, ",", &save))
		if (strcmp(f, "-"))
			load(&ctx, &set, f, CC_ROLE_UNTRUSTED, NULL);
	cc_check_chain(&ctx, &r, &set, leaf, CC_SIDE_LOCAL, &chain);
	cc_check_validity(&ctx, &r, &set, &chain, 1);
	valid = cc_report_verdict(&r, CC_CAUSE_CA_MISMATCH, NULL) < CC_LIKELY &&
		cc_report_verdict(&r, CC_CAUSE_VALIDITY, NULL) < CC_LIKELY;
	cc_report_release(&r);
	cc_certset_release(&set);
	return valid;
}

START_TEST(test_pkits_4_1_to_4_3)
{
	char path[4096], line[4096], bad[2048] = "";
	int rows = 0, agree = 0, excused = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/expected.tsv", CC_PKITS_DIR);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *col[12] = { 0 }, *save = NULL, *p;
		int n = 0;
		bool valid, want;

		line[strcspn(line, "\r\n")] = '\0';
		for (p = strtok_r(line, "\t", &save); p && n < 12;
		     p = strtok_r(NULL, "\t", &save))
			col[n++] = p;
		if (n < 7 || strncmp(col[0], "4.", 2) ||
		    !(col[0][2] >= '1' && col[0][2] <= '3' && col[0][3] == '.'))
			continue;
		rows++;
		want = !strcmp(col[5], "valid");
		valid = run_row(col[2], col[3]);
		if (valid == want) {
			agree++;
		} else if (known_why(col[0])) {
			excused++;
			printf("PKITS %s %s: certcheck says %s, expected %s: "
			       "%s\n",
			       col[0], col[1], valid ? "valid" : "invalid",
			       col[5], known_why(col[0]));
		} else {
			size_t used = strlen(bad);

			snprintf(bad + used, sizeof(bad) - used, " %s(%s)",
				 col[0], valid ? "valid" : "invalid");
		}
	}
	fclose(f);
	printf("PKITS 4.1-4.3: %d of %d rows agree, %d known OpenSSL "
	       "limitation(s)\n",
	       agree, rows, excused);
	ck_assert_int_eq(rows, 25);
	ck_assert_msg(!bad[0], "rows that disagree:%s", bad);
	ck_assert_int_eq(agree + excused, rows);
}
END_TEST

Suite *pkits_suite(void)
{
	Suite *s = suite_create("pkits");
	TCase *tc = tcase_create("4.1-4.3");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pkits_4_1_to_4_3);
	suite_add_tcase(s, tc);
	return s;
}
