/* SPDX-License-Identifier: MIT */
/*
 * cli.c - option table -> getopt_long loop and generated --help; the values
 * of --at, --peer-skew, --peer-time and --warn-days applied to the context.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <net/if.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/objects.h>

#include "cc_crl.h"
#include "cli.h"

/* In enum cc_optid's order. */
static const struct cc_opt opts[] = {
	[CC_OPT_LOCAL] = { "local", 0, "CERT", false,
			   "the gateway's own certificate" },
	[CC_OPT_PEER] = { "peer", 0, "CERT", false,
			  "the certificate the peer presents" },
	[CC_OPT_EXPECT_PEER] = { "expect-peer", 0, "CERT", false,
				 "the certificate issued for this peer: the "
				 "presented one must be it" },
	[CC_OPT_CA] = { "ca", 0, "FILE", true,
			"CA certificates the gateway trusts (its root "
			"certificates)" },
	[CC_OPT_PEER_CA] = { "peer-ca", 0, "FILE", true,
			     "CA certificates the peer trusts (default: as "
			     "--ca)" },
	[CC_OPT_UNTRUSTED] = { "untrusted", 0, "FILE", true,
			       "intermediates for building chains, not "
			       "trusted as anchors" },
	[CC_OPT_DNS] = { "dns", 0, "ADDR[:PORT]", true,
			 "resolve with these DNS servers (the gateway's), not "
			 "the system's" },
	[CC_OPT_SOURCE] = { "source", 0, "IP|IFACE", false,
			    "send DNS queries and fetches from this address "
			    "or interface" },
	[CC_OPT_PROXY] = { "proxy", 0, "URL", false,
			   "fetch through this HTTP proxy (default: none, "
			   "whatever the environment says)" },
	[CC_OPT_TIMEOUT] = { "timeout", 0, "SECONDS", false,
			     "per URL, DNS and fetch together (default 10)" },
	[CC_OPT_MAX_SIZE] = { "max-size", 0, "BYTES", false,
			      "largest CRL accepted (default 64 MiB)" },
	[CC_OPT_ALL] = { "all", 0, NULL, false,
			 "list the negotiations that succeeded too" },
	[CC_OPT_REMOTE] = { "remote", 0, "ADDR|ID", false,
			    "only the negotiations with this peer address or "
			    "identity" },
	[CC_OPT_YEAR] = { "year", 0, "YEAR", false,
			  "the year of syslog's times, which carry none "
			  "(default: the file's last change)" },
	[CC_OPT_SINCE] = { "since", 0, "TIME", false,
			   "only the negotiations from TIME on (RFC 3339 or "
			   "@EPOCH)" },
	[CC_OPT_UTC] = { "utc", 0, NULL, false,
			 "the log's times are UTC (default: this machine's "
			 "local time, as syslog writes them)" },
	[CC_OPT_FOLLOW] = { "follow", 'f', NULL, false,
			    "keep reading the file as it grows (and is "
			    "rotated), each failure as it ends, until "
			    "interrupted" },
	[CC_OPT_NAT_T] = { "nat-t", 0, NULL, false,
			   "to UDP 4500, behind the non-ESP marker (as behind "
			   "a NAT)" },
	[CC_OPT_PROBE] = { "probe", 0, "HOST[:PORT]", false,
			   "ask the live gateway too (certcheck probe): the "
			   "CAs "
			   "it asks certificates from, against the peer's "
			   "chain" },
	[CC_OPT_LOG] = { "log", 0, "FILE", true,
			 "the gateway's IKE log: its most recent failure "
			 "(or --remote's) set beside the checks, its "
			 "identity as --peer-id and its time as --at unless "
			 "given" },
	[CC_OPT_OCSP_URL] = { "ocsp-url", 0, "URL", true,
			      "ask this OCSP responder as well, for the "
			      "first certificate (as a gateway configured "
			      "with it does)" },
	[CC_OPT_OCSP_SIGNER] = { "ocsp-signer", 0, "FILE", true,
				 "trust this OCSP responder certificate as "
				 "it is, as strongSwan's x509ocsp/ folder "
				 "does" },
	[CC_OPT_OCSP_GET] = { "ocsp-get", 0, NULL, false,
			      "ask OCSP responders with GET (RFC 6960 A.1.1) "
			      "instead of POST" },
	[CC_OPT_OCSP_HASH] = { "ocsp-hash", 0, "sha1|sha256", false,
			       "the hash of the OCSP request's CertID "
			       "(default sha1, what responders expect)" },
	[CC_OPT_OCSP_NONCE_LEN] = { "ocsp-nonce-len", 0, "N", false,
				    "the OCSP request's nonce, in bytes "
				    "(default 32 as strongSwan sends; 0: "
				    "none)" },
	[CC_OPT_URL] = { "url", 0, "URL", true,
			 "test this CRL URL as well (or, with no CERT, "
			 "instead)" },
	[CC_OPT_CRL] = { "crl", 0, "FILE", true,
			 "use this CRL file (DER or PEM) as well, for offline "
			 "checks" },
	[CC_OPT_NO_NETWORK] = { "no-network", 0, NULL, false,
				"skip everything that touches the network" },
	[CC_OPT_IDLIST] = { "idlist", 0, "FILE", false,
			    "the gateway's ID lists and tunnel order "
			    "(format: man certcheck, doc/idlist.md)" },
	[CC_OPT_SWANCTL] = { "swanctl", 0, "FILE", false,
			     "the gateway's swanctl.conf: its certificate, "
			     "CAs, CRLs and CRL URLs, remote ids, pinned "
			     "peer and revocation policy (options given "
			     "win)" },
	[CC_OPT_IPSEC_CONF] = { "ipsec-conf", 0, "FILE", false,
				"the gateway's legacy ipsec.conf (strongSwan's "
				"starter), read as --swanctl reads "
				"swanctl.conf; its files under ipsec.d/ "
				"beside it" },
	[CC_OPT_STRONGSWAN_CONF] = { "strongswan-conf", 0, "FILE", false,
				     "the gateway's strongswan.conf, for "
				     "charon.rdn_matching (with --swanctl or "
				     "--ipsec-conf)" },
	[CC_OPT_IPSEC_DIALECT] = { "ipsec-conf-dialect", 0, "NAME", false,
				   "whose ipsec.conf --ipsec-conf is: "
				   "strongswan or libreswan (default: told "
				   "by the keys only one of them reads)" },
	[CC_OPT_NSS_DB] = { "nss-db", 0, "DIR", false,
			    "libreswan's NSS database (certutil -d sql:DIR; "
			    "Debian's is /var/lib/ipsec/nss): the "
			    "certificates its ipsec.conf names by nickname, "
			    "and the CAs it trusts" },
	[CC_OPT_CONN] = { "conn", 0, "NAME", false,
			  "the connection of --swanctl (a conn of "
			  "--ipsec-conf) to judge against "
			  "(default: the one charon selects for the peer, "
			  "by --from and the identity it sends)" },
	[CC_OPT_FROM] = { "from", 0, "ADDR", false,
			  "the peer's address: only tunnels whose remote "
			  "contains it take part" },
	[CC_OPT_TO] = { "to", 0, "ADDR", false,
			"the gateway's address the peer reached (with "
			"--swanctl: judged against local_addrs)" },
	[CC_OPT_PEER_ID] = { "peer-id", 0, "ID", false,
			     "the IKE identity the peer sends (fqdn:, email:, "
			     "ip:, dn:)" },
	[CC_OPT_POLICY] = { "policy", 0, "OID", true,
			    "a certificate policy the gateway accepts (the "
			    "initial policy set; default: any policy)" },
	[CC_OPT_GATEWAY] = { "gateway", 0, "NAME", false,
			     "the gateway that checks the peer: clavister "
			     "(default), strongswan, libreswan, windows "
			     "(doc/gateway-profiles.md)" },
	[CC_OPT_REVOCATION] = { "revocation", 0, "POLICY", false,
				"the gateway's revocation policy: strict, "
				"ifuri or relaxed (default: the gateway's)" },
	[CC_OPT_PASSWORD_FILE] = { "password-file", 0, "FILE", false,
				   "PKCS#12 password: the file's first line "
				   "(else $CERTCHECK_PASSWORD)" },
	[CC_OPT_AT] = { "at", 0, "TIME", false,
			"evaluate as if the local clock read TIME (RFC 3339 "
			"or @EPOCH)" },
	[CC_OPT_PEER_SKEW] = { "peer-skew", 0, "DURATION", false,
			       "the peer's clock minus ours (-2h, +90m, "
			       "+3d, -45s)" },
	[CC_OPT_PEER_TIME] = { "peer-time", 0, "TIME", false,
			       "the time the peer's clock reads" },
	[CC_OPT_WARN_DAYS] = { "warn-days", 0, "N", false,
			       "report certificates expiring within N days "
			       "(default 30)" },
	[CC_OPT_FORMAT] = { "format", 0, "text|json|nagios|prometheus|html",
			    false,
			    "output format (default text; nagios: a "
			    "monitoring plugin's status line, perfdata and "
			    "exit code; prometheus: metrics for "
			    "node_exporter's textfile collector; html: one "
			    "self-contained page with the chains and clocks "
			    "drawn)" },
	[CC_OPT_OUTPUT] = { "output", 0, "FILE", false,
			    "--format prometheus or html: write FILE (a "
			    "temporary file beside it, renamed: never seen "
			    "half-written)" },
	[CC_OPT_NAGIOS_WARN] = { "warning", 'w', "DAYS", false,
				 "--format nagios: WARNING when a "
				 "certificate expires within DAYS" },
	[CC_OPT_NAGIOS_CRIT] = { "critical", 'c', "DAYS", false,
				 "--format nagios: CRITICAL when a "
				 "certificate expires within DAYS" },
	[CC_OPT_CRL_WARN] = { "crl-warn", 0, "HOURS", false,
			      "--format nagios: WARNING when a CRL has less "
			      "than HOURS of validity left" },
	[CC_OPT_CRL_CRIT] = { "crl-crit", 0, "HOURS", false,
			      "--format nagios: CRITICAL when a CRL has less "
			      "than HOURS of validity left" },
	[CC_OPT_QUIET] = { "quiet", 'q', NULL, false,
			   "one line: 'CAUSE: summary' or 'ok' (wins over "
			   "--format)" },
	[CC_OPT_HELP] = { "help", 'h', NULL, false, "show this help" },
};
_Static_assert(countof(opts) == CC_OPT_COUNT, "one row per option");

