/* SPDX-License-Identifier: MIT */
/*
 * usage.c - fitness of the end entities for IKE (cause wrong-certificate)
 * and the strength of keys and signatures (cause key).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cc_checks.h"
#include "cc_x509.h"

/* The IKE intermediate EKU of RFC 4945 (1.3.6.1.5.5.8.2.2): no NID. */
#define OID_IKE_INTERMEDIATE "1.3.6.1.5.5.8.2.2"

static bool eku_has(EXTENDED_KEY_USAGE *eku, int nid, const char *oid)
{
	char buf[80];

	for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);

		if (nid != NID_undef && OBJ_obj2nid(o) == nid)
			return true;
		if (oid && OBJ_obj2txt(buf, sizeof(buf), o, 1) > 0 &&
		    !strcmp(buf, oid))
			return true;
	}
	return false;
}

/* Extended key usage: the role's usage, or one good for either role.  The
 * gateway's own certificate is judged by its clients, Windows among them,
 * whatever the gateway: only the peer's follows the profile. */
static bool check_eku(const struct cc_ctx *ctx, struct cc_report *r,
		      const struct cc_cert *c, int idx)
{
	EXTENDED_KEY_USAGE *eku =
		X509_get_ext_d2i(c->x509, NID_ext_key_usage, NULL, NULL);
	bool peer = c->role == CC_ROLE_PEER;
	int need = peer ? NID_client_auth : NID_server_auth;
	struct cc_finding *f;
	char buf[80], note[160] = "";
	enum cc_status st =
		peer ? cc_gateway_rule(ctx->gateway, CC_GW_RULE_PEER_EKU, note,
				       sizeof(note))
		     : CC_STATUS_WARN;

	ERR_clear_error();
	if (!eku)
		return true; /* no EKU: any usage */
	if (eku_has(eku, need, NULL) || eku_has(eku, NID_ipsec_IKE, NULL) ||
	    eku_has(eku, NID_undef, OID_IKE_INTERMEDIATE) ||
	    eku_has(eku, NID_anyExtendedKeyUsage, NULL)) {
		sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
		return true;
	}
	f = cc_report_add(r, CC_CHECK_PAIR_USAGE_EKU, st, idx,
			  "the %s certificate '%s' has an extended key usage "
			  "without %s (or ipsecIKE): %s",
			  peer ? "peer's" : "gateway's", c->subject,
			  peer ? "clientAuth" : "serverAuth",
			  note[0] ? note
			  : peer  ? "Windows and strict gateways reject it"
				  : "Windows clients reject it");
	cc_finding_list(f, "eku");
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		int nid = OBJ_obj2nid(o);

		if (nid != NID_undef)
			cc_finding_list_add(f, "%s", OBJ_nid2sn(nid));
		else if (OBJ_obj2txt(buf, sizeof(buf), o, 1) > 0)
			cc_finding_list_add(f, "%s", buf);
	}
	cc_finding_str(f, "needs", "%s", OBJ_nid2sn(need));
	cc_finding_remedy(f,
			  "re-issue '%s' with the %s extended key usage "
			  "(%s)%s",
			  c->subject,
			  peer ? "Client Authentication"
			       : "Server Authentication",
			  peer ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1",
			  peer ? ", and import it on a Windows client into "
				 "Local Computer\\Personal"
			       : "");
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	return st == CC_STATUS_INFO;
}

/* The key usage bits by their RFC 5280 names, as evidence key_usage. */
static void ku_names(struct cc_finding *f, uint32_t ku)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ KU_DIGITAL_SIGNATURE, "digitalSignature" },
		{ KU_NON_REPUDIATION, "nonRepudiation" },
		{ KU_KEY_ENCIPHERMENT, "keyEncipherment" },
		{ KU_DATA_ENCIPHERMENT, "dataEncipherment" },
		{ KU_KEY_AGREEMENT, "keyAgreement" },
		{ KU_KEY_CERT_SIGN, "keyCertSign" },
		{ KU_CRL_SIGN, "cRLSign" },
		{ KU_ENCIPHER_ONLY, "encipherOnly" },
		{ KU_DECIPHER_ONLY, "decipherOnly" },
	};
	char buf[200] = "";
	size_t used = 0;

	for (size_t i = 0; i < countof(names); i++)
		if ((ku & names[i].bit) && used < sizeof(buf))
			used += (size_t)snprintf(buf + used, sizeof(buf) - used,
						 "%s%s", used ? ", " : "",
						 names[i].name);
	cc_finding_str(f, "key_usage", "%s", used ? buf : "(none)");
}

