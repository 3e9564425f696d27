/* SPDX-License-Identifier: MIT */
/*
 * probereport.c - what the probe's answer means: the CAs the gateway asks
 * certificates from (each CERTREQ hash, RFC 7296 3.7: the SHA-1 of a CA's
 * subjectPublicKeyInfo) against the CAs the user's certificate chains to
 * and the ones the user suspects (--ca); the facts of the answer; the
 * report's "probe" part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cc_cert.h"
#include "cc_probe.h"
#include "cc_report.h"
#include "cc_x509.h"

#define MAX_CHAIN 8

/* The SHA-1 of c's subjectPublicKeyInfo (what a CERTREQ names). */
static bool spki_sha1(const struct cc_cert *c, uint8_t out[20])
{
	unsigned char *der = NULL;
	int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(c->x509), &der);
	unsigned len = 20;
	bool ok = n > 0 &&
		  EVP_Digest(der, (size_t)n, out, &len, EVP_sha1(), NULL);

	OPENSSL_free(der);
	return ok;
}

/* The CAs the peer's certificate chains to, in set (its own bundle, the
 * intermediates, the candidates): issuer by name and signature, up to
 * MAX_CHAIN; returns how many, into chain[]. */
static size_t chain_of(const struct cc_certset *set, int leaf,
		       int chain[MAX_CHAIN])
{
	size_t n = 0;
	int at = leaf;

	while (n < MAX_CHAIN) {
		const struct cc_cert *c = set->cert[at];
		int up = -1;

		if (c->self_signed && at != leaf)
			break;
		for (size_t i = 0; i < set->n && up < 0; i++) {
			EVP_PKEY *k;

			if ((int)i == at || !set->cert[i]->is_ca ||
			    strcmp(set->cert[i]->subject, c->issuer))
				continue;
			k = X509_get0_pubkey(set->cert[i]->x509);
			if (k && X509_verify(c->x509, k) == 1)
				up = (int)i;
		}
		if (up < 0)
			break;
		for (size_t k = 0; k < n; k++)
			if (chain[k] == up)
				return n; /* a loop */
		chain[n++] = up;
		at = up;
	}
	return n;
}

/* The certificate of set whose key a CERTREQ hash names, or -1. */
static int named_by(const struct cc_certset *set, const uint8_t hash[20])
{
	uint8_t h[20];

	for (size_t i = 0; i < set->n; i++)
		if (set->cert[i]->is_ca && spki_sha1(set->cert[i], h) &&
		    !memcmp(h, hash, 20))
			return (int)i;
	return -1;
}

static int peer_leaf(const struct cc_certset *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->cert[i]->role == CC_ROLE_PEER && !set->cert[i]->is_ca)
			return (int)i;
	return -1;
}

