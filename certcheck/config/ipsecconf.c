/* SPDX-License-Identifier: MIT */
/*
 * ipsecconf.c - strongSwan's legacy ipsec.conf, read as its starter reads
 * it and handed to the importer (swanctl.c) as the swanctl.conf it amounts
 * to, so that charon's choice of connection and every finding are the same
 * code.  The rules, from strongSwan 5.9.8's sources (the code is
 * certcheck's own):
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
 *   those that has it;
 * - only conns and ca sections with auto=add, route or start are loaded
 *   (confread.c:730, :771); auto=ignore is the default (:200);
 * - a conn: left and right are the gateway's and the peer's addresses
 *   (starter's swapping of the two ends by the machine's own addresses is
 *   not modelled); keyexchange=ikev1|ikev2 the version; rightid the id
 *   the peer must send, else right (stroke_config.c:359); rightauth, else
 *   from authby (starterstroke.c:238), else pubkey (stroke_config.c:392);
 *   leftcert and rightcert under ipsec.d/certs; rightca the subject of a
 *   CA certificate charon has (ipsec.d/cacerts, the ca sections), %same
 *   for leftca, and a constraint dropped when there is none
 *   (stroke_config.c:470);
 * - config setup: strictcrlpolicy=yes|ifuri|no (stroke_config.c:311);
 * - ca sections: cacert (under ipsec.d/cacerts), crluri (crluri1) and
 *   crluri2, the authority's CRL URLs.
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), glob() */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "cc_config.h"
#include "cc_idlist.h"
#include "swanctl.h"

#define MAX_FILE (4L << 20)

enum kind { SETUP, CONN, CA };

struct setting {
	char *key, *value; /* value NULL: "key =", unset */
	const char *file;
	int line;
};

struct section {
	enum kind kind;
	char *name;
	struct setting *set;
	size_t nset;
	char **also; /* as written */
	size_t nalso;
	struct section **parents; /* resolved: the order values are sought */
	size_t nparents;
	bool resolved;
	const char *file;
	int line;
};

struct conf {
	struct section **sec; /* in order of first opening */
	size_t nsec;
	struct cc_settings *tree; /* keeps the files' names */
};

struct reader {
	struct cc_ctx *ctx;
	struct conf *c;
	struct section *cur;
	const char *file;
	int line, depth;
};

static enum cc_err bad(struct reader *x, const char *fmt, ...) CC_PRINTF(2, 3);
static enum cc_err bad(struct reader *x, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return cc_fail(x->ctx, CC_EINPUT, "%s:%d: %s", x->file, x->line, why);
}

static struct section *find(const struct conf *c, enum kind k, const char *name)
{
	for (size_t i = 0; i < c->nsec; i++)
		if (c->sec[i]->kind == k && !strcmp(c->sec[i]->name, name))
			return c->sec[i];
	return NULL;
}

static void open_section(struct reader *x, enum kind k, const char *name)
{
	struct section *s = find(x->c, k, name);

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

static void set(struct reader *x, const char *key, char *value)
{
	struct section *s = x->cur;
	struct setting *t = NULL;

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
	for (size_t i = 0; i < s->nset && !t; i++)
		if (!strcmp(s->set[i].key, key))
			t = &s->set[i];
	if (!t) {
		s->set = cc_xrealloc(s->set, (s->nset + 1) * sizeof(*s->set));
		t = &s->set[s->nset++];
		t->key = cc_xstrdup(key);
	} else {
		free(t->value);
	}
	t->value = value;
	t->file = x->file;
	t->line = x->line;
}

/* The next word of *p: a run of characters other than space, tab, '#',
 * '=' and '"', or a "quoted" string; NULL at the end of the line. */
static char *word(struct reader *x, const char **p, enum cc_err *err)
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
			*err = bad(x, "unterminated string");
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

static enum cc_err read_file(struct reader *x, const char *path);

/* "include PATTERN": the glob's files, relative to this file, sorted. */
static enum cc_err include(struct reader *x, const char *pat)
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
			struct reader in = *x;

			in.depth++;
			err = read_file(&in, g.gl_pathv[i]);
			x->cur = in.cur; /* a section goes on into the next */
		}
		globfree(&g);
	}
	free(full);
	return err;
}

