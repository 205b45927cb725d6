/* SPDX-License-Identifier: MIT */
/*
 * scenario_bootmem_merge.c - SPEC section 4.2: the sub-page merge
 * (last_pos / last_offset), and section 3's free of the page at last_pos.
 *
 * Every scenario: node [0, 64), bitmap on pfn 63, pages 0..62 free.
 */
#include <stdint.h>

#include "scenario.h"

#define NODE64(s) NODE(s, 0, 63, 0, 64)

/*
 *   page 0                                    page 1
 *   +----+--+----+--+--+------------------+   +------+--+-------
 *   |a   |  |b   |  |c |                  |   |d     |e  ...
 *   +----+--+----+--+--+------------------+   +------+--+-------
 *   0    100 128 178 192 202                  4096 4097 4104
 *
 * a: 100 bytes align 32 -> 0, last 0/100
 * b:  50 bytes align 32 -> start 1 = last_pos + 1: merged at round_up(100, 32)
 *     = 128, last 0/178, page 1 not reserved
 * c:  10 bytes align 16 -> round_up(178, 16) = 192, last 0/202
 * d:   1 byte align P -> offset round_up(202, P) = P, remaining 0: the spill
 *     branch, at 0 + P = 1P, areasize ceil(1/P) = 1, last 1/1
 * e: 3000 bytes align 8 -> start 2: merged at 1P + 8, last 1/3008
 *
 * Expect exactly these addresses and states.
 */
static void merge_small(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE64(s);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 0);
	EXPECT_LAST(s, 0, 0, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 50, 32, 0, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_LAST(s, 0, 0, 178);
	EXPECT_BITS(s, 0, 0, "1 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 10, 16, 0, &phys));
	EXPECT_EQ(phys, 192);
	EXPECT_LAST(s, 0, 0, 202);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 1, PG, 0, &phys));
	EXPECT_EQ(phys, PG);
	EXPECT_LAST(s, 0, 1, 1);
	EXPECT_BITS(s, 0, 0, "1 1 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 3000, 8, 0, &phys));
	EXPECT_EQ(phys, PG + 8);
	EXPECT_LAST(s, 0, 1, 3008);
	EXPECT_BITS(s, 0, 0, "1 1 0");
}

/*
 *   page 0            page 1                     page 2       page 3   page 4
 *   +---+---------+   +------+---+-------------+ +--+-------+ +-----+  +--
 *   |a  |b ...... |   |..b   |c  |d ...........| |e |f .... | |..f  |  |g
 *   +---+---------+   +------+---+-------------+ +--+-------+ +-----+  +--
 *   0   128           4096 5128 5184 5248   8192 2P 2P+32     3P  4P   4P
 *
 * a: 100 bytes -> 0, last 0/100
 * b: 5000 bytes: the scan wants 2 pages -> start 1; merged at 128, remaining
 *    3968, areasize ceil(1032/P) = 1 -> last 1/1032, page 1 reserved, page 2 not
 * c: 64 bytes align 64 -> start 2: merged at 1P + round_up(1032, 64) = 1P + 1088
 *    = 5184, last 1/1152
 * d: 2944 bytes = exactly what is left (P - 1152): spill branch with
 *    areasize 0: at 1P + 1152 = 5248, last_pos = start + 0 - 1 = 1, last 1/0
 * e: 10 bytes: last_offset 0, no merge -> 2P, last 2/10
 * f: 8160 bytes: scan wants 2 pages -> start 3; merged at 2P + 32, remaining
 *    4064, areasize ceil(4096/P) = 1 -> last 3/0 (page 3 filled exactly)
 * g: 10 bytes -> start 4, last_offset 0: not merged -> 4P
 */
