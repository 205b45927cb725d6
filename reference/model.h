/* SPDX-License-Identifier: MIT */
/*
 * model.h - the reference model's state (one struct per page, one byte per
 * bootmem bit, doubly linked free lists) and the few helpers both its
 * mutating half (reference.c) and its queries (query.c) read.
 */
#ifndef REF_MODEL_H
#define REF_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "reference.h"

#define P ((uint64_t)BB_PAGE_SIZE)
#define MAX_ORDER BB_MAX_ORDER
#define TOP_ORDER (BB_MAX_ORDER - 1) /* 9: the largest block order */

/* ---------------------------------------------------------------------- */
/* State                                                                   */
/* ---------------------------------------------------------------------- */

enum head_kind { HEAD_NONE = 0, HEAD_FREE = 1, HEAD_ALLOC = 2 };

/*
 * One struct page (S10). Meaningful only when present. The fields share one
 * word: the compiler reads a page's fields with one load, which ASan checks
 * once (seven bytes were seven checked loads in every page loop).
 */
struct ref_page {
	unsigned ram : 1;      /* inside a range of desc.ram (S1), set once at ref_create */
	unsigned present : 1;  /* has a struct page: inside a node's mem_map */
	unsigned reserved : 1; /* PG_reserved */
	unsigned highmem : 1;  /* PG_highmem */
	unsigned in_free : 1;  /* some page of a free buddy block (any position) */
	unsigned head : 2;     /* enum head_kind: first page of a free / allocated block */
	unsigned order : 4;    /* the block's order (0..9), when head != HEAD_NONE */
};
_Static_assert(BB_MAX_ORDER <= 16, "a block's order fits ref_page.order");

/*
 * A free list: blocks' first pfns, head first, doubly linked through the
 * zone's next/prev arrays so that unlinking a buddy is one step (an array
 * that shifted on every unlink made a random-order free quadratic).
 */
struct ref_list {
	uint32_t head; /* meaningful when len != 0 */
	uint32_t len;
};

struct ref_zone {
	uint32_t start_pfn;
	uint32_t spanned; /* 0 = empty zone */
	uint32_t free_pages;
	struct ref_list list[MAX_ORDER];
	/* Indexed by pfn - start_pfn, BB_NO_PFN at a list's ends: a page heads
	 * at most one free block, so one pair of links a page serves every
	 * order. One allocation: next is its first half, prev its second. */
	uint32_t *next, *prev;
	uint32_t map_bytes[MAX_ORDER - 1]; /* S5: 2.4's free_area[k].map, k = 0..8 */
	uint64_t map_phys[MAX_ORDER - 1];
};

struct ref_node {
	bool online;
	bool bootmem_open;
	bool has_mem_map;
	bool highmem_added;
	uint32_t start;    /* s */
	uint32_t low_end;  /* e = node_low_pfn: bootmem covers [s, e) */
	uint32_t end;      /* node and mem_map cover [s, end) */
	uint32_t mapstart;
	uint32_t map_bytes;
	uint32_t map_pages;
	uint32_t last_pos;
	uint32_t last_offset;
	uint64_t mem_map_phys;
	uint64_t mem_map_bytes;
	uint32_t retired_pages;
	uint32_t highmem_pages;
	uint64_t valid_addr_phys;  /* S5: mm/numa.c's valid_addr_bitmap, with several nodes */
	uint32_t valid_addr_bytes;
	uint8_t *bit;      /* bootmem bitmap, one byte per page: 1 = reserved; index i = pfn s + i */
	struct ref_zone zone[BB_NR_ZONES];
};

struct ref_machine {
	struct bb_machine_desc desc;
	struct ref_page *page; /* phys_pages entries, indexed by pfn */
	struct ref_node node[BB_MAX_NODES];
	int list[BB_MAX_NODES]; /* pgdat list, newest first */
	int nr_list;
	int next_node;           /* alloc_pages(BB_ANY_NODE)'s start, mm/numa.c's static next; -1 = NULL */
	uint32_t warnings;
	uint32_t totalram_pages;
	uint32_t totalhigh_pages;
	uint32_t reserved_low_ram; /* mem_info's reserved_pages, kept by set_reserved() */
};

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */

/* S1: page_is_ram */
static inline bool page_is_ram(const struct ref_machine *m, uint64_t pfn)
{
	return pfn < m->desc.phys_pages && m->page[pfn].ram;
}

/*
 * Every change of PG_reserved goes through here, so mem_info's count of
 * reserved low RAM pages (S9) is a counter, not a scan. Only pages with a
 * struct page count; the caller sets `present` first.
 */
static inline void set_reserved(struct ref_machine *m, uint32_t pfn, bool v)
{
	struct ref_page *pg = &m->page[pfn];
	if (pg->present && pfn < m->desc.highmem_start_pfn && page_is_ram(m, pfn) && pg->reserved != v)
		m->reserved_low_ram += v ? 1u : (uint32_t)-1;
	pg->reserved = v;
}

static inline bool nid_in_range(int nid)
{
	return nid >= 0 && nid < BB_MAX_NODES;
}

/* The block after @pfn on its list of zone @zn, BB_NO_PFN after the tail. */
static inline uint32_t list_next(const struct ref_zone *zn, uint32_t pfn)
{
	return zn->next[pfn - zn->start_pfn];
}

/* S0.2 steps 1-3 for a bootmem call on one node. */
static inline int bootmem_node_check(const struct ref_machine *m, int nid)
{
	if (m == NULL || !nid_in_range(nid))
		return BB_EINVAL;
	if (!m->node[nid].online)
		return BB_ENODEV;
	if (!m->node[nid].bootmem_open)
		return BB_ERETIRED;
	return BB_OK;
}

#endif /* REF_MODEL_H */
