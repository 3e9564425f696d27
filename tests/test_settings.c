/* SPDX-License-Identifier: MIT */
/*
 * test_settings.c - strongSwan's settings syntax as charon reads it
 * (settings_lexer.l, settings_parser.y of 5.9.8): values, strings and
 * their escapes, comments, sections merged and referenced, includes with
 * globs (nested, matching nothing, looping), swanctl's comma lists (an
 * LDAP URL with commas becomes several), and every syntax error with its
 * FILE:LINE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "cc_settings.h"

static struct cc_settings parsed(const char *text)
{
	struct cc_settings s;
	struct cc_ctx ctx;

	cc_ctx_init(&ctx, "test", 0);
	ck_assert_msg(cc_settings_parse(&ctx, &s, "/nowhere/swanctl.conf",
					text) == CC_SUCCESS,
		      "%s", ctx.errmsg);
	return s;
}

static const char *value(const struct cc_settings *s, const char *section,
			 const char *key)
{
	const struct cc_kv *kv =
		cc_settings_get(s, cc_settings_section(s, section), key);

	return kv ? (kv->value ? kv->value : "(empty)") : "(none)";
}

START_TEST(test_values)
{
	struct cc_settings s =
		parsed("# a comment\n"
		       "connections {\n"
		       "  rw {\n"
		       "    local_addrs  = 192.0.2.1   # the gateway\n"
		       "    remote_addrs = a  b\tc\n"
		       "    version =\n"
		       "    id = \"C=CH, O=Lab, CN=\\\"x\\\"\"\n"
		       "    both = one \"two  three\" four\n"
		       "    esc = \"a\\tb\\nc\\\n"
		       "d\"\n"
		       "    multi = \"line1\n"
		       "line2\"\n"
		       "    brace = x{y\n"
		       "    last = z }\n"
		       "  other { a = 1 }\n"
		       "}\n");

	ck_assert_str_eq(value(&s, "connections.rw", "local_addrs"),
			 "192.0.2.1");
	ck_assert_str_eq(value(&s, "connections.rw", "remote_addrs"), "a b c");
	ck_assert_str_eq(value(&s, "connections.rw", "version"), "(empty)");
	ck_assert_str_eq(value(&s, "connections.rw", "id"),
			 "C=CH, O=Lab, CN=\"x\"");
	ck_assert_str_eq(value(&s, "connections.rw", "both"),
			 "one two  three four");
	ck_assert_str_eq(value(&s, "connections.rw", "esc"), "a\tb\ncd");
	ck_assert_str_eq(value(&s, "connections.rw", "multi"), "line1\nline2");
	ck_assert_str_eq(value(&s, "connections.rw", "brace"), "x{y");
	ck_assert_str_eq(value(&s, "connections.rw", "last"), "z");
	ck_assert_str_eq(value(&s, "connections.other", "a"), "1");
	ck_assert_str_eq(value(&s, "connections.rw", "nothing"), "(none)");
	/* where each was set */
	ck_assert_int_eq(
		cc_settings_get(&s, cc_settings_section(&s, "connections.rw"),
				"multi")
			->line,
		11);
	cc_settings_release(&s);
}
END_TEST

START_TEST(test_merge_and_references)
{
	struct cc_settings s = parsed("connections {\n"
				      "  base {\n"
				      "    version = 2\n"
				      "    proposals = aes128-sha256\n"
				      "    remote { auth = pubkey }\n"
				      "  }\n"
				      "  rw : connections.base {\n"
				      "    proposals = aes256-sha384\n"
				      "  }\n"
				      "}\n"
				      "connections {\n"
				      "  base { version = 1 }\n"
				      "  rw { local_addrs = 10.0.0.1 }\n"
				      "}\n");
	const struct cc_section *c = cc_settings_section(&s, "connections");

	/* a section given twice is one, in the order first seen */
	ck_assert_uint_eq(c->nsub, 2);
	ck_assert_str_eq(c->sub[0]->name, "base");
	ck_assert_str_eq(c->sub[1]->name, "rw");
	/* a later definition replaces the value, in its place */
	ck_assert_str_eq(value(&s, "connections.base", "version"), "1");
	ck_assert_str_eq(c->sub[0]->kv[0].key, "version");
	ck_assert_int_eq(c->sub[0]->kv[0].line, 12);
	/* references: own values first, then the referenced section's */
	ck_assert_str_eq(value(&s, "connections.rw", "proposals"),
			 "aes256-sha384");
	ck_assert_str_eq(value(&s, "connections.rw", "version"), "1");
	ck_assert_str_eq(value(&s, "connections.rw", "local_addrs"),
			 "10.0.0.1");
	ck_assert_uint_eq(c->sub[1]->nref, 1);
	ck_assert_str_eq(c->sub[1]->ref[0], "connections.base");
	cc_settings_release(&s);
}
END_TEST

START_TEST(test_lists)
{
	char **v;
	size_t n;

	n = cc_settings_list(" a.pem, b.pem ,,c.pem ", &v);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "a.pem");
	ck_assert_str_eq(v[2], "c.pem");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	/* swanctl splits at every comma, quotes or not: this LDAP URL
	 * becomes three broken ones in charon, and so here */
	n = cc_settings_list("ldap://dc.example/CN=CA,CN=CDP,DC=example", &v);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "ldap://dc.example/CN=CA");
	ck_assert_str_eq(v[1], "CN=CDP");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	ck_assert_uint_eq(cc_settings_list(NULL, &v), 0);
	ck_assert_ptr_null(v);
}
END_TEST

