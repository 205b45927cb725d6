/* SPDX-License-Identifier: MIT */
/*
 * page.h - struct bb_page, the simulated struct page that mem_map holds.
 *
 * 16 bytes on every word size, so it fits any desc.struct_page_bytes
 * (>= 16) and an x86_64 build lays mem_map out exactly like an i386 one.
 * The flag bits are the contract's BB_PAGE_* bits, so bb_page_state() is a
 * mask, not a translation.
 *
 * Invariants (checked by bb_check()):
 *  - a free block of order k is one page with BB_PAGE_FREE_HEAD | k << 8
 *    at a zone index that is a multiple of 2^k, followed by 2^k - 1 tail
 *    pages with neither head bit and without PG_reserved;
 *  - an allocated block is the same with BB_PAGE_ALLOC_HEAD;
 *  - every other page of a zone is PG_reserved;
 *  - next/prev are zone-local indices (BB_NO_PFN = none), meaningful only
 *    on free heads.
 */
#ifndef BB_PAGE_H
#define BB_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "bb_contract.h"

struct bb_page {
	uint32_t next;  /* free list: zone index of the next block, BB_NO_PFN at the tail */
	uint32_t prev;  /* free list: zone index of the previous block, BB_NO_PFN at the head */
	uint32_t flags; /* BB_PAGE_RESERVED | BB_PAGE_HIGHMEM | head bit | order << 8 */
	uint32_t pad;   /* always 0: keeps the size 16 on -m32 and x86_64 alike */
};

_Static_assert(sizeof(struct bb_page) == 16, "struct bb_page must be 16 bytes");

#define PG_ORDER_MASK (0xfu << BB_PAGE_ORDER_SHIFT)
#define PG_HEAD_MASK (BB_PAGE_FREE_HEAD | BB_PAGE_ALLOC_HEAD | PG_ORDER_MASK)
#define PG_VALID_MASK (BB_PAGE_RESERVED | BB_PAGE_HIGHMEM | PG_HEAD_MASK)

static inline unsigned pg_order(uint32_t flags)
{
	return (flags & PG_ORDER_MASK) >> BB_PAGE_ORDER_SHIFT;
}

/* Is this the head of a free block of exactly @order? */
static inline bool pg_free_head(uint32_t flags, unsigned order)
{
	return (flags & (BB_PAGE_FREE_HEAD | PG_ORDER_MASK)) ==
	       (BB_PAGE_FREE_HEAD | (uint32_t)order << BB_PAGE_ORDER_SHIFT);
}

/* Is this the head of an allocated block of exactly @order? */
static inline bool pg_alloc_head(uint32_t flags, unsigned order)
{
	return (flags & (BB_PAGE_ALLOC_HEAD | PG_ORDER_MASK)) ==
	       (BB_PAGE_ALLOC_HEAD | (uint32_t)order << BB_PAGE_ORDER_SHIFT);
}

/* Head flags of a block, keeping PG_highmem (the only bit a block page carries). */
static inline uint32_t pg_head(uint32_t flags, uint32_t head, unsigned order)
{
	return (flags & BB_PAGE_HIGHMEM) | head | (uint32_t)order << BB_PAGE_ORDER_SHIFT;
}

#endif /* BB_PAGE_H */
