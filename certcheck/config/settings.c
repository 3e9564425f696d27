/* SPDX-License-Identifier: MIT */
/*
 * settings.c - see cc_settings.h.  One pass over each file's text with
 * the states of strongSwan's lexer (settings_lexer.l): names, values,
 * quoted strings, include patterns; an include is read where it stands,
 * into the section open there.
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), strtok_r(), glob() */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cc_settings.h"

#define MAX_FILE (4L << 20) /* a swanctl.conf is kilobytes */
#define MAX_NESTING 64	    /* sections inside sections */

struct parser {
	struct cc_ctx *ctx;
	struct cc_settings *s;
	struct cc_section *stack[MAX_NESTING];
	int top;	  /* stack[top] is the open section */
	const char *file; /* the file being read (in s->files) */
	const char *p;	  /* where the scan is */
	int line;
	int depth; /* include levels */
};

/* A growing string. */
struct buf {
	char *s;
	size_t n, cap;
};

static void buf_add(struct buf *b, const char *p, size_t n)
{
	cc_grow(&b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : cc_xstrdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

static enum cc_err bad(struct parser *x, const char *fmt, ...) CC_PRINTF(2, 3);

static enum cc_err bad(struct parser *x, const char *fmt, ...)
{
	enum cc_err err;
	va_list ap;

	va_start(ap, fmt);
	err = cc_vfail_at(x->ctx, x->file, x->line, fmt, ap);
	va_end(ap);
	return err;
}

/* ---- the tree ---- */

/* See header */
const char *cc_settings_keep_file(struct cc_settings *s, const char *name)
{
	s->files = cc_xrealloc(s->files, (s->nfiles + 1) * sizeof(*s->files));
	return s->files[s->nfiles++] = cc_xstrdup(name);
}

/* See header */
struct cc_section *cc_section_add(struct cc_section *sec, const char *name,
				  const char *file, int line)
{
	struct cc_section *c;

	for (size_t i = 0; i < sec->nsub; i++)
		if (!strcmp(sec->sub[i]->name, name))
			return sec->sub[i];
	c = cc_xcalloc(1, sizeof(*c));
	c->name = cc_xstrdup(name);
	c->file = file;
	c->line = line;
	sec->sub = cc_xrealloc(sec->sub, (sec->nsub + 1) * sizeof(*sec->sub));
	sec->sub[sec->nsub++] = c;
	return c;
}

/* Sets key to value (taken over) where it stood, or at the end. */
static void set_owned(struct cc_section *sec, const char *key, char *value,
		      const char *file, int line)
{
	struct cc_kv *kv = NULL;

	for (size_t i = 0; i < sec->nkv && !kv; i++)
		if (!strcmp(sec->kv[i].key, key))
			kv = &sec->kv[i];
	if (!kv) {
		sec->kv =
			cc_xrealloc(sec->kv, (sec->nkv + 1) * sizeof(*sec->kv));
		kv = &sec->kv[sec->nkv++];
		kv->key = cc_xstrdup(key);
	} else {
		free(kv->value); /* a later definition replaces it, in place */
	}
	kv->value = value;
	kv->file = file;
	kv->line = line;
}

/* See header */
void cc_section_set(struct cc_section *sec, const char *key, const char *value,
		    const char *file, int line)
{
	set_owned(sec, key, value ? cc_xstrdup(value) : NULL, file, line);
}

static struct cc_section *child(struct parser *x, struct cc_section *sec,
				const char *name)
{
	return cc_section_add(sec, name, x->file, x->line);
}

static void set(struct parser *x, const char *key, char *value, int line)
{
	set_owned(x->stack[x->top], key, value, x->file, line);
}

/* ---- the scanner ---- */

static bool is_name(char c)
{
	return c && !strchr("#{}:.,=\"\r\n\t ", c);
}

/* Skips blanks, comments and newlines (counted). */
static void skip(struct parser *x)
{
	for (;;) {
		if (*x->p == ' ' || *x->p == '\t' || *x->p == '\r') {
			x->p++;
		} else if (*x->p == '\n') {
			x->line++;
			x->p++;
		} else if (*x->p == '#') {
			x->p += strcspn(x->p, "\n");
		} else {
			return;
		}
	}
}

static char *scan_name(struct parser *x, bool dotted)
{
	const char *b = x->p;

	while (is_name(*x->p) || (dotted && *x->p == '.' && is_name(x->p[1])))
		x->p++;
	return x->p > b ? cc_xasprintf("%.*s", (int)(x->p - b), b) : NULL;
}

/* A quoted string from after its '"'; false when unterminated. */
static bool scan_string(struct parser *x, struct buf *out)
{
	while (*x->p && *x->p != '"') {
		if (*x->p == '\\') {
			char e = x->p[1];

			if (e == 'n' || e == 'r' || e == 't') {
				buf_add(out,
					e == 'n'   ? "\n"
					: e == 'r' ? "\r"
						   : "\t",
					1);
				x->p += 2;
			} else if (e == '\n' ||
				   (e == '\r' && x->p[2] == '\n')) {
				/* an escaped line end joins the lines */
				x->p += e == '\n' ? 2 : 3;
				x->line++;
			} else if (e) {
				buf_add(out, &x->p[1], 1);
				x->p += 2;
			} else {
				return false;
			}
		} else if (*x->p == '\r') {
			x->p++;
		} else {
			if (*x->p == '\n')
				x->line++;
			buf_add(out, x->p, 1);
			x->p++;
		}
	}
	if (*x->p != '"')
		return false;
	x->p++;
	return true;
}

/* The value after '=': parts up to the line's end, '#' or '}', unquoted
 * ones joined by one space; NULL for none. */
static enum cc_err scan_value(struct parser *x, char **value)
{
	struct buf v = { 0 };
	bool any = false;

	for (;;) {
		while (*x->p == ' ' || *x->p == '\t' || *x->p == '\r')
			x->p++;
		if (!*x->p || strchr("#}\n", *x->p))
			break;
		if (any)
			buf_add(&v, " ", 1);
		any = true;
		if (*x->p == '"') {
			x->p++;
			if (!scan_string(x, &v)) {
				free(v.s);
				return bad(x, "unterminated string");
			}
		} else {
			size_t n = strcspn(x->p, "#}\"\r\n\t ");

			buf_add(&v, x->p, n);
			x->p += n;
		}
	}
	*value = any ? buf_take(&v) : NULL;
	return CC_SUCCESS;
}

static enum cc_err parse_text(struct parser *x, const char *text);

/* Reads one file where it is included (the open section receives it). */
static enum cc_err parse_file(struct parser *x, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *text;
	size_t n;
	enum cc_err err;

	if (!f)
		return bad(x, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		return bad(x, "'%s' is not a file", path);
	}
	if (st.st_size > MAX_FILE) {
		fclose(f);
		return bad(x,
			   "'%s' is not a configuration file (over %ld "
			   "bytes)",
			   path, MAX_FILE);
	}
	text = cc_xmalloc((size_t)st.st_size + 1);
	n = fread(text, 1, (size_t)st.st_size, f);
	text[n] = '\0';
	fclose(f);
	if (memchr(text, '\0', n)) {
		free(text);
		return bad(x,
			   "'%s' holds a NUL byte: not a configuration "
			   "file",
			   path);
	}
	err = parse_text(x, text);
	free(text);
	return err;
}

/* `include PATTERN`: every file the glob matches, relative to the file
 * that includes it, in sorted order; none is no error. */
static enum cc_err include(struct parser *x)
{
	struct buf pat = { 0 };
	char *full, *dir;
	glob_t g;
	enum cc_err err = CC_SUCCESS;
	int rc;

	while (*x->p == ' ' || *x->p == '\t')
		x->p++;
	if (*x->p == '"') {
		x->p++;
		if (!scan_string(x, &pat)) {
			free(pat.s);
			return bad(x, "unterminated string");
		}
	} else {
		while (*x->p && !strchr("#}\r\n\t ", *x->p)) {
			if (*x->p == '\\' && x->p[1] &&
			    strchr("\"#} ", x->p[1]))
				x->p++;
			buf_add(&pat, x->p, 1);
			x->p++;
		}
	}
	if (!pat.n) {
		free(pat.s);
		return bad(x, "include needs a file or a pattern");
	}
	if (pat.s[0] == '/') {
		full = buf_take(&pat);
	} else {
		const char *slash = strrchr(x->file, '/');

		dir = slash ? cc_xasprintf("%.*s", (int)(slash - x->file),
					   x->file)
			    : cc_xstrdup(".");
		full = cc_xasprintf("%s/%s", dir, pat.s);
		free(dir);
		free(pat.s);
	}
	if (x->depth >= CC_SETTINGS_MAX_DEPTH) {
		err = bad(x, "more than %d levels of include (a loop?) at '%s'",
			  CC_SETTINGS_MAX_DEPTH, full);
		free(full);
		return err;
	}
	rc = glob(full, 0, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		free(full);
		return CC_SUCCESS;
	}
	if (rc) {
		err = bad(x, "cannot read the files of '%s'", full);
		free(full);
		return err;
	}
	for (size_t i = 0; i < g.gl_pathc && !err; i++) {
		struct parser in = *x;
		struct stat st;

		/* what cannot be read is said at the include line */
		if (stat(g.gl_pathv[i], &st) || !S_ISREG(st.st_mode)) {
			err = bad(x, "include '%s': not a file", g.gl_pathv[i]);
			break;
		}
		in.file = cc_settings_keep_file(x->s, g.gl_pathv[i]);
		in.line = 1;
		in.depth = x->depth + 1;
		err = parse_file(&in, g.gl_pathv[i]);
		x->top = in.top; /* sections may open and close across files */
		memcpy(x->stack, in.stack, sizeof(x->stack));
	}
	globfree(&g);
	free(full);
	return err;
}

static enum cc_err statement(struct parser *x, char *name)
{
	char *value = NULL;
	enum cc_err err;
	int at = x->line; /* the name's line, for what follows it */

	skip(x);
	if (*x->p == '=') {
		x->p++;
		if ((err = scan_value(x, &value)))
			return err;
		set(x, name, value, at);
		return CC_SUCCESS;
	}
	if (*x->p == ':' || *x->p == '{') {
		struct cc_section *sec;

		if (x->top + 1 >= MAX_NESTING)
			return bad(x, "sections nested more than %d deep",
				   MAX_NESTING);
		sec = child(x, x->stack[x->top], name);
		if (*x->p == ':') {
			x->p++;
			for (;;) {
				char *ref;

				skip(x);
				if (!(ref = scan_name(x, true)))
					return bad(x,
						   "a section reference needs "
						   "a section's name");
				sec->ref = cc_xrealloc(
					sec->ref,
					(sec->nref + 1) * sizeof(*sec->ref));
				sec->ref[sec->nref++] = ref;
				skip(x);
				if (*x->p != ',')
					break;
				x->p++;
			}
			if (*x->p != '{')
				return bad(x,
					   "'{' expected after the references "
					   "of section '%s'",
					   name);
		}
		x->p++;
		x->stack[++x->top] = sec;
		return CC_SUCCESS;
	}
	x->line = at;
	if (*x->p == '.')
		return bad(x,
			   "'%s.': a dot in a name is not allowed here "
			   "(write sections: %s { ... })",
			   name, name);
	if (*x->p == '"')
		return bad(x, "unexpected string after '%s'", name);
	return bad(x, "'%s' must be followed by '=', '{' or ':'", name);
}

static enum cc_err parse_text(struct parser *x, const char *text)
{
	enum cc_err err = CC_SUCCESS;

	x->p = text;
	while (!err) {
		char *name;

		skip(x);
		if (!*x->p)
			break;
		if (*x->p == '}') {
			if (x->top == 0)
				return bad(x, "'}' without a section to close");
			x->top--;
			x->p++;
			continue;
		}
		if (!strncmp(x->p, "include", 7) &&
		    (x->p[7] == ' ' || x->p[7] == '\t') &&
		    x->p[7 + strspn(x->p + 7, " \t")] != '=') {
			x->p += 7;
			err = include(x);
			continue;
		}
		if (!(name = scan_name(x, false)))
			return bad(x, "unexpected '%c'", *x->p);
		err = statement(x, name);
		free(name);
	}
	return err;
}

static enum cc_err finish(struct parser *x, enum cc_err err)
{
	if (!err && x->top > 0)
		err = bad(x, "section '%s' (line %d) is never closed",
			  x->stack[x->top]->name, x->stack[x->top]->line);
	return err;
}

/* See cc_settings.h */
enum cc_err cc_settings_parse(struct cc_ctx *ctx, struct cc_settings *s,
			      const char *name, const char *text)
{
	struct parser x = { .ctx = ctx, .s = s, .line = 1 };

	memset(s, 0, sizeof(*s));
	s->root.name = cc_xstrdup("");
	x.stack[0] = &s->root;
	x.file = cc_settings_keep_file(s, name);
	return finish(&x, parse_text(&x, text));
}

/* See cc_settings.h */
enum cc_err cc_settings_load(struct cc_ctx *ctx, struct cc_settings *s,
			     const char *path)
{
	struct parser x = { .ctx = ctx, .s = s, .line = 1 };
	struct stat st;

	memset(s, 0, sizeof(*s));
	s->root.name = cc_xstrdup("");
	x.stack[0] = &s->root;
	x.file = cc_settings_keep_file(s, path);
	if (stat(path, &st))
		return cc_fail(ctx, CC_EINPUT, "'%s': %s", path,
			       strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cc_fail(ctx, CC_EINPUT, "'%s': not a file", path);
	return finish(&x, parse_file(&x, path));
}

static void section_release(struct cc_section *sec)
{
	for (size_t i = 0; i < sec->nkv; i++) {
		free(sec->kv[i].key);
		free(sec->kv[i].value);
	}
	free(sec->kv);
	for (size_t i = 0; i < sec->nsub; i++) {
		section_release(sec->sub[i]);
		free(sec->sub[i]);
	}
	free(sec->sub);
	for (size_t i = 0; i < sec->nref; i++)
		free(sec->ref[i]);
	free(sec->ref);
	free(sec->name);
}

/* See cc_settings.h */
void cc_settings_release(struct cc_settings *s)
{
	section_release(&s->root);
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	memset(s, 0, sizeof(*s));
}

/* ---- lookups ---- */

/* See cc_settings.h */
const struct cc_section *cc_section_child(const struct cc_section *sec,
					  const char *name)
{
	for (size_t i = 0; sec && i < sec->nsub; i++)
		if (!strcmp(sec->sub[i]->name, name))
			return sec->sub[i];
	return NULL;
}

/* See cc_settings.h */
const struct cc_section *cc_settings_section(const struct cc_settings *s,
					     const char *path)
{
	const struct cc_section *sec = &s->root;
	char *copy = cc_xstrdup(path), *save = NULL;

	for (char *part = strtok_r(copy, ".", &save); part && sec;
	     part = strtok_r(NULL, ".", &save))
		sec = cc_section_child(sec, part);
	free(copy);
	return sec;
}

static const struct cc_kv *get(const struct cc_settings *s,
			       const struct cc_section *sec, const char *key,
			       int depth)
{
	for (size_t i = 0; i < sec->nkv; i++)
		if (!strcmp(sec->kv[i].key, key))
			return &sec->kv[i];
	for (size_t i = 0; depth < CC_SETTINGS_MAX_DEPTH && i < sec->nref;
	     i++) {
		const struct cc_section *r =
			cc_settings_section(s, sec->ref[i]);
		const struct cc_kv *kv = r ? get(s, r, key, depth + 1) : NULL;

		if (kv)
			return kv;
	}
	return NULL;
}

/* See cc_settings.h */
const struct cc_kv *cc_settings_get(const struct cc_settings *s,
				    const struct cc_section *sec,
				    const char *key)
{
	return sec ? get(s, sec, key, 0) : NULL;
}

/* See cc_settings.h */
size_t cc_settings_list(const char *value, char ***items)
{
	size_t n = 0;
	const char *p = value ? value : "";

	*items = NULL;
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *b = p, *e = p + len;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > b) {
			*items = cc_xrealloc(*items, (n + 1) * sizeof(**items));
			(*items)[n++] = cc_xasprintf("%.*s", (int)(e - b), b);
		}
		if (!p[len])
			return n;
		p += len + 1;
	}
}
