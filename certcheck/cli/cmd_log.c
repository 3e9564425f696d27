/* SPDX-License-Identifier: MIT */
/*
 * cmd_log.c - `certcheck log`: why each IKE negotiation of the gateway's
 * log failed, from the log alone.
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), gmtime_r() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cc_log.h"
#include "cmds.h"

/* The year syslog times are in: --year, else that of the file's last
 * change (the log's newest line), else this year. */
static int year_of(const struct cc_args *args, FILE *f)
{
	struct stat st;
	struct tm tm;
	time_t t = time(NULL);

	if (args->year)
		return args->year;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		t = st.st_mtime;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/* See cmds.h */
int cmd_log(struct cc_ctx *ctx, const struct cc_args *args)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_log *logs;
	int rc = 2;
	size_t n = args->positional.n;

	cc_certset_init(&set);
	cc_report_init(&r, "log", &set);
	r.clockless = true;
	logs = cc_xcalloc(n + 1, sizeof(*logs));
	if (!n) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE,
			"give a log file (or - for standard "
			"input)");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = args->positional.item[i];
		bool in = !strcmp(name, "-");
		FILE *f = in ? stdin : fopen(name, "r");
		enum cc_err err;

		if (!f) {
			cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", name,
				strerror(errno));
			goto out;
		}
		err = cc_log_read(ctx, f, in ? "standard input" : name,
				  year_of(args, f), &logs[i]);
		if (!in)
			fclose(f);
		if (err)
			goto out;
		cc_log_report(&r, &logs[i], args->all, args->remote);
		cc_report_add_part(&r, cc_log_part(&logs[i]));
	}
	rc = cc_cmd_render(ctx, args, &r);
out:
	for (size_t i = 0; i < n; i++)
		cc_log_release(&logs[i]);
	free(logs);
	cc_report_release(&r);
	cc_certset_release(&set);
	return rc;
}
