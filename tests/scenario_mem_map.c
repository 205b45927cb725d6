/* SPDX-License-Identifier: MIT */
/*
 * scenario_mem_map.c - SPEC section 5: free_area_init_node.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * struct_page_bytes 64, MAX_DMA 16P, node [0, 64), bitmap on pfn 1, page 0
 * reserved by setup_arch:
 *
 *   pfn 0 1 2                16          18                         64
 *       +-+-+----------------+-----------+--------------------------+
 *       |R|B| free           | mem_map   | free                     |
 *       +-+-+----------------+-----------+--------------------------+
 *
 * mem_map = (64 - 0 + 1) * 64 = 4160 bytes: align 32, goal 16P -> 2 pages at
 * 16P, last 17/(4160 mod P = 64). Then 2.4's free-area bitmaps, per zone per
 * order 0..8 LONG_ALIGN(((size - 1) >> (order + 4)) + 1) bytes: DMA (16
 * pages) and NORMAL (48) need at most 3 bytes a map, 4 with word_bytes 4, so
 * 18 maps of 4 bytes, each merged into page 17 at the next multiple of 32:
 * 64, 96, ..., 608, last 17/612. One node: no valid_addr_bitmap.
 *
 * Expect: no struct page before; after, every pfn of the node PG_reserved,
 * zones DMA [0, 16) and NORMAL [16, 64) with empty free lists, HIGHMEM empty;
 * mem_info's reserved_pages 64; a second call ESTATE; pages 16 and 17 EBUSY.
 */
static void allocated_from_bootmem(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	d.struct_page_bytes = 64;
	MACHINE(s, impl, d);
	SETUP_ARCH(s, 0, 1, 0, 64);
	EXPECT_PAGES(s, 0, 64, BB_PAGE_NONE);
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 0, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 0, 0, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 0, 0, 0);

	ASSERT_OK(BB(s, free_area_init_node, 0));
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.has_mem_map, 1);
	EXPECT_EQ(ni.bootmem_open, 1);
	EXPECT_EQ(ni.mem_map_phys, 16 * PG);
	EXPECT_EQ(ni.mem_map_bytes, 4160);
	EXPECT_LAST(s, 0, 17, 612);
	EXPECT_BITS(s, 0, 14, "00 11 00");
	EXPECT_PAGES(s, 0, 64, R);
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 16, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 16, 48, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 0, 0, 0);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "");
	EXPECT_EQ(sc_mem_info(s).reserved_pages, 64);
	EXPECT_EQ(sc_mem_info(s).free_pages, 0);

	EXPECT_FAILS(s, BB_ESTATE, BB(s, free_area_init_node, 0));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 16 * PG, PG, NULL));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 17 * PG, PG, NULL));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, free_area_init_node, 1));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_area_init_node, 4));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_area_init_node, BB_ANY_NODE));
	/* the rest of bootmem still works, next to mem_map */
	uint64_t phys = SENTINEL64;
	ASSERT_OK(BB(s, alloc_bootmem, 10, &phys));
	EXPECT_EQ(phys, 17 * PG + 640); /* start 18 = last_pos + 1: merged at round_up(612, 32) */
}

/*
 * Node [0, 64), everything reserved: mem_map (65 * 64 = 4160 bytes, 2 pages)
 * does not fit. Expect ENOMEM and nothing changed, also with one free page
 * (20). With pages 20 and 21 free the mem_map fits at 20P (goal 16P), but
 * the free-area bitmaps after it do not: merging into page 21 needs the scan
 * to find a free page at 22 (section 4), so the whole call is ENOMEM and the
 * mem_map's pages are free again. With 20..22 free it lands at 20P, the maps
 * merge into page 21 and page 22 stays free; with only 8..10 free, the
 * restart finds 8P.
 */