/* The CERTREQ hashes matched against the peer's chain and candidates. */
static void judge_certreq(struct cc_report *r, const struct cc_ike_answer *a,
			  const struct cc_certset *set)
{
	int leaf = peer_leaf(set), chain[MAX_CHAIN];
	size_t nchain = leaf >= 0 ? chain_of(set, leaf, chain) : 0, total = 0;
	struct cc_finding *f;
	char h[65];

	for (size_t k = 0; k < a->ncertreq; k++)
		total += a->certreq[k].n;
	if (!total) {
		f = cc_report_add(
			r, CC_CHECK_PROBE_CERTREQ,
			leaf >= 0 ? CC_STATUS_WARN : CC_STATUS_INFO, leaf,
			"the gateway sent no certificate request: it names no "
			"CA it trusts, and a client that sends its certificate "
			"only when asked (strongSwan's send_cert = ifasked) "
			"sends none, which the gateway reports as no public "
			"key found");
		cc_finding_remedy(f, "have the client send its certificate "
				     "always (send_cert = always), or the "
				     "gateway send certificate requests "
				     "(send_certreq = yes)");
		return;
	}
	/* a CA of the chain the gateway asks for: it will take it */
	for (size_t k = 0; k < a->ncertreq; k++)
		for (size_t j = 0; j < a->certreq[k].n; j++)
			for (size_t c = 0; c < nchain; c++) {
				uint8_t mine[20];

				if (!spki_sha1(set->cert[chain[c]], mine) ||
				    memcmp(mine, a->certreq[k].hash[j], 20))
					continue;
				cc_digest_hex(mine, 20, h);
				f = cc_report_add(
					r, CC_CHECK_PROBE_CERTREQ, CC_STATUS_OK,
					leaf,
					"the gateway asks for certificates "
					"from '%s', which '%s' chains to",
					set->cert[chain[c]]->subject,
					set->cert[leaf]->subject);
				cc_finding_str(f, "hash", "%s", h);
				return;
			}
	if (leaf < 0) {
		f = cc_report_add(r, CC_CHECK_PROBE_CERTREQ, CC_STATUS_INFO, -1,
				  "the gateway asks for certificates from %zu "
				  "CA%s (give --peer to match them against "
				  "your certificate's chain)",
				  total, total == 1 ? "" : "s");
		return;
	}
	/* none: name what it asks for where a candidate has that key, and a
	 * candidate of a chain CA's name with another key as such */
	char *asked = cc_xstrdup(""), *mine = cc_xstrdup("");

	for (size_t k = 0; k < a->ncertreq; k++)
		for (size_t j = 0; j < a->certreq[k].n; j++) {
			int c = named_by(set, a->certreq[k].hash[j]);
			char *next;

			cc_digest_hex(a->certreq[k].hash[j], 20, h);
			next = cc_xasprintf("%s%s%s%s%s", asked,
					    *asked ? ", " : "",
					    c >= 0 ? "'" : "key ",
					    c >= 0 ? set->cert[c]->subject : h,
					    c >= 0 ? "'" : "");
			free(asked);
			asked = next;
			/* the name of a CA the chain holds, or of the
			 * leaf's issuer when its certificate is not here */
			bool same = c >= 0 && !strcmp(set->cert[c]->subject,
						      set->cert[leaf]->issuer);

			for (size_t x = 0; c >= 0 && x < nchain; x++)
				same = same ||
				       !strcmp(set->cert[c]->subject,
					       set->cert[chain[x]]->subject);
			if (same) {
				f = cc_report_add(
					r, CC_CHECK_PROBE_SAME_NAME,
					CC_STATUS_FAIL, leaf,
					"the gateway asks for '%s' "
					"with another key than the CA "
					"of that name '%s' chains to: "
					"the CA was re-created with "
					"the same name",
					set->cert[c]->subject,
					set->cert[leaf]->subject);
				cc_finding_str(f, "hash", "%s", h);
				cc_finding_remedy(f,
						  "give the gateway the CA "
						  "that really issued the "
						  "certificate, or re-issue "
						  "it from the CA the gateway "
						  "trusts");
			}
		}
	for (size_t c = 0; c < nchain; c++) {
		char *next = cc_xasprintf("%s%s'%s'", mine, *mine ? ", " : "",
					  set->cert[chain[c]]->subject);

		free(mine);
		mine = next;
	}
	if (!*mine) {
		/* its issuer's certificate is not here: whether the gateway
		 * asks for its key cannot be told, only suspected */
		free(mine);
		mine = cc_xasprintf("'%s'", set->cert[leaf]->issuer);
		f = cc_report_add(
			r, CC_CHECK_PROBE_CERTREQ, CC_STATUS_WARN, leaf,
			"the gateway asks for certificates from %s; "
			"'%s' was issued by %s, whose certificate "
			"certcheck was not given: the gateway may not "
			"ask for it",
			asked, set->cert[leaf]->subject, mine);
		cc_finding_str(f, "asked", "%s", asked);
		cc_finding_str(f, "chain", "%s", mine);
		cc_finding_remedy(f, "give the certificates of the chain "
				     "(--untrusted, --ca) to match them");
		free(asked);
		free(mine);
		return;
	}
	f = cc_report_add(r, CC_CHECK_PROBE_CERTREQ, CC_STATUS_FAIL, leaf,
			  "the gateway asks for certificates from %s; '%s' "
			  "chains to %s, which it does not ask for",
			  asked, set->cert[leaf]->subject, mine);
	cc_finding_str(f, "asked", "%s", asked);
	cc_finding_str(f, "chain", "%s", mine);
	cc_finding_remedy(f, "give the client a certificate from a CA the "
			     "gateway asks for, or the gateway the client's "
			     "CA (check with certcheck pair)");
	free(asked);
	free(mine);
}

