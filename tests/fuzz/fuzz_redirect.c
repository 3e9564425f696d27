/* SPDX-License-Identifier: MIT */
/*
 * fuzz_redirect.c - what certcheck does with an HTTP answer's redirect and
 * Date header, both chosen by whoever runs the CRL server.
 *
 * Input: the current URL, a newline, a Location value, a newline, and a
 * header line.  The Location is resolved against the current URL with
 * libcurl's URL API, as libcurl resolves CURLINFO_REDIRECT_URL, then goes
 * through the hop limit (net_next_hop()) and the scheme allow-list
 * (net_parse_url()), as every hop of a fetch does.  Checked, besides
 * sanitizer reports: an accepted hop is http, https, ldap or ldaps with a
 * host, its TLS flag follows its scheme, and the hop limit holds.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "cc_common.h"
#include "net.h"

static char *resolve(const char *base, const char *location)
{
	CURLU *h = curl_url();
	char *out = NULL, *s = NULL;

	if (h &&
	    !curl_url_set(h, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) &&
	    !curl_url_set(h, CURLUPART_URL, location,
			  CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE |
				  CURLU_ALLOW_SPACE) &&
	    !curl_url_get(h, CURLUPART_URL, &out, 0))
		s = cc_xstrdup(out);
	curl_free(out);
	curl_url_cleanup(h);
	return s;
}

static void check_hop(const char *url, const struct net_job *j)
{
	static const char *const ok[] = { "http", "https", "ldap", "ldaps" };
	CURLU *h = curl_url();
	char *scheme = NULL;
	size_t i;

	if (!j->host || !*j->host)
		abort();
	if (!h ||
	    curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ||
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0))
		abort();
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcasecmp(scheme, ok[i]))
			break;
	if (i == sizeof(ok) / sizeof(ok[0]))
		abort();
	if (j->https != (i == 1 || i == 3) || j->ldap != (i >= 2))
		abort();
	curl_free(scheme);
	curl_url_cleanup(h);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	char *s = malloc(len + 1), *loc, *hdr, *next, why[256];
	struct net_job j;

	if (!s)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	loc = strchr(s, '\n');
	hdr = loc ? strchr(loc + 1, '\n') : NULL;
	if (!hdr) {
		free(s);
		return 0;
	}
	*loc++ = '\0';
	*hdr++ = '\0';
	if (net_header_date(hdr, strlen(hdr)) < 0)
		abort();
	memset(&j, 0, sizeof(j));
	j.url = cc_xstrdup(s);
	next = resolve(s, loc);
	for (int hop = 1; next && hop <= NET_MAX_HOPS + 1; hop++) {
		bool followed = net_next_hop(&j, next, why, sizeof(why));

		if (followed != (hop <= NET_MAX_HOPS))
			abort();
		if (followed && net_parse_url(j.url, &j, why, sizeof(why)))
			check_hop(j.url, &j);
	}
	free(next);
	free(net_mask_url(s));
	net_job_release(&j);
	free(s);
	return 0;
}
