/* SPDX-License-Identifier: MIT */
/*
 * loop.c - every URL at once: c-ares lookups and libcurl transfers in one
 * poll loop (curl_multi_poll() with c-ares' sockets as extra descriptors),
 * each URL under its own deadline.  libcurl is pinned to the addresses
 * c-ares found (CURLOPT_RESOLVE); redirects are followed here, each hop
 * resolved the same way; only http, https, ldap and ldaps are ever fetched.
 */
#define _GNU_SOURCE /* for strcasestr() */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ares.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

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
char *net_mask_url(const char *url)
{
	CURLU *h = curl_url();
	char *user = NULL, *out = NULL, *s;

	if (h && !curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) &&
	    !curl_url_get(h, CURLUPART_USER, &user, 0) && user) {
		curl_url_set(h, CURLUPART_USER, "***", 0);
		curl_url_set(h, CURLUPART_PASSWORD, NULL, 0);
		curl_url_get(h, CURLUPART_URL, &out, 0);
	}
	s = cc_xstrdup(out ? out : url);
	curl_free(user);
	curl_free(out);
	curl_url_cleanup(h);
	return s;
}

/* See net.h */
bool net_parse_url(const char *url, struct net_job *j, char *why, size_t len)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	bool ok = false;

	if (!h) {
		snprintf(why, len, "out of memory");
		return false;
	}
	if (curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME)) {
		snprintf(why, len, "not a valid URL");
		goto out;
	}
	curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
	if (!scheme || (strcasecmp(scheme, "http") && strcasecmp(scheme, "https") &&
			strcasecmp(scheme, "ldap") && strcasecmp(scheme, "ldaps"))) {
		snprintf(why, len, "the scheme '%s' is never fetched: gateways "
			 "fetch CRLs over http (and some over ldap)",
			 scheme ? scheme : "?");
		goto out;
	}
	if (curl_url_get(h, CURLUPART_HOST, &host, 0) || !host || !*host) {
		snprintf(why, len, "the URL has no host");
		goto out;
	}
	curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	free(j->host);
	/* an IPv6 literal comes in brackets */
	if (host[0] == '[')
		j->host = cc_xasprintf("%.*s", (int)strlen(host) - 2, host + 1);
	else
		j->host = cc_xstrdup(host);
	j->port = port ? strtol(port, NULL, 10) : 0;
	j->https = !strcasecmp(scheme, "https") || !strcasecmp(scheme, "ldaps");
	j->ldap = !strncasecmp(scheme, "ldap", 4);
	ok = true;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	return ok;
}

/* See net.h */
void net_job_release(struct net_job *j)
{
	free(j->url);
	free(j->host);
	free(j->dns_detail);
	free(j->body);
	memset(j, 0, sizeof(*j));
}

static long since(long long t)
{
	return (long)(net_now_ms() - t);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct net_job *j = arg;
	size_t add = size * n;

	/* the cap holds when no Content-Length announced the size */
	if ((long long)(j->len + add) > j->max_size) {
		j->too_big = true;
		return 0;
	}
	if (j->len + add > j->cap) {
		size_t cap = j->cap ? j->cap : 65536;

		while (cap < j->len + add)
			cap *= 2;
		j->body = cc_xrealloc(j->body, cap);
		j->cap = cap;
	}
	memcpy(j->body + j->len, p, add);
	j->len += add;
	return add;
}

/* See net.h */
time_t net_header_date(const char *p, size_t len)
{
	char value[128];
	size_t k;
	time_t t;

	if (len <= 5 || strncasecmp(p, "Date:", 5))
		return 0;
	k = len - 5 < sizeof(value) - 1 ? len - 5 : sizeof(value) - 1;
	memcpy(value, p + 5, k);
	value[k] = '\0';
	value[strcspn(value, "\r\n")] = '\0';
	t = curl_getdate(value, NULL);
	return t < 0 ? 0 : t;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct net_job *j = arg;
	size_t len = size * n;
	time_t t = net_header_date(p, len);

	if (t)
		j->date = t;
	return len;
}

/* See net.h */
bool net_next_hop(struct net_job *j, const char *location, char *why,
		  size_t len)
{
	if (++j->hops > NET_MAX_HOPS) {
		snprintf(why, len, "more than %d redirects (a loop?)",
			 NET_MAX_HOPS);
		return false;
	}
	free(j->url);
	j->url = cc_xstrdup(location);
	return true;
}

