/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the command line: one table of every option, each command naming
 * the ones it takes; cli.c turns that into the getopt_long loop and --help.
 */
#ifndef CC_CLI_H
#define CC_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cc_ctx.h"

/* Every option of every command; the table in cli.c is in this order. */
enum cc_optid {
	CC_OPT_LOCAL,
	CC_OPT_PEER,
	CC_OPT_EXPECT_PEER,
	CC_OPT_CA,
	CC_OPT_PEER_CA,
	CC_OPT_UNTRUSTED,
	CC_OPT_DNS,
	CC_OPT_SOURCE,
	CC_OPT_PROXY,
	CC_OPT_TIMEOUT,
	CC_OPT_MAX_SIZE,
	CC_OPT_ALL,
	CC_OPT_REMOTE,
	CC_OPT_YEAR,
	CC_OPT_SINCE,
	CC_OPT_UTC,
	CC_OPT_FOLLOW,
	CC_OPT_LOG,
	CC_OPT_NAT_T,
	CC_OPT_PROBE,
	CC_OPT_OCSP_URL,
	CC_OPT_OCSP_SIGNER,
	CC_OPT_OCSP_GET,
	CC_OPT_OCSP_HASH,
	CC_OPT_OCSP_NONCE_LEN,
	CC_OPT_URL,
	CC_OPT_CRL,
	CC_OPT_NO_NETWORK,
	CC_OPT_IDLIST,
	CC_OPT_SWANCTL,
	CC_OPT_IPSEC_CONF,
	CC_OPT_CONN,
	CC_OPT_STRONGSWAN_CONF,
	CC_OPT_IPSEC_DIALECT,
	CC_OPT_NSS_DB,
	CC_OPT_TO,
	CC_OPT_FROM,
	CC_OPT_PEER_ID,
	CC_OPT_POLICY,
	CC_OPT_GATEWAY,
	CC_OPT_REVOCATION,
	CC_OPT_PASSWORD_FILE,
	CC_OPT_AT,
	CC_OPT_PEER_SKEW,
	CC_OPT_PEER_TIME,
	CC_OPT_WARN_DAYS,
	CC_OPT_FORMAT,
	CC_OPT_NAGIOS_WARN,
	CC_OPT_NAGIOS_CRIT,
	CC_OPT_CRL_WARN,
	CC_OPT_CRL_CRIT,
	CC_OPT_OUTPUT,
	CC_OPT_QUIET,
	CC_OPT_HELP,
	CC_OPT_COUNT
};

struct cc_strlist {
	const char **item; /* owned array; the strings are argv's */
	size_t n;
};

/* What the command line said; strings are borrowed from argv. */
struct cc_args {
	const char *local, *peer, *expect_peer;
	struct cc_strlist ca, peer_ca, untrusted;
	struct cc_strlist dns, url, crl, policy, ocsp_url, ocsp_signer;
	const char *source, *proxy;
	const char *idlist, *from, *to, *peer_id;
	const char *swanctl, *ipsec_conf, *conn, *strongswan_conf;
	const char *ipsec_dialect, *nss_db; /* --ipsec-conf-dialect, --nss-db */
	long timeout_ms;		    /* --timeout, default 10 s */
	long long max_size;		    /* --max-size, default 64 MiB */
	bool ocsp_sha256;		    /* --ocsp-hash sha256 */
	bool ocsp_get;			    /* --ocsp-get */
	bool all;			    /* log --all */
	const char *remote;		    /* log --remote */
	int year;			    /* log --year, 0: the file's */
	time_t since;			    /* log --since, 0: all */
	bool utc, follow;		    /* log --utc, --follow */
	bool nat_t;			    /* probe --nat-t */
	const char *probe;		    /* diagnose --probe HOST */
	struct cc_strlist log;		    /* diagnose --log */
	int ocsp_nonce_len;		    /* --ocsp-nonce-len, default 32 */
	bool no_network;
	struct cc_strlist positional;
	const char *password_file;
	bool json, quiet, help;
	enum cc_output {
		CC_FORMAT_TEXT,
		CC_FORMAT_JSON,
		CC_FORMAT_NAGIOS,
		CC_FORMAT_PROMETHEUS,
		CC_FORMAT_HTML
	} format;
	const char *output; /* --output FILE (prometheus, html) */
	/* --format nagios's -w, -c, --crl-warn, --crl-crit (-1: none) */
	double warn_days, crit_days, crl_warn_hours, crl_crit_hours;
	bool given[CC_OPT_COUNT];
};

/* One option: a row of cli.c's table. */
struct cc_opt {
	const char *name;
	char letter;	 /* short option, or 0 */
	const char *arg; /* placeholder of the value, NULL for a flag */
	bool repeat;	 /* may be given several times */
	const char *help;
};

/* The row of option id. */
const struct cc_opt *cc_cli_opt(enum cc_optid id);

/* A subcommand: one row of main.c's table. */
struct cc_command {
	const char *name;
	int (*run)(struct cc_ctx *ctx, const struct cc_args *args);
	const enum cc_optid *opts; /* the options it takes */
	size_t nopts;
	const char *usage;   /* "--local CERT --peer CERT --ca FILE..." */
	const char *summary; /* the user's question */
};

/*
 * Parses argv (argv[0] is the subcommand's name) into *args and applies the
 * clock options to ctx.  Returns CC_EUSAGE with the sentence in ctx (the
 * option named) on a bad option or value.
 */
enum cc_err cc_cli_parse(struct cc_ctx *ctx, const struct cc_command *cmd,
			 int argc, char **argv, struct cc_args *args);

/* Frees what cc_cli_parse() allocated. */
void cc_args_release(struct cc_args *args);

/* Writes the command's --help to out. */
void cc_cli_help(const struct cc_command *cmd, FILE *out);

/* Writes a bash completion script for the commands' options (from the
 * one option table): certcheck --bash-completion. */
void cc_cli_complete_bash(const struct cc_command *cmds, size_t n, FILE *out);

/* Requires option id to have been given (records CC_EUSAGE if not). */
enum cc_err cc_cli_require(struct cc_ctx *ctx, const struct cc_args *args,
			   enum cc_optid id);

#endif /* CC_CLI_H */
