/* SPDX-License-Identifier: MIT */
/*
 * paths.h - the candidate paths of a chain (paths.c), for the chain check
 * (chain.c) that reports them.  Private to checks/.
 */
#ifndef CC_PATHS_H
#define CC_PATHS_H

#include <stdbool.h>

#include <openssl/x509_vfy.h>

#include "cc_checks.h"

/* The bounds of the search: a cross-signing cycle or a pile of same-name
 * CAs cannot make it loop or explode; reaching one is said. */
#define PATH_CERTS_MAX 8
#define PATHS_MAX 64

/* Errors of our own beside OpenSSL's X509_V_ERR_* (all positive). */
enum {
	ERR_OTHER_KEY = -1, /* certificates of the issuer's name are
				    there, none with the key that signed */
	ERR_DEPTH = -2,	    /* PATH_CERTS_MAX reached */
	ERR_INHERITED = -3, /* the issuer's DSA key inherits its
				    parameters: OpenSSL cannot use it */
	ERR_MALFORMED = -4, /* a CA's extension does not decode */
	ERR_REFUSED = -5,   /* OpenSSL would not use the issuer there */
	ERR_LOOP = -6,	    /* every issuer found is on the path already */
};

/* One error on a path. */
struct verr {
	int code;
	int depth;
	int cert;  /* index into the set, or -1 */
	int other; /* ERR_OTHER_KEY: the certificate of that name */
};

struct verrs {
	struct verr e[16];
	size_t n;
};

/* How a path ends. */
enum path_end {
	END_ANCHOR,    /* a self-signed CA the checker trusts */
	END_ROOT,      /* a self-signed CA it does not trust */
	END_MISSING,   /* the top's issuer is nowhere among the inputs */
	END_OTHER_KEY, /* the issuer's name is there, its key is not */
	END_DEPTH,     /* PATH_CERTS_MAX reached */
	END_LOOP,      /* the issuers found are all on the path already */
};

struct path {
	int idx[PATH_CERTS_MAX];
	size_t n;
	enum path_end end;
	int other;	   /* END_OTHER_KEY: the certificate of that name */
	struct verrs errs; /* OpenSSL's and ours, lowest depth first */
	int reach;	   /* certificates validated upward from the leaf */
};

/* One search: its inputs, what is derived from them once, the paths. */
struct search {
	const struct cc_ctx *ctx;
	const struct cc_certset *set;
	enum cc_side checker;
	bool *trusted; /* per certificate: the checker trusts it (its role) */
	bool *anchor;  /* ... or the same certificate given again as such */
	STACK_OF(ASN1_OBJECT) * policies; /* the initial policy set */
	X509_STORE *store; /* empty: each path brings its anchor */
	struct path *paths;
	size_t n;
	struct path cur;
	bool capped_paths, capped_depth, oom;
};

/*
 * Every candidate path from set->cert[leaf] up, as side checker validates
 * them: s is filled (s->oom on allocation failure); paths_release() frees
 * it.
 */
void paths_find(struct search *s, const struct cc_ctx *ctx,
		const struct cc_certset *set, int leaf, enum cc_side checker);
void paths_release(struct search *s);

/* The path to report: the first valid one, else the best failed one, or
 * NULL when none was recorded. */
const struct path *paths_best(const struct search *s);

/* The first trusted certificate of p that is not self-signed, or -1. */
int paths_trusted_intermediate(const struct search *s, const struct path *p);

#endif /* CC_PATHS_H */
