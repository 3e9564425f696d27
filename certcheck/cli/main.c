/* SPDX-License-Identifier: MIT */
/*
 * main.c - certcheck's entry: the table of subcommands, library set-up, and
 * the one place where an error becomes its stderr line and exit code 2.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "cmds.h"

#ifndef CC_VERSION
#define CC_VERSION "0.0.0"
#endif
#ifndef CC_COMMIT
#define CC_COMMIT "unknown"
#endif

/* Every command's; the clocks only where a certificate or CRL is judged
 * by time (idlist judges none, so it refuses them). */
#define COMMON_OPTS                                                            \
	CC_OPT_GATEWAY, CC_OPT_PASSWORD_FILE, FORMAT_OPTS, CC_OPT_QUIET,       \
		CC_OPT_HELP
/* --format, prometheus' --output and nagios' thresholds */
#define FORMAT_OPTS                                                            \
	CC_OPT_FORMAT, CC_OPT_OUTPUT, CC_OPT_NAGIOS_WARN, CC_OPT_NAGIOS_CRIT,  \
		CC_OPT_CRL_WARN, CC_OPT_CRL_CRIT
#define CLOCK_OPTS                                                             \
	CC_OPT_AT, CC_OPT_PEER_SKEW, CC_OPT_PEER_TIME, CC_OPT_WARN_DAYS

static const enum cc_optid pair_opts[] = {
	CC_OPT_SWANCTL,
	CC_OPT_IPSEC_CONF,
	CC_OPT_CONN,
	CC_OPT_STRONGSWAN_CONF,
	CC_OPT_IPSEC_DIALECT,
	CC_OPT_NSS_DB,
	CC_OPT_LOCAL,
	CC_OPT_PEER,
	CC_OPT_CA,
	CC_OPT_PEER_CA,
	CC_OPT_UNTRUSTED,
	CC_OPT_POLICY,
	CLOCK_OPTS,
	COMMON_OPTS,
};

static const enum cc_optid crl_opts[] = {
	CC_OPT_SWANCTL,
	CC_OPT_IPSEC_CONF,
	CC_OPT_CONN,
	CC_OPT_STRONGSWAN_CONF,
	CC_OPT_IPSEC_DIALECT,
	CC_OPT_NSS_DB,
	CC_OPT_CA,
	CC_OPT_PEER_CA,
	CC_OPT_UNTRUSTED,
	CC_OPT_DNS,
	CC_OPT_SOURCE,
	CC_OPT_PROXY,
	CC_OPT_TIMEOUT,
	CC_OPT_MAX_SIZE,
	CC_OPT_OCSP_URL,
	CC_OPT_OCSP_SIGNER,
	CC_OPT_OCSP_GET,
	CC_OPT_OCSP_HASH,
	CC_OPT_OCSP_NONCE_LEN,
	CC_OPT_URL,
	CC_OPT_CRL,
	CC_OPT_NO_NETWORK,
	CC_OPT_REVOCATION,
	CC_OPT_AT,
	COMMON_OPTS,
};

static const enum cc_optid idlist_opts[] = {
	CC_OPT_IDLIST,
	CC_OPT_SWANCTL,
	CC_OPT_IPSEC_CONF,
	CC_OPT_STRONGSWAN_CONF,
	CC_OPT_IPSEC_DIALECT,
	CC_OPT_NSS_DB,
	CC_OPT_FROM,
	CC_OPT_PEER_ID,
	CC_OPT_CA,
	CC_OPT_PEER_CA,
	CC_OPT_UNTRUSTED,
	COMMON_OPTS,
};

