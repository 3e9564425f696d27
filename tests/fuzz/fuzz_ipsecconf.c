/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ipsecconf.c - strongSwan's ipsec.conf (--ipsec-conf): any text is
 * imported, or fails with one message, never crashes or leaks; what
 * imports is reported.  The text is written to a file of a folder of its
 * own (the importer reads files), with no ipsec.d/ beside it.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_config.h"
#include "cc_report.h"

static char path[64];

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct cc_import imp;
	struct cc_report r;
	struct cc_ctx ctx;
	FILE *f;

	if (!path[0]) {
		char dir[] = "/tmp/cc-fuzz-ipsec-XXXXXX";

		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/ipsec.conf", dir);
	}
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		abort();
	cc_ctx_init(&ctx, "fuzz", 0);
	if (cc_ipsecconf_import(&ctx, path, NULL, NULL, NULL, NULL, NULL,
				&imp) == CC_SUCCESS) {
		cc_report_init(&r, "fuzz", NULL);
		cc_import_report(&r, &imp, ~0u);
		cc_report_release(&r);
	} else if (!ctx.errmsg[0]) {
		abort(); /* a failure must say what */
	}
	cc_import_release(&imp);
	return 0;
}
