/* SPDX-License-Identifier: MIT */
/*
 * bootbuddy.h - the optimised Linux 2.4 boot memory allocator and the
 * binary buddy allocator it retires into. Freestanding C11.
 *
 * Semantics: docs/SPEC.md. Every function returns BB_OK (0) or a negative
 * enum bb_err; a call that fails changes nothing. Addresses are physical
 * byte addresses (uint64_t); pages are pfns (uint32_t).
 *
 * The host hands the machine an arena: phys_to_virt(p) == arena + p. All
 * allocator metadata (bitmaps, mem_map) lives inside that arena and is
 * allocated from bootmem; struct bb_machine itself is the caller's, like
 * 2.4's static contig_page_data.
 */
#ifndef BOOTBUDDY_H
#define BOOTBUDDY_H

#include <stddef.h>
#include <stdint.h>

#include "bb_contract.h"

struct bb_page; /* core/src/page.h */

/* Bootmem data of one node (2.4's bootmem_data_t). */
struct bb_bootmem {
	uint32_t *map;        /* the bitmap, in the arena at mapstart; NULL once retired */
	uint32_t start_pfn;   /* node_boot_start >> PAGE_SHIFT */
	uint32_t low_end_pfn; /* node_low_pfn */
	uint32_t mapstart_pfn;
	uint32_t map_bytes;
	uint32_t map_pages;
	uint32_t last_pos;
	uint32_t last_offset;
	uint32_t free_hint;   /* no clear bit below this index: scans start here */
};

/*
 * One zone of a node. Free lists are doubly linked through mem_map by
 * zone-local page index (index x is pfn start_pfn + x); BB_NO_PFN ends them.
 */
struct bb_zone {
	struct bb_page *map;            /* this zone's slice of the links: index x is pfn start_pfn + x */
	uint8_t *state;                 /* this zone's slice of the page states, indexed the same */
	uint32_t start_pfn;
	uint32_t spanned_pages;
	uint32_t head[BB_MAX_ORDER];    /* zone index of the first free block, BB_NO_PFN if none */
	uint32_t nr_free[BB_MAX_ORDER];
	uint32_t nonempty;              /* bit k set: list k is not empty (rmqueue finds k in O(1)) */
	uint32_t map_bytes[BB_MAX_ORDER - 1]; /* 2.4's free-area bitmaps: allocated, never read */
	uint64_t map_phys[BB_MAX_ORDER - 1];
};

/* One node (2.4's pg_data_t). */
struct bb_node {
	uint8_t online, bootmem_open, has_mem_map, highmem_added;
	int8_t next;                  /* pgdat list: next node id, -1 at the end */
	uint32_t end_pfn;
	uint32_t mapped_pages;        /* end - start once mem_map exists, else 0: one compare finds a pfn's node */
	struct bb_bootmem bdata;
	struct bb_page *mem_map;      /* mem_map[i]: the free-list links of pfn start_pfn + i */
	uint8_t *page_state;          /* page_state[i]: its state (core/src/page.h), after the links */
	uint64_t mem_map_phys;
	uint64_t mem_map_bytes;
	uint32_t mem_map_first_pfn;   /* whole pages touched by mem_map: [first, end) */
	uint32_t mem_map_end_pfn;
	uint32_t low_ram_pages;       /* RAM pages in [start_pfn, low_end_pfn) */
	uint32_t low_unreserved;      /* of those, PG_reserved cleared (never set again) */
	uint32_t retired_pages;
	uint32_t highmem_pages;
	uint64_t valid_addr_phys;     /* mm/numa.c's valid_addr_bitmap: allocated, never read */
	uint32_t valid_addr_bytes;    /* 0: not allocated (one node) */
	struct bb_zone zones[BB_NR_ZONES];
};

