/* SPDX-License-Identifier: MIT */
/*
 * idhash.h - the 64-bit FNV-1a hash the ID-list indexes file their keys
 * under (idindex.c, idnear.c, idshadow.c).  Private to idlist/.
 */
#ifndef CC_IDHASH_H
#define CC_IDHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDHASH_START 0xcbf29ce484222325ULL

static inline uint64_t idhash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* s with its NUL; ASCII letters lowercased when fold. */
static inline uint64_t idhash_str(uint64_t h, const char *s, bool fold)
{
	for (;; s++) {
		unsigned char c = (unsigned char)*s;

		if (fold && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 0x100000001b3ULL;
		if (!c)
			return h;
	}
}

/* Where h starts probing a table of mask + 1 slots: FNV's low bits
 * hardly depend on the high bits of its state, so they are mixed in
 * (MurmurHash3's finalizer) before the mask keeps the low ones. */
static inline size_t idhash_slot(uint64_t h, size_t mask)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (size_t)h & mask;
}

#endif /* CC_IDHASH_H */
