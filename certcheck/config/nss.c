/* SPDX-License-Identifier: MIT */
/*
 * nss.c - the certificates of libreswan's NSS database, as pluto has them,
 * exported for the importer: every certificate by its nickname (what
 * leftcert= and rightcert= name), the self-signed CAs as the trust anchors
 * (libreswan 4.10, programs/pluto/root_certs.c:97: every CA certificate of
 * the database that is a root, whatever its trust flags), the other CAs as
 * intermediates.  NSS's own tool reads the database: certutil -L, from
 * Debian's libnss3-tools; certcheck links no NSS.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp(), posix_spawn */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "ipsecconf.h"
#include "swanctl.h"

extern char **environ;

#define MAX_OUTPUT (16L << 20)

/* certutil's standard output for args (NULL-terminated), or NULL with
 * the reason in why. */
static char *certutil(char *const *args, char *why, size_t len)
{
	posix_spawn_file_actions_t fa;
	int out[2], status = 0;
	pid_t pid;
	char *text = NULL;
	size_t n = 0, cap = 0;
	ssize_t got;

	if (pipe(out)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return NULL;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	errno = posix_spawnp(&pid, "certutil", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	if (errno) {
		snprintf(why, len,
			 "cannot run certutil (Debian: libnss3-tools): %s",
			 strerror(errno));
		close(out[0]);
		return NULL;
	}
	do {
		cc_grow(&text, &cap, n + 4096 + 1, 1);
		got = read(out[0], text + n, 4096);
		if (got > 0)
			n += (size_t)got;
	} while ((got > 0 || (got < 0 && errno == EINTR)) &&
		 n < (size_t)MAX_OUTPUT);
	close(out[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	text[n] = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(why, len, "certutil %s %s failed", args[1], args[3]);
		free(text);
		return NULL;
	}
	return text;
}

/* A nickname as a file name: letters, digits, - _ . kept. */
static char *file_name(const char *nick)
{
	char *f = cc_xasprintf("%s.pem", nick);

	for (char *p = f; p[4]; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
			    "YZ"
			    "0123456789-_.",
			    *p))
			*p = '_';
	return f;
}

/*
 * The nicknames of `certutil -L -d sql:DIR`: after its header, a line
 * for each certificate, the nickname (it may hold spaces) padded to the
 * trust attributes ("CT,C,C", "u,u,u", ",,").
 */
static size_t nicknames(char *listing, char ***v)
{
	size_t n = 0;
	char *line, *next;

	*v = NULL;
	for (line = listing; line; line = next) {
		char *end, *trust;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\r'))
			*--end = '\0';
		trust = strrchr(line, ' ');
		if (!trust || strchr(trust, ',') == NULL ||
		    strspn(trust + 1, "pPcCTuwkaIv,") != strlen(trust + 1))
			continue; /* the header, or a blank line */
		end = trust;
		while (end > line && end[-1] == ' ')
			end--;
		if (end == line)
			continue;
		*end = '\0';
		swc_add(v, &n, line);
	}
	return n;
}

/* Writes text to dir/sub/name. */
static bool put_file(const char *dir, const char *sub, const char *name,
		     const char *text)
{
	char *path = cc_xasprintf("%s/%s/%s", dir, sub, name);
	FILE *f = fopen(path, "w");
	bool ok = f && fputs(text, f) >= 0;

	if (f && fclose(f))
		ok = false;
	free(path);
	return ok;
}

/* See ipsecconf.h */
enum cc_err lsw_nss_export(struct cc_ctx *ctx, const char *db,
			   const char *tmpdir, struct cc_import *imp)
{
	char why[256], *sql = cc_xasprintf("sql:%s", db), *listing, **nick;
	char *list_args[] = { "certutil", "-L", "-d", sql, NULL };
	size_t n;
	enum cc_err err = CC_SUCCESS;

	listing = certutil(list_args, why, sizeof(why));
	if (!listing) {
		err = cc_fail(ctx, CC_EINPUT,
			      "'%s': not an NSS database certutil can read "
			      "(%s)",
			      db, why);
		free(sql);
		return err;
	}
	n = nicknames(listing, &nick);
	free(listing);
	for (size_t i = 0; i < n && !err; i++) {
		char *args[] = { "certutil", "-L",    "-d", sql,
				 "-n",	     nick[i], "-a", NULL };
		char *pem = certutil(args, why, sizeof(why)),
		     *name = file_name(nick[i]);
		BIO *b = pem ? BIO_new_mem_buf(pem, -1) : NULL;
		X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

		ERR_clear_error();
		if (!x || !put_file(tmpdir, "certs", name, pem)) {
			err = cc_fail(ctx, CC_EINPUT,
				      "'%s': certificate '%s' not exported "
				      "(%s)",
				      db, nick[i], pem ? "unreadable" : why);
		} else if (X509_check_ca(x)) {
			/* a root is a trust anchor (root_certs.c:97); NSS
			 * builds paths through the other CAs */
			bool root = X509_check_issued(x, x) == X509_V_OK;
			char *path =
				cc_xasprintf("%s/%s/%s", tmpdir,
					     root ? "cacerts" : "certs", name);

			if (root && !put_file(tmpdir, "cacerts", name, pem))
				err = cc_fail(ctx, CC_EINPUT,
					      "'%s': cannot write", path);
			if (!root)
				swc_add(&imp->untrusted, &imp->nuntrusted,
					path);
			swc_add_printf(&imp->inputs, &imp->ninputs,
				       "'%s' of the NSS database %s: %s",
				       nick[i], db,
				       root ? "a root CA, trusted (pluto "
					      "trusts every root of it)"
					    : "an intermediate CA");
			free(path);
		}
		X509_free(x);
		BIO_free(b);
		free(name);
		free(pem);
	}
	for (size_t i = 0; i < n; i++)
		free(nick[i]);
	free(nick);
	free(sql);
	return err;
}

/* See ipsecconf.h */
char *lsw_nss_path(const char *tmpdir, const char *nick)
{
	char *name = file_name(nick);
	char *path = cc_xasprintf("%s/certs/%s", tmpdir, name);
	struct stat st;

	free(name);
	if (stat(path, &st) == 0)
		return path;
	free(path);
	return NULL;
}

/* See swanctl.h */
char *swc_tmpdir(struct cc_ctx *ctx)
{
	const char *base = getenv("TMPDIR");
	char *dir = cc_xasprintf("%s/certcheck-nss-XXXXXX",
				 base && *base ? base : "/tmp");
	static const char *const subs[] = { "certs", "cacerts", "crls" };

	if (!mkdtemp(dir)) {
		cc_fail(ctx, CC_EINTERNAL, "'%s': cannot make: %s", dir,
			strerror(errno));
		free(dir);
		return NULL;
	}
	for (size_t i = 0; i < countof(subs); i++) {
		char *sub = cc_xasprintf("%s/%s", dir, subs[i]);

		if (mkdir(sub, 0700))
			cc_fail(ctx, CC_EINTERNAL, "'%s': cannot make: %s", sub,
				strerror(errno));
		free(sub);
	}
	return dir;
}

/* See swanctl.h */
void swc_remove_tree(const char *dir)
{
	static const char *const subs[] = { "certs", "cacerts", "crls" };

	for (size_t i = 0; i < countof(subs); i++) {
		char *sub = cc_xasprintf("%s/%s", dir, subs[i]);
		DIR *d = opendir(sub);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char *f;

			if (e->d_name[0] == '.')
				continue;
			f = cc_xasprintf("%s/%s", sub, e->d_name);
			unlink(f);
			free(f);
		}
		if (d)
			closedir(d);
		rmdir(sub);
		free(sub);
	}
	rmdir(dir);
}
