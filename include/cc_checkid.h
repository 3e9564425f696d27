/* SPDX-License-Identifier: MIT */
/*
 * cc_checkid.h - the registry of check ids: one row per id, and findings
 * are made through its enum (cc_report_add()), never through a string.
 *
 *   X(NAME, "id", CAUSE, STATUSES, "evidence keys", "file", "meaning")
 *
 * CAUSE is the cause every finding of the id bears on; STATUSES the
 * statuses it may take (CC_ST(...) bits); the evidence keys are all it may
 * carry, space-separated (any finding of the first failure of a chain may
 * add other_paths); the file is where it is produced.  The CLI tests check
 * every finding the suites produce against its row, and that the README's
 * check-id tables list exactly these ids.
 */
#ifndef CC_CHECKID_H
#define CC_CHECKID_H

#include "cc_finding.h"

#define CC_ST(s) (1u << CC_STATUS_##s)

/* clang-format off */
#define CC_CHECKS(X)							\
	/* certcheck/checks/chain.c: chains (ca-mismatch) */			\
	X(PAIR_CHAIN_TRUSTED, "pair.chain.trusted", CA_MISMATCH, CC_ST(OK), \
	  "side anchor chain", "certcheck/checks/chain.c",			\
	  "the checking side validates the other's chain")		\
	X(PAIR_CHAIN_UNTRUSTED_ROOT, "pair.chain.untrusted-root",	\
	  CA_MISMATCH, CC_ST(FAIL), "anchor anchor_sha256 trusted other_paths", \
	  "certcheck/checks/chain.c", "the chain ends at a root the side does not trust") \
	X(PAIR_CHAIN_SAME_NAME, "pair.chain.same-name-different-key",	\
	  CA_MISMATCH, CC_ST(FAIL),					\
	  "issuer authority_key_id trusted_key_id trusted_sha256 trusted_file " \
	  "signature_verifies other_paths", "certcheck/checks/chain.c",	\
	  "a CA of the issuer's name with another key: re-created")	\
	X(PAIR_CHAIN_ISSUER_MISSING, "pair.chain.issuer-missing",	\
	  CA_MISMATCH, CC_ST(WARN), "issuer ca_issuers_url trusted other_paths", \
	  "certcheck/checks/chain.c", "the issuer is nowhere among the inputs") \
	X(PAIR_CHAIN_ROOT_MISSING, "pair.chain.root-missing", CA_MISMATCH, \
	  CC_ST(FAIL),							\
	  "intermediate intermediate_sha256 root root_key_id root_file " \
	  "other_paths", "certcheck/checks/chain.c",				\
	  "a trusted intermediate without its self-signed root")	\
	X(PAIR_CHAIN_BAD_SIGNATURE, "pair.chain.bad-signature",		\
	  CA_MISMATCH, CC_ST(FAIL), "issuer_sha256 other_paths",	\
	  "certcheck/checks/chain.c", "the signature does not verify with the issuer's key") \
	X(PAIR_CHAIN_INHERITED, "pair.chain.inherited-parameters",	\
	  CA_MISMATCH, CC_ST(WARN), "issuer_sha256 other_paths",	\
	  "certcheck/checks/chain.c", "an issuer's DSA key inherits its parameters") \
	X(PAIR_CHAIN_MALFORMED, "pair.chain.malformed-extension",	\
	  CA_MISMATCH, CC_ST(FAIL), "extension other_paths",		\
	  "certcheck/checks/chain.c", "a CA's extension does not decode")	\
	X(PAIR_CHAIN_NOT_A_CA, "pair.chain.not-a-ca", CA_MISMATCH,	\
	  CC_ST(FAIL), "other_paths", "certcheck/checks/chain.c",		\
	  "an issuer without basicConstraints CA:TRUE")			\
	X(PAIR_CHAIN_NO_KEYCERTSIGN, "pair.chain.no-keycertsign",	\
	  CA_MISMATCH, CC_ST(FAIL), "other_paths", "certcheck/checks/chain.c",	\
	  "a CA whose key usage lacks keyCertSign")			\
	X(PAIR_CHAIN_PATH_LENGTH, "pair.chain.path-length", CA_MISMATCH, \
	  CC_ST(FAIL), "depth other_paths", "certcheck/checks/chain.c",	\
	  "a pathLenConstraint exceeded")				\
	X(PAIR_CHAIN_POLICY, "pair.chain.policy", CA_MISMATCH, CC_ST(FAIL), \
	  "initial_policy_set policy_constraints other_paths",		\
	  "certcheck/checks/chain.c", "no acceptable certificate policy where one is required") \
	X(PAIR_CHAIN_LOOP, "pair.chain.loop", CA_MISMATCH, CC_ST(WARN),	\
	  "issuer trusted other_paths", "certcheck/checks/chain.c",		\
	  "cross-signed CAs that only lead to each other")		\
	X(PAIR_CHAIN_TOO_DEEP, "pair.chain.too-deep", CA_MISMATCH,	\
	  CC_ST(FAIL), "max_certificates other_paths", "certcheck/checks/chain.c", \
	  "no root within the depth bound")				\
	X(PAIR_CHAIN_INVALID, "pair.chain.invalid", CA_MISMATCH,	\
	  CC_ST(FAIL), "openssl_error depth other_paths", "certcheck/checks/chain.c", \
	  "any other RFC 5280 path-validation failure")			\
	X(PAIR_CHAIN_SEARCH_BOUND, "pair.chain.search-bound", CA_MISMATCH, \
	  CC_ST(INFO), "paths_tried", "certcheck/checks/chain.c",		\
	  "the path search reached a bound")				\
	X(PAIR_CHAIN_ERROR, "pair.chain.error", CA_MISMATCH, CC_ST(SKIP), \
	  "", "certcheck/checks/chain.c", "the chain could not be checked")	\
	X(PAIR_CHAIN_ANCHORS, "pair.chain.anchors", CA_MISMATCH,	\
	  CC_ST(INFO),							\
	  "peer_anchor peer_anchor_sha256 local_anchor local_anchor_sha256 same", \
	  "certcheck/checks/chain.c", "the roots both chains end at")		\
	/* certcheck/checks/validity.c (validity) */				\
	X(VALIDITY_EXPIRED, "validity.expired", VALIDITY,		\
	  CC_ST(FAIL) | CC_ST(INFO),					\
	  "not_before not_after evaluated_at clock expired_seconds",	\
	  "certcheck/checks/validity.c", "expired at a side's time")		\
	X(VALIDITY_NOT_YET, "validity.not-yet-valid", VALIDITY,		\
	  CC_ST(FAIL) | CC_ST(INFO),					\
	  "not_before not_after evaluated_at clock ahead_seconds",	\
	  "certcheck/checks/validity.c", "not yet valid at a side's time")	\
	X(VALIDITY_EXPIRING, "validity.expiring", VALIDITY, CC_ST(INFO), \
	  "not_after evaluated_at warn_days", "certcheck/checks/validity.c",	\
	  "expires within --warn-days")					\
	X(VALIDITY_OK, "validity.ok", VALIDITY, CC_ST(OK),		\
	  "local_time peer_time peer_clock", "certcheck/checks/validity.c",	\
	  "every certificate valid at the time of the side checking it") \
	/* certcheck/checks/usage.c (wrong-certificate, key) */		\
	X(PAIR_USAGE_CA, "pair.usage.ca-certificate", WRONG_CERTIFICATE, \
	  CC_ST(FAIL) | CC_ST(INFO), "ca", "certcheck/checks/usage.c",			\
	  "a CA certificate presented as an end entity")		\
	X(PAIR_USAGE_EMBEDDED_NUL, "pair.usage.embedded-nul",		\
	  WRONG_CERTIFICATE, CC_ST(FAIL), "name", "certcheck/checks/usage.c",	\
	  "a name with a NUL byte inside")				\
	X(PAIR_USAGE_MALFORMED, "pair.usage.malformed-extension",	\
	  WRONG_CERTIFICATE, CC_ST(FAIL), "extension", "certcheck/checks/usage.c", \
	  "an extension that does not decode")				\
	X(PAIR_USAGE_KEY_USAGE, "pair.usage.key-usage", WRONG_CERTIFICATE, \
	  CC_ST(FAIL), "key_usage", "certcheck/checks/usage.c",		\
	  "key usage without digitalSignature or nonRepudiation")	\
	X(PAIR_USAGE_EKU, "pair.usage.eku", WRONG_CERTIFICATE,		\
	  CC_ST(WARN) | CC_ST(INFO),						\
	  "eku needs", "certcheck/checks/usage.c",				\
	  "extended key usage without what the role needs")		\
	X(PAIR_USAGE_NO_KEY, "pair.usage.no-private-key",		\
	  WRONG_CERTIFICATE, CC_ST(FAIL), "", "certcheck/checks/usage.c",	\
	  "a PKCS#12 without its private key")				\
	X(PAIR_USAGE_KEY_MISMATCH, "pair.usage.key-mismatch",		\
	  WRONG_CERTIFICATE, CC_ST(FAIL), "", "certcheck/checks/usage.c",	\
	  "a PKCS#12 key that is not its certificate's")		\
	X(PAIR_USAGE_OWN, "pair.usage.own-certificate", WRONG_CERTIFICATE, \
	  CC_ST(FAIL), "local_sha256 peer_sha256 same_certificate",	\
	  "certcheck/checks/usage.c", "the peer presents the gateway's certificate or key") \
	X(PAIR_USAGE_OK, "pair.usage.ok", WRONG_CERTIFICATE, CC_ST(OK),	\
	  "", "certcheck/checks/usage.c", "an end entity fit for IKE")		\
	X(PAIR_KEY_WEAK_KEY, "pair.key.weak-key", KEY,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "key", "certcheck/checks/usage.c",	\
	  "a weak or unsupported key")					\
	X(PAIR_KEY_WEAK_SIGNATURE, "pair.key.weak-signature", KEY,	\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "signature", "certcheck/checks/usage.c",	\
	  "a weak signature algorithm")					\
	X(PAIR_KEY_OK, "pair.key.ok", KEY, CC_ST(OK), "key signature",	\
	  "certcheck/checks/usage.c", "keys and signatures fit")		\
	/* certcheck/idlist/idmatch.c, idshadow.c, cmd_idlist.c (idlist) */	\
	X(IDLIST_MATCH, "idlist.match", IDLIST, CC_ST(OK),		\
	  "tunnel score identity entry line landed tunnels",		\
	  "certcheck/idlist/idmatch.c", "the certificate lands on a tunnel")	\
	X(IDLIST_NO_MATCH, "idlist.no-match", IDLIST, CC_ST(FAIL),	\
	  "closest_list closest_line closest_entry differs identities",	\
	  "certcheck/idlist/idmatch.c", "no tunnel's ID list matches")		\
	X(IDLIST_TAKEN_EARLIER, "idlist.taken-earlier", IDLIST, CC_ST(WARN), \
	  "tunnel by", "certcheck/idlist/idmatch.c",				\
	  "an earlier tunnel takes the certificate")			\
	X(IDLIST_SHADOWED, "idlist.shadowed", IDLIST,			\
	  CC_ST(WARN), "tunnel line by entry",				\
	  "certcheck/idlist/idshadow.c", "a tunnel or entry no peer can reach") \
	X(IDLIST_DUPLICATE, "idlist.duplicate", IDLIST, CC_ST(INFO), "line", \
	  "certcheck/idlist/idshadow.c", "an entry given twice")		\
	X(IDLIST_UNUSED, "idlist.unused", IDLIST, CC_ST(INFO), "line count lines",	\
	  "certcheck/idlist/idshadow.c", "an entry no given certificate uses")	\
	X(IDLIST_EMBEDDED_NUL, "idlist.embedded-nul", IDLIST, CC_ST(INFO), \
	  "identity", "certcheck/idlist/idmatch.c",				\
	  "an identity with a NUL byte: no candidate")			\
	X(IDLIST_UNREADABLE, "idlist.unreadable", IDLIST, CC_ST(SKIP),	\
	  "file", "certcheck/cli/cmd_idlist.c", "a file or directory not read") \
	X(IDLIST_READ_ONCE, "idlist.read-once", IDLIST, CC_ST(INFO),	\
	  "files", "certcheck/cli/cmd_idlist.c",				\
	  "files reached through two links, read once")			\
	/* certcheck/idlist/idmatch.c, cmd_diagnose.c (identity) */		\
	X(IDENTITY_CONTAINED, "identity.contained", IDENTITY, CC_ST(OK), \
	  "identity certificate_identities", "certcheck/idlist/idmatch.c",	\
	  "the IKE identity is in the certificate")			\
	X(IDENTITY_NOT_CONTAINED, "identity.not-contained", IDENTITY,	\
	  CC_ST(FAIL), "identity certificate_identities",		\
	  "certcheck/idlist/idmatch.c", "the IKE identity is not in the certificate") \
	/* certcheck/cli/cmd_diagnose.c */					\
	X(DIAGNOSE_EXPECTED_PEER, "diagnose.expected-peer",		\
	  WRONG_CERTIFICATE, CC_ST(OK) | CC_ST(FAIL),			\
	  "presented_subject presented_serial presented_sha256 "	\
	  "expected_subject expected_serial expected_sha256",		\
	  "certcheck/checks/expected.c", "the certificate issued for the peer") \
	X(DIAGNOSE_CLOCK, "diagnose.clock", VALIDITY, CC_ST(INFO), "clocks", \
	  "certcheck/checks/clock.c", "every clock the checks saw")	\
	X(DIAGNOSE_PSK, "diagnose.psk", CA_MISMATCH, CC_ST(INFO), "",	\
	  "certcheck/cli/cmd_diagnose.c", "the field guide's advice when nothing is found") \
	/* certcheck/config/ (the gateway's configuration) */	\
	X(CONFIG_CONNECTION, "config.connection", IDLIST, CC_ST(INFO),	\
	  "connection file connections candidates inputs",			\
	  "certcheck/config/import.c",	\
	  "the connection of the configuration judged against, and why") \
	X(CONFIG_NO_CONNECTION, "config.no-connection", IDLIST,	\
	  CC_ST(FAIL) | CC_ST(INFO), "file connections", "certcheck/config/import.c",	\
	  "no connection of the configuration takes the peer")		\
	X(CONFIG_CONSTRAINT, "config.constraint", CA_MISMATCH,		\
	  CC_ST(OK) | CC_ST(FAIL), "connection key constraint chain",	\
	  "certcheck/config/import.c",					\
	  "the peer's chain holds the CA the connection names")	\
	X(CONFIG_MISSING_FILE, "config.missing-file", IDLIST,		\
	  CC_ST(WARN) | CC_ST(INFO), "connection key path",		\
	  "certcheck/config/import.c",					\
	  "a connection swanctl does not load: a file it cannot read")	\
	X(CONFIG_NOT_LOADED, "config.not-loaded", IDLIST, CC_ST(INFO),	\
	  "connection",							\
	  "certcheck/config/import.c",					\
	  "an ipsec.conf conn starter does not load (no auto=add)")	\
	X(CONFIG_PRIVATE_KEY, "config.private-key", WRONG_CERTIFICATE,	\
	  CC_ST(OK) | CC_ST(WARN) | CC_ST(FAIL), "file files unreadable",	\
	  "certcheck/config/keys.c",					\
	  "the gateway's certificate has its private key loaded")	\
	X(CONFIG_SPLIT_URI, "config.split-uri", CRL_UNREACHABLE,	\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "authority where value pieces",	\
	  "certcheck/config/import.c",					\
	  "a crl_uris value charon cuts at its commas")			\
	X(CONFIG_UNKNOWN_KEYS, "config.unknown-keys", IDLIST, CC_ST(INFO), \
	  "keys", "certcheck/config/import.c",				\
	  "keys of the connection certcheck does not read")		\
	/* crl/ (crl-unreachable, revoked, validity) */			\
	X(CRL_DNS, "crl.dns", CRL_UNREACHABLE, CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), \
	  "url step ms note", "include/cc_urls.h", "a CDP host not resolved") \
	X(CRL_SPLIT_HORIZON, "crl.split-horizon", CRL_UNREACHABLE,	\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "crl/findings.c", "resolved here, not by the gateway's DNS")	\
	X(CRL_CONNECT, "crl.connect", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the CRL server not reached")		\
	X(CRL_TLS, "crl.tls", CRL_UNREACHABLE,				\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "TLS to the CRL server failed")		\
	X(CRL_HTTP, "crl.http", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the HTTP fetch failed")			\
	X(CRL_LDAP, "crl.ldap", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the LDAP fetch failed")			\
	X(CRL_REDIRECT, "crl.redirect", CRL_UNREACHABLE,		\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "a redirect not followed")			\
	X(CRL_SCHEME, "crl.scheme", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "a CDP scheme no gateway fetches")		\
	X(CRL_SRV, "crl.srv", CRL_UNREACHABLE,				\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "a hostless LDAP CDP whose domain has no reachable DC") \
	X(CRL_PARSE, "crl.parse", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "what was fetched is no CRL")		\
	X(CRL_VERIFY, "crl.verify", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the CRL's signer or scope is wrong")	\
	X(CRL_FRESHNESS, "crl.freshness", CRL_UNREACHABLE,		\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the CRL is stale or not yet valid")	\
	X(CRL_URL, "crl.url", CRL_UNREACHABLE,				\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "crl/probe.c", "a URL that failed at another step, or judged alone") \
	X(CRL_NETWORK, "crl.network", CRL_UNREACHABLE, CC_ST(SKIP), "urls", \
	  "crl/findings.c", "--no-network: URLs not fetched")		\
	X(CRL_UNUSABLE, "crl.unusable", CRL_UNREACHABLE,		\
	  CC_ST(FAIL) | CC_ST(INFO), "urls", "crl/findings.c",		\
	  "no URL yields a usable CRL")					\
	X(CRL_NOT_REQUIRED, "crl.not-required", CRL_UNREACHABLE,	\
	  CC_ST(OK), "policy", "crl/findings.c",			\
	  "revocation policy relaxed: no CRL is required")		\
	X(CRL_FILE, "crl.file", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(INFO), "", "crl/findings.c",		\
	  "a --crl file that cannot be used")				\
	X(CRL_NO_CDP, "crl.no-cdp", CRL_UNREACHABLE,			\
	  CC_ST(INFO) | CC_ST(FAIL), "", "crl/findings.c",		\
	  "no CRL distribution point")					\
	X(CRL_DIRNAME_ONLY, "crl.dirname-only", CRL_UNREACHABLE,	\
	  CC_ST(INFO) | CC_ST(FAIL), "", "crl/findings.c",		\
	  "only directory-name distribution points")			\
	X(CRL_SCOPE, "crl.scope", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(INFO), "openssl_error", "crl/findings.c",	\
	  "no CRL had covers the certificate by RFC 5280 rules")	\
	X(CRL_USABLE, "crl.usable", CRL_UNREACHABLE, CC_ST(OK),		\
	  "source this_update next_update", "crl/findings.c",		\
	  "a usable CRL")						\
	X(CRL_AGING, "crl.aging", CRL_UNREACHABLE, CC_ST(INFO),		\
	  "next_update", "crl/findings.c", "80% of the CRL's period gone") \
	X(CRL_SIGNER_REVOKED, "crl.signer-revoked", CRL_UNREACHABLE,	\
	  CC_ST(FAIL), "signer_sha256", "crl/probe.c",			\
	  "the CRL's separate signer is revoked")			\
	X(CRL_PROXY_IGNORED, "crl.proxy-ignored", CRL_UNREACHABLE,	\
	  CC_ST(INFO), "variable", "certcheck/cli/cmd_crl.c",		\
	  "a proxy variable set and not used")				\
	X(CRL_REVOKED, "crl.revoked", REVOKED, CC_ST(FAIL),		\
	  "serial revoked_at reason source", "crl/findings.c",		\
	  "on its issuer's CRL")					\
	X(CRL_NOT_REVOKED, "crl.not-revoked", REVOKED,			\
	  CC_ST(OK) | CC_ST(INFO), "source", "crl/findings.c",		\
	  "not on its CRL")						\
	X(CRL_NO_STATUS, "crl.no-status", REVOKED, CC_ST(SKIP),		\
	  "serial why", "crl/findings.c", "no revocation status had")	\
	X(CRL_THIS_UPDATE_FUTURE, "crl.this-update-future", VALIDITY,	\
	  CC_ST(WARN), "this_update evaluated_at offset_seconds",	\
	  "crl/probe.c", "a CRL issued ahead of this clock")		\
	X(CRL_SERVER_CLOCK, "crl.server-clock", VALIDITY,		\
	  CC_ST(WARN) | CC_ST(INFO),					\
	  "server_date local_clock offset_seconds url", "crl/probe.c",	\
	  "a CRL server's clock off by more than 5 minutes")		\
	/* crl/ocsp.c: OCSP responders (crl-unreachable widens to every	\
	 * source of revocation information) */				\
	X(OCSP_URL, "ocsp.url", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "an OCSP URL that failed at another step")	\
	X(OCSP_DNS, "ocsp.dns", CRL_UNREACHABLE,				\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "an OCSP responder's host not resolved")	\
	X(OCSP_CONNECT, "ocsp.connect", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the OCSP responder not reached")		\
	X(OCSP_TLS, "ocsp.tls", CRL_UNREACHABLE,				\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "TLS to the OCSP responder failed")	\
	X(OCSP_HTTP, "ocsp.http", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the responder's HTTP answer is no 200")	\
	X(OCSP_PARSE, "ocsp.parse", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the body is no OCSP response")		\
	X(OCSP_RESPONSE, "ocsp.response", CRL_UNREACHABLE,		\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h",						\
	  "the responder refuses (malformedRequest, unauthorized, ...) or "	\
	  "answers for another certificate")				\
	X(OCSP_VERIFY, "ocsp.verify", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h",						\
	  "the response's signer is not one the gateway accepts")	\
	X(OCSP_NONCE, "ocsp.nonce", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the response's nonce is another")	\
	X(OCSP_FRESHNESS, "ocsp.freshness", CRL_UNREACHABLE,		\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the response is stale or ahead of the clock") \
	X(OCSP_UNKNOWN, "ocsp.unknown", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "url step ms note",	\
	  "include/cc_urls.h", "the responder does not know the certificate")	\
	/* certcheck/probe/ (the live gateway's IKE_SA_INIT answer) */	\
	X(PROBE_ANSWER, "probe.answer", CA_MISMATCH,			\
	  CC_ST(INFO) | CC_ST(SKIP), "requests",			\
	  "certcheck/probe/probereport.c", "whether and how the gateway answered IKE_SA_INIT")	\
	X(PROBE_CERTREQ, "probe.certreq", CA_MISMATCH,			\
	  CC_ST(OK) | CC_ST(FAIL) | CC_ST(WARN) | CC_ST(INFO), "hash asked chain", \
	  "certcheck/probe/probereport.c", "the CAs the gateway asks certificates from, against the client's chain")	\
	X(PROBE_SAME_NAME, "probe.same-name", CA_MISMATCH, CC_ST(FAIL), "hash", \
	  "certcheck/probe/probereport.c", "the gateway asks for a CA of the chain's CA name with another key")	\
	X(PROBE_NOTIFY, "probe.notify", CA_MISMATCH, CC_ST(INFO), "",	\
	  "certcheck/probe/probereport.c", "an error notify in the answer (NO_PROPOSAL_CHOSEN, ...)")	\
	X(PROBE_FACTS, "probe.facts", CA_MISMATCH, CC_ST(INFO), "",	\
	  "certcheck/probe/probereport.c", "facts of the answer: NAT between")	\
	/* certcheck/log/ (the gateway's IKE log) */			\
	X(LOG_CA_MISMATCH, "log.ca-mismatch", CA_MISMATCH,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "the peer's chain reaches no CA the gateway trusts, or another than the connection's")	\
	X(LOG_VALIDITY, "log.validity", VALIDITY,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "a certificate outside its validity")	\
	X(LOG_CRL_UNREACHABLE, "log.crl-unreachable", CRL_UNREACHABLE,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "no usable revocation status, refused by the policy")	\
	X(LOG_REVOKED, "log.revoked", REVOKED,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "the peer's certificate is revoked")	\
	X(LOG_IDLIST, "log.idlist", IDLIST,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "no connection takes the peer")	\
	X(LOG_IDENTITY, "log.identity", IDENTITY,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "no trusted certificate holds the identity sent")	\
	X(LOG_WRONG_CERT, "log.wrong-certificate", WRONG_CERTIFICATE,			\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c", "a certificate unfit for IKE, or not the one pinned")	\
	X(LOG_KEY, "log.private-key", WRONG_CERTIFICATE,		\
	  CC_ST(FAIL) | CC_ST(WARN),					\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c",					\
	  "this side has no private key for its certificate (as config.private-key)")	\
	X(LOG_PEER_REFUSED, "log.peer-refused", CA_MISMATCH, CC_ST(INFO),	\
	  "negotiation address identity source lines",			\
	  "certcheck/log/logcause.c",					\
	  "the other side refused: its log says why")		\
	X(LOG_FORMAT, "log.format", CA_MISMATCH, CC_ST(INFO),		\
	  "lines negotiation address identity source",			\
	  "certcheck/log/logreport.c",					\
	  "a log (or a line) of a format certcheck does not read, or a message of five causes")	\
	X(LOG_CONFIRMS, "log.confirms", CA_MISMATCH, CC_ST(INFO),	\
	  "negotiation cause log_cause",				\
	  "certcheck/cli/cmd_diagnose.c",				\
	  "diagnose --log: the gateway's log names the cause the checks found")	\
	X(LOG_DISAGREES, "log.disagrees", CA_MISMATCH, CC_ST(WARN),	\
	  "negotiation cause log_cause",				\
	  "certcheck/cli/cmd_diagnose.c",				\
	  "diagnose --log: the log names another cause than the checks: an input is likely not the gateway's")	\
	X(LOG_ESTABLISHED, "log.established", IDENTITY, CC_ST(INFO),	\
	  "negotiation negotiations established failed unrecognised_lines",	\
	  "certcheck/log/logreport.c", "negotiations counted, or one established")
/* clang-format on */

enum cc_check {
#define CC_CHECK_ENUM(n, id, cause, st, keys, file, what) CC_CHECK_##n,
	CC_CHECKS(CC_CHECK_ENUM)
#undef CC_CHECK_ENUM
		CC_CHECK_COUNT
};

/* One row of the registry. */
struct cc_check_row {
	const char *id;
	enum cc_cause cause;
	unsigned statuses; /* CC_ST() bits */
	const char *keys;  /* space-separated */
	const char *file;
	const char *what;
};

/* The row of check c. */
const struct cc_check_row *cc_check_row(enum cc_check c);

#endif /* CC_CHECKID_H */
