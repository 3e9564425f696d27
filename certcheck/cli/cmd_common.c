/* SPDX-License-Identifier: MIT */
/*
 * cmd_common.c - what every command does the same way: load a list of
 * input files, render the report.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp(), fchmod(), fdopen() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cc_config.h"
#include "cc_idlist.h"
#include "cc_crl.h"
#include "cmds.h"

/* See cmds.h */
enum cc_err cc_cmd_load_all(struct cc_ctx *ctx, struct cc_certset *set,
			    const struct cc_strlist *l, enum cc_role role,
			    const struct cc_secret *pw)
{
	for (size_t i = 0; i < l->n; i++)
		if (cc_certset_load(ctx, set, l->item[i], role, pw, NULL))
			return ctx->err;
	return CC_SUCCESS;
}

/* --format prometheus and html: to standard output, or to --output FILE
 * through a temporary file beside it, renamed over it (node_exporter's
 * textfile collector, a browser, never read it half-written). */
static int write_file(struct cc_ctx *ctx, const struct cc_args *args,
		      const struct cc_report *r,
		      bool (*write)(const struct cc_report *r,
				    const struct cc_ctx *ctx, FILE *out))
{
	const char *slash;
	char *tmp;
	FILE *f = NULL;
	int fd;
	bool ok;

	if (!args->output) {
		if (!write(r, ctx, stdout) || fflush(stdout) != 0) {
			cc_fail(ctx, CC_EINTERNAL, "cannot write the report");
			return 2;
		}
		return cc_report_exit_code(r);
	}
	slash = strrchr(args->output, '/');
	tmp = cc_xasprintf("%.*s.%s.XXXXXX",
			   slash ? (int)(slash - args->output + 1) : 0,
			   args->output, slash ? slash + 1 : args->output);
	fd = mkstemp(tmp);
	ok = fd >= 0 && fchmod(fd, 0644) == 0 && (f = fdopen(fd, "w")) &&
	     write(r, ctx, f);
	if (f)
		ok = fclose(f) == 0 && ok;
	else if (fd >= 0)
		close(fd);
	ok = ok && rename(tmp, args->output) == 0;
	if (!ok) {
		cc_fail(ctx, CC_EINPUT, "'%s': cannot write: %s", args->output,
			strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
	free(tmp);
	return ok ? cc_report_exit_code(r) : 2;
}

/* See cmds.h */
int cc_cmd_render(struct cc_ctx *ctx, const struct cc_args *args,
		  const struct cc_report *r)
{
	const char *term = getenv("TERM");
	bool tty = isatty(STDOUT_FILENO);
	struct cc_render_opts o = {
		.color = tty && !getenv("NO_COLOR") &&
			 !(term && !strcmp(term, "dumb")),
		.quiet = args->quiet,
	};
	struct winsize ws;
	bool written = true;

	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 40)
		o.width = ws.ws_col;

	if (args->format == CC_FORMAT_NAGIOS) {
		/* -q does not apply: the status line is the one line */
		struct cc_nagios_opts n = { args->warn_days, args->crit_days,
					    args->crl_warn_hours,
					    args->crl_crit_hours };
		int st = cc_report_write_nagios(r, ctx, &n, stdout);

		if (st < 0 || fflush(stdout) != 0 || ferror(stdout)) {
			cc_fail(ctx, CC_EINTERNAL, "cannot write the report");
			return 3;
		}
		return st;
	}
	if (args->format == CC_FORMAT_PROMETHEUS)
		return write_file(ctx, args, r, cc_report_write_prometheus);
	if (args->format == CC_FORMAT_HTML && !args->quiet)
		return write_file(ctx, args, r, cc_report_write_html);
	if (args->json && !args->quiet)
		written = cc_report_write_json(r, ctx, stdout);
	else
		cc_report_write_text(r, ctx, &o, stdout);
	if (!written || fflush(stdout) != 0 || ferror(stdout)) {
		cc_fail(ctx, CC_EINTERNAL, "cannot write the report");
		return 2;
	}
	return cc_report_exit_code(r);
}

/* What charon knows of the peer when it picks a connection: the IDi it
 * sends (--peer-id, else its certificate's subject, what strongSwan and
 * Windows send when no other id is configured), its certificate and the
 * intermediates it sends (--untrusted), loaded into set. */
static enum cc_err peer_hint(struct cc_ctx *ctx, const struct cc_args *args,
			     struct cc_certset *set, struct cc_id *idi,
			     struct cc_peer_hint *h)
{
	struct cc_secret pw = { 0 };
	struct cc_idset ids = { 0 };
	char why[256];
	enum cc_err err;
	int leaf = -1;

	err = cc_secret_load(ctx, &pw, args->password_file);
	if (!err)
		err = cc_certset_load(ctx, set, args->peer, CC_ROLE_PEER, &pw,
				      &leaf);
	if (!err)
		err = cc_cmd_load_all(ctx, set, &args->untrusted,
				      CC_ROLE_UNTRUSTED, &pw);
	cc_secret_release(&pw);
	if (err)
		return err;
	h->peer = set->cert[leaf]->x509;
	h->set = set;
	if (args->peer_id) {
		if (!cc_id_parse(args->peer_id, idi, why, sizeof(why)))
			return cc_fail(ctx, CC_EUSAGE, "option '--peer-id': %s",
				       why);
		return CC_SUCCESS;
	}
	cc_idset_from_cert(set->cert[leaf], &ids);
	/* the subject comes first */
	err = ids.n && ids.id[0].type == CC_ID_DN
		      ? CC_SUCCESS
		      : cc_fail(ctx, CC_EINPUT, "'%s': no subject", args->peer);
	if (!err) {
		*idi = ids.id[0];
		memset(&ids.id[0], 0, sizeof(ids.id[0]));
	}
	cc_idset_release(&ids);
	return err;
}

/* Names of remote_addrs looked up as the gateway does, through the CRL
 * module (c-ares; --dns, else the system's servers), loaded on the first
 * name. */
struct lookup {
	struct cc_ctx ctx; /* a scratch copy: a failure here is no error of
			      the command, only a name not resolved */
	const struct cc_args *args;
	const struct cc_crl_module *mod;
	void *handle;
	bool tried;
};

static void lookup(void *arg, const char *name, int family, char *addr,
		   size_t len)
{
	struct lookup *l = arg;
	struct cc_crl_opts o = {
		.dns = l->args->dns.item,
		.ndns = l->args->dns.n,
		.source = l->args->source,
		.timeout_ms = l->args->timeout_ms,
		.resolv_conf = getenv("CERTCHECK_RESOLV_CONF"),
	};

	addr[0] = '\0';
	if (!l->tried) {
		l->tried = true;
		l->mod = cc_module_crl(&l->ctx, &l->handle);
	}
	if (l->mod)
		(void)l->mod->lookup(&l->ctx, &o, name, family, addr, len);
}

/* See cmds.h */
enum cc_err cc_cmd_import(struct cc_ctx *ctx, const struct cc_args *args,
			  struct cc_import *imp)
{
	struct lookup names = { .ctx = *ctx, .args = args };
	struct cc_id idi = { 0 };
	struct cc_peer_hint hint = { .from = args->from,
				     .to = args->to,
				     .idi = &idi,
				     .lookup = args->no_network ? NULL : lookup,
				     .lookup_arg = &names };
	struct cc_certset set;
	enum cc_err err = CC_SUCCESS;

	memset(imp, 0, sizeof(*imp));
	imp->ocsp_use = -1;
	if (args->swanctl && args->ipsec_conf) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE,
			       "give '--swanctl' or '--ipsec-conf', not both");
	}
	if (!args->ipsec_conf && (args->ipsec_dialect || args->nss_db)) {
		ctx->err_hint = true;
		return cc_fail(
			ctx, CC_EUSAGE, "option '%s' needs '--ipsec-conf'",
			args->nss_db ? "--nss-db" : "--ipsec-conf-dialect");
	}
	if (!args->swanctl && !args->ipsec_conf) {
		if (args->conn || args->strongswan_conf) {
			ctx->err_hint = true;
			return cc_fail(ctx, CC_EUSAGE,
				       "option '%s' needs "
				       "'--swanctl' or '--ipsec-conf'",
				       args->conn ? "--conn"
						  : "--strongswan-conf");
		}
		return CC_SUCCESS;
	}
	/* with the peer's certificate (pair, diagnose), the connection is
	 * the one charon selects for it */
	cc_certset_init(&set);
	if (args->peer && !args->conn)
		err = peer_hint(ctx, args, &set, &idi, &hint);
	if (!err && args->swanctl)
		err = cc_swanctl_import(
			ctx, args->swanctl, args->strongswan_conf, args->conn,
			args->peer && !args->conn ? &hint : NULL, imp);
	else if (!err)
		err = cc_ipsecconf_import(
			ctx, args->ipsec_conf, args->ipsec_dialect,
			args->nss_db, args->strongswan_conf, args->conn,
			args->peer && !args->conn ? &hint : NULL, imp);
	cc_id_release(&idi);
	cc_certset_release(&set);
	cc_module_close(names.handle);
	if (err)
		return err;
	/* the configuration's gateway: its profile, its policy */
	if (!args->given[CC_OPT_GATEWAY]) {
		ctx->gateway = imp->gateway;
		ctx->gateway_from = "config";
		if (!args->given[CC_OPT_REVOCATION])
			ctx->revocation = cc_gateway_revocation(ctx->gateway);
	}
	if (imp->has_revocation && !args->given[CC_OPT_REVOCATION]) {
		ctx->revocation = imp->revocation;
		ctx->revocation_from = "config";
	}
	return CC_SUCCESS;
}