/* See header */
void cc_check_usage(const struct cc_ctx *ctx, struct cc_report *r,
		    const struct cc_certset *set, int leaf)
{
	const struct cc_cert *c = set->cert[leaf];
	const char *whose = c->role == CC_ROLE_PEER ? "peer's" : "gateway's";
	const char *who = c->role == CC_ROLE_PEER ? "peer" : "gateway";
	uint32_t flags = X509_get_extension_flags(c->x509);
	struct cc_finding *f;
	char ext[80], *nul, note[160] = "";
	bool ok = true;
	/* the gateway judges the peer's as its profile says; the clients
	 * that judge the gateway's are not known */
	enum cc_status ca_st =
		c->role == CC_ROLE_PEER
			? cc_gateway_rule(ctx->gateway, CC_GW_RULE_EE_CA, note,
					  sizeof(note))
			: CC_STATUS_FAIL;

	if (c->is_ca) {
		f = cc_report_add(
			r, CC_CHECK_PAIR_USAGE_CA, ca_st, leaf,
			"the %s certificate '%s' is a CA certificate, "
			"not the end-entity certificate of the %s%s%s",
			whose, c->subject, who, note[0] ? ": " : "", note);
		cc_finding_bool(f, "ca", true);
		if (c->self_signed)
			cc_finding_remedy(f,
					  "install the %s's own end-entity "
					  "certificate, issued by '%s', "
					  "not the CA's",
					  who, c->subject);
		else
			cc_finding_remedy(f,
					  "install the %s's own end-entity "
					  "certificate; if '%s' is meant to "
					  "be it, have '%s' re-issue it "
					  "without CA:TRUE",
					  who, c->subject, c->issuer);
		ok = ca_st == CC_STATUS_INFO;
	}
	if ((nul = cc_embedded_nul(c->x509)) != NULL) {
		f = cc_report_add(
			r, CC_CHECK_PAIR_USAGE_EMBEDDED_NUL, CC_STATUS_FAIL,
			leaf,
			"the %s certificate '%s' has a name with a NUL "
			"byte inside (%s): a name that reads as "
			"another; no implementation should accept it",
			whose, c->subject, nul);
		cc_finding_str(f, "name", "%s", nul);
		cc_finding_remedy(f,
				  "revoke '%s' and find out how the CA came "
				  "to issue it; issue the peer a "
				  "certificate with clean names",
				  c->subject);
		free(nul);
		ok = false;
	}
	if (cc_malformed_extension(c->x509, ext, sizeof(ext))) {
		f = cc_report_add(
			r, CC_CHECK_PAIR_USAGE_MALFORMED, CC_STATUS_FAIL, leaf,
			"the %s certificate '%s' has an extension that "
			"does not decode: %s; implementations that "
			"decode it refuse the certificate",
			whose, c->subject, ext);
		cc_finding_str(f, "extension", "%s", ext);
		cc_finding_remedy(f,
				  "re-issue '%s' with a well-formed %s "
				  "extension",
				  c->subject, ext);
		ok = false;
	} else if ((!c->is_ca || ca_st == CC_STATUS_INFO) &&
		   (flags & EXFLAG_KUSAGE) &&
		   !(X509_get_key_usage(c->x509) &
		     (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		f = cc_report_add(r, CC_CHECK_PAIR_USAGE_KEY_USAGE,
				  CC_STATUS_FAIL, leaf,
				  "the %s certificate '%s' has a key usage "
				  "without digitalSignature (and without "
				  "nonRepudiation): its key may not sign IKE "
				  "authentication",
				  whose, c->subject);
		ku_names(f, X509_get_key_usage(c->x509));
		cc_finding_remedy(f,
				  "re-issue '%s' with keyUsage "
				  "digitalSignature",
				  c->subject);
		ok = false;
	}
	if (!check_eku(ctx, r, c, leaf))
		ok = false;
	if (c->format == CC_FMT_PKCS12 && !c->key) {
		f = cc_report_add(r, CC_CHECK_PAIR_USAGE_NO_KEY, CC_STATUS_FAIL,
				  leaf,
				  "the PKCS#12 file '%s' holds no private key "
				  "for '%s': it cannot authenticate with it",
				  c->file, c->subject);
		cc_finding_remedy(f, "export the certificate again with its "
				     "private key");
		ok = false;
	} else if (c->format == CC_FMT_PKCS12 &&
		   !X509_check_private_key(c->x509, c->key)) {
		ERR_clear_error();
		f = cc_report_add(r, CC_CHECK_PAIR_USAGE_KEY_MISMATCH,
				  CC_STATUS_FAIL, leaf,
				  "the private key in '%s' does not belong to "
				  "its certificate '%s'",
				  c->file, c->subject);
		cc_finding_remedy(f, "export the certificate together with "
				     "its own private key");
		ok = false;
	}
	if (ok) {
		f = cc_report_add(r, CC_CHECK_PAIR_USAGE_OK, CC_STATUS_OK, leaf,
				  "the %s certificate '%s' is an end-entity "
				  "certificate fit for IKE%s",
				  whose, c->subject,
				  c->format == CC_FMT_PKCS12
					  ? ", with its private key"
					  : "");
	}
}

/* See header */
void cc_check_own_certificate(struct cc_report *r, const struct cc_certset *set,
			      int local, int peer)
{
	const struct cc_cert *l = set->cert[local], *p = set->cert[peer];
	bool same = !strcmp(l->sha256, p->sha256);
	struct cc_finding *f;

	if (!same && EVP_PKEY_eq(X509_get0_pubkey(l->x509),
				 X509_get0_pubkey(p->x509)) != 1) {
		ERR_clear_error();
		return;
	}
	f = cc_report_add(
		r, CC_CHECK_PAIR_USAGE_OWN, CC_STATUS_FAIL, peer,
		same ? "the peer presents the gateway's own "
		       "certificate '%s'"
		     : "the peer's certificate '%s' has the gateway's "
		       "own key (that of '%s')",
		p->subject, l->subject);
	cc_finding_str(f, "local_sha256", "%s", l->sha256);
	cc_finding_str(f, "peer_sha256", "%s", p->sha256);
	cc_finding_bool(f, "same_certificate", same);
	cc_finding_remedy(f, "install the peer's own certificate and key on "
			     "the peer (issued to the user or device), never "
			     "a copy of the gateway's");
}

/* Describes the public key ("RSA 2048", "EC prime256v1") into buf and
 * returns its status with a reason. */
static enum cc_status judge_key(X509 *x, char *buf, size_t len,
				const char **why)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	char group[64] = "";

	*why = NULL;
	if (!pk && cc_inherits_dsa_parameters(x)) {
		ERR_clear_error();
		snprintf(buf, len, "DSA (parameters inherited)");
		*why = "a DSA key that inherits its parameters from the "
		       "issuer's cannot be read by OpenSSL-based gateways";
		return CC_STATUS_WARN;
	}
	if (!pk) {
		ERR_clear_error();
		snprintf(buf, len, "unreadable");
		*why = "its public key cannot be read";
		return CC_STATUS_FAIL;
	}
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		snprintf(buf, len, "RSA %d", EVP_PKEY_get_bits(pk));
		if (EVP_PKEY_get_bits(pk) < 1024) {
			*why = "RSA keys below 1024 bits are refused";
			return CC_STATUS_FAIL;
		}
		if (EVP_PKEY_get_bits(pk) < 2048) {
			*why = "RSA keys below 2048 bits are refused by "
			       "current gateways and Windows";
			return CC_STATUS_WARN;
		}
		return CC_STATUS_OK;
	case EVP_PKEY_DSA:
		snprintf(buf, len, "DSA %d", EVP_PKEY_get_bits(pk));
		*why = "DSA is not supported by many gateways";
		return CC_STATUS_WARN;
	case EVP_PKEY_EC:
		if (!EVP_PKEY_get_utf8_string_param(pk,
						    OSSL_PKEY_PARAM_GROUP_NAME,
						    group, sizeof(group), NULL))
			snprintf(group, sizeof(group), "explicit curve");
		ERR_clear_error();
		snprintf(buf, len, "EC %s", group);
		if (OBJ_sn2nid(group) == NID_X9_62_prime256v1 ||
		    OBJ_sn2nid(group) == NID_secp384r1 ||
		    OBJ_sn2nid(group) == NID_secp521r1)
			return CC_STATUS_OK;
		*why = "curves other than P-256, P-384 and P-521 are not "
		       "supported by many gateways";
		return CC_STATUS_WARN;
	case EVP_PKEY_ED25519:
	case EVP_PKEY_ED448:
		snprintf(buf, len, "%s", OBJ_nid2sn(EVP_PKEY_get_base_id(pk)));
		*why = "many gateways and Windows lack EdDSA";
		return CC_STATUS_WARN;
	default:
		snprintf(buf, len, "%s", OBJ_nid2sn(EVP_PKEY_get_base_id(pk)));
		*why = "an unusual key algorithm for IKE";
		return CC_STATUS_WARN;
	}
}

