/* SPDX-License-Identifier: MIT */
/*
 * idlist.c - the ID-list file of doc/idlist.md: a profile, tunnels in the
 * gateway's order, ID lists with their entries.  Every malformed line
 * stops the command with "FILE:LINE: what is wrong"; nothing is guessed.
 */
#define _GNU_SOURCE /* tdestroy() */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <search.h>

#include "cc_idlist.h"

#define MAX_FILE (16L * 1024 * 1024)

struct parser {
	struct cc_ctx *ctx;
	struct cc_idconf *conf;
	const char *name;
	int line;
	int block;		      /* the idlist being filled, or -1 */
	size_t block_start;	      /* its first entry in conf->entries */
	size_t entries_cap;	      /* of conf->entries */
	const struct cc_idkeep *keep; /* cc_idconf_load_for()'s, or NULL */
	struct cc_arena scratch;      /* with keep: the block's entries, until
				    it ends and they are sifted */
	int profile_line;	      /* where 'profile' was, or 0 */
	char **want; /* idlist= names of the tunnels, resolved at
				   the end */
	int *want_line;
	size_t cap;	       /* of tunnel, want and want_line */
	size_t list_cap;       /* of conf->list */
	void *tunnels, *lists; /* tsearch() trees of struct named */
};

/* A tunnel's or a list's name and index, found without a scan. */
struct named {
	const char *name; /* borrowed from the conf */
	int index;
};

static int named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
		      ((const struct named *)b)->name);
}

/* The index of name in tree, or -1. */
static int find_named(void *const *tree, const char *name)
{
	struct named key = { name, -1 }, *const *n =
						 tfind(&key, tree, named_cmp);

	return n ? (*n)->index : -1;
}

static void add_named(void **tree, const char *name, int index)
{
	struct named *n = cc_xmalloc(sizeof(*n));

	*n = (struct named){ name, index };
	if (!tsearch(n, tree, named_cmp))
		cc_oom();
}

static enum cc_err bad(struct parser *p, const char *fmt, ...) CC_PRINTF(2, 3);
static enum cc_err bad(struct parser *p, const char *fmt, ...)
{
	enum cc_err err;
	va_list ap;

	va_start(ap, fmt);
	err = cc_vfail_at(p->ctx, p->name, p->line, fmt, ap);
	va_end(ap);
	return err;
}

/* See header */
const char *cc_profile_name(enum cc_profile p)
{
	static const char *const names[] = {
		[CC_PROFILE_CLAVISTER] = "clavister",
		[CC_PROFILE_STRONGSWAN] = "strongswan",
		[CC_PROFILE_RFC5280] = "rfc5280",
	};

	return (size_t)p < countof(names) ? names[p] : "?";
}

/* Cuts the comment: '#' at the start or after white space; "\#" is a
 * literal '#'.  In place. */
static void strip_comment(char *s)
{
	char *o = s;

	for (char *i = s; *i; i++) {
		if (i[0] == '\\' && i[1] == '#') {
			*o++ = '#';
			i++;
			continue;
		}
		if (*i == '#' && (i == s || isspace((unsigned char)i[-1])))
			break;
		*o++ = *i;
	}
	*o = '\0';
	while (o > s && isspace((unsigned char)o[-1]))
		*--o = '\0';
}

static char *word(char **s)
{
	char *w;

	while (isspace((unsigned char)**s))
		(*s)++;
	if (!**s)
		return NULL;
	w = *s;
	while (**s && !isspace((unsigned char)**s))
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return w;
}

