/* SPDX-License-Identifier: MIT */
/*
 * probe.c - see cc_probe.h: the IKE_SA_INIT exchange over UDP.  One
 * socket, connected to the gateway (so that an ICMP port unreachable comes
 * back as ECONNREFUSED); a request retransmitted at a quarter, a half and
 * three quarters of --timeout; a COOKIE sent back once, an
 * INVALID_KE_PAYLOAD's group taken once, NO_PROPOSAL_CHOSEN tried once
 * more with the classic groups 2 and 5: at most 6 requests, and never
 * past --timeout.  Never an IKE_AUTH: the gateway's half-open IKE_SA
 * expires on its own.
 */
#define _POSIX_C_SOURCE 200809L /* getaddrinfo(), clock_gettime() */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "cc_common.h"
#include "cc_probe.h"

#define MAX_REQUESTS 6
#define MAX_MSG 65536

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A fresh key exchange value for group, into *ke (owned by the caller):
 * OpenSSL's key generation for the MODP and elliptic groups; group 2
 * (MODP 1024, which OpenSSL 3 does not name) a random value below its
 * prime, as no exchange ever completes.  False for a group not offered. */
static bool ke_for(uint16_t group, uint8_t **ke, size_t *len)
{
	const char *alg = NULL, *name = NULL;
	size_t size = 0;
	EVP_PKEY *key = NULL;
	bool ok = false;

	switch (group) {
	case 2:
		*len = 128;
		*ke = cc_xmalloc(*len);
		if (RAND_bytes(*ke, (int)*len) != 1)
			return false;
		(*ke)[0] &= 0x7f; /* below 2^1023 < p */
		(*ke)[*len - 1] |= 2;
		return true;
	case 5:
		alg = "DH", name = "modp_1536", size = 192;
		break;
	case 14:
		alg = "DH", name = "modp_2048", size = 256;
		break;
	case 19:
		alg = "EC", name = "P-256", size = 64;
		break;
	case 20:
		alg = "EC", name = "P-384", size = 96;
		break;
	case 21:
		alg = "EC", name = "P-521", size = 132;
		break;
	case 31:
		alg = "X25519", size = 32;
		break;
	default:
		return false;
	}
	if (!strcmp(alg, "DH")) {
		/* a named MODP group (RFC 3526): no Q_keygen() for DH */
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
		OSSL_PARAM p[] = {
			OSSL_PARAM_construct_utf8_string(
				OSSL_PKEY_PARAM_GROUP_NAME, (char *)name, 0),
			OSSL_PARAM_construct_end(),
		};

		if (!c || EVP_PKEY_keygen_init(c) != 1 ||
		    EVP_PKEY_CTX_set_params(c, p) != 1 ||
		    EVP_PKEY_generate(c, &key) != 1)
			key = NULL;
		EVP_PKEY_CTX_free(c);
	} else {
		key = name ? EVP_PKEY_Q_keygen(NULL, NULL, alg, name)
			   : EVP_PKEY_Q_keygen(NULL, NULL, alg);
	}
	if (!key)
		return false;
	*ke = cc_xcalloc(1, size + 1);
	*len = size;
	if (!strcmp(alg, "DH")) {
		BIGNUM *pub = NULL;

		ok = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PUB_KEY,
					   &pub) &&
		     BN_bn2binpad(pub, *ke, (int)size) == (int)size;
		BN_free(pub);
	} else if (!strcmp(alg, "EC")) {
		/* IKE's ECP value is x | y, without the 0x04 */
		uint8_t point[1 + 132];
		size_t n = 0;

		ok = EVP_PKEY_get_octet_string_param(
			     key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
			     sizeof(point), &n) &&
		     n == size + 1 && point[0] == 4;
		if (ok)
			memcpy(*ke, point + 1, size);
	} else {
		size_t n = size;

		ok = EVP_PKEY_get_raw_public_key(key, *ke, &n) && n == size;
	}
	EVP_PKEY_free(key);
	if (!ok) {
		free(*ke);
		*ke = NULL;
	}
	return ok;
}

/* Whether the answer is NO_PROPOSAL_CHOSEN. */
static bool refused(const struct cc_ike_answer *a)
{
	for (size_t i = 0; i < a->nnotify; i++)
		if (a->notify[i] == 14)
			return true;
	return false;
}

