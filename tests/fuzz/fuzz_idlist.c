/* SPDX-License-Identifier: MIT */
/*
 * fuzz_idlist.c - the ID-list file parser, then every entry matched
 * against fixed identities under each profile, and the shadowing check.
 */
#include <stdlib.h>
#include <string.h>

#include "cc_idlist.h"
#include "cc_report.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static const char *const ids[] = {
		"dn:C=SE, O=Example Corp, OU=Sales, CN=bob",
		"email:bob@sales.example.com",
		"fqdn:vpn.example.com",
		"ip:192.0.2.7",
		"ip:2001:db8::7",
	};
	char *text = malloc(len + 1), why[256];
	struct cc_idconf conf;
	struct cc_ctx ctx;

	if (!text)
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	cc_ctx_init(&ctx, "fuzz", 0);
	if (cc_idconf_parse(&ctx, &conf, "fuzz.conf", text) == CC_SUCCESS) {
		struct cc_report r;
		struct cc_idresults res;

		for (int p = 0; p < 3; p++) {
			conf.profile = (enum cc_profile)p;
			for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]);
			     i++) {
				struct cc_id id;

				if (!cc_id_parse(ids[i], &id, why, sizeof(why)))
					abort();
				for (size_t l = 0; l < conf.nlists; l++)
					for (size_t e = 0; e < conf.list[l].n;
					     e++)
						(void)cc_id_match(
							&conf,
							&conf.list[l].entry[e],
							&id, why, sizeof(why));
				cc_id_release(&id);
			}
		}
		cc_report_init(&r, "idlist", NULL);
		cc_idcheck_finish(
			cc_idcheck_new(&conf, NULL, NULL, false, &r, &res));
		cc_idresults_release(&res);
		cc_report_release(&r);
		cc_idconf_release(&conf);
	}
	free(text);
	return 0;
}
