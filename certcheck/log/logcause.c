/* SPDX-License-Identifier: MIT */
/*
 * logcause.c - what the lines of a negotiation mean: one table of
 * refusals (below), each with its cause and where the gateway's source
 * logs it, and the lines that say more of one (the failing CRL step, the
 * certificates and CAs named, the peer's identity and address).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cc_common.h"
#include "cc_report.h"
#include "log.h"

enum gateway { SWAN, PLUTO, WIN, OTHER };

/*
 * The refusals, each checked against a real gateway where the lab runs one
 * (tests/lab: every strongSwan scenario's log must give charon's cause;
 * pluto's two authentication failures come from its lab cases), else
 * written from the source or the documentation named.
 *
 * strongSwan and pluto: the message (after its leading spaces) starts
 * with prefix and holds also.  Windows: a line of the event holds also,
 * or the error code.  primary: the first such line decides; a secondary
 * one decides only when no primary came (charon logs "no trusted ...
 * public key found" after most other refusals).  likely: the log alone
 * does not prove the cause (a warn, never a fail).
 */
static const struct refusal {
	enum gateway gw;
	const char *prefix, *also;
	int code; /* Windows: the IKE error code, or 0 */
	enum cc_check check;
	bool primary, likely;
	const char *what, *fix, *source;
} refusals[] = {
#define NO_ISSUER                                                              \
	CC_CHECK_LOG_CA_MISMATCH, true, false,                                 \
		"the peer's certificate does not chain to a CA the gateway "   \
		"trusts",                                                      \
		"give the gateway the CA that issued the peer's certificate "  \
		"(or the intermediate, sent by the peer); a CA re-created "    \
		"with the same name has another key: check with certcheck "    \
		"pair"
	{ SWAN, "no issuer certificate found for", NULL, 0, NO_ISSUER,
	  "strongSwan 5.9.8 credential_manager.c:799" },
#define PATHLEN                                                                \
	CC_CHECK_LOG_CA_MISMATCH, true, false,                                 \
		"the peer's chain is longer than a CA's path length "          \
		"constraint allows",                                           \
		"issue the peer's certificate from a CA whose "                \
		"pathLenConstraint allows the chain"
	{ SWAN, "path length of", "violates constraint of", 0, PATHLEN,
	  "strongSwan 5.9.8 constraints_validator.c:48" },
#define VALIDITY                                                               \
	CC_CHECK_LOG_VALIDITY, true, false,                                    \
		"a certificate of the chain is outside its validity at the "   \
		"gateway's time",                                              \
		"renew the certificate, or correct the clock (NTP) of the "    \
		"side that judged it"
	{ SWAN, "subject certificate invalid", NULL, 0, VALIDITY,
	  "strongSwan 5.9.8 credential_manager.c:587" },
	{ SWAN, "issuer certificate invalid", NULL, 0, VALIDITY,
	  "strongSwan 5.9.8 credential_manager.c:587" },
	{ SWAN, "peer certificate invalid", NULL, 0, VALIDITY,
	  "strongSwan 5.9.8 ike_sa.c:555" },
#define REVOKED                                                                \
	CC_CHECK_LOG_REVOKED, true, false,                                     \
		"the peer's certificate is revoked",                           \
		"issue a new certificate for this peer"
	{ SWAN, "certificate was revoked on", NULL, 0, REVOKED,
	  "strongSwan 5.9.8 revocation_validator.c:256 (OCSP), :553 (CRL)" },
#define NO_STATUS                                                              \
	CC_CHECK_LOG_CRL_UNREACHABLE, true, false,                             \
		"no usable revocation status: the gateway's policy refuses "   \
		"the peer",                                                    \
		"make the CRL (or OCSP responder) reachable and current from " \
		"the gateway, or relax its revocation policy: check with "     \
		"certcheck crl"
	{ SWAN, "constraint check failed: RULE_CRL_VALIDATION", NULL, 0,
	  NO_STATUS, "strongSwan 5.9.8 auth_cfg.c:926" },
	{ SWAN, "constraint check failed: RULE_OCSP_VALIDATION", NULL, 0,
	  NO_STATUS, "strongSwan 5.9.8 auth_cfg.c:926" },
	{ SWAN, "constraint check failed: peer not authenticated by CA", NULL,
	  0, CC_CHECK_LOG_CA_MISMATCH, true, false,
	  "the connection wants another CA in the peer's chain "
	  "(remote.cacerts or ca_id)",
	  "give the peer a certificate from the CA the connection names, or "
	  "name its CA there",
	  "strongSwan 5.9.8 auth_cfg.c:1167" },
	{ SWAN, "constraint check failed: peer not authenticated with peer",
	  NULL, 0, CC_CHECK_LOG_WRONG_CERT, true, false,
	  "the connection pins another certificate (remote.certs)",
	  "have the peer use the certificate the connection pins, or pin its "
	  "current one",
	  "strongSwan 5.9.8 auth_cfg.c:1176" },
	/* 5.9.14 adds "(TYPE) required, not matched by 'ID' (TYPE)" */
	{ SWAN, "constraint check failed: identity", NULL, 0,
	  CC_CHECK_LOG_IDENTITY, true, false,
	  "the identity the connection requires is not the peer's",
	  "have the peer send the identity the connection's remote.id names",
	  "strongSwan 5.9.8 auth_cfg.c:964, 5.9.14 auth_cfg.c:975" },
#define NO_DIGSIG                                                              \
	CC_CHECK_LOG_WRONG_CERT, true, false,                                  \
		"the peer's certificate has no digitalSignature key usage",    \
		"issue the peer a certificate with digitalSignature in its "   \
		"key usage"
	{ SWAN, "rejecting certificate without digitalSignature", NULL, 0,
	  NO_DIGSIG, "strongSwan 5.9.8 pubkey_authenticator.c:557" },
#define NO_CONFIG                                                              \
	CC_CHECK_LOG_IDLIST, true, false,                                      \
		"no connection takes the peer at its address with its "        \
		"identity",                                                    \
		"give a connection the peer's address in remote_addrs and "    \
		"its identity in remote.id: check with certcheck idlist "      \
		"--swanctl"
	{ SWAN, "no matching peer config found", NULL, 0, NO_CONFIG,
	  "strongSwan 5.9.8 ike_auth.c:370" },
#define NO_KEY                                                                 \
	CC_CHECK_LOG_KEY, true, false,                                         \
		"this side has no private key for its own certificate",        \
		"give the gateway the private key that belongs to its "        \
		"certificate"
	{ SWAN, "no private key found for", NULL, 0, NO_KEY,
	  "strongSwan 5.9.8 pubkey_authenticator.c:523" },
#define REFUSED                                                                \
	CC_CHECK_LOG_PEER_REFUSED, true, false,                                \
		"the other side refused: its own log says why",                \
		"read the other side's log with certcheck log"
	{ SWAN, "received AUTHENTICATION_FAILED notify", NULL, 0, REFUSED,
	  "strongSwan 5.9.8 ike_auth.c:1329" },
	{ SWAN, "no trusted", "public key found for", 0, CC_CHECK_LOG_IDENTITY,
	  false, false,
	  "no certificate the gateway trusts holds the identity the peer "
	  "sent",
	  "have the peer send an identity its certificate holds (its "
	  "subject, or a subjectAltName), or configure the one it sends: "
	  "check with certcheck diagnose --peer-id",
	  "strongSwan 5.9.8 pubkey_authenticator.c:682" },

/* libreswan 4.10's pluto: NSS's verdict on the peer's chain
	 * (nss_cert_verify.c:115, "NSS: ERROR: IPsec certificate SUBJECT
	 * invalid: SEC_ERROR_...") and its own checks */
#define NSS(code, meaning)                                                     \
	{                                                                      \
		PLUTO, "", code, 0, meaning,                                   \
			"libreswan 4.10 nss_cert_verify.c:115"                 \
	}
	NSS("SEC_ERROR_UNKNOWN_ISSUER", NO_ISSUER),
	NSS("SEC_ERROR_UNTRUSTED_ISSUER", NO_ISSUER),
	NSS("SEC_ERROR_BAD_SIGNATURE", NO_ISSUER),
	NSS("SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID", PATHLEN),
	NSS("SEC_ERROR_EXPIRED", VALIDITY),
	NSS("SEC_ERROR_REVOKED_CERTIFICATE", REVOKED),
	NSS("SEC_ERROR_CRL_", NO_STATUS),
	NSS("SEC_ERROR_OCSP_", NO_STATUS),
	NSS("SEC_ERROR_INADEQUATE_", NO_DIGSIG),
	{ PLUTO, "", "does not match expected", 0, NO_CONFIG,
	  "libreswan 4.10 x509.c:657 (its DN printed in NSS's order, "
	  "reversed)" },
	/* try_all_keys() skips a key whose issuer is not under the
	 * connection's rightca (the lab's case "rightca on every conn: its
	 * CA another" logs this) or whose identity is another */
	{ PLUTO, "", "authentication failed: no certificate matched", 0,
	  CC_CHECK_LOG_CA_MISMATCH, false, false,
	  "no certificate of the peer's identity is from the CA the "
	  "connection's rightca names",
	  "give the peer a certificate from the connection's rightca (or "
	  "name its CA there), with the identity it sends",
	  "libreswan 4.10 keys.c:362" },
	{ PLUTO, "", "IKE SA authentication request rejected by peer", 0,
	  REFUSED, "libreswan 4.10 ikev2_ike_auth.c:1571" },
	{ PLUTO, "", "notification AUTHENTICATION_FAILED", 0,
	  CC_CHECK_LOG_CA_MISMATCH, false, true,
	  "pluto refused the peer without saying why in this log (raise "
	  "plutodebug)",
	  "check the peer's certificate against the gateway's with "
	  "certcheck pair",
	  "libreswan 4.10 ikev2_send.c:290" },

	/* Windows: the IKE error codes (winerror.h, "System Error Codes
	 * (12000-15999)" on learn.microsoft.com), in event 4653's Failure
	 * Reason, RasClient 20227's and RemoteAccess 20111's error code */
	{ WIN, NULL, "IKE authentication credentials are unacceptable", 13801,
	  CC_CHECK_LOG_CA_MISMATCH, true, true,
	  "IKE authentication credentials are unacceptable: most often the "
	  "client does not trust the gateway's root CA, or the gateway's "
	  "certificate lacks the serverAuth EKU or the name dialled",
	  "check both certificates with certcheck pair (the client's store "
	  "as --peer-ca)",
	  "Windows ERROR_IPSEC_IKE_AUTH_FAIL (13801)" },
	{ WIN, NULL, "IKE failed to find valid machine certificate", 13806,
	  CC_CHECK_LOG_WRONG_CERT, true, true,
	  "no valid machine certificate in the computer's store (missing, "
	  "expired, or from a CA the other side does not ask for)",
	  "install a machine certificate from the CA the gateway trusts: "
	  "check it with certcheck pair",
	  "Windows ERROR_IPSEC_IKE_NO_CERT (13806)" },
	{ WIN, NULL, "Certificate Revocation Check failed", 13817, NO_STATUS,
	  "Windows ERROR_IPSEC_IKE_CRL_FAILED (13817)" },
	{ WIN, NULL, "Invalid certificate key usage", 13818, NO_DIGSIG,
	  "Windows ERROR_IPSEC_IKE_INVALID_KEY_USAGE (13818)" },
	{ WIN, NULL, "Invalid certificate type", 13819, CC_CHECK_LOG_WRONG_CERT,
	  true, false, "the certificate is of a type IKE cannot use",
	  "issue a certificate for IKE (digitalSignature; serverAuth or the "
	  "IKE intermediate EKU on the gateway's)",
	  "Windows ERROR_IPSEC_IKE_INVALID_CERT_TYPE (13819)" },
	{ WIN, NULL, "does not have a private key", 13820, NO_KEY,
	  "Windows ERROR_IPSEC_IKE_NO_PRIVATE_KEY (13820)" },
	{ WIN, NULL, "certificate did not have a public key", 13828,
	  CC_CHECK_LOG_WRONG_CERT, true, false,
	  "the peer's certificate has no usable public key",
	  "issue the peer a certificate with an RSA or ECDSA key",
	  "Windows ERROR_IPSEC_IKE_NO_PUBLIC_KEY (13828)" },
	{ WIN, NULL, "Peer failed to send valid machine certificate", 13847,
	  CC_CHECK_LOG_WRONG_CERT, true, true,
	  "the peer sent no valid machine certificate (none from the CA "
	  "asked for)",
	  "give the peer a certificate from the CA this side trusts: check "
	  "with certcheck pair",
	  "Windows ERROR_IPSEC_IKE_NO_PEER_CERT (13847)" },
	{ WIN, NULL, "Revocation check of peer's certificate failed", 13848,
	  NO_STATUS, "Windows ERROR_IPSEC_IKE_PEER_CRL_FAILED (13848)" },
	{ WIN, NULL, "Policy match error", 13868, CC_CHECK_LOG_IDLIST, true,
	  true, "no IPsec policy of this side matches the peer's",
	  "compare both sides' IKE and IPsec settings (authentication "
	  "method, proposals)",
	  "Windows ERROR_IPSEC_IKE_POLICY_MATCH (13868)" },
	{ WIN, NULL, "Invalid certificate signature", 13875,
	  CC_CHECK_LOG_CA_MISMATCH, true, false,
	  "a certificate's signature does not verify (a CA re-created with "
	  "the same name and another key)",
	  "give this side the CA that really issued the certificate: check "
	  "with certcheck pair",
	  "Windows ERROR_IPSEC_IKE_INVALID_SIG (13875)" },
	{ WIN, NULL, "Key length in certificate is too small", 13881,
	  CC_CHECK_LOG_WRONG_CERT, true, false,
	  "the certificate's key is shorter than the policy requires",
	  "issue a certificate with a longer key (RSA 2048 or more)",
	  "Windows ERROR_IPSEC_IKE_INVALID_CERT_KEYLEN (13881)" },

	/* a format certcheck does not know (Clavister cOS Core's) */
	{ OTHER, NULL, "No public key found", 0, CC_CHECK_LOG_FORMAT, true,
	  true,
	  "\"No public key found\" (Clavister): one of five causes, which "
	  "the log does not tell apart",
	  "run certcheck diagnose with both certificates and the gateway's "
	  "settings",
	  "ipsec-troubleshooting field guide, \"No public key found\"" },
};

