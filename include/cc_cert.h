/* SPDX-License-Identifier: MIT */
/*
 * cc_cert.h - a loaded certificate with the strings the report prints, the
 * set of all certificates of a run, and the content-sniffing loader.
 *
 * The OpenSSL objects sit behind the struct x509_st / evp_pkey_st pointers
 * (X509 and EVP_PKEY); only the modules that use OpenSSL dereference them.
 */
#ifndef CC_CERT_H
#define CC_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cc_ctx.h"

struct x509_st;
struct evp_pkey_st;

/* doc/report.md's roles, in its order. */
enum cc_role {
	CC_ROLE_LOCAL,
	CC_ROLE_PEER,
	CC_ROLE_EXPECTED_PEER,
	CC_ROLE_CA,
	CC_ROLE_PEER_CA,
	CC_ROLE_UNTRUSTED,
	CC_ROLE_USER,
	CC_ROLE_COUNT
};

/* How the file a certificate came from was encoded. */
enum cc_format { CC_FMT_PEM, CC_FMT_DER, CC_FMT_PKCS7, CC_FMT_PKCS12 };

struct cc_cert {
	struct x509_st *x509;	 /* owned (X509) */
	struct evp_pkey_st *key; /* owned (EVP_PKEY); only a PKCS#12 leaf's */
	enum cc_role role;
	enum cc_format format;
	char *file;	 /* owned; the path given */
	char *subject;	 /* owned; "C=SE, O=Example, CN=alice" */
	char *issuer;	 /* owned; same form */
	char *serial;	 /* owned; lowercase hex */
	char sha256[65]; /* lowercase hex of the DER */
	time_t not_before, not_after;
	bool self_signed; /* issuer == subject and its key verifies it */
	bool is_ca;	  /* basicConstraints CA:TRUE */
	bool packed;	  /* file, subject, issuer and serial live in this
			     struct's own block (cc_cert_pack()) */
};

struct cc_certset {
	struct cc_cert **cert; /* owned */
	size_t n, cap;
};

const char *cc_role_name(enum cc_role role);
const char *cc_format_name(enum cc_format fmt);

/* Embedded struct: init/release. */
void cc_certset_init(struct cc_certset *set);
void cc_certset_release(struct cc_certset *set);

/*
 * Wraps x509 (takes ownership: set0) and key (may be NULL; taken too) into a
 * new certificate appended to set; returns its index.
 */
int cc_certset_add0(struct cc_certset *set, struct x509_st *x509,
		    struct evp_pkey_st *key, enum cc_role role,
		    enum cc_format fmt, const char *file);

/* Index in set of the certificate equal to x509 (same DER), or -1. */
int cc_certset_find(const struct cc_certset *set, const struct x509_st *x509);

/* A PKCS#12 password; the bytes are wiped by cc_secret_release(). */
struct cc_secret {
	char *pass; /* owned; NULL when none was given */
	size_t len;
};

void cc_secret_release(struct cc_secret *s);

/*
 * Reads the password: the first line of file (without its line end) when
 * file is not NULL, else the environment variable CERTCHECK_PASSWORD, else
 * none.  Returns CC_EINPUT (recorded in ctx) when file cannot be read.
 */
enum cc_err cc_secret_load(struct cc_ctx *ctx, struct cc_secret *s,
			   const char *file);

/*
 * Loads every certificate of the file at path (PEM with any text around
 * the blocks, DER, PKCS#7 in PEM or DER, PKCS#12), detected by content, and
 * appends them to set.
 *
 * With role LOCAL, PEER or EXPECTED_PEER the file holds one end entity: the
 * PKCS#12's key holder, else the first certificate that issues no other one
 * in the file; it gets role and its index goes to *leaf (may be NULL); the
 * file's other certificates join the set as UNTRUSTED (chain material, as a
 * peer sends it in IKE).  Any other role is given to every certificate.
 *
 * pw may be NULL.  A PKCS#12 is tried with pw, then with the empty
 * password.  Errors (recorded in ctx, naming the file): CC_EINPUT for a
 * missing, empty or unreadable file or one holding no certificate,
 * CC_EPASSWORD for a PKCS#12 whose password is missing or wrong.
 */
enum cc_err cc_certset_load(struct cc_ctx *ctx, struct cc_certset *set,
			    const char *path, enum cc_role role,
			    const struct cc_secret *pw, int *leaf);

/* The same from bytes in memory; name stands for the file in messages. */
enum cc_err cc_certset_load_mem(struct cc_ctx *ctx, struct cc_certset *set,
				const char *name, const unsigned char *data,
				size_t len, enum cc_role role,
				const struct cc_secret *pw, int *leaf);

struct X509_name_st;
struct stack_st_GENERAL_NAME;
struct cc_dn;

/* What a stream read of one certificate, for the call only. */
struct cc_cert_parts {
	const struct X509_name_st *subject;	 /* or NULL: then dn */
	struct cc_dn *dn;			 /* or NULL: then subject; the
						   callee may take it over */
	const struct stack_st_GENERAL_NAME *san; /* may be NULL */
};

/* Called for each certificate a stream reads (idx: its index in set). */
typedef void (*cc_cert_fn)(void *arg, const struct cc_certset *set, int idx,
			   struct cc_cert_parts *parts);

/*
 * Reads the certificates of path one at a time and calls fn for each: a
 * PEM bundle is streamed and its certificates are kept light (x509 NULL:
 * the strings, dates and digest only; self_signed by name); other formats
 * go through cc_certset_load().  Errors as cc_certset_load().
 */
enum cc_err cc_certset_stream(struct cc_ctx *ctx, struct cc_certset *set,
			      const char *path, enum cc_role role,
			      const struct cc_secret *pw, cc_cert_fn fn,
			      void *arg);

/* Frees the last certificate of set. */
void cc_cert_free_last(struct cc_certset *set);

#endif /* CC_CERT_H */
