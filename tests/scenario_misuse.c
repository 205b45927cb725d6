/* SPDX-License-Identifier: MIT */
/*
 * scenario_misuse.c - SPEC sections 0 and 11: every misuse class, and the
 * error precedence.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * RAM [0, 40) and [44, 96), MAX_DMA 16P, highmem from 80.
 *
 *   pfn 0 1          16 17     40   44           64 65        80      96
 *       +-+-----------+-+-------+----+------------+-+----------+-------+
 *       |B| node 0    |M|       |hole|            |B| node 1   | high  |
 *       +-+-----------+-+-------+----+------------+-+----------+-------+
 *
 * Node 0 [0, 64) bitmap on 0, mem_map (65 * 16 = 1040 bytes) on 16; node 1
 * [64, 96) bitmap on 64, no mem_map.
 *
 * Expect every class of section 11, each failing call changing nothing.
 */
static void every_class(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-40 44-96");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 80;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 64);
	NODE(s, 1, 64, 64, 96);
	uint64_t phys = SENTINEL64;
	uint32_t out = SENTINEL32;

	/* double free in bootmem */
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 5 * PG, PG, &out));
	/* reserve / free outside the node */
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 64 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 63 * PG, 2 * PG, &out));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 1, 80 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 1, 60 * PG, PG, &out));
	/* size 0 and bad aligns */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, reserve_bootmem_node, 0, 5 * PG, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_bootmem_node, 0, 5 * PG, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, 0, 0, 32, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, 0, 10, 0, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, 0, 10, 96, 0, &phys));
	/* unknown node */
	EXPECT_FAILS(s, BB_ENODEV, BB(s, reserve_bootmem_node, 2, 5 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, free_bootmem_node, 3, 5 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, __alloc_bootmem_node, 2, 10, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, free_area_init_node, 2));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, free_all_bootmem_node, 2, &out));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, add_highmem_node, 2, &out));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_pages, 2, BB_GFP_KERNEL, 0, &out));
	/* freeing holes and metadata */
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 0, 40 * PG, 4 * PG, &out));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 0, PG, &out));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 1, 64 * PG, PG, &out));
	/* retire before free_area_init_node */
	EXPECT_FAILS(s, BB_ESTATE, BB(s, free_all_bootmem_node, 0, &out));
	EXPECT_FAILS(s, BB_ESTATE, BB(s, add_highmem_node, 1, &out));
	ASSERT_OK(BB(s, free_area_init_node, 0));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 16 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ESTATE, BB(s, free_area_init_node, 0));
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &out));
	/* any bootmem call after retire */
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, reserve_bootmem_node, 0, 5 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_bootmem_node, 0, 5 * PG, PG, &out));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, __alloc_bootmem_node, 0, 10, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_node, 0, 10, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_pages_node, 0, 10, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_low_pages_node, 0, 10, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_area_init_node, 0));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_all_bootmem_node, 0, &out));
	/* order >= MAX_ORDER */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, 0, BB_GFP_KERNEL, BB_MAX_ORDER, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_pages, 8, BB_MAX_ORDER));
	/* buddy: a block to misuse. DMA [0, 16) is one order-4 block at 0:
	 * order 1 splits it and hands out 14 */
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 1, &out));
	EXPECT_EQ(out, 14);
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 14, 0)); /* wrong order */
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 15, 0)); /* tail */
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 15, 1));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_pages, 70, 0));    /* node 1: no mem_map */
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_pages, 96, 0));    /* past the machine */
	ASSERT_OK(BB(s, free_pages, 14, 1));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 14, 1));   /* buddy double free */
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");
	EXPECT_EQ(phys, SENTINEL64);
	/* node 1 is untouched by all of this */
	EXPECT_BITS(s, 1, 0, "1 0");
}

/*
 * Section 0's precedence: malformed id / gfp / order, then ENODEV, then
 * ERETIRED, then the remaining argument checks, then the call's own checks.
 * Node 0 [0, 32) retired; node 1 [32, 64) open; node 2 never initialised.
 */
static void error_precedence(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-40 44-64");
	MACHINE(s, impl, d);
	uint64_t phys = SENTINEL64;
	uint32_t out = SENTINEL32;

	/* no node online: ANY is ENODEV even with bad arguments; bad ids EINVAL */
	EXPECT_FAILS(s, BB_ENODEV, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 0, 3, 0, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_bootmem, 0, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, BB_ANY_NODE, 3, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, BB_ANY_NODE, -1, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 10, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, 9, BB_GFP_KERNEL, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, 9, 0, 3, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, reserve_bootmem_node, -5, 0, 0, &out));

	NODE(s, 0, 0, 0, 32);
	NODE(s, 1, 32, 32, 64);
	TO_BUDDY(s, 0, NULL);

	/* 1. malformed id / gfp / order before everything */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, 2, 7, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, 2, BB_GFP_KERNEL, 11, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, 0, BB_GFP_KERNEL, 10, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_pages, 1000, 10));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_area_init_node, 4));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_all_bootmem_node, -2, &out));
	/* 2. ENODEV before ERETIRED and argument checks */
	EXPECT_FAILS(s, BB_ENODEV, BB(s, __alloc_bootmem_node, 2, 0, 3, 0, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, reserve_bootmem_node, 2, 0, 0, &out));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, free_bootmem_node, 2, 1ull << 40, 0, &out));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_pages, 2, BB_GFP_KERNEL, 0, &out));
	/* 3. ERETIRED before the argument checks */
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, __alloc_bootmem_node, 0, 0, 3, 0, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, reserve_bootmem_node, 0, 1ull << 40, 0, &out));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_bootmem_node, 0, 1ull << 40, 0, &out));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_node, 0, 0, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_area_init_node, 0)); /* done before too */
	/* 4. argument checks before the call's own checks */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, reserve_bootmem_node, 1, 0, 0, &out));       /* size 0, outside */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_bootmem_node, 1, 0, 0, &out));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, 1, 1ull << 40, 3, 0, &phys)); /* bad align, huge */
	/* 5. the call's own checks in their order */
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 1, 30 * PG, 12 * PG, &out)); /* outside + hole */
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 1, 32 * PG, 12 * PG, &out)); /* bitmap + hole + free */
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 1, 32 * PG, 2 * PG, &out));    /* bitmap + free */
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 1, 33 * PG, 2 * PG, &out));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_pages, 40, 3));   /* node 1 has no mem_map */
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 2, 2));    /* misaligned and free */
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 4, 2));   /* free, not a head of 2 */
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 1, 0)); /* mem_map page */
	/* BB_ANY_NODE: all online nodes retired -> ERETIRED, before EINVAL */
	TO_BUDDY(s, 1, NULL);
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 0, 3, 0, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_low, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, reserve_bootmem_node, BB_ANY_NODE, 0, PG, &out));
	EXPECT_EQ(phys, SENTINEL64);
	EXPECT_EQ(out, SENTINEL32);
}

SCENARIO_MAIN(SCENARIO(every_class), SCENARIO(error_precedence))