static void strlist_add(struct cc_strlist *l, const char *s)
{
	l->item = cc_xrealloc(l->item, (l->n + 1) * sizeof(*l->item));
	l->item[l->n++] = s;
}

/* See header */
void cc_args_release(struct cc_args *args)
{
	free(args->ca.item);
	free(args->peer_ca.item);
	free(args->untrusted.item);
	free(args->dns.item);
	free(args->url.item);
	free(args->ocsp_url.item);
	free(args->ocsp_signer.item);
	free(args->crl.item);
	free(args->policy.item);
	free(args->log.item);
	free(args->positional.item);
	memset(args, 0, sizeof(*args));
}

static enum cc_err bad_value(struct cc_ctx *ctx, enum cc_optid id,
			     const char *what, const char *val)
{
	ctx->err_hint = true;
	return cc_fail(ctx, CC_EUSAGE, "option '--%s': '%s' is not %s",
		       opts[id].name, val, what);
}

/* A port number: digits only, 1-65535. */
static bool valid_port(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s >= '0' && *s <= '9' && !*end && n >= 1 && n <= 65535;
}

/* An IPv4 or IPv6 address written as inet_pton() reads it, of at most
 * len bytes. */
static bool valid_ip(const char *s, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned char out[16];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, out) == 1 ||
	       inet_pton(AF_INET6, buf, out) == 1;
}

