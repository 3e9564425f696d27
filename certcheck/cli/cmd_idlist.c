/* SPDX-License-Identifier: MIT */
/*
 * cmd_idlist.c - `certcheck idlist`: which tunnel and ID-list entry each
 * user certificate lands on.  Directories are read recursively; a file in
 * one that is no certificate is reported and passed over.
 */
#define _GNU_SOURCE /* scandir(), alphasort(), DT_*; tdestroy() */
#include <dirent.h>
#include <errno.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cc_config.h"
#include "cc_idlist.h"
#include "cmds.h"

#define MAX_DEPTH 32

/* What a stream of certificates feeds. */
struct feed {
	struct cc_idcheck *check;
	const struct cc_idresults *res;
	size_t users, landed;
	/* progress on a terminal: a line on stderr, redrawn four times a
	 * second, cleared at the end */
	bool progress;
	struct timespec start, shown;
	/* what a walk has read, by device and inode (a tsearch() tree: a
	 * directory of 100,000 files is no quadratic walk): a directory
	 * reached again (a link loop) is skipped, a file reached again
	 * through another link (/etc/ssl/certs' hash links) is read once */
	void *seen;
	size_t again;
};

struct seen {
	dev_t dev;
	ino_t ino;
};

static int seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* Whether st was seen; records it when not. */
static bool seen_before(struct feed *fd, const struct stat *st)
{
	struct seen key = { st->st_dev, st->st_ino }, *n;

	if (tfind(&key, &fd->seen, seen_cmp))
		return true;
	n = cc_xmalloc(sizeof(*n));
	*n = key;
	if (!tsearch(n, &fd->seen, seen_cmp))
		free(n); /* out of memory: at worst a file is read twice */
	return false;
}

/* A file or directory under a directory that is not read: a finding and
 * a stderr line, the rest still read. */
static void skipped(struct cc_report *r, const char *path, const char *why)
{
	struct cc_finding *f =
		cc_report_add(r, CC_CHECK_IDLIST_UNREADABLE, CC_STATUS_SKIP, -1,
			      "'%s': %s", path, why);

	cc_finding_str(f, "file", "%s", path);
	fprintf(stderr, "certcheck idlist: '%s': %s\n", path, why);
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "12,288 certificates read, 41,000/s, 1,204 landing" on stderr, at most
 * four times a second; done: the line cleared. */
static void progress(struct feed *fd, bool done)
{
	struct timespec now;
	double up;

	if (done) {
		if (fd->shown.tv_sec)
			fputs("\r\033[K", stderr);
		fd->shown.tv_sec = 0;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (fd->shown.tv_sec && since(&fd->shown, &now) < 0.25)
		return;
	up = since(&fd->start, &now);
	if (up < 0.5)
		return; /* a short run shows nothing */
	fd->shown = now;
	fprintf(stderr, "\r\033[K%zu certificates read, %.0f/s, %zu landing",
		fd->users, fd->users / up, fd->landed);
}

/* Each certificate read: its identities, matched at once. */
static void on_cert(void *arg, const struct cc_certset *set, int idx,
		    struct cc_cert_parts *parts)
{
	struct feed *fd = arg;
	struct cc_idset ids;

	cc_idset_from_parts(parts, set->cert[idx]->subject, &ids);
	cc_idcheck_cert(fd->check, set, idx, &ids);
	cc_idset_release(&ids);
	fd->users++;
	fd->landed += fd->res->match[fd->res->nmatch - 1].tunnel >= 0;
	if (fd->progress && fd->users % 256 == 0)
		progress(fd, false);
}

/* Loads every file under dir (sorted, depth-first); a bad one is a skip
 * finding and a stderr line, not an error. */
static void load_dir(struct cc_ctx *ctx, struct cc_certset *set,
		     struct cc_report *r, const char *dir,
		     const struct cc_secret *pw, struct feed *fd, int depth)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0) {
		skipped(r, dir, "cannot read the directory");
		return;
	}
	for (int i = 0; i < n; i++) {
		char *path;
		struct stat st;

		if (names[i]->d_name[0] == '.') {
			free(names[i]);
			continue; /* ., .., hidden files */
		}
		path = cc_xasprintf("%s/%s", dir, names[i]->d_name);
		free(names[i]);
		/* links are followed, as /etc/ssl/certs is made of them */
		if (stat(path, &st) != 0) {
			skipped(r, path,
				errno == ELOOP ? "a symbolic link loop"
					       : "a link to nothing (or "
						 "unreadable)");
		} else if (S_ISDIR(st.st_mode)) {
			if (seen_before(fd, &st))
				skipped(r, path,
					"a directory already read "
					"(a link back up the tree)");
			else if (depth < MAX_DEPTH)
				load_dir(ctx, set, r, path, pw, fd, depth + 1);
			else
				skipped(r, path,
					"more than 32 directories "
					"deep");
		} else if (S_ISREG(st.st_mode) && seen_before(fd, &st)) {
			fd->again++;
		} else if (S_ISREG(st.st_mode)) {
			struct cc_ctx one = *ctx;

			one.err = CC_SUCCESS;
			if (cc_certset_stream(&one, set, path, CC_ROLE_USER, pw,
					      on_cert, fd)) {
				struct cc_finding *f = cc_report_add(
					r, CC_CHECK_IDLIST_UNREADABLE,
					CC_STATUS_SKIP, -1, "%s", one.errmsg);

				cc_finding_str(f, "file", "%s", path);
				fprintf(stderr, "certcheck idlist: %s\n",
					one.errmsg);
			}
		}
		free(path);
	}
	free(names);
}