/* What a line before the refusal says of the failing revocation step
 * (strongSwan 5.9.8 curl_fetcher.c:161; revocation_validator.c:526,
 * :469, :896, :106, :185). */
static const struct {
	const char *prefix, *detail;
} steps[] = {
	{ "libcurl request failed [6]", "the CRL host's name is not resolved "
					"by the gateway's DNS" },
	{ "libcurl request failed [7]", "the CRL server refuses or is not "
					"reached (connect)" },
	{ "libcurl request failed [28]", "the CRL server does not answer in "
					 "time" },
	{ "libcurl request failed [56]", "the CRL server drops the "
					 "connection" },
	{ "crl response verification failed", "the CRL's signature does not "
					      "verify with the CA's key" },
	{ "crl is stale", "the CRL is stale" },
	{ "certificate status is unknown, crl is stale", "the CRL is stale" },
	{ "ocsp request to", "the OCSP request failed" },
	{ "ocsp response verification failed", "the OCSP response's signer "
					       "is not accepted" },
};

/* Whether the message m starts with p (a strongSwan message, after its
 * leading spaces: compared byte by byte, the first one decides most). */
static bool starts(const char *m, const char *p)
{
	return m[0] == p[0] && !strncmp(m, p, strlen(p));
}

/* The text between the first pair of q's after pattern in s, or NULL. */
static char *quoted(const char *s, const char *pattern, char q)
{
	const char *p = strstr(s, pattern), *a, *b;

	if (!p || !(a = strchr(p + strlen(pattern), q)) ||
	    !(b = strchr(a + 1, q)))
		return NULL;
	return cc_xasprintf("%.*s", (int)(b - a - 1), a + 1);
}