/* --dns: "ADDR", "ADDR:PORT", "[IPV6]" or "[IPV6]:PORT" (c-ares' own
 * server syntax); a name is not an address. */
static bool valid_dns_server(const char *s)
{
	const char *colon = strchr(s, ':');

	if (*s == '[') {
		const char *close = strchr(s, ']');

		return close && valid_ip(s + 1, (size_t)(close - s - 1)) &&
		       strchr(s + 1, '.') == NULL &&
		       (!close[1] ||
			(close[1] == ':' && valid_port(close + 2)));
	}
	if (colon && strchr(colon + 1, ':'))
		return valid_ip(s, strlen(s)) && strchr(s, '.') == NULL;
	if (colon)
		return valid_ip(s, (size_t)(colon - s)) &&
		       valid_port(colon + 1);
	return valid_ip(s, strlen(s));
}

/* --source: an address, or the name of an interface this machine has. */
static bool valid_source(const char *s)
{
	return valid_ip(s, strlen(s)) ||
	       (strlen(s) < IF_NAMESIZE && if_nametoindex(s) != 0);
}

/* --proxy: SCHEME://HOST[:PORT][/] with a scheme libcurl proxies through. */
static bool valid_proxy(const char *s)
{
	static const char *const schemes[] = { "http://",   "https://",
					       "socks4://", "socks4a://",
					       "socks5://", "socks5h://" };
	const char *host = NULL;

	for (size_t i = 0; i < countof(schemes) && !host; i++)
		if (!strncasecmp(s, schemes[i], strlen(schemes[i])))
			host = s + strlen(schemes[i]);
	return host && *host && *host != '/' && *host != ':' &&
	       !strpbrk(host, " \t\r\n");
}

