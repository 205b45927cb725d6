/* SPDX-License-Identifier: MIT */
/*
 * scenario_buddy.c - SPEC section 6: zones, free lists, alloc_pages and
 * free_pages.
 */
#include <stdint.h>
#include <string.h>

#include "scenario.h"

/*
 * Machine B, retired. MAX_DMA 16P, struct_page_bytes 16, node [0, 64) with
 * its bitmap on pfn 0; mem_map (65 * 16 = 1040 bytes) on pfn 16.
 *
 *   pfn 0                16 17                                   64
 *       +----------------+-+------------------------------------+
 *       | DMA            |M| NORMAL                             |
 *       +----------------+-+------------------------------------+
 *
 * Retire, page by page ascending, then the bitmap page 0:
 *   DMA: 1..15 leave 0:1 1:2 2:4 3:8; page 0 then merges 0+1, 0+2, 0+4,
 *        0+8 up to one order-4 block (buddy index 16 outside): 4:0
 *   NORMAL (index = pfn - 16): 1..15 -> 0:17 1:18 2:20 3:24; 16..31 -> order
 *        4 at 32 (buddy index 0 reserved); 32..47 -> order 4 at 48 (buddy
 *        index 48 outside): 4:48,32
 */
#define MACHINE_B(s)                                                          \
	struct bb_machine_desc d_ = sc_desc(64, "0-64");                      \
	d_.dma_end_pfn = 16;                                                  \
	MACHINE(s, impl, d_);                                                 \
	NODE(s, 0, 0, 0, 64);                                                 \
	uint32_t count_ = SENTINEL32;                                         \
	TO_BUDDY(s, 0, &count_);                                              \
	EXPECT_EQ(count_, 63);                                                \
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");                               \
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:17 1:18 2:20 3:24 4:48,32")

/*
 * Machine H: highmem. phys 32, MAX_DMA 12P, highmem from 24, node [0, 32)
 * with its bitmap on pfn 0, mem_map (33 * 16 = 528 bytes) on pfn 12.
 *
 *   pfn 0            12 13              24              32
 *       +------------+-+----------------+---------------+
 *       | DMA        |M| NORMAL         | HIGHMEM       |
 *       +------------+-+----------------+---------------+
 *
 *   DMA (12 pages): 1..11 -> 0:1 1:2 2:8,4; then page 0: 0+1 -> 0+2 -> 0+4
 *        = order 3 at 0; its buddy 8 is order 2: stop. 3:0 2:8
 *   NORMAL (index = pfn - 12): 1..11 -> 0:13 1:14 2:20,16 (index 8's buddy
 *        index 12 is outside the zone)
 *   HIGHMEM, descending 31..24: one order-3 block at 24
 */
#define MACHINE_H(s)                                                          \
	struct bb_machine_desc d_ = sc_desc(32, "0-32");                      \
	d_.dma_end_pfn = 12;                                                  \
	d_.highmem_start_pfn = 24;                                            \
	MACHINE(s, impl, d_);                                                 \
	NODE(s, 0, 0, 0, 32);                                                 \
	uint32_t count_ = SENTINEL32;                                         \
	TO_BUDDY(s, 0, &count_);                                              \
	EXPECT_EQ(count_, 23);                                                \
	ASSERT_OK(BB(s, add_highmem_node, 0, &count_));                       \
	EXPECT_EQ(count_, 8);                                                 \
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "3:0 2:8");                           \
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:13 1:14 2:20,16");              \
	EXPECT_LISTS(s, 0, BB_ZONE_HIGHMEM, "3:24")

/*
 * Machine B. GFP_DMA order 0: the smallest non-empty list is 4 (block 0);
 * expand() puts the lower halves 0 (order 3), 8 (order 2), 12 (order 1),
 * 14 (order 0) on the lists and hands out the highest page, 15.
 * GFP_KERNEL order 1: list 1 has 18 -> 18, no split; again: list 2's 20
 * splits, 20 goes to list 1, 22 is handed out. Order 5: ENOMEM.
 */
