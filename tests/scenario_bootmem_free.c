/* SPDX-License-Identifier: MIT */
/*
 * scenario_bootmem_free.c - SPEC sections 2 and 3: free_bootmem_node.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * Everything reserved (no RAM registered yet), bitmap on pfn 63:
 *
 *   pfn 0    5 6 7 8        20 21     30 31      40         48      63 64
 *       +----+-+-+----------+--+------+---+------+----------+--------+-+
 *       |    | |F|          |  |      | F  |     |  F       |        |B|
 *       +----+-+-+----------+--+------+---+------+----------+--------+-+
 *
 * free [5P+1, 8P-1):    inward ceil(5P+1)/P = 6 .. floor(8P-1)/P = 7 -> page 6
 * free [10P+1, 11P+5):  11 .. 11 -> nothing, *freed = 0
 * free [20P+1, 20P+100): 21 .. 20 -> nothing
 * free [30P, 32P):      30, 31
 *
 * Expect only whole pages freed; then the seeds' example: a 100-byte
 * allocation freed again leaves its page reserved (only full pages are freed).
 */
static void partial_page_stays_reserved(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	ASSERT_OK(BB(s, init_bootmem_node, 0, 63, 0, 64, NULL));
	uint32_t freed = SENTINEL32;

	ASSERT_OK(BB(s, free_bootmem_node, 0, 5 * PG + 1, 3 * PG - 2, &freed));
	EXPECT_EQ(freed, 1);
	EXPECT_BITS(s, 0, 4, "1 1 0 1 1");

	struct sc_snap *snap = sc_snap(s);
	freed = SENTINEL32;
	EXPECT_OK(BB(s, free_bootmem_node, 0, 10 * PG + 1, PG + 4, &freed));
	EXPECT_EQ(freed, 0);
	freed = SENTINEL32;
	EXPECT_OK(BB(s, free_bootmem_node, 0, 20 * PG + 1, 99, &freed));
	EXPECT_EQ(freed, 0);
	sc_expect_unchanged(__FILE__, __LINE__, s, snap);

	ASSERT_OK(BB(s, free_bootmem_node, 0, 30 * PG, 2 * PG, &freed));
	EXPECT_EQ(freed, 2);
	EXPECT_BITS(s, 0, 29, "1 00 1");

	ASSERT_OK(BB(s, free_bootmem_node, 0, 40 * PG, 8 * PG, &freed));
	EXPECT_EQ(freed, 8);
	uint64_t phys = SENTINEL64;
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 40 * PG, &phys));
	EXPECT_EQ(phys, 40 * PG);
	EXPECT_BITS(s, 0, 40, "1 0");
	freed = SENTINEL32;
	ASSERT_OK(BB(s, free_bootmem_node, 0, 40 * PG, 100, &freed));
	EXPECT_EQ(freed, 0);
	EXPECT_BITS(s, 0, 40, "1 0");
}

/*
 *   pfn 0 1 2                 32        40                50 52      64
 *       +-+-+-----------------+---------+-----------------+--+-------+
 *       | |B| free            | hole    | free            |R | free  |
 *       +-+-+-----------------+---------+-----------------+--+-------+
 *
 * Expect any free over a hole refused with ENOTRAM, even when the range also
 * holds the bitmap (EBUSY) and free pages (EDOUBLE): the hole is checked
 * first; nothing changes; the hole's bits stay set. A range that rounds
 * inward to nothing is not checked at all.
 */
static void hole_refused(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-32 40-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 1, 0, 64);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 50 * PG, 2 * PG, NULL));
	EXPECT_BITS(s, 0, 30, "00 11111111 00");
	uint32_t freed = SENTINEL32;

	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 0, 30 * PG, 12 * PG, &freed));
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 0, 0, 40 * PG, &freed));
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 0, 33 * PG, PG, &freed));
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 0, 39 * PG, 12 * PG, &freed));
	EXPECT_EQ(freed, SENTINEL32);

	EXPECT_OK(BB(s, free_bootmem_node, 0, 32 * PG + 1, PG - 1, &freed));
	EXPECT_EQ(freed, 0);
	EXPECT_OK(BB(s, free_bootmem_node, 0, 50 * PG, 2 * PG, &freed));
	EXPECT_EQ(freed, 2);
	EXPECT_BITS(s, 0, 32, "11111111");
}

