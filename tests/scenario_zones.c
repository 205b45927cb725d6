/* SPDX-License-Identifier: MIT */
/*
 * scenario_zones.c - SPEC section 6.1: zone boundaries per node.
 */
#include <stdint.h>

#include "scenario.h"

/*
 *   pfn 0        16          40          64                 96
 *       +--------+-----------+-----------+------------------+
 *       | node 0             | node 1                       |
 *       +--------+-----------+-----------+------------------+
 *       | DMA    | NORMAL                | HIGHMEM          |
 *
 * Expect node 0: DMA [0, 16), NORMAL [16, 40), HIGHMEM empty (0, 0);
 * node 1: DMA empty, NORMAL [40, 64), HIGHMEM [64, 96); all zeros before
 * free_area_init_node. After retiring node 0 (mem_map 41 * 16 = 656 bytes on
 * pfn 16, NORMAL's index 0), its lists:
 *   DMA: pages 1..15 then the bitmap page 0 merge into one order-4 block
 *        (its buddy index 16 is outside the zone): 4:0
 *   NORMAL (index = pfn - 16, 24 pages): indices 1..15 -> 0:1 1:2 2:4 3:8,
 *        16..23 -> one order-3 block, buddy 24 outside: 3:16,8 (newest first)
 */
static void boundaries(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-96");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 64;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 40);
	NODE(s, 1, 40, 40, 96);
	for (int nid = 0; nid < 2; nid++)
		for (int z = 0; z < BB_NR_ZONES; z++)
			EXPECT_ZONE(s, nid, z, 0, 0, 0);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	ASSERT_OK(BB(s, free_area_init_node, 1));
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 16, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 16, 24, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 0, 0, 0);
	EXPECT_ZONE(s, 1, BB_ZONE_DMA, 0, 0, 0);
	EXPECT_ZONE(s, 1, BB_ZONE_NORMAL, 40, 24, 0);
	EXPECT_ZONE(s, 1, BB_ZONE_HIGHMEM, 64, 32, 0);
	EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 16 * PG);

	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, 39);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:17 1:18 2:20 3:32,24");
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 16, 16);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 16, 24, 23);
}

/*
 *   pfn 0   4        12  16                        80    96
 *       +---+--------+---+------------------------+-----+
 *       |   | node 0 | node 1 ........................  |
 *       +---+--------+---+------------------------+-----+
 *       | DMA            | NORMAL                 | HIGH|
 *
 * Node 1 = [12, 96) straddles all three zones.
 * Expect node 0 [4, 12): DMA (4, 8), the others empty; node 1: DMA (12, 4),
 * NORMAL (16, 64), HIGHMEM (80, 16). An empty zone reports start 0.
 */
static void node_straddles_all_zones(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-96");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 80;
	MACHINE(s, impl, d);
	NODE(s, 0, 4, 4, 12);
	NODE(s, 1, 12, 12, 96);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	ASSERT_OK(BB(s, free_area_init_node, 1));
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 4, 8, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 0, 0, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 0, 0, 0);
	EXPECT_ZONE(s, 1, BB_ZONE_DMA, 12, 4, 0);
	EXPECT_ZONE(s, 1, BB_ZONE_NORMAL, 16, 64, 0);
	EXPECT_ZONE(s, 1, BB_ZONE_HIGHMEM, 80, 16, 0);
	EXPECT_PAGES(s, 0, 4, BB_PAGE_NONE);
	EXPECT_PAGES(s, 4, 92, R);
}

SCENARIO_MAIN(SCENARIO(boundaries), SCENARIO(node_straddles_all_zones))
