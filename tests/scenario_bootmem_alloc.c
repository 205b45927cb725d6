/* SPDX-License-Identifier: MIT */
/*
 * scenario_bootmem_alloc.c - SPEC section 4: __alloc_bootmem_node's argument
 * checks, failure, zeroing and the wrappers.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * Node [0, 64), bitmap on 63. Expect size 0, align 0, and aligns that are not
 * a power of two (3, 48, 4097) refused with EINVAL on a node and on
 * BB_ANY_NODE, and by the wrappers for size 0; a malformed node id EINVAL, an
 * offline node ENODEV; nothing changed and *phys untouched. Align 1 is a
 * power of two: 1 byte at 0, then 1 byte merged at 1.
 */
static void bad_arguments(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 63, 0, 64);
	uint64_t phys = SENTINEL64;
	static const int nids[] = { 0, BB_ANY_NODE };

	for (int i = 0; i < 2; i++) {
		int nid = nids[i];
		EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, nid, 0, 32, 0, &phys));
		EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, nid, 100, 0, 0, &phys));
		EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, nid, 100, 3, 0, &phys));
		EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, nid, 100, 48, 0, &phys));
		EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, nid, 100, PG + 1, 0, &phys));
		EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, nid, 0, 0, 0, &phys));
	}
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_low, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_pages, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_low_pages, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_node, 0, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_pages_node, 0, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_low_pages_node, 0, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, 4, 100, 32, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, __alloc_bootmem_node, -2, 100, 32, 0, &phys));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, alloc_bootmem_node, 7, 100, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, __alloc_bootmem_node, 1, 100, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ENODEV, BB(s, alloc_bootmem_pages_node, 3, 100, &phys));
	EXPECT_EQ(phys, SENTINEL64);

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 1, 1, 0, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 1, 1, 0, &phys));
	EXPECT_EQ(phys, 1);
	EXPECT_LAST(s, 0, 0, 2);
}

/*
 *   pfn 0   1                                                62 63
 *       +---+------------------------------------------------+--+
 *       |a  | free (62 pages)                                |B |
 *       +---+------------------------------------------------+--+
 *
 * a: 100 bytes at 0. Expect 63 pages, and 62P + 1 bytes (63 pages for the
 * scan), to be ENOMEM with nothing changed (last 0/100 kept), on the node and
 * on BB_ANY_NODE; 62 pages to fit (merged: offset round_up(100, P) = P, so at
 * 1P, last 62/0); then 1 byte to be ENOMEM.
 */
static void enomem_changes_nothing(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 63, 0, 64);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 63 * PG, PG, 0, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 62 * PG + 1, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, BB_ANY_NODE, 63 * PG, PG, 0, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, PG, 64 * PG, 0, &phys));
	EXPECT_EQ(phys, SENTINEL64);
	EXPECT_LAST(s, 0, 0, 100);

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 62 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, PG);
	EXPECT_LAST(s, 0, 62, 0);
	phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 1, 16, 0, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_bootmem, 1, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, alloc_bootmem_low_pages_node, 0, 1, &phys));
	EXPECT_EQ(phys, SENTINEL64);
}

/*
 * Node [3, 67): its start is not aligned to 4P. Every page reserved:
 * 2.4.20 restarted with preferred = offset = 1 and looped for ever.
 *
 * Expect ENOMEM (this scenario returning at all is the test); then with pfn 4
 * free, the restart finds it for a goal of 40P; and with pfn 8 free, align 8P
 * (aligned start index round_up(3P, 8P)/P - 3 = 5) finds 8P.
 */
static void unaligned_node_no_hang(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(67, "0-67");
	MACHINE(s, impl, d);
	ASSERT_OK(BB(s, init_bootmem_node, 0, 66, 3, 67, NULL));
	uint64_t phys = SENTINEL64;

	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 40 * PG, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 0, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, 0, 100, 32, 10 * PG, &phys));
	EXPECT_FAILS(s, BB_ENOMEM, BB(s, __alloc_bootmem_node, BB_ANY_NODE, PG, 8 * PG, 9 * PG, &phys));
	EXPECT_EQ(phys, SENTINEL64);

	ASSERT_OK(BB(s, free_bootmem_node, 0, 4 * PG, PG, NULL));
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 4 * PG, 40 * PG, &phys));
	EXPECT_EQ(phys, 4 * PG);
	ASSERT_OK(BB(s, free_bootmem_node, 0, 8 * PG, PG, NULL));
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, PG, 8 * PG, 40 * PG, &phys));
	EXPECT_EQ(phys, 8 * PG);
}