/*
 *   pfn 0        8 9 10 11 12 13                                   64
 *       +--------+-+-+-+-+-+--------------------------------------+
 *       | free   |R|R|B|R|R| free                                 |
 *       +--------+-+-+-+-+-+--------------------------------------+
 *
 * Expect any free range holding the bitmap page refused with EBUSY (also
 * after setup_arch reserves it again, and ahead of EDOUBLE), the pages around
 * it freeable, and no allocation ever handing out pfn 10.
 */
static void bitmap_pages_refused(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 10, 0, 64);
	uint32_t freed = SENTINEL32, twice = SENTINEL32;

	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 10 * PG, PG, &freed));
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 8 * PG, 5 * PG, &twice));
	EXPECT_EQ(twice, 1);
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 8 * PG, 5 * PG, &freed));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 10 * PG, 1 * PG, &freed));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 0, 64 * PG, &freed));
	EXPECT_EQ(freed, SENTINEL32);
	EXPECT_BITS(s, 0, 7, "0 11111 0");

	ASSERT_OK(BB(s, free_bootmem_node, 0, 8 * PG, 2 * PG, &freed));
	EXPECT_EQ(freed, 2);
	ASSERT_OK(BB(s, free_bootmem_node, 0, 11 * PG, 2 * PG, &freed));
	EXPECT_EQ(freed, 2);
	/* pfn 9 is free now: EBUSY still comes before EDOUBLE */
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 9 * PG, 2 * PG, &freed));

	/* 63 one-page allocations take every page but the bitmap, then ENOMEM */
	for (int i = 0; i < 63; i++) {
		uint64_t phys = SENTINEL64;
		ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
		EXPECT_TRUE(phys != 10 * PG);
		EXPECT_EQ(phys, (uint64_t)(i < 10 ? i : i + 1) * PG);
	}
	uint64_t phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 1, 16, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
}

/*
 * mem_map = 65 * 64 = 4160 bytes, merged after a 100-byte alloc_bootmem_node:
 *
 *   pfn 0 1 2            16          17          18              64
 *       +-+-+------------+-----------+-----------+---------------+
 *       | |B| free       |a|mem_map..|..mem_map| | free          |
 *       +-+-+------------+-----------+-----------+---------------+
 *                         ^16P       ^16P+128    ^17P+192
 *
 * alloc_bootmem_node(0, 100): align 32, goal 16P -> 16P, last 16/100.
 * mem_map: scan needs ceil(4160/P) = 2 pages -> start 17 = last_pos + 1:
 * merge at 16P + round_up(100, 32) = 16P + 128; remaining 3968,
 * areasize ceil((4160 - 3968)/P) = 1, last_pos 17, last_offset 192. The 18
 * free-area bitmaps after it (4 bytes each: DMA 16 and NORMAL 48 pages, see
 * scenario_mem_map.c) merge into page 17 at 192, 224, ..., 736: last 17/740.
 *
 * Expect mem_map at 65664 (16P + 128); pages 16 and 17 (touched by it) refused
 * with EBUSY, also in ranges with a free page (EBUSY before EDOUBLE).
 */
static void mem_map_pages_refused(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	d.struct_page_bytes = 64;
	MACHINE(s, impl, d);
	NODE(s, 0, 1, 0, 64);
	uint64_t phys = SENTINEL64;
	ASSERT_OK(BB(s, alloc_bootmem_node, 0, 100, &phys));
	EXPECT_EQ(phys, 16 * PG);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.mem_map_phys, 16 * PG + 128);
	EXPECT_EQ(ni.mem_map_bytes, 4160);
	EXPECT_LAST(s, 0, 17, 740);
	EXPECT_BITS(s, 0, 15, "0 1 1 0");

	uint32_t freed = SENTINEL32;
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 16 * PG, PG, &freed));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 17 * PG, PG, &freed));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 17 * PG, 2 * PG, &freed));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 2 * PG, 20 * PG, &freed));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 15 * PG, PG, &freed));
	EXPECT_EQ(freed, SENTINEL32);
}

/*
 * Everything reserved, bitmap on pfn 63; free page 7 first:
 *
 *   pfn 0    4 5 6 7 8 9 10                                     63 64
 *       +----+-+-+-+-+-+-+---------------------------------------+-+
 *       |  R |R|R|R|F|R|R|   R                                   |B|
 *       +----+-+-+-+-+-+-+---------------------------------------+-+
 *
 * Expect free [5P, 10P) to be EDOUBLE with pages 5, 6, 8, 9 still reserved
 * (2.4 cleared 5 and 6 and then BUG()ed), and *freed untouched; freeing
 * around page 7 works, and the same range again is EDOUBLE.
 */
