/* SPDX-License-Identifier: MIT */
/*
 * fuzz_settings.c - strongSwan's settings syntax (swanctl.conf): any text
 * parses or fails with FILE:LINE, never crashes; what parses is walked,
 * each value looked up and split as a list.  Relative includes point at
 * a folder that does not exist; an absolute one may read a file of this
 * machine, whose errors must say where too.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cc_settings.h"

static void walk(const struct cc_settings *s, const struct cc_section *sec)
{
	for (size_t i = 0; i < sec->nkv; i++) {
		const struct cc_kv *kv =
			cc_settings_get(s, sec, sec->kv[i].key);
		char **items;
		size_t n = cc_settings_list(kv ? kv->value : NULL, &items);

		for (size_t k = 0; k < n; k++)
			free(items[k]);
		free(items);
	}
	for (size_t i = 0; i < sec->nsub; i++)
		walk(s, sec->sub[i]);
}

/* Does msg start with "FILE:LINE: "? */
static bool where(const char *msg)
{
	const char *p = strstr(msg, ": ");

	while (p) {
		const char *d = p;

		while (d > msg && d[-1] >= '0' && d[-1] <= '9')
			d--;
		if (d < p && d > msg && d[-1] == ':')
			return true;
		p = strstr(p + 1, ": ");
	}
	return false;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	char *text = malloc(len + 1);
	struct cc_settings s;
	struct cc_ctx ctx;

	if (!text)
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	cc_ctx_init(&ctx, "fuzz", 0);
	if (cc_settings_parse(&ctx, &s, "/nonexistent-cc-fuzz/swanctl.conf",
			      text) == CC_SUCCESS)
		walk(&s, &s.root);
	else if (!where(ctx.errmsg))
		abort(); /* an error must say where: FILE:LINE: */
	cc_settings_release(&s);
	free(text);
	return 0;
}
