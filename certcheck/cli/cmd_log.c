/* SPDX-License-Identifier: MIT */
/*
 * cmd_log.c - `certcheck log`: why each IKE negotiation of the gateway's
 * log failed, from the log alone; --follow: each failure as it happens.
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), gmtime_r(), sigaction() */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

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
	if (f && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		t = st.st_mtime;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

/* See cmds.h */
enum cc_err cc_cmd_read_log(struct cc_ctx *ctx, const struct cc_args *args,
			    const struct cc_strlist *files, struct cc_log *log)
{
	struct cc_log_opts o = { .utc = args->utc,
				 .since = args->since,
				 .remote = args->remote,
				 .all = args->all };

	cc_log_init(log, &o);
	for (size_t i = 0; i < files->n; i++) {
		const char *name = files->item[i];
		bool in = !strcmp(name, "-");
		FILE *f = in ? stdin : fopen(name, "r");
		enum cc_err err;

		if (!f)
			return cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s",
				       name, strerror(errno));
		log->opts.year = year_of(args, f);
		err = cc_log_feed(ctx, log, f, in ? "standard input" : name,
				  isatty(STDERR_FILENO) && !args->quiet);
		if (!in)
			fclose(f);
		if (err)
			return err;
	}
	cc_log_finish(log);
	return CC_SUCCESS;
}

static volatile int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* --follow: each failure, as one line of text or one JSON object. */
static void print_failure(const struct cc_log_nego *n, void *arg)
{
	const struct cc_args *args = arg;

	if (args->json) {
		json_object *o = json_object_new_object();
		int c = cc_log_cause(n);

		json_object_object_add(o, "negotiation",
				       json_object_new_string(n->key));
		json_object_object_add(
			o, "address",
			n->address ? json_object_new_string(n->address) : NULL);
		json_object_object_add(
			o, "identity",
			n->identity ? json_object_new_string(n->identity)
				    : NULL);
		json_object_object_add(
			o, "cause",
			c < CC_CAUSE_COUNT
				? json_object_new_string(cc_cause_name(c))
				: NULL);
		json_object_object_add(o, "message",
				       json_object_new_string(cc_log_what(n)));
		json_object_object_add(o, "remedy",
				       json_object_new_string(cc_log_fix(n)));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		char *line = cc_log_line(n);

		printf("%s\n  fix: %s\n", line, cc_log_fix(n));
		free(line);
	}
	fflush(stdout);
}

static int follow(struct cc_ctx *ctx, const struct cc_args *args)
{
	struct cc_log_opts o = { .utc = args->utc,
				 .since = args->since,
				 .remote = args->remote,
				 .done = print_failure,
				 .arg = (void *)args };
	struct sigaction sa = { .sa_handler = on_signal };
	struct cc_log log;
	enum cc_err err;

	if (args->positional.n != 1 || !strcmp(args->positional.item[0], "-")) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE,
			"--follow reads one log file by its "
			"name");
		return 2;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cc_log_init(&log, &o);
	log.opts.year = year_of(args, NULL);
	if (!args->quiet && isatty(STDERR_FILENO))
		fprintf(stderr,
			"following %s: each failure as it ends "
			"(Ctrl-C stops)\n",
			args->positional.item[0]);
	err = cc_log_follow(ctx, &log, args->positional.item[0], &interrupted);
	cc_log_release(&log);
	return err ? 2 : 0;
}

/* See cmds.h */
int cmd_log(struct cc_ctx *ctx, const struct cc_args *args)
{
	struct cc_certset set;
	struct cc_report r;
	struct cc_log log = { 0 };
	int rc = 2;

	if (!args->positional.n) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE,
			"give a log file (or - for standard input)");
		return 2;
	}
	if (args->follow)
		return follow(ctx, args);
	cc_certset_init(&set);
	cc_report_init(&r, "log", &set);
	r.clockless = true;
	r.footer = "From the log alone: the certificates themselves were not "
		   "read (certcheck diagnose --log judges them).";
	if (cc_cmd_read_log(ctx, args, &args->positional, &log))
		goto out;
	cc_log_report(&r, &log);
	cc_report_add_part(&r, cc_log_part(&log));
	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_log_release(&log);
	cc_report_release(&r);
	cc_certset_release(&set);
	return rc;
}
