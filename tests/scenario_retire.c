/* SPDX-License-Identifier: MIT */
/*
 * scenario_retire.c - SPEC section 7: free_all_bootmem_node.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scenario.h"

/*
 * MAX_DMA 16P, node [0, 64), bitmap on pfn 0, mem_map (1040 bytes) on 16:
 *
 *   pfn 0 1               16 17                                   64
 *       +-+---------------+-+-------------------------------------+
 *       |B| free (15)     |M| free (47)                           |
 *       +-+---------------+-+-------------------------------------+
 *
 * Expect the count 15 + 47 free pages + 1 bitmap page = 63 (the seeds: the
 * bitmap pages are given away too), totalram_pages 63, the bitmap page now
 * the head of DMA's order-4 block, mem_map still PG_reserved; the node's
 * bootmem closed: every bootmem call on it ERETIRED.
 */
static void count_includes_bitmap_pages(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.dma_end_pfn = 16;
	MACHINE(s, impl, d);
	NODE(s, 0, 0, 0, 64);
	uint32_t count = SENTINEL32;
	EXPECT_FAILS(s, BB_ESTATE, BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, SENTINEL32);
	ASSERT_OK(BB(s, free_area_init_node, 0));
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, 63);

	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.bootmem_open, 0);
	EXPECT_EQ(ni.online, 1);
	EXPECT_EQ(ni.retired_pages, 63);
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.totalram_pages, 63);
	EXPECT_EQ(mi.free_pages, 63);
	EXPECT_EQ(mi.reserved_pages, 1);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "4:0");
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, "0:17 1:18 2:20 3:24 4:48,32");
	EXPECT_PAGE(s, 0, FREE(4));
	EXPECT_PAGES(s, 1, 15, TAIL);
	EXPECT_PAGE(s, 16, R);
	EXPECT_PAGE(s, 17, FREE(0));
	EXPECT_PAGE(s, 18, FREE(1));
	EXPECT_PAGE(s, 19, TAIL);
	EXPECT_PAGE(s, 24, FREE(3));
	EXPECT_PAGE(s, 32, FREE(4));
	EXPECT_PAGES(s, 49, 15, TAIL);
	EXPECT_TRUE(s->impl->bootmem_test(s->m, 0, 5) < 0);

	uint64_t phys = SENTINEL64;
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_area_init_node, 0));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, reserve_bootmem_node, 0, 20 * PG, PG, NULL));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, free_bootmem_node, 0, 20 * PG, PG, NULL));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, __alloc_bootmem_node, 0, 100, 32, 0, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem, 100, &phys));
	EXPECT_FAILS(s, BB_ERETIRED, BB(s, alloc_bootmem_low_pages_node, 0, 100, &phys));
	EXPECT_EQ(phys, SENTINEL64);
	EXPECT_EQ(count, 63);
}

/*
 * 32769 pages, MAX_DMA 4096P, bitmap on pfns 1 and 2 (ceil(32769/8) = 4097
 * bytes -> 4100 -> 2 pages), page 0 reserved, mem_map 32770 * 16 = 524320
 * bytes = 129 pages at 4096..4224 (last 4224/32). Then 2.4's free-area
 * bitmaps, merged one after the other at multiples of 32: DMA (4096 pages)
 * 256, 128, 64, 32, 16, 8, 4, 4, 4 bytes (at 32 .. 640); NORMAL (28673)
 * 1796, 900, 452 (at 672, 2496, 3424), then 228 at 3904 runs past the page
 * and takes page 4225 (last 4225/36), and 116, 60, 32, 16, 8 follow in it
 * (last 4225/328). 2.4 gave back ((32769)/8 + 4095)/4096 = 1 bitmap page,
 * leaking the other.
 *
 * Expect both bitmap pages given back: count = 32769 - 1 - 2 - 130 free +
 * 2 = 32638, and the lists of page-by-page freeing:
 *   DMA: 3..4095 then 1, 2:  0:1 1:2 2:4 ... 8:256 9:3584,...,512
 *   NORMAL (index = pfn - 4096; 130..28672 free, spanned 28673):
 *        130 o1, 132 o2, 136 o3, 144 o4, 160 o5, 192 o6, 256 o8,
 *        55 order-9 blocks, and the last index 28672 alone (buddy outside).
 */