/* See cc_probe.h */
void cc_probe_report(struct cc_report *r, const struct cc_probe_opts *o,
		     const struct cc_probe_run *run,
		     const struct cc_certset *set, bool alone)
{
	const struct cc_ike_answer *a = &run->answer;
	struct cc_finding *f;

	for (int c = 0; alone && c < CC_CAUSE_COUNT; c++)
		r->not_checked_why[c] = "the probe does not judge it";
	if (alone)
		r->not_checked_why[CC_CAUSE_CA_MISMATCH] =
			"no certificate request to match (give --peer)";
	if (!run->answered) {
		f = cc_report_add(r, CC_CHECK_PROBE_ANSWER, CC_STATUS_SKIP, -1,
				  "%s:%u: %s%s%s", o->host, o->port,
				  run->failure, run->malformed ? ": " : "",
				  run->malformed ? run->malformed : "");
		cc_finding_int(f, "requests", run->requests);
		cc_finding_remedy(f, "check that the gateway listens on UDP "
				     "500 (4500 with --nat-t) and that no "
				     "firewall drops IKE on the way");
		if (alone)
			r->not_checked_why[CC_CAUSE_CA_MISMATCH] =
				"the gateway did not answer";
		return;
	}
	f = cc_report_add(
		r, CC_CHECK_PROBE_ANSWER, CC_STATUS_INFO, -1,
		"%s:%u answered IKE_SA_INIT in %.1f ms (%d request%s)%s%s",
		o->host, o->port, run->rtt_ms, run->requests,
		run->requests == 1 ? "" : "s",
		a->has_sa ? "" : ": no proposal chosen",
		a->has_sa ? "" : " (NO_PROPOSAL_CHOSEN, or another error)");
	cc_finding_int(f, "requests", run->requests);
	for (size_t i = 0; i < a->nnotify; i++)
		if (a->notify[i] < 16384) {
			const char *name = cc_ike_notify_name(a->notify[i]);

			f = cc_report_add(
				r, CC_CHECK_PROBE_NOTIFY, CC_STATUS_INFO, -1,
				"the gateway answered with the error "
				"notify %s (%u)",
				name ? name : "unknown", a->notify[i]);
			cc_finding_remedy(
				f, "%s",
				a->notify[i] == 14
					? "the gateway accepts none "
					  "of the proposals offered: "
					  "compare its ike proposals "
					  "with the client's"
					: "read the gateway's log for "
					  "why");
		}
	if (a->has_sa)
		judge_certreq(r, a, set);
	if (a->has_nat_src || a->has_nat_dst)
		cc_report_add(r, CC_CHECK_PROBE_FACTS, CC_STATUS_INFO, -1, "%s",
			      a->nat_src && a->nat_dst
				      ? "no NAT between certcheck and the "
					"gateway (its NAT detection "
					"hashes match)"
				      : "a NAT between certcheck and the "
					"gateway (its NAT detection "
					"hashes do not match the "
					"addresses seen)");
}

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *payloads(const uint8_t *p, size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		const char *name = cc_ike_payload_name(p[i]);
		char num[8];

		snprintf(num, sizeof(num), "%u", p[i]);
		json_object_array_add(
			arr, json_object_new_string(name ? name : num));
	}
	return arr;
}

struct part {
	const struct cc_probe_run *run;
	const struct cc_certset *set;
};

