/* SPDX-License-Identifier: MIT */
/*
 * idindex.h - a hashed ID list: the entries an identity may match, found
 * without trying every entry (1,000 entries cost about what 10 do).
 * Private to idmatch.c and idshadow.c.
 */
#ifndef CC_IDINDEX_H
#define CC_IDINDEX_H

#include <stddef.h>

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

#endif /* CC_IDINDEX_H */
