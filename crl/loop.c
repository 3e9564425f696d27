/* SPDX-License-Identifier: MIT */
/*
 * loop.c - every URL at once: c-ares lookups and libcurl transfers in one
 * poll loop (curl_multi_poll() with c-ares' sockets as extra descriptors),
 * each URL under its own deadline and through its steps.  libcurl is
 * pinned to the addresses c-ares found (CURLOPT_RESOLVE); redirects are
 * followed here, each hop resolved the same way; only http, https, ldap
 * and ldaps are ever fetched.  URLs: url.c; libcurl's callbacks: http.c;
 * LDAP answers: ldap.c; lookups: resolve.c.
 */
#define _DEFAULT_SOURCE /* fd_set for ares.h */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ares.h>
#include <curl/curl.h>

#include "net.h"

#define PROTOCOLS "http,https,ldap,ldaps"

struct loop {
	struct cc_ctx *ctx;
	const struct cc_crl_opts *o;
	const struct cc_certset *set; /* --ca for https CDPs */
	CURLM *multi;
	struct resolver *rv;
};

/* See net.h */
void net_job_release(struct net_job *j)
{
	free(j->url);
	free(j->host);
	free(j->dns_detail);
	free(j->body);
	curl_slist_free_all(j->headers);
	memset(j, 0, sizeof(*j));
}

static long since(long long t)
{
	return (long)(net_now_ms() - t);
}

static void done(struct net_job *j)
{
	j->state = JOB_DONE;
}

static void start_hop(struct loop *l, struct net_job *j);

static void start_fetch(struct loop *l, struct net_job *j)
{
	CURL *e = curl_easy_init();
	long left = (long)(j->deadline_ms - net_now_ms());
	char entry[NET_MAX_ADDRS * 48 + 300];
	size_t used;

	if (!e || left <= 0) {
		curl_easy_cleanup(e);
		cc_url_step(j->res, CC_STEP_CONNECT, CC_STATUS_FAIL, 0,
			    "no time left of the --timeout budget");
		done(j);
		return;
	}
	/* the addresses c-ares found, pinned; an IP address needs none (and
	 * libcurl 7.88 cannot read an IPv6 host in a CURLOPT_RESOLVE entry,
	 * bracketed or not) */
	used = (size_t)snprintf(entry, sizeof(entry), "%s:%ld:", j->host,
				j->port);
	for (size_t i = 0; i < j->naddr && used < sizeof(entry); i++)
		used += (size_t)snprintf(entry + used, sizeof(entry) - used,
					 strchr(j->addr[i], ':') ? "%s[%s]"
								 : "%s%s",
					 i ? "," : "", j->addr[i]);
	j->resolve = j->literal ? NULL : curl_slist_append(NULL, entry);
	j->errbuf[0] = '\0';
	j->len = 0;
	j->too_big = false;
	j->date = 0;
	curl_easy_setopt(e, CURLOPT_URL, j->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, PROTOCOLS);
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, PROTOCOLS);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_FAILONERROR, 0L);
	curl_easy_setopt(e, CURLOPT_RESOLVE, j->resolve);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, left);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, left);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)l->o->max_size);
	/* the gateway uses no proxy unless told: "" overrides *_proxy */
	curl_easy_setopt(e, CURLOPT_PROXY, l->o->proxy ? l->o->proxy : "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "certcheck-crl/1");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, net_on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, net_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, net_on_ssl_ctx);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, l->set);
	if (l->o->source)
		curl_easy_setopt(e, CURLOPT_INTERFACE, l->o->source);
	if (j->post) { /* an OCSP request (RFC 6960 A.1.1) */
		if (!j->headers)
			j->headers = curl_slist_append(
				NULL, "Content-Type: application/ocsp-request");
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->post);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)j->post_len);
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	}
	j->max_size = l->o->max_size;
	j->easy = e;
	j->state = JOB_FETCH;
	j->phase_ms = net_now_ms();
	curl_multi_add_handle(l->multi, e);
}

static void end_fetch(struct loop *l, struct net_job *j)
{
	if (j->easy) {
		curl_multi_remove_handle(l->multi, j->easy);
		curl_easy_cleanup(j->easy);
	}
	curl_slist_free_all(j->resolve);
	j->easy = NULL;
	j->resolve = NULL;
}

