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
	const char *file;
	int line;
};

struct ipc_conf {
	struct ipc_section **sec; /* in order of first opening */
	size_t nsec;
	struct cc_settings *tree; /* keeps the files' names */
};

/* Reads path and its includes into c (zeroed; c->tree keeps the files'
 * names), also= resolved; a syntax error is CC_EINPUT, "FILE:LINE: why". */
enum cc_err ipc_read(struct cc_ctx *ctx, struct ipc_conf *c, const char *path);
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

#endif /* CC_IPSECCONF_H */
