/* SPDX-License-Identifier: MIT */
/*
 * fuzz_dn.c - two DN strings (RFC 4514 escapes, multi-valued RDNs; the
 * input's two lines), matched both ways under every profile and mode.
 */
#include <stdlib.h>
#include <string.h>

#include "cc_idlist.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	char *text = malloc(len + 1), *b, why[256];
	struct cc_dn x, y;

	if (!text)
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	b = strchr(text, '\n');
	if (b)
		*b++ = '\0';
	if (cc_dn_parse(text, &x, why, sizeof(why))) {
		if (b && cc_dn_parse(b, &y, why, sizeof(why))) {
			for (int p = 0; p < 3; p++)
				for (int m = 0; m < 3; m++) {
					(void)cc_dn_match(
						(enum cc_profile)p,
						(enum cc_rdn_matching)m, &x, &y,
						why, sizeof(why));
					(void)cc_dn_match(
						(enum cc_profile)p,
						(enum cc_rdn_matching)m, &y, &x,
						NULL, 0);
				}
			cc_dn_release(&y);
		}
		free(cc_dn_text(&x));
		cc_dn_release(&x);
	}
	free(text);
	return 0;
}
