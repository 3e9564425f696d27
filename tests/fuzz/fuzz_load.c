/* SPDX-License-Identifier: MIT */
/*
 * fuzz_load.c - the certificate loader (PEM with text around it, DER,
 * PKCS#7, PKCS#12), then the usage and key checks and both renderings on
 * whatever it read.
 */
#include <stdio.h>
#include <string.h>

#include "cc_checks.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static char pass[] = "correct horse";
	struct cc_secret pw = { pass, sizeof(pass) - 1 };
	struct cc_certset set;
	struct cc_report r;
	struct cc_ctx ctx;
	int leaf = -1;

	cc_ctx_init(&ctx, "fuzz", 1780315200);
	cc_certset_init(&set);
	cc_report_init(&r, "pair", &set);
	if (cc_certset_load_mem(&ctx, &set, "fuzz", data, len, CC_ROLE_PEER,
				&pw, &leaf) == CC_SUCCESS &&
	    leaf >= 0) {
		struct cc_chain ch = { .leaf = leaf, .idx = { leaf }, .n = 1 };
		struct cc_render_opts o = { .color = false,
					    .quiet = false,
					    .width = 0 };
		FILE *null = fopen("/dev/null", "w");

		cc_check_usage(&ctx, &r, &set, leaf);
		cc_check_keys(&ctx, &r, &set, &ch, 1);
		cc_check_validity(&ctx, &r, &set, &ch, 1);
		cc_check_chain(&ctx, &r, &set, leaf, CC_SIDE_LOCAL, &ch);
		if (null) {
			cc_report_write_text(&r, &ctx, &o, null);
			cc_report_write_json(&r, &ctx, null);
			fclose(null);
		}
	}
	cc_report_release(&r);
	cc_certset_release(&set);
	return 0;
}
