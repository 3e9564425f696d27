/* SPDX-License-Identifier: MIT */
/*
 * test_report.c - verdicts from statuses, the root cause, and the two
 * renderings of a report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "cc_report.h"

/* A check of the registry that bears on cause c (the verdict rules are
 * tested on findings of any id). */
static enum cc_check of_cause(enum cc_cause c)
{
	for (int k = 0; k < CC_CHECK_COUNT; k++)
		if (cc_check_row((enum cc_check)k)->cause == c)
			return (enum cc_check)k;
	ck_abort_msg("no check bears on cause %d", (int)c);
	return CC_CHECK_COUNT;
}

/* The registry itself: ids unique and well-formed, every cause reached,
 * every row with statuses, a file and a meaning. */
START_TEST(test_registry)
{
	bool cause_seen[CC_CAUSE_COUNT] = { false };

	for (int k = 0; k < CC_CHECK_COUNT; k++) {
		const struct cc_check_row *a = cc_check_row((enum cc_check)k);

		ck_assert_msg(strchr(a->id, '.') && a->statuses && *a->file &&
				      *a->what,
			      "row %s", a->id);
		cause_seen[a->cause] = true;
		for (int j = 0; j < k; j++)
			ck_assert_str_ne(a->id,
					 cc_check_row((enum cc_check)j)->id);
	}
	for (int c = 0; c < CC_CAUSE_COUNT; c++)
		ck_assert_msg(cause_seen[c], "no check for cause %d", c);
}
END_TEST

#define END CC_STATUS_COUNT

/* The statuses of one cause's findings -> its verdict. */
static const struct {
	enum cc_status st[4]; /* ends at END */
	enum cc_verdict want;
} verdicts[] = {
	{ { END }, CC_NOT_CHECKED },
	{ { CC_STATUS_INFO, END }, CC_NOT_CHECKED },
	{ { CC_STATUS_SKIP, END }, CC_NOT_CHECKED },
	{ { CC_STATUS_OK, END }, CC_RULED_OUT },
	{ { CC_STATUS_OK, CC_STATUS_INFO, END }, CC_RULED_OUT },
	{ { CC_STATUS_INFO, CC_STATUS_WARN, CC_STATUS_OK, END }, CC_LIKELY },
	{ { CC_STATUS_WARN, CC_STATUS_FAIL, END }, CC_CONFIRMED },
	{ { CC_STATUS_FAIL, CC_STATUS_OK, END }, CC_CONFIRMED },
	{ { CC_STATUS_SKIP, CC_STATUS_OK, END }, CC_RULED_OUT },
};

START_TEST(test_verdict)
{
	struct cc_report r;
	const struct cc_finding *why = NULL;

	cc_report_init(&r, "pair", NULL);
	for (int k = 0; verdicts[_i].st[k] != END; k++)
		cc_report_add(&r, of_cause(CC_CAUSE_VALIDITY),
			      verdicts[_i].st[k], -1, "finding %d", k);
	/* another cause's failure never moves this one */
	cc_report_add(&r, of_cause(CC_CAUSE_KEY), CC_STATUS_FAIL, -1, "other");
	ck_assert_int_eq(cc_report_verdict(&r, CC_CAUSE_VALIDITY, &why),
			 verdicts[_i].want);
	if (verdicts[_i].want >= CC_RULED_OUT)
		ck_assert_ptr_nonnull(why);
	cc_report_release(&r);
}
END_TEST

/* Two causes -> the root cause: confirmed first, then table order. */
static const struct {
	enum cc_cause a;
	enum cc_status sa;
	enum cc_cause b;
	enum cc_status sb;
	enum cc_cause want;
} roots[] = {
	{ CC_CAUSE_CA_MISMATCH, CC_STATUS_OK, CC_CAUSE_KEY, CC_STATUS_OK,
	  CC_CAUSE_COUNT },
	{ CC_CAUSE_KEY, CC_STATUS_FAIL, CC_CAUSE_CA_MISMATCH, CC_STATUS_FAIL,
	  CC_CAUSE_CA_MISMATCH },
	{ CC_CAUSE_CA_MISMATCH, CC_STATUS_WARN, CC_CAUSE_VALIDITY,
	  CC_STATUS_FAIL, CC_CAUSE_VALIDITY },
	{ CC_CAUSE_KEY, CC_STATUS_WARN, CC_CAUSE_WRONG_CERTIFICATE,
	  CC_STATUS_WARN, CC_CAUSE_WRONG_CERTIFICATE },
	{ CC_CAUSE_KEY, CC_STATUS_INFO, CC_CAUSE_VALIDITY, CC_STATUS_INFO,
	  CC_CAUSE_COUNT },
};