struct bb_machine {
	struct bb_machine_desc desc;
	unsigned char *arena;
	uint64_t arena_bytes;
	uint32_t ready;               /* BB_MACHINE_READY once bb_machine_init accepted it */
	int8_t pgdat_list;            /* newest node first, -1 if none */
	int8_t next_node;             /* where alloc_pages(BB_ANY_NODE) starts (mm/numa.c's static next); -1: the list head */
	uint32_t warnings;            /* "reserved twice" pages so far */
	uint32_t totalram_pages;
	uint32_t totalhigh_pages;
	uint32_t initmem_pages;       /* free_initmem's share of totalram_pages */
	struct bb_node nodes[BB_MAX_NODES];
};

/* ---- machine ---------------------------------------------------------- */

/**
 * bb_machine_init - start a machine with no nodes.
 * @m: caller-owned storage
 * @desc: the machine; validated (BB_EINVAL when malformed)
 * @arena: host memory standing for physical address 0 upward
 * @arena_bytes: must cover desc->phys_pages pages (BB_EINVAL otherwise)
 */
int bb_machine_init(struct bb_machine *m, const struct bb_machine_desc *desc,
		    void *arena, uint64_t arena_bytes);

/** bb_phys_to_virt - the host address of physical address @phys. */
void *bb_phys_to_virt(const struct bb_machine *m, uint64_t phys);

/* ---- bootmem ---------------------------------------------------------- */

/**
 * bb_init_bootmem_node - init_bootmem_node(): register node @nid spanning
 * [start_pfn, end_pfn) with its bitmap at @mapstart_pfn, all reserved.
 * Bootmem covers [start_pfn, min(end_pfn, highmem_start_pfn)).
 * @map_bytes: out, the bitmap size (2.4's return value); may be NULL
 */
int bb_init_bootmem_node(struct bb_machine *m, int nid, uint32_t mapstart_pfn,
			 uint32_t start_pfn, uint32_t end_pfn, uint32_t *map_bytes);

/**
 * bb_reserve_bootmem_node - reserve [addr, addr+size), rounded outward.
 * @twice: out, pages that were already reserved ("reserved twice"); may be NULL
 */
int bb_reserve_bootmem_node(struct bb_machine *m, int nid, uint64_t addr,
			    uint64_t size, uint32_t *twice);

/**
 * bb_free_bootmem_node - free the whole pages inside [addr, addr+size).
 * @freed: out, pages freed; may be NULL
 */
int bb_free_bootmem_node(struct bb_machine *m, int nid, uint64_t addr,
			 uint64_t size, uint32_t *freed);

/**
 * bb___alloc_bootmem_node - __alloc_bootmem_core() on node @nid, or on every
 * node in pgdat-list order when @nid is BB_ANY_NODE (__alloc_bootmem()).
 * @phys: out, physical address of the zeroed allocation
 */
int bb___alloc_bootmem_node(struct bb_machine *m, int nid, uint64_t size,
			    uint64_t align, uint64_t goal, uint64_t *phys);

/* The 2.4 wrappers: alignments and goals as in include/linux/bootmem.h. */
int bb_alloc_bootmem(struct bb_machine *m, uint64_t size, uint64_t *phys);
int bb_alloc_bootmem_low(struct bb_machine *m, uint64_t size, uint64_t *phys);
int bb_alloc_bootmem_pages(struct bb_machine *m, uint64_t size, uint64_t *phys);
int bb_alloc_bootmem_low_pages(struct bb_machine *m, uint64_t size, uint64_t *phys);
int bb_alloc_bootmem_node(struct bb_machine *m, int nid, uint64_t size, uint64_t *phys);
int bb_alloc_bootmem_pages_node(struct bb_machine *m, int nid, uint64_t size, uint64_t *phys);
int bb_alloc_bootmem_low_pages_node(struct bb_machine *m, int nid, uint64_t size, uint64_t *phys);

/**
 * bb_free_area_init_node - paging_init()'s part for one node: allocate
 * mem_map from the node's bootmem, every page PG_reserved, zones empty.
 */
int bb_free_area_init_node(struct bb_machine *m, int nid);

