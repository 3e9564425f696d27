/* SPDX-License-Identifier: MIT */
/*
 * logcause.c - what the lines of a strongSwan negotiation mean: one table
 * of refusals (below), each with its cause and its source, the lines that
 * say more about one (the failing CRL step, the CA looked for), and the
 * findings and the "negotiations" part of the `log` command.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cc_report.h"
#include "log.h"

/*
 * The refusals of strongSwan 5.9.8, what charon logs where it refuses a
 * peer (or the peer refuses it), each checked against the lab's real
 * charon (tests/lab: every scenario's log must give its cause).  primary:
 * the first such line decides the negotiation; a secondary one decides it
 * only when no primary came before (charon logs "no trusted ... public key
 * found" after most other refusals).
 */
static const struct refusal {
	const char *pattern; /* a substring of the message */
	enum cc_check check;
	bool primary;
	enum cc_status status;
	const char *what, *fix, *source;
} refusals[] = {
	{ "no issuer certificate found for", CC_CHECK_LOG_CA_MISMATCH, true,
	  CC_STATUS_FAIL,
	  "the peer's certificate does not chain to a CA the gateway trusts",
	  "give the gateway the CA that issued the peer's certificate (or "
	  "the intermediate, sent by the peer); a CA re-created with the same "
	  "name has another key: check with certcheck pair",
	  "credential_manager.c:799" },
	{ "violates constraint of", CC_CHECK_LOG_CA_MISMATCH, true,
	  CC_STATUS_FAIL,
	  "the peer's chain is longer than a CA's path length constraint "
	  "allows",
	  "issue the peer's certificate from a CA whose pathLenConstraint "
	  "allows the chain",
	  "constraints_validator.c:48" },
	{ "certificate invalid (valid from", CC_CHECK_LOG_VALIDITY, true,
	  CC_STATUS_FAIL,
	  "a certificate of the chain is outside its validity at the "
	  "gateway's time",
	  "renew the certificate, or correct the clock (NTP) of the side "
	  "that judged it",
	  "credential_manager.c:587" },
	{ "certificate was revoked on", CC_CHECK_LOG_REVOKED, true,
	  CC_STATUS_FAIL, "the peer's certificate is revoked",
	  "issue a new certificate for this peer",
	  "revocation_validator.c:256 (OCSP), :553 (CRL)" },
	{ "RULE_CRL_VALIDATION is", CC_CHECK_LOG_CRL_UNREACHABLE, true,
	  CC_STATUS_FAIL,
	  "no usable revocation status: the gateway's policy refuses the "
	  "peer",
	  "make the CRL (or OCSP responder) reachable and current from the "
	  "gateway, or relax its revocation policy: check with certcheck crl",
	  "auth_cfg.c:926" },
	{ "RULE_OCSP_VALIDATION is", CC_CHECK_LOG_CRL_UNREACHABLE, true,
	  CC_STATUS_FAIL,
	  "no usable OCSP status: the gateway's policy refuses the peer",
	  "make the OCSP responder reachable from the gateway, or relax its "
	  "revocation policy: check with certcheck crl",
	  "auth_cfg.c:926" },
	{ "peer not authenticated by CA", CC_CHECK_LOG_CA_MISMATCH, true,
	  CC_STATUS_FAIL,
	  "the connection wants another CA in the peer's chain "
	  "(remote.cacerts or ca_id)",
	  "give the peer a certificate from the CA the connection names, or "
	  "name its CA there",
	  "auth_cfg.c:1167" },
	{ "peer not authenticated with peer cert", CC_CHECK_LOG_WRONG_CERT,
	  true, CC_STATUS_FAIL,
	  "the connection pins another certificate (remote.certs)",
	  "have the peer use the certificate the connection pins, or pin its "
	  "current one",
	  "auth_cfg.c:1176" },
	{ "constraint check failed: identity", CC_CHECK_LOG_IDENTITY, true,
	  CC_STATUS_FAIL,
	  "the identity the connection requires is not the peer's",
	  "have the peer send the identity the connection's remote.id names",
	  "auth_cfg.c:964" },
	{ "rejecting certificate without digitalSignature",
	  CC_CHECK_LOG_WRONG_CERT, true, CC_STATUS_FAIL,
	  "the peer's certificate has no digitalSignature key usage",
	  "issue the peer a certificate with digitalSignature in its key "
	  "usage",
	  "pubkey_authenticator.c:557" },
	{ "no matching peer config found", CC_CHECK_LOG_IDLIST, true,
	  CC_STATUS_FAIL,
	  "no connection takes the peer at its address with its identity",
	  "give a connection the peer's address in remote_addrs and its "
	  "identity in remote.id: check with certcheck idlist --swanctl",
	  "ike_auth.c:370" },
	{ "no private key found for", CC_CHECK_LOG_KEY, true, CC_STATUS_FAIL,
	  "this side has no private key for its own certificate",
	  "give charon the private key that belongs to its certificate",
	  "pubkey_authenticator.c:523" },
	{ "received AUTHENTICATION_FAILED notify", CC_CHECK_LOG_PEER_REFUSED,
	  true, CC_STATUS_INFO, "the other side refused: its own log says why",
	  "read the other side's log with certcheck log", "ike_auth.c:1329" },
	{ "no trusted", CC_CHECK_LOG_IDENTITY, false, CC_STATUS_FAIL,
	  "no certificate the gateway trusts holds the identity the peer "
	  "sent",
	  "have the peer send an identity its certificate holds (its "
	  "subject, or a subjectAltName), or configure the one it sends: "
	  "check with certcheck diagnose --peer-id",
	  "pubkey_authenticator.c:682" },
};

