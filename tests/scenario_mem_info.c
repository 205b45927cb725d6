/* SPDX-License-Identifier: MIT */
/*
 * scenario_mem_info.c - SPEC section 9: mem_init's figures.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scenario.h"

/*
 * A PC in miniature: 96 pages, MAX_DMA 16P, highmem from 64, RAM all but
 * [80, 88). Kernel: text 0x1000, etext 0x6800 (22 KiB code), edata 0x8c00
 * (9 KiB data), init [0x9000, 0xb000) (8 KiB). Bitmap on pfn 12.
 *
 *   pfn 0 1        11 12 13   16 17           64        80    88   96
 *       +-+---------+-+--+----+-+--------------+---------+-----+----+
 *       |R| kernel  | |B |    |M| free         | high    |hole |high|
 *       +-+---------+-+--+----+-+--------------+---------+-----+----+
 *
 * setup_arch reserves 0 and [0x1000, 0xb000) = pages 1..10, and the bitmap
 * once more (1 warning). mem_map (97 * 16 = 1552 bytes) on 16.
 *
 * Expect, in order:
 *   after init:        total 96, everything else 0
 *   after mem_map:     reserved 64 (every low RAM page is PG_reserved)
 *   after retire:      count 11, 13, 14, 15 + 17..63 + bitmap 12 = 52;
 *                      free 52, reserved 12 (0..10, 16), totalram 52
 *   after highmem:     24 pages (64..79, 88..95): free 76, highmem 24,
 *                      totalram 76
 *   after free_initmem(0x9000, 0xb000): pages 9, 10: free 78, reserved 10,
 *                      totalram 78
 *   after an order-2 allocation: free 74
 * and the line "Memory: 296k/384k available (22k kernel code, 40k reserved,
 * 9k data, 8k init, 96k highmem)".
 */
static void figures(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(96, "0-80 88-96");
	d.dma_end_pfn = 16;
	d.highmem_start_pfn = 64;
	d.kernel.text = 0x1000;
	d.kernel.etext = 0x6800;
	d.kernel.edata = 0x8c00;
	d.kernel.init_begin = 0x9000;
	d.kernel.init_end = 0xb000;
	MACHINE(s, impl, d);
	SETUP_ARCH(s, 0, 12, 0, 96);
	uint32_t twice = SENTINEL32;
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 12 * PG, 8, &twice));
	EXPECT_EQ(twice, 1);
	EXPECT_EQ(s->impl->warnings(s->m), 1);

	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.total_pages, 96);
	EXPECT_EQ(mi.free_pages, 0);
	EXPECT_EQ(mi.reserved_pages, 0);
	EXPECT_EQ(mi.highmem_pages, 0);
	EXPECT_EQ(mi.totalram_pages, 0);
	EXPECT_EQ(mi.code_bytes, 0x5800);
	EXPECT_EQ(mi.data_bytes, 0x2400);
	EXPECT_EQ(mi.init_bytes, 0x2000);

	ASSERT_OK(BB(s, free_area_init_node, 0));
	EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 16 * PG);
	EXPECT_EQ(sc_mem_info(s).reserved_pages, 64);

	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, 52);
	mi = sc_mem_info(s);
	EXPECT_EQ(mi.free_pages, 52);
	EXPECT_EQ(mi.reserved_pages, 12);
	EXPECT_EQ(mi.totalram_pages, 52);

	ASSERT_OK(BB(s, add_highmem_node, 0, &count));
	EXPECT_EQ(count, 24);
	mi = sc_mem_info(s);
	EXPECT_EQ(mi.free_pages, 76);
	EXPECT_EQ(mi.highmem_pages, 24);
	EXPECT_EQ(mi.totalram_pages, 76);
	EXPECT_EQ(mi.reserved_pages, 12);
	EXPECT_EQ(mi.total_pages, 96);

	ASSERT_OK(BB(s, free_initmem, d.kernel.init_begin, d.kernel.init_end, &count));
	EXPECT_EQ(count, 2);
	mi = sc_mem_info(s);
	EXPECT_EQ(mi.free_pages, 78);
	EXPECT_EQ(mi.reserved_pages, 10);
	EXPECT_EQ(mi.totalram_pages, 78);

	uint32_t pfn = SENTINEL32;
	ASSERT_OK(BB(s, alloc_pages, 0, BB_GFP_KERNEL, 2, &pfn));
	mi = sc_mem_info(s);
	EXPECT_EQ(mi.free_pages, 74);
	EXPECT_EQ(mi.totalram_pages, 78);

	char line[160];
	snprintf(line, sizeof(line),
		 "Memory: %luk/%luk available (%dk kernel code, %dk reserved, %dk data, %dk init, %ldk highmem)",
		 (unsigned long)mi.free_pages * 4, (unsigned long)mi.total_pages * 4,
		 (int)(mi.code_bytes >> 10), (int)mi.reserved_pages * 4, (int)(mi.data_bytes >> 10),
		 (int)(mi.init_bytes >> 10), (long)mi.highmem_pages * 4);
	const char *want = "Memory: 296k/384k available (22k kernel code, 40k reserved, 9k data, 8k init, 96k highmem)";
	if (strcmp(line, want))
		sc_fail(__FILE__, __LINE__, "expected \"%s\", got \"%s\"", want, line);
}

/*
 * Two nodes: total_pages sums end - start over online nodes only (a gap
 * between them does not count); reserved_pages only counts nodes that have a
 * mem_map. Node 0 [0, 16), node 1 [32, 48), phys 64.
 */
static void figures_two_nodes(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 16);
	EXPECT_EQ(sc_mem_info(s).total_pages, 16);
	NODE(s, 1, 32, 32, 48);
	EXPECT_EQ(sc_mem_info(s).total_pages, 32);
	ASSERT_OK(BB(s, free_area_init_node, 1));
	EXPECT_EQ(sc_mem_info(s).reserved_pages, 16);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	EXPECT_EQ(sc_mem_info(s).reserved_pages, 32);
	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 1, &count));
	EXPECT_EQ(count, 15); /* 16 pages, mem_map (17 * 16 = 272 bytes) on 33 */
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.reserved_pages, 17);
	EXPECT_EQ(mi.free_pages, 15);
	EXPECT_EQ(mi.totalram_pages, 15);
}

SCENARIO_MAIN(SCENARIO(figures), SCENARIO(figures_two_nodes))