/* The DNS answers are in: fetch from them, or say why not. */
static void end_dns(struct loop *l, struct net_job *j)
{
	long ms = since(j->phase_ms);
	bool v4 = false;

	for (size_t i = 0; i < j->naddr; i++)
		v4 |= strchr(j->addr[i], ':') == NULL;
	if (j->naddr && v4) {
		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_OK, ms, "%s: %s",
			    j->host, j->dns_detail ? j->dns_detail : "");
	} else if (j->naddr) {
		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_WARN, ms,
			    "%s has only AAAA (IPv6) addresses: a gateway "
			    "without IPv6 cannot reach it; %s",
			    j->host, j->dns_detail ? j->dns_detail : "");
	} else {
		const char *what =
			j->nxdomain	 ? "the name does not exist (NXDOMAIN)"
			: j->servfail	 ? "the DNS server failed (SERVFAIL)"
			: j->refused	 ? "the DNS server refused the query "
					   "(REFUSED)"
			: j->timeouts	 ? "no DNS server answered"
			: j->unreachable ? "the DNS server cannot be reached "
					   "(connection refused)"
			: j->nodata	 ? "the name has no A or AAAA record"
					 : "the DNS answers were malformed";

		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_FAIL, ms,
			    "%s: %s; %s", j->host, what,
			    j->dns_detail ? j->dns_detail : "");
		if (j->sys_addr[0])
			cc_url_step(
				j->res, CC_STEP_DNS_SYSTEM, CC_STATUS_INFO, 0,
				"this machine's resolver answers %s for %s: "
				"a split horizon, the name is known only "
				"to internal DNS",
				j->sys_addr, j->host);
		done(j);
		return;
	}
	start_fetch(l, j);
}

/* A hostless ldap:/// URL (as AD CS writes it): explained, then tried
 * against the domain's controllers from DNS (SRV _ldap._tcp.DOMAIN). */
static bool start_srv(struct loop *l, struct net_job *j)
{
	char domain[200];

	if (!net_ldap_domain(j->url, domain, sizeof(domain))) {
		cc_url_step(j->res, CC_STEP_SCHEME, CC_STATUS_FAIL, 0,
			    "an LDAP URL without a host and without DC= "
			    "components: nothing to look up");
		done(j);
		return true;
	}
	cc_url_step(j->res, CC_STEP_SCHEME, CC_STATUS_WARN, 0,
		    "an LDAP URL without a host (as AD CS writes it): only a "
		    "member of the Windows domain %s finds its domain "
		    "controllers; a gateway outside the domain cannot use it; "
		    "tried anyway through DNS",
		    domain);
	free(j->host);
	j->host = cc_xasprintf("_ldap._tcp.%s", domain);
	j->srv = true;
	j->srv_target[0] = '\0';
	j->phase_ms = net_now_ms();
	j->state = JOB_RESOLVE;
	resolver_start(l->rv, j);
	return true;
}

/* The SRV answer is in: the URL gets the domain controller as its host. */
static void end_srv(struct loop *l, struct net_job *j)
{
	char *next;

	j->srv = false;
	if (!j->srv_target[0]) {
		cc_url_step(j->res, CC_STEP_SRV, CC_STATUS_FAIL,
			    since(j->phase_ms),
			    "no domain controller found: %s",
			    j->dns_detail ? j->dns_detail : "no answer");
		done(j);
		return;
	}
	cc_url_step(j->res, CC_STEP_SRV, CC_STATUS_OK, since(j->phase_ms),
		    "domain controller %s port %ld", j->srv_target,
		    j->srv_port);
	next = cc_xasprintf("ldap://%s:%ld/%s", j->srv_target, j->srv_port,
			    j->url + 8);
	free(j->url);
	j->url = next;
	start_hop(l, j);
}

/* See net.h; the hop's URL is j->url. */
static void start_hop(struct loop *l, struct net_job *j)
{
	struct in6_addr a6;
	struct in_addr a4;
	char why[256];

	free(j->dns_detail);
	j->dns_detail = NULL;
	j->naddr = 0;
	j->nxdomain = j->servfail = j->refused = j->timeouts = 0;
	j->unreachable = 0;
	j->sys_addr[0] = '\0';
	j->nodata = j->other = 0;
	if (!strncasecmp(j->url, "ldap:///", 8) && !j->srv_target[0] &&
	    start_srv(l, j))
		return;
	if (!net_parse_url(j->url, j, why, sizeof(why))) {
		cc_url_step(j->res, j->hops ? CC_STEP_REDIRECT : CC_STEP_SCHEME,
			    CC_STATUS_FAIL, 0, "%s", why);
		done(j);
		return;
	}
	j->phase_ms = net_now_ms();
	j->literal = false; /* each hop anew */
	if (inet_pton(AF_INET, j->host, &a4) == 1 ||
	    inet_pton(AF_INET6, j->host, &a6) == 1) {
		snprintf(j->addr[0], sizeof(j->addr[0]), "%s", j->host);
		j->naddr = 1;
		j->literal = true;
		j->dns_detail = cc_xstrdup("an IP address: no lookup");
		end_dns(l, j);
		return;
	}
	j->state = JOB_RESOLVE;
	resolver_start(l->rv, j);
}