/* https CDPs: the system's CA store and the gateway's --ca. */
static CURLcode on_ssl_ctx(CURL *e, void *sslctx, void *arg)
{
	const struct cc_certset *set = arg;
	X509_STORE *st = SSL_CTX_get_cert_store(sslctx);

	(void)e;
	for (size_t i = 0; set && i < set->n; i++)
		if (set->cert[i]->role == CC_ROLE_CA)
			X509_STORE_add_cert(st, set->cert[i]->x509);
	return CURLE_OK;
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
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, l->set);
	if (l->o->source)
		curl_easy_setopt(e, CURLOPT_INTERFACE, l->o->source);
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
		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_OK, ms, "%s: %s", j->host,
			    j->dns_detail ? j->dns_detail : "");
	} else if (j->naddr) {
		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_WARN, ms,
			    "%s has only AAAA (IPv6) addresses: a gateway "
			    "without IPv6 cannot reach it; %s",
			    j->host, j->dns_detail ? j->dns_detail : "");
	} else {
		const char *what =
			j->nxdomain ? "the name does not exist (NXDOMAIN)"
			: j->servfail ? "the DNS server failed (SERVFAIL)"
			: j->refused ? "the DNS server refused the query "
				       "(REFUSED)"
			: j->timeouts ? "no DNS server answered"
			: j->unreachable ? "the DNS server cannot be reached "
					   "(connection refused)"
			: j->nodata ? "the name has no A or AAAA record"
				    : "the DNS answers were malformed";

		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_FAIL, ms, "%s: %s; %s",
			    j->host, what, j->dns_detail ? j->dns_detail : "");
		if (j->sys_addr[0])
			cc_url_step(j->res, CC_STEP_DNS_SYSTEM, CC_STATUS_INFO, 0,
				    "this machine's resolver answers %s for %s: "
				    "a split horizon, the name is known only "
				    "to internal DNS",
				    j->sys_addr, j->host);
		done(j);
		return;
	}
	start_fetch(l, j);
}

/* The domain the DC= components of a hostless ldap:/// URL's DN name
 * ("corp.example.com"), or false. */
static bool ldap_domain(const char *url, char *out, size_t len)
{
	CURLU *h = curl_url();
	char *path = NULL, *dn, *save = NULL;
	size_t used = 0;

	out[0] = '\0';
	/* libcurl rejects the URL without a host: give it one to read the
	 * path, decoded */
	dn = cc_xasprintf("ldap://x/%s", url + 8);
	if (h && !curl_url_set(h, CURLUPART_URL, dn, 0) &&
	    !curl_url_get(h, CURLUPART_PATH, &path, CURLU_URLDECODE) && path) {
		for (char *rdn = strtok_r(path, ",/", &save); rdn;
		     rdn = strtok_r(NULL, ",/", &save)) {
			while (*rdn == ' ')
				rdn++;
			if (!strncasecmp(rdn, "DC=", 3) && used < len)
				used += (size_t)snprintf(out + used, len - used,
							 "%s%s", used ? "." : "",
							 rdn + 3);
		}
	}
	curl_free(path);
	curl_url_cleanup(h);
	free(dn);
	return out[0] != '\0';
}

/* A hostless ldap:/// URL (as AD CS writes it): explained, then tried
 * against the domain's controllers from DNS (SRV _ldap._tcp.DOMAIN). */
