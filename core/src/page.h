/* SPDX-License-Identifier: MIT */
/*
 * page.h - the simulated struct page, stored as two arrays inside the
 * mem_map allocation: the free-list links (struct bb_page, 8 bytes a page)
 * and one state byte a page (9 bytes a page in all, within the 16 bytes
 * any desc.struct_page_bytes reserves, on every word size).
 *
 * Why two arrays: every "is this block allocated", "is my buddy free" and
 * page_state question reads only the state bytes, a quarter of a megabyte
 * for a 1 GiB node, which stays in cache where 16-byte struct pages would
 * not (2.4's toggle bitmaps are dense for the same reason); the links are
 * touched only where a list changes, as in 2.4.
 *
 * A state byte is the contract's BB_PAGE_* bits 0-3 (PG_reserved,
 * PG_highmem, free head, allocated head) and a head's order in bits 4-7,
 * so bb_page_state() is a shift, not a table.
 *
 * Invariants (checked by bb_check()):
 *  - a free block of order k is one page with BB_PAGE_FREE_HEAD and order
 *    k at a zone index that is a multiple of 2^k, followed by 2^k - 1 tail
 *    pages with neither head bit and without PG_reserved;
 *  - an allocated block is the same with BB_PAGE_ALLOC_HEAD;
 *  - every other page of a zone is PG_reserved;
 *  - next/prev are zone-local indices (BB_NO_PFN = none), meaningful only
 *    on free heads, and prev only on those not first on their list: the
 *    first block's prev is never read, so a push, a pop and a split do not
 *    write it.
 */
#ifndef BB_PAGE_H
#define BB_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "bb_contract.h"

struct bb_page {
	uint32_t next; /* free list: zone index of the next block, BB_NO_PFN at the tail */
	uint32_t prev; /* free list: zone index of the previous block; stale on the first (never read) */
};

_Static_assert(sizeof(struct bb_page) == 8, "struct bb_page must be 8 bytes on every word size");
/* links and state for every page, in the (pages + 1) * 16 bytes mem_map has at least */
#define PAGE_META_BYTES (sizeof(struct bb_page) + 1)
_Static_assert(PAGE_META_BYTES <= 16, "a page's metadata fits the smallest struct_page_bytes");

#define PS_FLAG_MASK 0x0fu /* BB_PAGE_RESERVED | BB_PAGE_HIGHMEM | BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD */
#define PS_ORDER_SHIFT 4
#define PS_ORDER_MASK 0xf0u
#define PS_HEAD_MASK (BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD | PS_ORDER_MASK)
_Static_assert((BB_PAGE_RESERVED | BB_PAGE_HIGHMEM | BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD) == PS_FLAG_MASK,
	       "the contract's page bits are the state byte's low nibble");

/* The state byte of a head of @order with @bits (BB_PAGE_HIGHMEM, a head bit). */
static inline uint8_t ps_make(uint32_t bits, unsigned order)
{
	return (uint8_t)(bits | order << PS_ORDER_SHIFT);
}

static inline unsigned ps_order(uint8_t s)
{
	return s >> PS_ORDER_SHIFT;
}

/* The contract's BB_PAGE_* flags of a page in state @s (order in bits 8-11). */
static inline uint32_t ps_flags(uint8_t s)
{
	return (s & PS_FLAG_MASK) | (uint32_t)ps_order(s) << BB_PAGE_ORDER_SHIFT;
}

/* Is this the head of a free block of exactly @order? */
static inline bool ps_free_head(uint8_t s, unsigned order)
{
	return (s & (BB_PAGE_FREE_HEAD | PS_ORDER_MASK)) == ps_make(BB_PAGE_FREE_HEAD, order);
}

/* Is this the head of an allocated block of exactly @order? */
static inline bool ps_alloc_head(uint8_t s, unsigned order)
{
	return (s & (BB_PAGE_ALLOC_HEAD | PS_ORDER_MASK)) == ps_make(BB_PAGE_ALLOC_HEAD, order);
}

#endif /* BB_PAGE_H */
