/*
 * cmds.h - the subcommands (git's builtin.h): each loads its inputs, runs
 * its checks into a report and renders it.  Each returns the exit code:
 * 0 no problem, 1 a problem, 2 the command could not run (the reason in
 * ctx->errmsg).
 */
#ifndef CC_CMDS_H
#define CC_CMDS_H

#include "cc_report.h"
#include "cli.h"

int cmd_pair(struct cc_ctx *ctx, const struct cc_args *args);

/* Renders r as the arguments ask (text, JSON or the quiet line) to stdout
 * and returns the exit code of the report (2 if stdout failed). */
int cc_cmd_render(struct cc_ctx *ctx, const struct cc_args *args,
		  const struct cc_report *r);

#endif /* CC_CMDS_H */
