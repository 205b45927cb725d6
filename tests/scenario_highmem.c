/* SPDX-License-Identifier: MIT */
/*
 * scenario_highmem.c - SPEC section 8: add_highmem_node.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * phys 32, MAX_DMA 12P, highmem from 24, RAM everywhere but pfns 25 and 30:
 *
 *   pfn 0            12 13           24 25 26 27 28 29 30 31 32
 *       +------------+-+-------------+--+--+--+--+--+--+--+--+
 *       | DMA        |M| NORMAL      |  |//|  |  |  |  |//|  |
 *       +------------+-+-------------+--+--+--+--+--+--+--+--+
 *                                    HIGHMEM (index = pfn - 24)
 *
 * one_highpage_init from 31 down to 24:
 *   31 (idx 7): buddy 6 is a hole       -> 0:31
 *   29 (idx 5): buddy 4 not free        -> 0:29,31
 *   28 (idx 4): buddy 5 free -> 4 o1, buddy 6 no   -> 1:28   0:31
 *   27 (idx 3): buddy 2 not free        -> 0:27,31
 *   26 (idx 2): buddy 3 -> 2 o1, buddy 0 no        -> 1:26,28 0:31
 *   24 (idx 0): buddy 1 is a hole       -> 0:24,31
 * (ascending order would have given 0:31,24 1:28,26.)
 *
 * Expect count 6, HIGHMEM 0:24,31 1:26,28, PG_highmem on every freed page,
 * holes PG_reserved without PG_highmem, totals updated.
 */
static void descending_one_by_one(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(32, "0-25 26-30 31-32");
	d.dma_end_pfn = 12;
	d.highmem_start_pfn = 24;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 32);
	uint32_t count = SENTINEL32;
	TO_BUDDY(s, 0, &count);
	EXPECT_EQ(count, 23);
	EXPECT_PAGES(s, 24, 8, R);
	ASSERT_OK(BB(s, add_highmem_node, 0, &count));
	EXPECT_EQ(count, 6);
	EXPECT_LISTS(s, 0, BB_ZONE_HIGHMEM, "0:24,31 1:26,28");
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 24, 8, 6);
	EXPECT_PAGE(s, 24, FREE(0) | HI);
	EXPECT_PAGE(s, 25, R);
	EXPECT_PAGE(s, 26, FREE(1) | HI);
	EXPECT_PAGE(s, 27, HI);
	EXPECT_PAGE(s, 28, FREE(1) | HI);
	EXPECT_PAGE(s, 29, HI);
	EXPECT_PAGE(s, 30, R);
	EXPECT_PAGE(s, 31, FREE(0) | HI);
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.highmem_added, 1);
	EXPECT_EQ(ni.highmem_pages, 6);
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.highmem_pages, 6);
	EXPECT_EQ(mi.totalram_pages, 29);
	EXPECT_EQ(mi.free_pages, 29);
	EXPECT_EQ(mi.reserved_pages, 1); /* mem_map's page 12; holes above 24 don't count */

	uint32_t pfn = SENTINEL32;
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_HIGHUSER, 0, &pfn));
	EXPECT_EQ(pfn, 24);
	EXPECT_PAGE(s, 24, ALLOC(0) | HI);
	ASSERT_OK(BB(s, free_pages, 24, 0));
	EXPECT_LISTS(s, 0, BB_ZONE_HIGHMEM, "0:24,31 1:26,28");
}

/*
 * Node 0 [0, 12) has no highmem; node 1 [12, 32) has highmem [24, 32) with
 * RAM only at 28, 29. Bitmaps on 0 and 12; node 1's mem_map (21 * 16 = 336
 * bytes, goal 12P) on 13. add_highmem_node needs mem_map, not a retired
 * bootmem:
 *   29 (idx 5): 0:29;  28 (idx 4): buddy 5 -> 4 o1, buddy 6 a hole -> 1:28
 *
 *   pfn 0       12 13 14           24          28 29 30    32
 *       +--------+--+--+-----------+-----------+-----+-----+
 *       | node 0 |B |M | node 1    | holes     |RAM  |holes|
 *       +--------+--+--+-----------+-----------+-----+-----+
 *
 * Expect EINVAL/ENODEV for bad nodes, ESTATE before mem_map, count 2, holes
 * PG_reserved without PG_highmem, ESTATE the second time, count 0 for node 0,
 * and the totals: highmem 2, then + 11 retired (14..23 and the bitmap 12).
 */
static void holes_stay_reserved(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(32, "0-24 28-30");
	d.dma_end_pfn = 12;
	d.highmem_start_pfn = 24;
	MACHINE(s, impl, d);
	uint32_t count = SENTINEL32;
	EXPECT_FAILS(s, BB_ENODEV, BB(s, add_highmem_node, 1, &count));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, add_highmem_node, 4, &count));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, add_highmem_node, BB_ANY_NODE, &count));
	NODE(s, 0, 0, 0, 12);
	NODE(s, 1, 12, 12, 32);
	EXPECT_FAILS(s, BB_ESTATE, BB(s, add_highmem_node, 1, &count));
	EXPECT_EQ(count, SENTINEL32);
	ASSERT_OK(BB(s, free_area_init_node, 1));
	EXPECT_EQ(sc_node_info(s, 1).mem_map_phys, 13 * PG);
	ASSERT_OK(BB(s, add_highmem_node, 1, &count));
	EXPECT_EQ(count, 2);
	EXPECT_LISTS(s, 1, BB_ZONE_HIGHMEM, "1:28");
	EXPECT_PAGES(s, 24, 4, R);
	EXPECT_PAGE(s, 28, FREE(1) | HI);
	EXPECT_PAGE(s, 29, HI);
	EXPECT_PAGES(s, 30, 2, R);
	EXPECT_FAILS(s, BB_ESTATE, BB(s, add_highmem_node, 1, &count));

	ASSERT_OK(BB(s, free_area_init_node, 0));
	ASSERT_OK(BB(s, add_highmem_node, 0, &count));
	EXPECT_EQ(count, 0);
	EXPECT_EQ(sc_node_info(s, 0).highmem_added, 1);
	EXPECT_FAILS(s, BB_ESTATE, BB(s, add_highmem_node, 0, &count));

	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.highmem_pages, 2);
	EXPECT_EQ(mi.totalram_pages, 2);
	EXPECT_EQ(mi.free_pages, 2);
	ASSERT_OK(BB(s, free_all_bootmem_node, 1, &count));
	EXPECT_EQ(count, 11);
	mi = sc_mem_info(s);
	EXPECT_EQ(mi.totalram_pages, 13);
	EXPECT_EQ(mi.free_pages, 13);
	EXPECT_EQ(mi.highmem_pages, 2);
	EXPECT_EQ(sc_node_info(s, 1).highmem_pages, 2);
}

SCENARIO_MAIN(SCENARIO(descending_one_by_one), SCENARIO(holes_stay_reserved))
