/* SPDX-License-Identifier: MIT */
/*
 * cc_dn.h - the distinguished-name model both the certificate reader
 * (x509/rawcert.c, a subject's DN read from its DER) and the ID lists
 * (idlist/, DNs parsed from text and compared) use: AVAs with their string
 * types and comparison forms, in encoding order.  Implemented in
 * certcheck/idlist/dn.c.
 */
#ifndef CC_DN_H
#define CC_DN_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_common.h"

/* One attribute value assertion. */
struct cc_ava {
	int nid;	/* NID_commonName, ... */
	char *value;	/* owned, UTF-8 */
	char *folded;	/* in value's block: lowercase, white space collapsed
				   (the comparison form of most profiles) */
	bool printable; /* PrintableString (a list value: all its
				   characters allow it) */
	bool wildcard;	/* the value is exactly "*" (a list value) */
	bool nul;	/* the certificate's value holds a NUL byte:
				   it matches nothing (value is cut there) */
};

struct cc_rdn {
	struct cc_ava *ava; /* owned; more than one: multi-valued */
	size_t n;
};

struct cc_dn {
	struct cc_rdn *rdn; /* owned; in encoding order */
	size_t n;
	bool packed; /* rdn is one block with its AVAs and values (a
			parsed DN: cc_dn_parse()) */
};

struct X509_name_st;

/* The subject as a DN with its string types (PrintableString or not). */
void cc_dn_from_name(const struct X509_name_st *name, struct cc_dn *dn);
/* Builds a DN AVA by AVA, RDN by RDN (values copied). */
struct cc_dn_builder {
	struct cc_dn *dn;
};
void cc_dn_builder_init(struct cc_dn_builder *b, struct cc_dn *dn);
void cc_dn_builder_rdn(struct cc_dn_builder *b);
void cc_dn_builder_ava(struct cc_dn_builder *b, int nid, const char *value,
		       size_t len, bool printable);

/* "C=SE, O=Example, CN=alice" (owned) and doc/idlist.md's keyword for nid. */
char *cc_dn_text(const struct cc_dn *dn);
const char *cc_dn_keyword(int nid);

/* Parses "C=SE, O=Example\, Inc, CN=*" (RFC 4514 escapes, '+' joins a
 * multi-valued RDN, doc/idlist.md's keywords); false with why. */
bool cc_dn_parse(const char *s, struct cc_dn *dn, char *why, size_t len);
/* The same with the DN's block taken from arena a: freed with the arena,
 * never with cc_dn_release(). */
bool cc_dn_parse_in(struct cc_arena *a, const char *s, struct cc_dn *dn,
		    char *why, size_t len);
void cc_dn_release(struct cc_dn *dn);

#endif /* CC_DN_H */
