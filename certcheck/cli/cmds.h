/* SPDX-License-Identifier: MIT */
/*
 * cmds.h - the subcommands (git's builtin.h): each loads its inputs, runs
 * its checks into a report and renders it.  Each returns the exit code:
 * 0 no problem, 1 a problem, 2 the command could not run (the reason in
 * ctx->errmsg).
 */
#ifndef CC_CMDS_H
#define CC_CMDS_H

#include "cc_crl.h"
#include "cc_report.h"
#include "cli.h"

int cmd_pair(struct cc_ctx *ctx, const struct cc_args *args);
int cmd_crl(struct cc_ctx *ctx, const struct cc_args *args);
int cmd_idlist(struct cc_ctx *ctx, const struct cc_args *args);
int cmd_diagnose(struct cc_ctx *ctx, const struct cc_args *args);
int cmd_log(struct cc_ctx *ctx, const struct cc_args *args);
int cmd_probe(struct cc_ctx *ctx, const struct cc_args *args);

struct cc_probe_opts;
/* HOST, HOST:PORT, [V6]:PORT or a bare IPv6 address into o (o->host
 * points into buf); false when it is none of them (cmd_probe.c). */
bool cc_cmd_probe_target(const char *s, char *buf, size_t size,
			 struct cc_probe_opts *o);

struct cc_log;
/* Reads the log files (- for standard input) into log, as --year, --utc,
 * --since, --remote and --all say (cmd_log.c; diagnose --log too). */
enum cc_err cc_cmd_read_log(struct cc_ctx *ctx, const struct cc_args *args,
			    const struct cc_strlist *files, struct cc_log *log);

/* Loads every file of l into set with role (pw may be NULL). */
enum cc_err cc_cmd_load_all(struct cc_ctx *ctx, struct cc_certset *set,
			    const struct cc_strlist *l, enum cc_role role,
			    const struct cc_secret *pw);

struct cc_import;

/* --swanctl (and --conn): the configuration read into imp (zeroed
 * without --swanctl), and the gateway profile it implies (strongswan, its
 * revocation policy) where no option says otherwise. */
enum cc_err cc_cmd_import(struct cc_ctx *ctx, const struct cc_args *args,
			  struct cc_import *imp);

/* The CRL module's options from the command line, else the
 * configuration (its crl_uris, ocsp_uris, x509crl/), for the certificates
 * of set; cc_cmd_crl_opts_release() frees what it allocates. */
void cc_cmd_crl_opts(const struct cc_args *args, const struct cc_import *imp,
		     const struct cc_certset *set, struct cc_crl_opts *o);
void cc_cmd_crl_opts_release(struct cc_crl_opts *o);

/* Loads the files of l (the option, when given) or else of the
 * configuration's list alt. */
enum cc_err cc_cmd_load_either(struct cc_ctx *ctx, struct cc_certset *set,
			       const struct cc_strlist *l, char *const *alt,
			       size_t nalt, enum cc_role role,
			       const struct cc_secret *pw);

/* pair's and diagnose's inputs: --local, --peer (their leaves' indexes),
 * --expect-peer (-1 without), --ca, --peer-ca, --untrusted, each option
 * given winning over what imp (--swanctl) says; the required ones
 * required, no stray argument. */
enum cc_err cc_cmd_load_pair(struct cc_ctx *ctx, const struct cc_args *args,
			     const struct cc_import *imp,
			     struct cc_certset *set, int *local, int *peer,
			     int *expected);

struct cc_iprange;
struct cc_id;

/* --from and --peer-id, parsed (usage errors name the option). */
enum cc_err cc_cmd_id_options(struct cc_ctx *ctx, const struct cc_args *args,
			      struct cc_iprange *from, struct cc_id *peer_id);

struct cc_crl_module;

/* Loads the CRL module (certcheck-crl.so) on demand; *handle gets what
 * cc_module_close() takes.  NULL with the error recorded in ctx. */
const struct cc_crl_module *cc_module_crl(struct cc_ctx *ctx, void **handle);
void cc_module_close(void *handle);

/* Renders r as the arguments ask (text, JSON or the quiet line) to stdout
 * and returns the exit code of the report (2 if stdout failed). */
int cc_cmd_render(struct cc_ctx *ctx, const struct cc_args *args,
		  const struct cc_report *r);

#endif /* CC_CMDS_H */