static void merge_spills(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE64(s);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 5000, 32, 0, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_LAST(s, 0, 1, 1032);
	EXPECT_BITS(s, 0, 0, "1 1 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 64, 64, 0, &phys));
	EXPECT_EQ(phys, 5184);
	EXPECT_LAST(s, 0, 1, 1152);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2944, 32, 0, &phys));
	EXPECT_EQ(phys, 5248);
	EXPECT_LAST(s, 0, 1, 0);
	EXPECT_BITS(s, 0, 0, "1 1 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 10, 32, 0, &phys));
	EXPECT_EQ(phys, 2 * PG);
	EXPECT_LAST(s, 0, 2, 10);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 8160, 32, 0, &phys));
	EXPECT_EQ(phys, 2 * PG + 32);
	EXPECT_LAST(s, 0, 3, 0);
	EXPECT_BITS(s, 0, 0, "1 1 1 1 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 10, 32, 0, &phys));
	EXPECT_EQ(phys, 4 * PG);
	EXPECT_LAST(s, 0, 4, 10);
}

/*
 *   pfn 0   1   2                                               63
 *       +---+---+-----------------------------------------------+-+
 *       |a  |   | R                                             |B|
 *       +---+---+-----------------------------------------------+-+
 *
 * a: 100 bytes at 0; then pages 2..62 reserved.
 * 5000 bytes would fit merged (128 + 5000 < 2P: page 0 and page 1), but the
 * scan demands ceil(5000/P) = 2 free pages from start 1: page 2 is reserved.
 * Expect ENOMEM and nothing changed; 3000 bytes (1 page) merge at 128, last
 * 0/3128; 1000 bytes spill into page 1 at round_up(3128, 32) = 3136, areasize
 * ceil((1000 - 960)/P) = 1, last 1/40; then even 1 byte is ENOMEM although
 * page 1 has 4056 bytes left: no free page for the scan.
 */
static void scan_demands_full_size(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE64(s);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 2 * PG, 61 * PG, NULL));
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 5000, 32, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
	EXPECT_LAST(s, 0, 0, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 3000, 32, 0, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_LAST(s, 0, 0, 3128);
	EXPECT_BITS(s, 0, 0, "1 0 1");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 1000, 32, 0, &phys));
	EXPECT_EQ(phys, 3136);
	EXPECT_LAST(s, 0, 1, 40);
	EXPECT_BITS(s, 0, 0, "1 1 1");
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 1, 16, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
}

/*
 *   pfn 0              1          2              3
 *       +---+-----+----+----------+---+----+-----+------
 *       |a  |b    |    | (free)   |c  |d   |     |
 *       +---+-----+----+----------+---+----+-----+------
 *       0   128  328   ^goal 1P   2P  2P+224
 *
 * a: 100 bytes -> 0; b: 200 bytes with goal 1P: the scan starts at page 1,
 * which is last_pos + 1, so b merges into page 0 at 128, below its goal.
 * c: 200 bytes goal 2P: start 2 != last_pos + 1 = 1 -> 2P; d: goal 3P merges
 * at 2P + round_up(200, 32) = 2P + 224.
 */
static void merge_below_goal(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE64(s);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 200, 32, PG, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_LAST(s, 0, 0, 328);
	EXPECT_BITS(s, 0, 0, "1 0 0");
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 200, 32, 2 * PG, &phys));
	EXPECT_EQ(phys, 2 * PG);
	EXPECT_LAST(s, 0, 2, 200);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 3 * PG, &phys));
	EXPECT_EQ(phys, 2 * PG + 224);
	EXPECT_LAST(s, 0, 2, 324);
	EXPECT_BITS(s, 0, 0, "1 0 1 0");
}

