/* SPDX-License-Identifier: MIT */
/*
 * net.h - the network part of crl/: one c-ares channel per DNS server,
 * one libcurl multi handle, one poll loop under per-URL deadlines.
 * libcurl and c-ares stay behind this header.
 */
#ifndef CC_CRL_NET_H
#define CC_CRL_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <curl/curl.h>

#include "cc_crl.h"

#define NET_MAX_ADDRS 16
#define NET_MAX_HOPS 5

enum job_state { JOB_RESOLVE, JOB_FETCH, JOB_DONE };

/* One URL being fetched, redirects included. */
struct net_job {
	struct cc_url_result *res; /* borrowed: steps go there */
	char *url;		   /* owned: the current hop's URL */
	char *host;		   /* owned */
	long port;
	bool https, ldap;
	enum job_state state;
	long long start_ms, phase_ms, deadline_ms;
	int hops;

	/* DNS: the addresses the first answering server gave */
	char addr[NET_MAX_ADDRS][46];
	size_t naddr;
	int pending;	     /* queries still out */
	bool dns_failed_all; /* no server answered with addresses */
	char *dns_detail;    /* owned: every server's answer */
	bool literal;	     /* the host is an IP address */
	int nxdomain, servfail, refused, timeouts, unreachable, nodata, other;
	char sys_addr[46];    /* this machine's resolver's answer
					   (with --dns only), "" if none */
	bool srv;	      /* the lookup is the SRV of a
					   hostless ldap:/// URL's domain */
	char srv_target[256]; /* the domain controller found */
	long srv_port;

	/* fetch */
	const unsigned char *post; /* borrowed: a POST body (an OCSP
				      request), or NULL: GET */
	size_t post_len;
	void *headers; /* struct curl_slist * (the POST's Content-Type) */
	void *easy;    /* CURL * */
	void *resolve; /* struct curl_slist * */
	char errbuf[256];
	unsigned char *body; /* owned */
	size_t len, cap;
	long long max_size;
	bool too_big;
	time_t date; /* HTTP Date header, 0 if none */

	/* the outcome */
	bool got_body; /* a body to parse */
};

/* Runs every job (url set, state JOB_RESOLVE) to JOB_DONE within its
 * deadline; steps are recorded on each job's result.  set's --ca
 * certificates are trusted for https CDPs besides the system's store. */
void net_run(struct cc_ctx *ctx, const struct cc_crl_opts *o,
	     const struct cc_certset *set, struct net_job *jobs, size_t n);

/* Frees what a job owns. */
void net_job_release(struct net_job *j);

/* libcurl's callbacks (http.c): the body into j (capped at j->max_size),
 * the Date header into j->date, --ca added to the https trust store (arg:
 * the certificate set). */
size_t net_on_body(char *p, size_t size, size_t n, void *arg);
size_t net_on_header(char *p, size_t size, size_t n, void *arg);
CURLcode net_on_ssl_ctx(CURL *e, void *sslctx, void *arg);

/* The domain the DC= components of a hostless ldap:/// URL's DN name
 * ("corp.example.com") into out, or false (ldap.c). */
bool net_ldap_domain(const char *url, char *out, size_t len);

/* Milliseconds on the monotonic clock: the one clock the loop and the
 * resolver share (clock.c, so that neither calls into the other). */
long long net_now_ms(void);

/* Parses url into scheme flags, host and port; false with why when the
 * scheme is not http, https, ldap or ldaps, or there is no host. */
bool net_parse_url(const char *url, struct net_job *j, char *why, size_t len);

/* The time in an HTTP header line p of len bytes (not terminated) when
 * it is a Date: header curl_getdate() can read; 0 otherwise. */
time_t net_header_date(const char *p, size_t len);

/* Counts a redirect of j to location (libcurl's CURLINFO_REDIRECT_URL,
 * already absolute) and makes it j's URL; false with why past
 * NET_MAX_HOPS.  The next hop's URL is then checked like the first
 * (net_parse_url()). */
bool net_next_hop(struct net_job *j, const char *location, char *why,
		  size_t len);

/* Turns the base64 certificateRevocationList attribute of libcurl's LDAP
 * answer in j->body into the CRL's DER, in place; false with why. */
bool net_ldap_crl(struct net_job *j, char *why, size_t len);

/* url with any user:password@ replaced by ***@ (owned). */
char *net_mask_url(const char *url);

/* ---- resolve.c ---- */
struct resolver;

/* Channels for servers (or the system's from resolv_conf when nservers is
 * 0); NULL with why on failure. */
struct resolver *resolver_new(const struct cc_crl_opts *o, char *why,
			      size_t len);
void resolver_free(struct resolver *rv);
/* Starts A and AAAA queries of j->host on every server (with j->srv, the
 * SRV query of j->host instead). */
void resolver_start(struct resolver *rv, struct net_job *j);
/* Adds the sockets c-ares waits on to fds (struct curl_waitfd[]), at most
 * max; returns how many. */
unsigned resolver_fds(struct resolver *rv, void *fds, unsigned max);
/* Lets c-ares read/write the ready sockets of fds[0..n) and time out. */
void resolver_process(struct resolver *rv, void *fds, unsigned n);
/* The time until c-ares' next timeout, at most cap. */
long resolver_timeout_ms(struct resolver *rv, long cap);

#endif /* CC_CRL_NET_H */
