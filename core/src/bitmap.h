/* SPDX-License-Identifier: MIT */
/*
 * bitmap.h - word-at-a-time operations on the bootmem bitmap.
 *
 * The bitmap is an array of uint32_t words: bit i of the map is bit i % 32
 * of word i / 32, which on a little-endian host is 2.4's byte layout. The
 * simulated map_bytes is only rounded to desc.word_bytes (4 or 8), so
 * 32-bit words are the widest unit that never reads past it. Every range
 * here is [a, b) in bit indices and callers keep b within the map.
 */
#ifndef BB_BITMAP_H
#define BB_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define BM_WORD_BITS 32u
#define BM_WORD_SHIFT 5u
#define BM_WORD_MASK 31u

static inline uint32_t bm_ctz(uint32_t w)
{
	return (uint32_t)__builtin_ctz(w); /* w != 0; an instruction, never a libgcc call */
}

/* Set bits of @x; by hand, since __builtin_popcount may call libgcc on -m32. */
static inline uint32_t bm_popcount(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (x * 0x01010101u) >> 24;
}

/* AND and OR of eight words: skipping long uniform stretches costs one branch per 256 pages. */
static inline uint32_t bm_and8(const uint32_t *w)
{
	return (w[0] & w[1]) & (w[2] & w[3]) & (w[4] & w[5]) & (w[6] & w[7]);
}

static inline uint32_t bm_or8(const uint32_t *w)
{
	return (w[0] | w[1]) | (w[2] | w[3]) | (w[4] | w[5]) | (w[6] | w[7]);
}

/*
 * Words read 64 bits at a time: 4-byte alignment is all they need, and the
 * callers keep every word they read inside the map.
 */
typedef uint64_t __attribute__((__may_alias__, __aligned__(4))) bm_u64;

/* The 2 * @pairs words at @w, all set? (@pairs is a constant: unrolled.) */
static inline bool bm_full_pairs(const uint32_t *w, int pairs)
{
	const bm_u64 *q = (const bm_u64 *)(const void *)w;
	uint64_t a = q[0];

#pragma GCC unroll 16
	for (int i = 1; i < pairs; i++)
		a &= q[i];
	return a == ~0ull;
}

static inline bool bm_test(const uint32_t *map, uint32_t i)
{
	return (map[i >> BM_WORD_SHIFT] >> (i & BM_WORD_MASK)) & 1u;
}

/* Bits [lo, hi) of one word, 0 <= lo < hi <= 32. */
static inline uint32_t bm_mask(uint32_t lo, uint32_t hi)
{
	uint32_t m = hi >= BM_WORD_BITS ? ~0u : (1u << hi) - 1u;
	return m & (~0u << lo);
}

/* First clear bit in [i, end), or end. Skips full words. */
static inline uint32_t bm_find_zero(const uint32_t *map, uint32_t i, uint32_t end)
{
	uint32_t wi, last, w;

	if (i >= end)
		return end;
	wi = i >> BM_WORD_SHIFT;
	last = (end - 1) >> BM_WORD_SHIFT;
	w = ~map[wi] & (~0u << (i & BM_WORD_MASK));
	while (!w) {
		if (wi == last)
			return end;
		wi++;
		/* long reserved stretches: eight words per step */
		while (wi + 7 < last && bm_and8(map + wi) == ~0u)
			wi += 8;
		w = ~map[wi];
	}
	i = wi << BM_WORD_SHIFT | bm_ctz(w);
	return i < end ? i : end;
}

/* First set bit in [i, end), or end; i < end (every caller starts at a clear bit below end). Skips empty words. */
static inline uint32_t bm_find_one(const uint32_t *map, uint32_t i, uint32_t end)
{
	uint32_t wi, last, w;

	wi = i >> BM_WORD_SHIFT;
	last = (end - 1) >> BM_WORD_SHIFT;
	w = map[wi] & (~0u << (i & BM_WORD_MASK));
	while (!w) {
		if (wi == last)
			return end;
		wi++;
		while (wi + 7 < last && bm_or8(map + wi) == 0)
			wi += 8;
		w = map[wi];
	}
	i = wi << BM_WORD_SHIFT | bm_ctz(w);
	return i < end ? i : end;
}

/* Set bits [a, b); returns how many of them were already set. */
static inline uint32_t bm_set_range(uint32_t *map, uint32_t a, uint32_t b)
{
	uint32_t was = 0, wa, wb, m;

	if (a >= b)
		return 0;
	wa = a >> BM_WORD_SHIFT;
	wb = (b - 1) >> BM_WORD_SHIFT;
	if (wa == wb) {
		m = bm_mask(a & BM_WORD_MASK, ((b - 1) & BM_WORD_MASK) + 1);
		was = bm_popcount(map[wa] & m);
		map[wa] |= m;
		return was;
	}
	m = ~0u << (a & BM_WORD_MASK);
	was += bm_popcount(map[wa] & m);
	map[wa] |= m;
	for (uint32_t w = wa + 1; w < wb; w++) {
		was += bm_popcount(map[w]);
		map[w] = ~0u;
		__asm__ __volatile__("" : : : "memory"); /* no memset from this loop */
	}
	m = bm_mask(0, ((b - 1) & BM_WORD_MASK) + 1);
	was += bm_popcount(map[wb] & m);
	map[wb] |= m;
	return was;
}

/* Clear bits [a, b). */
static inline void bm_clear_range(uint32_t *map, uint32_t a, uint32_t b)
{
	uint32_t wa, wb;

	if (a >= b)
		return;
	wa = a >> BM_WORD_SHIFT;
	wb = (b - 1) >> BM_WORD_SHIFT;
	if (wa == wb) {
		map[wa] &= ~bm_mask(a & BM_WORD_MASK, ((b - 1) & BM_WORD_MASK) + 1);
		return;
	}
	map[wa] &= ~(~0u << (a & BM_WORD_MASK));
	for (uint32_t w = wa + 1; w < wb; w++) {
		map[w] = 0;
		__asm__ __volatile__("" : : : "memory"); /* no memset from this loop */
	}
	map[wb] &= ~bm_mask(0, ((b - 1) & BM_WORD_MASK) + 1);
}

/* Are all bits [a, b) set? (a >= b: vacuously true.) */
static inline bool bm_all_set(const uint32_t *map, uint32_t a, uint32_t b)
{
	return bm_find_zero(map, a, b) == b;
}

#endif /* BB_BITMAP_H */