/* What a line before the refusal says of the failing revocation step
 * (curl_fetcher.c:161; revocation_validator.c:526, :469, :106, :185). */
static const struct {
	const char *pattern, *detail;
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
	{ "ocsp request to", "the OCSP request failed" },
	{ "ocsp response verification failed", "the OCSP response's signer "
					       "is not accepted" },
};

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
	if (n->nlines < 8) /* the decisive lines, bounded */
		log_add_once(&n->lines, &n->nlines, raw);
}

/* See log.h */
void log_take(struct cc_log_nego *n, const char *msg, const char *raw)
{
	char *v;

	/* "received packet: from ADDR[PORT] to ...": the other side's */
	if (!n->address && !strncmp(msg, "received packet: from ", 22))
		n->address = cc_xasprintf("%.*s", (int)strcspn(msg + 22, "["),
					  msg + 22);
	if ((v = quoted(msg, "received end entity cert", '"')) ||
	    (v = quoted(msg, "using certificate", '"'))) {
		log_add_once(&n->certs, &n->ncerts, v);
		free(v);
	}
	if ((v = quoted(msg, "issuer is", '"')) ||
	    (v = quoted(msg, "using trusted ca certificate", '"')) ||
	    (v = quoted(msg, "using trusted intermediate ca certificate",
			'"'))) {
		log_add_once(&n->cas, &n->ncas, v);
		free(v);
	}
	if (!n->identity && (v = quoted(msg, "public key found for", '\'')))
		n->identity = v;
	if (strstr(msg, "looking for peer configs matching")) {
		const char *b = strrchr(msg, '['), *e = strrchr(msg, ']');

		if (b && e > b) {
			free(n->identity);
			n->identity =
				cc_xasprintf("%.*s", (int)(e - b - 1), b + 1);
		}
	}
	if (strstr(msg, "IKE_SA ") && strstr(msg, " established between"))
		n->established = true;
	if (n->established && strstr(msg, "INFORMATIONAL") &&
	    strstr(msg, "N(AUTH_FAILED)")) {
		n->refused_after = true;
		add_line(n, raw);
	}
	for (size_t i = 0; i < countof(steps) && !n->detail; i++)
		if (strstr(msg, steps[i].pattern)) {
			n->detail = cc_xstrdup(steps[i].detail);
			add_line(n, raw);
		}
	for (size_t i = 0; i < countof(refusals); i++) {
		if (!strstr(msg, refusals[i].pattern))
			continue;
		if (n->sig < 0 ||
		    (refusals[i].primary && !refusals[n->sig].primary))
			n->sig = (int)i;
		add_line(n, raw);
		break;
	}
}

/* Whether n failed (and on which side), and how to say it. */
static bool failed(const struct cc_log_nego *n)
{
	return n->sig >= 0 || n->refused_after;
}

/* Whether n is a negotiation at all: lines of a thread that name no
 * IKE_SA (the daemon's start, its plugins) are none. */
static bool is_nego(const struct cc_log_nego *n)
{
	return failed(n) || n->established || n->address || n->identity;
}

static bool wanted(const struct cc_log_nego *n, const char *remote)
{
	return !remote || (n->address && !strcmp(n->address, remote)) ||
	       (n->identity && !strcmp(n->identity, remote));
}

