/* SPDX-License-Identifier: MIT */
/*
 * gateway.c - see cc_gateway.h.  Every cell of the rules table has its
 * source here: a file and line of the implementation (strongSwan 5.9.8,
 * the version Debian bookworm ships), a vendor's documentation, or a run
 * of the real implementation in tests/lab.  Where no source establishes a
 * profile's behaviour, the cell keeps the strict default and says so.
 */
#include <stdio.h>
#include <string.h>

#include "cc_common.h"
#include "cc_gateway.h"

static const struct {
	const char *name, *product;
	enum cc_revocation revocation;
} gateways[] = {
	[CC_GW_CLAVISTER] = { "clavister", "Clavister", CC_REV_IFURI },
	/* swanctl.opt:613 (5.9.8): remote.revocation = relaxed */
	[CC_GW_STRONGSWAN] = { "strongswan", "strongSwan", CC_REV_RELAXED },
	[CC_GW_LIBRESWAN] = { "libreswan", "libreswan", CC_REV_IFURI },
	[CC_GW_WINDOWS] = { "windows", "Windows RRAS", CC_REV_IFURI },
};
_Static_assert(countof(gateways) == CC_GW_COUNT, "one row per gateway");

#define STRICT_DEFAULT                                                         \
	"not established from a source: certcheck keeps the strict default"

static const struct {
	const char *what;
	enum cc_status status[CC_GW_COUNT];
	const char *source[CC_GW_COUNT];
} rules[] = {
#define CC_GW_RULE_ROW(e, w, c, s, l, win)                                     \
	[CC_GW_RULE_##e] = { .what = w,                                        \
			     .status = { CC_STATUS_##c, CC_STATUS_##s,         \
					 CC_STATUS_##l, CC_STATUS_##win } },
	CC_GATEWAY_RULES(CC_GW_RULE_ROW)
#undef CC_GW_RULE_ROW
};
_Static_assert(countof(rules) == CC_GW_RULE_COUNT, "one row per rule");

static const char *const sources[CC_GW_RULE_COUNT][CC_GW_COUNT] = {
	[CC_GW_RULE_EE_CA] = { "the field guide (ipsec-troubleshooting, cause "
			       "5: a CA "
			       "certificate presented as the peer's)",
			       "strongSwan 5.9.8 checks basicConstraints only "
			       "on issuers "
			       "(constraints_validator.c:212, "
			       "name_constraint_inherited(); "
			       "pubkey_authenticator.c:543 checks only "
			       "keyUsage); "
			       "tests/lab ca-true-end-entity: the tunnel comes "
			       "up",
			       STRICT_DEFAULT, STRICT_DEFAULT },
	[CC_GW_RULE_PEER_EKU] = { "the field guide (Windows and strict "
				  "gateways)",
				  "strongSwan 5.9.8 reads extendedKeyUsage "
				  "into flags "
				  "(x509_cert.c:774, parse_extendedKeyUsage()) "
				  "that only the "
				  "NetworkManager client reads (charon-nm "
				  "nm_service.c:353), "
				  "never charon's authenticators; tests/lab "
				  "eku-serverauth-only: the tunnel comes up",
				  "libreswan 4.10 verifies the peer's "
				  "certificate with NSS for "
				  "the IPsec, then TLS Client, then TLS Server "
				  "usage, retrying on "
				  "an inadequate type or key usage "
				  "(nss_cert_verify.c:165, "
				  "209-262): serverAuth alone passes, an EKU "
				  "without any of "
				  "these fails; its test PKI expects the same "
				  "(testing/x509/dist_certs.py)",
				  "Microsoft: IKEv2 machine certificates need "
				  "Client "
				  "Authentication on the client, Server "
				  "Authentication on the "
				  "server" },
	[CC_GW_RULE_RSA_SHORT] = { "the field guide (current gateways refuse "
				   "short keys)",
				   "tests/lab rsa-1024: strongSwan 5.9.8 "
				   "brings the tunnel up",
				   "tests/lab libreswan, an RSA peer "
				   "(rsa-1024): "
				   "libreswan 4.10's pluto authenticates it",
				   STRICT_DEFAULT },
	[CC_GW_RULE_SHA1] = { "the field guide (current gateways refuse SHA-1)",
			      "tests/lab sha1: strongSwan 5.9.8 brings the "
			      "tunnel up",
			      STRICT_DEFAULT, STRICT_DEFAULT },
	[CC_GW_RULE_OCSP] = {
		"no source shows Clavister asking OCSP responders: its OCSP "
		"findings are info",
		"strongSwan 5.9.8 asks OCSP first "
		"(revocation_validator.c:849; "
		"charon.plugins.revocation.enable_ocsp defaults to yes, :918), "
		"a GOOD answer satisfies the policy (:855) and a stale or "
		"failed one falls back to the CRLs (:866, :869)",
		"libreswan 4.10 asks OCSP only with config setup "
		"ocsp-enable=yes (plutomain.c:1250; off by default, fetch.h:25)",
		"Windows' CryptoAPI checks OCSP and CRLs (certutil -urlfetch "
		"-verify tests both)",
	},
};

/* See cc_gateway.h */
const char *cc_gateway_name(enum cc_gateway g)
{
	return g < CC_GW_COUNT ? gateways[g].name : "?";
}

/* See cc_gateway.h */
const char *cc_gateway_product(enum cc_gateway g)
{
	return g < CC_GW_COUNT ? gateways[g].product : "?";
}

/* See cc_gateway.h */
bool cc_gateway_parse(const char *s, enum cc_gateway *g)
{
	for (size_t i = 0; i < CC_GW_COUNT; i++)
		if (!strcmp(s, gateways[i].name)) {
			*g = (enum cc_gateway)i;
			return true;
		}
	return false;
}

static const char *const revocations[] = {
	[CC_REV_STRICT] = "strict",
	[CC_REV_IFURI] = "ifuri",
	[CC_REV_RELAXED] = "relaxed",
};

/* See cc_gateway.h */
const char *cc_revocation_name(enum cc_revocation r)
{
	return (size_t)r < countof(revocations) ? revocations[r] : "?";
}

/* See cc_gateway.h */
bool cc_revocation_parse(const char *s, enum cc_revocation *r)
{
	for (size_t i = 0; i < countof(revocations); i++)
		if (!strcmp(s, revocations[i])) {
			*r = (enum cc_revocation)i;
			return true;
		}
	return false;
}

/* See cc_gateway.h */
enum cc_revocation cc_gateway_revocation(enum cc_gateway g)
{
	return g < CC_GW_COUNT ? gateways[g].revocation : CC_REV_IFURI;
}

/* See cc_gateway.h */
enum cc_status cc_gateway_rule(enum cc_gateway g, enum cc_gw_rule rule,
			       char *note, size_t len)
{
	enum cc_status st = rules[rule].status[g];

	note[0] = '\0';
	if (st != CC_STATUS_INFO)
		return st;
	for (size_t o = 0; o < CC_GW_COUNT; o++)
		if (rules[rule].status[o] > CC_STATUS_INFO) {
			snprintf(note, len, "accepted by %s; %s %s it",
				 gateways[g].product, gateways[o].product,
				 rules[rule].status[o] == CC_STATUS_FAIL
					 ? "refuses"
					 : "may refuse");
			break;
		}
	return st;
}

/* See cc_gateway.h */
const char *cc_gateway_rule_what(enum cc_gw_rule rule)
{
	return rules[rule].what;
}

/* See cc_gateway.h */
const char *cc_gateway_rule_source(enum cc_gateway g, enum cc_gw_rule rule)
{
	return sources[rule][g];
}
