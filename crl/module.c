/* SPDX-License-Identifier: MIT */
/*
 * module.c - the one symbol certcheck-crl.so exports to the commands that
 * load it on demand.
 */
#define _DEFAULT_SOURCE /* fd_set, which ares.h uses */
#include <stdio.h>
#include <sys/select.h>

#include <ares.h>
#include <curl/curl.h>

#include "cc_crl.h"

/* The versions of libcurl and c-ares this module runs with (not those it
 * was built against). */
static const char *versions(void)
{
	static char text[128];

	snprintf(text, sizeof(text), "libcurl %s, c-ares %s",
		 curl_version_info(CURLVERSION_NOW)->version,
		 ares_version(NULL));
	return text;
}

__attribute__((visibility("default")))
const struct cc_crl_module cc_crl_module = {
	.abi = CC_CRL_ABI,
	.check = cc_crl_check,
	.lookup = cc_crl_lookup,
	.versions = versions,
};
