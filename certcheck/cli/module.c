/* SPDX-License-Identifier: MIT */
/*
 * module.c - loads crl/ (libcurl, c-ares) on demand, as strongSwan loads
 * its plugins: commands without network work never map those libraries.
 * Looked for in $CERTCHECK_MODULE_DIR, beside the executable (the build
 * tree), then in the installed module directory.
 */
#define _GNU_SOURCE /* for dladdr-free readlink use */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc_crl.h"
#include "cmds.h"

#define MODULE_NAME "certcheck-crl.so"

#ifndef CC_MODULE_DIR
#define CC_MODULE_DIR "/usr/local/lib/certcheck"
#endif

/* Tries dir/MODULE_NAME and appends it to the list of paths tried (cut
 * short, never overrun, when the list is full). */
static void *try_open(const char *dir, char *tried, size_t len)
{
	char *path = cc_xasprintf("%s/%s", dir, MODULE_NAME);
	size_t used = strlen(tried);
	void *h = NULL;

	if (used + 1 < len)
		snprintf(tried + used, len - used, "%s'%s'", used ? ", " : "",
			 path);
	if (strlen(path) < PATH_MAX && access(path, R_OK) == 0)
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	free(path);
	return h;
}

/* See cmds.h */
const struct cc_crl_module *cc_module_crl(struct cc_ctx *ctx, void **handle)
{
	const struct cc_crl_module *m;
	char exe[PATH_MAX], tried[3 * PATH_MAX] = "";
	const char *env = getenv("CERTCHECK_MODULE_DIR");
	ssize_t n;
	void *h = NULL;

	if (env && *env)
		h = try_open(env, tried, sizeof(tried));
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (!h && n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		h = try_open(exe, tried, sizeof(tried));
	}
	if (!h)
		h = try_open(CC_MODULE_DIR, tried, sizeof(tried));
	if (!h) {
		const char *e = dlerror();

		cc_fail(ctx, CC_EINTERNAL,
			"cannot load the CRL module (tried %s)%s%s", tried,
			e ? ": " : "", e ? e : "");
		return NULL;
	}
	m = dlsym(h, "cc_crl_module");
	if (!m || m->abi != CC_CRL_ABI) {
		cc_fail(ctx, CC_EINTERNAL,
			"the CRL module does not match this certcheck");
		dlclose(h);
		return NULL;
	}
	*handle = h;
	return m;
}

/* See cmds.h */
void cc_module_close(void *handle)
{
	/* The module stays mapped until exit: libcurl's LDAP backend
	 * (OpenLDAP, Cyrus SASL) registers state and handlers that outlive
	 * curl_global_cleanup(), and unmapping the code under them is a
	 * crash waiting to happen (strongSwan keeps its plugins too). */
	(void)handle;
}