static void add_line(struct cc_log_nego *n, const char *raw)
{
	char *e;

	if (n->nlines >= 8) /* the decisive lines, bounded */
		return;
	e = cc_escape(raw); /* binary junk and bad UTF-8 as \xNN */
	log_add_once(&n->lines, &n->nlines, e);
	free(e);
}

static void take_list(char ***v, size_t *nv, char *s)
{
	if (s) {
		log_add_once(v, nv, s);
		free(s);
	}
}

static void decide(struct cc_log_nego *n, size_t row, const char *raw)
{
	if (n->sig < 0 || (refusals[row].primary && !refusals[n->sig].primary))
		n->sig = (int)row;
	add_line(n, raw);
}

/* Whether the Windows line holds code as a number of its own. */
static bool has_code(const char *s, int code)
{
	char c[8];
	const char *p;

	snprintf(c, sizeof(c), "%d", code);
	for (p = strstr(s, c); p; p = strstr(p + 1, c))
		if ((p == s || !isdigit((unsigned char)p[-1])) &&
		    !isdigit((unsigned char)p[strlen(c)]))
			return true;
	return false;
}

/* The messages take_strongswan() reads, besides the tables' prefixes. */
static const char *const takes[] = {
	"received packet: from ",
	"initiating IKE_SA ",
	"received end entity cert",
	"using certificate",
	"issuer is",
	"using trusted ca",
	"using trusted intermediate",
	"looking for peer configs matching",
	"IKE_SA ",
	"parsed INFORMATIONAL",
};

