/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ike.c - an IKE_SA_INIT answer read (certcheck/probe/ikemsg.c): any
 * bytes, as a gateway (or anyone on the path) may send them.
 */
#include <string.h>

#include "cc_probe.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct cc_ike_request q = { .addr_len = 4, .sport = 500, .dport = 500 };
	struct cc_ike_answer a;
	const char *why = NULL;

	if (len >= 8)
		memcpy(q.spi, data, 8); /* its own SPI: the rest is read */
	if (cc_ike_parse(data, len, &q, &a, &why))
		for (size_t i = 0; i < a.nvendor; i++)
			(void)cc_ike_vendor_name(a.vendor[i], a.vendor_len[i]);
	cc_ike_answer_release(&a);
	return 0;
}
