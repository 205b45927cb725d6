/* SPDX-License-Identifier: MIT */
/*
 * baseline24.h - the yardstick for the core's buddy allocator: Linux 2.4's
 * algorithm (mm/page_alloc.c: rmqueue, expand, __free_pages_ok) written out
 * plainly here, with its own data layout (a struct page that is a list_head,
 * free_area lists, one toggle bit per buddy pair and order) and none of the
 * checks the SPEC asks of the core. Only what the buddy workloads call.
 *
 * It starts from the free pages of a retired core machine, freed one at a
 * time in ascending order as 2.4's free_all_bootmem does, so it holds the
 * same free lists and hands out the same pfns in the same order (the
 * workloads' checksums prove it).
 */
#ifndef BASELINE24_H
#define BASELINE24_H

#include <stdint.h>

#include "bb_contract.h"

struct bb_machine;

struct bl24_list {
	struct bl24_list *next, *prev;
};

/* 2.4's struct page, as far as the buddy allocator uses it. */
struct bl24_page {
	struct bl24_list list;
};

struct bl24_area {
	struct bl24_list free_list;
	uint8_t *map; /* bit i: exactly one block of pair i is free at this order (none at order 9) */
};

struct bl24_zone {
	uint32_t offset; /* first pfn */
	uint32_t size;   /* pages */
	uint32_t free_pages;
	struct bl24_area free_area[BB_MAX_ORDER];
};

struct bl24_machine {
	struct bl24_page *mem_map; /* one per pfn of node 0 */
	uint32_t pages;
	struct bl24_zone zones[BB_NR_ZONES];
};

/* A 2.4 buddy allocator holding exactly the free pages of @core's node 0; NULL when out of memory. */
struct bl24_machine *bl24_create(const struct bb_machine *core);
void bl24_destroy(struct bl24_machine *m);

/* The contract's calls, same signatures (node 0 only; no argument checks). */
int bl24_alloc_pages(struct bl24_machine *m, int nid, int gfp, unsigned order, uint32_t *pfn);
int bl24_free_pages(struct bl24_machine *m, uint32_t pfn, unsigned order);
/* Untimed queries for the checksums (they walk the lists). */
int bl24_zone_info(struct bl24_machine *m, int nid, int zone, struct bb_zone_info *out);
uint32_t bl24_free_list(struct bl24_machine *m, int nid, int zone, unsigned order, uint32_t *out,
			uint32_t max);

#endif /* BASELINE24_H */
