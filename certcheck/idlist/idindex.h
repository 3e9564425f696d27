/* SPDX-License-Identifier: MIT */
/*
 * idindex.h - a hashed ID list: the entries an identity may match, found
 * without trying every entry (1,000 entries cost about what 10 do).
 * Private to idmatch.c and idshadow.c.
 */
#ifndef CC_IDINDEX_H
#define CC_IDINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "cc_idlist.h"

struct idindex;

/* Indexes the n entries e[0..n-1] (read now; the index keeps their
 * numbers, not the entries). */
struct idindex *idindex_new(const struct cc_id *const *e, size_t n);
/* The same for the entries of list l. */
struct idindex *idindex_new_list(const struct cc_idlist_def *l);
void idindex_free(struct idindex *x);

/*
 * Calls fn(arg, entry) once for every entry of the list that may match id
 * (a superset of those that do, in no order); every entry that does is
 * among them.
 */
void idindex_candidates(struct idindex *x, const struct cc_id *id,
			void (*fn)(void *arg, size_t entry), void *arg);

/*
 * For each of the n strings s[], the first of them equal to it (itself
 * when none is earlier), into first[]: ASCII case aside with fold.
 * Hashed: no pair of strings is compared unless their hashes agree.
 */
void idindex_firsts(const char *const *s, size_t n, bool fold, uint32_t *first);

#endif /* CC_IDINDEX_H */