static void probe_json(struct cc_json *w, const struct cc_report *r,
		       const void *data)
{
	const struct part *pt = data;
	const struct cc_probe_run *run = pt->run;
	const struct cc_ike_answer *a = &run->answer;
	json_object *o = json_object_new_object(), *arr, *prop;
	char h[65];

	(void)r;
	json_object_object_add(o, "source", str(run->source));
	json_object_object_add(o, "gateway", str(run->peer));
	json_object_object_add(o, "requests",
			       json_object_new_int(run->requests));
	json_object_object_add(o, "sent",
			       payloads(run->sent_payloads, run->nsent));
	json_object_object_add(
		o, "received",
		run->answered ? payloads(a->payloads, a->npayloads) : NULL);
	json_object_object_add(
		o, "rtt_ms",
		run->answered ? json_object_new_double(run->rtt_ms) : NULL);
	prop = NULL;
	if (run->answered && a->has_sa) {
		prop = json_object_new_object();
		json_object_object_add(prop, "encryption",
				       str(cc_ike_encr_name(a->encr)));
		json_object_object_add(prop, "key_length",
				       json_object_new_int(a->encr_keylen));
		json_object_object_add(prop, "prf",
				       str(cc_ike_prf_name(a->prf)));
		json_object_object_add(prop, "integrity",
				       str(cc_ike_integ_name(a->integ)));
		json_object_object_add(prop, "dh_group",
				       str(cc_ike_group_name(a->group)));
	}
	json_object_object_add(o, "proposal", prop);
	arr = json_object_new_array();
	for (size_t k = 0; k < a->ncertreq; k++)
		for (size_t j = 0; j < a->certreq[k].n; j++) {
			json_object *c = json_object_new_object();
			int m = named_by(pt->set, a->certreq[k].hash[j]);

			cc_digest_hex(a->certreq[k].hash[j], 20, h);
			json_object_object_add(c, "hash",
					       json_object_new_string(h));
			json_object_object_add(
				c, "matches",
				m >= 0 ? str(pt->set->cert[m]->subject) : NULL);
			json_object_array_add(arr, c);
		}
	json_object_object_add(o, "certreq", arr);
	arr = json_object_new_array();
	for (size_t i = 0; i < a->nnotify; i++) {
		const char *name = cc_ike_notify_name(a->notify[i]);

		snprintf(h, sizeof(h), "%u", a->notify[i]);
		json_object_array_add(arr,
				      json_object_new_string(name ? name : h));
	}
	json_object_object_add(o, "notify", arr);
	arr = json_object_new_array();
	for (size_t i = 0; i < a->nsig_hashes; i++) {
		const char *name = cc_ike_hash_name(a->sig_hashes[i]);

		snprintf(h, sizeof(h), "%u", a->sig_hashes[i]);
		json_object_array_add(arr,
				      json_object_new_string(name ? name : h));
	}
	json_object_object_add(o, "signature_hashes", arr);
	arr = json_object_new_array();
	for (size_t i = 0; i < a->nvendor; i++) {
		const char *name =
			cc_ike_vendor_name(a->vendor[i], a->vendor_len[i]);
		char *vh = cc_hex(a->vendor[i], a->vendor_len[i], "");

		json_object_array_add(arr,
				      json_object_new_string(name ? name : vh));
		free(vh);
	}
	json_object_object_add(o, "vendor_ids", arr);
	json_object_object_add(
		o, "nat",
		a->has_nat_src || a->has_nat_dst
			? json_object_new_boolean(!(a->nat_src && a->nat_dst))
			: NULL);
	cc_json_member(w, "probe", o);
}

static void probe_text(struct cc_text *t, const struct cc_report *r,
		       const void *data)
{
	const struct part *pt = data;
	const struct cc_ike_answer *a = &pt->run->answer;
	char h[65];

	(void)r;
	if (!pt->run->answered)
		return;
	cc_text_puts(t, "\nThe gateway's answer:\n  payloads:");
	for (size_t i = 0; i < a->npayloads; i++) {
		const char *name = cc_ike_payload_name(a->payloads[i]);

		cc_text_printf(t, " %s", name ? name : "?");
	}
	if (a->has_sa) {
		const char *e = cc_ike_encr_name(a->encr),
			   *p = cc_ike_prf_name(a->prf),
			   *i = cc_ike_integ_name(a->integ),
			   *g = cc_ike_group_name(a->group);

		cc_text_printf(t, "\n  proposal: %s-%u %s %s %s", e ? e : "?",
			       a->encr_keylen, p ? p : "?", i ? i : "(AEAD)",
			       g ? g : "?");
	}
	for (size_t k = 0; k < a->ncertreq; k++)
		for (size_t j = 0; j < a->certreq[k].n; j++) {
			int m = named_by(pt->set, a->certreq[k].hash[j]);

			cc_digest_hex(a->certreq[k].hash[j], 20, h);
			cc_text_printf(t, "\n  certreq: %s", h);
			if (m >= 0) {
				cc_text_puts(t, " '");
				cc_text_safe(t, pt->set->cert[m]->subject);
				cc_text_puts(t, "'");
			}
		}
	for (size_t i = 0; i < a->nvendor; i++) {
		const char *name =
			cc_ike_vendor_name(a->vendor[i], a->vendor_len[i]);

		cc_text_printf(t, "\n  vendor: %s", name ? name : "(unknown)");
	}
	cc_text_puts(t, "\n");
}

/* See cc_probe.h */
struct cc_report_part cc_probe_part(const struct cc_probe_run *run,
				    const struct cc_certset *set)
{
	static struct part pt; /* one probe a run */

	pt.run = run;
	pt.set = set;
	return (struct cc_report_part){ probe_text, probe_json, &pt };
}
