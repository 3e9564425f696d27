/* SPDX-License-Identifier: MIT */
/*
 * resolve.c - DNS with c-ares: one channel per --dns server (each asked
 * and reported on its own), or one for the system's configuration; A and
 * AAAA; SERVFAIL and REFUSED reported as such (ARES_FLAG_NOCHECKRESP);
 * timeouts and tries set from the URL budget, never c-ares' 75 s default.
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/select.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>
#include <curl/curl.h>

#include "net.h"

#define MAX_SERVERS CC_DNS_MAX

struct resolver {
	ares_channel ch[MAX_SERVERS + 1];
	char name[MAX_SERVERS + 1][64];
	size_t n;
	int sys; /* the index of the system resolver asked only for
			   comparison (split horizon), or -1 */
};

struct query {
	struct net_job *job;
	struct resolver *rv;
	size_t server;
	int type; /* 1: A, 28: AAAA */
	long long start_ms;
};

static bool init_channel(struct resolver *rv, const struct cc_crl_opts *o,
			 const char *server, char *why, size_t len)
{
	struct ares_options opt;
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		   ARES_OPT_LOOKUPS;
	long per_try = o->timeout_ms / 4;
	ares_channel ch;
	int st;

	memset(&opt, 0, sizeof(opt));
	opt.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH;
	opt.timeout = (int)(per_try < 100 ? 100 : per_try);
	opt.tries = 2;
	opt.lookups = (char *)"b"; /* DNS only: the gateway has no hosts file */
	if (!server && o->resolv_conf) {
		opt.resolvconf_path = (char *)o->resolv_conf;
		mask |= ARES_OPT_RESOLVCONF;
	}
	st = ares_init_options(&ch, &opt, mask);
	if (st != ARES_SUCCESS) {
		snprintf(why, len, "cannot set up the resolver%s%s: %s",
			 server ? " for " : "", server ? server : "",
			 ares_strerror(st));
		return false;
	}
	if (server &&
	    (st = ares_set_servers_ports_csv(ch, server)) != ARES_SUCCESS) {
		snprintf(why, len, "'%s' is not a DNS server address: %s",
			 server, ares_strerror(st));
		ares_destroy(ch);
		return false;
	}
	if (o->source) {
		struct in_addr a4;
		struct in6_addr a6;

		if (inet_pton(AF_INET, o->source, &a4) == 1)
			ares_set_local_ip4(ch, ntohl(a4.s_addr));
		else if (inet_pton(AF_INET6, o->source, &a6) == 1)
			ares_set_local_ip6(ch, a6.s6_addr);
		else
			ares_set_local_dev(ch, o->source);
	}
	rv->ch[rv->n] = ch;
	snprintf(rv->name[rv->n], sizeof(rv->name[0]), "%s",
		 server ? server : "system resolver");
	rv->n++;
	return true;
}

/* See net.h */
struct resolver *resolver_new(const struct cc_crl_opts *o, char *why,
			      size_t len)
{
	struct resolver *rv = cc_xcalloc(1, sizeof(*rv));

	if (o->ndns > MAX_SERVERS) {
		snprintf(why, len, "at most %d --dns servers", MAX_SERVERS);
		free(rv);
		return NULL;
	}
	rv->sys = -1;
	for (size_t i = 0; i < o->ndns || (i == 0 && o->ndns == 0); i++) {
		if (!init_channel(rv, o, o->ndns ? o->dns[i] : NULL, why,
				  len)) {
			resolver_free(rv);
			return NULL;
		}
	}
	/* with the gateway's servers, this machine's resolver too, only to
	 * tell a split horizon from a name that exists nowhere */
	if (o->ndns && init_channel(rv, o, NULL, why, len))
		rv->sys = (int)rv->n - 1;
	return rv;
}

/* See net.h */
void resolver_free(struct resolver *rv)
{
	if (!rv)
		return;
	for (size_t i = 0; i < rv->n; i++)
		ares_destroy(rv->ch[i]); /* pending queries end, freed */
	free(rv);
}

static void append(struct net_job *j, const char *fmt, ...) CC_PRINTF(2, 3);
static void append(struct net_job *j, const char *fmt, ...)
{
	va_list ap;
	char *more, *all;

	va_start(ap, fmt);
	more = cc_xvasprintf(fmt, ap);
	va_end(ap);
	all = cc_xasprintf("%s%s%s", j->dns_detail ? j->dns_detail : "",
			   j->dns_detail ? "; " : "", more);
	free(j->dns_detail);
	free(more);
	j->dns_detail = all;
}

static const char *status_word(int st)
{
	switch (st) {
	case ARES_ENOTFOUND:
		return "NXDOMAIN";
	case ARES_ESERVFAIL:
		return "SERVFAIL";
	case ARES_EREFUSED:
		return "REFUSED";
	case ARES_ENODATA:
		return "no such record (NOERROR)";
	case ARES_ETIMEOUT:
		return "no answer (timeout)";
	case ARES_ECONNREFUSED:
		return "connection refused";
	case ARES_EBADRESP:
	case ARES_EFORMERR:
		return "malformed answer";
	default:
		return ares_strerror(st);
	}
}

