/* SPDX-License-Identifier: MIT */
/*
 * cc_probe.h - `certcheck probe` (certcheck/probe/): one IKE_SA_INIT
 * request to the gateway, as a client's first message, and what its
 * answer says: the proposal chosen, the CAs it asks certificates from
 * (CERTREQ: SHA-1 hashes of their subjectPublicKeyInfo, RFC 7296 3.7),
 * the notifications, the vendor IDs.  Never an IKE_AUTH.
 */
#ifndef CC_PROBE_H
#define CC_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc_ctx.h"

struct cc_report;
struct cc_certset;

#define CC_IKE_MAX_LIST 32

/* The request certcheck sends: what it offers. */
struct cc_ike_request {
	uint8_t spi[8];	   /* the initiator's SPI (random) */
	uint8_t nonce[32]; /* Ni (random) */
	uint16_t group;	   /* the KE payload's DH group */
	const uint8_t *ke; /* its public value */
	size_t ke_len;
	const uint8_t *cookie; /* a COOKIE to send back, or NULL */
	size_t cookie_len;
	uint8_t cookie_buf[64];
	bool classic; /* offer DH groups 2 and 5 (the second try) */
	/* NAT detection: the addresses and ports as the socket has them */
	uint8_t src[16], dst[16];
	size_t addr_len; /* 4 or 16 */
	uint16_t sport, dport;
};

/* A parsed answer. */
struct cc_ike_answer {
	uint8_t spi_i[8], spi_r[8];
	bool responder; /* the R flag */
	bool other_spi; /* an answer for another SPI */
	bool has_sa;	/* a proposal was chosen */
	uint16_t encr, encr_keylen, prf, integ, group;
	uint16_t ke_group; /* of its KE payload, or 0 */
	struct {
		uint8_t encoding;
		uint8_t (*hash)[20];
		size_t n;
	} certreq[8];
	size_t ncertreq;
	uint16_t notify[CC_IKE_MAX_LIST]; /* every notify type, in order */
	size_t nnotify;
	uint16_t sig_hashes[16]; /* SIGNATURE_HASH_ALGORITHMS (RFC 7427) */
	size_t nsig_hashes;
	uint16_t invalid_ke_group; /* INVALID_KE_PAYLOAD's group, or 0 */
	uint8_t cookie[64];	   /* COOKIE's data */
	size_t cookie_len;
	bool nat_src, nat_dst; /* their NAT detection payloads matched */
	bool has_nat_src, has_nat_dst;
	uint8_t vendor[8][64]; /* vendor IDs (at most 64 bytes kept) */
	size_t vendor_len[8], nvendor;
	uint8_t payloads[CC_IKE_MAX_LIST]; /* every payload type, in order */
	size_t npayloads;
};

/* The request as bytes (owned by the caller), *len its length. */
uint8_t *cc_ike_build(const struct cc_ike_request *q, size_t *len);

/* Parses an answer to q; false with *why (static text) when it is no
 * IKEv2 message or is malformed. */
bool cc_ike_parse(const uint8_t *msg, size_t len,
		  const struct cc_ike_request *q, struct cc_ike_answer *a,
		  const char **why);
void cc_ike_answer_release(struct cc_ike_answer *a);

/* Names of RFC 7296's registries: payload types ("SA", "CERTREQ"), notify
 * types ("NO_PROPOSAL_CHOSEN"), transform IDs; NULL when unknown. */
const char *cc_ike_payload_name(uint8_t type);
const char *cc_ike_notify_name(uint16_t type);
const char *cc_ike_encr_name(uint16_t id);
const char *cc_ike_prf_name(uint16_t id);
const char *cc_ike_integ_name(uint16_t id);
const char *cc_ike_group_name(uint16_t id);
const char *cc_ike_hash_name(uint16_t id);
/* A vendor ID's product ("strongSwan", "Windows", ...), or NULL. */
const char *cc_ike_vendor_name(const uint8_t *v, size_t len);

/* What probe was asked. */
struct cc_probe_opts {
	const char *host; /* an address (the tests' own) or a name */
	unsigned port;	  /* 500, or 4500 with nat_t */
	bool nat_t;	  /* the non-ESP marker before the message */
	long timeout_ms;
	const char *source; /* bind to this address, or NULL */
};

/* The run: every request and answer, for the report. */
struct cc_probe_run {
	struct cc_ike_answer answer; /* the last one parsed */
	bool answered;
	int requests;	     /* IKE_SA_INIT requests sent */
	double rtt_ms;	     /* of the answer taken */
	char source[64];     /* the local address used */
	char peer[64];	     /* the gateway's address */
	uint16_t group_sent; /* the DH group of the last request */
	bool cookie_sent, classic_sent;
	const char *failure;   /* why there is no answer (static), or NULL */
	bool unreachable;      /* ICMP port unreachable */
	const char *malformed; /* why the answer could not be read */
	size_t answer_len;
	uint8_t sent_payloads[CC_IKE_MAX_LIST];
	size_t nsent;
};

/* Sends the IKE_SA_INIT exchange (retransmits, COOKIE and
 * INVALID_KE_PAYLOAD followed once each, at most 6 requests, bounded by
 * timeout_ms). */
enum cc_err cc_probe_run(struct cc_ctx *ctx, const struct cc_probe_opts *o,
			 struct cc_probe_run *run);
void cc_probe_release(struct cc_probe_run *run);

/* The findings: what the gateway offers and asks for, matched against
 * the CAs of set (the peer's chain, --ca's candidates).  alone: the probe
 * is the report's only check (the causes it does not judge are said not
 * checked), else it joins diagnose's checks. */
void cc_probe_report(struct cc_report *r, const struct cc_probe_opts *o,
		     const struct cc_probe_run *run,
		     const struct cc_certset *set, bool alone);

/* The report's "probe" part: what was sent and received. */
#include "cc_render.h"
struct cc_report_part cc_probe_part(const struct cc_probe_run *run,
				    const struct cc_certset *set);

#endif /* CC_PROBE_H */