/* A bit for each pair of first bytes some prefix starts with: most
 * messages start with none, and are passed over at one look. */
static uint64_t first_two[65536 / 64];

static unsigned pair_of(const char *m)
{
	return (unsigned char)m[0] | (unsigned)(unsigned char)m[1] << 8;
}

static void mark(const char *prefix)
{
	unsigned k = pair_of(prefix);

	first_two[k / 64] |= 1ull << (k % 64);
}

/* Fills first_two, once (a single thread reads the log). */
static void mark_prefixes(void)
{
	static bool done;

	if (done)
		return;
	for (size_t i = 0; i < countof(takes); i++)
		mark(takes[i]);
	mark("parsed IKE_SA_INIT request"); /* log_begins(), log_ends() */
	mark("initiating IKE_SA ");
	mark("IKE_SA ");
	for (size_t i = 0; i < countof(steps); i++)
		mark(steps[i].prefix);
	for (size_t i = 0; i < countof(refusals); i++)
		if (refusals[i].gw == SWAN)
			mark(refusals[i].prefix);
	done = true;
}

/* See log.h */
bool log_matters(const struct log_line *l)
{
	const char *m = l->msg;
	unsigned k;

	if (l->fmt >= CC_LOG_PLUTO)
		return true;
	while (*m == ' ')
		m++;
	mark_prefixes();
	k = pair_of(m);
	return m[0] && (first_two[k / 64] >> (k % 64) & 1);
}

