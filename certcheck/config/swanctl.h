/* SPDX-License-Identifier: MIT */
/*
 * swanctl.h - what the importer of swanctl.conf (swanctl.c) shares with
 * charon's choice of connection (select.c) and the gateway's keys
 * (keys.c).  Private to certcheck/config/.
 */
#ifndef CC_SWANCTL_H
#define CC_SWANCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_common.h"
#include "cc_config.h"
#include "cc_settings.h"

/*
 * Where a configuration keeps its files: swanctl's folders beside
 * swanctl.conf (x509/, x509ca/, x509crl/, pubkey/, and the private key
 * folders), or stroke's under ipsec.d/ beside ipsec.conf (certs/,
 * cacerts/, crls/).  Folder names are relative to dir.
 */
struct swc_layout {
	const char *dir;
	const char *x509, *x509ca, *x509crl, *pubkey;
	const char *x509ocsp; /* responders trusted as they are, or NULL */
	bool swanctl;	/* swanctl's rules: a file it cannot read refuses the
			 connection; every key of the key folders loaded */
	bool libreswan; /* libreswan's ipsec.conf: pluto chooses */
	const char *im; /* a folder of the gateway's intermediate CAs (NSS
			   has them), or NULL */
};
extern const struct swc_layout swc_swanctl_layout; /* dir left NULL */

/* Appends a copy of s (or the formatted text) to the list *v of *n. */
void swc_add(char ***v, size_t *n, const char *s);
void swc_add_printf(char ***v, size_t *n, const char *fmt, ...) CC_PRINTF(3, 4);
/* The folder of path ("." for a bare name), owned. */
char *swc_folder(const char *path);
/* Every regular file of dir/sub, sorted (swanctl loads them all). */
void swc_every_file(const char *dir, const char *sub, char ***v, size_t *n);
/* The path of a file a list names: absolute (or an inline blob) as it
 * is, else under sub. */
char *swc_path(const struct swc_layout *L, const char *sub, const char *name);
bool swc_starts(const char *s, const char *prefix);
/* The connection's round which (local, local-*, remote, remote-*), or
 * NULL. */
const struct cc_section *swc_round_of(const struct cc_section *conn,
				      const char *which);
/* Whether the connection authenticates its peer with a certificate. */
bool swc_pubkey_peer(const struct cc_settings *s,
		     const struct cc_section *conn);
/* Whether a list item is an inline blob (0x hex, 0s base64), no file. */
bool swc_is_blob(const char *s);
/* The certificate in path (PEM or DER), or of an inline blob, or NULL. */
struct x509_st *swc_read_x509(const char *path);

/* Whether a remote.id (NULL: none) accepts any identity, and else the
 * ID-list entry it is, "TYPE<sep>VALUE" (owned), typed as strongSwan's
 * identification_create_from_string() types it (identification.c:1625:
 * "%any", "*", "0.0.0.0", "::" any; :1644 a DN when it has '='; :1661
 * without '@' an address, else a name; :1703 @fqdn and @@email; else
 * user@host). */
bool swc_id_any(const char *id);
char *swc_id_entry(const char *id, char sep);

/* select.c: the CA above peer, up the chain built from pool, whose
 * subject is the identity ca_id (remote.ca_id, libreswan's rightca), or
 * NULL; *steps (may be NULL) how far up it is (1: the issuer). */
const struct x509_st *swc_chain_ca(const struct x509_st *peer,
				   struct x509_st *const *pool, size_t n,
				   const char *ca_id, enum cc_rdn_matching rdn,
				   int *steps);
/* select.c: the peer's chain as the gateway builds it: what h says it
 * sends, then the CAs of L's x509ca folder; the first *own are read here,
 * for the caller to free (X509_free), and the array. */
struct x509_st **swc_chain_pool(const struct swc_layout *L,
				const struct cc_peer_hint *h, size_t *n,
				size_t *own);

/* Whether s is a URL (scheme://). */
bool swc_is_url(const char *s);

/* select.c: whether swanctl loads conn: false, with the refusal in *out, when a
 * file of its certs, cacerts or pubkeys cannot be read (load_conns.c:99,
 * an inline 0x/0s blob aside). */
bool swc_loadable(const struct cc_settings *s, const struct cc_section *conn,
		  const struct swc_layout *L, struct cc_unloaded *out);
/* Records the refusal u (taken over) in imp. */
void swc_add_unloaded(struct cc_import *imp, struct cc_unloaded *u);

/* select.c: the connection charon selects among conns for the peer of h,
 * in *pick (L: where its files are; gone: the connections
 * swanctl does not load, their refusals in out->unloaded, marked decisive
 * when one would have taken the peer); its ranking in out. */
enum cc_err swc_select_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			    const struct cc_section *conns, const bool *gone,
			    const struct swc_layout *L,
			    const struct cc_peer_hint *h, struct cc_import *out,
			    const struct cc_section **pick);

/* select.c: no connection takes the peer of h (idi: " sending IDi ..."
 * or ""): out says so, and *pick is the first that takes certificates,
 * loaded or else refused, to judge the rest against.  word: what the
 * gateway calls a connection. */
void swc_none_takes(const struct cc_settings *s, const struct cc_section *conns,
		    const bool *gone, const struct cc_peer_hint *h,
		    const char *idi, const char *word, struct cc_import *out,
		    const struct cc_section **pick);

/* lswselect.c: the same as libreswan's pluto chooses. */
enum cc_err lsw_select_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			    const struct cc_section *conns, const bool *gone,
			    const struct swc_layout *L,
			    const struct cc_peer_hint *h, struct cc_import *out,
			    const struct cc_section **pick);

/* nss.c: a private folder with certs/, cacerts/ and crls/ (NULL, with
 * the error in ctx, when it cannot be made), for certificates that are
 * no files of the configuration (NSS's, inline ones); and its removal. */
char *swc_tmpdir(struct cc_ctx *ctx);
void swc_remove_tree(const char *dir);

/* swanctl.c: the import from a settings tree in swanctl.conf's shape
 * (connections, authorities, secrets), its files where L says: what
 * cc_swanctl_import() does after reading the file, and what the
 * ipsec.conf importer gives its translation to. */
enum cc_err swc_import(struct cc_ctx *ctx, const struct cc_settings *s,
		       const struct swc_layout *L, const char *conn,
		       const struct cc_peer_hint *hint, struct cc_import *out);

/* An import begun: out emptied, its file path, and charon.rdn_matching
 * from the strongswan.conf at strongswan_conf (may be NULL). */
enum cc_err swc_import_begin(struct cc_ctx *ctx, const char *path,
			     const char *strongswan_conf,
			     struct cc_import *out);

/* keys.c: every private key file swanctl loads, with its passphrase. */
void swc_read_keys(const struct cc_settings *s, const char *dir,
		   struct cc_import *imp);

#endif /* CC_SWANCTL_H */
