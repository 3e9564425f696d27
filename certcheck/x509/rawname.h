/* SPDX-License-Identifier: MIT */
/*
 * rawname.h - a subject read straight from its DER, without an X509_NAME:
 * OpenSSL's d2i_X509_NAME() also builds the name's canonical encoding,
 * which no ID list needs.  Only the common case is taken this way
 * (attributes of doc/idlist.md's keywords, UTF8String, PrintableString or
 * IA5String values in printable ASCII); anything else says no and the
 * caller decodes the name with OpenSSL.
 */
#ifndef CC_RAWNAME_H
#define CC_RAWNAME_H

#include <stdbool.h>

#include "cc_idlist.h"

/* The Name's DER (the SEQUENCE, header included) into dn; false (dn
 * empty) when it is not the common case or not well formed. */
bool rawname_dn(const unsigned char *der, long len, struct cc_dn *dn);

/* dn as OpenSSL prints a name for certcheck (cc_name_string()): RFC 4514
 * escapes, encoding order, ", " and " + "; owned.  Only for a dn that
 * rawname_dn() made. */
char *rawname_print(const struct cc_dn *dn);

#endif /* CC_RAWNAME_H */