/* See cmds.h */
enum cc_err cc_cmd_load_either(struct cc_ctx *ctx, struct cc_certset *set,
			       const struct cc_strlist *l, char *const *alt,
			       size_t nalt, enum cc_role role,
			       const struct cc_secret *pw)
{
	struct cc_strlist from = { (const char **)alt, nalt };

	return cc_cmd_load_all(ctx, set, l->n ? l : &from, role, pw);
}

/* See cmds.h */
enum cc_err cc_cmd_load_pair(struct cc_ctx *ctx, const struct cc_args *args,
			     const struct cc_import *imp,
			     struct cc_certset *set, int *local, int *peer,
			     int *expected)
{
	struct cc_secret pw = { 0 };
	const char *local_file = args->local ? args->local : imp->local;
	const char *expect =
		args->expect_peer ? args->expect_peer : imp->expect_peer;
	enum cc_err err;

	if (!local_file && imp->needs && !args->given[CC_OPT_LOCAL])
		return cc_fail(ctx, CC_EUSAGE, "'%s': %s (or give --local)",
			       imp->file, imp->needs);
	if ((!local_file && cc_cli_require(ctx, args, CC_OPT_LOCAL)) ||
	    cc_cli_require(ctx, args, CC_OPT_PEER) ||
	    (!imp->nca && cc_cli_require(ctx, args, CC_OPT_CA)))
		return ctx->err;
	if (args->positional.n) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE, "unexpected argument '%s'",
			       args->positional.item[0]);
	}
	*expected = -1;
	err = cc_secret_load(ctx, &pw, args->password_file);
	if (!err)
		err = cc_certset_load(ctx, set, local_file, CC_ROLE_LOCAL, &pw,
				      local);
	if (!err)
		err = cc_certset_load(ctx, set, args->peer, CC_ROLE_PEER, &pw,
				      peer);
	if (!err && expect)
		err = cc_certset_load(ctx, set, expect, CC_ROLE_EXPECTED_PEER,
				      &pw, expected);
	if (!err)
		err = cc_cmd_load_either(ctx, set, &args->ca, imp->ca, imp->nca,
					 CC_ROLE_CA, &pw);
	if (!err)
		err = cc_cmd_load_all(ctx, set, &args->peer_ca, CC_ROLE_PEER_CA,
				      &pw);
	if (!err)
		err = cc_cmd_load_either(ctx, set, &args->untrusted,
					 imp->untrusted, imp->nuntrusted,
					 CC_ROLE_UNTRUSTED, &pw);
	cc_secret_release(&pw);
	return err;
}