static void expand_gives_highest(const struct bb_impl *impl)
{
	MACHINE_B(s);
	uint32_t pfn = SENTINEL32;

	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
	EXPECT_EQ(pfn, 15);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:14 1:12 2:8 3:0");
	EXPECT_PAGE(s, 15, ALLOC(0));
	EXPECT_PAGE(s, 14, FREE(0));

	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 1, &pfn));
	EXPECT_EQ(pfn, 18);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 1, &pfn));
	EXPECT_EQ(pfn, 22);
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:17 1:20 3:24 4:48,32");
	EXPECT_PAGE(s, 22, ALLOC(1));
	EXPECT_PAGE(s, 23, TAIL);
	EXPECT_PAGE(s, 20, FREE(1));
	EXPECT_PAGE(s, 21, TAIL);
	pfn = SENTINEL32;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, 0, BB_GFP_KERNEL, 5, &pfn));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, 0, BB_GFP_DMA, 9, &pfn));
	EXPECT_EQ(pfn, SENTINEL32);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 4, &pfn));
	EXPECT_EQ(pfn, 48);
	EXPECT_PAGE(s, 48, ALLOC(4));
	EXPECT_PAGES(s, 49, 15, TAIL);
	EXPECT_EQ(sc_zone_info(s, 0, BB_ZONE_NORMAL).free_pages, 47 - 2 - 2 - 16);
}

/*
 * Machine B. LIFO: a freed block goes to the head, allocation takes the head.
 * NORMAL: take 48 then 32 (order 4); free 48 (buddy index 48 outside), then
 * 32 (buddy index 0 reserved): 4:32,48; the next order-4 allocation gets 32.
 * DMA: order 0 three times -> 15, 14, then list 1's 12 splits -> 13; free 15
 * (buddy 14 allocated): 0:15,12; order 0 -> 15 again. Freeing 15, 14, 13
 * coalesces everything back to 4:0.
 */
static void lifo_free_lists(const struct bb_impl *impl)
{
	MACHINE_B(s);
	uint32_t pfn = SENTINEL32;

	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 4, &pfn));
	EXPECT_EQ(pfn, 48);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 4, &pfn));
	EXPECT_EQ(pfn, 32);
	ASSERT_OK(BB(s, free_pages, 48, 4));
	EXPECT_LIST(s, 0, BB_ZONE_NORMAL, 4, 1, 48);
	ASSERT_OK(BB(s, free_pages, 32, 4));
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:17 1:18 2:20 3:24 4:32,48");
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 4, &pfn));
	EXPECT_EQ(pfn, 32);

	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
	EXPECT_EQ(pfn, 15);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
	EXPECT_EQ(pfn, 14);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
	EXPECT_EQ(pfn, 13);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:12 2:8 3:0");
	ASSERT_OK(BB(s, free_pages, 15, 0));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:15,12 2:8 3:0");
	if (s->impl->free_neighbours) { /* the reference's own query, for the harness's footprint of a merge */
		uint32_t prev = 0, next = 0;
		EXPECT_EQ(s->impl->free_neighbours(s->m, 12, 0, &prev, &next), 1);
		EXPECT_EQ(prev, 15);
		EXPECT_EQ(next, BB_NO_PFN);
		EXPECT_EQ(s->impl->free_neighbours(s->m, 15, 0, &prev, &next), 1);
		EXPECT_EQ(prev, BB_NO_PFN);
		EXPECT_EQ(next, 12);
		EXPECT_EQ(s->impl->free_neighbours(s->m, 12, 1, &prev, &next), 0); /* no block of that order */
		EXPECT_EQ(s->impl->free_neighbours(s->m, 13, 0, &prev, &next), 0); /* allocated */
	}
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
	EXPECT_EQ(pfn, 15);
	ASSERT_OK(BB(s, free_pages, 15, 0));
	ASSERT_OK(BB(s, free_pages, 14, 0));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:12 1:14 2:8 3:0");
	ASSERT_OK(BB(s, free_pages, 13, 0));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");
	EXPECT_PAGES(s, 1, 15, TAIL);
}