static void take_strongswan(struct cc_log_nego *n, const char *m,
			    const char *raw)
{
	char *v;

	while (*m == ' ')
		m++;
	if (!n->address && starts(m, "received packet: from "))
		n->address =
			cc_xasprintf("%.*s", (int)strcspn(m + 22, "["), m + 22);
	else if (!n->address && starts(m, "initiating IKE_SA ") &&
		 (v = strstr(m, " to ")))
		n->address =
			cc_xasprintf("%.*s", (int)strcspn(v + 4, "[ "), v + 4);
	else if (starts(m, "received end entity cert") ||
		 starts(m, "using certificate"))
		take_list(&n->certs, &n->ncerts, quoted(m, "cert", '"'));
	else if (starts(m, "issuer is") || starts(m, "using trusted ca") ||
		 starts(m, "using trusted intermediate"))
		take_list(&n->cas, &n->ncas, quoted(m, " ", '"'));
	else if (starts(m, "looking for peer configs matching")) {
		const char *b = strrchr(m, '['), *e = strrchr(m, ']');

		if (b && e > b) {
			free(n->identity);
			n->identity =
				cc_xasprintf("%.*s", (int)(e - b - 1), b + 1);
		}
	} else if (starts(m, "IKE_SA ") && strstr(m, " established between")) {
		n->established = true;
	} else if (n->established && starts(m, "parsed INFORMATIONAL") &&
		   strstr(m, "N(AUTH_FAILED)")) {
		n->refused_after = true;
		add_line(n, raw);
	}
	for (size_t i = 0; i < countof(steps) && !n->detail; i++)
		if (starts(m, steps[i].prefix)) {
			n->detail = cc_xstrdup(steps[i].detail);
			add_line(n, raw);
		}
	for (size_t i = 0; i < countof(refusals); i++) {
		const struct refusal *x = &refusals[i];

		if (x->gw != SWAN || !starts(m, x->prefix) ||
		    (x->also && !strstr(m, x->also)))
			continue;
		if (!n->identity && x->check == CC_CHECK_LOG_IDENTITY)
			n->identity = quoted(m, "found for", '\'');
		decide(n, i, raw);
		break;
	}
}