/* The signature's digest: MD5 (and older) fail, SHA-1 warns. */
static enum cc_status judge_signature(const struct cc_cert *c, const char **why)
{
	int mdnid = NID_undef;

	*why = NULL;
	if (c->self_signed)
		return CC_STATUS_OK; /* a root's own signature is not checked */
	if (!X509_get_signature_info(c->x509, &mdnid, NULL, NULL, NULL))
		ERR_clear_error();
	switch (mdnid) {
	case NID_md2:
	case NID_md4:
	case NID_md5:
		*why = "MD5 signatures are refused";
		return CC_STATUS_FAIL;
	case NID_sha1:
		*why = "SHA-1 signatures are refused by current gateways "
		       "and Windows";
		return CC_STATUS_WARN;
	default:
		return CC_STATUS_OK;
	}
}

/* A warn of rule under the gateway's profile (when only the gateway judges
 * the certificate): its status, and the note that replaces why. */
static enum cc_status as_gateway(const struct cc_ctx *ctx, bool gateway_only,
				 enum cc_gw_rule rule, enum cc_status st,
				 const char **why, char *note, size_t len)
{
	if (!gateway_only || st != CC_STATUS_WARN)
		return st;
	st = cc_gateway_rule(ctx->gateway, rule, note, len);
	if (note[0])
		*why = note;
	return st;
}

