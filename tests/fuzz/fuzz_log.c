/* SPDX-License-Identifier: MIT */
/*
 * fuzz_log.c - a gateway's IKE log read line by line (certcheck/log/): its
 * formats, its negotiations, what their lines mean, and the report of them.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen() */
#include <stdio.h>

#include "cc_log.h"
#include "cc_report.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	FILE *f = fmemopen((void *)data, len ? len : 1, "r");
	struct cc_certset set;
	struct cc_report r;
	struct cc_log log;
	struct cc_ctx ctx;

	if (!f)
		return 0;
	cc_ctx_init(&ctx, "log", 1780315200);
	cc_certset_init(&set);
	cc_report_init(&r, "log", &set);
	cc_log_init(&log, &(struct cc_log_opts){ .year = 2026, .all = true });
	if (cc_log_feed(&ctx, &log, f, "fuzz", false) == CC_SUCCESS) {
		cc_log_finish(&log);
		cc_log_report(&r, &log);
		(void)cc_report_root_cause(&r);
	}
	cc_log_release(&log);
	cc_report_release(&r);
	cc_certset_release(&set);
	fclose(f);
	return 0;
}