static bool start_srv(struct loop *l, struct net_job *j)
{
	char domain[200];

	if (!ldap_domain(j->url, domain, sizeof(domain))) {
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
		cc_url_step(j->res, CC_STEP_SRV, CC_STATUS_FAIL, since(j->phase_ms),
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

/* Turns the base64 certificateRevocationList attribute of libcurl's LDAP
 * answer into the CRL's DER, in j->body. */
bool net_ldap_crl(struct net_job *j, char *why, size_t len)
{
	const char *key = "certificateRevocationList";
	char *text = cc_xmalloc(j->len + 1), *p, *v;
	unsigned char *der;
	int n, tail = 0;
	EVP_ENCODE_CTX *ec;

	memcpy(text, j->body, j->len);
	text[j->len] = '\0';
	for (p = text; (p = strcasestr(p, key)); p += strlen(key))
		if ((v = strstr(p, ":: ")) && v < p + 40)
			break;
	if (!p) {
		snprintf(why, len, "the answer has no %s attribute (%zu bytes)",
			 key, j->len);
		free(text);
		return false;
	}
	v += 3;
	v[strcspn(v, "\r\n")] = '\0';
	der = cc_xmalloc(strlen(v) + 1);
	ec = EVP_ENCODE_CTX_new();
	EVP_DecodeInit(ec);
	if (!ec || EVP_DecodeUpdate(ec, der, &n, (unsigned char *)v,
				    (int)strlen(v)) < 0 ||
	    EVP_DecodeFinal(ec, der + n, &tail) < 0) {
		snprintf(why, len, "the %s attribute is not valid base64", key);
		EVP_ENCODE_CTX_free(ec);
		free(der);
		free(text);
		return false;
	}
	EVP_ENCODE_CTX_free(ec);
	free(j->body);
	j->body = der;
	j->len = (size_t)(n + tail);
	j->cap = strlen(v) + 1;
	free(text); /* v points into it */
	return true;
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
	cc_url_step(j->res, CC_STEP_CONNECT, CC_STATUS_OK, (long)(conn_us / 1000),
		    "%s port %ld", ip && *ip ? ip : j->host, j->port);
	if (j->https) {
		bool tls_failed = !tls_us && rc != CURLE_OK;

		cc_url_step(j->res, CC_STEP_TLS, tls_failed ? CC_STATUS_FAIL : CC_STATUS_OK,
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
		cc_url_step(j->res, j->ldap ? CC_STEP_LDAP : CC_STEP_HTTP, CC_STATUS_FAIL, ms,
			    "the CRL is larger than --max-size (%lld bytes); "
			    "transfer stopped",
			    j->max_size);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		cc_url_step(j->res, j->ldap ? CC_STEP_LDAP : CC_STEP_HTTP, CC_STATUS_FAIL, ms,
			    "the transfer did not finish within the --timeout "
			    "budget (%zu bytes received): too slow for a "
			    "gateway's fetch",
			    j->len);
	} else if (rc != CURLE_OK) {
		cc_url_step(j->res, j->ldap ? CC_STEP_LDAP : CC_STEP_HTTP, CC_STATUS_FAIL, ms,
			    "%s (libcurl %d)", err, (int)rc);
	} else if (j->ldap) {
		if (net_ldap_crl(j, why, sizeof(why))) {
			cc_url_step(j->res, CC_STEP_LDAP, CC_STATUS_OK, ms,
				    "%zu bytes of CRL", j->len);
			j->got_body = true;
		} else {
			cc_url_step(j->res, CC_STEP_LDAP, CC_STATUS_FAIL, ms, "%s", why);
		}
	} else if (code >= 300 && code < 400 && redir) {
		char *next = cc_xstrdup(redir), *shown = net_mask_url(redir);
		bool follow;

		/* credentials in the target are masked as in the CDPs */
		cc_url_step(j->res, CC_STEP_REDIRECT, CC_STATUS_OK, ms, "HTTP %ld to %s",
			    code, shown);
		free(shown);
		end_fetch(l, j);
		follow = net_next_hop(j, next, why, sizeof(why));
		free(next);
		if (!follow) {
			cc_url_step(j->res, CC_STEP_REDIRECT, CC_STATUS_FAIL, 0, "%s",
				    why);
			done(j);
			return;
		}
		start_hop(l, j);
		return;
	} else if (code != 200) {
		cc_url_step(j->res, CC_STEP_HTTP, CC_STATUS_FAIL, ms,
			    "HTTP %ld%s%s (%zu bytes)", code,
			    ctype ? ", " : "", ctype ? ctype : "", j->len);
	} else {
		cc_url_step(j->res, CC_STEP_HTTP, CC_STATUS_OK, ms,
			    "HTTP 200, %s, %zu bytes", ctype ? ctype : "no type",
			    j->len);
		j->got_body = true;
	}
	end_fetch(l, j);
	done(j);
}

static void time_out(struct loop *l, struct net_job *j)
{
	if (j->state == JOB_RESOLVE) {
		cc_url_step(j->res, CC_STEP_DNS, CC_STATUS_FAIL, since(j->phase_ms),
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
			cc_url_step(jobs[i].res, CC_STEP_DNS, CC_STATUS_FAIL, 0, "%s",
				    l.rv ? "out of memory" : why);
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
			if (j->state != JOB_DONE && net_now_ms() >= j->deadline_ms)
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