/* See cmds.h */
enum cc_err cc_cmd_id_options(struct cc_ctx *ctx, const struct cc_args *args,
			      struct cc_iprange *from, struct cc_id *peer_id)
{
	char why[256];

	if (args->from &&
	    !cc_iprange_parse(args->from, from, why, sizeof(why))) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE, "option '--from': %s", why);
	}
	if (args->peer_id &&
	    !cc_id_parse(args->peer_id, peer_id, why, sizeof(why))) {
		ctx->err_hint = true;
		return cc_fail(ctx, CC_EUSAGE, "option '--peer-id': %s", why);
	}
	return CC_SUCCESS;
}

/* For each of n configured URLs, the index in set of its authority's CA
 * (the file cas[k], loaded from x509ca/), or -1 (owned by the caller). */
static int *url_cas(char *const *cas, size_t n, const struct cc_certset *set)
{
	int *ca = cc_xcalloc(n + 1, sizeof(*ca));

	for (size_t k = 0; k < n; k++) {
		ca[k] = -1;
		for (size_t i = 0; cas[k] && i < set->n; i++)
			if (!strcmp(set->cert[i]->file, cas[k]))
				ca[k] = (int)i;
	}
	return ca;
}

/* See cmds.h */
void cc_cmd_crl_opts(const struct cc_args *args, const struct cc_import *imp,
		     const struct cc_certset *set, struct cc_crl_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->dns = args->dns.item;
	o->ndns = args->dns.n;
	o->source = args->source;
	o->proxy = args->proxy;
	o->timeout_ms = args->timeout_ms;
	o->max_size = args->max_size;
	o->ocsp_sha256 = args->ocsp_sha256;
	o->ocsp_get = args->ocsp_get;
	o->ocsp_nonce_len = args->ocsp_nonce_len;
	o->ocsp_use = imp->ocsp_use;
	/* options given win over the configuration's crl_uris, ocsp_uris
	 * and x509crl/ */
	o->urls = args->url.n ? args->url.item : (const char **)imp->crl_uris;
	o->url_ca = args->url.n ? NULL
				: url_cas(imp->crl_uri_ca, imp->ncrl_uris, set);
	o->nurls = args->url.n ? args->url.n : imp->ncrl_uris;
	o->ocsp_urls = args->ocsp_url.n ? args->ocsp_url.item
					: (const char **)imp->ocsp_uris;
	o->ocsp_url_ca = args->ocsp_url.n ? NULL
					  : url_cas(imp->ocsp_uri_ca,
						    imp->nocsp_uris, set);
	o->nocsp_urls = args->ocsp_url.n ? args->ocsp_url.n : imp->nocsp_uris;
	o->ocsp_signers = args->ocsp_signer.n
				  ? args->ocsp_signer.item
				  : (const char **)imp->ocsp_signers;
	o->nocsp_signers =
		args->ocsp_signer.n ? args->ocsp_signer.n : imp->nocsp_signers;
	o->crl_files = args->crl.n ? args->crl.item : (const char **)imp->crl;
	o->ncrl = args->crl.n ? args->crl.n : imp->ncrl;
	o->no_network = args->no_network;
	o->resolv_conf = getenv("CERTCHECK_RESOLV_CONF");
}

/* See cmds.h */
void cc_cmd_crl_opts_release(struct cc_crl_opts *o)
{
	free((int *)o->url_ca);
	free((int *)o->ocsp_url_ca);
	memset(o, 0, sizeof(*o));
}
