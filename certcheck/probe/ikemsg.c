/* SPDX-License-Identifier: MIT */
/*
 * ikemsg.c - see cc_probe.h: the IKE_SA_INIT request certcheck sends and
 * the reading of its answer, by RFC 7296 (header 3.1, payloads 3.2-3.10,
 * NAT detection 2.23), RFC 7383 (IKEV2_FRAGMENTATION_SUPPORTED) and RFC
 * 7427 (SIGNATURE_HASH_ALGORITHMS).  Every length is checked against what
 * holds it before it is read.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cc_common.h"
#include "cc_probe.h"

enum {
	PL_NONE = 0,
	PL_SA = 33,
	PL_KE = 34,
	PL_CERTREQ = 38,
	PL_NONCE = 40,
	PL_NOTIFY = 41,
	PL_VENDOR = 43,
};

enum {
	N_INVALID_KE_PAYLOAD = 17,
	N_NAT_DETECTION_SOURCE_IP = 16388,
	N_NAT_DETECTION_DESTINATION_IP = 16389,
	N_COOKIE = 16390,
	N_IKEV2_FRAGMENTATION_SUPPORTED = 16430,
	N_SIGNATURE_HASH_ALGORITHMS = 16431,
};

/* What certcheck offers (RFC 7296 3.3.2's transform IDs). */
static const uint16_t groups[] = { 14, 19, 20, 21, 31 };
static const uint16_t classic[] = { 5, 2 };
static const uint16_t prfs[] = { 5, 6, 7, 2 }; /* HMAC SHA2-256/384/512, SHA1 */
static const uint16_t integs[] = { 12, 13, 14, 2 }; /* their MACs */
static const uint16_t hashes[] = { 2, 3, 4, 1, 5 }; /* SHA2-*, SHA1, identity */

/* A growing message. */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *data, size_t n)
{
	cc_grow(&b->p, &b->cap, b->len + n, 1);
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put8(struct buf *b, unsigned v)
{
	uint8_t x = (uint8_t)v;

	put(b, &x, 1);
}

static void put16(struct buf *b, unsigned v)
{
	put8(b, v >> 8);
	put8(b, v & 0xff);
}

static void set16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* A transform of a proposal. */
struct xform {
	unsigned type, id, keylen;
};

/* One IKE proposal: AES-CBC or AES-GCM at 128 and 256 bits, the PRFs,
 * the MACs (none with GCM, an AEAD), the groups (the classic ones on the
 * second try). */
static void proposal(struct buf *b, unsigned num, bool gcm, bool last,
		     bool with_classic)
{
	struct xform t[32];
	size_t n = 0, at = b->len;
	unsigned encr = gcm ? 20 : 12;

	t[n++] = (struct xform){ 1, encr, 128 };
	t[n++] = (struct xform){ 1, encr, 256 };
	for (size_t i = 0; i < countof(prfs); i++)
		t[n++] = (struct xform){ 2, prfs[i], 0 };
	for (size_t i = 0; !gcm && i < countof(integs); i++)
		t[n++] = (struct xform){ 3, integs[i], 0 };
	for (size_t i = 0; i < countof(groups); i++)
		t[n++] = (struct xform){ 4, groups[i], 0 };
	for (size_t i = 0; with_classic && i < countof(classic); i++)
		t[n++] = (struct xform){ 4, classic[i], 0 };
	put8(b, last ? 0 : 2);
	put8(b, 0);
	put16(b, 0);
	put8(b, num);
	put8(b, 1); /* IKE */
	put8(b, 0); /* no SPI in IKE_SA_INIT */
	put8(b, (unsigned)n);
	for (size_t i = 0; i < n; i++) {
		put8(b, i + 1 == n ? 0 : 3);
		put8(b, 0);
		put16(b, t[i].keylen ? 12 : 8);
		put8(b, t[i].type);
		put8(b, 0);
		put16(b, t[i].id);
		if (t[i].keylen) {
			put16(b, 0x800e); /* Key Length, TV format */
			put16(b, t[i].keylen);
		}
	}
	set16(b->p + at + 2, b->len - at);
}

/* SHA-1 of SPIi | SPIr | address | port (RFC 7296 2.23). */
static void nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8],
		     const uint8_t *addr, size_t alen, uint16_t port,
		     uint8_t out[20])
{
	uint8_t in[8 + 8 + 16 + 2];
	unsigned n = 20;

	memcpy(in, spi_i, 8);
	memcpy(in + 8, spi_r, 8);
	memcpy(in + 16, addr, alen);
	in[16 + alen] = (uint8_t)(port >> 8);
	in[17 + alen] = (uint8_t)port;
	EVP_Digest(in, 18 + alen, out, &n, EVP_sha1(), NULL);
}

