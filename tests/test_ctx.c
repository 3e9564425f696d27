/* SPDX-License-Identifier: MIT */
/*
 * test_ctx.c - the time and duration parsers, on tables.
 */
#include <check.h>

#include "cc_ctx.h"

static const struct {
	const char *in;
	bool ok;
	long long want;
} times[] = {
	{ "2026-11-26T17:00:00Z", true, 1795712400 },
	{ "2026-11-26t17:00:00z", true, 1795712400 },
	{ "2026-11-26T18:00:00+01:00", true, 1795712400 },
	{ "2026-11-26T12:30:00-04:30", true, 1795712400 },
	{ "2026-11-26T17:00:00.123Z", true, 1795712400 },
	{ "2024-02-29T00:00:00Z", true, 1709164800 },
	{ "@0", true, 0 },
	{ "@1795712400", true, 1795712400 },
	{ "2025-02-29T00:00:00Z", false, 0 },
	{ "2026-13-01T00:00:00Z", false, 0 },
	{ "2026-11-26T24:00:00Z", false, 0 },
	{ "2026-11-26T17:00:00", false, 0 },
	{ "2026-11-26", false, 0 },
	{ "2026-11-26T17:00:00+0100", false, 0 },
	{ "2026-11-26T17:00:00Zjunk", false, 0 },
	{ "@", false, 0 },
	{ "@12x", false, 0 },
	{ "", false, 0 },
	{ "yesterday", false, 0 },
};

START_TEST(test_time)
{
	time_t t = 0;
	bool ok = cc_parse_time(times[_i].in, &t);

	ck_assert_msg(ok == times[_i].ok, "'%s': parse %d, want %d",
		      times[_i].in, ok, times[_i].ok);
	if (ok)
		ck_assert_int_eq((long long)t, times[_i].want);
}
END_TEST

static const struct {
	const char *in;
	bool ok;
	long long want;
} durations[] = {
	{ "-2h", true, -7200 },	 { "+90m", true, 5400 },
	{ "+3d", true, 259200 }, { "-45s", true, -45 },
	{ "1h30m", true, 5400 }, { "0s", true, 0 },
	{ "2h", true, 7200 },	 { "", false, 0 },
	{ "-", false, 0 },	 { "2", false, 0 },
	{ "h", false, 0 },	 { "2x", false, 0 },
	{ "--2h", false, 0 },	 { "99999999999999999999d", false, 0 },
	{ "36501d", false, 0 },
};

START_TEST(test_duration)
{
	long long v = 0;
	bool ok = cc_parse_duration(durations[_i].in, &v);

	ck_assert_msg(ok == durations[_i].ok, "'%s': parse %d, want %d",
		      durations[_i].in, ok, durations[_i].ok);
	if (ok)
		ck_assert_int_eq(v, durations[_i].want);
}
END_TEST

START_TEST(test_format)
{
	char buf[32];

	cc_format_time(1795712400, buf);
	ck_assert_str_eq(buf, "2026-11-26T17:00:00Z");
	cc_format_duration(7200, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2h");
	cc_format_duration(-(3 * 86400 + 4 * 3600 + 5), buf, sizeof(buf));
	ck_assert_str_eq(buf, "3d 4h");
	cc_format_duration(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0s");
}
END_TEST

START_TEST(test_fail_keeps_first)
{
	struct cc_ctx ctx;

	cc_ctx_init(&ctx, "pair", 0);
	ck_assert_int_eq(cc_fail(&ctx, CC_EINPUT, "'%s': empty file", "a"),
			 CC_EINPUT);
	cc_fail(&ctx, CC_EUSAGE, "second");
	ck_assert_int_eq(ctx.err, CC_EINPUT);
	ck_assert_str_eq(ctx.errmsg, "'a': empty file");
}
END_TEST

Suite *ctx_suite(void)
{
	Suite *s = suite_create("ctx");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_time, 0, countof(times));
	tcase_add_loop_test(tc, test_duration, 0, countof(durations));
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_fail_keeps_first);
	suite_add_tcase(s, tc);
	return s;
}
