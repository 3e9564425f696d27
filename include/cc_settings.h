/* SPDX-License-Identifier: MIT */
/*
 * cc_settings.h - strongSwan's settings syntax (swanctl.conf,
 * strongswan.conf), read as charon reads it: sections `name { }`, section
 * references `name : a.b, c { }`, `key = value` (unquoted parts joined by
 * one space, or "quoted" with \n \t \r and line-joining escapes), `#`
 * comments, `include PATTERN` (a glob, relative to the including file),
 * later definitions extending earlier ones (a key given again replaces
 * its value where it stood); a dot in a key or section name is a syntax
 * error, as in strongSwan (settings_lexer.l, 5.9.8).  The grammar's rules
 * are strongSwan's; the code is certcheck's own.
 */
#ifndef CC_SETTINGS_H
#define CC_SETTINGS_H

#include <stddef.h>

#include "cc_ctx.h"

/* One `key = value`: value NULL for `key =`; where it was set last. */
struct cc_kv {
	char *key;	  /* owned */
	char *value;	  /* owned, or NULL */
	const char *file; /* borrowed from the tree's file list */
	int line;
};

struct cc_section {
	char *name;	  /* owned; "" for the root */
	struct cc_kv *kv; /* owned, in order of first definition */
	size_t nkv;
	struct cc_section **sub; /* owned, in order of first definition */
	size_t nsub;
	char **ref; /* owned: "connections.base", ... */
	size_t nref;
	const char *file; /* where the section was first opened */
	int line;
};

struct cc_settings {
	struct cc_section root;
	char **files; /* owned: every file read, in order */
	size_t nfiles;
};

/* The most include levels followed (a loop stops there, an error). */
#define CC_SETTINGS_MAX_DEPTH 10

/*
 * Reads the file at path and everything it includes.  A syntax error, or
 * a file that cannot be read, records CC_EINPUT with "FILE:LINE: what is
 * wrong" in ctx and returns it; an include pattern matching nothing is no
 * error (as in charon).
 */
enum cc_err cc_settings_load(struct cc_ctx *ctx, struct cc_settings *s,
			     const char *path);
/* The same from text in memory; name is its file name in messages, and
 * the folder of name is where relative includes are looked for. */
enum cc_err cc_settings_parse(struct cc_ctx *ctx, struct cc_settings *s,
			      const char *name, const char *text);
void cc_settings_release(struct cc_settings *s);

/* Building a tree by hand (another format's translation): the name of a
 * file kept for the tree's lifetime (for cc_kv.file), a child section
 * (the one of that name when there is one), a key set (value copied;
 * NULL for `key =`; a key set again is replaced where it stood). */
const char *cc_settings_keep_file(struct cc_settings *s, const char *name);
struct cc_section *cc_section_add(struct cc_section *sec, const char *name,
				  const char *file, int line);
void cc_section_set(struct cc_section *sec, const char *key, const char *value,
		    const char *file, int line);

/* The child section of sec called name, or NULL. */
const struct cc_section *cc_section_child(const struct cc_section *sec,
					  const char *name);
/* The section at the dotted path ("connections.rw") from the root. */
const struct cc_section *cc_settings_section(const struct cc_settings *s,
					     const char *path);
/* The setting key of sec, else of the sections it references (in order,
 * each with its own references, as charon looks them up), or NULL. */
const struct cc_kv *cc_settings_get(const struct cc_settings *s,
				    const struct cc_section *sec,
				    const char *key);

/* A list value split as swanctl splits it: at every comma (quoted or
 * not: an LDAP URL with commas becomes several), each part trimmed of
 * white space, empty parts dropped.  *items is owned (free each, then
 * it); returns the count. */
size_t cc_settings_list(const char *value, char ***items);

#endif /* CC_SETTINGS_H */
