/* SPDX-License-Identifier: MIT */
/*
 * url.c - a CRL URL: parsed into what a job needs (scheme, host, port),
 * masked for reports (credentials as ***), and the next redirect hop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "net.h"

/* See net.h */
char *net_mask_url(const char *url)
{
	CURLU *h = curl_url();
	char *user = NULL, *out = NULL, *s;

	if (h &&
	    !curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) &&
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
	if (!scheme ||
	    (strcasecmp(scheme, "http") && strcasecmp(scheme, "https") &&
	     strcasecmp(scheme, "ldap") && strcasecmp(scheme, "ldaps"))) {
		snprintf(why, len,
			 "the scheme '%s' is never fetched: gateways "
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
