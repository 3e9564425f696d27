/* SPDX-License-Identifier: MIT */
/*
 * cc_urls.h - the results of the revocation URLs a check tried: each URL
 * with its steps (their one table: name, check id, remedy), as the CRL
 * module records them and the report renders them (the "urls" member).
 * The module's interface is cc_crl.h.
 */
#ifndef CC_URLS_H
#define CC_URLS_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_checkid.h"
#include "cc_finding.h"
#include "cc_render.h"

/*
 * The steps a URL goes through, in the order they run: the enum, the
 * step's name in the report (doc/report.md), the check that reports it
 * failing for a CRL URL (crl.url: none of its own) and what to do about
 * it; then the same for an OCSP URL (CC_URL_OCSP_STEPS).
 */
#define CC_URL_STEPS(X)                                                        \
	X(SCHEME, "scheme", CC_CHECK_CRL_SCHEME,                               \
	  "issue the certificates with an http CRL distribution point a "      \
	  "gateway can reach")                                                 \
	X(SRV, "srv", CC_CHECK_CRL_SRV,                                        \
	  "a gateway outside the Windows domain cannot use a hostless "        \
	  "LDAP distribution point: add an http one (AD CS: the CA's CDP "     \
	  "extension settings)")                                               \
	X(DNS, "dns", CC_CHECK_CRL_DNS,                                        \
	  "make the gateway's DNS servers resolve the CRL host (add the "      \
	  "record, or configure a DNS server that knows it on the "            \
	  "gateway)")                                                          \
	X(DNS_SYSTEM, "dns-system", CC_CHECK_CRL_URL,                          \
	  "check this CRL distribution point")                                 \
	X(CONNECT, "connect", CC_CHECK_CRL_CONNECT,                            \
	  "let the gateway reach the CRL server (firewall rule for this "      \
	  "port) and check that the server runs")                              \
	X(TLS, "tls", CC_CHECK_CRL_TLS,                                        \
	  "give the CRL server a certificate the gateway trusts, or "          \
	  "publish the CRL over http (CRLs are signed; they need no TLS)")     \
	X(HTTP, "http", CC_CHECK_CRL_HTTP,                                     \
	  "publish the CRL at this URL, quickly enough for a gateway's "       \
	  "fetch")                                                             \
	X(LDAP, "ldap", CC_CHECK_CRL_LDAP,                                     \
	  "publish the CRL in the directory's certificateRevocationList "      \
	  "attribute, or add an http distribution point")                      \
	X(REDIRECT, "redirect", CC_CHECK_CRL_REDIRECT,                         \
	  "serve the CRL at the URL itself, without redirects to other "       \
	  "schemes or loops")                                                  \
	X(PARSE, "parse", CC_CHECK_CRL_PARSE,                                  \
	  "publish the CRL itself (DER) at this URL: an HTML page means a "    \
	  "captive portal or an error page")                                   \
	X(VERIFY, "verify", CC_CHECK_CRL_VERIFY,                               \
	  "publish the CRL of the certificate's own CA, signed with its "      \
	  "current key, at this URL")                                          \
	X(FRESHNESS, "freshness", CC_CHECK_CRL_FRESHNESS,                      \
	  "publish a current CRL (has the CA stopped publishing?), or "        \
	  "correct the clock")                                                 \
	X(LOOKUP, "lookup", CC_CHECK_CRL_URL,                                  \
	  "check this CRL distribution point")                                 \
	X(RESPONSE, "response", CC_CHECK_OCSP_RESPONSE,                        \
	  "have the responder answer for this CA's certificates")              \
	X(NONCE, "nonce", CC_CHECK_OCSP_NONCE,                                 \
	  "check what answers at this URL: a replayed response is an attack "  \
	  "or a broken cache")                                                 \
	X(STATUS, "status", CC_CHECK_OCSP_UNKNOWN,                             \
	  "give the responder the CA's issued certificates (its index), or "   \
	  "publish a CRL the gateway can use")

/* An OCSP URL's steps: the check that reports each failing, and the
 * remedy, where they differ from a CRL URL's (the rest: ocsp.url). */
#define CC_URL_OCSP_STEPS(X)                                                   \
	X(SCHEME, CC_CHECK_OCSP_URL,                                           \
	  "give the CA's certificates an http OCSP URL a gateway can reach")   \
	X(DNS, CC_CHECK_OCSP_DNS,                                              \
	  "make the gateway's DNS servers resolve the responder's host")       \
	X(CONNECT, CC_CHECK_OCSP_CONNECT,                                      \
	  "let the gateway reach the OCSP responder (firewall rule for this "  \
	  "port) and check that it runs")                                      \
	X(TLS, CC_CHECK_OCSP_TLS,                                              \
	  "serve OCSP over http: responses are signed, they need no TLS")      \
	X(HTTP, CC_CHECK_OCSP_HTTP,                                            \
	  "make the responder answer POSTed application/ocsp-request at this " \
	  "URL, quickly enough for a gateway")                                 \
	X(PARSE, CC_CHECK_OCSP_PARSE,                                          \
	  "serve the OCSP responder itself at this URL: an HTML page means a " \
	  "captive portal or an error page")                                   \
	X(VERIFY, CC_CHECK_OCSP_VERIFY,                                        \
	  "sign responses with the CA's key, or with a responder certificate " \
	  "the CA issued with the extended key usage OCSPSigning, sent in "    \
	  "the response")                                                      \
	X(FRESHNESS, CC_CHECK_OCSP_FRESHNESS,                                  \
	  "make the responder sign current responses, or correct the clock")

enum cc_url_kind { CC_URL_CRL, CC_URL_OCSP };

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
/* The same for a URL of kind (an OCSP URL's check and remedy). */
struct cc_url_step_row cc_url_step_row_of(enum cc_url_step_kind k,
					  enum cc_url_kind kind);

/* One step of one URL. */
struct cc_url_step {
	enum cc_url_step_kind step;
	enum cc_status status; /* ok, warn, fail or skip */
	long ms;
	char *detail; /* owned */
};

struct cc_url_result {
	char *url;		   /* owned; credentials masked */
	enum cc_url_kind kind;	   /* a CRL's URL, or an OCSP responder's */
	int cert;		   /* index into the set */
	enum cc_status status;	   /* the worst of its steps */
	bool delta;		   /* from a freshest-CRL (delta) point */
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

/* u as the report's part: "urls" in JSON, the URL table in text (u is
 * borrowed: it must outlive the rendering). */
struct cc_report_part cc_urls_part(const struct cc_url_results *u);

#endif /* CC_URLS_H */
