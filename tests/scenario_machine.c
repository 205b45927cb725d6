/* SPDX-License-Identifier: MIT */
/*
 * scenario_machine.c - SPEC section 1: the machine description.
 */
#include <stdint.h>

#include "scenario.h"

/*
 * The same 24-page node on an i386-like and an x86_64-like machine:
 *
 *   pfn  0                  16                 23 24          64
 *        +------------------+------------------+-+------------+
 *        |  free            | mem_map          |B|  (no node) |
 *        +------------------+------------------+-+------------+
 *                            ^ MAX_DMA = 16P    ^ bitmap
 *
 * Expect the bitmap bytes rounded to word_bytes (ceil(24/8) = 3 -> 4 or 8),
 * the sub-page merge aligned to smp_cache_bytes (round_up(10, 32) = 32,
 * round_up(10, 64) = 64), and mem_map of (24 + 1) * struct_page_bytes bytes
 * (25 * 64 = 1600, 25 * 128 = 3200): the desc decides, never the host.
 * After the mem_map come the 18 free-area bitmaps (DMA 16 and NORMAL 8
 * pages: one byte a map, LONG_ALIGNed to 4 or 8), each merged at the next
 * multiple of C: i386 1600, 1632, ..., 2144 (last 16/2148); x86_64 3200,
 * 3264, ..., 4032, then 4096 = a page: the 15th map takes page 17 (last
 * 17/8) and the last three merge into it at 64, 128, 192 (last 17/200).
 */
static void word_size_is_a_parameter(const struct bb_impl *impl)
{
	static const struct {
		uint32_t word, smp, spb;
		uint32_t map_bytes;
		uint64_t second_low;   /* 2nd alloc_bootmem_low(10): merged at round_up(10, C) */
		uint32_t second_off;   /* last_offset after it: C + 10 */
		uint64_t mem_map_bytes;
		uint32_t last_pos, last_off; /* after the free-area bitmaps */
		uint64_t after_maps;   /* alloc_bootmem_node(0, 10): merged at round_up(last_off, C) */
		const char *bits;      /* from pfn 15 */
	} arch[] = {
		{ 4, 32, 64, 4, 32, 42, 1600, 16, 2148, 16 * PG + 2176, "0 1 0" },   /* i386 */
		{ 8, 64, 128, 8, 64, 74, 3200, 17, 200, 17 * PG + 256, "0 1 1 0" },  /* x86_64 */
	};
	for (unsigned a = 0; a < 2; a++) {
		struct bb_machine_desc d = sc_desc(64, "0-64");
		d.word_bytes = arch[a].word;
		d.smp_cache_bytes = arch[a].smp;
		d.struct_page_bytes = arch[a].spb;
		d.dma_end_pfn = 16;
		MACHINE(s, impl, d);
		uint32_t map_bytes = SENTINEL32;
		ASSERT_OK(BB(s, init_bootmem_node, 0, 23, 0, 24, &map_bytes));
		EXPECT_EQ(map_bytes, arch[a].map_bytes);
		struct bb_node_info ni = sc_node_info(s, 0);
		EXPECT_EQ(ni.map_bytes, arch[a].map_bytes);
		EXPECT_EQ(ni.map_pages, 1);
		ASSERT_OK(BB(s, free_bootmem_node, 0, 0, 23 * PG, NULL));

		uint64_t phys = SENTINEL64;
		ASSERT_OK(BB(s, alloc_bootmem_low, 10, &phys));
		EXPECT_EQ(phys, 0);
		ASSERT_OK(BB(s, alloc_bootmem_low, 10, &phys));
		EXPECT_EQ(phys, arch[a].second_low);
		EXPECT_LAST(s, 0, 0, arch[a].second_off);

		ASSERT_OK(BB(s, free_area_init_node, 0));
		ni = sc_node_info(s, 0);
		EXPECT_EQ(ni.mem_map_phys, 16 * PG);
		EXPECT_EQ(ni.mem_map_bytes, arch[a].mem_map_bytes);
		EXPECT_LAST(s, 0, arch[a].last_pos, arch[a].last_off);
		ASSERT_OK(BB(s, alloc_bootmem_node, 0, 10, &phys));
		EXPECT_EQ(phys, arch[a].after_maps);
		EXPECT_BITS(s, 0, 15, arch[a].bits);
	}
}

/*
 * Expect every malformed description refused with EINVAL and the edge cases
 * that are allowed (touching RAM ranges, no RAM at all, smp_cache_bytes 16 and
 * 4096, struct_page_bytes 16 and 256, dma_end 0, empty kernel) accepted.
 */
