/* SPDX-License-Identifier: MIT */
/*
 * cc_gateway.h - the gateway profile: which implementation does the
 * checking (--gateway), its revocation policy (--revocation), and the
 * table of rules where implementations differ, each cell with its source
 * (doc/gateway-profiles.md is the same table for users).
 */
#ifndef CC_GATEWAY_H
#define CC_GATEWAY_H

#include <stddef.h>

#include "cc_finding.h"

enum cc_gateway {
	CC_GW_CLAVISTER, /* the field guide's gateway: the default */
	CC_GW_STRONGSWAN,
	CC_GW_LIBRESWAN,
	CC_GW_WINDOWS,
	CC_GW_COUNT
};

/* strongSwan's remote.revocation meanings (swanctl.opt). */
enum cc_revocation {
	CC_REV_STRICT,	/* a GOOD status is required */
	CC_REV_IFURI,	/* refused when a URI exists and every try fails */
	CC_REV_RELAXED, /* refused only when revoked */
};

/*
 * The rules on which implementations differ, for the certificates the
 * gateway checks (the peer's chain): the rule, what breaks it, and the
 * status of a certificate that does under each profile, in the order
 * clavister, strongswan, libreswan, windows.  Sources: gateway.c.
 */
#define CC_GATEWAY_RULES(X)                                                    \
	X(EE_CA, "an end-entity certificate with CA:TRUE", FAIL, INFO, FAIL,   \
	  FAIL)                                                                \
	X(PEER_EKU,                                                            \
	  "the peer's extended key usage without clientAuth, "                 \
	  "ipsecIKE, IKE intermediate or anyExtendedKeyUsage",                 \
	  WARN, INFO, WARN, WARN)                                              \
	X(RSA_SHORT, "an RSA key of 1024 to 2047 bits", WARN, INFO, INFO,      \
	  WARN)                                                                \
	X(SHA1, "a SHA-1 signature on a certificate below the root", WARN,     \
	  INFO, WARN, WARN)                                                    \
	X(OCSP, "an OCSP responder's answer (or failure) decides revocation",  \
	  INFO, FAIL, INFO, FAIL)

enum cc_gw_rule {
#define CC_GW_RULE_ENUM(e, what, c, s, l, w) CC_GW_RULE_##e,
	CC_GATEWAY_RULES(CC_GW_RULE_ENUM)
#undef CC_GW_RULE_ENUM
		CC_GW_RULE_COUNT
};

/* "clavister", "strongswan", ...; the product's name ("strongSwan"). */
const char *cc_gateway_name(enum cc_gateway g);
const char *cc_gateway_product(enum cc_gateway g);
/* Parses a --gateway value; false when it names none. */
bool cc_gateway_parse(const char *s, enum cc_gateway *g);

const char *cc_revocation_name(enum cc_revocation r);
bool cc_revocation_parse(const char *s, enum cc_revocation *r);
/* The profile's revocation policy when none is given. */
enum cc_revocation cc_gateway_revocation(enum cc_gateway g);

/*
 * The status of a certificate breaking rule under gateway g; when g
 * accepts it (info) and another profile refuses or warns, note gets
 * "accepted by strongSwan; Clavister refuses it" (else "").
 */
enum cc_status cc_gateway_rule(enum cc_gateway g, enum cc_gw_rule rule,
			       char *note, size_t len);
/* The rule's text and the source of g's cell (doc/gateway-profiles.md). */
const char *cc_gateway_rule_what(enum cc_gw_rule rule);
const char *cc_gateway_rule_source(enum cc_gateway g, enum cc_gw_rule rule);

#endif /* CC_GATEWAY_H */
