/* SPDX-License-Identifier: MIT */
/*
 * cc_config.h - what a gateway's own configuration gives a command
 * (--swanctl): the gateway's certificate, the CAs it trusts, the peer's
 * pinned certificate, its revocation policy and its remote ids, read from
 * one connection of a swanctl.conf as swanctl resolves them.  Options
 * given on the command line win; the report says where each came from.
 */
#ifndef CC_CONFIG_H
#define CC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cc_ctx.h"
#include "cc_gateway.h"
#include "cc_idlist.h"

struct cc_report;

struct cc_import {
	char *file;		 /* the swanctl.conf */
	enum cc_gateway gateway; /* whose configuration: strongSwan's, or
				    libreswan's (--ipsec-conf) */
	const char *daemon;	 /* "charon", "pluto": for messages */
	const char *loader;	 /* what loads an ipsec.conf's conns:
				    "starter", "libreswan's addconn" */
	char *refusal;		 /* the daemon's words when no connection
				    takes the peer */
	char *tmpdir;		 /* certificates exported from libreswan's
				    NSS database, removed on release */
	char **untrusted;	 /* intermediates the gateway has (NSS) */
	size_t nuntrusted;
	char *needs; /* an input the configuration names that
				    certcheck lacks: what to give */
	char *conn;  /* the connection judged against */
	char *why;   /* how it was chosen */
	char *local; /* x509/...: the gateway's own certificate */
	char **ca;   /* x509ca/... (or remote.cacerts): trusted */
	size_t nca;
	char **crl; /* x509crl/...: CRL files */
	size_t ncrl;
	char *expect_peer; /* remote.certs: the peer's pinned one */
	char *ca_id;	   /* remote.ca_id: the subject of a CA the peer's
			      chain must hold, or NULL */
	char *ca_id_where; /* the key that says so, as its file writes it */
	char *idlist;	   /* remote.id as an ID-list file's text */
	char *tunnels;	   /* every connection whose peer uses a
				   certificate, in load order, as an ID-list
				   file's tunnels (idlist --swanctl) */
	bool has_revocation;
	enum cc_revocation revocation; /* remote.revocation */
	char **unknown; /* keys of the connection certcheck ignores */
	size_t nunknown;
	char **names; /* every connection, in load order */
	size_t nnames;
	char **candidates; /* charon's ranking, best first: "NAME (address
			      A, id I)" (when it chose) */
	size_t ncandidates;
	char **inputs; /* where each input came from: "x509/gw.pem via
			  connections.rw.local.certs (swanctl.conf:12)" */
	size_t ninputs;
	char **keys;	 /* every private key file swanctl loads (private/,
			   rsa/, ecdsa/, pkcs8/) */
	char **key_pass; /* its passphrase from secrets, or NULL (owned;
			    never printed) */
	size_t nkeys;
	char *keys_from;	  /* where charon takes them from, for messages:
			    "private/, rsa/, ecdsa/ and pkcs8/ beside
			    swanctl.conf", "ipsec.secrets" */
	enum cc_rdn_matching rdn; /* charon.rdn_matching (--strongswan-conf;
				     else strict, charon's default) */
	char *no_connection;	  /* charon takes none for this peer: why; the
				rest is judged against the first that
				takes certificates */
	int ocsp_use;	   /* whether the gateway asks OCSP responders: 1, 0,
			 or -1 when the configuration does not say
			 (libreswan's ocsp-enable) */
	char **crl_uris;   /* authorities.*.crl_uris as charon splits them */
	char **crl_uri_ca; /* each one's authority's cacert file, or NULL */
	size_t ncrl_uris;
	char **ocsp_uris;   /* authorities.*.ocsp_uris as charon splits them
			       (ipsec.conf: the ca sections' ocspuri) */
	char **ocsp_uri_ca; /* each one's authority's cacert file, or NULL */
	size_t nocsp_uris;
	char **ocsp_signers; /* x509ocsp/ (ipsec.d/ocspcerts/): responders
				charon trusts as they are */
	size_t nocsp_signers;
	struct cc_split_uri *split; /* crl_uris values cut at commas */
	size_t nsplit;
	struct cc_unloaded *unloaded; /* connections swanctl does not load */
	size_t nunloaded;
};

/* A connection the gateway does not load, so that charon never has it:
 * swanctl --load-conns refuses one with a file of its certs, cacerts or
 * pubkeys it cannot read (load_conns.c:152; the request is dropped at
 * :246); starter one of ipsec.conf without auto=add, route or start. */
