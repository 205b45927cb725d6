/* SPDX-License-Identifier: MIT */
/*
 * scenario_bootmem_reserve.c - SPEC section 3: reserve_bootmem_node.
 */
#include <stdint.h>

#include "scenario.h"

/*
 *   pfn 16                                                  79 80
 *       +-----+-----+---+-----+-----+------------------------+-+
 *       |0..4 |5..7 |8,9| 10  |11,12| free                   |B|
 *       +-----+-----+---+-----+-----+------------------------+-+
 *   index  0    5       10    11                             63
 *
 * reserve [21P+100, 23P+100): indices floor(5P+100)/P = 5 .. ceil(7P+100)/P = 8
 * reserve [26P, 26P+1):       index 10 .. ceil((10P+1)/P) = 11
 * reserve [28P-1, 28P+1):     indices floor((12P-1)/P) = 11 .. 13
 *
 * Expect rounding outward to exactly those pages, node-relative (start pfn 16),
 * no "reserved twice" among them; then a whole-node reserve counts exactly the
 * 7 pages already reserved (5, 6, 7, 10, 11, 12 and the bitmap, 63).
 */
static void rounds_outward(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(80, "0-80");
	MACHINE(s, impl, d);
	NODE(s, 0, 79, 16, 80);
	uint32_t twice = SENTINEL32;

	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 21 * PG + 100, 2 * PG, &twice));
	EXPECT_EQ(twice, 0);
	EXPECT_BITS(s, 0, 4, "0 111 0");
	twice = SENTINEL32;
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 26 * PG, 1, &twice));
	EXPECT_EQ(twice, 0);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 28 * PG - 1, 2, &twice));
	EXPECT_EQ(twice, 0);
	EXPECT_BITS(s, 0, 0, "00000 111 00 1 11 000");
	EXPECT_EQ(s->impl->warnings(s->m), 0);
	/* reserve never touches last_pos / last_offset */
	EXPECT_LAST(s, 0, 0, 0);

	/* up to the node's end exactly is fine; one byte more is ERANGE */
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 16 * PG, 64 * PG, &twice));
	EXPECT_EQ(twice, 7);
	EXPECT_EQ(s->impl->warnings(s->m), 7);
	twice = SENTINEL32;
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 79 * PG + 1, PG, &twice));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 16 * PG - 1, 2, &twice));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 0, PG, &twice));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, reserve_bootmem_node, 0, 20 * PG, 0, &twice));
	EXPECT_EQ(twice, SENTINEL32);
}

/*
 * The seeds' setup_arch: "hm, page %08lx reserved twice."
 *
 *   pfn 0   1       4   5   7                                   64
 *       +---+-------+---+---+-----------------------------------+
 *       |pg0| kernel| B |   | free                              |
 *       +---+-------+---+---+-----------------------------------+
 *
 * Expect page 0 and the kernel [1P, 3P+100) (pages 1..3) reserved without a
 * warning; the bitmap [4P, 4P+8) reserved again: 1 warning; 2.4's
 * reserve_bootmem(HIGH_MEMORY, ...) over [1P, 5P): 4 more; [3P, 7P): pages 3
 * and 4 twice, 5 and 6 new: 2 more. Warnings add up on the machine: 7, and a
 * NULL *twice still counts.
 */
static void reserved_twice_counted(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 4, 0, 64);
	uint32_t twice = SENTINEL32;

	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 0, PG, &twice));
	EXPECT_EQ(twice, 0);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 1 * PG, 2 * PG + 100, &twice));
	EXPECT_EQ(twice, 0);
	EXPECT_EQ(s->impl->warnings(s->m), 0);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 4 * PG, 8, &twice));
	EXPECT_EQ(twice, 1);
	EXPECT_EQ(s->impl->warnings(s->m), 1);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 1 * PG, 4 * PG, &twice));
	EXPECT_EQ(twice, 4);
	EXPECT_EQ(s->impl->warnings(s->m), 5);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 3 * PG, 4 * PG, &twice));
	EXPECT_EQ(twice, 2);
	EXPECT_EQ(s->impl->warnings(s->m), 7);
	EXPECT_BITS(s, 0, 0, "1111111 0");
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 0, 1, NULL));
	EXPECT_EQ(s->impl->warnings(s->m), 8);
}

/*
 * Two nodes, one machine-wide warning count:
 *
 *   pfn 0 1            32 33            64
 *       +-+-------------+-+--------------+
 *       |B| node 0      |B| node 1       |
 *       +-+-------------+-+--------------+
 *
 * Expect reserving each node's bitmap page to add one warning each (total 2),
 * and a reserve on node 1 of node 0's range to be ERANGE.
 */
static void warnings_are_per_machine(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 32);
	NODE(s, 1, 32, 32, 64);
	uint32_t twice = SENTINEL32;
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 0, PG, &twice));
	EXPECT_EQ(twice, 1);
	ASSERT_OK(BB(s, reserve_bootmem_node, 1, 32 * PG, PG, &twice));
	EXPECT_EQ(twice, 1);
	EXPECT_EQ(s->impl->warnings(s->m), 2);
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 1, 31 * PG, PG, &twice));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, reserve_bootmem_node, 0, 31 * PG, 2 * PG, &twice));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, reserve_bootmem_node, 2, 31 * PG, 2 * PG, &twice));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, reserve_bootmem_node, BB_ANY_NODE, 0, PG, &twice));
	EXPECT_EQ(twice, 1);
}

SCENARIO_MAIN(SCENARIO(rounds_outward), SCENARIO(reserved_twice_counted),
	      SCENARIO(warnings_are_per_machine))