/* The address and port of a socket name, into q's fields. */
static void take_addr(const struct sockaddr_storage *ss, uint8_t addr[16],
		      size_t *alen, uint16_t *port, char *text, size_t size)
{
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		memcpy(addr, &s6->sin6_addr, 16);
		*alen = 16;
		*port = ntohs(s6->sin6_port);
		inet_ntop(AF_INET6, &s6->sin6_addr, text, (socklen_t)size);
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		memcpy(addr, &s4->sin_addr, 4);
		*alen = 4;
		*port = ntohs(s4->sin_port);
		inet_ntop(AF_INET, &s4->sin_addr, text, (socklen_t)size);
	}
}

/* The socket, bound to source and connected to the gateway. */
static int open_socket(struct cc_ctx *ctx, const struct cc_probe_opts *o,
		       struct cc_ike_request *q, struct cc_probe_run *run)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *ai = NULL;
	struct sockaddr_storage me;
	socklen_t mlen = sizeof(me);
	char port[8];
	int fd = -1, rc;
	size_t alen;

	snprintf(port, sizeof(port), "%u", o->port);
	if ((rc = getaddrinfo(o->host, port, &hints, &ai)) != 0) {
		cc_fail(ctx, CC_EUSAGE, "'%s': %s", o->host, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd >= 0 && o->source) {
		struct addrinfo *si = NULL;

		hints.ai_family = ai->ai_family;
		hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
		if (getaddrinfo(o->source, "0", &hints, &si) != 0 ||
		    bind(fd, si->ai_addr, si->ai_addrlen) != 0) {
			cc_fail(ctx, CC_EUSAGE,
				"option '--source': cannot send from '%s'",
				o->source);
			close(fd);
			fd = -1;
		}
		if (si)
			freeaddrinfo(si);
	}
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		cc_fail(ctx, CC_EINPUT, "'%s': cannot send to it: %s", o->host,
			strerror(errno));
		close(fd);
		fd = -1;
	}
	if (fd >= 0) {
		struct sockaddr_storage peer;

		memset(&peer, 0, sizeof(peer));
		memcpy(&peer, ai->ai_addr, ai->ai_addrlen);
		take_addr(&peer, q->dst, &alen, &q->dport, run->peer,
			  sizeof(run->peer));
		getsockname(fd, (struct sockaddr *)&me, &mlen);
		take_addr(&me, q->src, &q->addr_len, &q->sport, run->source,
			  sizeof(run->source));
	}
	freeaddrinfo(ai);
	return fd;
}

/* Sends q (behind the non-ESP marker on 4500). */
static bool send_request(int fd, const struct cc_probe_opts *o,
			 const struct cc_ike_request *q,
			 struct cc_probe_run *run)
{
	size_t len;
	uint8_t *msg = cc_ike_build(q, &len), *out = msg;
	bool ok;

	if (o->nat_t) {
		out = cc_xcalloc(1, len + 4);
		memcpy(out + 4, msg, len);
		len += 4;
	}
	ok = send(fd, out, len, 0) == (ssize_t)len;
	if (out != msg)
		free(out);
	/* the payloads sent, for the report */
	run->nsent = 0;
	for (size_t off = 28, next = msg[16]; next && off + 4 <= len;
	     next = msg[off], off += (size_t)msg[off + 2] << 8 | msg[off + 3])
		if (run->nsent < CC_IKE_MAX_LIST)
			run->sent_payloads[run->nsent++] = (uint8_t)next;
	free(msg);
	run->requests++;
	return ok;
}

/* See cc_probe.h */
enum cc_err cc_probe_run(struct cc_ctx *ctx, const struct cc_probe_opts *o,
			 struct cc_probe_run *run)
{
	struct cc_ike_request q = { 0 };
	uint8_t *ke = NULL, *msg = cc_xmalloc(MAX_MSG);
	double start = now_ms(), sent_at, deadline;
	bool took_cookie = false, took_group = false;
	int fd, retries = 0;