/*
 * Core only (the reference has no memory): pages 0..7 first filled with 0xaa.
 *
 *   page 0                          page 1        page 2 .. 4
 *   +-----+---+-----+---+---------+  +--------+   +----------------+
 *   |a    |   |b    |   |c ...... |  |..c     |   |d (3 pages)     |
 *   +-----+---+-----+---+---------+  +--------+   +----------------+
 *   0    100 128   178 192            P  P+1096    2P            5P
 *
 * Expect each allocation's bytes zero, and the earlier allocations' bytes
 * (written by the caller) untouched by the later, merged ones.
 */
static void zeroed(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 63, 0, 64);
	sc_fill(s, 0, 8 * PG, 0xaa);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_EQ(phys, 0);
	EXPECT_ZEROED(s, 0, 100);
	sc_fill(s, 0, 100, 0x5a);
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 50, 32, 0, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_ZEROED(s, 128, 50);
	EXPECT_BYTES(s, 0, 100, 0x5a);
	sc_fill(s, 128, 50, 0x77);
	/* 5000 bytes: round_up(178, 32) = 192, spills 5000 - 3904 = 1096 into page 1 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 5000, 32, 0, &phys));
	EXPECT_EQ(phys, 192);
	EXPECT_LAST(s, 0, 1, 1096);
	EXPECT_ZEROED(s, 192, 5000);
	EXPECT_BYTES(s, 0, 100, 0x5a);
	EXPECT_BYTES(s, 128, 50, 0x77);
	sc_fill(s, 192, 5000, 0x33);
	/* 3 pages align P: offset round_up(1096, P) = P, remaining 0 -> 2P, last 4/0 */
	ASSERT_OK(BB(s, __alloc_bootmem_node, 0, 3 * PG, PG, 0, &phys));
	EXPECT_EQ(phys, 2 * PG);
	EXPECT_LAST(s, 0, 4, 0);
	EXPECT_ZEROED(s, 2 * PG, 3 * PG);
	EXPECT_BYTES(s, 192, 5000, 0x33);
	EXPECT_BITS(s, 0, 0, "11111 0");
	if (s->impl->phys_to_virt(s->m, 0))
		EXPECT_TRUE((unsigned char *)s->impl->phys_to_virt(s->m, 4096) ==
			    (unsigned char *)s->impl->phys_to_virt(s->m, 0) + 4096);
}

/*
 * MAX_DMA = 16P, C = 32, node [0, 64), bitmap on 63:
 *
 *   pfn 0    1    2    3 ..  16       17   18   19   20   21
 *       +----+----+----+---+--------+----+----+----+----+----
 *       |3 4 |7   |10  |   |1 2     |5   |6   |8   |9   |
 *       +----+----+----+---+--------+----+----+----+----+----
 *
 *  1 alloc_bootmem(100)               C, 16P -> 16P            last 16/100
 *  2 alloc_bootmem(100)               merged -> 16P + 128      last 16/228
 *  3 alloc_bootmem_low(100)           C, 0   -> 0              last 0/100
 *  4 alloc_bootmem_low(10)            merged -> 128            last 0/138
 *  5 alloc_bootmem_pages(100)         P, 16P -> 17P            last 17/100
 *  6 alloc_bootmem_pages(100)         start 18 = last_pos + 1: offset
 *                                     round_up(100, P) = P -> 18P, last 18/100
 *  7 alloc_bootmem_low_pages(100)     P, 0   -> 1P             last 1/100
 *  8 alloc_bootmem_node(0, 100)       C, 16P -> 19P            last 19/100
 *  9 alloc_bootmem_pages_node(0, 100) P, 16P -> merged, 20P    last 20/100
 * 10 alloc_bootmem_low_pages_node(0, 100) P, 0 -> 2P           last 2/100
 */