static const enum cc_optid diagnose_opts[] = {
	CC_OPT_SWANCTL,
	CC_OPT_IPSEC_CONF,
	CC_OPT_CONN,
	CC_OPT_STRONGSWAN_CONF,
	CC_OPT_IPSEC_DIALECT,
	CC_OPT_NSS_DB,
	CC_OPT_LOCAL,
	CC_OPT_PEER,
	CC_OPT_EXPECT_PEER,
	CC_OPT_CA,
	CC_OPT_PEER_CA,
	CC_OPT_UNTRUSTED,
	CC_OPT_IDLIST,
	CC_OPT_FROM,
	CC_OPT_TO,
	CC_OPT_PEER_ID,
	CC_OPT_DNS,
	CC_OPT_SOURCE,
	CC_OPT_PROXY,
	CC_OPT_TIMEOUT,
	CC_OPT_MAX_SIZE,
	CC_OPT_OCSP_URL,
	CC_OPT_OCSP_SIGNER,
	CC_OPT_OCSP_GET,
	CC_OPT_OCSP_HASH,
	CC_OPT_OCSP_NONCE_LEN,
	CC_OPT_URL,
	CC_OPT_CRL,
	CC_OPT_NO_NETWORK,
	CC_OPT_POLICY,
	CC_OPT_REVOCATION,
	CC_OPT_LOG,
	CC_OPT_PROBE,
	CC_OPT_NAT_T,
	CC_OPT_REMOTE,
	CC_OPT_YEAR,
	CC_OPT_UTC,
	CLOCK_OPTS,
	COMMON_OPTS,
};

static const enum cc_optid log_opts[] = {
	CC_OPT_ALL,    CC_OPT_REMOTE, CC_OPT_SINCE, CC_OPT_YEAR, CC_OPT_UTC,
	CC_OPT_FOLLOW, FORMAT_OPTS,   CC_OPT_QUIET, CC_OPT_HELP,
};

static const enum cc_optid probe_opts[] = {
	CC_OPT_PEER,   CC_OPT_CA,      CC_OPT_UNTRUSTED,     CC_OPT_NAT_T,
	CC_OPT_SOURCE, CC_OPT_TIMEOUT, CC_OPT_PASSWORD_FILE, FORMAT_OPTS,
	CC_OPT_QUIET,  CC_OPT_HELP,
};

static const struct cc_command commands[] = {
	{ "pair", cmd_pair, pair_opts, countof(pair_opts),
	  "(--local CERT --ca FILE... | --swanctl FILE) --peer CERT "
	  "[--peer-ca FILE...] [--untrusted FILE...] [options]",
	  "Will these two certificates (the gateway's and the peer's) accept "
	  "each other?\nBoth chains are built and validated (the gateway's "
	  "store at the local time, the\npeer's store at the peer's time), "
	  "and both certificates are checked for IKE use." },
	{ "crl", cmd_crl, crl_opts, countof(crl_opts),
	  "CERT... (--ca FILE... | --swanctl FILE) [--untrusted FILE...] "
	  "[--dns ADDR[:PORT]...] [options]",
	  "Can the gateway reach and use the CRLs of these certificates, from "
	  "its network?\nEvery CRL distribution point of every certificate "
	  "of the chains: DNS (c-ares,\nthe gateway's servers), fetch "
	  "(http, https, ldap, ldaps), parse, signature,\nfreshness at the "
	  "evaluation time and the serial, all URLs at once." },
	{ "idlist", cmd_idlist, idlist_opts, countof(idlist_opts),
	  "(--idlist FILE | --swanctl FILE) [--from ADDR] [--peer-id ID] "
	  "CERT|DIR...",
	  "Which ID-list entry (and which tunnel) does each user certificate "
	  "match?\nEvery identity a certificate can present (its subject, its "
	  "subjectAltNames)\nagainst the gateway's tunnels in order; "
	  "certificates that match nothing, with\nthe entry that came "
	  "closest; entries shadowed by earlier tunnels." },
	{ "diagnose", cmd_diagnose, diagnose_opts, countof(diagnose_opts),
	  "(--local CERT --ca FILE... | --swanctl FILE) --peer CERT "
	  "[options]",
	  "Why does the tunnel fail with \"No public key found\"?\nEvery check "
	  "its inputs allow - both chains and clocks, the peer's CRLs\nfrom "
	  "the gateway's network (unless --no-network), the ID lists "
	  "(--idlist),\nthe IKE identity (--peer-id), the certificate issued "
	  "for the peer\n(--expect-peer) - and the root cause, with its "
	  "evidence and fix." },
	{ "log", cmd_log, log_opts, countof(log_opts), "FILE... [options]",
	  "Why did each IKE negotiation of the gateway's log fail?\nEvery "
	  "negotiation of a strongSwan, libreswan or Windows log (- for "
	  "standard\ninput; zcat old.gz | certcheck log -), grouped by IKE_SA: "
	  "the peer's address\nand identity, the certificates and CAs named, "
	  "the decisive lines and the\ncause they show, with its fix." },
	{ "probe", cmd_probe, probe_opts, countof(probe_opts),
	  "HOST[:PORT] [--peer CERT] [--ca FILE...] [options]",
	  "Which CAs does the live gateway trust, asked from the client's "
	  "side?\nOne IKE_SA_INIT request (UDP 500; never an IKE_AUTH): the "
	  "proposal the gateway\nchooses, the CAs it asks certificates from "
	  "(CERTREQ), its notifications and\nvendor IDs, matched against "
	  "--peer's chain and the CAs of --ca.  Intrusion\ndetection on the "
	  "way may log the probe as an IKE scan." },
};

