/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cdp.c - a certificate's CRL distribution points (and freshest-CRL
 * points), and the streaming reader of light certificates.
 */
#define _GNU_SOURCE /* for memfd_create() */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <stdlib.h>
#include <string.h>

#include "crl_private.h"
#include "cc_x509.h"

/* Differential: a light certificate says what OpenSSL says of it. */
static void seen(void *arg, const struct cc_certset *set, int idx,
		 struct cc_cert_parts *parts)
{
	const unsigned char *der = arg, *p = der;
	X509 *x;
	char *full;

	(void)parts;
	if (!der)
		return;
	x = d2i_X509(NULL, &p, 1 << 20);
	if (!x)
		return;
	full = cc_name_string(X509_get_subject_name(x));
	if (strcmp(full, set->cert[idx]->subject))
		abort(); /* the light subject differs from OpenSSL's */
	free(full);
	X509_free(x);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const unsigned char *p = data;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	struct cdp_list l;
	struct cc_certset set;
	struct cc_ctx ctx;
	char path[64];
	int fd;

	if (x) {
		cdp_collect(x, &l);
		cdp_release(&l);
	}
	/* the same bytes as a file for the streaming reader: as a PEM block
	 * when OpenSSL reads them as a certificate (the light path), else
	 * as they are */
	fd = memfd_create("fuzz", 0);
	if (fd >= 0 && x) {
		FILE *f = fdopen(dup(fd), "w");

		if (f) {
			PEM_write(f, "CERTIFICATE", "", data, (long)len);
			fclose(f);
		}
	} else if (fd >= 0 && write(fd, data, len) != (ssize_t)len) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		cc_ctx_init(&ctx, "fuzz", 0);
		cc_certset_init(&set);
		/* a DER input that OpenSSL reads is compared */
		(void)cc_certset_stream(&ctx, &set, path, CC_ROLE_USER, NULL,
					seen, x ? (void *)data : NULL);
		cc_certset_release(&set);
	}
	if (fd >= 0)
		close(fd);
	X509_free(x);
	return 0;
}