START_TEST(test_root_cause)
{
	struct cc_report r;

	cc_report_init(&r, "pair", NULL);
	cc_report_add(&r, of_cause(roots[_i].a), roots[_i].sa, -1, "a");
	cc_report_add(&r, of_cause(roots[_i].b), roots[_i].sb, -1, "b");
	ck_assert_int_eq(cc_report_root_cause(&r), roots[_i].want);
	ck_assert_int_eq(cc_report_exit_code(&r),
			 roots[_i].want == CC_CAUSE_COUNT ? 0 : 1);
	cc_report_release(&r);
}
END_TEST

static char *render(const struct cc_report *r, const struct cc_ctx *ctx,
		    bool json)
{
	struct cc_render_opts o = { .color = false, .quiet = false };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	if (json)
		ck_assert(cc_report_write_json(r, ctx, f));
	else
		cc_report_write_text(r, ctx, &o, f);
	fclose(f);
	return buf;
}

START_TEST(test_json)
{
	struct cc_report r;
	struct cc_ctx ctx;
	struct cc_finding *f;
	json_object *root, *v, *causes, *fs;
	char *out;

	cc_ctx_init(&ctx, "pair", 1795712400);
	ctx.has_peer_clock = true;
	ctx.peer_skew = -7200;
	ctx.peer_now = ctx.now - 7200;
	cc_report_init(&r, "pair", NULL);
	f = cc_report_add(&r, CC_CHECK_VALIDITY_EXPIRED, CC_STATUS_FAIL, -1,
			  "\"quoted\" \\ and\nnewline");
	cc_finding_time(f, "not_after", 0);
	cc_finding_int(f, "n", 42);
	cc_finding_list(f, "l");
	cc_finding_list_add(f, "x%d", 1);
	cc_finding_remedy(f, "renew it");
	out = render(&r, &ctx, true);
	root = json_tokener_parse(out);
	ck_assert_msg(root != NULL, "not JSON: %s", out);
	ck_assert(json_object_object_get_ex(root, "status", &v));
	ck_assert_str_eq(json_object_get_string(v), "problem");
	ck_assert(json_object_object_get_ex(root, "root_cause", &v));
	ck_assert_str_eq(json_object_get_string(v), "validity");
	ck_assert(json_object_object_get_ex(root, "time", &v));
	ck_assert(json_object_object_get_ex(v, "peer_skew_seconds", &v));
	ck_assert_int_eq(json_object_get_int64(v), -7200);
	ck_assert(json_object_object_get_ex(root, "causes", &causes));
	ck_assert_int_eq(json_object_array_length(causes), CC_CAUSE_COUNT);
	for (int c = 0; c < CC_CAUSE_COUNT; c++) {
		json_object *id;

		ck_assert(json_object_object_get_ex(
			json_object_array_get_idx(causes, c), "id", &id));
		ck_assert_str_eq(json_object_get_string(id),
				 cc_cause_name((enum cc_cause)c));
	}
	ck_assert(json_object_object_get_ex(root, "findings", &fs));
	v = json_object_array_get_idx(fs, 0);
	ck_assert(json_object_object_get_ex(v, "message", &v));
	ck_assert_str_eq(json_object_get_string(v),
			 "\"quoted\" \\ and\nnewline");
	v = json_object_array_get_idx(fs, 0);
	ck_assert(json_object_object_get_ex(v, "evidence", &v));
	ck_assert(json_object_object_get_ex(v, "not_after", &v));
	ck_assert_str_eq(json_object_get_string(v), "1970-01-01T00:00:00Z");
	json_object_put(root);
	free(out);
	cc_report_release(&r);
}
END_TEST

START_TEST(test_text_escapes_control_characters)
{
	struct cc_report r;
	struct cc_ctx ctx;
	char *out;

	cc_ctx_init(&ctx, "pair", 1795712400);
	cc_report_init(&r, "pair", NULL);
	cc_report_add(&r, CC_CHECK_PAIR_CHAIN_INVALID, CC_STATUS_FAIL, -1,
		      "CN=\033[2Jevil");
	out = render(&r, &ctx, false);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_nonnull(strstr(out, "CN=\\x1b[2Jevil"));
	ck_assert_ptr_nonnull(strstr(out, "Root cause: CN=\\x1b[2Jevil\n"
					  "  (ca-mismatch, confirmed)"));
	free(out);
	cc_report_release(&r);
}
END_TEST

/* A part that draws its data (a string from an input) with the pens. */
static void part_text(struct cc_text *t, const struct cc_report *r,
		      const void *data)
{
	(void)r;
	cc_text_puts(t, "\nPart:\n  ");
	cc_text_status(t, CC_STATUS_FAIL, data);
	cc_text_printf(t, " %d\n", 7);
}

