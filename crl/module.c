/* SPDX-License-Identifier: MIT */
/*
 * module.c - the one symbol certcheck-crl.so exports to the commands that
 * load it on demand.
 */
#include "cc_crl.h"

__attribute__((visibility("default")))
const struct cc_crl_module cc_crl_module = {
	.abi = CC_CRL_ABI,
	.check = cc_crl_check,
	.lookup = cc_crl_lookup,
};
