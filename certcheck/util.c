/*
 * util.c - allocation that cannot fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_common.h"

static CC_NORETURN void oom(void)
{
	fputs("certcheck: out of memory\n", stderr);
	exit(2);
}

/* See header */
void *cc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

/* See header */
void *cc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

/* See header */
void *cc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
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
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom();
	s = cc_xmalloc((size_t)n + 1);
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
			oom();
		n *= 2;
	}
	*a = cc_xrealloc(*a, n * elem);
	*cap = n;
}
