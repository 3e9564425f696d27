/* SPDX-License-Identifier: MIT */
/*
 * cc_render.h - a command's own part of the report.  The report renders
 * what every command has (findings, verdicts, certificates, clocks); a
 * command adds what only it has (crl's URL table, idlist's matches) as a
 * part: one function for the text report, one for the JSON report, both
 * drawing with the pens below so that escaping, colour and streaming stay
 * the report's.  The report knows no part's data.
 */
#ifndef CC_RENDER_H
#define CC_RENDER_H

#include <time.h>

#include "cc_common.h"
#include "cc_finding.h"

struct cc_report;
struct json_object;

/* The text report's pen: plain text, text from inputs (escaped), and text
 * coloured as a status is (on a terminal that wants colour). */
struct cc_text;
void cc_text_puts(struct cc_text *t, const char *s); /* the caller's own */
void cc_text_printf(struct cc_text *t, const char *fmt, ...) CC_PRINTF(2, 3);
void cc_text_safe(struct cc_text *t, const char *s); /* from an input */
void cc_text_status(struct cc_text *t, enum cc_status st, const char *s);

/* The JSON report's pen: a member that is an array, written element by
 * element (each built with json-c, written and freed: never the whole
 * array in memory). */
struct cc_json;
void cc_json_member(struct cc_json *w, const char *key,
		    struct json_object *v); /* takes v */
void cc_json_array_begin(struct cc_json *w, const char *key);
void cc_json_element(struct cc_json *w, struct json_object *v); /* takes v */
void cc_json_array_end(struct cc_json *w);
struct json_object *cc_json_time(time_t t); /* "YYYY-MM-DDTHH:MM:SSZ" */

struct cc_report_part {
	/* after the evidence, before the causes */
	void (*text)(struct cc_text *t, const struct cc_report *r,
		     const void *data);
	/* after "findings", before "causes" */
	void (*json)(struct cc_json *w, const struct cc_report *r,
		     const void *data);
	const void *data; /* borrowed: must outlive the rendering */
};

#endif /* CC_RENDER_H */
