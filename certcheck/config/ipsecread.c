/* SPDX-License-Identifier: MIT */
/*
 * ipsecread.c - strongSwan's ipsec.conf read as its starter 5.9.8 reads it
 * (the code is certcheck's own):
 *
 * - syntax (src/starter/parser/lexer.l, parser.y): "config setup", "conn
 *   NAME" and "ca NAME" open sections at column 0; indented lines are
 *   "key = value" (several words are joined by one space; "quoted" values
 *   take \n \t \r escapes); '#' starts a comment; "include PATTERN" reads
 *   the files of a glob, relative to the including file; "version" lines
 *   are skipped;
 * - a section opened again goes on (conf_parser.c:389); a key given again
 *   replaces its value (:460); "key =" unsets it, inherited values too
 *   (:176);
 * - also= and %default (conf_parser.c:530, resolve_also_single()): the
 *   sections a section names with also=, the last named first, each
 *   followed by its own, every section kept at its last place, and
 *   %default after all; a value is the section's own, else the first of
 *   those that has it.
 *
 * libreswan 4.10 writes the same syntax (lib/libipsecconf/parser.y) and
 * reads it otherwise: a key given twice keeps its first value, and two
 * values keep the conn from loading; also= goes breadth first
 * (collapse() and resolve_libreswan() below).
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), glob() */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ipsecconf.h"

#define MAX_FILE (4L << 20)

struct ipc_reader {
	struct cc_ctx *ctx;
	struct ipc_conf *c;
	struct ipc_section *cur;
	const char *file;
	int line, depth;
};

static enum cc_err bad(struct ipc_reader *x, const char *fmt, ...)
	CC_PRINTF(2, 3);
static enum cc_err bad(struct ipc_reader *x, const char *fmt, ...)
{
	enum cc_err err;
	va_list ap;

	va_start(ap, fmt);
	err = cc_vfail_at(x->ctx, x->file, x->line, fmt, ap);
	va_end(ap);
	return err;
}

/* See ipsecconf.h */
struct ipc_section *ipc_find(const struct ipc_conf *c, enum ipc_kind k,
			     const char *name)
{
	for (size_t i = 0; i < c->nsec; i++)
		if (c->sec[i]->kind == k && !strcmp(c->sec[i]->name, name))
			return c->sec[i];
	return NULL;
}

static void open_section(struct ipc_reader *x, enum ipc_kind k,
			 const char *name)
{
	struct ipc_section *s = ipc_find(x->c, k, name);

	if (!s) {
		s = cc_xcalloc(1, sizeof(*s));
		s->kind = k;
		s->name = cc_xstrdup(name);
		s->file = x->file;
		s->line = x->line;
		x->c->sec = cc_xrealloc(x->c->sec,
					(x->c->nsec + 1) * sizeof(*x->c->sec));
		x->c->sec[x->c->nsec++] = s;
	}
	x->cur = s;
}

static void set(struct ipc_reader *x, const char *key, char *value)
{
	struct ipc_section *s = x->cur;
	struct ipc_setting *t = NULL;

	if (!strcmp(key, "also")) {
		if (value && *value && strcmp(value, "%default")) {
			s->also = cc_xrealloc(
				s->also, (s->nalso + 1) * sizeof(*s->also));
			s->also[s->nalso++] = value;
		} else {
			free(value);
		}
		return;
	}
	/* every setting kept: which of a key's values counts is the
	 * dialect's (collapse()) */
	s->set = cc_xrealloc(s->set, (s->nset + 1) * sizeof(*s->set));
	t = &s->set[s->nset++];
	t->key = cc_xstrdup(key);
	t->value = value;
	t->file = x->file;
	t->line = x->line;
}

/* See ipsecconf.h */
char *ipc_word(const char **p, bool *unterminated)
{
	const char *s = *p;
	char *out, *o;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#' || *s == '=') {
		*p = s;
		return NULL;
	}
	out = o = cc_xmalloc(strlen(s) + 1);
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1]) {
				s++;
				*o++ = *s == 'n'   ? '\n'
				       : *s == 't' ? '\t'
				       : *s == 'r' ? '\r'
						   : *s;
				continue;
			}
			*o++ = *s;
		}
		if (*s != '"') {
			free(out);
			*unterminated = true;
			return NULL;
		}
		s++;
	} else {
		while (*s && !strchr(" \t#=\"", *s))
			*o++ = *s++;
	}
	*o = '\0';
	*p = s;
	return out;
}