/**
 * bb_free_all_bootmem_node - retire the node's bootmem: every free page,
 * then the bitmap pages, go to the buddy allocator.
 * @count: out, pages handed over; may be NULL
 */
int bb_free_all_bootmem_node(struct bb_machine *m, int nid, uint32_t *count);

/* ---- after bootmem ---------------------------------------------------- */

/**
 * bb_add_highmem_node - one_highpage_init() for every highmem page of the
 * node, highest pfn first; pages that are not RAM stay reserved.
 * @count: out, pages freed; may be NULL
 */
int bb_add_highmem_node(struct bb_machine *m, int nid, uint32_t *count);

/**
 * bb_free_initmem - free_initmem(): give the whole pages inside
 * [begin, end) back to the buddy allocator, in ascending order.
 * @count: out, pages freed; may be NULL
 */
int bb_free_initmem(struct bb_machine *m, uint64_t begin, uint64_t end, uint32_t *count);

/**
 * bb_alloc_pages - take a block of 2^@order pages.
 * @nid: a node, or BB_ANY_NODE for every node in pgdat-list order
 * @pfn: out, first pfn of the block
 */
int bb_alloc_pages(struct bb_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn);

/** bb_free_pages - give back the block of 2^@order pages at @pfn. */
int bb_free_pages(struct bb_machine *m, uint32_t pfn, unsigned order);

/* ---- state, for the harness and for people ---------------------------- */

/** bb_pgdat_list - node ids in pgdat-list order (newest first); returns how many. */
int bb_pgdat_list(const struct bb_machine *m, int ids[BB_MAX_NODES]);
int bb_node_info(const struct bb_machine *m, int nid, struct bb_node_info *out);
/** bb_next_node - the node the next alloc_pages(BB_ANY_NODE) starts at, or -1 for the pgdat list's head. */
int bb_next_node(const struct bb_machine *m);
/** bb_bootmem_test - the bitmap bit of page @idx of an open node: 1, 0, or a negative error. */
int bb_bootmem_test(const struct bb_machine *m, int nid, uint32_t idx);
int bb_zone_info(const struct bb_machine *m, int nid, int zone, struct bb_zone_info *out);
/** bb_free_list - pfns on a free list, head first; returns the list length (may exceed @max). */
uint32_t bb_free_list(const struct bb_machine *m, int nid, int zone, unsigned order,
		      uint32_t *out, uint32_t max);
/** bb_page_state - BB_PAGE_* flags of @pfn, or BB_PAGE_NONE. */
uint32_t bb_page_state(const struct bb_machine *m, uint32_t pfn);
/** bb_bootmem_bits - bb_bootmem_test() of @count pages from @first, one byte each, into @out. */
int bb_bootmem_bits(const struct bb_machine *m, int nid, uint32_t first, uint32_t count, uint8_t *out);
/** bb_page_states - bb_page_state() of @count pfns from @pfn into @out; returns @count. */
uint32_t bb_page_states(const struct bb_machine *m, uint32_t pfn, uint32_t count, uint32_t *out);
int bb_mem_info(const struct bb_machine *m, struct bb_mem_info *out);
uint32_t bb_warnings(const struct bb_machine *m);

/**
 * bb_check - walk every structure and verify the invariants.
 * @msg: out, the first broken invariant in words (NUL-terminated); may be NULL
 * Return: BB_OK, or BB_ESTATE when an invariant is broken.
 */
int bb_check(const struct bb_machine *m, char *msg, size_t len);

/**
 * bb_check_pages - bb_check()'s invariants over pfns [@pfn, @pfn + @count)
 * only (bitmap bits, page flags, the blocks that start there and their
 * free-list links): the cheap check after an operation that touched them.
 * Return: BB_OK, or BB_ESTATE when an invariant is broken.
 */
int bb_check_pages(const struct bb_machine *m, uint32_t pfn, uint32_t count, char *msg, size_t len);

/** bb_strerror - a short name for an enum bb_err ("EINVAL", ...). */
const char *bb_strerror(int err);

#endif /* BOOTBUDDY_H */