static void desc_validation(const struct bb_impl *impl)
{
	struct bb_machine_desc d;
#define REFUSED(stmt)                                                         \
	do {                                                                  \
		d = sc_desc(64, "0-64");                                      \
		stmt;                                                         \
		EXPECT_ERR(sc_create_err(impl, &d), BB_EINVAL);               \
	} while (0)
#define ACCEPTED(stmt)                                                        \
	do {                                                                  \
		d = sc_desc(64, "0-64");                                      \
		stmt;                                                         \
		EXPECT_ERR(sc_create_err(impl, &d), BB_OK);                   \
	} while (0)

	ACCEPTED((void)0);
	REFUSED(d = sc_desc(0, ""));
	if (sizeof(void *) >= 8)
		REFUSED(d = sc_desc(BB_MAX_PFN + 1, "0-64"));
	REFUSED(d.word_bytes = 2);
	REFUSED(d.word_bytes = 16);
	REFUSED(d.word_bytes = 0);
	REFUSED(d.smp_cache_bytes = 8);
	REFUSED(d.smp_cache_bytes = 48);
	REFUSED(d.smp_cache_bytes = 8192);
	REFUSED(d.smp_cache_bytes = 0);
	ACCEPTED(d.smp_cache_bytes = 16);
	ACCEPTED(d.smp_cache_bytes = 4096);
	REFUSED(d.struct_page_bytes = 8);
	REFUSED(d.struct_page_bytes = 48);
	REFUSED(d.struct_page_bytes = 512);
	ACCEPTED(d.struct_page_bytes = 256);
	REFUSED(d.dma_end_pfn = 32; d.highmem_start_pfn = 16);
	REFUSED(d.highmem_start_pfn = 65);
	REFUSED(d.dma_end_pfn = 65);
	ACCEPTED(d.dma_end_pfn = 0; d.highmem_start_pfn = 0);
	ACCEPTED(d.dma_end_pfn = 16; d.highmem_start_pfn = 16);
	REFUSED(d = sc_desc(64, "5-5"));
	REFUSED(d = sc_desc(64, "10-20 0-5"));
	REFUSED(d = sc_desc(64, "0-10 5-20"));
	REFUSED(d = sc_desc(64, "0-65"));
	REFUSED(d = sc_desc(64, "0-10 9-10"));
	ACCEPTED(d = sc_desc(64, "0-10 10-20 30-64"));
	ACCEPTED(d = sc_desc(64, ""));
	REFUSED(d.nr_ram = 33);
	REFUSED(d.kernel.text = 0x2000; d.kernel.etext = 0x1000; d.kernel.edata = 0x3000);
	REFUSED(d.kernel.text = 0x1000; d.kernel.etext = 0x3000; d.kernel.edata = 0x2000);
	REFUSED(d.kernel.init_begin = 0x5000; d.kernel.init_end = 0x4000);
	ACCEPTED(d.kernel.text = 0x1000; d.kernel.etext = 0x1000; d.kernel.edata = 0x1000;
		 d.kernel.init_begin = 0x4000; d.kernel.init_end = 0x4000);
	{
		/* 32 ranges is the most */
		d = sc_desc(64, "");
		for (uint32_t i = 0; i < 32; i++) {
			d.ram[i].start_pfn = 2 * i;
			d.ram[i].end_pfn = 2 * i + 1;
		}
		d.nr_ram = 32;
		EXPECT_ERR(sc_create_err(impl, &d), BB_OK);
	}
#undef REFUSED
#undef ACCEPTED
}

/*
 * Expect a fresh machine to have no nodes: empty pgdat list, no warnings,
 * mem_info all zero but the kernel image figures, and every page without a
 * struct page.
 */
static void fresh_machine_is_empty(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(16, "0-16");
	d.kernel.text = 0x1000;
	d.kernel.etext = 0x2800;  /* code 0x1800 */
	d.kernel.edata = 0x3000;  /* data 0x800 */
	d.kernel.init_begin = 0x3000;
	d.kernel.init_end = 0x5000; /* init 0x2000 */
	MACHINE(s, impl, d);
	EXPECT_PGDAT(s, 0);
	EXPECT_EQ(s->impl->warnings(s->m), 0);
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.free_pages, 0);
	EXPECT_EQ(mi.total_pages, 0);
	EXPECT_EQ(mi.reserved_pages, 0);
	EXPECT_EQ(mi.highmem_pages, 0);
	EXPECT_EQ(mi.totalram_pages, 0);
	EXPECT_EQ(mi.code_bytes, 0x1800);
	EXPECT_EQ(mi.data_bytes, 0x800);
	EXPECT_EQ(mi.init_bytes, 0x2000);
	EXPECT_PAGES(s, 0, 16, BB_PAGE_NONE);
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.online, 0);
}

SCENARIO_MAIN(SCENARIO(word_size_is_a_parameter), SCENARIO(desc_validation),
	      SCENARIO(fresh_machine_is_empty))