/*
 * Machine B has no highmem; machine H has all three zones.
 * Expect GFP_HIGHUSER to skip the empty HIGHMEM zone; GFP_KERNEL to fall
 * back to DMA once NORMAL is empty; GFP_DMA never to leave DMA (order 4 is
 * ENOMEM while NORMAL has an order-4 block). On H: HIGHUSER takes HIGHMEM
 * first (24 splits: 31), KERNEL takes NORMAL (13), DMA takes DMA (8 splits:
 * 11).
 */
static void zonelist_fallback(const struct bb_impl *impl)
{
	{
		MACHINE_B(s);
		uint32_t pfn = SENTINEL32;
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_HIGHUSER, 0, &pfn));
		EXPECT_EQ(pfn, 17);
		static const unsigned orders[] = { 4, 4, 3, 2, 1 };
		static const uint32_t pfns[] = { 48, 32, 24, 20, 18 };
		for (int i = 0; i < 5; i++) {
			ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, orders[i], &pfn));
			EXPECT_EQ(pfn, pfns[i]);
		}
		EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "");
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 0, &pfn));
		EXPECT_EQ(pfn, 15);
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_HIGHUSER, 0, &pfn));
		EXPECT_EQ(pfn, 14);
		ASSERT_OK(BB(s, free_pages, 32, 4));
		pfn = SENTINEL32;
		EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, 0, BB_GFP_DMA, 4, &pfn));
		EXPECT_EQ(pfn, SENTINEL32);
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 4, &pfn));
		EXPECT_EQ(pfn, 32);
	}
	{
		MACHINE_H(s);
		uint32_t pfn = SENTINEL32;
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_HIGHUSER, 0, &pfn));
		EXPECT_EQ(pfn, 31);
		EXPECT_LISTS(s, 0, BB_ZONE_HIGHMEM, "0:30 1:28 2:24");
		EXPECT_PAGE(s, 31, ALLOC(0) | HI);
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 0, &pfn));
		EXPECT_EQ(pfn, 13);
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
		EXPECT_EQ(pfn, 11);
		EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:10 1:8 3:0");
	}
}

/*
 * Machine B: 63 free pages. Expect 63 order-0 GFP_KERNEL allocations to
 * succeed (no pages_min reserve: NORMAL's 47, then DMA's 16), handing out
 * every pfn but 16 exactly once, the 64th to be ENOMEM, and every zone empty.
 */
static void no_watermarks(const struct bb_impl *impl)
{
	MACHINE_B(s);
	unsigned char seen[64];
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 63; i++) {
		uint32_t pfn = SENTINEL32;
		ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 0, &pfn));
		ASSERT_EQ(pfn < 64 && pfn != 16 && !seen[pfn], 1);
		seen[pfn] = 1;
		if (i == 0)
			EXPECT_EQ(pfn, 17);
		if (i == 47)
			EXPECT_EQ(pfn, 15); /* first from DMA: 0 splits, highest page */
	}
	uint32_t pfn = SENTINEL32;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, 0, BB_GFP_KERNEL, 0, &pfn));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_HIGHUSER, 0, &pfn));
	EXPECT_EQ(pfn, SENTINEL32);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "");
	EXPECT_EQ(sc_mem_info(s).free_pages, 0);
	EXPECT_EQ(sc_mem_info(s).totalram_pages, 63);
}

/*
 * A NORMAL zone starting at pfn 13 (MAX_DMA 13P: not aligned to 512 pages,
 * not even to 2). phys 45, node [0, 45), bitmap on 0, mem_map (46 * 16 = 736
 * bytes) on pfn 13 = NORMAL's index 0.
 *
 *   pfn 0             13 14 15 16 17     21        29            45
 *       +-------------+--+--+--+---------+---------+-------------+
 *       | DMA (13)    |M |o0|o1   |o2    |o3       |o4           |
 *       +-------------+--+--+--+---------+---------+-------------+
 *   NORMAL index:      0  1  2     4      8         16
 *
 * Retire: DMA 1..12 then 0: 3:0 2:8 0:12 (12's buddy index 13 is outside
 * the 13-page zone); NORMAL 0:14 1:15 2:17 3:21 4:29.
 *
 * Expect blocks aligned to the zone start: order 1 at pfn 15, order 2 at 25
 * (index 12); free_pages(16, 1) and (24, 3) are EALIGN though 16 and 24 are
 * physically aligned; freeing 25 (order 2) merges with its buddy index 8
 * (pfn 21), not pfn 29.
 */