static enum cc_err apply(struct cc_ctx *ctx, struct cc_args *a,
			 enum cc_optid id, const char *val)
{
	char *end;
	long n;

	if (a->given[id] && !opts[id].repeat && opts[id].arg) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE, "option '--%s' given twice",
			       opts[id].name);
	}
	a->given[id] = true;
	switch (id) {
	case CC_OPT_LOCAL:
		a->local = val;
		break;
	case CC_OPT_PEER:
		a->peer = val;
		break;
	case CC_OPT_EXPECT_PEER:
		a->expect_peer = val;
		break;
	case CC_OPT_CA:
		strlist_add(&a->ca, val);
		break;
	case CC_OPT_PEER_CA:
		strlist_add(&a->peer_ca, val);
		break;
	case CC_OPT_UNTRUSTED:
		strlist_add(&a->untrusted, val);
		break;
	case CC_OPT_DNS:
		if (!valid_dns_server(val))
			return bad_value(ctx, id,
					 "a DNS server's address: ADDR, "
					 "ADDR:PORT or [IPV6]:PORT",
					 val);
		if (a->dns.n == CC_DNS_MAX) {
			ctx->err_hint = true;
			return cc_fail(
				ctx, CC_EUSAGE,
				"option '--dns' given more than %d times",
				CC_DNS_MAX);
		}
		strlist_add(&a->dns, val);
		break;
	case CC_OPT_SOURCE:
		if (!valid_source(val))
			return bad_value(ctx, id,
					 "an address or an interface of this "
					 "machine",
					 val);
		a->source = val;
		break;
	case CC_OPT_PROXY:
		if (!valid_proxy(val))
			return bad_value(ctx, id,
					 "a proxy URL (http://HOST:PORT, "
					 "socks5://HOST:PORT)",
					 val);
		a->proxy = val;
		break;
	case CC_OPT_TIMEOUT: {
		double sec = strtod(val, &end);

		if (!*val || *end || !(sec > 0) || sec > 3600)
			return bad_value(ctx, id,
					 "a number of seconds above 0, at most "
					 "3600",
					 val);
		a->timeout_ms = (long)(sec * 1000);
		break;
	}
	case CC_OPT_MAX_SIZE: {
		long long v = strtoll(val, &end, 10);

		if (!*val || *end || v < 1)
			return bad_value(ctx, id, "a number of bytes above 0",
					 val);
		a->max_size = v;
		break;
	}
	case CC_OPT_ALL:
		a->all = true;
		break;
	case CC_OPT_REMOTE:
		a->remote = val;
		break;
	case CC_OPT_YEAR: {
		long long v = strtoll(val, &end, 10);

		if (!*val || *end || v < 1970 || v > 9999)
			return bad_value(ctx, id, "a year, 1970 to 9999", val);
		a->year = (int)v;
		break;
	}
	case CC_OPT_SINCE:
		if (!cc_parse_time(val, &a->since))
			return bad_value(ctx, id, "an RFC 3339 time or @EPOCH",
					 val);
		break;
	case CC_OPT_UTC:
		a->utc = true;
		break;
	case CC_OPT_FOLLOW:
		a->follow = true;
		break;
	case CC_OPT_LOG:
		strlist_add(&a->log, val);
		break;
	case CC_OPT_NAT_T:
		a->nat_t = true;
		break;
	case CC_OPT_PROBE:
		a->probe = val;
		break;
	case CC_OPT_OCSP_URL:
		strlist_add(&a->ocsp_url, val);
		break;
	case CC_OPT_OCSP_SIGNER:
		strlist_add(&a->ocsp_signer, val);
		break;
	case CC_OPT_OCSP_GET:
		a->ocsp_get = true;
		break;
	case CC_OPT_OCSP_HASH:
		if (strcmp(val, "sha1") && strcmp(val, "sha256"))
			return bad_value(ctx, id, "sha1 or sha256", val);
		a->ocsp_sha256 = !strcmp(val, "sha256");
		break;
	case CC_OPT_OCSP_NONCE_LEN: {
		long long v = strtoll(val, &end, 10);

		if (!*val || *end || v < 0 || v > 128)
			return bad_value(ctx, id, "a number of bytes, 0 to 128",
					 val);
		a->ocsp_nonce_len = (int)v;
		break;
	}
	case CC_OPT_URL:
		strlist_add(&a->url, val);
		break;
	case CC_OPT_CRL:
		strlist_add(&a->crl, val);
		break;
	case CC_OPT_NO_NETWORK:
		a->no_network = true;
		break;
	case CC_OPT_IDLIST:
		a->idlist = val;
		break;
	case CC_OPT_SWANCTL:
		a->swanctl = val;
		break;
	case CC_OPT_IPSEC_CONF:
		a->ipsec_conf = val;
		break;
	case CC_OPT_CONN:
		a->conn = val;
		break;
	case CC_OPT_IPSEC_DIALECT:
		if (strcmp(val, "strongswan") && strcmp(val, "libreswan"))
			return bad_value(ctx, id, "strongswan or libreswan",
					 val);
		a->ipsec_dialect = val;
		break;
	case CC_OPT_NSS_DB:
		a->nss_db = val;
		break;
	case CC_OPT_STRONGSWAN_CONF:
		a->strongswan_conf = val;
		break;
	case CC_OPT_FROM:
		a->from = val;
		break;
	case CC_OPT_TO:
		a->to = val;
		break;
	case CC_OPT_PEER_ID:
		a->peer_id = val;
		break;
	case CC_OPT_POLICY: {
		ASN1_OBJECT *o = OBJ_txt2obj(val, 1);

		ERR_clear_error();
		if (!o)
			return bad_value(ctx, id,
					 "a policy OID in dotted form "
					 "(2.5.29.32.0 for any policy)",
					 val);
		ASN1_OBJECT_free(o);
		strlist_add(&a->policy, val);
		break;
	}
	case CC_OPT_GATEWAY:
		if (!cc_gateway_parse(val, &ctx->gateway))
			return bad_value(ctx, id,
					 "clavister, strongswan, libreswan or "
					 "windows",
					 val);
		ctx->gateway_from = "option";
		if (!a->given[CC_OPT_REVOCATION])
			ctx->revocation = cc_gateway_revocation(ctx->gateway);
		break;
	case CC_OPT_REVOCATION:
		if (!cc_revocation_parse(val, &ctx->revocation))
			return bad_value(ctx, id, "strict, ifuri or relaxed",
					 val);
		ctx->revocation_from = "option";
		break;
	case CC_OPT_PASSWORD_FILE:
		a->password_file = val;
		break;
	case CC_OPT_AT:
		if (!cc_parse_time(val, &ctx->now))
			return bad_value(ctx, id, "an RFC 3339 time or @EPOCH",
					 val);
		ctx->now_given = true;
		break;
	case CC_OPT_PEER_SKEW:
		if (!cc_parse_duration(val, &ctx->peer_skew))
			return bad_value(ctx, id,
					 "a duration such as -2h, +90m, +3d",
					 val);
		break;
	case CC_OPT_PEER_TIME:
		if (!cc_parse_time(val, &ctx->peer_now))
			return bad_value(ctx, id, "an RFC 3339 time or @EPOCH",
					 val);
		break;
	case CC_OPT_WARN_DAYS:
		n = strtol(val, &end, 10);
		if (!*val || *end || n < 0 || n > 36500)
			return bad_value(ctx, id,
					 "a number of days from 0 to 36500",
					 val);
		ctx->warn_days = (int)n;
		break;
	case CC_OPT_FORMAT: {
		static const char *const names[] = { "text", "json", "nagios",
						     "prometheus", "html" };
		size_t k = 0;

		while (k < countof(names) && strcmp(val, names[k]))
			k++;
		if (k == countof(names))
			return bad_value(ctx, id,
					 "'text', 'json', 'nagios', "
					 "'prometheus' or 'html'",
					 val);
		a->format = (enum cc_output)k;
		a->json = a->format == CC_FORMAT_JSON;
		break;
	}
	case CC_OPT_OUTPUT:
		a->output = val;
		break;
	case CC_OPT_NAGIOS_WARN:
	case CC_OPT_NAGIOS_CRIT:
	case CC_OPT_CRL_WARN:
	case CC_OPT_CRL_CRIT: {
		double v = strtod(val, &end);

		if (!*val || *end || !(v >= 0) || v > 100000)
			return bad_value(ctx, id, "a number, 0 or more", val);
		*(id == CC_OPT_NAGIOS_WARN   ? &a->warn_days
		  : id == CC_OPT_NAGIOS_CRIT ? &a->crit_days
		  : id == CC_OPT_CRL_WARN    ? &a->crl_warn_hours
					     : &a->crl_crit_hours) = v;
		break;
	}
	case CC_OPT_QUIET:
		a->quiet = true;
		break;
	case CC_OPT_HELP:
		a->help = true;
		break;
	case CC_OPT_COUNT:
		break;
	}
	return CC_SUCCESS;
}