static void usage(FILE *out)
{
	fputs("usage: certcheck COMMAND [options]\n\n"
	      "Tells why an IPsec tunnel that authenticates with certificates "
	      "will not come up.\n\ncommands:\n",
	      out);
	for (size_t i = 0; i < countof(commands); i++)
		fprintf(out, "  %-10s %.*s\n", commands[i].name,
			(int)strcspn(commands[i].summary, "\n"),
			commands[i].summary);
	fputs("\n'certcheck COMMAND --help' tells more; "
	      "'certcheck --version' the version.\n",
	      out);
}

/* --version: certcheck's version and commit, and the libraries it runs
 * with (the network module's through the module, which may be absent). */
static int version(void)
{
	struct cc_ctx ctx;
	void *handle = NULL;
	const struct cc_crl_module *m;

	cc_ctx_init(&ctx, "version", time(NULL));
	printf("certcheck %s (commit %s)\n", CC_VERSION, CC_COMMIT);
	printf("OpenSSL: %s\n", OpenSSL_version(OPENSSL_VERSION));
	m = cc_module_crl(&ctx, &handle);
	if (m)
		printf("network module: %s\n", m->versions());
	else
		printf("network module: not found (%s)\n", ctx.errmsg);
	cc_module_close(handle);
	return 0;
}

/* Whether the command line asks for --format nagios (looked at before
 * it is parsed: a bad option is UNKNOWN, exit 3, in that format). */
static bool wants_nagios(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if ((!strcmp(argv[i], "--format") && i + 1 < argc &&
		     !strcmp(argv[i + 1], "nagios")) ||
		    !strcmp(argv[i], "--format=nagios"))
			return true;
	return false;
}

/* The status line of a check that could not run. */
static void unknown(const char *command, const char *why)
{
	printf("CERTCHECK ");
	for (const char *p = command; *p; p++)
		putchar(toupper((unsigned char)*p));
	printf(" UNKNOWN - ");
	for (const char *p = why; *p; p++)
		putchar(*p == '|' ? '/' : *p);
	putchar('\n');
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const struct cc_command *cmd = NULL;
	struct cc_args args;
	struct cc_ctx ctx;
	bool nagios;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version"))
		return version();
	if (!strcmp(argv[1], "--bash-completion")) {
		cc_cli_complete_bash(commands, countof(commands), stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < countof(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr,
			"certcheck: unknown command '%s'\n"
			"try 'certcheck --help'\n",
			argv[1]);
		return 2;
	}

	cc_ctx_init(&ctx, cmd->name, time(NULL));
	rc = 2;
	nagios = wants_nagios(argc, argv);
	if (cc_cli_parse(&ctx, cmd, argc - 1, argv + 1, &args) == CC_SUCCESS) {
		if (args.help) {
			cc_cli_help(cmd, stdout);
			rc = nagios ? 3 : 0; /* UNKNOWN: no check ran */
		} else {
			rc = cmd->run(&ctx, &args);
		}
	}
	cc_args_release(&args);
	if (ctx.err != CC_SUCCESS) {
		/* a monitoring plugin that could not check says UNKNOWN on
		 * its status line, and exits 3 */
		if (nagios)
			unknown(cmd->name, ctx.errmsg);
		fprintf(stderr, "certcheck %s: %s\n", cmd->name, ctx.errmsg);
		if (ctx.err_hint)
			fprintf(stderr, "try 'certcheck %s --help'\n",
				cmd->name);
		return nagios ? 3 : 2;
	}
	return rc;
}
