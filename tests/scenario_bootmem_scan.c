/* SPDX-License-Identifier: MIT */
/*
 * scenario_bootmem_scan.c - SPEC section 4.1: the first-fit scan, goal,
 * alignment and restart.
 */
#include <stdint.h>

#include "scenario.h"

/*
 *   pfn 0 1 2 3 4 5 6 7 8 9 10                                      63 64
 *       +-+-+---+-+-+-+-----+---------------------------------------+-+
 *       | | |R R| | |R|     |  free                                 |B|
 *       +-+-+---+-+-+-+-----+---------------------------------------+-+
 *
 * alloc 3 pages, align P, no goal: candidates 0 (2 reserved), 1, 2, 3, 4
 * (6 reserved), 5, 6, then 7: pages 7, 8, 9 free.
 *
 * Expect 7P, then the holes filled first-fit: 2 pages at 0P, 1 page at 4P,
 * 5P, 2 pages at 10P. At the node's end, with only 61 and 62 free, a 3-page
 * request does not fit (63 is the bitmap; candidate 62 would pass e - s);
 * align 2P tries even candidates only and takes 62; then 2 pages are ENOMEM
 * and 1 page is 61P.
 */
static void first_fit(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 63, 0, 64);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 2 * PG, 2 * PG, NULL));
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 6 * PG, PG, NULL));
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 3 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 7 * PG);
	EXPECT_LAST(s, 0, 9, 0);
	EXPECT_BITS(s, 0, 0, "0011 0011 1100");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 4 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 5 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 10 * PG);
	EXPECT_BITS(s, 0, 0, "1111 1111 1111 0");

	/* only pages 61 and 62 stay free */
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 12 * PG, 49 * PG, NULL));
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 3 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
	/* align 2P: candidates 0, 2, ..., 60, 62: 62 + 1 <= 64 fits */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 2 * PG, 0, &phys));
	EXPECT_EQ(phys, 62 * PG);
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 2 * PG, PG, 0, &phys));
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 61 * PG);
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 1, 16, 0, &phys));
}

/*
 *   pfn 0          16 17                                        78 79 80
 *       +----------+-+-------------------------------------------+-+-+
 *       | no node  |B| free                                      | | |
 *       +----------+-+-------------------------------------------+-+-+
 *
 * The goal counts when goal != 0, goal >= 16P and goal >> 12 < 80.
 *
 * Expect goals 8P, 80P, 2^40, 16P - 1 ignored (first fit from the start:
 * 17P, 18P, 19P, ...), goal 78P honoured, and goals whose first candidate
 * lies past the node (79P + 4095 rounds up to 80P; 2 pages at 79P) to
 * restart from the start.
 */
static void goal_outside_node_ignored(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(80, "0-80");
	MACHINE(s, impl, d);
	NODE(s, 0, 16, 16, 80);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 8 * PG, &phys));
	EXPECT_EQ(phys, 17 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 80 * PG, &phys));
	EXPECT_EQ(phys, 18 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 78 * PG, &phys));
	EXPECT_EQ(phys, 78 * PG);
	EXPECT_LAST(s, 0, 62, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 19 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 1ull << 40, &phys));
	EXPECT_EQ(phys, 20 * PG);
	/* goal 79P + 4095 is inside (79 < 80) but rounds up to 80P: i0 = 64 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 79 * PG + 4095, &phys));
	EXPECT_EQ(phys, 21 * PG);
	/* 2 pages from 79: 79 + 2 > 80 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2 * PG, PG, 79 * PG, &phys));
	EXPECT_EQ(phys, 22 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 16 * PG - 1, &phys));
	EXPECT_EQ(phys, 24 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 79 * PG, &phys));
	EXPECT_EQ(phys, 79 * PG);
	/* indices 0 (bitmap) .. 8 taken, 62 and 63 taken */
	EXPECT_BITS(s, 0, 0, "111111111 0");
	EXPECT_BITS(s, 0, 61, "0 11");
}

