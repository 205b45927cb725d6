/* SPDX-License-Identifier: MIT */
/*
 * scenario_initmem.c - SPEC section 8: free_initmem.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * MAX_DMA 16P, node [0, 64), bitmap on 63, mem_map (1040 bytes) on 16.
 * Kernel: text 1P, etext 2P + 100, edata 3P, init [3P, 5P + 2000): setup_arch
 * reserves page 0 and [1P, 5P + 2000) -> pages 1..5.
 *
 *   pfn 0 1 2 3 4 5 6       16 17                               63
 *       +-+---+---+-+-------+-+---------------------------------+-+
 *       |R|K K|I I|I| free  |M| free                            |B|
 *       +-+---+---+-+-------+-+---------------------------------+-+
 *
 * Retired: DMA 6..15 -> 1:6 3:8; NORMAL as ever 0:17 1:18 2:20 3:24 4:48,32
 * (the bitmap 63 freed last closes 32..47 into order 4, buddy 48 outside).
 *
 * Expect free_initmem(3P, 5P + 2000) to free the whole pages 3, 4 (5 is only
 * partly inside): 0:4,3 1:6 3:8, count 2, totalram 57 + 2; the same range
 * again EDOUBLE; then page 5 alone coalesces 4+5 -> 4 o1 + 6 o1 -> 4 o2
 * (buddy 0 is reserved): 0:3 2:4 3:8.
 */
static void frees_reserved_pages(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	d.kernel.text = 1 * PG;
	d.kernel.etext = 2 * PG + 100;
	d.kernel.edata = 3 * PG;
	d.kernel.init_begin = 3 * PG;
	d.kernel.init_end = 5 * PG + 2000;
	MACHINE(s, impl, d);
	SETUP_ARCH(s, 0, 63, 0, 64);
	EXPECT_BITS(s, 0, 0, "111111 0");
	uint32_t count = SENTINEL32;
	TO_BUDDY(s, 0, &count);
	EXPECT_EQ(count, 57);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "1:6 3:8");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:17 1:18 2:20 3:24 4:48,32");

	count = SENTINEL32;
	ASSERT_OK(BB(s, free_initmem, d.kernel.init_begin, d.kernel.init_end, &count));
	EXPECT_EQ(count, 2);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:4,3 1:6 3:8");
	EXPECT_PAGE(s, 5, R);
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.totalram_pages, 59);
	EXPECT_EQ(mi.free_pages, 59);
	EXPECT_EQ(mi.reserved_pages, 5); /* 0, 1, 2, 5, 16 */
	EXPECT_EQ(mi.init_bytes, 2 * PG + 2000);
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_initmem, d.kernel.init_begin, d.kernel.init_end, &count));
	EXPECT_EQ(count, 2);

	ASSERT_OK(BB(s, free_initmem, 5 * PG, 6 * PG, &count));
	EXPECT_EQ(count, 1);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:3 2:4 3:8");
	EXPECT_EQ(sc_mem_info(s).totalram_pages, 60);
}

/*
 * RAM [0, 20) and [24, 64): a hole [20, 24) in node 0. MAX_DMA 16P, highmem
 * from 60. Node 0 [0, 32) bitmap on 31, mem_map (33 * 16 = 528 bytes) on 16;
 * node 1 [32, 64) bitmap on 32, low memory [32, 60). Page 5 reserved before
 * retiring node 0; node 1 stays open.
 *
 * Expect, each changing nothing:
 *   begin > end                                   EINVAL
 *   a range rounding inward to nothing            OK, count 0 (even before
 *                                                 anything is retired)
 *   node 0 not yet retired                        ESTATE
 *   no node / across nodes / in highmem           ERANGE
 *   node 1 not retired                            ESTATE
 *   mem_map (also with a hole in the range)       EBUSY
 *   the hole                                      ENOTRAM
 *   a free (not reserved) page                    EDOUBLE
 * and page 5 freed with count 1.
 */
static void misuse(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(80, "0-20 24-64");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 60;
	MACHINE(s, impl, d);
	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_initmem, 5 * PG + 1, 6 * PG - 1, &count));
	EXPECT_EQ(count, 0);
	NODE(s, 0, 31, 0, 32);
	NODE(s, 1, 32, 32, 64);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 5 * PG, PG, NULL));
	count = SENTINEL32;
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_initmem, 6 * PG, 5 * PG, &count));
	EXPECT_FAILS(s, BB_ESTATE, BB(s, free_initmem, 5 * PG, 6 * PG, &count));
	TO_BUDDY(s, 0, NULL);
	EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 16 * PG);

	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_initmem, 6 * PG, 5 * PG, &count));
	EXPECT_FAILS(s, BB_EINVAL, BB(s, free_initmem, 6 * PG, 6 * PG - 1, &count));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_initmem, 70 * PG, 71 * PG, &count));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_initmem, 31 * PG, 33 * PG, &count));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_initmem, 60 * PG, 61 * PG, &count));
	EXPECT_FAILS(s, BB_ERANGE, BB(s, free_initmem, 59 * PG, 61 * PG, &count));
	EXPECT_FAILS(s, BB_ESTATE, BB(s, free_initmem, 33 * PG, 34 * PG, &count));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_initmem, 16 * PG, 17 * PG, &count));
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_initmem, 15 * PG, 21 * PG, &count));
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_initmem, 20 * PG, 24 * PG, &count));
	EXPECT_FAILS(s, BB_ENOTRAM, BB(s, free_initmem, 21 * PG, 22 * PG, &count));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_initmem, 6 * PG, 7 * PG, &count));
	EXPECT_FAILS(s, BB_EDOUBLE, BB(s, free_initmem, 4 * PG, 6 * PG, &count));
	EXPECT_EQ(count, SENTINEL32);

	ASSERT_OK(BB(s, free_initmem, 5 * PG - 7, 6 * PG + 7, &count));
	EXPECT_EQ(count, 1);
	EXPECT_PAGE(s, 5, TAIL | 0); /* merged with its free buddy 4: not a head */
	ASSERT_OK(BB(s, free_initmem, 7 * PG, 7 * PG, &count));
	EXPECT_EQ(count, 0);
}

SCENARIO_MAIN(SCENARIO(frees_reserved_pages), SCENARIO(misuse))
