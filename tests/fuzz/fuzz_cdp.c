/*
 * fuzz_cdp.c - a certificate's CRL distribution points (and freshest-CRL
 * points), and the streaming reader of light certificates.
 */
#define _GNU_SOURCE /* for memfd_create() */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/x509.h>

#include "crl_private.h"

static void seen(void *arg, const struct cc_certset *set, int idx,
		 const struct X509_name_st *subject,
		 const struct stack_st_GENERAL_NAME *san)
{
	(void)arg;
	(void)set;
	(void)idx;
	(void)subject;
	(void)san;
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
		X509_free(x);
	}
	/* the same bytes as a file for the streaming reader */
	fd = memfd_create("fuzz", 0);
	if (fd >= 0 && write(fd, data, len) == (ssize_t)len) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		cc_ctx_init(&ctx, "fuzz", 0);
		cc_certset_init(&set);
		(void)cc_certset_stream(&ctx, &set, path, CC_ROLE_USER, NULL,
					seen, NULL);
		cc_certset_release(&set);
	}
	if (fd >= 0)
		close(fd);
	return 0;
}
