/* SPDX-License-Identifier: MIT */
/*
 * ipsecconf.h - an ipsec.conf as starter reads it (ipsecread.c), for its
 * translation into the importer's terms (ipsecconf.c).  Private to
 * certcheck/config/.
 */
#ifndef CC_IPSECCONF_H
#define CC_IPSECCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_config.h"
#include "cc_ctx.h"
#include "cc_settings.h"

enum ipc_kind { IPC_SETUP, IPC_CONN, IPC_CA };

struct ipc_setting {
	char *key, *value; /* value NULL: "key =", unset */
	const char *file;
	int line;
};

struct ipc_section {
	enum ipc_kind kind;
	char *name;
	struct ipc_setting *set;
	size_t nset;
	char **also; /* as written */
	size_t nalso;
	struct ipc_section *
		*parents; /* resolved: the order values are sought */
	size_t nparents;
	bool resolved;
	char *broken; /* libreswan: why its conn is not loaded (a key
			 given twice with two values, an also= of no
			 conn), or NULL */
	const char *file;
	int line;
};

struct ipc_conf {
	struct ipc_section **sec; /* in order of first opening */
	size_t nsec;
	bool libreswan;		  /* read as libreswan reads it (ipsecread.c) */
	struct cc_settings *tree; /* keeps the files' names */
};

/* Reads path and its includes into c (zeroed but for c->tree, which
 * keeps the files' names), every setting kept; a syntax error is
 * CC_EINPUT, "FILE:LINE: why". */
enum cc_err ipc_read(struct cc_ctx *ctx, struct ipc_conf *c, const char *path);
/* Resolves also= and %default as c->libreswan says (ipsecread.c); a loop
 * or a missing section is CC_EINPUT for strongSwan, a conn that is not
 * loaded (its broken) for libreswan. */
enum cc_err ipc_resolve(struct cc_ctx *ctx, struct ipc_conf *c);
void ipc_release(struct ipc_conf *c);

/* The section of kind k called name, or NULL. */
struct ipc_section *ipc_find(const struct ipc_conf *c, enum ipc_kind k,
			     const char *name);
/* The value of key for s: its own, else its parents' in order; NULL when
 * unset (a "key =" on the way unsets it). */
const struct ipc_setting *ipc_get(const struct ipc_section *s, const char *key);
/* The next word of *p (a run of characters other than space, tab, '#',
 * '=' and '"', or a "quoted" string), owned; NULL at the end of the line,
 * or with *unterminated set. */
char *ipc_word(const char **p, bool *unterminated);

struct cc_import;
struct swc_layout;

/* ipsecconf.c: key = the setting's value (value NULL) or value, where
 * the setting is written, into sec. */
void ipc_put(struct cc_section *sec, const char *key,
	     const struct ipc_setting *from, const char *value);
/* Every key of conn c (its own, its also= and %default: the value in
 * force) that is not one of read, into out, for config.unknown-keys. */
void ipc_put_unread(const struct ipc_section *c, struct cc_section *out,
		    const char *const *read, size_t nread);

/* ipsecconf.c: strongSwan's translation, into the importer's terms. */
enum cc_err ipc_import_strongswan(struct cc_ctx *ctx, struct ipc_conf *c,
				  const char *path, const char *conn,
				  const struct cc_peer_hint *hint,
				  struct cc_import *out);

/* lswconf.c: libreswan's (nss_db: its NSS database, or NULL). */
enum cc_err ipc_import_libreswan(struct cc_ctx *ctx, struct ipc_conf *c,
				 const char *path, const char *nss_db,
				 const char *conn,
				 const struct cc_peer_hint *hint,
				 struct cc_import *out);

/* Every certificate of the NSS database db, into tmpdir/certs/ by its
 * nickname, its roots into tmpdir/cacerts/ too, its other CAs listed in
 * imp->untrusted. */
enum cc_err lsw_nss_export(struct cc_ctx *ctx, const char *db,
			   const char *tmpdir, struct cc_import *imp);
/* The exported file of nickname nick (owned), or NULL: none has it. */
char *lsw_nss_path(const char *tmpdir, const char *nick);

#endif /* CC_IPSECCONF_H */
