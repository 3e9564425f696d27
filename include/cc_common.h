/* SPDX-License-Identifier: MIT */
/*
 * cc_common.h - error codes, allocation helpers and small macros shared by
 * every module of certcheck.
 */
#ifndef CC_COMMON_H
#define CC_COMMON_H

#include <stdarg.h>
#include <stddef.h>

#define countof(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define CC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CC_NORETURN __attribute__((noreturn))
#else
#define CC_PRINTF(fmt, args)
#define CC_NORETURN
#endif

/*
 * Why the tool could not do its job.  A finding is never a cc_err: a bad
 * certificate is data, an unreadable file is an error (exit code 2).
 */
enum cc_err {
	CC_SUCCESS = 0,
	CC_EUSAGE,    /* bad option or argument */
	CC_EINPUT,    /* unreadable or malformed input file */
	CC_EPASSWORD, /* missing or wrong PKCS#12 password */
	CC_EINTERNAL, /* a library call failed where it should not */
};

/*
 * Allocation that cannot fail: out of memory prints "certcheck: out of
 * memory" and exits 2 (a program, not a library; keeps checks free of OOM
 * branches).  The results are owned by the caller and freed with free().
 */
void *cc_xmalloc(size_t n);
void *cc_xcalloc(size_t n, size_t size);
void *cc_xrealloc(void *p, size_t n);
char *cc_xstrdup(const char *s);
char *cc_xasprintf(const char *fmt, ...) CC_PRINTF(1, 2);
char *cc_xvasprintf(const char *fmt, va_list ap) CC_PRINTF(1, 0);
/* The same exit, for another allocator's failure (tsearch(), ...). */
CC_NORETURN void cc_oom(void);

/*
 * The one escaping of text that came from a certificate, a CRL, a server or
 * a file, for a person's terminal: bytes below 0x20 and 0x7F as \xNN,
 * bytes that are no valid UTF-8 as \xNN, Unicode bidi and format controls
 * (U+200E/F, U+202A-E, U+2066-9, U+FEFF) as \uNNNN; the rest as it is.
 * Owned by the caller.  JSON carries the exact value instead.
 */
char *cc_escape_bytes(const unsigned char *p, size_t n);
char *cc_escape(const char *s);

/* Grows *array (of *cap elements of size elem) to hold at least need. */
void cc_grow(void *array, size_t *cap, size_t need, size_t elem);

/*
 * Memory for many small things that are freed together (an ID list's
 * 390,000 entries): taken in order from blocks of 1 MiB, with no header
 * per object and nothing freed one by one.  A zeroed struct is an empty
 * arena.
 */
struct cc_arena_block;
struct cc_arena {
	struct cc_arena_block *block; /* the one being filled; each block
					 links the one before */
	size_t left;		      /* bytes free at its end */
};
/* n bytes, aligned for a pointer or a size_t; cannot fail (as cc_xmalloc). */
void *cc_arena_alloc(struct cc_arena *a, size_t n);
char *cc_arena_strdup(struct cc_arena *a, const char *s);
/* Frees every block; the arena is empty again. */
void cc_arena_release(struct cc_arena *a);
/* Empties the arena but keeps its newest block for what comes next. */
void cc_arena_reset(struct cc_arena *a);

#endif /* CC_COMMON_H */