static void take_pluto(struct cc_log_nego *n, const struct log_line *l)
{
	const char *m = l->msg;

	if (!n->address && l->addr[0])
		n->address = cc_xstrdup(l->addr);
	if (strstr(m, "established IKE SA")) {
		n->established = true;
		take_list(&n->certs, &n->ncerts,
			  quoted(m, "using peer certificate", '\''));
		take_list(&n->cas, &n->ncas, quoted(m, "issued by CA", '\''));
	}
	if (!n->identity && strstr(m, "does not match expected"))
		n->identity = quoted(m, "peer ID_", '\'');
	if (!n->identity && strstr(m, "no certificate matched"))
		n->identity = quoted(m, " and ", '\'');
	if (strstr(m, "certificate ") && strstr(m, " invalid: SEC_ERROR_")) {
		const char *a = strstr(m, "certificate ") + 12,
			   *b = strstr(a, " invalid: ");

		take_list(&n->certs, &n->ncerts,
			  cc_xasprintf("%.*s", (int)(b - a), a));
	}
	for (size_t i = 0; i < countof(refusals); i++)
		if (refusals[i].gw == PLUTO && strstr(m, refusals[i].also)) {
			decide(n, i, l->raw);
			break;
		}
}

/* The value after "Name:" on a Windows line, or NULL ("-" is none). */
static char *field(const char *m, const char *name)
{
	const char *p = strstr(m, name);

	if (!p)
		return NULL;
	p += strlen(name);
	p += strspn(p, " \t");
	if (!*p || !strcmp(p, "-"))
		return NULL;
	return cc_xstrdup(p);
}

static void take_windows(struct cc_log_nego *n, const char *m, const char *raw)
{
	char *v;

	/* the remote endpoint's come after the local one's */
	if ((v = field(m, "Network Address:"))) {
		free(n->address);
		n->address = v;
	}
	if ((v = field(m, "Principal Name:"))) {
		free(n->identity);
		n->identity = v;
	}
	take_list(&n->cas, &n->ncas, field(m, "Issuing CA:"));
	take_list(&n->cas, &n->ncas, field(m, "Root CA:"));
	if (strstr(m, "security association was established"))
		n->established = true;
	for (size_t i = 0; i < countof(refusals); i++) {
		const struct refusal *x = &refusals[i];

		if (x->gw == WIN &&
		    (strstr(m, x->also) || has_code(m, x->code))) {
			decide(n, i, raw);
			break;
		}
	}
}