/*
 * A node starting at pfn 3 (not aligned to anything but P):
 *
 *   pfn 3 4 5 6 7 8     12 13 14   16                            66 67
 *       +-+-+-+-+-+-+---+--------+--+---------------------------+-+
 *       | |a|e|f| |b|   | 3 pages|  |c                          |B|
 *       +-+-+-+-+-+-+---+--------+--+---------------------------+-+
 *
 * a: align 4P, no goal: round_up(3P, 4P) = 4P -> pfn 4 (2.4.0, aligning to the
 *    node start, said 3P)
 * b: align 4P: pfn 4 taken, next 4P-aligned pfn 8
 * c: align 8P: 8P taken (index 5), next index 13 = pfn 16
 * d: align P -> pfn 3
 * e: 100 bytes, align 64 -> pfn 5 (index 2); f: 100 bytes merged at 5P + 128
 * g: 3 pages align 4P: pfn 4, 8 taken; pfn 12..14 free -> 12P
 *
 * Expect the addresses physically aligned, as listed.
 */
static void align_relative_to_phys_zero(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(67, "0-67");
	MACHINE(s, impl, d);
	NODE(s, 0, 66, 3, 67);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 0, &phys));
	EXPECT_EQ(phys, 4 * PG);
	EXPECT_LAST(s, 0, 1, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 0, &phys));
	EXPECT_EQ(phys, 8 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 8 * PG, 0, &phys));
	EXPECT_EQ(phys, 16 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 3 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 64, 0, &phys));
	EXPECT_EQ(phys, 5 * PG);
	EXPECT_LAST(s, 0, 2, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 64, 0, &phys));
	EXPECT_EQ(phys, 5 * PG + 128);
	EXPECT_LAST(s, 0, 2, 228);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 3 * PG, 4 * PG, 0, &phys));
	EXPECT_EQ(phys, 12 * PG);
	EXPECT_LAST(s, 0, 11, 0);
	/* indices: 0 (3) 1 (4) 2 (5) 5 (8) 9..11 (12..14) 13 (16) */
	EXPECT_BITS(s, 0, 0, "111 00 1 000 111 0 1 0");
}

/*
 * Node [3, 67) again; the goal is aligned, the node start is not:
 *
 *   pfn 3      8 9        12       16       20
 *       +------+-+--------+--------+--------+----
 *       |d     |a|c       |b       |e       |f
 *       +------+-+--------+--------+--------+----
 *
 * a: goal 8P, align 4P -> 8P (2.4.20's round_up(8P - 3P, 4P) + 1 page of
 *    offset gave 12P, skipping the aligned slot at the goal)
 * b: goal 9P, align 4P -> round_up(9P, 4P) = 12P
 * c: 100 bytes, goal 9P + 100, align 32 -> round_up = 9P + 128, the page
 *    holding it: pfn 9, returned 9P (page-aligned, no merge)
 * d: 100 bytes, no goal -> pfn 3 (start 0 is not last_pos + 1 = 7: no merge)
 * e: goal 8P, align 8P -> pfn 8 taken, next 16
 * f: goal 7P, align 4P -> 8, 12, 16 taken, 20
 *
 * Expect exactly those.
 */
static void goal_aligned_up(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(67, "0-67");
	MACHINE(s, impl, d);
	NODE(s, 0, 66, 3, 67);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 8 * PG, &phys));
	EXPECT_EQ(phys, 8 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 9 * PG, &phys));
	EXPECT_EQ(phys, 12 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 9 * PG + 100, &phys));
	EXPECT_EQ(phys, 9 * PG);
	EXPECT_LAST(s, 0, 6, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 3 * PG);
	EXPECT_LAST(s, 0, 0, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 8 * PG, 8 * PG, &phys));
	EXPECT_EQ(phys, 16 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 7 * PG, &phys));
	EXPECT_EQ(phys, 20 * PG);
}

/*
 * (1) Node [0, 64), pages 40..62 reserved, bitmap on 63:
 *
 *   pfn 0                                  40                     63 64
 *       +----------------------------------+----------------------+-+
 *       | free                             | R                    |B|
 *       +----------------------------------+----------------------+-+
 *
 * Expect a page wanted at goal 40P to come from the restart at 0P.
 *
 * (2) Node [3, 67), pfns 60..65 reserved: align 4P, goal 60P: candidates
 * pfn 60, 64 fail; the restart begins at the aligned start, pfn 4 (index 1),
 * not at pfn 3. Expect 4P. Then with every page reserved but pfn 5, expect
 * align 4P to be ENOMEM (pfn 5 is not aligned) without a hang and without a
 * change, while align P finds 5P.
 */
