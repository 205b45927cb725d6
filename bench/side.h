/* SPDX-License-Identifier: MIT */
/*
 * side.h - what every scenario file's per-side part may call, declared once
 * per side by sides.h (defined in side.c).
 */
#include "bootbuddy.h"
#include "reference.h"

#undef MUST
#define MUST(call) must(#call, SIDE_NAME, (call))

/* A fresh machine for @d on this side; FN(close) ends it. */
MACH *FN(open)(const struct bb_machine_desc *d);
void FN(close)(MACH *m);

/* Everything the contract lets both sides report, folded (untimed). */
uint64_t FN(state_hash)(MACH *m, uint32_t phys_pages);

/*
 * setup_arch's registration of RAM on node 0: every RAM range below
 * @low_end is freed, around the bitmap pages (freeing those is EBUSY).
 * Returns @sum with each freed count folded in.
 */
uint64_t FN(free_ram)(MACH *m, const struct bb_machine_desc *d, uint32_t low_end,
		      uint32_t mapstart, uint32_t map_bytes, uint64_t sum);
