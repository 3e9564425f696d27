/* SPDX-License-Identifier: MIT */
/*
 * identity.c - the identities a client could send from a certificate:
 * its subject DN, and each subjectAltName (dNSName as fqdn, rfc822Name and
 * the Microsoft UPN as email, iPAddress as ip).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "cc_idlist.h"

static const char *const type_names[] = { "dn", "email", "fqdn", "ip" };

/* See header */
const char *cc_id_type_name(enum cc_id_type t)
{
	return (size_t)t < countof(type_names) ? type_names[t] : "?";
}

static void idset_add(struct cc_idset *s, struct cc_id *id)
{
	s->id = cc_xrealloc(s->id, (s->n + 1) * sizeof(*s->id));
	s->id[s->n++] = *id;
}

static void add_string(struct cc_idset *s, enum cc_id_type type,
		       const ASN1_STRING *as)
{
	struct cc_id id = { .type = type };
	const unsigned char *p = ASN1_STRING_get0_data(as);
	size_t len = (size_t)ASN1_STRING_length(as);

	/* "www.example.com\0.evil.com" is no www.example.com: a name with a
	 * NUL byte is said in full and offered to no match */
	if (memchr(p, '\0', len)) {
		char *esc = cc_escape_bytes(p, len);

		s->refused = cc_xrealloc(
			s->refused, (s->nrefused + 1) * sizeof(*s->refused));
		s->refused[s->nrefused++] =
			cc_xasprintf("%s:%s", type_names[type], esc);
		free(esc);
		return;
	}
	id.str = cc_xasprintf("%.*s", (int)len, (const char *)p);
	id.text = cc_xasprintf("%s:%s", type_names[type], id.str);
	idset_add(s, &id);
}

/* See header */
void cc_idset_from_cert(const struct cc_cert *c, struct cc_idset *out)
{
	GENERAL_NAMES *gens =
		X509_get_ext_d2i(c->x509, NID_subject_alt_name, NULL, NULL);

	struct cc_cert_parts parts = { X509_get_subject_name(c->x509), NULL,
				       gens };

	cc_idset_from_parts(&parts, c->subject, out);
	GENERAL_NAMES_free(gens);
	ERR_clear_error();
}

/* See header */
void cc_idset_from_parts(struct cc_cert_parts *parts, const char *subject_text,
			 struct cc_idset *out)
{
	const GENERAL_NAMES *gens = parts->san;
	struct cc_id id = { .type = CC_ID_DN };
	char buf[64];

	memset(out, 0, sizeof(*out));
	if (parts->dn) {
		id.dn = *parts->dn; /* taken over */
		memset(parts->dn, 0, sizeof(*parts->dn));
	} else {
		cc_dn_from_name(parts->subject, &id.dn);
	}
	id.text = cc_xasprintf("dn:%s", subject_text);
	idset_add(out, &id);
	for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		switch (g->type) {
		case GEN_DNS:
			add_string(out, CC_ID_FQDN, g->d.dNSName);
			break;
		case GEN_EMAIL:
			add_string(out, CC_ID_EMAIL, g->d.rfc822Name);
			break;
		case GEN_OTHERNAME:
			/* the Microsoft UPN: user@domain, sent as an email */
			if (OBJ_obj2nid(g->d.otherName->type_id) ==
				    NID_ms_upn &&
			    g->d.otherName->value->type == V_ASN1_UTF8STRING)
				add_string(out, CC_ID_EMAIL,
					   g->d.otherName->value->value
						   .utf8string);
			break;
		case GEN_IPADD: {
			int len = ASN1_STRING_length(g->d.iPAddress);
			struct cc_id ip = { .type = CC_ID_IP };

			if (len != 4 && len != 16)
				break;
			ip.ip.family = len == 4 ? AF_INET : AF_INET6;
			memcpy(ip.ip.lo, ASN1_STRING_get0_data(g->d.iPAddress),
			       (size_t)len);
			memcpy(ip.ip.hi, ip.ip.lo, 16);
			ip.ip.single = true;
			inet_ntop(ip.ip.family, ip.ip.lo, buf, sizeof(buf));
			ip.text = cc_xasprintf("ip:%s", buf);
			idset_add(out, &ip);
			break;
		}
		default:
			break;
		}
	}
}

/* See header */
void cc_idset_release(struct cc_idset *s)
{
	for (size_t i = 0; i < s->n; i++)
		cc_id_release(&s->id[i]);
	free(s->id);
	for (size_t i = 0; i < s->nrefused; i++)
		free(s->refused[i]);
	free(s->refused);
	memset(s, 0, sizeof(*s));
}