/* ipc_word() in a file being read: an unterminated string is FILE:LINE. */
static char *word(struct ipc_reader *x, const char **p, enum cc_err *err)
{
	bool open = false;
	char *w = ipc_word(p, &open);

	if (open)
		*err = bad(x, "unterminated string");
	return w;
}

static enum cc_err read_file(struct ipc_reader *x, const char *path);

/* "include PATTERN": the glob's files, relative to this file, sorted. */
static enum cc_err include(struct ipc_reader *x, const char *pat)
{
	const char *slash = strrchr(x->file, '/');
	char *full = pat[0] == '/' || !slash
			     ? cc_xstrdup(pat)
			     : cc_xasprintf("%.*s/%s", (int)(slash - x->file),
					    x->file, pat);
	enum cc_err err = CC_SUCCESS;
	glob_t g;

	if (x->depth >= CC_SETTINGS_MAX_DEPTH)
		err = bad(x, "more than %d levels of include (a loop?)",
			  CC_SETTINGS_MAX_DEPTH);
	else if (glob(full, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && !err; i++) {
			struct ipc_reader in = *x;

			in.depth++;
			err = read_file(&in, g.gl_pathv[i]);
			x->cur = in.cur; /* a section goes on into the next */
		}
		globfree(&g);
	}
	free(full);
	return err;
}

static enum cc_err read_line(struct ipc_reader *x, const char *p)
{
	enum cc_err err = CC_SUCCESS;
	char *key, *value = NULL, *w;

	if (*p != ' ' && *p != '\t') {
		const char *q = p;
		char *kw = word(x, &q, &err), *name;
		enum ipc_kind k;

		if (!kw)
			return err; /* blank, or a comment */
		if (!strcmp(kw, "version") || !strcmp(kw, "include")) {
			bool inc = kw[0] == 'i';

			free(kw);
			while (*q == ' ' || *q == '\t')
				q++;
			if (!inc)
				return CC_SUCCESS;
			name = word(x, &q, &err);
			if (!name)
				return err ? err
					   : bad(x, "include needs a file");
			err = include(x, name);
			free(name);
			return err;
		}
		k = !strcmp(kw, "conn") ? IPC_CONN
		    : !strcmp(kw, "ca") ? IPC_CA
					: IPC_SETUP;
		if (k == IPC_SETUP && strcmp(kw, "config")) {
			err = bad(x,
				  "'%s' at the start of a line: sections are "
				  "'config setup', 'conn NAME' and 'ca NAME', "
				  "settings are indented",
				  kw);
			free(kw);
			return err;
		}
		free(kw);
		name = word(x, &q, &err);
		if (!err &&
		    (!name || (k == IPC_SETUP && strcmp(name, "setup"))))
			err = bad(x, k == IPC_SETUP
					     ? "'config' is 'config setup'"
					     : "section name missing");
		if (!err)
			open_section(x, k, name);
		free(name);
		return err;
	}
	key = word(x, &p, &err);
	if (!key)
		return err; /* blank, or a comment */
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=') {
		err = bad(x, "missing value for setting '%s'", key);
		free(key);
		return err;
	}
	p++;
	/* words joined by one space (parser.y, value) */
	while (!err && (w = word(x, &p, &err))) {
		char *v = value ? cc_xasprintf("%s %s", value, w) : w;

		if (value) {
			free(value);
			free(w);
		}
		value = v;
	}
	if (!err && *p == '=')
		err = bad(x, "a second '=' in setting '%s'", key);
	if (!err && x->cur)
		set(x, key, value); /* before any section: starter drops it */
	else
		free(value);
	free(key);
	return err;
}

