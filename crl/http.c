/* SPDX-License-Identifier: MIT */
/*
 * http.c - libcurl's callbacks for a fetch: the body held under the size
 * cap, the server's Date header read, and the trust for https CDPs.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "net.h"

/* See net.h */
size_t net_on_body(char *p, size_t size, size_t n, void *arg)
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

/* See net.h */
size_t net_on_header(char *p, size_t size, size_t n, void *arg)
{
	struct net_job *j = arg;
	size_t len = size * n;
	time_t t = net_header_date(p, len);

	if (t)
		j->date = t;
	return len;
}

/* See net.h */
CURLcode net_on_ssl_ctx(CURL *e, void *sslctx, void *arg)
{
	const struct cc_certset *set = arg;
	X509_STORE *st = SSL_CTX_get_cert_store(sslctx);

	(void)e;
	for (size_t i = 0; set && i < set->n; i++)
		if (set->cert[i]->role == CC_ROLE_CA)
			X509_STORE_add_cert(st, set->cert[i]->x509);
	return CURLE_OK;
}
