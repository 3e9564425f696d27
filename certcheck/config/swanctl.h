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

/* Appends a copy of s (or the formatted text) to the list *v of *n. */
void swc_add(char ***v, size_t *n, const char *s);
void swc_add_printf(char ***v, size_t *n, const char *fmt, ...) CC_PRINTF(3, 4);
/* Every regular file of dir/sub, sorted (swanctl loads them all). */
void swc_every_file(const char *dir, const char *sub, char ***v, size_t *n);
bool swc_starts(const char *s, const char *prefix);
/* The connection's round which (local, local-*, remote, remote-*), or
 * NULL. */
const struct cc_section *swc_round_of(const struct cc_section *conn,
				      const char *which);
/* Whether the connection authenticates its peer with a certificate. */
bool swc_pubkey_peer(const struct cc_settings *s,
		     const struct cc_section *conn);
/* The ID-list type of a remote.id: "dn", "email" or "fqdn". */
const char *swc_id_type(const char *id);

/* Whether swanctl loads conn: false, with the refusal in *out, when a
 * file of its certs, cacerts or pubkeys cannot be read (load_conns.c:99,
 * an inline 0x/0s blob aside). */
bool swc_loadable(const struct cc_settings *s, const struct cc_section *conn,
		  const char *dir, struct cc_unloaded *out);
/* Records the refusal u (taken over) in imp. */
void swc_add_unloaded(struct cc_import *imp, struct cc_unloaded *u);

/* select.c: the connection charon selects among conns for the peer of h,
 * in *pick (dir: the folder of swanctl.conf; gone: the connections
 * swanctl does not load, their refusals in out->unloaded, marked decisive
 * when one would have taken the peer); its ranking in out. */
enum cc_err swc_select_conn(struct cc_ctx *ctx, const struct cc_settings *s,
			    const struct cc_section *conns, const bool *gone,
			    const char *dir, const struct cc_peer_hint *h,
			    struct cc_import *out,
			    const struct cc_section **pick);

/* keys.c: every private key file swanctl loads, with its passphrase. */
void swc_read_keys(const struct cc_settings *s, const char *dir,
		   struct cc_import *imp);

#endif /* CC_SWANCTL_H */
