/* SPDX-License-Identifier: MIT */
/*
 * idshadow.h - the lists' flaws: shadowed tunnels and entries, duplicates,
 * unused entries.  Private to idmatch.c (and the unit tests,
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

/* A list's other flaws, as info findings: entries given twice (case
 * aside), and entries no certificate matched or landed on (matched[] and
 * landed[] one flag an entry; more than ten are one finding, their lines
 * as ranges). */
void idflaws_duplicates(const struct cc_idlist_def *list, struct cc_report *r);
void idflaws_unused(const struct cc_idlist_def *list, const bool *matched,
		    const bool *landed, struct cc_report *r);

#endif /* CC_IDSHADOW_H */
