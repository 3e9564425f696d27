/* SPDX-License-Identifier: MIT */
/*
 * keys.c - the private keys swanctl loads, and whether one of them
 * belongs to the gateway's certificate (config.private-key).  No key or
 * passphrase is ever printed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cc_cert.h"
#include "cc_report.h"
#include "swanctl.h"

/*
 * The private keys swanctl loads (strongSwan 5.9.8,
 * src/swanctl/commands/load_creds.c:922-926: every file of private/,
 * rsa/, ecdsa/, pkcs8/), each with the passphrase of the secrets section
 * whose name starts with the folder's type and whose file is its name
 * (decrypt_with_config(), :332).
 */
void swc_read_keys(const struct cc_settings *s, const char *dir,
		   struct cc_import *imp)
{
	imp->keys_from = cc_xasprintf("private/, rsa/, ecdsa/ and pkcs8/ "
				      "beside %s, with the passphrases of its "
				      "secrets section when encrypted",
				      imp->file);
	static const char *const types[] = { "private", "rsa", "ecdsa",
					     "pkcs8" };
	const struct cc_section *sec = cc_settings_section(s, "secrets");

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		size_t first = imp->nkeys;

		swc_every_file(dir, types[t], &imp->keys, &imp->nkeys);
		imp->key_pass =
			cc_xrealloc(imp->key_pass,
				    (imp->nkeys + 1) * sizeof(*imp->key_pass));
		for (size_t k = first; k < imp->nkeys; k++) {
			const char *base = strrchr(imp->keys[k], '/') + 1;

			imp->key_pass[k] = NULL;
			for (size_t i = 0; sec && i < sec->nsub; i++) {
				const struct cc_section *x = sec->sub[i];
				const struct cc_kv *file, *pass;

				if (!swc_starts(x->name, types[t]))
					continue;
				file = cc_settings_get(s, x, "file");
				pass = cc_settings_get(s, x, "secret");
				if (file && file->value && pass &&
				    pass->value &&
				    !strcasecmp(file->value, base))
					imp->key_pass[k] =
						cc_xstrdup(pass->value);
			}
		}
	}
}

/* The private key in path (PEM, encrypted or not, or DER), or NULL. */
static EVP_PKEY *read_key(const char *path, const char *pass)
{
	BIO *b = BIO_new_file(path, "rb");
	EVP_PKEY *k = NULL;

	if (!b)
		return NULL;
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)(pass ? pass : ""));
	if (!k) {
		ERR_clear_error();
		(void)BIO_reset(b);
		k = d2i_PrivateKey_bio(b, NULL);
	}
	ERR_clear_error();
	BIO_free(b);
	return k;
}

/* See cc_config.h */
void cc_import_check_key(struct cc_report *r, const struct cc_import *imp,
			 const struct cc_certset *set, int local)
{
	const struct cc_cert *c = set->cert[local];
	EVP_PKEY *pub = X509_get0_pubkey(c->x509);
	struct cc_finding *f;
	size_t unread = 0;

	if (!imp->keys_from)
		return; /* libreswan's keys are in its NSS database */
	for (size_t i = 0; i < imp->nkeys; i++) {
		EVP_PKEY *k = read_key(imp->keys[i], imp->key_pass[i]);
		bool same = k && pub && EVP_PKEY_eq(pub, k) == 1;

		unread += !k;
		EVP_PKEY_free(k);
		if (same) {
			f = cc_report_add(r, CC_CHECK_CONFIG_PRIVATE_KEY,
					  CC_STATUS_OK, local,
					  "the private key of '%s' is loaded "
					  "from %s",
					  c->subject, imp->keys[i]);
			cc_finding_str(f, "file", "%s", imp->keys[i]);
			return;
		}
	}
	if (!imp->nkeys)
		f = cc_report_add(r, CC_CHECK_CONFIG_PRIVATE_KEY,
				  CC_STATUS_FAIL, local,
				  "charon loads no private key (from %s): it "
				  "cannot sign as '%s' (\"no private key found "
				  "for\")",
				  imp->keys_from, c->subject);
	else
		f = cc_report_add(
			r, CC_CHECK_CONFIG_PRIVATE_KEY,
			unread == imp->nkeys ? CC_STATUS_WARN : CC_STATUS_FAIL,
			local,
			"none of the %zu private key%s charon loads (from %s) "
			"belongs to '%s'%s: it cannot sign with it (\"no "
			"private key found for\")",
			imp->nkeys, imp->nkeys == 1 ? "" : "s", imp->keys_from,
			c->subject,
			unread ? " (some could not be read, or decrypted with "
				 "the passphrases given)"
			       : "");
	cc_finding_list(f, "files");
	for (size_t i = 0; i < imp->nkeys; i++)
		cc_finding_list_add(f, "%s", imp->keys[i]);
	cc_finding_int(f, "unreadable", (long long)unread);
	cc_finding_remedy(f,
			  "give charon the private key of the gateway's "
			  "certificate (%s), or configure the certificate "
			  "that belongs to the key there",
			  imp->keys_from);
}