static void count(struct net_job *j, int st)
{
	switch (st) {
	case ARES_ENOTFOUND:
		j->nxdomain++;
		break;
	case ARES_ESERVFAIL:
		j->servfail++;
		break;
	case ARES_EREFUSED:
		j->refused++;
		break;
	case ARES_ETIMEOUT:
		j->timeouts++;
		break;
	case ARES_ECONNREFUSED:
		j->unreachable++;
		break;
	case ARES_ENODATA:
		j->nodata++;
		break;
	default:
		j->other++;
	}
}

/* Keeps an address for the fetch, once. */
static void keep(struct net_job *j, const char *addr)
{
	for (size_t i = 0; i < j->naddr; i++)
		if (!strcmp(j->addr[i], addr))
			return;
	if (j->naddr < NET_MAX_ADDRS)
		snprintf(j->addr[j->naddr++], sizeof(j->addr[0]), "%s", addr);
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf,
		      int alen)
{
	struct query *q = arg;
	struct net_job *j = q->job;
	const char *type = q->type == 1 ? "A" : q->type == 28 ? "AAAA" : "SRV";
	long ms = (long)(net_now_ms() - q->start_ms);
	char addrs[NET_MAX_ADDRS * 48] = "";
	size_t used = 0;
	int n = NET_MAX_ADDRS;

	(void)timeouts;
	j->pending--;
	if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED ||
	    j->state != JOB_RESOLVE) {
		free(q);
		return;
	}
	if ((int)q->server == q->rv->sys) {
		if (status == ARES_SUCCESS && !j->sys_addr[0]) {
			if (q->type == 1) {
				struct ares_addrttl a[1];

				n = 1;
				if (ares_parse_a_reply(abuf, alen, NULL, a,
						       &n) == ARES_SUCCESS &&
				    n > 0)
					inet_ntop(AF_INET, &a[0].ipaddr,
						  j->sys_addr,
						  sizeof(j->sys_addr));
			} else {
				struct ares_addr6ttl a[1];

				n = 1;
				if (ares_parse_aaaa_reply(abuf, alen, NULL, a,
							  &n) == ARES_SUCCESS &&
				    n > 0)
					inet_ntop(AF_INET6, &a[0].ip6addr,
						  j->sys_addr,
						  sizeof(j->sys_addr));
			}
		}
		free(q);
		return;
	}
	if (status == ARES_SUCCESS && q->type == 33) {
		struct ares_srv_reply *srv = NULL, *best = NULL;

		status = ares_parse_srv_reply(abuf, alen, &srv);
		for (struct ares_srv_reply *p = srv;
		     status == ARES_SUCCESS && p; p = p->next)
			if (!best || p->priority < best->priority)
				best = p;
		if (best && !j->srv_target[0]) {
			snprintf(j->srv_target, sizeof(j->srv_target), "%s",
				 best->host);
			j->srv_port = best->port;
			used = (size_t)snprintf(addrs, sizeof(addrs),
						"%s port %u", best->host,
						best->port);
		}
		ares_free_data(srv);
	} else if (status == ARES_SUCCESS && q->type == 1) {
		struct ares_addrttl a[NET_MAX_ADDRS];

		status = ares_parse_a_reply(abuf, alen, NULL, a, &n);
		for (int i = 0; status == ARES_SUCCESS && i < n; i++) {
			char buf[46];

			inet_ntop(AF_INET, &a[i].ipaddr, buf, sizeof(buf));
			used += (size_t)snprintf(addrs + used,
						 sizeof(addrs) - used, "%s%s",
						 used ? " " : "", buf);
			keep(j, buf);
		}
	} else if (status == ARES_SUCCESS) {
		struct ares_addr6ttl a[NET_MAX_ADDRS];

		status = ares_parse_aaaa_reply(abuf, alen, NULL, a, &n);
		for (int i = 0; status == ARES_SUCCESS && i < n; i++) {
			char buf[46];

			inet_ntop(AF_INET6, &a[i].ip6addr, buf, sizeof(buf));
			used += (size_t)snprintf(addrs + used,
						 sizeof(addrs) - used, "%s%s",
						 used ? " " : "", buf);
			keep(j, buf);
		}
	}
	if (status == ARES_SUCCESS && !used)
		status = ARES_ENODATA;
	if (status == ARES_SUCCESS)
		append(j, "%s %s: %s (%ld ms)", q->rv->name[q->server], type,
		       addrs, ms);
	else {
		count(j, status);
		append(j, "%s %s: %s (%ld ms)", q->rv->name[q->server], type,
		       status_word(status), ms);
	}
	free(q);
}

