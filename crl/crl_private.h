/* SPDX-License-Identifier: MIT */
/*
 * crl_private.h - what the files of crl/ share, and nothing else sees.
 */
#ifndef CC_CRL_PRIVATE_H
#define CC_CRL_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "cc_crl.h"

/* The most URLs of one certificate that are fetched (more are reported). */
#define CRL_MAX_URLS 100

/* ---- cdp.c: where a certificate's CRLs are ---- */

struct cdp_list {
	char **uri;  /* owned */
	bool *delta; /* from freshest CRL */
	size_t n, cap;
	size_t dirnames; /* distribution points with only a directory
				   name, which no gateway can fetch */
	bool has_cdp;	 /* a CRL distribution points extension */
};

/* Collects every URI of every CRL distribution point and freshest-CRL
 * point of x. */
void cdp_collect(X509 *x, struct cdp_list *out);
void cdp_release(struct cdp_list *l);

/* ---- rawcrl.c: a CRL read in one pass, decoded only where shown ---- */

struct rawcrl {
	const unsigned char *der; /* the CRL's DER (borrowed or owned) */
	size_t len;
	unsigned char *owned;	  /* set when der is ours */
	const unsigned char *tbs; /* tbsCertList, header included */
	size_t tbslen;
	X509_NAME *issuer;
	ASN1_TIME *this_update, *next_update; /* next_update may be NULL */
	X509_ALGOR *sigalg;
	ASN1_BIT_STRING *sig;
	STACK_OF(X509_EXTENSION) * exts; /* crlExtensions, may be NULL */
	const unsigned char *revoked;	 /* revokedCertificates' content */
	size_t revoked_len;
	X509_CRL *crl; /* decoded whole, only on demand */
};

struct rawcrl_scan {
	long entries;
	bool unknown_critical; /* an entry has one */
	bool malformed;
	X509_REVOKED *found; /* owned: the serial's entry, or NULL */
};

/* Reads a DER or PEM CRL (*pem says which); with copy, the bytes are
 * copied, else borrowed and must outlive it.  NULL with why. */
struct rawcrl *rawcrl_parse(const unsigned char *p, size_t n, bool copy,
			    bool *pem, char *why, size_t len);
void rawcrl_free(struct rawcrl *r);
/* Does key verify the signature over the raw tbsCertList? */
bool rawcrl_verify(const struct rawcrl *r, EVP_PKEY *key);
/* One pass over the entries: their number, an unknown critical entry
 * extension, serial's entry (serial may be NULL). */
void rawcrl_scan(const struct rawcrl *r, const ASN1_INTEGER *serial,
		 struct rawcrl_scan *out);
/* The CRL decoded whole by OpenSSL (get0: owned by r), NULL if it cannot. */
X509_CRL *rawcrl_get0_crl(struct rawcrl *r);

/* ---- verify.c: one CRL against one certificate ---- */

struct crl_judgement {
	bool usable;  /* verified, in scope, not stale: it can clear
				   or revoke the certificate */
	bool revoked; /* usable and the serial is on it */
	bool hold;    /* revoked with reason certificateHold */
	int reason;   /* CRL reason code, -1 when none */
	time_t revoked_at;
	bool future;	     /* thisUpdate after the evaluation time */
	long long future_by; /* seconds */
	bool aging;	     /* 80% of its period has passed */
	time_t this_update, next_update; /* next_update 0: none */
	int signer;   /* the certificate whose key signed it: the
				   issuer, or a separate CRL signer; -1 */
	long entries; /* the CRL's entries */
};

/*
 * Judges crl for certificate cert (index in set; -1: the CRL alone, no
 * scope or lookup) whose issuer is set's certificate issuer (or -1 when
 * unknown: found by name), at time now; records the verify, freshness and
 * lookup steps on u (may be NULL).
 */
void crl_judge(struct rawcrl *crl, const struct cc_certset *set, int cert,
	       int issuer, time_t now, struct cc_url_result *u,
	       struct crl_judgement *j);

/* Does the CRL use what only the RFC 5280 opinion judges (an issuing
 * distribution point, delta CRLs)? */
bool crl_needs_rfc(const struct rawcrl *crl);

/* ---- rfc5280.c: OpenSSL's path validation with CRL checking ---- */

enum rfc_rev {
	RFC_REV_UNKNOWN, /* not judged */
	RFC_REV_OK,	 /* a CRL in scope clears it */
	RFC_REV_REVOKED,
	RFC_REV_NO_CRL,	 /* no CRL in scope */
	RFC_REV_CRL_BAD, /* the CRL in scope is unusable */
};