static enum cc_err read_file(struct ipc_reader *x, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *text, *line, *next;
	size_t n;
	enum cc_err err = CC_SUCCESS;

	if (!f)
		return x->file ? bad(x, "cannot read '%s'", path)
			       : cc_fail(x->ctx, CC_EINPUT,
					 "'%s': cannot open: %s", path,
					 strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_FILE) {
		fclose(f);
		return cc_fail(x->ctx, CC_EINPUT,
			       "'%s': not an ipsec.conf (not a file, or over "
			       "%ld bytes)",
			       path, MAX_FILE);
	}
	text = cc_xmalloc((size_t)st.st_size + 1);
	n = fread(text, 1, (size_t)st.st_size, f);
	text[n] = '\0';
	fclose(f);
	if (memchr(text, '\0', n)) {
		free(text);
		return cc_fail(x->ctx, CC_EINPUT,
			       "'%s': not an ipsec.conf (a NUL byte)", path);
	}
	x->file = cc_settings_keep_file(x->c->tree, path);
	x->line = 0;
	for (line = text; line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		x->line++;
		line[strcspn(line, "\r")] = '\0';
		err = read_line(x, line);
	}
	free(text);
	return err;
}

/* ---- also= ---- */

static bool listed(struct ipc_section *const *v, size_t n,
		   const struct ipc_section *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == s)
			return true;
	return false;
}

/* resolve_also_single() (conf_parser.c:530): the parents of s. */
static enum cc_err resolve(struct ipc_reader *x, struct ipc_section *s,
			   struct ipc_section *def, struct ipc_section **stack,
			   size_t depth)
{
	struct ipc_section **all = NULL;
	size_t n = 0;

	if (depth >= 32)
		return cc_fail(x->ctx, CC_EINPUT, "%s:%d: also= nests too deep",
			       s->file, s->line);
	stack[depth] = s;
	/* the last also= first */
	for (size_t a = s->nalso; a-- > 0;) {
		struct ipc_section *p = ipc_find(x->c, s->kind, s->also[a]);

		if (!p || listed(stack, depth + 1, p)) {
			free(all);
			return cc_fail(
				x->ctx, CC_EINPUT, "%s:%d: also=%s in '%s' %s",
				s->file, s->line, s->also[a], s->name,
				p ? "makes a loop" : "names no such section");
		}
		if (!p->resolved) {
			enum cc_err err = resolve(x, p, def, stack, depth + 1);

			if (err) {
				free(all);
				return err;
			}
		}
		all = cc_xrealloc(all, (n + p->nparents + 2) * sizeof(*all));
		all[n++] = p;
		for (size_t i = 0; i < p->nparents; i++)
			all[n++] = p->parents[i];
	}
	if (!n && def && s != def) {
		all = cc_xrealloc(all, sizeof(*all));
		all[n++] = def;
	}
	/* each at its last place */
	for (size_t i = 0; i < n; i++)
		if (!listed(all + i + 1, n - i - 1, all[i])) {
			s->parents = cc_xrealloc(s->parents,
						 (s->nparents + 1) *
							 sizeof(*s->parents));
			s->parents[s->nparents++] = all[i];
		}
	free(all);
	s->resolved = true;
	return CC_SUCCESS;
}

/* See ipsecconf.h */
const struct ipc_setting *ipc_get(const struct ipc_section *s, const char *key)
{
	for (size_t p = 0; p <= s->nparents; p++) {
		const struct ipc_section *x = p ? s->parents[p - 1] : s;

		for (size_t i = 0; i < x->nset; i++)
			if (!strcmp(x->set[i].key, key))
				return x->set[i].value ? &x->set[i] : NULL;
	}
	return NULL;
}

/* A key the section gives twice keeps one value: strongSwan's the last
 * (conf_parser.c:460); libreswan's the first, and two different values
 * keep the conn from loading (confread.c:815, translate_field(): "duplicate
 * key"; auto may repeat, keywords.c:459). */
static void collapse(struct ipc_section *s, bool libreswan)
{
	size_t k = 0;

	for (size_t i = 0; i < s->nset; i++) {
		struct ipc_setting *t = &s->set[i], *was = NULL;

		for (size_t j = 0; j < k && !was; j++)
			if (!strcmp(s->set[j].key, t->key))
				was = &s->set[j];
		if (!was) {
			s->set[k++] = *t;
			continue;
		}
		if (libreswan && !s->broken && strcmp(t->key, "auto") &&
		    (!was->value != !t->value ||
		     (was->value && strcmp(was->value, t->value))))
			s->broken = cc_xasprintf(
				"duplicate key '%s' in conn %s (%s:%d and "
				"%s:%d) with two values",
				t->key, s->name, was->file, was->line, t->file,
				t->line);
		if (!libreswan) {
			free(was->value);
			was->value = t->value;
			was->file = t->file;
			was->line = t->line;
		} else {
			free(t->value);
		}
		free(t->key);
	}
	s->nset = k;
}

