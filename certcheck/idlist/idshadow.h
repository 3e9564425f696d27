/* SPDX-License-Identifier: MIT */
/*
 * idshadow.h - shadowed tunnels and entries.  Private to idmatch.c (and the unit tests,
 * which compare it with trying every pair).
 */
#ifndef CC_IDSHADOW_H
#define CC_IDSHADOW_H

#include "cc_finding.h"
#include "cc_idlist.h"

struct cc_report;

/* Adds an idlist.shadowed finding (status st) and a res->shadow element
 * for every tunnel, or entry of a tunnel, that an earlier one shadows. */
void idshadow_find(const struct cc_idconf *conf, struct cc_report *r,
		   struct cc_idresults *res, enum cc_status st);

/* Does entry a accept every identity entry b accepts? */
bool idshadow_covers(const struct cc_idconf *conf, const struct cc_id *a,
		     const struct cc_id *b);
/* The score entry e gives its own best identities (for strongSwan's rule
 * that an earlier tunnel must score at least as high). */
int idshadow_self_score(const struct cc_id *e);

#endif /* CC_IDSHADOW_H */
