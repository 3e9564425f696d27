/* SPDX-License-Identifier: MIT */
/*
 * rfc5280.c - OpenSSL's own path validation with CRL checking
 * (X509_V_FLAG_CRL_CHECK_ALL, EXTENDED_CRL_SUPPORT, USE_DELTAS): the
 * second opinion for what the per-URL judgement does not cover (indirect
 * CRLs, delta CRLs, distribution-point scope, reason partitions).
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "crl_private.h"

struct collect {
	enum rfc_rev *state; /* by depth */
	int *code;
	size_t n;
};

static enum rfc_rev classify(int code)
{
	switch (code) {
	case X509_V_ERR_CERT_REVOKED:
		return RFC_REV_REVOKED;
	case X509_V_ERR_UNABLE_TO_GET_CRL:
		return RFC_REV_NO_CRL;
	case X509_V_ERR_CRL_SIGNATURE_FAILURE:
	case X509_V_ERR_CRL_NOT_YET_VALID:
	case X509_V_ERR_CRL_HAS_EXPIRED:
	case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
	case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
	case X509_V_ERR_DIFFERENT_CRL_SCOPE:
	case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
	case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
	case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
	case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
		return RFC_REV_CRL_BAD;
	default:
		return RFC_REV_UNKNOWN; /* not about revocation */
	}
}

static int on_error(int ok, X509_STORE_CTX *sctx)
{
	struct collect *c = X509_STORE_CTX_get_app_data(sctx);
	int depth = X509_STORE_CTX_get_error_depth(sctx);
	int code = X509_STORE_CTX_get_error(sctx);
	enum rfc_rev st;

	if (!c)
		return ok; /* the nested validation of a CRL signer's path */
	if (ok)
		return 1;
	st = classify(code);
	/* the worst per certificate: revoked beats a missing CRL */
	if (st != RFC_REV_UNKNOWN && depth >= 0 && (size_t)depth < c->n &&
	    (c->state[depth] == RFC_REV_OK || st == RFC_REV_REVOKED)) {
		c->state[depth] = st;
		c->code[depth] = code;
	}
	return 1; /* carry on: every certificate gets its verdict */
}

/* See crl_private.h */
bool rfc_revocation(time_t now, const struct cc_certset *set,
		    const struct cc_chain *chain, STACK_OF(X509_CRL) * crls,
		    enum rfc_rev *state, int *code)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *sctx = X509_STORE_CTX_new();
	STACK_OF(X509) *pool = sk_X509_new_null();
	struct collect c = { state, code, chain->n };
	bool ok = false;

	for (size_t i = 0; i < chain->n; i++) {
		state[i] = RFC_REV_OK;
		code[i] = 0;
	}
	if (!store || !sctx || !pool)
		goto out;
	for (size_t i = 0; i < set->n; i++) {
		X509 *x = set->cert[i]->x509;

		if ((int)i == chain->leaf)
			continue;
		if (set->cert[i]->role == CC_ROLE_CA ||
		    (int)i == chain->idx[chain->n - 1]) {
			if (!X509_STORE_add_cert(store, x))
				goto out;
		} else if (!sk_X509_push(pool, x)) {
			goto out;
		}
	}
	X509_STORE_set_verify_cb(store, on_error);
	if (!X509_STORE_CTX_init(sctx, store, set->cert[chain->leaf]->x509,
				 pool))
		goto out;
	X509_STORE_CTX_set0_crls(sctx, crls);
	X509_STORE_CTX_set_flags(
		sctx, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL |
			      X509_V_FLAG_EXTENDED_CRL_SUPPORT |
			      X509_V_FLAG_USE_DELTAS);
	X509_STORE_CTX_set_time(sctx, 0, now);
	X509_STORE_CTX_set_app_data(sctx, &c);
	(void)X509_verify_cert(sctx);
	ok = true;
out:
	ERR_clear_error();
	sk_X509_free(pool);
	X509_STORE_CTX_free(sctx);
	X509_STORE_free(store);
	return ok;
}