static void buddy_relative_to_zone_start(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(45, "0-45");
	d.dma_end_pfn = 13;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 45);
	uint32_t count = SENTINEL32;
	TO_BUDDY(s, 0, &count);
	EXPECT_EQ(count, 44);
	EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 13 * PG);
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 13, 13);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 13, 32, 31);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:12 2:8 3:0");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:14 1:15 2:17 3:21 4:29");

	uint32_t pfn = SENTINEL32;
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 1, &pfn));
	EXPECT_EQ(pfn, 15);
	EXPECT_PAGE(s, 15, ALLOC(1));
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 16, 1));
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 24, 3));
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 16, 3));
	ASSERT_OK(BB(s, free_pages, 15, 1));
	EXPECT_LIST(s, 0, BB_ZONE_NORMAL, 1, 1, 15);

	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 2, &pfn));
	EXPECT_EQ(pfn, 17);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 2, &pfn));
	EXPECT_EQ(pfn, 25); /* 21 (order 3) split: 21 to list 2, 25 out */
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:14 1:15 2:21 4:29");
	ASSERT_OK(BB(s, free_pages, 25, 2));
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:14 1:15 3:21 4:29");
	ASSERT_OK(BB(s, free_pages, 17, 2));
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:14 1:15 2:17 3:21 4:29");
}

/*
 * Machine C: phys 1040, MAX_DMA 1032P (DMA 1032 pages), bitmap on pfn 1024,
 * mem_map 1041 * 16 = 16656 bytes = 5 pages at 1032..1036.
 *
 *   pfn 0               512              1024     1032      1037  1040
 *       +----------------+----------------+--------+---------+-----+
 *       | order 9        | order 9        |B order3| mem_map |     |
 *       +----------------+----------------+--------+---------+-----+
 *
 * Retire: 0..511 -> order 9 at 0; 512..1023 -> order 9 at 512, which does
 * not merge with 0 (order 9 is the largest); 1025..1031 then the bitmap 1024
 * -> order 3 at 1024 (buddy index 1032 outside). NORMAL [1032, 1040):
 * 1037, 1038, 1039 -> 0:1037 1:1038. Count 1024 + 7 + 3 + 1 = 1035.
 *
 * Expect: taking order 3 (1024) and then order 0 splits 512 down to
 * 0:1022 1:1020 2:1016 ... 8:512 and hands out 1023; freeing 1023 coalesces
 * back up to order 9 and stops there: 9:512,0.
 */
static void coalesce_to_order9(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(1040, "0-1040");
	d.dma_end_pfn = 1032;
	MACHINE(s, impl, d);
	NODE(s, 0, 1024, 0, 1040);
	uint32_t count = SENTINEL32;
	TO_BUDDY(s, 0, &count);
	EXPECT_EQ(count, 1035);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "3:1024 9:512,0");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:1037 1:1038");

	uint32_t pfn = SENTINEL32;
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 3, &pfn));
	EXPECT_EQ(pfn, 1024);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 0, &pfn));
	EXPECT_EQ(pfn, 1023);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA,
		     "0:1022 1:1020 2:1016 3:1008 4:992 5:960 6:896 7:768 8:512 9:0");
	ASSERT_OK(BB(s, free_pages, 1023, 0));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "9:512,0");
	ASSERT_OK(BB(s, free_pages, 1024, 3));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "3:1024 9:512,0");

	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 9, &pfn));
	EXPECT_EQ(pfn, 512);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 9, &pfn));
	EXPECT_EQ(pfn, 0);
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, 0, BB_GFP_DMA, 9, &pfn));
	ASSERT_OK(BB(s, free_pages, 0, 9));
	ASSERT_OK(BB(s, free_pages, 512, 9));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "3:1024 9:512,0");
}

