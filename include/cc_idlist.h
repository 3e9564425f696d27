/* SPDX-License-Identifier: MIT */
/*
 * cc_idlist.h - the gateway's ID lists and tunnel order (doc/idlist.md), the
 * identities a certificate can present, and how the two match.
 */
#ifndef CC_IDLIST_H
#define CC_IDLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_cert.h"
#include "cc_ctx.h"
#include "cc_dn.h"
#include "cc_render.h"

struct cc_report;

/* strongSwan's match grades: 0 none, 1 any, 2 the most wildcards, 19 one
 * wildcard, 20 perfect. */
#define CC_MATCH_NONE 0
#define CC_MATCH_ANY 1
#define CC_MATCH_MAX_WILDCARDS 2
#define CC_MATCH_ONE_WILDCARD 19
#define CC_MATCH_PERFECT 20

enum cc_id_type { CC_ID_DN, CC_ID_EMAIL, CC_ID_FQDN, CC_ID_IP };

enum cc_profile {
	CC_PROFILE_CLAVISTER,
	CC_PROFILE_STRONGSWAN,
	CC_PROFILE_RFC5280
};

/* "clavister", "strongswan", "rfc5280": as the profile line writes it. */
const char *cc_profile_name(enum cc_profile p);

enum cc_rdn_matching { CC_RDN_STRICT, CC_RDN_REORDERED, CC_RDN_RELAXED };

/* An address, a CIDR prefix or a range, all as [lo, hi]. */
struct cc_iprange {
	int family; /* AF_INET or AF_INET6 */
	unsigned char lo[16], hi[16];
	bool single; /* one address */
	bool all;    /* 0.0.0.0/0 or ::/0 */
};

/* An entry of an ID list, or a candidate identity of a certificate. */
struct cc_id {
	enum cc_id_type type;
	int line;   /* the list entry's line, 0 for identities */
	char *text; /* owned: "dn C=SE, O=..." / "email a@b" */
	union {	    /* by type: an ID list of 390,000 entries holds one */
		struct cc_dn dn;      /* CC_ID_DN */
		char *str;	      /* CC_ID_EMAIL, CC_ID_FQDN: owned */
		struct cc_iprange ip; /* CC_ID_IP */
	};
};

struct cc_idlist_def {
	char *name;
	int line;
	struct cc_id *entry; /* n entries in the conf's entries array */
	size_t n;
};

struct cc_tunnel {
	char *name;
	int line;
	struct cc_iprange remote; /* remote.all for "any" */
	int list; /* index into lists, or -1: accepts everyone */
};

struct cc_idconf {
	char *file;
	enum cc_profile profile;
	enum cc_rdn_matching rdn;
	struct cc_tunnel *tunnel; /* owned, in the gateway's order */
	size_t ntunnels;
	struct cc_idlist_def *list; /* owned */
	size_t nlists;
	struct cc_id *entries; /* owned: every list's, list after list (one
				  array grown in place, not one a list) */
	size_t nentries;
	struct cc_arena arena; /* the entries' strings and DNs: an entry is
				  never cc_id_release()d */
};

/*
 * Parses the ID-list file at path (doc/idlist.md).  On any malformed line it
 * records CC_EINPUT with "FILE:LINE: what is wrong" in ctx and returns it.
 */
enum cc_err cc_idconf_load(struct cc_ctx *ctx, struct cc_idconf *conf,
			   const char *path);
/* The same from text in memory (name is used in messages). */
enum cc_err cc_idconf_parse(struct cc_ctx *ctx, struct cc_idconf *conf,
			    const char *name, const char *text);

/*
 * Whom a conf is loaded for when one peer is checked (diagnose): its
 * certificate's identities and the identity it sends (--peer-id), or NULL.
 */
struct cc_idkeep {
	const struct cc_idset *ids;
	const struct cc_id *peer_id;
};
/*
 * The same, keeping of each list only the entries a one-peer check of
 * keep reads (cc_idlist_keep()); every line is still parsed and checked.
 * A file of 390,000 entries then takes the memory of one list, and
 * cc_idcheck_cert() on keep's identities says what it says over the whole
 * file (tests/test_idscale.c compares the two).
 */
enum cc_err cc_idconf_load_for(struct cc_ctx *ctx, struct cc_idconf *conf,
			       const char *path, const struct cc_idkeep *keep);
enum cc_err cc_idconf_parse_for(struct cc_ctx *ctx, struct cc_idconf *conf,
				const char *name, const char *text,
				const struct cc_idkeep *keep);
/*
 * Marks in keep[] the entries e[0..n-1] of one list that a one-peer check
 * (cc_idcheck_new(), one_peer) of kp can read: those any of its identities
 * match, and of each subject it may be compared by, the first closest.
 */
void cc_idlist_keep(const struct cc_idconf *conf, const struct cc_id *e,
		    size_t n, const struct cc_idkeep *kp, bool *keep);
