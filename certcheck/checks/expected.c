/* SPDX-License-Identifier: MIT */
/*
 * expected.c - the certificate the administrator issued for the peer
 * (--expect-peer) against the one it presents (cause wrong-certificate).
 */
#include <string.h>

#include "cc_checks.h"

/* See header */
void cc_check_expected_peer(struct cc_report *r, const struct cc_certset *set,
			    int peer, int expected)
{
	const struct cc_cert *p = set->cert[peer], *e = set->cert[expected];
	struct cc_finding *f;
	const char *what;

	if (!strcmp(p->sha256, e->sha256)) {
		cc_report_add(r, CC_CHECK_DIAGNOSE_EXPECTED_PEER, CC_STATUS_OK,
			      peer,
			      "the peer presents the certificate issued for it "
			      "('%s', serial %s)",
			      p->subject, p->serial);
		return;
	}
	if (strcmp(p->subject, e->subject))
		what = "another user's certificate";
	else if (strcmp(p->issuer, e->issuer))
		what = "a certificate of the same name from another CA";
	else if (p->not_before < e->not_before)
		what = "an older certificate of the same name (not the one "
		       "issued last)";
	else
		what = "another certificate of the same name";
	f = cc_report_add(r, CC_CHECK_DIAGNOSE_EXPECTED_PEER, CC_STATUS_FAIL,
			  peer,
			  "the peer presents %s: '%s' (serial %s, from '%s'), "
			  "not '%s' (serial %s, from '%s')",
			  what, p->subject, p->serial, p->issuer, e->subject,
			  e->serial, e->issuer);
	cc_finding_str(f, "presented_subject", "%s", p->subject);
	cc_finding_str(f, "presented_serial", "%s", p->serial);
	cc_finding_str(f, "presented_sha256", "%s", p->sha256);
	cc_finding_str(f, "expected_subject", "%s", e->subject);
	cc_finding_str(f, "expected_serial", "%s", e->serial);
	cc_finding_str(f, "expected_sha256", "%s", e->sha256);
	cc_finding_remedy(f,
			  "install the certificate issued for this peer "
			  "(serial %s); on a Windows L2TP client import it, "
			  "with its private key, into Local "
			  "Computer\\Personal, not the user's store",
			  e->serial);
}