/*
 * Machine H. NORMAL [12, 24): block 20 (index 8, order 2) has buddy index 12,
 * which is pfn 24: the first page of HIGHMEM. Make pfn 24 a free order-2
 * block of HIGHMEM (take 28 out of the order-3 block 24).
 *
 * Expect freeing 20 (order 2) not to merge across the zone end: NORMAL
 * 2:20,16 again and HIGHMEM's 2:24 untouched.
 */
static void no_coalesce_past_zone_end(const struct bb_impl *impl)
{
	MACHINE_H(s);
	uint32_t pfn = SENTINEL32;
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_HIGHUSER, 2, &pfn));
	EXPECT_EQ(pfn, 28);
	EXPECT_LISTS(s, 0, BB_ZONE_HIGHMEM, "2:24");
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 2, &pfn));
	EXPECT_EQ(pfn, 20);
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:13 1:14 2:16");
	ASSERT_OK(BB(s, free_pages, 20, 2));
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:13 1:14 2:20,16");
	EXPECT_LISTS(s, 0, BB_ZONE_HIGHMEM, "2:24");
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 12, 12, 11);
	EXPECT_ZONE(s, 0, BB_ZONE_HIGHMEM, 24, 8, 4);
}

/*
 * Two nodes of 32 pages, all DMA (MAX_DMA = 64P is past both nodes, so the
 * goal is ignored and each mem_map, 33 * 16 = 528 bytes, takes the node's
 * second page). Initialised 0 then 1: list [1, 0]. Retired, each zone is
 *   node 0: 0:0 1:2 2:4 3:8 4:16   node 1: 0:32 1:34 2:36 3:40 4:48
 * (pages 2..31 ascending, then the bitmap page, whose buddy is mem_map).
 *
 * Expect BB_ANY_NODE to go round robin as 2.4's mm/numa.c alloc_pages():
 * start at `next` (the list head while it is NULL, -1 here), move `next`
 * one node on before trying, even when nothing fits, walk to the list's end
 * and wrap to its head. A node whose bootmem is still open has empty zones
 * and is passed over. A given node id never moves `next`.
 */
#define NEXT_NODE(s) ((s)->impl->next_node((s)->m))
static void any_node_round_robin(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	uint32_t pfn = SENTINEL32;
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 0, &pfn));
	NODE(s, 0, 0, 0, 32);
	NODE(s, 1, 32, 32, 64);
	uint32_t count = SENTINEL32;
	TO_BUDDY(s, 0, &count);
	EXPECT_EQ(count, 31);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:0 1:2 2:4 3:8 4:16");
	EXPECT_EQ(NEXT_NODE(s), -1);
	/* starts at the head, node 1, which has no mem_map yet: node 0 */
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 4, &pfn));
	EXPECT_EQ(pfn, 16);
	EXPECT_EQ(NEXT_NODE(s), 0);
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_pages, 1, BB_GFP_KERNEL, 0, &pfn));
	EXPECT_EQ(pfn, 16);

	TO_BUDDY(s, 1, &count);
	EXPECT_EQ(count, 31);
	EXPECT_LISTS(s, 1, BB_ZONE_DMA, "0:32 1:34 2:36 3:40 4:48");
	/* starts at node 0 (no order-4 block left), wraps to node 1 */
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 4, &pfn));
	EXPECT_EQ(pfn, 48);
	EXPECT_EQ(NEXT_NODE(s), -1);
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_DMA, 3, &pfn));
	EXPECT_EQ(pfn, 40);
	EXPECT_EQ(NEXT_NODE(s), 0);
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_DMA, 3, &pfn));
	EXPECT_EQ(pfn, 8);
	EXPECT_EQ(NEXT_NODE(s), -1);
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_HIGHUSER, 0, &pfn));
	EXPECT_EQ(pfn, 0);
	EXPECT_EQ(NEXT_NODE(s), -1);
	/* one order-0 page from node 1, then one from node 0, where the
	 * pgdat-list order would take node 1 twice */
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_HIGHUSER, 0, &pfn));
	EXPECT_EQ(pfn, 32);
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_HIGHUSER, 0, &pfn));
	EXPECT_EQ(pfn, 3); /* node 0: list 1's 2 splits, 3 out */
	EXPECT_EQ(NEXT_NODE(s), -1);
	/* nothing fits: ENOMEM, and `next` has still moved on */
	pfn = SENTINEL32;
	EXPECT_ERR(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 4, &pfn), BB_ENOMEM);
	EXPECT_EQ(pfn, SENTINEL32);
	EXPECT_EQ(NEXT_NODE(s), 0);
	/* argument errors move nothing */
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 10, &pfn));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_pages, BB_ANY_NODE, 7, 0, &pfn));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_pages, 2, BB_GFP_KERNEL, 0, &pfn));
	EXPECT_EQ(pfn, SENTINEL32);
}