/* See cmds.h */
int cmd_idlist(struct cc_ctx *ctx, const struct cc_args *args)
{
	static const enum cc_cause unchecked[] = {
		CC_CAUSE_CA_MISMATCH,	  CC_CAUSE_VALIDITY,
		CC_CAUSE_CRL_UNREACHABLE, CC_CAUSE_WRONG_CERTIFICATE,
		CC_CAUSE_REVOKED,	  CC_CAUSE_KEY,
	};
	struct cc_idconf conf;
	struct cc_idresults res = { 0 };
	struct cc_certset set;
	struct cc_secret pw = { 0 };
	struct cc_report r;
	struct cc_iprange from;
	struct cc_id peer = { 0 };
	struct feed fd = { 0 };
	struct cc_import imp = { 0 };
	int rc = 2;

	memset(&conf, 0, sizeof(conf));
	cc_certset_init(&set);
	cc_report_init(&r, "idlist", &set);
	r.clockless = true;
	if (!args->swanctl && !args->ipsec_conf &&
	    cc_cli_require(ctx, args, CC_OPT_IDLIST))
		goto out;
	if (!args->positional.n) {
		ctx->err_hint = true;
		cc_fail(ctx, CC_EUSAGE, "give certificates or directories");
		goto out;
	}
	if (cc_cmd_id_options(ctx, args, &from, &peer))
		goto out;
	/* the lists: --idlist, else every connection of --swanctl as a
	 * tunnel (its remote.id its one entry) */
	if (args->idlist ? cc_idconf_load(ctx, &conf, args->idlist)
			 : cc_cmd_import(ctx, args, &imp) ||
				   cc_idconf_parse(ctx, &conf, imp.file,
						   imp.tunnels))
		goto out;
	/* the inputs common to all commands: listed, not matched */
	if (cc_secret_load(ctx, &pw, args->password_file) ||
	    cc_cmd_load_all(ctx, &set, &args->ca, CC_ROLE_CA, &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->peer_ca, CC_ROLE_PEER_CA, &pw) ||
	    cc_cmd_load_all(ctx, &set, &args->untrusted, CC_ROLE_UNTRUSTED,
			    &pw))
		goto out;
	for (size_t i = 0; i < countof(unchecked); i++)
		r.not_checked_why[unchecked[i]] =
			"not checked by 'idlist' (see 'certcheck diagnose')";
	r.not_checked_why[CC_CAUSE_IDENTITY] = "no --peer-id given";
	/* each certificate is matched as it is read: a directory of ten
	 * thousand is never held decoded at once */
	fd.check =
		cc_idcheck_new(&conf, args->from ? &from : NULL,
			       args->peer_id ? &peer : NULL, false, &r, &res);
	fd.res = &res;
	fd.progress = isatty(STDERR_FILENO) && !args->quiet;
	clock_gettime(CLOCK_MONOTONIC, &fd.start);
	for (size_t i = 0; i < args->positional.n; i++) {
		struct stat st;
		const char *p = args->positional.item[i];

		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!seen_before(&fd, &st))
				load_dir(ctx, &set, &r, p, &pw, &fd, 0);
		} else if (cc_certset_stream(ctx, &set, p, CC_ROLE_USER, &pw,
					     on_cert, &fd)) {
			goto out;
		}
	}
	if (fd.again) {
		struct cc_finding *f = cc_report_add(
			&r, CC_CHECK_IDLIST_READ_ONCE, CC_STATUS_INFO, -1,
			"%zu file%s reached again through another link %s read "
			"once",
			fd.again, fd.again == 1 ? "" : "s",
			fd.again == 1 ? "was" : "were");
		cc_finding_int(f, "files", (long long)fd.again);
	}
	cc_secret_release(&pw);
	if (!fd.users) {
		cc_fail(ctx, CC_EINPUT, "no certificate could be read from %s",
			args->positional.item[0]);
		goto out;
	}
	if (fd.progress)
		progress(&fd, true);
	cc_idcheck_finish(fd.check);
	fd.check = NULL;
	cc_report_add_part(&r, cc_idresults_part(&res));
	rc = cc_cmd_render(ctx, args, &r);
out:
	if (fd.progress)
		progress(&fd, true);
	if (fd.check)
		cc_idcheck_finish(fd.check);
	cc_secret_release(&pw);
	cc_idresults_release(&res);
	cc_report_release(&r);
	cc_id_release(&peer);
	cc_idconf_release(&conf);
	cc_import_release(&imp);
	cc_certset_release(&set);
	tdestroy(fd.seen, free);
	return ctx->err ? 2 : rc;
}
