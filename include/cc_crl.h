/* SPDX-License-Identifier: MIT */
/*
 * cc_crl.h - crl/'s contract: what the CRL check is given and the module
 * entry point; the per-URL results it hands back are cc_urls.h.
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
#include "cc_checks.h"
#include "cc_ctx.h"
#include "cc_finding.h"
#include "cc_urls.h"

struct cc_report;

/* The most --dns servers a run asks (each on its own channel). */
#define CC_DNS_MAX 8

struct cc_crl_opts {
	const char *const *dns; /* --dns ADDR[:PORT]; ndns == 0: system */
	size_t ndns;
	const char *source;	 /* --source IP or interface, or NULL */
	const char *proxy;	 /* --proxy URL, or NULL: never a proxy */
	long timeout_ms;	 /* per URL, DNS and fetch together */
	long long max_size;	 /* largest CRL accepted */
	const char *const *urls; /* --url: tested as well */
	const int *url_ca;	 /* NULL, or for each URL the index in the set
				    of the CA it serves (a configured
				    authority's): tested for the certificates
				    that CA issued; -1: as --url */
	size_t nurls;
	const char *const *ocsp_urls; /* --ocsp-url, or a configured
					 authority's ocsp_uris: asked as
					 well, as urls are */
	const int *ocsp_url_ca;	      /* as url_ca */
	size_t nocsp_urls;
	const char *const *ocsp_signers; /* --ocsp-signer, a configuration's
					    x509ocsp/: responders trusted as
					    they are */
	size_t nocsp_signers;
	const char *const *crl_files; /* --crl: used as well */
	size_t ncrl;
	bool no_network;
	const char *resolv_conf; /* the system resolver's configuration;
				    NULL: /etc/resolv.conf */
	bool ocsp_sha256;	 /* --ocsp-hash sha256: the CertID's hash */
	bool ocsp_get;		 /* --ocsp-get: GET, not POST */
	int ocsp_nonce_len;	 /* --ocsp-nonce-len: 32 as strongSwan */
	int ocsp_use; /* whether the gateway asks OCSP: 1, 0, or -1 as its
			 profile says (the configuration may say, as
			 libreswan's ocsp-enable) */
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

/*
 * The addresses of family (AF_INET, AF_INET6) the first server of opts
 * (--dns, else the system's) answers for name, in its order, separated by
 * spaces, into addr ("" when it has none, or no answer came within
 * opts->timeout_ms): what charon's host_create_from_dns() takes the first
 * of for a name in remote_addrs.  A bad server address is CC_EUSAGE.
 */
typedef enum cc_err (*cc_crl_lookup_fn)(struct cc_ctx *ctx,
					const struct cc_crl_opts *opts,
					const char *name, int family,
					char *addr, size_t len);

/* The libraries the module runs with: "libcurl 7.88.1, c-ares 1.18.1"
 * (static: --version prints it). */
typedef const char *(*cc_crl_versions_fn)(void);

#define CC_CRL_ABI 4

/* What the module exports, as the symbol "cc_crl_module". */
struct cc_crl_module {
	int abi; /* CC_CRL_ABI */
	cc_crl_check_fn check;
	cc_crl_lookup_fn lookup;
	cc_crl_versions_fn versions;
};

enum cc_err cc_crl_lookup(struct cc_ctx *ctx, const struct cc_crl_opts *opts,
			  const char *name, int family, char *addr, size_t len);

/* The check itself (also linked directly by the tests). */
enum cc_err cc_crl_check(struct cc_ctx *ctx, const struct cc_crl_opts *opts,
			 const struct cc_certset *set,
			 const struct cc_chain *chains, size_t nchains,
			 struct cc_report *r, struct cc_url_results *urls);

#endif /* CC_CRL_H */
