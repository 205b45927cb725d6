/* SPDX-License-Identifier: MIT */
/*
 * bootmem24.h - the yardstick for the core's bootmem scan: 2.4's
 * __alloc_bootmem_core() first fit, one test_bit() per page, over a bitmap
 * of the same layout (bit i is page start + i), with the contract's
 * decisions (SPEC 4.1-4.2: alignment relative to physical 0, a fit may end
 * at the node's end, the restart from the aligned start, the merge into
 * the last partly used page) so that it finds what the core finds. It
 * zeroes nothing: it times the scan alone.
 */
#ifndef BOOTMEM24_H
#define BOOTMEM24_H

#include <stdint.h>

struct bb_machine;

struct bm24_node {
	uint32_t start_pfn, low_end_pfn;
	uint8_t *map; /* bit i of byte i / 8: page start_pfn + i is reserved */
	uint32_t last_pos, last_offset;
};

/* A copy of node @nid of @core: its bitmap, bounds and merge state; NULL when out of memory. */
struct bm24_node *bm24_create(const struct bb_machine *core, int nid);
void bm24_destroy(struct bm24_node *n);

/* __alloc_bootmem_core(): BB_OK with *phys, or BB_ENOMEM (valid arguments assumed). */
int bm24_alloc(struct bm24_node *n, uint64_t size, uint64_t align, uint64_t goal, uint64_t *phys);
int bm24_test(const struct bm24_node *n, uint32_t idx);

#endif /* BOOTMEM24_H */
