/* SPDX-License-Identifier: MIT */
/*
 * check_main.c - one Check runner over the suites of tests.def.
 */
#include <stdlib.h>

#include <check.h>

#define TEST_SUITE(name) Suite *name(void);
#include "tests.def"
#undef TEST_SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define TEST_SUITE(name) srunner_add_suite(sr, name());
#include "tests.def"
#undef TEST_SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