static void end_transfer(struct loop *l, struct net_job *j, CURLcode rc)
{
	CURL *e = j->easy;
	curl_off_t conn_us = 0, tls_us = 0, total_us = 0;
	long code = 0, ms = since(j->phase_ms);
	char *ip = NULL, *ctype = NULL, *redir = NULL, why[256];
	const char *err = j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc);

	curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &conn_us);
	curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME_T, &tls_us);
	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total_us);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ctype);
	curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &redir);

	/* a reused connection has no connect time: only the error says */
	if (rc == CURLE_COULDNT_CONNECT ||
	    (rc == CURLE_OPERATION_TIMEDOUT && !conn_us && !code && !j->len)) {
		cc_url_step(j->res, CC_STEP_CONNECT, CC_STATUS_FAIL, ms,
			    rc == CURLE_OPERATION_TIMEDOUT
				    ? "no connection to %s port %ld within "
				      "the --timeout budget (%s): a firewall "
				      "drops the packets"
				    : "cannot connect to %s port %ld: %s",
			    j->naddr ? j->addr[0] : j->host, j->port, err);
		end_fetch(l, j);
		done(j);
		return;
	}
	/* a step is ok only when it happened: no address connected to and
	 * an error means libcurl stopped before connecting */
	if (rc != CURLE_OK && (!ip || !*ip) && !conn_us) {
		cc_url_step(j->res, CC_STEP_CONNECT, CC_STATUS_FAIL, ms,
			    "no connection was made: %s", err);
		end_fetch(l, j);
		done(j);
		return;
	}
	cc_url_step(j->res, CC_STEP_CONNECT, CC_STATUS_OK,
		    (long)(conn_us / 1000), "%s port %ld",
		    ip && *ip ? ip : j->host, j->port);
	if (j->https) {
		bool tls_failed = !tls_us && rc != CURLE_OK;

		cc_url_step(j->res, CC_STEP_TLS,
			    tls_failed ? CC_STATUS_FAIL : CC_STATUS_OK,
			    (long)((tls_us ? tls_us - conn_us : 0) / 1000),
			    tls_failed ? "TLS failed: %s" : "%s",
			    tls_failed ? err : "server certificate verified");
		if (tls_failed) {
			end_fetch(l, j);
			done(j);
			return;
		}
	}
	if (j->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		cc_url_step(j->res, j->ldap ? CC_STEP_LDAP : CC_STEP_HTTP,
			    CC_STATUS_FAIL, ms,
			    "the CRL is larger than --max-size (%lld bytes); "
			    "transfer stopped",
			    j->max_size);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		cc_url_step(j->res, j->ldap ? CC_STEP_LDAP : CC_STEP_HTTP,
			    CC_STATUS_FAIL, ms,
			    "the transfer did not finish within the --timeout "
			    "budget (%zu bytes received): too slow for a "
			    "gateway's fetch",
			    j->len);
	} else if (rc != CURLE_OK) {
		cc_url_step(j->res, j->ldap ? CC_STEP_LDAP : CC_STEP_HTTP,
			    CC_STATUS_FAIL, ms, "%s (libcurl %d)", err,
			    (int)rc);
	} else if (j->ldap) {
		if (net_ldap_crl(j, why, sizeof(why))) {
			cc_url_step(j->res, CC_STEP_LDAP, CC_STATUS_OK, ms,
				    "%zu bytes of CRL", j->len);
			j->got_body = true;
		} else {
			cc_url_step(j->res, CC_STEP_LDAP, CC_STATUS_FAIL, ms,
				    "%s", why);
		}
	} else if (code >= 300 && code < 400 && redir) {
		char *next = cc_xstrdup(redir), *shown = net_mask_url(redir);
		bool follow;

		/* credentials in the target are masked as in the CDPs */
		cc_url_step(j->res, CC_STEP_REDIRECT, CC_STATUS_OK, ms,
			    "HTTP %ld to %s", code, shown);
		free(shown);
		end_fetch(l, j);
		follow = net_next_hop(j, next, why, sizeof(why));
		free(next);
		if (!follow) {
			cc_url_step(j->res, CC_STEP_REDIRECT, CC_STATUS_FAIL, 0,
				    "%s", why);
			done(j);
			return;
		}
		start_hop(l, j);
		return;
	} else if (code != 200) {
		cc_url_step(j->res, CC_STEP_HTTP, CC_STATUS_FAIL, ms,
			    "HTTP %ld%s%s (%zu bytes)", code, ctype ? ", " : "",
			    ctype ? ctype : "", j->len);
	} else {
		cc_url_step(j->res, CC_STEP_HTTP, CC_STATUS_OK, ms,
			    "HTTP 200, %s, %zu bytes",
			    ctype ? ctype : "no type", j->len);
		j->got_body = true;
	}
	end_fetch(l, j);
	done(j);
}

