/* SPDX-License-Identifier: MIT */
/*
 * findings.c - what the CRL check says of each certificate: the first
 * failing step of each URL as its own finding (fail when no URL and no
 * --crl file gives a usable CRL, warn when one does, info when the chain
 * fails anyway), usable, revoked or not, no CDP; and the merge of the
 * per-URL verdict with OpenSSL's RFC 5280 one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "cc_report.h"
#include "crl_private.h"

/* The first step of u that went wrong (fail, else warn), or NULL. */
static const struct cc_url_step *bad_step(const struct cc_url_result *u)
{
	const struct cc_url_step *w = NULL;

	for (size_t i = 0; i < u->nsteps; i++) {
		if (u->steps[i].status == CC_STATUS_FAIL)
			return &u->steps[i];
		if (u->steps[i].status == CC_STATUS_WARN && !w)
			w = &u->steps[i];
	}
	return w;
}

static bool has_step(const struct cc_url_result *u, enum cc_url_step_kind step)
{
	for (size_t i = 0; i < u->nsteps; i++)
		if (u->steps[i].step == step)
			return true;
	return false;
}

/* Merges the per-URL verdict with OpenSSL's RFC 5280 one, which covers
 * indirect and delta CRLs and scope rules the first does not: where a CRL
 * was had for the certificate and the two differ, OpenSSL's wins, said. */
/* See crl_private.h */
void crl_merge_opinions(struct cc_report *r, const struct cc_certset *set,
			struct subject *s)
{
	const struct cc_cert *c = set->cert[s->cert];
	struct cc_finding *f;

	s->usable = s->usable_url >= 0 || s->usable_file >= 0;
	s->revoked = s->usable && s->best.revoked;
	/* an OCSP answer is no CRL: RFC 5280's CRL opinion does not judge
	 * it */
	if (!s->had_crl || s->rfc == RFC_REV_UNKNOWN || s->best_ocsp)
		return;
	switch (s->rfc) {
	case RFC_REV_OK:
	case RFC_REV_REVOKED:
		if (!s->usable) {
			free(s->best_source);
			s->best_source = cc_xstrdup(
				"RFC 5280 path validation over the CRLs had");
		}
		s->usable = true;
		s->revoked = s->rfc == RFC_REV_REVOKED;
		break;
	case RFC_REV_NO_CRL:
	case RFC_REV_CRL_BAD:
		if (s->usable) {
			f = cc_report_add(
				r, CC_CHECK_CRL_SCOPE,
				!s->chain_refused ? CC_STATUS_FAIL
						  : CC_STATUS_INFO,
				s->cert,
				"no CRL had covers '%s' by RFC 5280 "
				"rules: %s",
				c->subject,
				X509_verify_cert_error_string(s->rfc_code));
			cc_finding_int(f, "openssl_error", s->rfc_code);
			cc_finding_remedy(f, "publish a CRL whose scope "
					     "(issuing distribution point, "
					     "reasons, issuer) covers the "
					     "certificate");
		}
		s->usable = s->revoked = false;
		break;
	case RFC_REV_UNKNOWN:
		break;
	}
}

/* The URLs of s the gateway asks: its OCSP responders count only when
 * the gateway asks OCSP. */
static size_t used_urls(const struct subject *s)
{
	return s->nurls - (s->ocsp_unused ? s->nocsp : 0);
}

/* No revocation status can be had for s: the revoked cause cannot be
 * ruled out for its chain, and says why. */
static void no_status(struct cc_report *r, const struct cc_cert *c,
		      const struct subject *s, bool no_network, bool files)
{
	const char *why = !files && no_network
				  ? "--no-network and no --crl file"
			  : no_network ? "no CRL of its issuer among the --crl "
					 "files, and --no-network"
			  : used_urls(s) ? "no URL of it gave a usable status"
					 : "its CRL file cannot be used";
	struct cc_finding *f;

	f = cc_report_add(r, CC_CHECK_CRL_NO_STATUS, CC_STATUS_SKIP, s->cert,
			  "whether '%s' (serial %s) is revoked is not known: "
			  "%s",
			  c->subject, c->serial, why);
	cc_finding_str(f, "serial", "%s", c->serial);
	cc_finding_str(f, "why", "%s", why);
}

