/* SPDX-License-Identifier: MIT */
/*
 * cmd_probe.c - `certcheck probe HOST[:PORT]`: ask the live gateway, from
 * the client's side, which CAs it trusts (its IKE_SA_INIT answer's
 * certificate requests), and match them against the client's chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_probe.h"
#include "cmds.h"

/* See cmds.h */
bool cc_cmd_probe_target(const char *s, char *buf, size_t size,
			 struct cc_probe_opts *o)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long port;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || (close[1] && close[1] != ':'))
			return false;
		snprintf(buf, size, "%.*s", (int)(close - s - 1), s + 1);
		colon = close[1] ? close + 1 : NULL;
	} else if (colon && strchr(s, ':') != colon) {
		snprintf(buf, size, "%s", s); /* IPv6, no port */
		colon = NULL;
	} else {
		snprintf(buf, size, "%.*s",
			 colon ? (int)(colon - s) : (int)strlen(s), s);
	}
	o->host = buf;
	if (!colon)
		return *buf != '\0';
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 1 || port > 65535)
		return false;
	o->port = (unsigned)port;
	return *buf != '\0';
}

/* See cmds.h */
int cmd_probe(struct cc_ctx *ctx, const struct cc_args *args)
{
	struct cc_probe_opts o = { .port = 500 };
	struct cc_probe_run run;
	struct cc_secret pw = { 0 };
	struct cc_certset set;
	struct cc_report r;
	char host[256];
	int rc = 2;

	cc_certset_init(&set);
	cc_report_init(&r, "probe", &set);
	r.clockless = true;
	r.footer = "Asked of the live gateway: one IKE_SA_INIT, no IKE_AUTH.";
	memset(&run, 0, sizeof(run));
	if (args->positional.n != 1) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE, "give the gateway: HOST[:PORT]");
		goto out;
	}
	o.nat_t = args->nat_t;
	o.port = o.nat_t ? 4500 : 500;
	if (!cc_cmd_probe_target(args->positional.item[0], host, sizeof(host),
				 &o)) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE,
			"'%s' is not HOST, HOST:PORT or [IPV6]:PORT",
			args->positional.item[0]);
		goto out;
	}
	o.timeout_ms = args->timeout_ms;
	o.source = args->source;
	if (cc_secret_load(ctx, &pw, args->password_file) ||
	    (args->peer &&
	     cc_cmd_load_all(
		     ctx, &set,
		     &(struct cc_strlist){ (const char **)&args->peer, 1 },
		     CC_ROLE_PEER, &pw)) ||
	    cc_cmd_load_all(ctx, &set, &args->untrusted, CC_ROLE_UNTRUSTED,
			    &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->ca, CC_ROLE_CA, &pw))
		goto out;
	cc_secret_release(&pw);
	if (cc_probe_run(ctx, &o, &run))
		goto out;
	cc_probe_report(&r, &o, &run, &set, true);
	cc_report_add_part(&r, cc_probe_part(&run, &set));
	rc = cc_cmd_render(ctx, args, &r);
out:
	cc_secret_release(&pw);
	cc_probe_release(&run);
	cc_report_release(&r);
	cc_certset_release(&set);
	return rc;
}
