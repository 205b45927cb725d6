/* SPDX-License-Identifier: MIT */
/*
 * scenario_bootmem_nodes.c - SPEC section 4: __alloc_bootmem over every node
 * (BB_ANY_NODE) in pgdat-list order, skipping retired nodes.
 */
#include <stdint.h>

#include "scenario.h"

/*
 *   pfn 0                     30      39 40 41 42                63 64
 *       +---------------------+--------+-+--+--+-----------------+-+
 *       | node 0              |        |B|a |d |m  node 1         |B|
 *       +---------------------+--------+-+--+--+-----------------+-+
 *   MAX_DMA = 16P (inside node 0). Initialised 0 then 1: list [1, 0].
 *
 * a: alloc_bootmem_low(100): node 1 first -> 40P, node 1 last 0/100
 * b: alloc_bootmem(100): node 1; goal 16P is below its start, ignored ->
 *    start 1 = last_pos + 1, merged at 40P + 128
 * c: ANY 30 pages: node 1 has 22 (41..62) -> nothing changes there; node 0
 *    -> 0P
 * d: alloc_bootmem_pages(P): node 1, start 1, merged with offset
 *    round_up(228, P) = P -> 41P, node 1 last 1/0
 * node 1: mem_map (24 + 1) * 16 = 400 bytes at 42P, then retired.
 * e: alloc_bootmem(100): node 1 is skipped -> node 0, goal 16P, first free
 *    page from there: 30P
 * f: ANY 9 pages: node 0 has 8 (31..38) -> ENOMEM
 * g: ANY 6 pages merge after e (offset round_up(100, P) = P) -> 31P; pfns 37
 * and 38 stay free for node 0's mem_map (656 bytes, at 37P) and the
 * free-area bitmaps merged after it, whose scan wants page 38 free.
 * Node 0 retired: ANY -> ERETIRED
 */
static void any_node_newest_first(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	MACHINE(s, impl, d);
	NODE(s, 0, 39, 0, 40);
	NODE(s, 1, 63, 40, 64);
	EXPECT_PGDAT(s, 2, 1, 0);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, alloc_bootmem_low, 100, &phys));
	EXPECT_EQ(phys, 40 * PG);
	ASSERT_OK(BB(s, alloc_bootmem, 100, &phys));
	EXPECT_EQ(phys, 40 * PG + 128);
	EXPECT_LAST(s, 1, 0, 228);
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 30 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 0);
	EXPECT_LAST(s, 1, 0, 228);
	EXPECT_LAST(s, 0, 29, 0);
	ASSERT_OK(BB(s, alloc_bootmem_pages, PG, &phys));
	EXPECT_EQ(phys, 41 * PG);
	EXPECT_LAST(s, 1, 1, 0);

	ASSERT_OK(BB(s, free_area_init_node, 1));
	EXPECT_EQ(sc_node_info(s, 1).mem_map_phys, 42 * PG);
	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 1, &count));
	/* node 1 pages 43..62 (20) and the bitmap page 63 */
	EXPECT_EQ(count, 21);

	ASSERT_OK(BB(s, alloc_bootmem, 100, &phys));
	EXPECT_EQ(phys, 30 * PG);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 9 * PG, PG, 0, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_node, 1, 100, &phys));
	EXPECT_EQ(phys, SENTINEL64);
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 6 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 31 * PG);

	TO_BUDDY(s, 0, NULL);
	EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 37 * PG);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem, 100, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_low_pages, 100, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 1, 1, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
}

/*
 * Three nodes, initialised 0, 1, 2: list [2, 1, 0].
 *
 *   pfn 0 1            32 33           64 65           96
 *       +-+-------------+-+-------------+-+-------------+
 *       |B| node 0      |B| node 1      |B| node 2      |
 *       +-+-------------+-+-------------+-+-------------+
 *
 * Expect ANY 31 pages from node 2 (65P), then node 1 (33P), then node 0 (1P),
 * then ENOMEM with nothing changed; with no node online, ENODEV.
 */
static void three_nodes_in_list_order(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-96");
	MACHINE(s, impl, d);
	uint64_t phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENODEV, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 100, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_bootmem, 100, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_bootmem_low, 100, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_bootmem_pages, 100, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_bootmem_low_pages, 100, &phys));
	NODE(s, 0, 0, 0, 32);
	NODE(s, 1, 32, 32, 64);
	NODE(s, 2, 64, 64, 96);
	EXPECT_PGDAT(s, 3, 2, 1, 0);

	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 31 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 65 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 31 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 33 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 31 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 1 * PG);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 1, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_bootmem_low, 1, &phys));
	EXPECT_EQ(phys, SENTINEL64);
}

/*
 * One node that has highmem, one that has none, a hole between them:
 *
 *   pfn 0 1          24       32 33        48            64
 *       +-+----------+--------+-+----------+-------------+
 *       |B| node 0   |  hole  |B| node 1   | node 1 high |
 *       +-+----------+--------+-+----------+-------------+
 *   highmem_start 48; node 1 initialised last: list [1, 0].
 *
 * Expect ANY allocations to fill node 1's low memory (33..47, 15 pages) and
 * then node 0; highmem is never handed out: 16 pages fit nowhere but node 0.
 */
static void highmem_node_and_hole(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-24 32-64");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 48;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 24);
	NODE(s, 1, 32, 32, 64);
	uint64_t phys = SENTINEL64;
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 16 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 1 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 15 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 33 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, BB_ANY_NODE, 7 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 17 * PG);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 1, 4, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
}

SCENARIO_MAIN(SCENARIO(any_node_newest_first), SCENARIO(three_nodes_in_list_order),
	      SCENARIO(highmem_node_and_hole))