/*
 * libreswan's also= (confread.c:1096, load_conn()): the conn's own
 * settings, then the conns its also= names in order, each one's own also=
 * appended to the end of the list, each conn once; a key one of them
 * gives with another value than the conn has keeps the conn from loading
 * (translate_field(), :815), as does an also= of no conn (:1136); conn
 * %default's settings only fill what none gave (k_default, :1060).
 */
static void resolve_libreswan(struct ipc_conf *c, struct ipc_section *s,
			      struct ipc_section *def)
{
	struct ipc_section **order = cc_xcalloc(c->nsec + 1, sizeof(*order));
	size_t n = 0;

	order[n++] = s;
	for (size_t at = 0; at < n; at++)
		for (size_t a = 0; a < order[at]->nalso; a++) {
			struct ipc_section *p =
				ipc_find(c, IPC_CONN, order[at]->also[a]);

			if (!p) {
				if (!s->broken)
					s->broken = cc_xasprintf(
						"cannot find conn '%s' needed "
						"by conn '%s'",
						order[at]->also[a], s->name);
				continue;
			}
			if (!listed(order, n, p))
				order[n++] = p;
		}
	for (size_t i = 1; i < n; i++) {
		for (size_t k = 0; k < order[i]->nset && !s->broken; k++) {
			const struct ipc_setting *t = &order[i]->set[k];
			const struct ipc_setting *was = NULL;

			for (size_t j = 0; j < i && !was; j++)
				for (size_t m = 0; m < order[j]->nset; m++)
					if (!strcmp(order[j]->set[m].key,
						    t->key)) {
						was = &order[j]->set[m];
						break;
					}
			if (was && strcmp(t->key, "auto") &&
			    (!was->value != !t->value ||
			     (was->value && strcmp(was->value, t->value))))
				s->broken = cc_xasprintf(
					"duplicate key '%s' in conn %s while "
					"processing def %s (%s:%d and %s:%d)",
					t->key, s->name, order[i]->name,
					was->file, was->line, t->file, t->line);
		}
		s->parents = cc_xrealloc(
			s->parents, (s->nparents + 1) * sizeof(*s->parents));
		s->parents[s->nparents++] = order[i];
	}
	if (def && s != def) {
		s->parents = cc_xrealloc(
			s->parents, (s->nparents + 1) * sizeof(*s->parents));
		s->parents[s->nparents++] = def;
	}
	s->resolved = true;
	free(order);
}

/* See ipsecconf.h */
enum cc_err ipc_read(struct cc_ctx *ctx, struct ipc_conf *c, const char *path)
{
	struct ipc_reader x = { .ctx = ctx, .c = c };

	return read_file(&x, path);
}

/* See ipsecconf.h */
enum cc_err ipc_resolve(struct cc_ctx *ctx, struct ipc_conf *c)
{
	struct ipc_reader x = { .ctx = ctx, .c = c };
	struct ipc_section *def = ipc_find(c, IPC_CONN, "%default");
	enum cc_err err = CC_SUCCESS;

	for (size_t i = 0; i < c->nsec; i++)
		collapse(c->sec[i], c->libreswan);
	for (size_t i = 0; !err && i < c->nsec; i++) {
		struct ipc_section *stack[33];

		if (c->sec[i]->resolved || c->sec[i]->kind == IPC_SETUP)
			continue;
		if (c->libreswan && c->sec[i]->kind == IPC_CONN)
			resolve_libreswan(c, c->sec[i], def);
		else
			err = resolve(&x, c->sec[i],
				      c->sec[i]->kind == IPC_CONN
					      ? def
					      : ipc_find(c, IPC_CA, "%default"),
				      stack, 0);
	}
	return err;
}

/* See ipsecconf.h */
void ipc_release(struct ipc_conf *c)
{
	for (size_t i = 0; i < c->nsec; i++) {
		struct ipc_section *s = c->sec[i];

		for (size_t k = 0; k < s->nset; k++) {
			free(s->set[k].key);
			free(s->set[k].value);
		}
		for (size_t k = 0; k < s->nalso; k++)
			free(s->also[k]);
		free(s->set);
		free(s->also);
		free(s->parents);
		free(s->broken);
		free(s->name);
		free(s);
	}
	free(c->sec);
	memset(c, 0, sizeof(*c));
}