/* A payload's generic header, its type written into the payload before
 * (*prev: the offset of that one's "next payload" byte); returns where it
 * starts, for end(). */
static size_t begin(struct buf *b, size_t *prev, uint8_t type)
{
	size_t at = b->len;

	b->p[*prev] = type;
	*prev = at;
	put8(b, PL_NONE);
	put8(b, 0);
	put16(b, 0);
	return at;
}

static void end(struct buf *b, size_t at)
{
	set16(b->p + at + 2, b->len - at);
}

static void notify(struct buf *b, size_t *prev, unsigned type, const void *data,
		   size_t n)
{
	size_t at = begin(b, prev, PL_NOTIFY);

	put8(b, 0); /* protocol: none */
	put8(b, 0); /* no SPI */
	put16(b, type);
	if (n)
		put(b, data, n);
	end(b, at);
}

/* See cc_probe.h */
uint8_t *cc_ike_build(const struct cc_ike_request *q, size_t *len)
{
	static const uint8_t zero[8];
	struct buf b = { 0 };
	uint8_t nat[20], sigs[2 * countof(hashes)];
	size_t at, prev = 16; /* the header's "next payload" */

	put(&b, q->spi, 8);
	put(&b, zero, 8);
	put8(&b, PL_NONE);
	put8(&b, 0x20);	  /* IKEv2 */
	put8(&b, 34);	  /* IKE_SA_INIT */
	put8(&b, 0x08);	  /* the initiator */
	put(&b, zero, 4); /* message ID 0 */
	put(&b, zero, 4); /* length: below */
	if (q->cookie)	  /* first, as RFC 7296 2.6 asks */
		notify(&b, &prev, N_COOKIE, q->cookie, q->cookie_len);
	at = begin(&b, &prev, PL_SA);
	proposal(&b, 1, false, false, q->classic);
	proposal(&b, 2, true, true, q->classic);
	end(&b, at);
	at = begin(&b, &prev, PL_KE);
	put16(&b, q->group);
	put16(&b, 0);
	put(&b, q->ke, q->ke_len);
	end(&b, at);
	at = begin(&b, &prev, PL_NONCE);
	put(&b, q->nonce, sizeof(q->nonce));
	end(&b, at);
	nat_hash(q->spi, zero, q->src, q->addr_len, q->sport, nat);
	notify(&b, &prev, N_NAT_DETECTION_SOURCE_IP, nat, 20);
	nat_hash(q->spi, zero, q->dst, q->addr_len, q->dport, nat);
	notify(&b, &prev, N_NAT_DETECTION_DESTINATION_IP, nat, 20);
	notify(&b, &prev, N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	for (size_t i = 0; i < countof(hashes); i++)
		set16(sigs + 2 * i, hashes[i]);
	notify(&b, &prev, N_SIGNATURE_HASH_ALGORITHMS, sigs, sizeof(sigs));
	b.p[24] = (uint8_t)(b.len >> 24);
	b.p[25] = (uint8_t)(b.len >> 16);
	b.p[26] = (uint8_t)(b.len >> 8);
	b.p[27] = (uint8_t)b.len;
	*len = b.len;
	return b.p;
}

/* The first proposal of an SA payload's body: the transforms chosen. */
static bool read_sa(const uint8_t *p, size_t n, struct cc_ike_answer *a)
{
	size_t plen, off;

	if (n < 8 || (plen = get16(p + 2)) < 8 || plen > n || p[6] > 8 ||
	    (size_t)8 + p[6] > plen)
		return false;
	off = 8 + p[6];
	while (off + 8 <= plen) {
		size_t tlen = get16(p + off + 2);
		unsigned type = p[off + 4], id = get16(p + off + 6);

		if (tlen < 8 || off + tlen > plen)
			return false;
		if (type == 1) {
			a->encr = (uint16_t)id;
			if (tlen >= 12 && get16(p + off + 8) == 0x800e)
				a->encr_keylen = (uint16_t)get16(p + off + 10);
		} else if (type == 2) {
			a->prf = (uint16_t)id;
		} else if (type == 3) {
			a->integ = (uint16_t)id;
		} else if (type == 4) {
			a->group = (uint16_t)id;
		}
		off += tlen;
	}
	a->has_sa = true;
	return true;
}

static void read_notify(const uint8_t *p, size_t n,
			const struct cc_ike_request *q, struct cc_ike_answer *a)
{
	unsigned type, spisize;
	const uint8_t *d;
	size_t dn;
	uint8_t want[20];

	if (n < 4 || (size_t)4 + p[1] > n)
		return;
	spisize = p[1];
	type = get16(p + 2);
	d = p + 4 + spisize;
	dn = n - 4 - spisize;
	if (a->nnotify < CC_IKE_MAX_LIST)
		a->notify[a->nnotify++] = (uint16_t)type;
	switch (type) {
	case N_INVALID_KE_PAYLOAD:
		if (dn >= 2)
			a->invalid_ke_group = (uint16_t)get16(d);
		break;
	case N_COOKIE:
		if (dn <= sizeof(a->cookie)) {
			memcpy(a->cookie, d, dn);
			a->cookie_len = dn;
		}
		break;
	case N_SIGNATURE_HASH_ALGORITHMS:
		for (size_t i = 0;
		     i + 1 < dn && a->nsig_hashes < countof(a->sig_hashes);
		     i += 2)
			a->sig_hashes[a->nsig_hashes++] =
				(uint16_t)get16(d + i);
		break;
	case N_NAT_DETECTION_SOURCE_IP:
		/* the responder's source: our destination */
		a->has_nat_src = true;
		nat_hash(a->spi_i, a->spi_r, q->dst, q->addr_len, q->dport,
			 want);
		a->nat_src = dn == 20 && !memcmp(d, want, 20);
		break;
	case N_NAT_DETECTION_DESTINATION_IP:
		a->has_nat_dst = true;
		nat_hash(a->spi_i, a->spi_r, q->src, q->addr_len, q->sport,
			 want);
		a->nat_dst = dn == 20 && !memcmp(d, want, 20);
		break;
	default:
		break;
	}
}

/* See cc_probe.h */
bool cc_ike_parse(const uint8_t *msg, size_t len,
		  const struct cc_ike_request *q, struct cc_ike_answer *a,
		  const char **why)
{
	size_t total, off = 28;
	unsigned next;

	memset(a, 0, sizeof(*a));
	if (len < 28) {
		*why = "shorter than an IKE header (28 bytes)";
		return false;
	}
	memcpy(a->spi_i, msg, 8);
	memcpy(a->spi_r, msg + 8, 8);
	next = msg[16];
	total = (size_t)msg[24] << 24 | (size_t)msg[25] << 16 |
		(size_t)msg[26] << 8 | msg[27];
	if (msg[17] >> 4 != 2) {
		*why = "not IKE version 2";
		return false;
	}
	if (msg[18] != 34) {
		*why = "not an IKE_SA_INIT message";
		return false;
	}
	if (total != len) {
		*why = total > len ? "truncated (its header says it is longer)"
				   : "longer than its header says";
		return false;
	}
	a->responder = msg[19] & 0x20;
	a->other_spi = memcmp(a->spi_i, q->spi, 8) != 0;
	while (next != PL_NONE) {
		size_t plen;

		if (off + 4 > len) {
			*why = "a payload runs past the message's end";
			return false;
		}
		plen = get16(msg + off + 2);
		if (plen < 4 || off + plen > len) {
			*why = "a payload's length is wrong";
			return false;
		}
		if (a->npayloads < CC_IKE_MAX_LIST)
			a->payloads[a->npayloads++] = (uint8_t)next;
		const uint8_t *body = msg + off + 4;
		size_t blen = plen - 4;

		switch (next) {
		case PL_SA:
			if (!read_sa(body, blen, a)) {
				*why = "its SA payload is malformed";
				return false;
			}
			break;
		case PL_KE:
			if (blen >= 4)
				a->ke_group = (uint16_t)get16(body);
			break;
		case PL_CERTREQ:
			if (blen >= 1 && a->ncertreq < countof(a->certreq)) {
				size_t n = (blen - 1) / 20;

				a->certreq[a->ncertreq].encoding = body[0];
				a->certreq[a->ncertreq].n = n;
				a->certreq[a->ncertreq].hash =
					cc_xcalloc(n + 1, 20);
				memcpy(a->certreq[a->ncertreq].hash, body + 1,
				       n * 20);
				a->ncertreq++;
			}
			break;
		case PL_NOTIFY:
			read_notify(body, blen, q, a);
			break;
		case PL_VENDOR:
			if (a->nvendor < countof(a->vendor)) {
				size_t n = blen < 64 ? blen : 64;

				memcpy(a->vendor[a->nvendor], body, n);
				a->vendor_len[a->nvendor++] = n;
			}
			break;
		default:
			break;
		}
		next = msg[off];
		off += plen;
	}
	return true;
}

/* See cc_probe.h */
void cc_ike_answer_release(struct cc_ike_answer *a)
{
	for (size_t i = 0; i < a->ncertreq; i++)
		free(a->certreq[i].hash);
	a->ncertreq = 0;
}

/* A name from a table of { id, name } pairs, or NULL. */
struct name {
	unsigned id;
	const char *name;
};

static const char *lookup(const struct name *t, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return NULL;
}

/* See cc_probe.h */
const char *cc_ike_payload_name(uint8_t type)
{
	static const struct name t[] = {
		{ 33, "SA" },	{ 34, "KE" },	 { 35, "IDi" },
		{ 36, "IDr" },	{ 37, "CERT" },	 { 38, "CERTREQ" },
		{ 39, "AUTH" }, { 40, "Nonce" }, { 41, "N" },
		{ 42, "D" },	{ 43, "V" },	 { 44, "TSi" },
		{ 45, "TSr" },	{ 46, "SK" },	 { 47, "CP" },
		{ 48, "EAP" },	{ 53, "SKF" },
	};
	return lookup(t, countof(t), type);
}

/* See cc_probe.h */
const char *cc_ike_notify_name(uint16_t type)
{
	static const struct name t[] = {
		{ 1, "UNSUPPORTED_CRITICAL_PAYLOAD" },
		{ 4, "INVALID_IKE_SPI" },
		{ 5, "INVALID_MAJOR_VERSION" },
		{ 7, "INVALID_SYNTAX" },
		{ 9, "INVALID_MESSAGE_ID" },
		{ 11, "INVALID_SPI" },
		{ 14, "NO_PROPOSAL_CHOSEN" },
		{ 17, "INVALID_KE_PAYLOAD" },
		{ 24, "AUTHENTICATION_FAILED" },
		{ 34, "SINGLE_PAIR_REQUIRED" },
		{ 35, "NO_ADDITIONAL_SAS" },
		{ 36, "INTERNAL_ADDRESS_FAILURE" },
		{ 37, "FAILED_CP_REQUIRED" },
		{ 38, "TS_UNACCEPTABLE" },
		{ 39, "INVALID_SELECTORS" },
		{ 43, "TEMPORARY_FAILURE" },
		{ 44, "CHILD_SA_NOT_FOUND" },
		{ 16384, "INITIAL_CONTACT" },
		{ 16388, "NAT_DETECTION_SOURCE_IP" },
		{ 16389, "NAT_DETECTION_DESTINATION_IP" },
		{ 16390, "COOKIE" },
		{ 16396, "HTTP_CERT_LOOKUP_SUPPORTED" },
		{ 16404, "MULTIPLE_AUTH_SUPPORTED" },
		{ 16406, "EAP_ONLY_AUTHENTICATION" },
		{ 16418, "CHILDLESS_IKEV2_SUPPORTED" },
		{ 16408, "REDIRECT_SUPPORTED" },
		{ 16417, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED" },
		{ 16430, "IKEV2_FRAGMENTATION_SUPPORTED" },
		{ 16431, "SIGNATURE_HASH_ALGORITHMS" },
		{ 16441, "INTERMEDIATE_EXCHANGE_SUPPORTED" },
	};
	return lookup(t, countof(t), type);
}

/* See cc_probe.h */
const char *cc_ike_encr_name(uint16_t id)
{
	static const struct name t[] = {
		{ 3, "3DES" },
		{ 12, "AES_CBC" },
		{ 13, "AES_CTR" },
		{ 18, "AES_GCM_8" },
		{ 19, "AES_GCM_12" },
		{ 20, "AES_GCM_16" },
		{ 28, "CHACHA20_POLY1305" },
	};
	return lookup(t, countof(t), id);
}

/* See cc_probe.h */
const char *cc_ike_prf_name(uint16_t id)
{
	static const struct name t[] = {
		{ 1, "PRF_HMAC_MD5" },	    { 2, "PRF_HMAC_SHA1" },
		{ 5, "PRF_HMAC_SHA2_256" }, { 6, "PRF_HMAC_SHA2_384" },
		{ 7, "PRF_HMAC_SHA2_512" },
	};
	return lookup(t, countof(t), id);
}

/* See cc_probe.h */
const char *cc_ike_integ_name(uint16_t id)
{
	static const struct name t[] = {
		{ 1, "HMAC_MD5_96" },	     { 2, "HMAC_SHA1_96" },
		{ 12, "HMAC_SHA2_256_128" }, { 13, "HMAC_SHA2_384_192" },
		{ 14, "HMAC_SHA2_512_256" },
	};
	return lookup(t, countof(t), id);
}

/* See cc_probe.h */
const char *cc_ike_group_name(uint16_t id)
{
	static const struct name t[] = {
		{ 2, "MODP_1024" },  { 5, "MODP_1536" },  { 14, "MODP_2048" },
		{ 15, "MODP_3072" }, { 16, "MODP_4096" }, { 19, "ECP_256" },
		{ 20, "ECP_384" },   { 21, "ECP_521" },	  { 31, "CURVE_25519" },
		{ 32, "CURVE_448" },
	};
	return lookup(t, countof(t), id);
}

/* See cc_probe.h */
const char *cc_ike_hash_name(uint16_t id)
{
	static const struct name t[] = {
		{ 1, "SHA1" },	   { 2, "SHA2_256" }, { 3, "SHA2_384" },
		{ 4, "SHA2_512" }, { 5, "IDENTITY" },
	};
	return lookup(t, countof(t), id);
}

/* See cc_probe.h */
const char *cc_ike_vendor_name(const uint8_t *v, size_t len)
{
	/* the vendor IDs of strongSwan 5.9.8's own table of the ones it
	 * knows (src/libcharon/sa/ikev2/tasks/ike_vendor.c:90-150): whole,
	 * or their first n bytes */
	static const struct {
		const char *name;
		const char *id;
		size_t n;
	} t[] = {
		{ "strongSwan",
		  "\x88\x2f\xe5\x6d\x6f\xd2\x0d\xbc\x22\x51\x61\x3b\x2e\xbe\x5b"
		  "\xeb",
		  16 },
		{ "Windows (MS NT5 ISAKMPOAKLEY)",
		  "\x1e\x2b\x51\x69\x05\x99\x1c\x7d\x7c\x96\xfc\xbf\xb5\x87\xe4"
		  "\x61",
		  16 },
		{ "Windows (MS-Negotiation Discovery Capable)",
		  "\xfb\x1d\xe3\xcd\xf3\x41\xb7\xea\x16\xb7\xe5\xbe\x08\x55\xf1"
		  "\x20",
		  16 },
		{ "Cisco", "CISCO", 5 },
		{ "Cisco FlexVPN", "FLEXVPN-SUPPORTED", 17 },
		{ "Fortinet (FortiGate)",
		  "\x1d\x6e\x17\x8f\x6c\x2c\x0b\xe2\x84\x98\x54\x65\x45\x0f\xe9"
		  "\xd4",
		  16 },
		{ "IKE fragmentation",
		  "\x40\x48\xb7\xd5\x6e\xbc\xe8\x85\x25\xe7\xde\x7f\x00\xd6\xc2"
		  "\xd3",
		  16 },
		{ "Check Point", "\xf4\xed\x19\xe0\xc1\x14\xeb\x51\x6f\xaa",
		  10 },
		{ "Juniper SRX",
		  "\xfd\x80\x88\x04\xdf\x73\xb1\x51\x50\x70\x9d\x87\x80\x44\xcd"
		  "\xe0",
		  16 },
	};
	for (size_t i = 0; i < countof(t); i++)
		if (len >= t[i].n && !memcmp(v, t[i].id, t[i].n))
			return t[i].name;
	return NULL;
}