/* A folder of files for the include tests; returns its path (static). */
static const char *tree(void)
{
	static char dir[256];
	char path[512];
	FILE *f;
	const struct {
		const char *name, *text;
	} files[] = {
		{ "swanctl.conf", "connections {\n"
				  "  include conf.d/*.conf\n"
				  "}\n"
				  "include \"none/*.conf\"\n"
				  "secrets { include secrets.conf }\n" },
		{ "conf.d/a.conf", "a { remote_addrs = 10.0.0.0/8 }\n" },
		{ "conf.d/b.conf", "b { remote_addrs = %any\n"
				   "  include ../more/c.inc\n}\n" },
		{ "more/c.inc", "deep = yes\n" },
		{ "secrets.conf", "private-gw { file = gw.key }\n" },
		{ "loop.conf", "include loop.conf\n" },
		{ "broken.conf", "a {\n  include bad.inc\n}\n" },
		{ "bad.inc", "x = 1\ny.z = 2\n" },
	};

	snprintf(dir, sizeof(dir), "%s/cc-settings-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/conf.d", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/more", dir);
	mkdir(path, 0700);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(files[i].text, f);
		fclose(f);
	}
	return dir;
}

static void untree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_includes)
{
	const char *dir = tree();
	struct cc_settings s;
	struct cc_ctx ctx;
	char path[512];

	cc_ctx_init(&ctx, "test", 0);
	snprintf(path, sizeof(path), "%s/swanctl.conf", dir);
	ck_assert_msg(cc_settings_load(&ctx, &s, path) == CC_SUCCESS, "%s",
		      ctx.errmsg);
	/* a glob, in sorted order, into the section open where it stands;
	 * nested, relative to the including file; a glob matching nothing
	 * is no error */
	ck_assert_str_eq(value(&s, "connections.a", "remote_addrs"),
			 "10.0.0.0/8");
	ck_assert_str_eq(value(&s, "connections.b", "remote_addrs"), "%any");
	ck_assert_str_eq(value(&s, "connections.b", "deep"), "yes");
	ck_assert_str_eq(value(&s, "secrets.private-gw", "file"), "gw.key");
	ck_assert_ptr_nonnull(strstr(
		cc_settings_get(&s, cc_settings_section(&s, "connections.b"),
				"deep")
			->file,
		"more/c.inc"));
	ck_assert_uint_eq(s.nfiles, 5);
	cc_settings_release(&s);

	/* an include loop stops, said */
	cc_ctx_init(&ctx, "test", 0);
	snprintf(path, sizeof(path), "%s/loop.conf", dir);
	ck_assert_int_eq(cc_settings_load(&ctx, &s, path), CC_EINPUT);
	ck_assert_ptr_nonnull(strstr(ctx.errmsg, "levels of include"));
	cc_settings_release(&s);

	/* an error inside an included file names that file and line */
	cc_ctx_init(&ctx, "test", 0);
	snprintf(path, sizeof(path), "%s/broken.conf", dir);
	ck_assert_int_eq(cc_settings_load(&ctx, &s, path), CC_EINPUT);
	ck_assert_msg(strstr(ctx.errmsg, "bad.inc:2: 'y.'") != NULL, "%s",
		      ctx.errmsg);
	cc_settings_release(&s);
	untree(dir);
}
END_TEST

static const struct {
	const char *text, *error;
} errors[] = {
	{ "a.b = 1\n", "/nowhere/swanctl.conf:1: 'a.': a dot" },
	{ "connections {\n  rw.local { }\n}\n",
	  "/nowhere/swanctl.conf:2: 'rw.'" },
	{ "a {\n  b = 1\n", "/nowhere/swanctl.conf:3: section 'a' (line 1) is "
			    "never closed" },
	{ "}\n", "/nowhere/swanctl.conf:1: '}' without a section" },
	{ "a = \"open\n\n", "/nowhere/swanctl.conf:3: unterminated string" },
	{ "a b = 1\n", "/nowhere/swanctl.conf:1: 'a' must be followed by" },
	{ "a : { }\n", "/nowhere/swanctl.conf:1: a section reference needs" },
	{ "a : b c { }\n", "/nowhere/swanctl.conf:1: '{' expected" },
	{ "\"x\" = 1\n", "/nowhere/swanctl.conf:1: unexpected '\"'" },
	{ "= 1\n", "/nowhere/swanctl.conf:1: unexpected '='" },
	{ "a \"x\"\n", "/nowhere/swanctl.conf:1: unexpected string" },
	{ "include\n", "/nowhere/swanctl.conf:1: 'include' must be followed" },
};

START_TEST(test_errors)
{
	struct cc_settings s;
	struct cc_ctx ctx;

	cc_ctx_init(&ctx, "test", 0);
	ck_assert_int_eq(cc_settings_parse(&ctx, &s, "/nowhere/swanctl.conf",
					   errors[_i].text),
			 CC_EINPUT);
	ck_assert_msg(!strncmp(ctx.errmsg, errors[_i].error,
			       strlen(errors[_i].error)),
		      "'%s', want '%s...'", ctx.errmsg, errors[_i].error);
	cc_settings_release(&s);
}
END_TEST

START_TEST(test_include_as_key)
{
	/* "include = x" is a key named include, as in strongSwan's lexer */
	struct cc_settings s = parsed("include = x\na { include = y }\n");

	ck_assert_str_eq(value(&s, "", "include"), "x");
	ck_assert_str_eq(value(&s, "a", "include"), "y");
	cc_settings_release(&s);
}
END_TEST

Suite *settings_suite(void)
{
	Suite *s = suite_create("settings");
	TCase *tc = tcase_create("syntax");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_merge_and_references);
	tcase_add_test(tc, test_lists);
	tcase_add_test(tc, test_includes);
	tcase_add_loop_test(tc, test_errors, 0,
			    sizeof(errors) / sizeof(errors[0]));
	tcase_add_test(tc, test_include_as_key);
	suite_add_tcase(s, tc);
	return s;
}