static bool valid_name(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

/* See header */
void cc_id_release(struct cc_id *id)
{
	free(id->text);
	if (id->type == CC_ID_DN)
		cc_dn_release(&id->dn);
	else if (id->type == CC_ID_EMAIL || id->type == CC_ID_FQDN)
		free(id->str);
	memset(id, 0, sizeof(*id));
}

/* TYPE VALUE into id, its strings and DN from arena a (an ID list's) or,
 * when a is NULL, owned (cc_id_release()). */
static bool parse_entry(struct cc_arena *a, const char *type, const char *value,
			struct cc_id *id, char *why, size_t len)
{
	size_t tl = strlen(type), vl = strlen(value);

	memset(id, 0, sizeof(*id));
	if (!strcmp(type, "dn")) {
		id->type = CC_ID_DN;
		if (!cc_dn_parse_in(a, value, &id->dn, why, len))
			return false;
	} else if (!strcmp(type, "email") || !strcmp(type, "fqdn")) {
		bool email = type[0] == 'e';

		id->type = email ? CC_ID_EMAIL : CC_ID_FQDN;
		if (!*value || strpbrk(value, " \t")) {
			snprintf(why, len, "a %s value is one word", type);
			return false;
		}
		if (email != (strchr(value, '@') != NULL)) {
			snprintf(
				why, len,
				email ? "an email value has an '@'"
				      : "an fqdn value has no '@' (use email)");
			return false;
		}
		id->str = a ? cc_arena_strdup(a, value) : cc_xstrdup(value);
	} else if (!strcmp(type, "ip")) {
		id->type = CC_ID_IP;
		if (!cc_iprange_parse(value, &id->ip, why, len))
			return false;
	} else {
		snprintf(why, len,
			 "unknown entry type '%s' (dn, email, fqdn, ip)", type);
		return false;
	}
	/* "TYPE VALUE", without printf's cost on 390,000 entries */
	id->text = a ? cc_arena_alloc(a, tl + vl + 2) : cc_xmalloc(tl + vl + 2);
	memcpy(id->text, type, tl);
	id->text[tl] = ' ';
	memcpy(id->text + tl + 1, value, vl + 1);
	return true;
}

/* See header */
bool cc_id_parse(const char *s, struct cc_id *id, char *why, size_t len)
{
	static const char *const types[] = { "dn", "email", "fqdn", "ip" };
	const char *colon = strchr(s, ':');

	for (size_t i = 0; colon && i < countof(types); i++)
		if ((size_t)(colon - s) == strlen(types[i]) &&
		    !strncmp(s, types[i], strlen(types[i]))) {
			if (!parse_entry(NULL, types[i], colon + 1, id, why,
					 len))
				return false;
			free(id->text);
			id->text = cc_xstrdup(s);
			return true;
		}
	snprintf(why, len,
		 "'%s' is not fqdn:NAME, email:ADDRESS, ip:ADDRESS or "
		 "dn:DN",
		 s);
	return false;
}

static enum cc_err line_profile(struct parser *p, char *rest)
{
	struct cc_idconf *c = p->conf;
	char *name = word(&rest), *opt;

	if (c->ntunnels || c->nlists)
		return bad(p,
			   "'profile' comes before the first tunnel and list");
	if (p->profile_line)
		return bad(p, "'profile' given twice (line %d)",
			   p->profile_line);
	p->profile_line = p->line;
	if (!name)
		return bad(p,
			   "'profile' needs a name: clavister, strongswan or "
			   "rfc5280");
	if (!strcmp(name, "clavister"))
		c->profile = CC_PROFILE_CLAVISTER;
	else if (!strcmp(name, "strongswan"))
		c->profile = CC_PROFILE_STRONGSWAN;
	else if (!strcmp(name, "rfc5280"))
		c->profile = CC_PROFILE_RFC5280;
	else
		return bad(p,
			   "unknown profile '%s' (clavister, strongswan, "
			   "rfc5280)",
			   name);
	while ((opt = word(&rest))) {
		if (c->profile != CC_PROFILE_STRONGSWAN ||
		    strncmp(opt, "rdn_matching=", 13))
			return bad(p, "unknown profile option '%s'", opt);
		opt += 13;
		if (!strcmp(opt, "strict"))
			c->rdn = CC_RDN_STRICT;
		else if (!strcmp(opt, "reordered"))
			c->rdn = CC_RDN_REORDERED;
		else if (!strcmp(opt, "relaxed"))
			c->rdn = CC_RDN_RELAXED;
		else
			return bad(p,
				   "rdn_matching is strict, reordered or "
				   "relaxed, not '%s'",
				   opt);
	}
	return CC_SUCCESS;
}

static enum cc_err line_tunnel(struct parser *p, char *rest)
{
	struct cc_idconf *c = p->conf;
	char *name = word(&rest), *opt, why[200];
	struct cc_tunnel *t;
	int dup;

	if (!name || !valid_name(name))
		return bad(p, "'tunnel' needs a name (letters, digits, - _ .)");
	if ((dup = find_named(&p->tunnels, name)) >= 0)
		return bad(p, "tunnel '%s' is defined twice (line %d)", name,
			   c->tunnel[dup].line);
	if (c->ntunnels == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		c->tunnel = cc_xrealloc(c->tunnel, p->cap * sizeof(*t));
		p->want = cc_xrealloc(p->want, p->cap * sizeof(char *));
		p->want_line = cc_xrealloc(p->want_line, p->cap * sizeof(int));
	}
	t = &c->tunnel[c->ntunnels];
	memset(t, 0, sizeof(*t));
	p->want[c->ntunnels] = NULL;
	p->want_line[c->ntunnels] = p->line;
	c->ntunnels++;
	t->name = cc_xstrdup(name);
	add_named(&p->tunnels, t->name, (int)c->ntunnels - 1);
	t->line = p->line;
	t->list = -1;
	t->remote.all = true;
	while ((opt = word(&rest))) {
		if (!strncmp(opt, "remote=", 7)) {
			if (!strcmp(opt + 7, "any"))
				continue;
			if (!cc_iprange_parse(opt + 7, &t->remote, why,
					      sizeof(why)))
				return bad(p, "remote: %s", why);
		} else if (!strncmp(opt, "idlist=", 7) && opt[7]) {
			free(p->want[c->ntunnels - 1]);
			p->want[c->ntunnels - 1] = cc_xstrdup(opt + 7);
		} else {
			return bad(p,
				   "unknown tunnel option '%s' (remote=, "
				   "idlist=)",
				   opt);
		}
	}
	return CC_SUCCESS;
}

static enum cc_err line_idlist(struct parser *p, char *rest)
{
	struct cc_idconf *c = p->conf;
	char *name = word(&rest);
	int dup;

	if (!name || !valid_name(name) || word(&rest))
		return bad(p,
			   "'idlist' needs one name (letters, digits, - _ .)");
	if ((dup = find_named(&p->lists, name)) >= 0)
		return bad(p, "idlist '%s' is defined twice (line %d)", name,
			   c->list[dup].line);
	cc_grow(&c->list, &p->list_cap, c->nlists + 1, sizeof(*c->list));
	memset(&c->list[c->nlists], 0, sizeof(c->list[0]));
	c->list[c->nlists].name = cc_xstrdup(name);
	c->list[c->nlists].line = p->line;
	add_named(&p->lists, c->list[c->nlists].name, (int)c->nlists);
	p->block = (int)c->nlists++;
	p->block_start = c->nentries;
	return CC_SUCCESS;
}

static enum cc_err line_entry(struct parser *p, char *rest)
{
	char *type = word(&rest), why[256];
	struct cc_id id;

	if (p->block < 0)
		return bad(p, "an indented line outside an idlist block");
	while (isspace((unsigned char)*rest))
		rest++;
	if (!*rest)
		return bad(p, "'%s' needs a value", type);
	if (!parse_entry(p->keep ? &p->scratch : &p->conf->arena, type, rest,
			 &id, why, sizeof(why)))
		return bad(p, "%s", why);
	id.line = p->line;
	cc_grow(&p->conf->entries, &p->entries_cap, p->conf->nentries + 1,
		sizeof(id));
	p->conf->entries[p->conf->nentries++] = id;
	p->conf->list[p->block].n++;
	return CC_SUCCESS;
}

/* With keep, the block's entries sifted: those kept parsed again into the
 * conf's arena, the others dropped with the scratch arena. */
static void sift(struct parser *p)
{
	struct cc_idconf *c = p->conf;
	struct cc_idlist_def *l = &c->list[p->block];
	struct cc_id *e = c->entries + p->block_start;
	bool *keep = cc_xcalloc(l->n + 1, sizeof(*keep));
	size_t kept = 0;
	char why[256];

	cc_idlist_keep(c, e, l->n, p->keep, keep);
	for (size_t i = 0; i < l->n; i++) {
		char *type = e[i].text, *value = strchr(type, ' ');
		int line = e[i].line;

		if (!keep[i])
			continue;
		*value++ = '\0'; /* the text is the scratch's */
		if (!parse_entry(&c->arena, type, value, &e[kept], why,
				 sizeof(why)))
			abort(); /* it parsed a moment ago */
		e[kept++].line = line;
	}
	free(keep);
	l->n = kept;
	c->nentries = p->block_start + kept;
	cc_arena_reset(&p->scratch);
}

/* Ends the block being filled. */
static void end_block(struct parser *p)
{
	if (p->keep && p->block >= 0)
		sift(p);
	p->block = -1;
}

/* Points each list at its entries, now that their array has stopped
 * moving: a list's entries follow one another in the file (a block),
 * and the lists' blocks come in the lists' order. */
static void place_entries(struct cc_idconf *c)
{
	size_t at = 0;

	for (size_t i = 0; i < c->nlists; i++) {
		c->list[i].entry = c->entries ? c->entries + at : NULL;
		at += c->list[i].n;
	}
}

/* The parse itself, over text it takes (cut into lines in place, freed). */
static enum cc_err parse_owned(struct cc_ctx *ctx, struct cc_idconf *conf,
			       const char *name, char *copy,
			       const struct cc_idkeep *keep)
{
	struct parser p = { .ctx = ctx,
			    .conf = conf,
			    .name = name,
			    .block = -1,
			    .keep = keep };
	char *line, *next;
	enum cc_err err = CC_SUCCESS;

	memset(conf, 0, sizeof(*conf));
	conf->file = cc_xstrdup(name);
	/* without a profile line, the gateway's (doc/gateway-profiles.md) */
	conf->profile = ctx->gateway == CC_GW_STRONGSWAN ? CC_PROFILE_STRONGSWAN
			: ctx->gateway == CC_GW_CLAVISTER ? CC_PROFILE_CLAVISTER
							  : CC_PROFILE_RFC5280;
	for (line = copy; line && !err; line = next) {
		char *rest, *kw;
		bool indented;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		line[strcspn(line, "\r")] = '\0';
		strip_comment(line);
		indented = *line == ' ' || *line == '\t';
		rest = line + strspn(line, " \t");
		if (!*rest)
			continue; /* blank or comment only */
		if (indented) {
			err = line_entry(&p, rest);
			continue;
		}
		kw = word(&rest);
		end_block(&p); /* an unindented line ends a block */
		if (!strcmp(kw, "profile"))
			err = line_profile(&p, rest);
		else if (!strcmp(kw, "tunnel"))
			err = line_tunnel(&p, rest);
		else if (!strcmp(kw, "idlist"))
			err = line_idlist(&p, rest);
		else
			err = bad(&p,
				  "unknown keyword '%s' (profile, tunnel, "
				  "idlist)",
				  kw);
	}
	for (size_t i = 0; !err && i < conf->ntunnels; i++) {
		if (!p.want[i])
			continue;
		conf->tunnel[i].list = find_named(&p.lists, p.want[i]);
		if (conf->tunnel[i].list < 0) {
			p.line = p.want_line[i];
			err = bad(&p, "idlist=%s names no list", p.want[i]);
		}
	}
	if (!err && !conf->ntunnels) {
		p.line = p.line ? p.line : 1;
		err = bad(&p, "no tunnel is defined");
	}
	end_block(&p);
	cc_arena_release(&p.scratch);
	place_entries(conf);
	for (size_t i = 0; i < conf->ntunnels; i++)
		free(p.want[i]);
	free(p.want);
	free(p.want_line);
	tdestroy(p.tunnels, free);
	tdestroy(p.lists, free);
	free(copy);
	if (err)
		cc_idconf_release(conf);
	return err;
}

/* See header */
enum cc_err cc_idconf_parse(struct cc_ctx *ctx, struct cc_idconf *conf,
			    const char *name, const char *text)
{
	return parse_owned(ctx, conf, name, cc_xstrdup(text), NULL);
}

/* See header */
enum cc_err cc_idconf_parse_for(struct cc_ctx *ctx, struct cc_idconf *conf,
				const char *name, const char *text,
				const struct cc_idkeep *keep)
{
	return parse_owned(ctx, conf, name, cc_xstrdup(text), keep);
}

/* See header */
enum cc_err cc_idconf_load(struct cc_ctx *ctx, struct cc_idconf *conf,
			   const char *path)
{
	return cc_idconf_load_for(ctx, conf, path, NULL);
}

/* See header */
enum cc_err cc_idconf_load_for(struct cc_ctx *ctx, struct cc_idconf *conf,
			       const char *path, const struct cc_idkeep *keep)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t n;

	memset(conf, 0, sizeof(*conf));
	if (!f)
		return cc_fail(ctx, CC_EINPUT, "'%s': cannot open: %s", path,
			       strerror(errno));
	text = cc_xmalloc(MAX_FILE + 1);
	n = fread(text, 1, MAX_FILE + 1, f);
	fclose(f);
	if (n > MAX_FILE) {
		free(text);
		return cc_fail(ctx, CC_EINPUT, "'%s': larger than 16 MiB",
			       path);
	}
	text[n] = '\0';
	if (strlen(text) != n) {
		free(text);
		return cc_fail(ctx, CC_EINPUT,
			       "'%s': not a text file (NUL byte)", path);
	}
	return parse_owned(ctx, conf, path, text, keep);
}

/* See header */
void cc_idconf_release(struct cc_idconf *conf)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		free(conf->tunnel[i].name);
	free(conf->tunnel);
	free(conf->entries);
	for (size_t i = 0; i < conf->nlists; i++) {
		free(conf->list[i].name);
	}
	free(conf->list);
	free(conf->file);
	cc_arena_release(&conf->arena);
	memset(conf, 0, sizeof(*conf));
}