static void bitmap_pages_32769(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(32769, "0-32769");
	d.dma_end_pfn = 4096;
	MACHINE(s, impl, d);
	SETUP_ARCH(s, 0, 1, 0, 32769);
	struct bb_node_info ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.map_bytes, 4100);
	EXPECT_EQ(ni.map_pages, 2);
	EXPECT_BITS(s, 0, 0, "111 0");
	ASSERT_OK(BB(s, free_area_init_node, 0));
	ni = sc_node_info(s, 0);
	EXPECT_EQ(ni.mem_map_phys, 4096 * PG);
	EXPECT_EQ(ni.mem_map_bytes, 524320);
	EXPECT_LAST(s, 0, 4225, 328);
	/* page 4225 holds free-area bitmaps only: never freed, like the mem_map */
	EXPECT_FAILS(s, BB_EBUSY, BB(s, free_bootmem_node, 0, 4225 * PG, PG, NULL));
	struct bb_zone_info zi;
	ASSERT_OK(s->impl->zone_info(s->m, 0, BB_ZONE_NORMAL, &zi));
	EXPECT_EQ(zi.map_phys[3], 4224 * PG + 3904);
	EXPECT_EQ(zi.map_bytes[3], 228);
	EXPECT_EQ(zi.map_phys[8], 4225 * PG + 320);
	EXPECT_EQ(ni.valid_addr_bytes, 0); /* one node */
	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, 32638);

	static char spec[2048];
	size_t n = (size_t)snprintf(spec, sizeof(spec), "0:1 1:2 2:4 3:8 4:16 5:32 6:64 7:128 8:256 9:");
	for (uint32_t b = 3584; b >= 512; b -= 512)
		n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%s%u", b == 3584 ? "" : ",", b);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, spec);
	n = (size_t)snprintf(spec, sizeof(spec),
			     "0:32768 1:4226 2:4228 3:4232 4:4240 5:4256 6:4288 8:4352 9:");
	for (uint32_t k = 55; k >= 1; k--)
		n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%s%u", k == 55 ? "" : ",", 4096 + 512 * k);
	EXPECT_LISTS(s, 0, BB_ZONE_NORMAL, spec);
	EXPECT_ZONE(s, 0, BB_ZONE_DMA, 0, 4096, 4095);
	EXPECT_ZONE(s, 0, BB_ZONE_NORMAL, 4096, 28673, 28543);
	EXPECT_PAGE(s, 1, FREE(0));
	EXPECT_PAGE(s, 2, FREE(1));
	EXPECT_PAGE(s, 0, R);
	EXPECT_PAGES(s, 4096, 130, R);
	struct bb_mem_info mi = sc_mem_info(s);
	EXPECT_EQ(mi.totalram_pages, 32638);
	EXPECT_EQ(mi.reserved_pages, 131);
	EXPECT_EQ(mi.total_pages, 32769);
}

/*
 * All DMA (MAX_DMA past the node, so mem_map takes the first free page),
 * node [0, 64), bitmap on 63, page 0 and the kernel (pages 1, 2) reserved,
 * mem_map (1040 bytes) on 3, pages 21, 40, 41 reserved.
 *
 *   pfn 0 1 2 3 4          21            40 41                  63
 *       +-+---+-+----------+-+-----------+----+-----------------+-+
 *       |R|K K|M| free     |R| free      |R  R| free            |B|
 *       +-+---+-+----------+-+-----------+----+-----------------+-+
 *
 * Freeing 4..20, 22..39, 42..62 one page at a time ascending, then 63:
 *   4..7 -> 4 o2; 8..15 -> 8 o3; 16..19 -> 16 o2; 20 o0; 22, 23 -> 22 o1;
 *   24..31 -> 24 o3 (buddy 16 is order 2); 32..39 -> 32 o3; 42, 43 -> 42 o1;
 *   44..47 -> 44 o2; 48..55 -> 48 o3; 56..62 leave 56 o2, 60 o1, 62 o0;
 *   63 merges 62 -> 60 -> 56 -> 48 into 48 o4 (buddy 32 is order 3).
 * Expect exactly 0:20 1:42,22 2:44,16,4 3:32,24,8 4:48 (a core handing over
 * runs must produce the same lists in the same order), count 57.
 */
static void lists_equal_page_by_page(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(64, "0-64");
	d.kernel.text = 1 * PG;
	d.kernel.etext = 2 * PG;
	d.kernel.edata = 3 * PG;
	d.kernel.init_begin = 3 * PG;
	d.kernel.init_end = 3 * PG;
	MACHINE(s, impl, d);
	SETUP_ARCH(s, 0, 63, 0, 64);
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 21 * PG, PG, NULL));
	ASSERT_OK(BB(s, reserve_bootmem_node, 0, 40 * PG, 2 * PG, NULL));
	ASSERT_OK(BB(s, free_area_init_node, 0));
	EXPECT_EQ(sc_node_info(s, 0).mem_map_phys, 3 * PG);
	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, 57);
	EXPECT_LISTS(s, 0, BB_ZONE_DMA, "0:20 1:42,22 2:44,16,4 3:32,24,8 4:48");
	EXPECT_PAGES(s, 0, 4, R);
	EXPECT_PAGE(s, 21, R);
	EXPECT_PAGES(s, 40, 2, R);
}

