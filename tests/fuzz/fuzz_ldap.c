/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ldap.c - the decoder of libcurl's LDAP answer (the base64
 * certificateRevocationList attribute), then the CRL it gives.
 */
#include <stdlib.h>
#include <string.h>

#include "crl_private.h"
#include "net.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct net_job j;
	char why[256];
	bool pem;

	memset(&j, 0, sizeof(j));
	j.body = malloc(len + 1);
	if (!j.body)
		return 0;
	memcpy(j.body, data, len);
	j.len = len;
	j.cap = len + 1;
	if (net_ldap_crl(&j, why, sizeof(why)))
		rawcrl_free(rawcrl_parse(j.body, j.len, true, &pem, why,
					 sizeof(why)));
	net_job_release(&j);
	return 0;
}