static void enomem_changes_nothing(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	d.struct_page_bytes = 64;
	{
		MACHINE(s, impl, d);
		ASSERT_OK(BB(s, init_bootmem_node, 0, 1, 0, 64, NULL));
		EXPECT_FAILS(s, BB_ENOMEM, BB(s, free_area_init_node, 0));
		ASSERT_OK(BB(s, free_bootmem_node, 0, 20 * PG, PG, NULL));
		EXPECT_FAILS(s, BB_ENOMEM, BB(s, free_area_init_node, 0));
		EXPECT_EQ(sc_node_info(s, 0).has_mem_map, 0);
		EXPECT_PAGE(s, 20, BB_PAGE_NONE);
		ASSERT_OK(BB(s, free_bootmem_node, 0, 21 * PG, PG, NULL));
		EXPECT_FAILS(s, BB_ENOMEM, BB(s, free_area_init_node, 0));
		EXPECT_BITS(s, 0, 19, "1 0 0 1");
		ASSERT_OK(BB(s, free_bootmem_node, 0, 22 * PG, PG, NULL));
		ASSERT_OK(BB(s, free_area_init_node, 0));
		EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 20 * PG);
		EXPECT_BITS(s, 0, 19, "1 1 1 0 1");
	}
	{
		MACHINE(s, impl, d);
		ASSERT_OK(BB(s, init_bootmem_node, 0, 1, 0, 64, NULL));
		ASSERT_OK(BB(s, free_bootmem_node, 0, 8 * PG, 3 * PG, NULL));
		ASSERT_OK(BB(s, free_area_init_node, 0));
		EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 8 * PG);
	}
}

/*
 * Node [40, 100) on a machine with MAX_DMA 16P (below the node): the goal is
 * ignored. Bitmap on 40, holes [50, 60). mem_map (60 + 1) * 16 = 976 bytes:
 * first free page 41.
 *
 * Expect mem_map at 41P; struct pages for every pfn of the node, holes
 * included (PG_reserved), none outside it; mem_info's reserved_pages counts
 * RAM only: 60 - 10 holes = 50.
 */
static void node_above_max_dma(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(128, "0-50 60-128");
	d.dma_end_pfn = 16;
	MACHINE(s, impl, d);
	NODE(s, 0, 40, 40, 100);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.mem_map_phys, 41 * PG);
	EXPECT_EQ(ni.mem_map_bytes, 976);
	EXPECT_PAGES(s, 0, 40, BB_PAGE_NONE);
	EXPECT_PAGES(s, 40, 60, R);
	EXPECT_PAGES(s, 100, 28, BB_PAGE_NONE);
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 0, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 40, 60, 0);
	EXPECT_EQ(sc_mem_info(s).reserved_pages, 50);
	EXPECT_EQ(sc_mem_info(s).total_pages, 60);
}

/*
 * mm/numa.c's valid_addr_bitmap comes only with several nodes on the list.
 * All DMA (MAX_DMA 128P, past both nodes). Node 0 [0, 64) is set up alone:
 * no valid_addr_bitmap. Node 1 [64, 128), bitmap on 64, after node 0 is on
 * the list: the goal 128P is outside it, so its mem_map (65 * 16 = 1040
 * bytes) takes page 65 (last 65/1040); its 9 free-area maps (64 pages:
 * at most 4 bytes each) merge at 1056, 1088, ..., 1312 (last 65/1316); then
 * valid_addr_bitmap, LONG_ALIGN((64 + 7) >> 3) = 8 bytes, at 1344.
 */
static void valid_addr_bitmap_with_two_nodes(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(128, "0-128");
	d.dma_end_pfn = 128;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 64);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	EXPECT_EQ(sc_node_info(s, 0).valid_addr_bytes, 0);
	EXPECT_EQ(sc_node_info(s, 0).valid_addr_phys, 0);
	NODE(s, 1, 64, 64, 128);
	ASSERT_OK(BB(s, free_area_init_node, 1));
	struct bb_node_info ni = sc_node_info(s, 1);
	EXPECT_EQ(ni.mem_map_phys, 65 * PG);
	EXPECT_EQ(ni.valid_addr_bytes, 8);
	EXPECT_EQ(ni.valid_addr_phys, 65 * PG + 1344);
	EXPECT_LAST(s, 1, 1, 1352); /* index 1 = pfn 65 */
	struct bb_zone_info zi;
	ASSERT_OK(s->impl->zone_info(s->m, 1, BB_ZONE_DMA, &zi));
	EXPECT_EQ(zi.map_phys[0], 65 * PG + 1056);
	EXPECT_EQ(zi.map_bytes[0], 4);
	EXPECT_EQ(zi.map_phys[8], 65 * PG + 1312);
	ASSERT_OK(s->impl->zone_info(s->m, 1, BB_ZONE_NORMAL, &zi));
	EXPECT_EQ(zi.map_bytes[0], 0); /* an empty zone has no maps */
}

SCENARIO_MAIN(SCENARIO(allocated_from_bootmem), SCENARIO(valid_addr_bitmap_with_two_nodes), SCENARIO(enomem_changes_nothing),
	      SCENARIO(node_above_max_dma))