static enum cc_err read_line(struct reader *x, const char *p)
{
	enum cc_err err = CC_SUCCESS;
	char *key, *value = NULL, *w;

	if (*p != ' ' && *p != '\t') {
		const char *q = p;
		char *kw = word(x, &q, &err), *name;
		enum kind k;

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
		k = !strcmp(kw, "conn") ? CONN : !strcmp(kw, "ca") ? CA : SETUP;
		if (k == SETUP && strcmp(kw, "config")) {
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
		if (!err && (!name || (k == SETUP && strcmp(name, "setup"))))
			err = bad(x, k == SETUP ? "'config' is 'config setup'"
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

static enum cc_err read_file(struct reader *x, const char *path)
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

static bool listed(struct section *const *v, size_t n, const struct section *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == s)
			return true;
	return false;
}

/* resolve_also_single() (conf_parser.c:530): the parents of s. */
static enum cc_err resolve(struct reader *x, struct section *s,
			   struct section *def, struct section **stack,
			   size_t depth)
{
	struct section **all = NULL;
	size_t n = 0;

	if (depth >= 32)
		return cc_fail(x->ctx, CC_EINPUT, "%s:%d: also= nests too deep",
			       s->file, s->line);
	stack[depth] = s;
	/* the last also= first */
	for (size_t a = s->nalso; a-- > 0;) {
		struct section *p = find(x->c, s->kind, s->also[a]);

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

/* The value of key for s: its own, else its parents' in order; NULL when
 * unset (a "key =" on the way unsets it). */
static const struct setting *get(const struct section *s, const char *key)
{
	for (size_t p = 0; p <= s->nparents; p++) {
		const struct section *x = p ? s->parents[p - 1] : s;

		for (size_t i = 0; i < x->nset; i++)
			if (!strcmp(x->set[i].key, key))
				return x->set[i].value ? &x->set[i] : NULL;
	}
	return NULL;
}

/* ---- the translation ---- */

/* Whether the section is loaded: auto=add, route or start. */
static bool loaded(const struct section *s)
{
	const struct setting *a = get(s, "auto");

	return a && (!strcmp(a->value, "add") || !strcmp(a->value, "route") ||
		     !strcmp(a->value, "start"));
}

static void put(struct cc_section *sec, const char *key,
		const struct setting *from, const char *value)
{
	cc_section_set(sec, key, value ? value : from->value, from->file,
		       from->line);
}

/* The CA certificate file of ipsec.d/cacerts (or a ca section's cacert)
 * whose subject is dn, or NULL (owned). */
static char *ca_of(char *const *cas, size_t n, const char *dn)
{
	struct cc_idconf any = { .profile = CC_PROFILE_STRONGSWAN };
	char why[256], *text = cc_xasprintf("dn:%s", dn), *hit = NULL;
	struct cc_id want;

	if (!cc_id_parse(text, &want, why, sizeof(why))) {
		free(text);
		return NULL;
	}
	free(text);
	for (size_t i = 0; i < n && !hit; i++) {
		X509 *x = swc_read_x509(cas[i]);
		struct cc_id have = { .type = CC_ID_DN };

		if (!x)
			continue;
		cc_dn_from_name(X509_get_subject_name(x), &have.dn);
		if (cc_id_match(&any, &want, &have, NULL, 0) ==
		    CC_MATCH_PERFECT)
			hit = cc_xstrdup(cas[i]);
		cc_dn_release(&have.dn);
		X509_free(x);
	}
	cc_id_release(&want);
	return hit;
}

/* Keys of a conn the translation reads (the rest are listed unknown). */
static const char *const read_keys[] = {
	"auto",	   "keyexchange", "left",   "right",	 "leftcert", "leftid",
	"rightid", "rightauth",	  "authby", "rightcert", "rightca",  "leftca",
};

static bool is_read(const char *key)
{
	for (size_t i = 0; i < countof(read_keys); i++)
		if (!strcmp(read_keys[i], key))
			return true;
	return false;
}

static void translate_conn(const struct section *c, const char *revocation,
			   const struct setting *strict, char *const *cas,
			   size_t ncas, struct cc_section *conns,
			   struct cc_import *imp)
{
	struct cc_section *out =
		cc_section_add(conns, c->name, c->file, c->line);
	struct cc_section *loc = cc_section_add(out, "local", c->file, c->line);
	struct cc_section *rem =
		cc_section_add(out, "remote", c->file, c->line);
	const struct setting *t, *right = get(c, "right"), *a = get(c, "auto");
	const struct setting dflt = { "auto", "ignore", c->file, c->line };

	/* the importer asks swc_loadable(), which reads it */
	put(out, "auto", a ? a : &dflt, NULL);
	if ((t = get(c, "keyexchange")))
		put(out, "version", t,
		    !strcmp(t->value, "ikev1")	 ? "1"
		    : !strcmp(t->value, "ikev2") ? "2"
						 : "0");
	if ((t = get(c, "left")) && strcmp(t->value, "%defaultroute"))
		put(out, "local_addrs", t, NULL);
	if (right)
		put(out, "remote_addrs", right, NULL);
	if ((t = get(c, "leftcert")))
		put(loc, "certs", t, NULL);
	if ((t = get(c, "leftid")))
		put(loc, "id", t, NULL);
	/* the peer's id: rightid, else its address (stroke_config.c:359) */
	if ((t = get(c, "rightid")) || (t = right))
		put(rem, "id", t, NULL);
	if ((t = get(c, "rightauth"))) {
		put(rem, "auth", t, NULL);
	} else if ((t = get(c, "authby"))) {
		/* starterstroke.c:238 */
		bool psk = !strcmp(t->value, "psk") ||
			   !strcmp(t->value, "secret") ||
			   !strcmp(t->value, "xauthpsk");

		put(rem, "auth", t,
		    psk				 ? "psk"
		    : !strcmp(t->value, "never") ? "never"
						 : "pubkey");
	}
	if ((t = get(c, "rightcert")))
		put(rem, "certs", t, NULL);
	if ((t = get(c, "rightca")) && !strcmp(t->value, "%same"))
		t = get(c, "leftca");
	if (t) {
		char *ca = ca_of(cas, ncas, t->value);

		if (ca)
			put(rem, "cacerts", t, ca);
		else
			swc_add_printf(&imp->inputs, &imp->ninputs,
				       "rightca=\"%s\" of conn %s (%s:%d): no "
				       "CA certificate charon has bears that "
				       "subject, so charon drops the "
				       "constraint (\"CA certificate not "
				       "found, discarding CA constraint\")",
				       t->value, c->name, t->file, t->line);
		free(ca);
	}
	if (strict)
		put(rem, "revocation", strict, revocation);
	/* what is not read, for config.unknown-keys (each key once: the
	 * value in force) */
	for (size_t p = 0; p <= c->nparents; p++) {
		const struct section *x = p ? c->parents[p - 1] : c;

		for (size_t i = 0; i < x->nset; i++)
			if (!is_read(x->set[i].key) &&
			    get(c, x->set[i].key) == &x->set[i])
				put(out, x->set[i].key, &x->set[i], NULL);
	}
}

static void translate_ca(const struct section *a, const struct swc_layout *L,
			 struct cc_section *auths, char ***cas, size_t *ncas)
{
	struct cc_section *out =
		cc_section_add(auths, a->name, a->file, a->line);
	const struct setting *t = get(a, "cacert"), *u;
	char *uris = NULL;

	if (t) {
		char *path = swc_path(L, L->x509ca, t->value);

		put(out, "cacert", t, path);
		swc_add(cas, ncas, path);
		free(path);
	}
	for (int i = 0; i < 3; i++) {
		static const char *const keys[] = { "crluri", "crluri1",
						    "crluri2" };
		char *more;

		if (!(u = get(a, keys[i])))
			continue;
		more = uris ? cc_xasprintf("%s, %s", uris, u->value)
			    : cc_xstrdup(u->value);
		free(uris);
		uris = more;
		t = u;
	}
	if (uris)
		put(out, "crl_uris", t, uris);
	free(uris);
}

/*
 * The private keys of ipsec.secrets (stroke_cred.c, load_secrets(): lines
 * "[ids] : RSA|ECDSA|PKCS8|PRIVATE FILE [PASSPHRASE]", FILE under
 * ipsec.d/private unless absolute, "include PATTERN" relative to the
 * file), with their passphrases; %prompt is none (charon asks, certcheck
 * cannot).  Other secrets (PSK, EAP, ...) are not keys of certificates.
 */
static void read_secrets(const char *path, const struct swc_layout *L,
			 int depth, struct cc_import *imp)
{
	FILE *f = depth < CC_SETTINGS_MAX_DEPTH ? fopen(path, "r") : NULL;
	struct cc_ctx quiet; /* a line that does not read is skipped */
	char *line = NULL;
	size_t cap = 0;

	cc_ctx_init(&quiet, "secrets", 0);

	while (f && getline(&line, &cap, f) > 0) {
		char *p = line, *colon, *type, *file, *pass = NULL, *at;
		struct reader x = { .ctx = &quiet, .file = path };
		enum cc_err err = CC_SUCCESS;

		line[strcspn(line, "\r\n")] = '\0';
		if (!strncmp(p, "include", 7) &&
		    (p[7] == ' ' || p[7] == '\t')) {
			const char *q = p + 8, *slash = strrchr(path, '/');
			char *pat = word(&x, &q, &err), *full;
			glob_t g;

			if (!pat)
				continue;
			full = pat[0] == '/' || !slash
				       ? cc_xstrdup(pat)
				       : cc_xasprintf("%.*s/%s",
						      (int)(slash - path), path,
						      pat);
			if (glob(full, 0, NULL, &g) == 0) {
				for (size_t i = 0; i < g.gl_pathc; i++)
					read_secrets(g.gl_pathv[i], L,
						     depth + 1, imp);
				globfree(&g);
			}
			free(full);
			free(pat);
			continue;
		}
		if (!(colon = strchr(p, ':')))
			continue;
		at = colon + 1;
		type = word(&x, (const char **)&at, &err);
		if (!type)
			continue;
		if (strcasecmp(type, "RSA") && strcasecmp(type, "ECDSA") &&
		    strcasecmp(type, "PKCS8") && strcasecmp(type, "PRIVATE")) {
			free(type);
			continue;
		}
		file = word(&x, (const char **)&at, &err);
		if (file)
			pass = word(&x, (const char **)&at, &err);
		if (file) {
			char *full = swc_path(L, "ipsec.d/private", file);

			swc_add(&imp->keys, &imp->nkeys, full);
			imp->key_pass = cc_xrealloc(
				imp->key_pass,
				imp->nkeys * sizeof(*imp->key_pass));
			imp->key_pass[imp->nkeys - 1] =
				pass && strcmp(pass, "%prompt")
					? cc_xstrdup(pass)
					: NULL;
			free(full);
		}
		if (pass)
			OPENSSL_cleanse(pass, strlen(pass));
		free(pass);
		free(file);
		free(type);
	}
	if (line)
		OPENSSL_cleanse(line, cap);
	free(line);
	if (f)
		fclose(f);
}

/* See cc_config.h */
enum cc_err cc_ipsecconf_import(struct cc_ctx *ctx, const char *path,
				const char *strongswan_conf, const char *conn,
				const struct cc_peer_hint *hint,
				struct cc_import *out)
{
	struct swc_layout L = {
		.x509 = "ipsec.d/certs",
		.x509ca = "ipsec.d/cacerts",
		.x509crl = "ipsec.d/crls",
		.pubkey = "ipsec.d/certs",
	};
	struct cc_settings tree = { 0 };
	struct conf c = { .tree = &tree };
	struct reader x = { .ctx = ctx, .c = &c };
	const struct section *setup, *def;
	const struct setting *strict = NULL;
	const char *revocation = "relaxed";
	struct cc_section *conns, *auths;
	char **cas = NULL, *dir;
	size_t ncas = 0;
	enum cc_err err;

	memset(out, 0, sizeof(*out));
	out->file = cc_xstrdup(path);
	if (strongswan_conf &&
	    (err = swc_read_strongswan_conf(ctx, strongswan_conf, out)))
		return err;
	err = read_file(&x, path);
	def = find(&c, CONN, "%default");
	for (size_t i = 0; !err && i < c.nsec; i++) {
		struct section *stack[33];

		if (!c.sec[i]->resolved && c.sec[i]->kind != SETUP)
			err = resolve(&x, c.sec[i],
				      c.sec[i]->kind == CONN
					      ? (struct section *)def
					      : find(&c, CA, "%default"),
				      stack, 0);
	}
	dir = cc_xstrdup(path);
	*(strrchr(dir, '/') ? strrchr(dir, '/') : dir) = '\0';
	L.dir = *dir ? dir : ".";
	if (!err) {
		setup = find(&c, SETUP, "setup");
		if (setup && (strict = get(setup, "strictcrlpolicy")))
			revocation = !strcmp(strict->value, "yes") ? "strict"
				     : !strcmp(strict->value, "ifuri")
					     ? "ifuri"
					     : "relaxed";
		swc_every_file(L.dir, L.x509ca, &cas, &ncas);
		auths = cc_section_add(&tree.root, "authorities", path, 1);
		conns = cc_section_add(&tree.root, "connections", path, 1);
		/* a ca section is loaded with auto=add (confread.c:730) */
		for (size_t i = 0; i < c.nsec; i++)
			if (c.sec[i]->kind == CA &&
			    strcmp(c.sec[i]->name, "%default") &&
			    loaded(c.sec[i]))
				translate_ca(c.sec[i], &L, auths, &cas, &ncas);
		/* every conn, its auto= for swc_loadable() to judge */
		for (size_t i = 0; i < c.nsec; i++)
			if (c.sec[i]->kind == CONN &&
			    strcmp(c.sec[i]->name, "%default"))
				translate_conn(c.sec[i], revocation, strict,
					       cas, ncas, conns, out);
		err = swc_import(ctx, &tree, &L, conn, hint, out);
		if (!err) {
			char *secrets = cc_xasprintf("%s/ipsec.secrets", L.dir);

			read_secrets(secrets, &L, 0, out);
			out->keys_from = cc_xasprintf(
				"the RSA, ECDSA and PKCS8 lines of %s",
				secrets);
			free(secrets);
		}
	}
	for (size_t i = 0; i < ncas; i++)
		free(cas[i]);
	free(cas);
	for (size_t i = 0; i < c.nsec; i++) {
		struct section *s = c.sec[i];

		for (size_t k = 0; k < s->nset; k++) {
			free(s->set[k].key);
			free(s->set[k].value);
		}
		for (size_t k = 0; k < s->nalso; k++)
			free(s->also[k]);
		free(s->set);
		free(s->also);
		free(s->parents);
		free(s->name);
		free(s);
	}
	free(c.sec);
	free(dir);
	cc_settings_release(&tree);
	return err;
}
