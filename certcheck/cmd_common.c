/*
 * cmd_common.c - what every command does the same way: load a list of
 * input files, render the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmds.h"

/* See cmds.h */
enum cc_err cc_cmd_load_all(struct cc_ctx *ctx, struct cc_certset *set,
			    const struct cc_strlist *l, enum cc_role role,
			    const struct cc_secret *pw)
{
	for (size_t i = 0; i < l->n; i++)
		if (cc_certset_load(ctx, set, l->item[i], role, pw, NULL))
			return ctx->err;
	return CC_SUCCESS;
}

/* See cmds.h */
int cc_cmd_render(struct cc_ctx *ctx, const struct cc_args *args,
		  const struct cc_report *r)
{
	struct cc_render_opts o = {
		.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
		.quiet = args->quiet,
	};

	if (args->json && !args->quiet) {
		if (!cc_report_write_json(r, ctx, stdout))
			return cc_fail(ctx, CC_EINTERNAL,
				       "cannot write the report"),
			       2;
	} else {
		cc_report_write_text(r, ctx, &o, stdout);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return cc_fail(ctx, CC_EINTERNAL, "cannot write the report"), 2;
	return cc_report_exit_code(r);
}

