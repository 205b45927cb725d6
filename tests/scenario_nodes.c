/* SPDX-License-Identifier: MIT */
/*
 * scenario_nodes.c - SPEC section 2: init_bootmem_node and the pgdat list.
 */
#include <stdint.h>

#include "scenario.h"

/*
 *   pfn 0          32          64          96
 *       +----------+-----------+-----------+
 *       | node 0   | node 1    | node 3    |
 *       +----------+-----------+-----------+
 *   initialised in the order 1, 0, 3
 *
 * Expect the pgdat list newest first: [1], [0, 1], [3, 0, 1]; each node's
 * geometry exactly as given, a 4-byte bitmap (ceil(32/8) = 4) on one page.
 */
static void pgdat_list_newest_first(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-96");
	MACHINE(s, impl, d);
	EXPECT_PGDAT(s, 0);
	NODE(s, 1, 32, 32, 64);
	EXPECT_PGDAT(s, 1, 1);
	NODE(s, 0, 0, 0, 32);
	EXPECT_PGDAT(s, 2, 0, 1);
	NODE(s, 3, 95, 64, 96);
	EXPECT_PGDAT(s, 3, 3, 0, 1);

	static const uint32_t start[] = { 0, 32, 0, 64 }, mapstart[] = { 0, 32, 0, 95 };
	for (int nid = 0; nid < 4; nid++) {
		struct bb_node_info ni = sc_node_info(s, nid);
		if (nid == 2) {
			EXPECT_EQ(ni.online, 0);
			continue;
		}
		EXPECT_EQ(ni.online, 1);
		EXPECT_EQ(ni.bootmem_open, 1);
		EXPECT_EQ(ni.has_mem_map, 0);
		EXPECT_EQ(ni.highmem_added, 0);
		EXPECT_EQ(ni.start_pfn, start[nid]);
		EXPECT_EQ(ni.low_end_pfn, start[nid] + 32);
		EXPECT_EQ(ni.end_pfn, start[nid] + 32);
		EXPECT_EQ(ni.mapstart_pfn, mapstart[nid]);
		EXPECT_EQ(ni.map_bytes, 4);
		EXPECT_EQ(ni.map_pages, 1);
		EXPECT_EQ(ni.last_pos, 0);
		EXPECT_EQ(ni.last_offset, 0);
		EXPECT_EQ(ni.mem_map_phys, 0);
		EXPECT_EQ(ni.retired_pages, 0);
	}
	/* the bitmap page is reserved, the rest was freed by NODE() */
	EXPECT_BITS(s, 3, 30, "0 1");
	EXPECT_BITS(s, 1, 0, "1 0");
	/* no struct pages before free_area_init_node */
	EXPECT_PAGES(s, 0, 96, BB_PAGE_NONE);
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.total_pages, 96); /* max_mapnr: sum of end - start */
	EXPECT_EQ(mi.reserved_pages, 0);
}

/*
 *   pfn 0 1                          63 64                95 96
 *       +-+----------------------------+--------------------+
 *       |B| bootmem (low)              | highmem            |
 *       +-+----------------------------+--------------------+
 *       DMA 0..16, NORMAL 16..64                HIGHMEM 64..96
 *
 * Expect bootmem to cover [0, 64) only: bitmap of ceil(64/8) = 8 bytes; every
 * bootmem call above pfn 64 is ERANGE; a goal in highmem is ignored; once
 * pages 1..61 are taken, a 3-page allocation fails although highmem is free.
 * mem_map covers all 96 pages: (96 + 1) * 16 = 1552 bytes, placed on pfn 62,
 * the first free page from the goal 16P; the 27 free-area bitmaps (4 bytes
 * each, highmem's included) merge after it, the scan wanting pfn 63 free.
 */
