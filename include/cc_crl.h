/* SPDX-License-Identifier: MIT */
/*
 * cc_crl.h - crl/'s whole contract: what the CRL check is given, the
 * per-URL results it hands back, and the module entry point.
 *
 * crl/ is built as a module (certcheck-crl.so) that the `crl` command loads
 * on demand, so that commands without network work never load libcurl or
 * c-ares.  No libcurl or c-ares type appears here.
 */
#ifndef CC_CRL_H
#define CC_CRL_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_cert.h"
#include "cc_checkid.h"
#include "cc_checks.h"
#include "cc_ctx.h"
#include "cc_finding.h"

struct cc_report;

/*
 * The steps a URL goes through, in the order they run: the enum, the
 * step's name in the report (doc/report.md), the check that reports it
 * failing (crl.url: none of its own) and what to do about it.
 */
#define CC_URL_STEPS(X)							\
	X(SCHEME, "scheme", CC_CHECK_CRL_SCHEME,			\
	  "issue the certificates with an http CRL distribution point a " \
	  "gateway can reach")						\
	X(SRV, "srv", CC_CHECK_CRL_SRV,					\
	  "a gateway outside the Windows domain cannot use a hostless "	\
	  "LDAP distribution point: add an http one (AD CS: the CA's CDP " \
	  "extension settings)")					\
	X(DNS, "dns", CC_CHECK_CRL_DNS,					\
	  "make the gateway's DNS servers resolve the CRL host (add the " \
	  "record, or configure a DNS server that knows it on the "	\
	  "gateway)")							\
	X(DNS_SYSTEM, "dns-system", CC_CHECK_CRL_URL,			\
	  "check this CRL distribution point")				\
	X(CONNECT, "connect", CC_CHECK_CRL_CONNECT,			\
	  "let the gateway reach the CRL server (firewall rule for this " \
	  "port) and check that the server runs")			\
	X(TLS, "tls", CC_CHECK_CRL_TLS,					\
	  "give the CRL server a certificate the gateway trusts, or "	\
	  "publish the CRL over http (CRLs are signed; they need no TLS)") \
	X(HTTP, "http", CC_CHECK_CRL_HTTP,				\
	  "publish the CRL at this URL, quickly enough for a gateway's "	\
	  "fetch")							\
	X(LDAP, "ldap", CC_CHECK_CRL_LDAP,				\
	  "publish the CRL in the directory's certificateRevocationList " \
	  "attribute, or add an http distribution point")		\
	X(REDIRECT, "redirect", CC_CHECK_CRL_REDIRECT,			\
	  "serve the CRL at the URL itself, without redirects to other "	\
	  "schemes or loops")						\
	X(PARSE, "parse", CC_CHECK_CRL_PARSE,				\
	  "publish the CRL itself (DER) at this URL: an HTML page means a " \
	  "captive portal or an error page")				\
	X(VERIFY, "verify", CC_CHECK_CRL_VERIFY,			\
	  "publish the CRL of the certificate's own CA, signed with its " \
	  "current key, at this URL")					\
	X(FRESHNESS, "freshness", CC_CHECK_CRL_FRESHNESS,		\
	  "publish a current CRL (has the CA stopped publishing?), or "	\
	  "correct the clock")						\
	X(LOOKUP, "lookup", CC_CHECK_CRL_URL,				\
	  "check this CRL distribution point")

enum cc_url_step_kind {
#define CC_STEP_ENUM(e, name, check, remedy) CC_STEP_##e,
	CC_URL_STEPS(CC_STEP_ENUM)
#undef CC_STEP_ENUM
	CC_STEP_COUNT
};

/* The step's row: its name, check and remedy. */
struct cc_url_step_row {
	const char *name;
	enum cc_check check;
	const char *remedy;
};
const struct cc_url_step_row *cc_url_step_row(enum cc_url_step_kind k);

/* One step of one URL. */
struct cc_url_step {
	enum cc_url_step_kind step;
	enum cc_status status;	/* ok, warn, fail or skip */
	long ms;
	char *detail;		/* owned */
};

struct cc_url_result {
	char *url;		/* owned; credentials masked */
	int cert;		/* index into the set */
	enum cc_status status;	/* the worst of its steps */
	bool delta;		/* from a freshest-CRL (delta) point */
	struct cc_url_step *steps; /* owned */
	size_t nsteps, cap;
};

struct cc_url_results {
	struct cc_url_result *url; /* owned */
	size_t n, cap;
};

/* Appends a URL (url is copied) and returns it (get0). */
struct cc_url_result *cc_urls_add(struct cc_url_results *u, const char *url,
				  int cert, bool delta);
/* Appends a step to u; raises u->status to st when worse. */
void cc_url_step(struct cc_url_result *u, enum cc_url_step_kind step,
		 enum cc_status st, long ms, const char *fmt, ...)
	CC_PRINTF(5, 6);
void cc_urls_release(struct cc_url_results *u);

/* The most --dns servers a run asks (each on its own channel). */
#define CC_DNS_MAX 8

struct cc_crl_opts {
	const char *const *dns;	/* --dns ADDR[:PORT]; ndns == 0: system */
	size_t ndns;
	const char *source;	/* --source IP or interface, or NULL */
	const char *proxy;	/* --proxy URL, or NULL: never a proxy */
	long timeout_ms;	/* per URL, DNS and fetch together */
	long long max_size;	/* largest CRL accepted */
	const char *const *urls; /* --url: tested as well */
	size_t nurls;
	const char *const *crl_files; /* --crl: used as well */
	size_t ncrl;
	bool no_network;
	const char *resolv_conf; /* the system resolver's configuration;
				    NULL: /etc/resolv.conf */
};

/*
 * Checks the CRLs of the certificates of chains (each chain's certificates
 * but its self-signed anchor): distribution points, DNS, fetch, parse,
 * signature, freshness, serial lookup.  Adds crl-unreachable, revoked and
 * validity (clock evidence) findings to r and one result per URL to urls.
 * Returns CC_EINPUT (recorded in ctx) for an unreadable --crl file.
 */
typedef enum cc_err (*cc_crl_check_fn)(struct cc_ctx *ctx,
				       const struct cc_crl_opts *opts,
				       const struct cc_certset *set,
				       const struct cc_chain *chains,
				       size_t nchains, struct cc_report *r,
				       struct cc_url_results *urls);

#define CC_CRL_ABI 1

/* What the module exports, as the symbol "cc_crl_module". */
struct cc_crl_module {
	int abi;		/* CC_CRL_ABI */
	cc_crl_check_fn check;
};

/* The check itself (also linked directly by the tests). */
enum cc_err cc_crl_check(struct cc_ctx *ctx, const struct cc_crl_opts *opts,
			 const struct cc_certset *set,
			 const struct cc_chain *chains, size_t nchains,
			 struct cc_report *r, struct cc_url_results *urls);

#endif /* CC_CRL_H */
