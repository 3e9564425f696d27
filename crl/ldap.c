/* SPDX-License-Identifier: MIT */
/*
 * ldap.c - LDAP CRL distribution points: the domain a hostless ldap:///
 * URL names (for its DCs' SRV records), and the CRL out of libcurl's LDAP
 * answer (the base64 certificateRevocationList attribute).
 */
#define _GNU_SOURCE /* strcasestr() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "net.h"

/* See net.h */
bool net_ldap_domain(const char *url, char *out, size_t len)
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
				used += (size_t)snprintf(
					out + used, len - used, "%s%s",
					used ? "." : "", rdn + 3);
		}
	}
	curl_free(path);
	curl_url_cleanup(h);
	free(dn);
	return out[0] != '\0';
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
	if (!ec ||
	    EVP_DecodeUpdate(ec, der, &n, (unsigned char *)v, (int)strlen(v)) <
		    0 ||
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