struct cc_unloaded {
	char *conn;    /* its name */
	char *why;     /* "x509/gw.pem (local.certs, swanctl.conf:12) does
			   not exist" */
	char *path;    /* the path tried */
	char *key;     /* "local.certs" */
	bool decisive; /* loaded, it would have taken the peer before the
			   connection judged against */
};

/* An authorities.*.crl_uris value that charon cuts at its commas (an LDAP
 * URL with a DN in it): what it becomes. */
struct cc_split_uri {
	char *authority; /* its section's name */
	char *value;	 /* the value as written */
	char *where;	 /* "FILE:LINE" */
	char **pieces;	 /* what charon splits it into */
	size_t npieces;
	bool whole_left; /* the authority keeps some URL that was not cut */
};

/*
 * Reads swanctl.conf at path (with its includes) and the connection conn
 * (NULL: the first whose remote authenticates with a public key, in load
 * order).  Files are resolved as swanctl does: relative names under
 * x509/, x509ca/ and x509crl/ beside the file, absolute paths as they are.
 * A syntax error, an unknown connection (the message lists them) or a
 * certificate the connection names that does not exist is CC_EINPUT.
 */
/* What charon knows of a peer when it picks a connection for it. */
struct cc_peer_hint {
	const char *from;	 /* the peer's address, or NULL: unknown */
	const char *to;		 /* the gateway address it reached, or NULL */
	const struct cc_id *idi; /* the identity it sends, or NULL */
	const struct x509_st *peer;   /* its certificate, or NULL */
	const struct cc_certset *set; /* where the intermediates it sends
					 are (role untrusted), or NULL */
	/* looks a name of remote_addrs up as the gateway's resolver would:
	 * its addresses of family (AF_INET, AF_INET6), in the answer's
	 * order, separated by spaces, into addr, "" for none; NULL: names
	 * are not looked up (--no-network) */
	void (*lookup)(void *arg, const char *name, int family, char *addr,
		       size_t len);
	void *lookup_arg;
};

/*
 * Reads the swanctl.conf at path (and charon.rdn_matching from the
 * strongswan.conf at strongswan_conf, may be NULL) and its connection
 * conn; without conn, the connection charon selects for the peer of hint (NULL: the
 * first, in load order, whose peer authenticates with a certificate).
 */
enum cc_err cc_swanctl_import(struct cc_ctx *ctx, const char *path,
			      const char *strongswan_conf, const char *conn,
			      const struct cc_peer_hint *hint,
			      struct cc_import *out);
/*
 * The same from a legacy ipsec.conf at path: strongSwan's (starter's
 * reading: conn, ca and config setup sections, also=, %default, include;
 * its files under ipsec.d/ beside it) or libreswan's (its reading of
 * also= and of keys given twice; certificates by nickname from the NSS
 * database nss_db, may be NULL), as dialect says ("strongswan",
 * "libreswan", NULL: told by the keys only one of them reads), as the
 * swanctl.conf it amounts to.
 */
enum cc_err cc_ipsecconf_import(struct cc_ctx *ctx, const char *path,
				const char *dialect, const char *nss_db,
				const char *strongswan_conf, const char *conn,
				const struct cc_peer_hint *hint,
				struct cc_import *out);
void cc_import_release(struct cc_import *imp);

/* The findings of the import: the connection and why, what charon would
 * make of the peer (config.no-connection), split URIs, unknown keys.
 * judged: the causes the command checks, as bits (1u << CC_CAUSE_*); a
 * finding on a cause it does not check is only info. */
void cc_import_report(struct cc_report *r, const struct cc_import *imp,
		      unsigned judged);

/* config.constraint: does the peer's chain (set->cert[peer] and up, among
 * the certificates of set) hold the CA that remote.ca_id names? */
void cc_import_check_constraints(struct cc_report *r,
				 const struct cc_import *imp,
				 const struct cc_certset *set, int peer);

/* config.private-key: does one of the private keys swanctl loads belong
 * to the gateway's certificate (set->cert[local])?  Charon signs its AUTH
 * payload with it; without it, "no private key found for". */
void cc_import_check_key(struct cc_report *r, const struct cc_import *imp,
			 const struct cc_certset *set, int local);

#endif /* CC_CONFIG_H */