/* The key and signature of c; gateway_only: only the gateway judges it
 * (the peer's chain), so its profile decides what is refused. */
static void check_key(const struct cc_ctx *ctx, struct cc_report *r,
		      const struct cc_cert *c, int idx, bool gateway_only)
{
	const char *kwhy, *swhy;
	char key[80], knote[160] = "", snote[160] = "";
	const char *sig = OBJ_nid2ln(X509_get_signature_nid(c->x509));
	enum cc_status ks = judge_key(c->x509, key, sizeof(key), &kwhy);
	enum cc_status ss = judge_signature(c, &swhy);
	struct cc_finding *f;

	if (!strncmp(key, "RSA ", 4))
		ks = as_gateway(ctx, gateway_only, CC_GW_RULE_RSA_SHORT, ks,
				&kwhy, knote, sizeof(knote));
	if (X509_get_signature_nid(c->x509) != NID_undef &&
	    ss == CC_STATUS_WARN)
		ss = as_gateway(ctx, gateway_only, CC_GW_RULE_SHA1, ss, &swhy,
				snote, sizeof(snote));
	if (!sig)
		sig = "unknown";
	if (ks != CC_STATUS_OK) {
		f = cc_report_add(r, CC_CHECK_PAIR_KEY_WEAK_KEY, ks, idx,
				  "the key of '%s' is %s: %s", c->subject, key,
				  kwhy);
		cc_finding_str(f, "key", "%s", key);
		cc_finding_remedy(f,
				  "re-issue '%s' with an RSA key of at "
				  "least 2048 bits or an EC P-256/P-384 key",
				  c->subject);
	}
	if (ss != CC_STATUS_OK) {
		f = cc_report_add(r, CC_CHECK_PAIR_KEY_WEAK_SIGNATURE, ss, idx,
				  "'%s' is signed with %s: %s", c->subject, sig,
				  swhy);
		cc_finding_str(f, "signature", "%s", sig);
		cc_finding_remedy(f,
				  "re-issue '%s' with a SHA-256 (or "
				  "stronger) signature",
				  c->subject);
	}
	if (ks <= CC_STATUS_INFO && ss <= CC_STATUS_INFO) {
		f = cc_report_add(r, CC_CHECK_PAIR_KEY_OK, CC_STATUS_OK, idx,
				  "'%s': %s key, %s", c->subject, key, sig);
		cc_finding_str(f, "key", "%s", key);
		cc_finding_str(f, "signature", "%s", sig);
	}
}

/* See header */
void cc_check_keys(const struct cc_ctx *ctx, struct cc_report *r,
		   const struct cc_certset *set, const struct cc_chain *chains,
		   size_t nchains)
{
	/* per certificate: 1 judged by the gateway alone, 2 by the peer */
	unsigned char *by = cc_xcalloc(set->n + 1, 1);

	for (size_t c = 0; c < nchains; c++)
		for (size_t k = 0; k < chains[c].n; k++)
			by[chains[c].idx[k]] |=
				chains[c].checker == CC_SIDE_LOCAL ? 1 : 2;
	for (size_t c = 0; c < nchains; c++)
		for (size_t k = 0; k < chains[c].n; k++) {
			int i = chains[c].idx[k];

			if (by[i]) {
				check_key(ctx, r, set->cert[i], i, by[i] == 1);
				by[i] = 0; /* said once */
			}
		}
	free(by);
}