static void highmem_outside_bootmem(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-96");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 64;
	MACHINE(s, impl, d);
	uint32_t map_bytes = SENTINEL32;
	ASSERT_OK(BB(s, init_bootmem_node, 0, 0, 0, 96, &map_bytes));
	EXPECT_EQ(map_bytes, 8);
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.start_pfn, 0);
	EXPECT_EQ(ni.low_end_pfn, 64);
	EXPECT_EQ(ni.end_pfn, 96);
	EXPECT_EQ(ni.map_pages, 1);
	EXPECT_EQ(s->impl->bootmem_test(s->m, 0, 63), 1);
	EXPECT_TRUE(s->impl->bootmem_test(s->m, 0, 64) < 0);

	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 1 * PG, 64 * PG, NULL));
	ASSERT_OK(BB(s, free_bootmem_node, 0, 1 * PG, 63 * PG, NULL));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 63 * PG, 2 * PG, NULL));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 64 * PG, PG, NULL));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 70 * PG, PG, NULL));

	uint64_t phys = SENTINEL64;
	/* goal 70P: 70 >= node_low_pfn 64, ignored -> first free page, pfn 1 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 70 * PG, &phys));
	EXPECT_EQ(phys, 1 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 60 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 2 * PG); /* pages 2..61 */
	EXPECT_LAST(s, 0, 61, 0);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 3 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);

	ASSERT_OK(BB(s, free_area_init_node, 0));
	ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.mem_map_phys, 62 * PG);
	EXPECT_LAST(s, 0, 62, 2404); /* maps at 1568, 1600, ..., 2400, 4 bytes each */
	EXPECT_EQ(ni.mem_map_bytes, 1552);
	EXPECT_PAGES(s, 0, 96, R);
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 16, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 16, 48, 0);
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 64, 32, 0);
}

/*
 *   pfn 0      16        32    40   48      56     64
 *       +------+---------+------+----+------+------+
 *       |node 0|         | RAM  |hole| RAM  |high  |
 *       +------+---------+------+----+------+------+
 *
 * Expect init_bootmem_node's checks in the order of section 2, each failure
 * changing nothing and leaving *map_bytes alone.
 */
static void init_checks_in_order(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-40 48-64");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 56;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 16);
	uint32_t mb = SENTINEL32;

	EXPECT_FAILS(s, BB_EINVAL, BB(s, init_bootmem_node, 4, 16, 16, 32, &mb));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, init_bootmem_node, BB_ANY_NODE, 16, 16, 32, &mb));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, init_bootmem_node, -2, 16, 16, 32, &mb));
	/* online beats every range check */
	EXPECT_FAILS(s, BB_EEXIST, BB(s, init_bootmem_node, 0, 16, 16, 32, &mb));
	EXPECT_FAILS(s, BB_EEXIST, BB(s, init_bootmem_node, 0, 0, 40, 20, &mb));
	/* start <= end <= phys_pages */
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 20, 21, 20, &mb));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 20, 30, 20, &mb));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 20, 20, 65, &mb));
	/* ... before the low-memory check: start 60 >= highmem 56 too */
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 60, 60, 70, &mb));
	/* a node needs low memory for its bitmap; an empty one in highmem too */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, init_bootmem_node, 1, 56, 56, 64, &mb));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, init_bootmem_node, 1, 60, 60, 60, &mb));
	/* overlap with node 0 [0, 16) */
	EXPECT_FAILS(s, BB_EEXIST, BB(s, init_bootmem_node, 1, 16, 8, 24, &mb));
	EXPECT_FAILS(s, BB_EEXIST, BB(s, init_bootmem_node, 1, 0, 0, 1, &mb));
	/* bitmap outside [start, low_end) */
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 15, 16, 32, &mb));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 32, 16, 32, &mb));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 56, 32, 64, &mb)); /* in highmem */
	/* overlap is checked before the bitmap */
	EXPECT_FAILS(s, BB_EEXIST, BB(s, init_bootmem_node, 1, 60, 15, 32, &mb));
	/* bitmap on the hole [40, 48) */
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, init_bootmem_node, 1, 40, 32, 64, &mb));
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, init_bootmem_node, 1, 47, 32, 64, &mb));
	EXPECT_EQ(mb, SENTINEL32);
	EXPECT_PGDAT(s, 1, 0);

	/* touching node 0 is fine; low_end 56: ceil(40/8) = 5 -> 8 bytes */
	ASSERT_OK(BB(s, init_bootmem_node, 1, 48, 16, 64, &mb));
	EXPECT_EQ(mb, 8);
	EXPECT_PGDAT(s, 2, 1, 0);
	struct bb_node_info ni = sc_node_info(s, 1);
	EXPECT_EQ(ni.low_end_pfn, 56);
	EXPECT_EQ(ni.end_pfn, 64);
	EXPECT_EQ(ni.mapstart_pfn, 48);
	/* the whole bitmap starts reserved: indices 0 .. 39 */
	EXPECT_BITS(s, 1, 0, "11111111 11111111 11111111 11111111 11111111");
	EXPECT_TRUE(s->impl->bootmem_test(s->m, 1, 40) < 0);
}