static void time_out(struct loop *l, struct net_job *j)
{
	if (j->state == JOB_RESOLVE) {
		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_FAIL,
			    since(j->phase_ms),
			    "%s: no DNS answer within the --timeout budget%s%s",
			    j->host, j->dns_detail ? "; " : "",
			    j->dns_detail ? j->dns_detail : "");
		done(j);
	} else if (j->state == JOB_FETCH) {
		end_transfer(l, j, CURLE_OPERATION_TIMEDOUT);
	}
}

/* See net.h */
void net_run(struct cc_ctx *ctx, const struct cc_crl_opts *o,
	     const struct cc_certset *set, struct net_job *jobs, size_t n)
{
	struct loop l = { .ctx = ctx, .o = o, .set = set };
	char why[256];

	/* both reference-counted: the command that needs them starts them */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ares_library_init(ARES_LIB_INIT_ALL);
	l.multi = curl_multi_init();
	l.rv = resolver_new(o, why, sizeof(why));
	for (size_t i = 0; i < n; i++) {
		jobs[i].start_ms = net_now_ms();
		jobs[i].deadline_ms = jobs[i].start_ms + o->timeout_ms;
		if (!l.rv || !l.multi) {
			cc_url_step(jobs[i].res, CC_STEP_DNS, CC_STATUS_FAIL, 0,
				    "%s", l.rv ? "out of memory" : why);
			done(&jobs[i]);
			continue;
		}
		start_hop(&l, &jobs[i]);
	}
	for (;;) {
		struct curl_waitfd fds[64];
		long long now = net_now_ms(), next = now + 1000;
		unsigned nfd;
		long wait, cm = -1;
		int running;
		size_t active = 0;
		CURLMsg *msg;

		for (size_t i = 0; i < n; i++) {
			struct net_job *j = &jobs[i];

			if (j->state == JOB_RESOLVE && j->pending == 0) {
				if (j->srv)
					end_srv(&l, j);
				else
					end_dns(&l, j);
			}
			if (j->state != JOB_DONE &&
			    net_now_ms() >= j->deadline_ms)
				time_out(&l, j);
			if (j->state != JOB_DONE) {
				active++;
				if (j->deadline_ms < next)
					next = j->deadline_ms;
			}
		}
		if (!active)
			break;
		nfd = resolver_fds(l.rv, fds, countof(fds));
		wait = (long)(next - now);
		wait = resolver_timeout_ms(l.rv, wait < 0 ? 0 : wait);
		curl_multi_timeout(l.multi, &cm);
		if (cm >= 0 && cm < wait)
			wait = cm;
		curl_multi_poll(l.multi, fds, nfd, (int)wait, NULL);
		resolver_process(l.rv, fds, nfd);
		curl_multi_perform(l.multi, &running);
		while ((msg = curl_multi_info_read(l.multi, &running))) {
			struct net_job *j = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&j);
			if (j && j->state == JOB_FETCH)
				end_transfer(&l, j, msg->data.result);
		}
	}
	for (size_t i = 0; i < n; i++)
		end_fetch(&l, &jobs[i]);
	resolver_free(l.rv);
	curl_multi_cleanup(l.multi);
	ares_library_cleanup();
	curl_global_cleanup();
}
