/* SPDX-License-Identifier: MIT */
/*
 * fuzz_args.c - the parsers of the command line's values: times,
 * durations, addresses and ranges, IKE identities, and CRL URLs (scheme
 * allow-list, host, port; credentials masked).
 */
#include <stdlib.h>
#include <string.h>

#include "cc_idlist.h"
#include "net.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	char *s = malloc(len + 1), why[256];
	struct cc_iprange r;
	struct net_job j;
	struct cc_id id;
	long long d;
	time_t t;

	if (!s)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	(void)cc_parse_time(s, &t);
	(void)cc_parse_duration(s, &d);
	(void)cc_iprange_parse(s, &r, why, sizeof(why));
	if (cc_id_parse(s, &id, why, sizeof(why)))
		cc_id_release(&id);
	memset(&j, 0, sizeof(j));
	(void)net_parse_url(s, &j, why, sizeof(why));
	free(net_mask_url(s));
	net_job_release(&j);
	free(s);
	return 0;
}