/*
 * Validates chain (anchor trusted) at now with crls (borrowed) and every
 * revocation check; state[k] and code[k] (OpenSSL's error) describe the
 * chain's k-th certificate.  False when it could not run.
 */
bool rfc_revocation(time_t now, const struct cc_certset *set,
		    const struct cc_chain *chain, STACK_OF(X509_CRL) * crls,
		    enum rfc_rev *state, int *code);

/* ---- ocsp.c: OCSP beside the CRLs ---- */

/* The OCSP URLs of x's authorityInfoAccess into *out (owned); how many. */
size_t ocsp_urls(X509 *x, char ***out);

/* One request for one certificate, kept to judge its answer. */
struct ocsp_ask {
	struct ocsp_request_st *req;
	struct ocsp_cert_id_st *id;
	unsigned char *der; /* the request as sent */
	size_t len;
};

/* The request for cert issued by issuer (its CertID hash and nonce as
 * o says); false with why. */
bool ocsp_ask_new(X509 *cert, X509 *issuer, const struct cc_crl_opts *o,
		  struct ocsp_ask *a, char *why, size_t len);
void ocsp_ask_release(struct ocsp_ask *a);

/* Judges the response body to a (the certificate's issuer: set's issuer,
 * or -1; trusted: responders trusted as they are) at time now: the
 * response, verify, nonce, freshness and status steps on u, the verdict
 * in jd as a CRL's (usable, revoked, ...). */
void ocsp_judge(const unsigned char *body, size_t len, const struct ocsp_ask *a,
		const struct cc_certset *set, int issuer,
		struct stack_st_X509 *trusted, time_t now,
		struct cc_url_result *u, struct crl_judgement *jd);

/* The GET form of a's request to the responder at url (RFC 6960 A.1.1),
 * owned. */
char *ocsp_get_url(const char *url, const struct ocsp_ask *a);

/* The responder certificates trusted as they are (--ocsp-signer, a
 * configuration's x509ocsp/), into *out (owned: sk_X509_pop_free); an
 * unreadable one is CC_EINPUT. */
enum cc_err ocsp_signers(struct cc_ctx *ctx, const struct cc_crl_opts *o,
			 struct stack_st_X509 **out);

/* ---- probe.c and findings.c: one certificate's revocation ---- */

/* One certificate whose revocation is checked. */
struct subject {
	int cert;		 /* index into the set */
	int issuer;		 /* its issuer's index, or -1 */
	bool chain_refused;	 /* the gateway's CAs were given and refuse
				   its chain: its CRL findings are info */
	bool chain_covered;	 /* every certificate of its chains has a
				   usable CRL: only then is "not revoked"
				   proven (ok), else it is info */
	size_t first_url, nurls; /* its URLs in the results (CRL, then
				    OCSP) */
	struct cdp_list cdp;
	char **ocsp; /* its OCSP URLs (AIA) */
	size_t nocsp;
	bool best_ocsp;	  /* the verdict is an OCSP response's */
	bool ocsp_unused; /* the gateway asks no OCSP responder: its answers
			     decide nothing, its failures are info */
	int usable_url;	  /* a URL that gave a usable CRL, or -1 */
	int usable_file;  /* a --crl file that did, or -1 */
	struct crl_judgement best; /* the usable CRL's verdict */
	char *best_source;	   /* owned: its URL or file */
	bool had_crl;	  /* some CRL was had for it (fetched or file) */
	enum rfc_rev rfc; /* OpenSSL's RFC 5280 verdict, when run */
	int rfc_code;
	bool usable, revoked; /* the verdict, both opinions merged */
	char *file_problem;   /* owned: why the first --crl file that
				   covers it cannot be used, or NULL */
};

/* OpenSSL's opinion merged into s (where a CRL was had and the two
 * differ, OpenSSL's wins, said as crl.scope); sets s->usable, s->revoked. */
void crl_merge_opinions(struct cc_report *r, const struct cc_certset *set,
			struct subject *s);

/* s publishes revocation information (a CDP URL, or a --crl file names
 * its issuer) and yet no usable CRL was had for it. */
bool crl_unproven(const struct subject *s);

/* The findings of s and its URLs (files: --crl files were given), as the
 * gateway's revocation policy pol makes them: relaxed refuses nothing it
 * cannot fetch, ifuri what has a URL and no usable CRL, strict also what
 * has no revocation information at all. */
void crl_report_subject(struct cc_report *r, const struct cc_certset *set,
			const struct subject *s,
			const struct cc_url_results *urls, bool no_network,
			bool files, enum cc_revocation pol);

/* "keyCompromise", ... for a CRL reason code; "not given" for -1. */
const char *crl_reason_name(int reason);

#endif /* CC_CRL_PRIVATE_H */