static void wrappers_align_and_goal(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	MACHINE(s, impl, d);
	NODE(s, 0, 63, 0, 64);
	uint64_t phys = SENTINEL64;

	ASSERT_OK(BB(s, alloc_bootmem, 100, &phys));
	EXPECT_EQ(phys, 16 * PG);
	EXPECT_LAST(s, 0, 16, 100);
	ASSERT_OK(BB(s, alloc_bootmem, 100, &phys));
	EXPECT_EQ(phys, 16 * PG + 128);
	EXPECT_LAST(s, 0, 16, 228);
	ASSERT_OK(BB(s, alloc_bootmem_low, 100, &phys));
	EXPECT_EQ(phys, 0);
	EXPECT_LAST(s, 0, 0, 100);
	ASSERT_OK(BB(s, alloc_bootmem_low, 10, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_LAST(s, 0, 0, 138);
	ASSERT_OK(BB(s, alloc_bootmem_pages, 100, &phys));
	EXPECT_EQ(phys, 17 * PG);
	EXPECT_LAST(s, 0, 17, 100);
	ASSERT_OK(BB(s, alloc_bootmem_pages, 100, &phys));
	EXPECT_EQ(phys, 18 * PG);
	EXPECT_LAST(s, 0, 18, 100);
	ASSERT_OK(BB(s, alloc_bootmem_low_pages, 100, &phys));
	EXPECT_EQ(phys, 1 * PG);
	EXPECT_LAST(s, 0, 1, 100);
	ASSERT_OK(BB(s, alloc_bootmem_node, 0, 100, &phys));
	EXPECT_EQ(phys, 19 * PG);
	EXPECT_LAST(s, 0, 19, 100);
	ASSERT_OK(BB(s, alloc_bootmem_pages_node, 0, 100, &phys));
	EXPECT_EQ(phys, 20 * PG);
	EXPECT_LAST(s, 0, 20, 100);
	ASSERT_OK(BB(s, alloc_bootmem_low_pages_node, 0, 100, &phys));
	EXPECT_EQ(phys, 2 * PG);
	EXPECT_LAST(s, 0, 2, 100);
	EXPECT_BITS(s, 0, 0, "111 0");
	EXPECT_BITS(s, 0, 15, "0 11111 0");
}

/*
 * The cache line is the machine's: smp_cache_bytes 128, MAX_DMA 8P.
 * Expect alloc_bootmem(10) at 8P then 8P + 128; alloc_bootmem_low(10) at 0
 * then 128; alloc_bootmem_node(0, 200) at 9P, then merged at 9P + round_up(200, 128)
 * = 9P + 256.
 */
static void wrappers_use_smp_cache_bytes(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 8;
	d.smp_cache_bytes = 128;
	MACHINE(s, impl, d);
	NODE(s, 0, 63, 0, 64);
	uint64_t phys = SENTINEL64;
	ASSERT_OK(BB(s, alloc_bootmem, 10, &phys));
	EXPECT_EQ(phys, 8 * PG);
	ASSERT_OK(BB(s, alloc_bootmem, 10, &phys));
	EXPECT_EQ(phys, 8 * PG + 128);
	ASSERT_OK(BB(s, alloc_bootmem_low, 10, &phys));
	EXPECT_EQ(phys, 0);
	ASSERT_OK(BB(s, alloc_bootmem_low, 10, &phys));
	EXPECT_EQ(phys, 128);
	EXPECT_LAST(s, 0, 0, 138);
	/* goal 8P: page 8 taken, start 9 != last_pos + 1 = 1: not merged */
	ASSERT_OK(BB(s, alloc_bootmem_node, 0, 200, &phys));
	EXPECT_EQ(phys, 9 * PG);
	ASSERT_OK(BB(s, alloc_bootmem_node, 0, 200, &phys));
	EXPECT_EQ(phys, 9 * PG + 256);
	EXPECT_LAST(s, 0, 9, 456);
}

SCENARIO_MAIN(SCENARIO(bad_arguments), SCENARIO(enomem_changes_nothing),
	      SCENARIO(unaligned_node_no_hang), SCENARIO(zeroed),
	      SCENARIO(wrappers_align_and_goal), SCENARIO(wrappers_use_smp_cache_bytes))
