/* SPDX-License-Identifier: MIT */
/*
 * footprint.h - what one operation can have changed, by the contract
 * (docs/SPEC.md): the bitmap bits, the pages and the free lists the
 * executor compares exactly after it in fast mode, and the nodes and zones
 * whose figures (node_info, zone_info with every list head) it can have
 * changed, and which of the machine's global figures (statecmp.c:
 * compare_cheap).
 */
#ifndef BB_FOOTPRINT_H
#define BB_FOOTPRINT_H

#include <stdint.h>

#include "layout.h"
#include "program.h"

#define FP_MAX_RANGES 48 /* a merge's heads and buddies (20), their old list neighbours (18) */

struct fp_bits {
	int nid;
	uint32_t first, count; /* bitmap indices, relative to the node's start */
};

struct fp_pages {
	uint32_t pfn, count;
};

struct footprint {
	int nbits, npages;
	struct fp_bits bits[FP_MAX_RANGES];
	struct fp_pages pages[FP_MAX_RANGES];
	unsigned lists; /* bit nid * BB_NR_ZONES + zone: that zone's free lists, entry by entry */
	unsigned zones; /* the same bits: that zone's zone_info */
	unsigned nodes; /* bit nid: that node's node_info */
	unsigned globals; /* FP_*: the machine's figures beside the nodes' */
};

/* The global figures: the warning count, the pgdat list, alloc_pages'
 * round-robin start, mem_info. A buddy call changes only the last two (and
 * of mem_info only the free count, the sum of its zones' free counts). */
#define FP_WARNINGS 1u
#define FP_PGDAT_LIST 2u
#define FP_NEXT_NODE 4u
#define FP_MEM_INFO 8u
#define FP_ALL_GLOBALS 15u

#define FP_ALL_NODES ((1u << BB_MAX_NODES) - 1)
#define FP_ALL_ZONES ((1u << (BB_MAX_NODES * BB_NR_ZONES)) - 1)

/*
 * The footprint of @op, which returned @ret and @out on the reference,
 * whose layout after the call is @l. A failed call changes nothing
 * by contract; its footprint is still the range its arguments name, so a
 * core that changes it anyway is caught at once.
 */
void footprint_of(const struct layout *l, const struct op *op, int ret, uint64_t out, struct footprint *fp);

/* Page @pfn too (its links and invariants: bb_check_pages). */
void footprint_add_page(struct footprint *fp, uint32_t pfn);

#endif /* BB_FOOTPRINT_H */