/* See crl_private.h */
void crl_report_subject(struct cc_report *r, const struct cc_certset *set,
			const struct subject *s,
			const struct cc_url_results *urls, bool no_network,
			bool files, enum cc_revocation pol)
{
	const struct cc_cert *c = set->cert[s->cert];
	bool usable = s->usable;
	/* a gateway stops at a refused chain; relaxed refuses no failure */
	enum cc_status bad = s->chain_refused || pol == CC_REV_RELAXED
				     ? CC_STATUS_INFO
			     : usable ? CC_STATUS_WARN
				      : CC_STATUS_FAIL;
	struct cc_finding *f;

	if (!usable && used_urls(s) && no_network) {
		f = cc_report_add(
			r, CC_CHECK_CRL_NETWORK, CC_STATUS_SKIP, s->cert,
			"--no-network: the %zu CRL URL%s of '%s' "
			"were not fetched",
			s->nurls, s->nurls == 1 ? "" : "s", c->subject);
		cc_finding_int(f, "urls", (long long)s->nurls);
	}
	if (!usable && used_urls(s) && !no_network) {
		f = cc_report_add(
			r, CC_CHECK_CRL_UNUSABLE, bad, s->cert,
			s->nocsp ? "no CRL distribution point or OCSP "
				   "responder of '%s' gives a usable "
				   "revocation status (%zu URL%s tried)%s"
				 : "no CRL distribution point of '%s' yields "
				   "a usable CRL (%zu URL%s tried)%s",
			c->subject, s->nurls, s->nurls == 1 ? "" : "s",
			s->chain_refused ? "; the gateway rejects its "
					   "chain first anyway"
			: pol == CC_REV_RELAXED
				? "; under revocation policy relaxed "
				  "the gateway does not refuse it "
				  "today, but it cannot see a "
				  "revocation either"
				: "");
		cc_finding_int(f, "urls", (long long)s->nurls);
		cc_finding_remedy(f, "fix the first failing step of a URL "
				     "below, or give the CRL with --crl to "
				     "check offline");
		if (pol == CC_REV_RELAXED && !s->chain_refused) {
			f = cc_report_add(r, CC_CHECK_CRL_NOT_REQUIRED,
					  CC_STATUS_OK, s->cert,
					  "revocation policy relaxed: the "
					  "gateway does not refuse '%s' for "
					  "want of a CRL",
					  c->subject);
			cc_finding_str(f, "policy", "%s",
				       cc_revocation_name(pol));
		}
	}
	for (size_t i = s->first_url; i < s->first_url + s->nurls; i++) {
		const struct cc_url_result *u = &urls->url[i];
		const struct cc_url_step *st = bad_step(u);
		struct cc_url_step_row row;
		bool split, unused;

		if (!st || st->step == CC_STEP_LOOKUP)
			continue; /* not a reachability problem: said apart */
		split = st->step == CC_STEP_DNS &&
			has_step(u, CC_STEP_DNS_SYSTEM);
		row = cc_url_step_row_of(st->step, u->kind);
		unused = u->kind == CC_URL_OCSP && s->ocsp_unused;
		f = cc_report_add(
			r, split ? CC_CHECK_CRL_SPLIT_HORIZON : row.check,
			unused ? CC_STATUS_INFO
			: st->status == CC_STATUS_WARN && bad > CC_STATUS_WARN
				? CC_STATUS_WARN
				: bad,
			s->cert, "%s (%s '%s'): %s", u->url,
			u->kind == CC_URL_OCSP ? "OCSP responder for"
					       : "CRL of",
			c->subject, st->detail);
		cc_finding_str(f, "url", "%s", u->url);
		cc_finding_str(f, "step", "%s", row.name);
		cc_finding_int(f, "ms", st->ms);
		if (unused)
			cc_finding_str(f, "note",
				       "this gateway asks no OCSP responder "
				       "(doc/gateway-profiles.md): the CRLs "
				       "decide");
		else if (usable)
			cc_finding_str(f, "note",
				       "another URL gives a usable "
				       "CRL, but a gateway that "
				       "tries only this one fails");
		if (split)
			cc_finding_remedy(f, "give the gateway a DNS server "
					     "that knows the internal name, or "
					     "publish the CRL under a name "
					     "public DNS resolves");
		else
			cc_finding_remedy(f, "%s", row.remedy);
	}
	if (s->file_problem) {
		f = cc_report_add(r, CC_CHECK_CRL_FILE,
				  usable ? CC_STATUS_INFO : bad, s->cert,
				  "a CRL file for '%s' cannot be used: %s",
				  c->subject, s->file_problem);
		cc_finding_remedy(f,
				  "give the current CRL of the certificate's "
				  "CA, signed with its current key");
	}
	if (!used_urls(s) && !usable && !s->file_problem) {
		/* strict wants a GOOD status (strongSwan 5.9.8:
		 * vici_config.c:1566 maps strict to VALIDATION_GOOD) */
		bool refused = pol == CC_REV_STRICT && !s->chain_refused;

		f = cc_report_add(
			r,
			s->cdp.dirnames ? CC_CHECK_CRL_DIRNAME_ONLY
					: CC_CHECK_CRL_NO_CDP,
			refused ? CC_STATUS_FAIL : CC_STATUS_INFO, s->cert,
			s->cdp.dirnames ? "'%s' names its CRL only by a "
					  "directory name: no gateway can "
					  "fetch it; a strict revocation "
					  "policy rejects it"
					: "'%s' has no CRL distribution point: "
					  "no revocation information; a "
					  "strict revocation policy rejects "
					  "it",
			c->subject);
		cc_finding_remedy(f, "issue certificates with an http CRL "
				     "distribution point, or give the CRL "
				     "with --crl");
	}
	if (usable) {
		f = cc_report_add(r, CC_CHECK_CRL_USABLE, CC_STATUS_OK, s->cert,
				  s->best_ocsp
					  ? "'%s' has a usable OCSP "
					    "answer from %s"
					  : "'%s' has a usable CRL from %s",
				  c->subject, s->best_source);
		cc_finding_str(f, "source", "%s", s->best_source);
		cc_finding_time(f, "this_update", s->best.this_update);
		if (s->best.next_update)
			cc_finding_time(f, "next_update", s->best.next_update);
		if (s->best.aging) {
			f = cc_report_add(r, CC_CHECK_CRL_AGING, CC_STATUS_INFO,
					  s->cert,
					  "the CRL of '%s' from %s has passed "
					  "80%% of its validity period",
					  c->subject, s->best_source);
			cc_finding_time(f, "next_update", s->best.next_update);
			cc_finding_remedy(f, "check that the CA publishes its "
					     "next CRL in time");
		}
		if (s->revoked && !s->best.revoked) {
			f = cc_report_add(r, CC_CHECK_CRL_REVOKED,
					  CC_STATUS_FAIL, s->cert,
					  "'%s' (serial %s) is revoked by RFC "
					  "5280 rules over the CRLs had (an "
					  "indirect or delta CRL)",
					  c->subject, c->serial);
			cc_finding_str(f, "serial", "%s", c->serial);
			cc_finding_str(f, "source", "%s", s->best_source);
			cc_finding_remedy(f, "issue a new certificate for this "
					     "peer");
		} else if (s->revoked) {
			char when[21];

			cc_format_time(s->best.revoked_at, when);
			f = cc_report_add(r, CC_CHECK_CRL_REVOKED,
					  CC_STATUS_FAIL, s->cert,
					  "'%s' (serial %s) is %s since %s "
					  "(reason %s)",
					  c->subject, c->serial,
					  s->best.hold ? "on hold" : "revoked",
					  when,
					  crl_reason_name(s->best.reason));
			cc_finding_str(f, "serial", "%s", c->serial);
			cc_finding_time(f, "revoked_at", s->best.revoked_at);
			cc_finding_str(f, "reason", "%s",
				       crl_reason_name(s->best.reason));
			cc_finding_str(f, "source", "%s", s->best_source);
			if (s->best.hold)
				cc_finding_remedy(f, "release the hold on the "
						     "CA (remove it from the "
						     "CRL), or issue a new "
						     "certificate");
			else
				cc_finding_remedy(f, "issue a new certificate "
						     "for this peer");
		} else {
			f = cc_report_add(
				r, CC_CHECK_CRL_NOT_REVOKED,
				s->chain_covered ? CC_STATUS_OK
						 : CC_STATUS_INFO,
				s->cert, "'%s' (serial %s) is not revoked%s",
				c->subject, c->serial,
				s->chain_covered ? ""
						 : " by its CRL; another "
						   "certificate of the chain "
						   "has no CRL, so the chain "
						   "is not proven unrevoked");
			cc_finding_str(f, "source", "%s", s->best_source);
		}
	} else if (crl_unproven(s)) {
		no_status(r, c, s, no_network, files);
	}
}

/* See crl_private.h */
bool crl_unproven(const struct subject *s)
{
	return !s->usable && (used_urls(s) || s->file_problem);
}