/* See net.h */
void resolver_start(struct resolver *rv, struct net_job *j)
{
	static const int types[] = { 1, 28 }, srv[] = { 33 };
	const int *ty = j->srv ? srv : types;
	size_t nty = j->srv ? 1 : countof(types);

	for (size_t s = 0; s < rv->n; s++) {
		if (j->srv && (int)s == rv->sys)
			continue;
		for (size_t t = 0; t < nty; t++) {
			struct query *q = cc_xcalloc(1, sizeof(*q));

			q->job = j;
			q->rv = rv;
			q->server = s;
			q->type = ty[t];
			q->start_ms = net_now_ms();
			j->pending++;
			ares_query(rv->ch[s], j->host, 1 /* C_IN */, ty[t],
				   on_answer, q);
		}
	}
}

/* See net.h */
unsigned resolver_fds(struct resolver *rv, void *fds, unsigned max)
{
	struct curl_waitfd *w = fds;
	unsigned n = 0;

	for (size_t c = 0; c < rv->n; c++) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		/* the bits as unsigned: c-ares' own macros shift a signed 1
		 * by up to 31 places */
		unsigned bits = (unsigned)ares_getsock(rv->ch[c], socks,
						       ARES_GETSOCK_MAXNUM);

		for (int i = 0; i < ARES_GETSOCK_MAXNUM && n < max; i++) {
			short ev = 0;

			if (bits & (1u << i))
				ev |= CURL_WAIT_POLLIN;
			if (bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
				ev |= CURL_WAIT_POLLOUT;
			if (!ev)
				continue;
			w[n].fd = socks[i];
			w[n].events = ev;
			w[n].revents = 0;
			n++;
		}
	}
	return n;
}

/* See net.h */
void resolver_process(struct resolver *rv, void *fds, unsigned n)
{
	struct curl_waitfd *w = fds;

	for (size_t c = 0; c < rv->n; c++) {
		for (unsigned i = 0; i < n; i++) {
			if (!w[i].revents)
				continue;
			ares_process_fd(rv->ch[c],
					w[i].revents & CURL_WAIT_POLLIN
						? w[i].fd
						: ARES_SOCKET_BAD,
					w[i].revents & CURL_WAIT_POLLOUT
						? w[i].fd
						: ARES_SOCKET_BAD);
		}
		/* and the timeouts */
		ares_process_fd(rv->ch[c], ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	}
}

/* See net.h */
long resolver_timeout_ms(struct resolver *rv, long cap)
{
	long best = cap;

	for (size_t c = 0; c < rv->n; c++) {
		struct timeval max = { cap / 1000, (cap % 1000) * 1000 }, tv;
		struct timeval *t = ares_timeout(rv->ch[c], &max, &tv);
		long ms = (long)t->tv_sec * 1000 + t->tv_usec / 1000;

		if (ms < best)
			best = ms;
	}
	return best < 0 ? 0 : best;
}

/* One name looked up: its addresses in the order of the answer. */
struct lookup {
	bool done;
	int status;
	char *out;
	size_t len;
};

static void on_host(void *arg, int status, int timeouts, struct hostent *he)
{
	struct lookup *l = arg;
	size_t used = 0;

	(void)timeouts;
	l->done = true;
	l->status = status;
	for (size_t i = 0; status == ARES_SUCCESS && he && he->h_addr_list[i];
	     i++) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(he->h_addrtype, he->h_addr_list[i], a, sizeof(a));
		if (used + strlen(a) + 2 > l->len)
			break;
		used += (size_t)snprintf(l->out + used, l->len - used, "%s%s",
					 used ? " " : "", a);
	}
}

/* See cc_crl.h */
enum cc_err cc_crl_lookup(struct cc_ctx *ctx, const struct cc_crl_opts *o,
			  const char *name, int family, char *addr, size_t len)
{
	struct resolver *rv;
	struct lookup l = { .out = addr, .len = len };
	char why[256];
	long long end =
		net_now_ms() + (o->timeout_ms > 0 ? o->timeout_ms : 10000);

	addr[0] = '\0';
	if (!(rv = resolver_new(o, why, sizeof(why))))
		return cc_fail(ctx, CC_EUSAGE, "%s", why);
	/* the gateway's first server (or the system's): charon asks its
	 * resolver once (host_create_from_dns()) */
	ares_gethostbyname(rv->ch[0], name, family, on_host, &l);
	/* bounded: until answered or the time is up */
	while (!l.done && net_now_ms() < end) {
		fd_set r, w;
		struct timeval tv, *tvp;
		int nfds;

		FD_ZERO(&r);
		FD_ZERO(&w);
		nfds = ares_fds(rv->ch[0], &r, &w);
		if (!nfds)
			break;
		tvp = ares_timeout(rv->ch[0], NULL, &tv);
		if (select(nfds, &r, &w, NULL, tvp) < 0)
			break;
		ares_process(rv->ch[0], &r, &w);
	}
	resolver_free(rv); /* a pending query ends here, its callback run */
	return CC_SUCCESS;
}
