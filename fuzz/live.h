/* SPDX-License-Identifier: MIT */
/*
 * live.h - what a running program holds: live bootmem allocations and
 * buddy blocks. The executor keeps it; the decoder leans on it to pick
 * interesting arguments (free what was allocated, merge after last_pos).
 */
#ifndef BB_LIVE_H
#define BB_LIVE_H

#include <stdint.h>

#include "bb_contract.h"
#include "program.h"

#define BB_MAX_LIVE (BB_MAX_OPS + 64)

struct live_alloc {
	uint64_t addr, size;
	uint32_t seed; /* pattern written into it, verified later */
};

struct live_block {
	uint32_t pfn;
	unsigned order;
	uint32_t seed;
};

struct live {
	struct live_alloc boot[BB_MAX_LIVE];
	int nboot;
	struct live_block blocks[BB_MAX_LIVE];
	int nblocks;
};

/* What the decoder may look at while it picks arguments. */
struct decode_ctx {
	const struct bb_machine_desc *desc;
	const struct bb_node_info *node; /* BB_MAX_NODES, from the reference after the last op */
	const struct live *live;
	/* The allocation or block an earlier argument of this op picked. */
	int picked_boot, picked_block;
};

#endif /* BB_LIVE_H */
