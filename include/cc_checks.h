/* SPDX-License-Identifier: MIT */
/*
 * cc_checks.h - the certificate checks.  Each reads the context and the
 * certificate set and appends findings to the report; none prints.
 */
#ifndef CC_CHECKS_H
#define CC_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_cert.h"
#include "cc_ctx.h"
#include "cc_report.h"

/* The side that validates a chain: the gateway checks the peer's chain at
 * the local time with --ca; the peer checks the gateway's at the peer's
 * time with --peer-ca (else --ca). */
enum cc_side { CC_SIDE_LOCAL, CC_SIDE_PEER };

#define CC_CHAIN_MAX 32

struct cc_chain {
	enum cc_side checker;
	int leaf;	       /* index into the set */
	int idx[CC_CHAIN_MAX]; /* the path as built, leaf first */
	size_t n;
	bool complete; /* it ends at a self-signed certificate */
	bool trusted;  /* the checker's store validates it (time
				   aside: that is the validity check's) */
};

/* "gateway" / "peer" and "local" / "peer" for messages and evidence. */
const char *cc_side_who(enum cc_side s);
const char *cc_side_name(enum cc_side s);

/* The time at which side s judges certificates. */
time_t cc_side_time(const struct cc_ctx *ctx, enum cc_side s);

/*
 * Builds and validates the chain of set->cert[leaf] as side checker does,
 * from every certificate among the inputs, and reports (cause ca-mismatch)
 * where and why it breaks: an untrusted root, a CA of the same name with
 * another key, a missing issuer, a bad signature, a CA without CA basic
 * constraints or keyCertSign, a path too long.  The path goes to *out.
 */
void cc_check_chain(const struct cc_ctx *ctx, struct cc_report *r,
		    const struct cc_certset *set, int leaf,
		    enum cc_side checker, struct cc_chain *out);

/* An info finding naming the root each chain ends at, and whether the two
 * are the same CA: peers is the peer's chain (checked by the gateway), gws
 * the gateway's (checked by the peer). */
void cc_check_anchors(struct cc_report *r, const struct cc_certset *set,
		      const struct cc_chain *peers, const struct cc_chain *gws);

/*
 * Judges every certificate of the chains at the local and the peer's time
 * (cause validity): fail at the time of the side that checks it, info at
 * the other side's; expiring within ctx->warn_days is info.  A certificate
 * in several chains is reported once.
 */
void cc_check_validity(const struct cc_ctx *ctx, struct cc_report *r,
		       const struct cc_certset *set,
		       const struct cc_chain *chains, size_t nchains);

/*
 * Fitness of an end entity for IKE in role (LOCAL or PEER), cause
 * wrong-certificate: a CA certificate, key usage, extended key usage, and a
 * PKCS#12's private key against its certificate.
 */
void cc_check_usage(const struct cc_ctx *ctx, struct cc_report *r,
		    const struct cc_certset *set, int leaf);

/* The peer presenting the gateway's own certificate, or one with the
 * gateway's key (cause wrong-certificate). */
void cc_check_own_certificate(struct cc_report *r, const struct cc_certset *set,
			      int local, int peer);

/* Key algorithm and size, signature algorithm (cause key) of every
 * certificate of the chains, each once. */
void cc_check_keys(const struct cc_ctx *ctx, struct cc_report *r,
		   const struct cc_certset *set, const struct cc_chain *chains,
		   size_t nchains);

/*
 * Everything `pair` checks, both ways: the gateway validates the peer's
 * chain (chains[0]), the peer the gateway's (chains[1]); the anchors, both
 * clocks, both end entities' fitness, every key.
 */
void cc_check_pair(const struct cc_ctx *ctx, struct cc_report *r,
		   const struct cc_certset *set, int local, int peer,
		   struct cc_chain chains[2]);

/* --expect-peer: the certificate issued for the peer (set->cert[expected])
 * against the one presented (cause wrong-certificate): another user's,
 * another CA's, an older one. */
void cc_check_expected_peer(struct cc_report *r, const struct cc_certset *set,
			    int peer, int expected);

/*
 * One diagnose.clock finding (info) from the findings already in r and
 * the peer's clock: every clock involved and how far it is off.  Run
 * after the other checks; nothing when no clock was seen off and no peer
 * clock was given.
 */
void cc_check_clocks(const struct cc_ctx *ctx, struct cc_report *r);

#endif /* CC_CHECKS_H */