/* The peer's clock, once --at is known whatever the options' order. */
static enum cc_err settle_clocks(struct cc_ctx *ctx, const struct cc_args *a)
{
	if (a->given[CC_OPT_PEER_SKEW] && a->given[CC_OPT_PEER_TIME]) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE,
			       "options '--peer-skew' and '--peer-time' "
			       "exclude each other");
	}
	if (a->given[CC_OPT_PEER_SKEW]) {
		ctx->has_peer_clock = true;
		ctx->peer_now = ctx->now + (time_t)ctx->peer_skew;
	} else if (a->given[CC_OPT_PEER_TIME]) {
		ctx->has_peer_clock = true;
		ctx->peer_skew = (long long)(ctx->peer_now - ctx->now);
	} else {
		ctx->peer_now = ctx->now;
	}
	return CC_SUCCESS;
}

/* The "--name" or "--name=value" element getopt_long() just read: the
 * one before its value when the value came as the next element. */
static const char *long_token(char **argv, int optind_now, const char *val)
{
	return val && val == argv[optind_now - 1] ? argv[optind_now - 2]
						  : argv[optind_now - 1];
}

/* The option's name as typed, "--name", without any "=value": what an
 * error may repeat (a value may be a secret). */
static char *long_name(char **argv, int optind_now, const char *val)
{
	static char buf[64];
	const char *t = long_token(argv, optind_now, val);

	snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(t, "="), t);
	return buf;
}

