/* SPDX-License-Identifier: MIT */
/*
 * tree.c - see tree.h.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream() */
#include <stdio.h>
#include <stdlib.h>

#include "tree.h"

/* See tree.h */
json_object *cc_report_tree(const struct cc_report *r, const struct cc_ctx *ctx)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);
	bool ok = mem && cc_report_write_json(r, ctx, mem);
	json_object *tree = NULL;

	if (mem)
		ok = fclose(mem) == 0 && ok;
	if (ok)
		tree = json_tokener_parse(buf);
	free(buf);
	return tree;
}

/* See tree.h */
json_object *cc_jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* See tree.h */
const char *cc_jstr(json_object *o, const char *key)
{
	json_object *v = cc_jget(o, key);

	return v && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : "";
}

/* See tree.h */
size_t cc_jlen(json_object *a)
{
	return a && json_object_is_type(a, json_type_array)
		       ? json_object_array_length(a)
		       : 0;
}

/* See tree.h */
time_t cc_jwhen(const char *s)
{
	time_t t = 0;

	return *s && cc_parse_time(s, &t) ? t : 0;
}

/* See tree.h */
time_t cc_jtime(json_object *o, const char *key)
{
	return cc_jwhen(cc_jstr(o, key));
}
