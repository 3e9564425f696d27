/* SPDX-License-Identifier: MIT */
/*
 * cdp.c - where a certificate says its CRLs are: every URI of every CRL
 * distribution point, and of every freshest-CRL (delta) point.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "crl_private.h"

static void add(struct cdp_list *l, const ASN1_IA5STRING *uri, bool delta)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		l->uri = cc_xrealloc(l->uri, l->cap * sizeof(*l->uri));
		l->delta = cc_xrealloc(l->delta, l->cap * sizeof(*l->delta));
	}
	l->uri[l->n] = cc_xasprintf("%.*s", ASN1_STRING_length(uri),
				    (const char *)ASN1_STRING_get0_data(uri));
	l->delta[l->n++] = delta;
}

static void collect(X509 *x, int nid, bool delta, struct cdp_list *l)
{
	STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(x, nid, NULL, NULL);

	if (dps && !delta)
		l->has_cdp = true;
	for (int i = 0; i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		bool uri = false;

		if (!dp->distpoint || dp->distpoint->type != 0) {
			l->dirnames++; /* a name relative to the issuer */
			continue;
		}
		for (int k = 0;
		     k < sk_GENERAL_NAME_num(dp->distpoint->name.fullname);
		     k++) {
			GENERAL_NAME *gn = sk_GENERAL_NAME_value(
				dp->distpoint->name.fullname, k);

			if (gn->type == GEN_URI) {
				add(l, gn->d.uniformResourceIdentifier, delta);
				uri = true;
			}
		}
		if (!uri)
			l->dirnames++;
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	ERR_clear_error();
}

/* See crl_private.h */
void cdp_collect(X509 *x, struct cdp_list *out)
{
	memset(out, 0, sizeof(*out));
	collect(x, NID_crl_distribution_points, false, out);
	collect(x, NID_freshest_crl, true, out);
}

/* See crl_private.h */
void cdp_release(struct cdp_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->uri[i]);
	free(l->uri);
	free(l->delta);
	memset(l, 0, sizeof(*l));
}