/* A format certcheck does not know: addresses, DNs and ID_ tokens. */
static void take_other(struct cc_log_nego *n, const char *m, const char *raw,
		       const char *key)
{
	const char *p;

	if (!n->address)
		n->address = cc_xstrdup(key);

	if (!n->identity && (p = strstr(m, "CN=")))
		n->identity = cc_xasprintf("%.*s", (int)strcspn(p, "\"'>)"), p);
	if (!n->identity && (p = strstr(m, "ID_")))
		n->identity = cc_xasprintf("%.*s", (int)strcspn(p, " ,;"), p);
	for (size_t i = 0; i < countof(refusals); i++)
		if (refusals[i].gw == OTHER && strstr(m, refusals[i].also)) {
			decide(n, i, raw);
			break;
		}
}

/* See log.h */
void log_take(struct cc_log_nego *n, const struct log_line *l)
{
	switch (l->fmt) {
	case CC_LOG_PLUTO:
		take_pluto(n, l);
		break;
	case CC_LOG_WINDOWS:
		take_windows(n, l->msg, l->raw);
		break;
	case CC_LOG_OTHER:
		/* lines of a Windows event that say no more than text */
		if (n->fmt == CC_LOG_WINDOWS)
			take_windows(n, l->msg, l->raw);
		else
			take_other(n, l->msg, l->raw, n->key);
		break;
	default:
		take_strongswan(n, l->msg, l->raw);
		break;
	}
}

/* See log.h */
bool log_begins(const struct log_line *l)
{
	const char *m = l->msg;

	if (m[0] != 'p' && m[0] != 'i' && l->fmt != CC_LOG_PLUTO)
		return false;
	return starts(m, "parsed IKE_SA_INIT request") ||
	       starts(m, "initiating IKE_SA ") ||
	       (l->fmt == CC_LOG_PLUTO && strstr(m, "initiating IKEv2"));
}

/* See log.h */
bool log_ends(const struct log_line *l)
{
	const char *m = l->msg;

	if (l->fmt == CC_LOG_PLUTO)
		return !strncmp(m, "deleting state", 14);
	return m[0] == 'I' && starts(m, "IKE_SA ") &&
	       strstr(m, "=> DESTROYING");
}

/* See cc_log.h */
bool cc_log_failed(const struct cc_log_nego *n)
{
	return n->sig >= 0 || n->refused_after;
}

/* See cc_log.h */
enum cc_check cc_log_check(const struct cc_log_nego *n)
{
	return n->sig >= 0 ? refusals[n->sig].check : CC_CHECK_LOG_PEER_REFUSED;
}

/* See cc_log.h */
int cc_log_cause(const struct cc_log_nego *n)
{
	enum cc_check c = cc_log_check(n);

	if (c == CC_CHECK_LOG_PEER_REFUSED || c == CC_CHECK_LOG_FORMAT)
		return CC_CAUSE_COUNT;
	return (int)cc_check_row(c)->cause;
}

/* See cc_log.h */
bool cc_log_likely(const struct cc_log_nego *n)
{
	return n->sig >= 0 && refusals[n->sig].likely;
}

/* See cc_log.h */
const char *cc_log_what(const struct cc_log_nego *n)
{
	return n->sig >= 0 ? refusals[n->sig].what
			   : "the IKE_SA came up, then the other side refused "
			     "it (N(AUTH_FAILED)): its own log says why";
}

/* See cc_log.h */
const char *cc_log_fix(const struct cc_log_nego *n)
{
	return n->sig >= 0 ? refusals[n->sig].fix
			   : "read the other side's log with certcheck log";
}

/* See cc_log.h */
const char *cc_log_source(const struct cc_log_nego *n)
{
	return n->sig >= 0 ? refusals[n->sig].source : NULL;
}
