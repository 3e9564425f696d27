/* SPDX-License-Identifier: MIT */
/*
 * idnear.h - the entry that came closest to a certificate no list takes:
 * the DN entry whose named attributes the subject has the largest share
 * of, the earliest of equals (doc/idlist.md, "closest entry").  Private to
 * idmatch.c (and the unit tests, which compare it with the scan).
 */
#ifndef CC_IDNEAR_H
#define CC_IDNEAR_H

#include <stddef.h>

#include "cc_idlist.h"

struct idnear;

/* Over every entry of every list of conf (borrowed); the first few
 * idnear_find()s scan, and the index is built on the next (idnear.c,
 * NEAR_SCANS): for one certificate it costs more than it saves. */
struct idnear *idnear_new(const struct cc_idconf *conf);
void idnear_free(struct idnear *x);

/*
 * The closest entry to subject dn (NULL when the identity compared is no
 * DN: every entry is as far, the first is taken) in *list and *entry, -1
 * when the lists are empty.  Once the index is built, only entries
 * sharing attribute values with dn are looked at, never the whole list.
 */
void idnear_find(struct idnear *x, const struct cc_dn *dn, int *list,
		 int *entry);

/* The same by scoring every entry in turn: the definition (and the
 * fallback when a subject has too many values to enumerate). */
void idnear_scan(const struct cc_idconf *conf, const struct cc_dn *dn,
		 int *list, int *entry);

/* Of the n entries e[], the first closest to dn as idnear_scan() judges,
 * or n when none scores (no entries). */
size_t idnear_first_best(const struct cc_id *e, size_t n,
			 const struct cc_dn *dn);

/* Of entry en's DN attributes, how many dn has (*have) of how many
 * (*total); a non-DN entry, or no dn, is 0 of 1. */
void idnear_share(const struct cc_id *en, const struct cc_dn *dn, int *have,
		  int *total);

#endif /* CC_IDNEAR_H */