/* getopt_long() takes any unambiguous prefix of a long option; certcheck
 * does not: "--password secret" would read the file "secret" and say its
 * name, and a prefix that is unique today is ambiguous tomorrow. */
static bool spelled_in_full(char **argv, int optind_now, const char *val,
			    const char *name)
{
	const char *t = long_token(argv, optind_now, val) + 2;
	size_t n = strcspn(t, "=");

	return n == strlen(name) && !strncmp(t, name, n);
}

/* See header */
enum cc_err cc_cli_parse(struct cc_ctx *ctx, const struct cc_command *cmd,
			 int argc, char **argv, struct cc_args *args)
{
	struct option lopts[CC_OPT_COUNT + 1];
	char sopts[2 * CC_OPT_COUNT + 2] = "";
	size_t ns = 0;
	int c, li;

	memset(args, 0, sizeof(*args));
	args->timeout_ms = 10000;
	args->max_size = 64LL * 1024 * 1024;
	args->ocsp_nonce_len = 32;
	args->warn_days = args->crit_days = -1;
	args->crl_warn_hours = args->crl_crit_hours = -1;
	memset(lopts, 0, sizeof(lopts));
	for (size_t i = 0; i < cmd->nopts; i++) {
		const struct cc_opt *o = &opts[cmd->opts[i]];

		lopts[i].name = o->name;
		lopts[i].has_arg = o->arg ? required_argument : no_argument;
		lopts[i].val = 256 + (int)cmd->opts[i];
		if (o->letter) {
			sopts[ns++] = o->letter;
			if (o->arg)
				sopts[ns++] = ':';
		}
	}
	sopts[ns] = '\0';
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, sopts, lopts, &li)) != -1) {
		enum cc_optid id = CC_OPT_COUNT;

		if (c >= 256) {
			id = (enum cc_optid)(c - 256);
		} else if (c != '?' && c != ':') {
			for (size_t i = 0; i < cmd->nopts; i++)
				if (opts[cmd->opts[i]].letter == c)
					id = cmd->opts[i];
		}
		if (id == CC_OPT_COUNT) {
			const char *bad = argv[optind - 1];

			ctx->err_hint = true;
			if (c == ':' || (optopt && strchr(sopts, optopt)))
				return cc_fail(ctx, CC_EUSAGE,
					       "option '%s' needs a value",
					       bad);
			for (size_t i = 0; i < cmd->nopts; i++)
				if (!strncmp(bad, "--", 2) &&
				    !strcmp(bad + 2, opts[cmd->opts[i]].name))
					return cc_fail(ctx, CC_EUSAGE,
						       "option '%s' needs a "
						       "value",
						       bad);
			for (size_t i = 0; i < CC_OPT_COUNT; i++)
				if (!strncmp(bad, "--", 2) &&
				    !strncmp(bad + 2, opts[i].name,
					     strcspn(bad + 2, "=")) &&
				    strlen(opts[i].name) ==
					    strcspn(bad + 2, "="))
					return cc_fail(
						ctx, CC_EUSAGE,
						"option '--%s' does not "
						"apply to 'certcheck %s'",
						opts[i].name, cmd->name);
			return cc_fail(ctx, CC_EUSAGE, "unknown option '%s'",
				       bad);
		}
		if (c >= 256 &&
		    !spelled_in_full(argv, optind, optarg, lopts[li].name)) {
			ctx->err_hint = true;
			return cc_fail(ctx, CC_EUSAGE,
				       "option '%s' is not spelled in full: "
				       "write '--%s'",
				       long_name(argv, optind, optarg),
				       lopts[li].name);
		}
		if (apply(ctx, args, id, optarg))
			return ctx->err;
	}
	for (int i = optind; i < argc; i++)
		strlist_add(&args->positional, argv[i]);
	for (enum cc_optid t = CC_OPT_NAGIOS_WARN; t <= CC_OPT_CRL_CRIT; t++)
		if (args->given[t] && args->format != CC_FORMAT_NAGIOS) {
			ctx->err_hint = true;
			return cc_fail(ctx, CC_EUSAGE,
				       "option '--%s' applies to --format "
				       "nagios only",
				       opts[t].name);
		}
	if (args->output && args->format != CC_FORMAT_PROMETHEUS &&
	    args->format != CC_FORMAT_HTML) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE,
			       "option '--output' applies to --format "
			       "prometheus and html only");
	}
	ctx->policy = args->policy.item;
	ctx->npolicy = args->policy.n;
	return settle_clocks(ctx, args);
}

