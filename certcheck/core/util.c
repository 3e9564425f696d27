/* SPDX-License-Identifier: MIT */
/*
 * util.c - allocation that cannot fail.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_common.h"

/* See header */
CC_NORETURN void cc_oom(void)
{
	fputs("certcheck: out of memory\n", stderr);
	exit(2);
}

/* See header */
void *cc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		cc_oom();
	return p;
}

/* See header */
void *cc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		cc_oom();
	return p;
}

/* See header */
void *cc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		cc_oom();
	return q;
}

/* See header */
char *cc_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(cc_xmalloc(n), s, n);
}

/* See header */
char *cc_xvasprintf(const char *fmt, va_list ap)
{
	char buf[512];
	va_list aq;
	int n;
	char *s;

	/* formatted once when it fits the buffer (most do), else twice */
	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (n < 0)
		cc_oom();
	s = cc_xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof(buf))
		memcpy(s, buf, (size_t)n + 1);
	else
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* See header */
char *cc_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = cc_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* See header */
void cc_grow(void *array, size_t *cap, size_t need, size_t elem)
{
	void **a = array;
	size_t n = *cap ? *cap : 4;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / elem)
			cc_oom();
		n *= 2;
	}
	*a = cc_xrealloc(*a, n * elem);
	*cap = n;
}

#define ARENA_BLOCK ((size_t)1 << 20)

struct cc_arena_block {
	struct cc_arena_block *prev;
	size_t size; /* of data */
	_Alignas(max_align_t) unsigned char data[];
};

/* See header */
void *cc_arena_alloc(struct cc_arena *a, size_t n)
{
	const size_t align = _Alignof(void *) > _Alignof(size_t)
				     ? _Alignof(void *)
				     : _Alignof(size_t);
	struct cc_arena_block *b;

	if (n > ((size_t)-1) / 2)
		cc_oom();
	n = (n + align - 1) & ~(align - 1);
	if (n > a->left) {
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;

		b = cc_xmalloc(sizeof(*b) + size);
		b->size = size;
		if (size == n && a->block) {
			/* a large object has a block of its own, behind the
			 * one being filled, whose room stays in use */
			b->prev = a->block->prev;
			a->block->prev = b;
			return b->data;
		}
		b->prev = a->block;
		a->block = b;
		a->left = size;
	}
	b = a->block;
	a->left -= n;
	return b->data + (b->size - a->left - n);
}

/* See header */
char *cc_arena_strdup(struct cc_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(cc_arena_alloc(a, n), s, n);
}

/* See header */
void cc_arena_release(struct cc_arena *a)
{
	while (a->block) {
		struct cc_arena_block *prev = a->block->prev;

		free(a->block);
		a->block = prev;
	}
	a->left = 0;
}

/* See header */
void cc_arena_reset(struct cc_arena *a)
{
	struct cc_arena_block *b = a->block;

	if (!b)
		return;
	a->block = b->prev;
	cc_arena_release(a);
	b->prev = NULL;
	a->block = b;
	a->left = b->size;
}

/* The length of the valid UTF-8 sequence at p (at most n bytes) and its
 * code point, or 0 when the bytes are no valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *p, size_t n, unsigned long *cp)
{
	size_t len = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 0;
	static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned long v;

	if (!len || *p > 0xf4 || len > n)
		return 0;
	v = *p & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Unicode's bidi and format controls, which reorder or hide what a
 * terminal shows: U+200E/F, U+202A-E, U+2066-9, U+FEFF. */
static bool invisible(unsigned long cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* See header */
char *cc_escape_bytes(const unsigned char *p, size_t n)
{
	char *out = cc_xmalloc(n * 6 + 1), *o = out;

	for (size_t i = 0; i < n;) {
		unsigned long cp;
		size_t len;

		if (p[i] < 0x20 || p[i] == 0x7f) {
			o += sprintf(o, "\\x%02x", p[i++]);
		} else if (p[i] < 0x80) {
			*o++ = (char)p[i++];
		} else if (!(len = utf8_seq(p + i, n - i, &cp))) {
			o += sprintf(o, "\\x%02x", p[i++]);
		} else if (invisible(cp)) {
			o += sprintf(o, "\\u%04lX", cp);
			i += len;
		} else {
			memcpy(o, p + i, len);
			o += len;
			i += len;
		}
	}
	*o = '\0';
	return out;
}

/* See header */
char *cc_escape(const char *s)
{
	return cc_escape_bytes((const unsigned char *)s, strlen(s));
}
