/* SPDX-License-Identifier: MIT */
/*
 * tree.h - the JSON report read back as a json-c tree, for the renderers
 * drawn from it alone (report_nagios.c, report_prom.c, report_html.c),
 * and the accessors they share.  Private to certcheck/report/.
 */
#ifndef CC_REPORT_TREE_H
#define CC_REPORT_TREE_H

#include <stddef.h>
#include <time.h>

#include <json-c/json.h>

#include "cc_report.h"

/* r's JSON report, written to memory and parsed back (the caller puts
 * it), or NULL when it could not be written. */
json_object *cc_report_tree(const struct cc_report *r,
			    const struct cc_ctx *ctx);

/* A member, or NULL; a string member, or "" (absent, null, not a string);
 * an array's length (0 for no array); a member time, or 0. */
json_object *cc_jget(json_object *o, const char *key);
const char *cc_jstr(json_object *o, const char *key);
size_t cc_jlen(json_object *a);
time_t cc_jtime(json_object *o, const char *key);
time_t cc_jwhen(const char *rfc3339); /* 0 when empty or no time */

#endif /* CC_REPORT_TREE_H */