static void restart_from_aligned_start(const struct bb_impl *impl)
{
	uint64_t phys = SENTINEL64;
	{
		struct bb_machine_desc d = sc_desc(64, "0-64");
		MACHINE(s, impl, d);
		NODE(s, 0, 63, 0, 64);
		ASSERT_OK(BB(s, reserve_bootmem_node, 0, 40 * PG, 23 * PG, NULL));
		ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 40 * PG, &phys));
		EXPECT_EQ(phys, 0);
		ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2 * PG, PG, 39 * PG, &phys));
		EXPECT_EQ(phys, 1 * PG);
	}
	{
		struct bb_machine_desc d = sc_desc(67, "0-67");
		MACHINE(s, impl, d);
		NODE(s, 0, 66, 3, 67);
		ASSERT_OK(BB(s, reserve_bootmem_node, 0, 60 * PG, 6 * PG, NULL));
		ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 60 * PG, &phys));
		EXPECT_EQ(phys, 4 * PG);
		/* everything but pfn 5 */
		ASSERT_OK(BB(s, reserve_bootmem_node, 0, 3 * PG, 2 * PG, NULL));
		ASSERT_OK(BB(s, reserve_bootmem_node, 0, 6 * PG, 54 * PG, NULL));
		phys = SENTINEL64;
		EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 40 * PG, &phys));
		EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 0, &phys));
		EXPECT_EQ(phys, SENTINEL64);
		ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 40 * PG, &phys));
		EXPECT_EQ(phys, 5 * PG);
	}
}

/*
 * Large requests (more pages than a bitmap word holds) whose first fit starts
 * inside a word that also holds reserved pages. Node [6, 262) (start not
 * aligned), bitmap on pfn 9 (index 3), pages at indices 0, 1 and 4..8 taken:
 *
 *   index 0 1 2 3 4       9                          49          256
 *         +-+-+-+-+-------+---------------------------+-----------+
 *         |a a| |B|b      | 40 pages                  | free      |
 *         +-+-+-+-+-------+---------------------------+-----------+
 *
 * Expect 40 pages (161994 bytes) at index 9 = pfn 15: candidate 2 fails on
 * the bitmap at 3, candidates 3..8 are taken. Then with index 37 + 9 = 46
 * reserved too, 40 pages (align 2P, relative to pfn 0: even pfns) at pfn 56;
 * 64 pages at pfn 96 ... exactly the first fit each time.
 */
static void first_fit_large(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(262, "0-262");
	MACHINE(s, impl, d);
	NODE(s, 0, 9, 6, 262);
	uint64_t phys = SENTINEL64;
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2 * PG, 2, 0, &phys));
	EXPECT_EQ(phys, 6 * PG);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 10 * PG, 5 * PG, NULL));
	EXPECT_BITS(s, 0, 0, "1101 11111 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 161994, PG, 0, &phys));
	EXPECT_EQ(phys, 15 * PG); /* pages 15..54 */
	EXPECT_LAST(s, 0, 48, 161994 % 4096);
	/* free page 2 (pfn 8) stays free; pfn 55.. free; reserve pfn 60 */
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 60 * PG, PG, NULL));
	/* 40 pages align 2P: even pfns; 56..95 is free (60 is reserved -> no),
	 * so the first even start after 60 is 62: 62..101 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 40 * PG, 2 * PG, 0, &phys));
	EXPECT_EQ(phys, 62 * PG);
	/* 64 pages: 55..59 too short, 61 taken? no: 61 is free but 62.. taken;
	 * first fit is pfn 102: 102..165 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 64 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 102 * PG);
	/* 5 pages: 55..59 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 5 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 55 * PG);
	/* 96 pages: 166..261 is exactly 96 pages up to the node's end */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 96 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 166 * PG);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 2 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
	/* what is left: pfn 8 and 61 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 8 * PG);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, PG, 0, &phys));
	EXPECT_EQ(phys, 61 * PG);
}

SCENARIO_MAIN(SCENARIO(first_fit), SCENARIO(first_fit_large), SCENARIO(goal_outside_node_ignored),
	      SCENARIO(align_relative_to_phys_zero), SCENARIO(goal_aligned_up),
	      SCENARIO(restart_from_aligned_start))