static void double_free_changes_nothing(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	ASSERT_OK(BB(s, init_bootmem_node, 0, 63, 0, 64, NULL));
	uint32_t freed = SENTINEL32;
	ASSERT_OK(BB(s, free_bootmem_node, 0, 7 * PG, PG, &freed));
	EXPECT_EQ(freed, 1);
	freed = SENTINEL32;
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 5 * PG, 5 * PG, &freed));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 7 * PG, PG, &freed));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 7 * PG - 1, PG + 2, &freed));
	EXPECT_EQ(freed, SENTINEL32);
	EXPECT_BITS(s, 0, 4, "1 11 0 11 1");

	ASSERT_OK(BB(s, free_bootmem_node, 0, 5 * PG, 2 * PG, &freed));
	EXPECT_EQ(freed, 2);
	ASSERT_OK(BB(s, free_bootmem_node, 0, 8 * PG, 2 * PG, &freed));
	EXPECT_EQ(freed, 2);
	EXPECT_BITS(s, 0, 4, "1 00 0 00 1");
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 4 * PG, 2 * PG, &freed));
	EXPECT_BITS(s, 0, 4, "1");
}

/*
 * Node [16, 80), RAM [0, 80) but for the hole [40, 48):
 *
 * Expect size 0 to be EINVAL, a range outside the node ERANGE even when it
 * holds a hole (range before the page checks), and a free ending exactly at
 * the node's end accepted. The end that counts is 2.4's rounded-down one
 * (free_bootmem_core: `end = (addr + size) / PAGE_SIZE; if (end >
 * node_low_pfn) BUG()`): a partial last page past the node is allowed.
 */
static void range_checks(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(80, "0-40 48-80");
	MACHINE(s, impl, d);
	ASSERT_OK(BB(s, init_bootmem_node, 0, 16, 16, 80, NULL));
	uint32_t freed = SENTINEL32;
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_bootmem_node, 0, 20 * PG, 0, &freed));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 15 * PG, 2 * PG, &freed));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 16 * PG - 1, 1, &freed));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 39 * PG, 42 * PG, &freed));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 80 * PG, PG, &freed));
	/* ends inside page 80, past the node: within 2.4's check, so the hole counts */
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_bootmem_node, 0, 39 * PG, 41 * PG + 1, &freed));
	ASSERT_OK(BB(s, free_bootmem_node, 0, 80 * PG, PG - 1, &freed));
	EXPECT_EQ(freed, 0);
	freed = SENTINEL32;
	EXPECT_FAILS(s, BB_ENODEV, BB(s, free_bootmem_node, 1, 20 * PG, PG, &freed));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_bootmem_node, BB_ANY_NODE, 20 * PG, PG, &freed));
	EXPECT_EQ(freed, SENTINEL32);
	ASSERT_OK(BB(s, free_bootmem_node, 0, 48 * PG, 32 * PG, &freed));
	EXPECT_EQ(freed, 32);
	EXPECT_BITS(s, 0, 31, "1 0");
	EXPECT_BITS(s, 0, 63, "0");
}

/*
 * A 64-page node, RAM everywhere, all reserved:
 *
 * Expect free_bootmem_node(addr=0x3f000, size=4097), whose last byte lies
 * in page 0x40 past the node, to free page 0x3f (2.4 checks only the
 * rounded-down end, then frees the whole pages inside).
 */
static void end_rounds_down(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	ASSERT_OK(BB(s, init_bootmem_node, 0, 0, 0, 64, NULL));
	uint32_t freed = SENTINEL32;
	ASSERT_OK(BB(s, free_bootmem_node, 0, 0x3f000, 4097, &freed));
	EXPECT_EQ(freed, 1);
	EXPECT_BITS(s, 0, 63, "0");
	EXPECT_BITS(s, 0, 62, "1");
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_bootmem_node, 0, 0x3f000, 2 * PG, &freed));
}

SCENARIO_MAIN(SCENARIO(partial_page_stays_reserved), SCENARIO(end_rounds_down), SCENARIO(hole_refused),
	      SCENARIO(bitmap_pages_refused), SCENARIO(mem_map_pages_refused),
	      SCENARIO(double_free_changes_nothing), SCENARIO(range_checks))