/*
 * A model of section 6.4/7 inside the test: free the pages of a pseudo-random
 * bitmap (fixed seed) one by one, ascending, with LIFO lists and coalescing
 * relative to the zone start, and compare every list with the implementation.
 * Node [0, 3000), MAX_DMA 1000P (zones DMA [0, 1000), NORMAL [1000, 3000):
 * neither aligned to 512), bitmap on 2990, holes [700, 713) and [2100, 2400).
 */
struct model {
	uint32_t zstart, span;
	int8_t order[3000];           /* order of the free block headed here, -1 */
	uint32_t list[BB_MAX_ORDER][3000];
	uint32_t n[BB_MAX_ORDER];
};

static void model_unlink(struct model *z, unsigned k, uint32_t idx)
{
	for (uint32_t i = 0; i < z->n[k]; i++)
		if (z->list[k][i] == idx) {
			memmove(&z->list[k][i], &z->list[k][i + 1], (z->n[k] - i - 1) * sizeof(uint32_t));
			z->n[k]--;
			return;
		}
}

static void model_free(struct model *z, uint32_t pfn)
{
	uint32_t x = pfn - z->zstart;
	unsigned k = 0;
	while (k < BB_MAX_ORDER - 1) {
		uint32_t b = x ^ (1u << k);
		if (b >= z->span || z->order[b] != (int8_t)k)
			break;
		model_unlink(z, k, b);
		z->order[b] = -1;
		x &= ~(1u << k);
		k++;
	}
	z->order[x] = (int8_t)k;
	memmove(&z->list[k][1], &z->list[k][0], z->n[k] * sizeof(uint32_t));
	z->list[k][0] = x;
	z->n[k]++;
}

static void lists_equal_page_by_page_random(const struct bb_impl *impl)
{
	struct bb_machine_desc d = sc_desc(3000, "0-700 713-2100 2400-3000");
	d.dma_end_pfn = 1000;
	MACHINE(s, impl, d);
	NODE(s, 0, 2990, 0, 3000);
	/* reserve a fixed pseudo-random third of the pages (xorshift32, seed 1) */
	uint32_t x = 1;
	for (uint32_t pfn = 0; pfn < 3000; pfn++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (x % 3 == 0 && (pfn < 700 || pfn >= 713) && (pfn < 2100 || pfn >= 2400) && pfn != 2990)
			ASSERT_OK(BB(s, reserve_bootmem_node, 0, (uint64_t)pfn * PG, PG, NULL));
	}
	ASSERT_OK(BB(s, free_area_init_node, 0));
	struct bb_node_info ni = sc_node_info(s, 0);
	uint32_t mm_first = (uint32_t)(ni.mem_map_phys / PG);
	uint32_t mm_last = (uint32_t)((ni.mem_map_phys + ni.mem_map_bytes - 1) / PG);
	/* which pages are free in bootmem, read before retiring */
	static unsigned char is_free[3000];
	uint32_t expect_count = 1; /* the bitmap page */
	for (uint32_t i = 0; i < 3000; i++) {
		is_free[i] = s->impl->bootmem_test(s->m, 0, i) == 0;
		expect_count += is_free[i];
	}
	EXPECT_EQ(is_free[mm_first] | is_free[mm_last], 0);

	static struct model zone[2];
	static const uint32_t zs[2] = { 0, 1000 }, zn[2] = { 1000, 2000 };
	for (int z = 0; z < 2; z++) {
		memset(&zone[z], 0, sizeof(zone[z]));
		memset(zone[z].order, -1, sizeof(zone[z].order));
		zone[z].zstart = zs[z];
		zone[z].span = zn[z];
	}
	for (uint32_t pfn = 0; pfn < 3000; pfn++)
		if (is_free[pfn])
			model_free(&zone[pfn >= 1000], pfn);
	model_free(&zone[1], 2990);

	uint32_t count = SENTINEL32;
	ASSERT_OK(BB(s, free_all_bootmem_node, 0, &count));
	EXPECT_EQ(count, expect_count);
	for (int z = 0; z < 2; z++) {
		for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
			static uint32_t got[3000];
			uint32_t n = s->impl->free_list(s->m, 0, z, k, got, 3000);
			bool same = n == zone[z].n[k];
			for (uint32_t i = 0; same && i < n; i++)
				same = got[i] == zone[z].list[k][i] + zone[z].zstart;
			if (!same)
				sc_fail(__FILE__, __LINE__,
					"expected the page-by-page list (zone %d order %u, %u blocks), got %u blocks differing",
					z, k, zone[z].n[k], n);
		}
	}
}

SCENARIO_MAIN(SCENARIO(count_includes_bitmap_pages), SCENARIO(bitmap_pages_32769),
	      SCENARIO(lists_equal_page_by_page), SCENARIO(lists_equal_page_by_page_random))