static void part_json(struct cc_json *w, const struct cc_report *r,
		      const void *data)
{
	(void)r;
	cc_json_array_begin(w, "part");
	cc_json_element(w, json_object_new_string(data));
	cc_json_element(w, cc_json_time(0));
	cc_json_array_end(w);
}

/* A command's part is rendered where doc/report.md puts it (after the
 * findings, before the causes), escaped as everything from an input is. */
START_TEST(test_part)
{
	struct cc_report r;
	struct cc_ctx ctx;
	json_object *root, *v;
	char *out, *a, *b, *c;

	cc_ctx_init(&ctx, "crl", 1795712400);
	cc_report_init(&r, "crl", NULL);
	cc_report_add(&r, CC_CHECK_CRL_HTTP, CC_STATUS_FAIL, -1, "404");
	cc_report_add_part(&r, (struct cc_report_part){ part_text, part_json,
							"CN=\033evil" });
	out = render(&r, &ctx, false);
	ck_assert_ptr_null(strchr(out, '\033'));
	a = strstr(out, "Evidence");
	b = strstr(out, "\nPart:\n  CN=\\x1bevil 7\n");
	c = strstr(out, "\nCauses:");
	ck_assert_msg(a && b && c && a < b && b < c, "part misplaced: %s", out);
	free(out);
	out = render(&r, &ctx, true);
	root = json_tokener_parse(out);
	ck_assert_msg(root != NULL, "not JSON: %s", out);
	ck_assert(json_object_object_get_ex(root, "part", &v));
	ck_assert_int_eq(json_object_array_length(v), 2);
	ck_assert_str_eq(
		json_object_get_string(json_object_array_get_idx(v, 0)),
		"CN=\033evil");
	ck_assert_str_eq(
		json_object_get_string(json_object_array_get_idx(v, 1)),
		"1970-01-01T00:00:00Z");
	a = strstr(out, "\"findings\"");
	b = strstr(out, "\"part\"");
	c = strstr(out, "\"causes\"");
	ck_assert_msg(a < b && b < c, "part misplaced: %s", out);
	json_object_put(root);
	free(out);
	cc_report_release(&r);
}
END_TEST

/* A finding of a fixed text, written at once or when shown. */
static int fills;

static void write_expired(struct cc_finding *f, const char *what)
{
	cc_finding_message(f, "%s expired", what);
	cc_finding_int(f, "n", 42);
	cc_finding_list(f, "l");
	cc_finding_list_add(f, "x%d", 1);
	cc_finding_remedy(f, "renew %s", what);
}

static void fill_expired(struct cc_finding *f, const struct cc_report *r,
			 const void *data)
{
	(void)r;
	fills++;
	write_expired(f, data);
}

/* A finding written when shown reads, in text and JSON, in the root cause
 * and the causes, exactly as one written at once; it is not written
 * before. */
START_TEST(test_later)
{
	struct cc_report now, later;
	struct cc_ctx ctx;
	char *a, *b;
	char *data;

	cc_ctx_init(&ctx, "pair", 1795712400);
	cc_report_init(&now, "pair", NULL);
	cc_report_init(&later, "pair", NULL);
	for (int i = 0; i < 2; i++) {
		write_expired(cc_report_add(&now, CC_CHECK_VALIDITY_EXPIRED,
					    CC_STATUS_FAIL, -1, "x"),
			      "CN=alice");
		data = cc_report_add_later(&later, CC_CHECK_VALIDITY_EXPIRED,
					   CC_STATUS_FAIL, -1, fill_expired,
					   sizeof("CN=alice"));
		memcpy(data, "CN=alice", sizeof("CN=alice"));
	}
	fills = 0;
	ck_assert_int_eq(cc_report_root_cause(&later), CC_CAUSE_VALIDITY);
	ck_assert_int_eq(fills, 0);
	for (int json = 0; json < 2; json++) {
		a = render(&now, &ctx, json);
		b = render(&later, &ctx, json);
		ck_assert_str_eq(a, b);
		ck_assert_ptr_nonnull(strstr(b, "renew CN=alice"));
		free(a);
		free(b);
	}
	ck_assert_int_gt(fills, 0);
	cc_report_release(&now);
	cc_report_release(&later);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("verdicts");

	tcase_add_test(tc, test_registry);
	tcase_add_loop_test(tc, test_verdict, 0, countof(verdicts));
	tcase_add_loop_test(tc, test_root_cause, 0, countof(roots));
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_text_escapes_control_characters);
	tcase_add_test(tc, test_part);
	tcase_add_test(tc, test_later);
	suite_add_tcase(s, tc);
	return s;
}