/* See header */
enum cc_err cc_cli_require(struct cc_ctx *ctx, const struct cc_args *args,
			   enum cc_optid id)
{
	if (args->given[id])
		return CC_SUCCESS;
	ctx->err_hint = true;
	return cc_fail(ctx, CC_EUSAGE, "option '--%s' is required",
		       opts[id].name);
}

/* See header */
void cc_cli_help(const struct cc_command *cmd, FILE *out)
{
	fprintf(out, "usage: certcheck %s %s\n\n%s\n\noptions:\n", cmd->name,
		cmd->usage, cmd->summary);
	for (size_t i = 0; i < cmd->nopts; i++) {
		const struct cc_opt *o = &opts[cmd->opts[i]];
		char left[48], flag[8] = "    ";

		if (o->letter)
			snprintf(flag, sizeof(flag), "-%c, ", o->letter);
		snprintf(left, sizeof(left), "%s--%s%s%s%s", flag, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "",
			 o->repeat ? "..." : "");
		fprintf(out, "  %-30s %s\n", left, o->help);
	}
	fputs("\nexit codes: 0 no problem found, 1 a problem found, "
	      "2 the command could not run\n",
	      out);
}

/* See cli.h */
const struct cc_opt *cc_cli_opt(enum cc_optid id)
{
	return &opts[id];
}