/* See cc_log.h */
void cc_log_report(struct cc_report *r, const struct cc_log *log, bool all,
		   const char *remote)
{
	size_t up = 0, last = log->len, negos = 0;
	struct cc_finding *f;

	for (int c = 0; c < CC_CAUSE_COUNT; c++)
		r->not_checked_why[c] = "the log shows no such refusal";
	/* the most recent failure decides: the earlier ones were likely
	 * retried since */
	for (size_t i = log->len; i-- > 0 && last == log->len;)
		if (failed(&log->n[i]) && wanted(&log->n[i], remote))
			last = i;
	for (size_t i = 0; i < log->len; i++) {
		const struct cc_log_nego *n = &log->n[i];
		const struct refusal *x;
		char when[21] = "";

		if (!is_nego(n) || !wanted(n, remote))
			continue;
		negos++;
		if (n->time)
			cc_format_time(n->time, when);
		if (!failed(n)) {
			up += n->established;
			if (all && n->established) {
				f = cc_report_add(r, CC_CHECK_LOG_ESTABLISHED,
						  CC_STATUS_INFO, -1,
						  "%s%s%s: established", when,
						  when[0] ? " " : "", n->key);
				cc_finding_str(f, "negotiation", "%s", n->key);
			}
			continue;
		}
		x = n->sig >= 0 ? &refusals[n->sig] : NULL;
		f = cc_report_add(
			r, x ? x->check : CC_CHECK_LOG_PEER_REFUSED,
			!x || x->status == CC_STATUS_INFO ? CC_STATUS_INFO
			: i == last			  ? CC_STATUS_FAIL
							  : CC_STATUS_WARN,
			-1, "%s%s%s%s%s%s%s%s: %s%s%s", when,
			when[0] ? " " : "", n->key, n->address ? " from " : "",
			n->address ? n->address : "",
			n->identity ? " as '" : "",
			n->identity ? n->identity : "", n->identity ? "'" : "",
			x ? x->what
			  : "the IKE_SA came up, then the other side refused "
			    "it (N(AUTH_FAILED)): its own log says why",
			n->detail ? ": " : "", n->detail ? n->detail : "");
		cc_finding_str(f, "negotiation", "%s", n->key);
		if (n->address)
			cc_finding_str(f, "address", "%s", n->address);
		if (n->identity)
			cc_finding_str(f, "identity", "%s", n->identity);
		if (x)
			cc_finding_str(f, "source", "strongSwan 5.9.8 %s",
				       x->source);
		cc_finding_list(f, "lines");
		for (size_t k = 0; k < n->nlines; k++)
			cc_finding_list_add(f, "%s", n->lines[k]);
		cc_finding_remedy(f, "%s",
				  x ? x->fix
				    : "read the other side's log with "
				      "certcheck log");
	}
	f = cc_report_add(r, CC_CHECK_LOG_ESTABLISHED, CC_STATUS_INFO, -1,
			  "%zu negotiation%s in %zu lines, %zu established%s",
			  negos, negos == 1 ? "" : "s", log->lines, up,
			  log->dropped ? " (more were not kept: the bound of "
					 "negotiations held)"
				       : "");
	cc_finding_int(f, "negotiations", (long long)negos);
	cc_finding_int(f, "established", (long long)up);
	cc_finding_int(f, "unrecognised_lines", (long long)log->unrecognised);
}

static const char *cause_of(const struct cc_log_nego *n)
{
	if (n->sig < 0)
		return n->refused_after ? "the other side refused" : NULL;
	return cc_cause_name(cc_check_row(refusals[n->sig].check)->cause);
}

static json_object *strings(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static void nego_json(struct cc_json *w, const struct cc_report *r,
		      const void *data)
{
	const struct cc_log *log = data;

	(void)r;
	cc_json_array_begin(w, "negotiations");
	for (size_t i = 0; i < log->len; i++) {
		const struct cc_log_nego *n = &log->n[i];
		json_object *o;
		const char *cause = cause_of(n);

		if (!is_nego(n))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "negotiation",
				       json_object_new_string(n->key));
		json_object_object_add(o, "time",
				       n->time ? cc_json_time(n->time) : NULL);
		json_object_object_add(
			o, "address",
			n->address ? json_object_new_string(n->address) : NULL);
		json_object_object_add(
			o, "identity",
			n->identity ? json_object_new_string(n->identity)
				    : NULL);
		json_object_object_add(o, "certificates",
				       strings(n->certs, n->ncerts));
		json_object_object_add(o, "cas", strings(n->cas, n->ncas));
		json_object_object_add(o, "lines",
				       strings(n->lines, n->nlines));
		json_object_object_add(o, "cause",
				       cause ? json_object_new_string(cause)
					     : NULL);
		json_object_object_add(
			o, "status",
			json_object_new_string(failed(n) ? "failed"
					       : n->established
						       ? "established"
						       : "incomplete"));
		cc_json_element(w, o);
	}
	cc_json_array_end(w);
}

static void nego_text(struct cc_text *t, const struct cc_report *r,
		      const void *data)
{
	const struct cc_log *log = data;

	(void)r;
	if (!log->len)
		return;
	cc_text_puts(t, "\nNegotiations:\n");
	for (size_t i = 0; i < log->len; i++) {
		const struct cc_log_nego *n = &log->n[i];
		const char *cause = cause_of(n);

		if (!is_nego(n))
			continue;
		cc_text_puts(t, "  ");
		cc_text_status(t,
			       failed(n)	? CC_STATUS_FAIL
			       : n->established ? CC_STATUS_OK
						: CC_STATUS_SKIP,
			       failed(n)	? "FAIL"
			       : n->established ? "OK  "
						: "--  ");
		cc_text_puts(t, "  ");
		cc_text_safe(t, n->key);
		if (n->address) {
			cc_text_puts(t, " from ");
			cc_text_safe(t, n->address);
		}
		if (n->identity) {
			cc_text_puts(t, " as '");
			cc_text_safe(t, n->identity);
			cc_text_puts(t, "'");
		}
		if (cause)
			cc_text_printf(t, ": %s", cause);
		cc_text_puts(t, "\n");
	}
}

/* See cc_log.h */
struct cc_report_part cc_log_part(const struct cc_log *log)
{
	return (struct cc_report_part){ nego_text, nego_json, log };
}
