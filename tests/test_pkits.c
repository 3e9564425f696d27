/*
 * test_pkits.c - NIST PKITS through certcheck's checks at
 * 2020-01-01T00:00:00Z.  Sections 4.1 (signatures), 4.2 (validity periods)
 * and 4.3 (name chaining) through the chain and validity checks: a row is
 * "valid" when neither ca-mismatch nor validity is confirmed or likely.
 * Sections 4.4 (basic revocation), 4.14 (distribution points) and 4.15
 * (delta CRLs) add the CRL check, offline with the row's CRL files: "valid"
 * when none of ca-mismatch, validity, crl-unreachable and revoked is
 * confirmed or likely and every certificate of the path has a usable CRL
 * (PKITS checks revocation for every certificate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cc_checks.h"
#include "cc_crl.h"

#define PKITS_AT 1577836800 /* 2020-01-01T00:00:00Z */

/* Rows where OpenSSL itself cannot agree, each with the reason. */
static const struct {
	const char *id;
	const char *why;
} known[] = {
	{ "4.1.5", "OpenSSL does not support DSA parameter inheritance" },
	{ "4.14.30", "a known OpenSSL failure (cRLIssuer)" },
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

static bool bad(const struct cc_report *r, enum cc_cause c)
{
	return cc_report_verdict(r, c, NULL) >= CC_LIKELY;
}

/* Runs one row; returns true when certcheck says valid. */
static bool run_row(const char *ee, char *intermediates, char *crls,
		    bool with_crl)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_ctx ctx;
	struct cc_chain chain;
	struct cc_url_results urls = { 0 };
	const char *files[16];
	char paths[16][512], *save = NULL;
	struct cc_crl_opts o = { .timeout_ms = 1000, .max_size = 1 << 26,
				 .no_network = true, .crl_files = files };
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
	valid = !bad(&r, CC_CAUSE_CA_MISMATCH) && !bad(&r, CC_CAUSE_VALIDITY);
	if (with_crl) {
		save = NULL;
		for (char *f = strtok_r(crls, ",", &save);
		     f && o.ncrl < countof(files); f = strtok_r(NULL, ",", &save)) {
			snprintf(paths[o.ncrl], sizeof(paths[0]), "%s/crls/%s",
				 CC_PKITS_DIR, f);
			files[o.ncrl] = paths[o.ncrl];
			o.ncrl++;
		}
		ck_assert_int_eq(cc_crl_check(&ctx, &o, &set, &chain, 1, &r,
					      &urls),
				 CC_SUCCESS);
		valid = valid && !bad(&r, CC_CAUSE_CRL_UNREACHABLE) &&
			!bad(&r, CC_CAUSE_REVOKED);
		for (size_t i = 0; i < r.nfindings; i++)
			if (!strcmp(r.findings[i]->check, "crl.no-cdp") ||
			    !strcmp(r.findings[i]->check, "crl.dirname-only"))
				valid = false; /* no CRL covers it */
		cc_urls_release(&urls);
	}
	cc_report_release(&r);
	cc_certset_release(&set);
	return valid;
}

/* Runs the rows of the sections (prefixes "4.1.", ...); prints and checks
 * the agreement. */
static void run_sections(const char *const *sections, size_t nsections,
			 bool with_crl, int want_rows)
{
	char path[4096], line[4096], disagree[4096] = "";
	int rows = 0, agree = 0, excused = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/expected.tsv", CC_PKITS_DIR);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *col[12] = { 0 }, *save = NULL, *p;
		int n = 0;
		bool valid, want, in = false;

		line[strcspn(line, "\r\n")] = '\0';
		for (p = strtok_r(line, "\t", &save); p && n < 12;
		     p = strtok_r(NULL, "\t", &save))
			col[n++] = p;
		for (size_t k = 0; n >= 7 && k < nsections && !in; k++)
			in = !strncmp(col[0], sections[k], strlen(sections[k]));
		if (!in)
			continue;
		rows++;
		want = !strcmp(col[5], "valid");
		valid = run_row(col[2], col[3], col[4], with_crl);
		if (valid == want) {
			agree++;
		} else if (known_why(col[0])) {
			excused++;
			printf("PKITS %s %s: certcheck says %s, expected %s: "
			       "%s\n",
			       col[0], col[1], valid ? "valid" : "invalid",
			       col[5], known_why(col[0]));
		} else {
			size_t used = strlen(disagree);

			snprintf(disagree + used, sizeof(disagree) - used,
				 " %s(%s)", col[0], valid ? "valid" : "invalid");
		}
	}
	fclose(f);
	printf("PKITS %sx-%sx: %d of %d rows agree, %d known OpenSSL "
	       "limitation(s)\n",
	       sections[0], sections[nsections - 1], agree, rows, excused);
	ck_assert_int_eq(rows, want_rows);
	ck_assert_msg(!disagree[0], "rows that disagree:%s", disagree);
	ck_assert_int_eq(agree + excused, rows);
}

START_TEST(test_pkits_4_1_to_4_3)
{
	static const char *const sections[] = { "4.1.", "4.2.", "4.3." };

	run_sections(sections, countof(sections), false, 25);
}
END_TEST

START_TEST(test_pkits_4_4)
{
	static const char *const sections[] = { "4.4." };

	run_sections(sections, countof(sections), true, 21);
}
END_TEST

START_TEST(test_pkits_4_14_4_15)
{
	static const char *const sections[] = { "4.14.", "4.15." };

	run_sections(sections, countof(sections), true, 45);
}
END_TEST

Suite *pkits_suite(void)
{
	Suite *s = suite_create("pkits");
	TCase *tc = tcase_create("4.1-4.3");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pkits_4_1_to_4_3);
	tcase_add_test(tc, test_pkits_4_4);
	tcase_add_test(tc, test_pkits_4_14_4_15);
	suite_add_tcase(s, tc);
	return s;
}