void cc_idconf_release(struct cc_idconf *conf);

/* How entry matches cert under the profile (CC_MATCH_*); diff as for
 * cc_id_match(). */
int cc_dn_match(enum cc_profile p, enum cc_rdn_matching mode,
		const struct cc_dn *entry, const struct cc_dn *cert, char *diff,
		size_t len);
/* The comparisons the ID-list code has made so far (entries compared or
 * scored, index probes): counted, not timed, for the test that no step
 * grows faster than the input. */
unsigned long long cc_idlist_work(void);
void cc_idlist_work_add(unsigned n);
/* Parses an address, "ADDR/BITS" or "ADDR-ADDR"; false with why. */
bool cc_iprange_parse(const char *s, struct cc_iprange *r, char *why,
		      size_t len);
bool cc_iprange_contains(const struct cc_iprange *outer,
			 const struct cc_iprange *inner);

/* Parses an identity "fqdn:x", "email:x", "ip:x", "dn:x" (--peer-id). */
bool cc_id_parse(const char *s, struct cc_id *id, char *why, size_t len);
void cc_id_release(struct cc_id *id);

/* "dn", "email", "fqdn", "ip". */
const char *cc_id_type_name(enum cc_id_type t);

/* The candidate identities of a certificate: its subject DN and every
 * dNSName, rfc822Name, UPN and iPAddress subjectAltName. */
struct cc_idset {
	struct cc_id *id; /* owned */
	size_t n;
	char **refused; /* owned: "fqdn:www.example.com\\x00.evil"
				   for each name with a NUL byte, which is
				   no candidate */
	size_t nrefused;
};
void cc_idset_from_cert(const struct cc_cert *c, struct cc_idset *out);
/* The same from the parts a stream read (cc_cert.h): the subject's DN is
 * taken over from parts->dn when there is one, else made from
 * parts->subject. */
void cc_idset_from_parts(struct cc_cert_parts *parts, const char *subject_text,
			 struct cc_idset *out);
void cc_idset_release(struct cc_idset *s);

/*
 * How well identity id matches list entry e under the profile: a score of
 * CC_MATCH_* (0: no match).  For a DN that does not match, diff (may be
 * NULL) gets the first difference ("OU: certificate has \"Eng\", entry
 * wants \"Sales\"").
 */
int cc_id_match(const struct cc_idconf *conf, const struct cc_id *e,
		const struct cc_id *id, char *diff, size_t difflen);

/* Is identity id contained in the certificate (as its subject, or a
 * subjectAltName of its type)? */
bool cc_id_in_cert(const struct cc_idconf *conf, const struct cc_id *id,
		   const struct cc_idset *cert_ids);

/* One certificate's landing: the JSON "matches" element. */
struct cc_match {
	int cert;	 /* index into the set */
	int tunnel;	 /* index, or -1: lands nowhere */
	int list, entry; /* indexes, -1 for a tunnel without a list */
	int score;
	char *identity; /* owned: the candidate that matched */
};

struct cc_shadow {
	int tunnel; /* the shadowed tunnel */
	int entry;  /* its shadowed entry, or -1: the tunnel */
	int by;	    /* the earlier tunnel */
};

struct cc_idresults {
	const struct cc_idconf *conf; /* borrowed */
	struct cc_match *match;	      /* owned */
	size_t nmatch, match_cap;
	struct cc_shadow *shadow; /* owned */
	size_t nshadow, shadow_cap;
};

void cc_idresults_release(struct cc_idresults *res);

/* res as the report's part: "matches" and "shadowed" in JSON, the table
 * of certificates and tunnels in text (res is borrowed: it must outlive
 * the rendering). */
struct cc_report_part cc_idresults_part(const struct cc_idresults *res);

/* The same one certificate at a time, for streamed inputs: new (the
 * shadowing findings), cert for each (ids: its identities, borrowed),
 * finish (the findings on the lists; frees k).  With one_peer (diagnose),
 * shadowing, unused and duplicate entries are not said: they are the
 * lists' flaws, not the peer's problem. */
struct cc_idcheck;
struct cc_idcheck *cc_idcheck_new(const struct cc_idconf *conf,
				  const struct cc_iprange *from,
				  const struct cc_id *peer_id, bool one_peer,
				  struct cc_report *r,
				  struct cc_idresults *res);
void cc_idcheck_cert(struct cc_idcheck *k, const struct cc_certset *set,
		     int cert, const struct cc_idset *ids);
void cc_idcheck_finish(struct cc_idcheck *k);

/*
 * identity: is pid (the IKE identity the peer sends) contained in the
 * certificate whose identities are ids, under conf's rules?  One finding,
 * identity.contained or identity.not-contained.
 */
struct cc_report;
void cc_identity_check(struct cc_report *r, const struct cc_idconf *conf,
		       const struct cc_certset *set, int cert,
		       const struct cc_id *pid, const struct cc_idset *ids);

#endif /* CC_IDLIST_H */