/*
 * The example of 2.4's round robin: two 64-page nodes, both retired; two
 * alloc_pages(any, KERNEL, 0) give a page of node 1 (the list head), then
 * one of node 0 (0x40, then 0x0), where starting at the head every time
 * gave 0x40 and 0x43.
 */
static void any_node_alternates(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(128, "0-128");
	MACHINE(s, impl, d);
	uint32_t count = SENTINEL32, a = SENTINEL32, b = SENTINEL32;
	NODE(s, 0, 0, 0, 64);
	NODE(s, 1, 64, 64, 128);
	TO_BUDDY(s, 0, &count);
	TO_BUDDY(s, 1, &count);
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 0, &a));
	ASSERT_OK(BB(s, alloc_pages, BB_ANY_NODE, BB_GFP_KERNEL, 0, &b));
	EXPECT_EQ(a, 0x40); /* node 1 */
	EXPECT_EQ(b, 0x0);  /* node 0 */
	EXPECT_EQ(NEXT_NODE(s), -1);
}

/*
 * Machine B after GFP_DMA order 1 (block 0 splits: 3:0 2:8 1:12, and 14 is
 * handed out). Expect, each changing nothing:
 *   order 10                        EINVAL (before everything)
 *   pfn 64, pfn 1000, BB_NO_PFN     ERANGE (no zone)
 *   15 order 1, 14 order 2          EALIGN
 *   12 order 1 (free head), 13 order 0 (free tail), 0 order 9  EDOUBLE
 *   15 order 0 (tail), 14 order 0 (wrong order), 14 order 3? -> EALIGN
 *   16 order 0 and order 4 (mem_map, PG_reserved)  ENOTALLOC
 * then 14 order 1 frees (back to 4:0) and freeing it again is EDOUBLE.
 */
static void free_misuse(const struct bb_impl *impl)
{
	MACHINE_B(s);
	uint32_t pfn = SENTINEL32;
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_DMA, 1, &pfn));
	EXPECT_EQ(pfn, 14);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "1:12 2:8 3:0");

	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_pages, 14, 10));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_pages, 1000, 10));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_pages, 14, 99));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_pages, 64, 0));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_pages, 1000, 0));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_pages, BB_NO_PFN, 1));
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 15, 1));
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 14, 2));
	EXPECT_FAILS(s, BB_EALIGN, BB(s, free_pages, 14, 3));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 12, 1));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 13, 0));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 12, 0));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 0, 9));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 8, 3));
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 15, 0));
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 14, 0));
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 16, 0));
	EXPECT_FAILS(s, BB_ENOTALLOC, BB(s, free_pages, 16, 4));
	EXPECT_PAGE(s, 14, ALLOC(1));

	ASSERT_OK(BB(s, free_pages, 14, 1));
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 14, 1));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_pages, 0, 4));
}

SCENARIO_MAIN(SCENARIO(expand_gives_highest), SCENARIO(lifo_free_lists),
	      SCENARIO(zonelist_fallback), SCENARIO(no_watermarks),
	      SCENARIO(buddy_relative_to_zone_start), SCENARIO(coalesce_to_order9),
	      SCENARIO(no_coalesce_past_zone_end), SCENARIO(any_node_round_robin), SCENARIO(any_node_alternates),
	      SCENARIO(free_misuse))