/*
 *   pfn 0   1     2       3   4     5 6 7 8     9
 *       +---+-----+-------+---+-----+-----+-----+--
 *       |R  |a    |b c    |   |d    |     |e e  |
 *       +---+-----+-------+---+-----+-----+-----+--
 *
 * page 0 reserved; a: 100 bytes goal 1P -> 1P, last 1/100
 * b: 100 bytes align 2P: candidates 0 (reserved), 2: start 2 = last_pos + 1,
 *    but align > P never merges -> 2P; it still sets last 2/100
 * c: 50 bytes align 32 goal 3P: start 3 = last_pos + 1 -> merged into b's
 *    page at 2P + 128, last 2/178
 * d: 100 bytes align 2P -> candidates 0, 2 taken, 4 -> 4P, last 4/100
 * e: 2 pages align 4P -> 0, 4 taken, 8 -> 8P, last 9/0
 */
static void big_align_never_merges_but_sets_state(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE64(s);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 0, PG, NULL));
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, PG, &phys));
	EXPECT_EQ(phys, PG);
	EXPECT_LAST(s, 0, 1, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 2 * PG, 0, &phys));
	EXPECT_EQ(phys, 2 * PG);
	EXPECT_LAST(s, 0, 2, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 50, 32, 3 * PG, &phys));
	EXPECT_EQ(phys, 2 * PG + 128);
	EXPECT_LAST(s, 0, 2, 178);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 2 * PG, 0, &phys));
	EXPECT_EQ(phys, 4 * PG);
	EXPECT_LAST(s, 0, 4, 100);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 2 * PG, 4 * PG, 0, &phys));
	EXPECT_EQ(phys, 8 * PG);
	EXPECT_LAST(s, 0, 9, 0);
	EXPECT_BITS(s, 0, 0, "1110 1000 11 0");
}

/*
 *   pfn 0          1          2
 *       +---+------+---+------+---+------
 *       |a  |      |c  |e     |g  |
 *       +---+------+---+------+---+------
 *
 * a: 100 bytes -> 0, last 0/100; free page 0: it holds last_pos, so
 * last_offset becomes 0 (last_pos stays 0).
 * c: 50 bytes goal 1P: start 1 = last_pos + 1 but last_offset 0 -> 1P, not
 *    0P + 128 (2.4 handed out memory inside the free page 0)
 * freeing another page (10) or no whole page at all keeps last 1/50;
 * e: 30 bytes goal 2P: merged at 1P + 64, last 1/94
 * free page 1 -> last 1/0; g: 10 bytes goal 2P -> 2P
 */
static void freed_last_page_not_merged(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE64(s);
	uint64_t phys = SENTINEL64;
	uint32_t freed = SENTINEL32;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, free_bootmem_node, 0, 0, PG, &freed));
	EXPECT_EQ(freed, 1);
	EXPECT_LAST(s, 0, 0, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 50, 32, PG, &phys));
	EXPECT_EQ(phys, PG);
	EXPECT_LAST(s, 0, 1, 50);

	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 10 * PG, PG, NULL));
	ASSERT_OK(BB(s, free_bootmem_node, 0, 10 * PG, PG, &freed));
	ASSERT_OK(BB(s, free_bootmem_node, 0, PG, 100, &freed));
	EXPECT_EQ(freed, 0);
	EXPECT_LAST(s, 0, 1, 50);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 30, 32, 2 * PG, &phys));
	EXPECT_EQ(phys, PG + 64);
	EXPECT_LAST(s, 0, 1, 94);

	/* page 0 is still free: EDOUBLE, and last_offset is kept */
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_bootmem_node, 0, 0, 2 * PG, &freed));
	ASSERT_OK(BB(s, free_bootmem_node, 0, PG, PG, &freed));
	EXPECT_EQ(freed, 1);
	EXPECT_LAST(s, 0, 1, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 10, 32, 2 * PG, &phys));
	EXPECT_EQ(phys, 2 * PG);
	EXPECT_LAST(s, 0, 2, 10);
}

SCENARIO_MAIN(SCENARIO(merge_small), SCENARIO(merge_spills), SCENARIO(scan_demands_full_size),
	      SCENARIO(merge_below_goal), SCENARIO(big_align_never_merges_but_sets_state),
	      SCENARIO(freed_last_page_not_merged))
