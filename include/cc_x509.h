/* SPDX-License-Identifier: MIT */
/*
 * cc_x509.h - OpenSSL helpers shared by the certificate reader, the checks
 * and the CRL module (only files that already use OpenSSL include it).
 */
#ifndef CC_X509_H
#define CC_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "cc_cert.h"
#include "cc_common.h"

/* The name as "C=SE, O=Example, CN=alice" (RFC 4514 escapes, encoding
 * order); owned by the caller. */
char *cc_name_string(const X509_NAME *name);

/* The serial in lowercase hex as BN_bn2hex() writes it; owned. */
char *cc_serial_hex(const ASN1_INTEGER *serial);

/* The time as seconds since the epoch (0 if unparsable). */
time_t cc_asn1_time(const ASN1_TIME *t);

/* Lowercase hex of p[0..n), bytes joined by sep; owned by the caller. */
char *cc_hex(const unsigned char *p, size_t n, const char *sep);

/* A key identifier as the report shows it ("a1:b2:..."; owned), or NULL
 * for none. */
char *cc_key_id(const ASN1_OCTET_STRING *id);

/* The last OpenSSL error as text ("unsupported algorithm"), or fallback;
 * clears the error queue.  Writes into buf. */
const char *cc_ossl_error(char *buf, size_t len, const char *fallback);

/* A certificate record with its role, format and file (owned by the
 * caller until appended), and its appending to set (returns its index). */
struct cc_cert *cc_cert_new(enum cc_role role, enum cc_format fmt,
			    const char *file);
int cc_certset_append(struct cc_certset *set, struct cc_cert *c);
/* c moved into one block with its file, subject, issuer and serial (a
 * bundle of 100,000 keeps one allocation a certificate, not five); c is
 * freed, the returned record replaces it. */
struct cc_cert *cc_cert_pack(struct cc_cert *c);

/* Whether x has an extension OpenSSL cannot decode (or a duplicate one,
 * EXFLAG_INVALID); its name ("keyUsage") goes to name. */
bool cc_malformed_extension(X509 *x, char *name, size_t len);

/* Whether x's key is DSA without parameters: RFC 3279 has it inherit
 * them from the issuer's key, which OpenSSL 3 cannot decode. */
bool cc_inherits_dsa_parameters(X509 *x);

/* The first name of x (a subject attribute, a subjectAltName) with a NUL
 * byte inside, as "dNSName www.example.com\x00.evil.com" (owned), or
 * NULL: such a name is no name its prefix reads as. */
char *cc_embedded_nul(X509 *x);

/* A digest as lowercase hex into out. */
void cc_digest_hex(const unsigned char *md, unsigned int mdlen, char out[65]);

#endif /* CC_X509_H */
