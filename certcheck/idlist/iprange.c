/* SPDX-License-Identifier: MIT */
/*
 * iprange.c - the addresses of ID lists and tunnels: one address, a
 * prefix or a range, IPv4 or IPv6, and whether one holds another.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_idlist.h"

static bool parse_addr(const char *s, int *family, unsigned char out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

/* See header */
bool cc_iprange_parse(const char *s, struct cc_iprange *r, char *why,
		      size_t len)
{
	char buf[128], *sep;
	int fam2;

	memset(r, 0, sizeof(*r));
	if (strlen(s) >= sizeof(buf)) {
		snprintf(why, len, "'%s' is not an address", s);
		return false;
	}
	strcpy(buf, s);
	if ((sep = strchr(buf, '/'))) {
		char *end;
		long bits;
		int max;

		*sep = '\0';
		if (!parse_addr(buf, &r->family, r->lo))
			goto bad;
		max = r->family == AF_INET ? 32 : 128;
		bits = strtol(sep + 1, &end, 10);
		if (!sep[1] || *end || bits < 0 || bits > max) {
			snprintf(why, len,
				 "'%s': the prefix length must be 0 "
				 "to %d",
				 s, max);
			return false;
		}
		memcpy(r->hi, r->lo, 16);
		for (int b = (int)bits; b < max; b++) {
			r->lo[b / 8] &= (unsigned char)~(0x80 >> (b % 8));
			r->hi[b / 8] |= (unsigned char)(0x80 >> (b % 8));
		}
		r->single = bits == max;
		r->all = bits == 0;
		return true;
	}
	if ((sep = strchr(buf, '-'))) {
		*sep = '\0';
		if (!parse_addr(buf, &r->family, r->lo) ||
		    !parse_addr(sep + 1, &fam2, r->hi) || fam2 != r->family)
			goto bad;
		if (memcmp(r->lo, r->hi, 16) > 0) {
			snprintf(why, len,
				 "'%s': the range ends before it "
				 "starts",
				 s);
			return false;
		}
		r->single = !memcmp(r->lo, r->hi, 16);
		return true;
	}
	if (!parse_addr(buf, &r->family, r->lo))
		goto bad;
	memcpy(r->hi, r->lo, 16);
	r->single = true;
	return true;
bad:
	snprintf(why, len, "'%s' is not an address, ADDR/BITS or ADDR-ADDR", s);
	return false;
}

/* See header */
bool cc_iprange_contains(const struct cc_iprange *o, const struct cc_iprange *i)
{
	return o->family == i->family && memcmp(o->lo, i->lo, 16) <= 0 &&
	       memcmp(i->hi, o->hi, 16) <= 0;
}