	memset(run, 0, sizeof(*run));
	fd = open_socket(ctx, o, &q, run);
	if (fd < 0) {
		free(msg);
		return ctx->err;
	}
	if (RAND_bytes(q.spi, 8) != 1 || RAND_bytes(q.nonce, 32) != 1 ||
	    !ke_for(14, &ke, &q.ke_len)) {
		close(fd);
		free(msg);
		return cc_fail(ctx, CC_EINTERNAL, "no random numbers or keys");
	}
	q.group = 14;
	q.ke = ke;
	deadline = start + (double)o->timeout_ms;
	sent_at = now_ms();
	send_request(fd, o, &q, run);
	run->group_sent = q.group;
	while (run->requests <= MAX_REQUESTS) {
		double t = now_ms(),
		       next_try = sent_at + (double)o->timeout_ms / 4;
		struct pollfd p = { fd, POLLIN, 0 };
		int wait =
			(int)((next_try < deadline ? next_try : deadline) - t);
		ssize_t n;
		const char *why = NULL;
		struct cc_ike_answer a;

		if (t >= deadline)
			break;
		if (poll(&p, 1, wait > 0 ? wait : 0) <= 0) {
			/* silence: retransmit, three times at most */
			if (now_ms() >= next_try && retries < 3 &&
			    run->requests < MAX_REQUESTS &&
			    now_ms() < deadline) {
				retries++;
				sent_at = now_ms();
				send_request(fd, o, &q, run);
			}
			continue;
		}
		n = recv(fd, msg, MAX_MSG, 0);
		if (n < 0) {
			if (errno == ECONNREFUSED) {
				run->unreachable = true;
				run->failure = "the gateway's host says no one "
					       "listens there (ICMP port "
					       "unreachable)";
				break;
			}
			continue;
		}
		run->answer_len = (size_t)n;
		if (o->nat_t && n >= 4 && !memcmp(msg, "\0\0\0\0", 4)) {
			memmove(msg, msg + 4, (size_t)n - 4);
			n -= 4;
		}
		if (!cc_ike_parse(msg, (size_t)n, &q, &a, &why)) {
			run->malformed = why;
			cc_ike_answer_release(&a);
			continue; /* perhaps a good one follows */
		}
		if (a.other_spi || !a.responder) {
			run->malformed =
				a.other_spi ? "an answer for another SPI"
					    : "a message that is no answer "
					      "(no responder flag)";
			cc_ike_answer_release(&a);
			continue;
		}
		run->malformed = NULL;
		cc_ike_answer_release(&run->answer);
		run->answer = a;
		run->answered = true;
		run->rtt_ms = now_ms() - sent_at;
		if (run->requests >= MAX_REQUESTS)
			break;
		/* follow COOKIE and INVALID_KE_PAYLOAD once each, and
		 * NO_PROPOSAL_CHOSEN once with the classic groups */
		if (a.cookie_len && !took_cookie) {
			took_cookie = run->cookie_sent = true;
			memcpy(q.cookie_buf, a.cookie, a.cookie_len);
			q.cookie = q.cookie_buf;
			q.cookie_len = a.cookie_len;
		} else if (a.invalid_ke_group && !took_group) {
			uint8_t *k = NULL;
			size_t klen = 0;

			took_group = true;
			if (!ke_for(a.invalid_ke_group, &k, &klen))
				break;
			free(ke);
			ke = k;
			q.ke = ke;
			q.ke_len = klen;
			q.group = a.invalid_ke_group;
		} else if (!a.has_sa && !q.classic && refused(&a)) {
			q.classic = run->classic_sent = true;
		} else {
			break;
		}
		retries = 0;
		sent_at = now_ms();
		send_request(fd, o, &q, run);
		run->group_sent = q.group;
	}
	/* a COOKIE or INVALID_KE_PAYLOAD followed by silence is no answer:
	 * a busy gateway, or one that refuses more half-open IKE_SAs from
	 * this address (strongSwan 5.9.8: cookies from the 3rd, silence from
	 * the 5th, for 30 s; receiver.c:48-50, :424) */
	if (run->answered && !run->answer.has_sa && !refused(&run->answer) &&
	    (run->answer.cookie_len || run->answer.invalid_ke_group)) {
		run->answered = false;
		run->failure = run->answer.cookie_len
				       ? "the gateway asked for a COOKIE, then "
					 "did not answer the request that "
					 "carried it (a gateway under load, or "
					 "one refusing more half-open IKE_SAs "
					 "from this address: try again in a "
					 "minute)"
				       : "the gateway asked for another DH "
					 "group, then did not answer";
	}
	if (!run->answered && !run->failure)
		run->failure = run->malformed
				       ? "no answer certcheck could read"
				       : "no answer within the timeout (a "
					 "firewall, no IKE service there, or "
					 "a gateway refusing more half-open "
					 "IKE_SAs from this address)";
	close(fd);
	free(ke);
	free(msg);
	return CC_SUCCESS;
}

/* See cc_probe.h */
void cc_probe_release(struct cc_probe_run *run)
{
	cc_ike_answer_release(&run->answer);
}