/*
 * Bitmap geometry (map_bytes = round_up(ceil(pages/8), word_bytes), map_pages =
 * ceil(map_bytes / P)) for nodes of 32769, 32768, 1 and 33 pages:
 *
 *   pages   ceil/8   word 4        word 8
 *   32769   4097     4100, 2 pg    4104, 2 pg
 *   32768   4096     4096, 1 pg    4096, 1 pg
 *   1       1        4,    1 pg    8,    1 pg
 *   33      5        8,    1 pg    8,    1 pg
 *
 * Expect exactly these, and every bit of a new node set.
 */
static void map_bytes_geometry(const struct bb_impl *impl)
{
	static const uint32_t start[] = { 0, 32769, 65537, 65538 }, end[] = { 32769, 65537, 65538, 65571 };
	static const uint32_t bytes[2][4] = { { 4100, 4096, 4, 8 }, { 4104, 4096, 8, 8 } };
	static const uint32_t pages[4] = { 2, 1, 1, 1 };
	for (int w = 0; w < 2; w++) {
		struct bb_machine_desc d = sc_desc(65571, "0-65571");
		d.word_bytes = w ? 8 : 4;
		MACHINE(s, impl, d);
		for (int nid = 0; nid < 4; nid++) {
			uint32_t mb = SENTINEL32;
			ASSERT_OK(BB(s, init_bootmem_node, nid, start[nid], start[nid], end[nid], &mb));
			EXPECT_EQ(mb, bytes[w][nid]);
			struct bb_node_info ni = sc_node_info(s, nid);
			EXPECT_EQ(ni.map_bytes, bytes[w][nid]);
			EXPECT_EQ(ni.map_pages, pages[nid]);
			EXPECT_EQ(s->impl->bootmem_test(s->m, nid, 0), 1);
			EXPECT_EQ(s->impl->bootmem_test(s->m, nid, end[nid] - start[nid] - 1), 1);
		}
		EXPECT_PGDAT(s, 4, 3, 2, 1, 0);
		/* a 2-page bitmap: both pages are the node's; freeing either is EBUSY */
		EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 1 * PG, PG, NULL));
		EXPECT_OK(BB(s, free_bootmem_node, 0, 2 * PG, PG, NULL));
	}
}

/*
 * 2.4's init_bootmem_core takes start == end: mapsize 0, nothing written,
 * the node linked at the head of the list. Node 0 is [0, 32).
 *
 * Expect an empty node accepted with map_bytes 0, its (empty) bitmap at
 * start, overlapping no node and overlapped by none; it has no page to
 * give, so its allocations and its mem_map fail with ENOMEM.
 */
static void empty_node_links(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 32);
	uint32_t mb = SENTINEL32;
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 41, 40, 40, &mb));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, init_bootmem_node, 1, 39, 40, 40, &mb));
	ASSERT_OK(BB(s, init_bootmem_node, 1, 40, 40, 40, &mb));
	EXPECT_EQ(mb, 0);
	EXPECT_PGDAT(s, 2, 1, 0);
	struct bb_node_info ni;
	ASSERT_OK(s->impl->node_info(s->m, 1, &ni));
	EXPECT_EQ(ni.start_pfn, 40);
	EXPECT_EQ(ni.low_end_pfn, 40);
	EXPECT_EQ(ni.end_pfn, 40);
	EXPECT_EQ(ni.map_pages, 0);
	/* inside node 0, and a node around node 1: no overlap with an empty node */
	ASSERT_OK(BB(s, init_bootmem_node, 2, 10, 10, 10, &mb));
	ASSERT_OK(BB(s, init_bootmem_node, 3, 33, 33, 64, &mb));
	EXPECT_EQ(mb, 4);
	EXPECT_PGDAT(s, 4, 3, 2, 1, 0);
	uint64_t phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_bootmem_node, 1, 16, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, free_area_init_node, 1));
	uint32_t freed = SENTINEL32;
	ASSERT_OK(BB(s, free_bootmem_node, 1, 40 * PG, 100, &freed)); /* inward: no whole page */
	EXPECT_EQ(freed, 0);
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 1, 40 * PG, 1, &freed));
	EXPECT_EQ(phys, SENTINEL64);
}

SCENARIO_MAIN(SCENARIO(empty_node_links), SCENARIO(pgdat_list_newest_first), SCENARIO(highmem_outside_bootmem),
	      SCENARIO(init_checks_in_order), SCENARIO(map_bytes_geometry))
