/* SPDX-License-Identifier: MIT */
/*
 * selftest.c - the buddy allocator on real RAM, after boot.
 *
 *  1. layout: every free block lies in RAM, outside page 0, the kernel
 *     (its init pages excepted) and mem_map; free blocks add up to
 *     nr_free_pages().
 *  2. blocks: per zone, per order 0..9, up to BLOCKS_PER_ORDER blocks from
 *     the zone's gfp class; a pattern in every word of every block, verified
 *     once all are written (overlapping blocks would clobber each other);
 *     ENOMEM only when the zonelist really has no block that large.
 *  3. DMA fill: order-0 pages from ZONE_DMA until ENOMEM; the count must be
 *     the zone's free pages (bounded: at most 4096 pages).
 *  4. mixed: a fixed-seed sequence of allocations and frees of all orders
 *     and gfp classes.
 * After each: every block freed, bb_check, and each zone's free count and
 * per-order block counts equal to the post-boot ones (with full
 * coalescing the decomposition of a free set is unique).
 */
#include <stddef.h>
#include <stdint.h>

#include "bootbuddy.h"
#include "kernel.h"
#include "setup.h"

#define BLOCKS_PER_ORDER 4
#define MIXED_OPS 6000
#define MIXED_LIVE 256

static const char *const zone_names[BB_NR_ZONES] = { "DMA", "Normal", "HighMem" };
/* gfp class g walks zones g, g-1, ..., 0 (bb_contract.h). */
static const int zone_gfp[BB_NR_ZONES] = { BB_GFP_DMA, BB_GFP_KERNEL, BB_GFP_HIGHUSER };

struct block {
	uint32_t pfn;
	unsigned order;
};

static struct block blocks[BB_MAX_ORDER * BLOCKS_PER_ORDER];
static struct block live[MIXED_LIVE];
static struct bb_zone_info boot_zones[BB_NR_ZONES];

static struct bb_zone_info zone(const struct bb_machine *m, int z)
{
	struct bb_zone_info zi;
	int err = bb_zone_info(m, 0, z, &zi);
	if (err)
		fail("bb_zone_info(%d): %s", z, bb_strerror(err));
	return zi;
}

static int zone_of(const struct bb_machine *m, uint32_t pfn)
{
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi = zone(m, z);
		if (zi.spanned_pages && pfn >= zi.start_pfn && pfn - zi.start_pfn < zi.spanned_pages)
			return z;
	}
	return -1;
}

static void check(const struct bb_machine *m, const char *when)
{
	char msg[160];
	int err = bb_check(m, msg, sizeof(msg));
	if (err)
		fail("bb_check after %s: %s: %s", when, bb_strerror(err), msg);
}

static void same_as_boot(const struct bb_machine *m, const char *when)
{
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi = zone(m, z);
		if (zi.free_pages != boot_zones[z].free_pages)
			fail("after %s zone %s has %u free pages, %u after boot", when,
			     zone_names[z], (unsigned)zi.free_pages,
			     (unsigned)boot_zones[z].free_pages);
		for (int k = 0; k < BB_MAX_ORDER; k++)
			if (zi.nr_free[k] != boot_zones[z].nr_free[k])
				fail("after %s zone %s has %u free blocks of order %d, %u after boot",
				     when, zone_names[z], (unsigned)zi.nr_free[k], k,
				     (unsigned)boot_zones[z].nr_free[k]);
	}
}

static int is_ram(const struct bb_machine *m, uint32_t pfn)
{
	for (uint32_t i = 0; i < m->desc.nr_ram; i++)
		if (pfn >= m->desc.ram[i].start_pfn && pfn < m->desc.ram[i].end_pfn)
			return 1;
	return 0;
}

/* Does page @pfn hold one of 2.4's free-area bitmaps (SPEC 5)? */
static bool in_free_area_map(const struct bb_machine *m, uint32_t pfn)
{
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi;
		if (bb_zone_info(m, 0, z, &zi))
			fail("bb_zone_info");
		for (unsigned k = 0; k < BB_MAX_ORDER - 1; k++)
			if (zi.map_bytes[k] && pfn >= zi.map_phys[k] / P &&
			    pfn < ROUND_UP(zi.map_phys[k] + zi.map_bytes[k], P) / P)
				return true;
	}
	return false;
}

/* 1. Free blocks only where free memory may be. */
static void check_layout(const struct bb_machine *m, const char *when)
{
	struct bb_node_info ni;
	struct bb_mem_info mi;
	if (bb_node_info(m, 0, &ni) || bb_mem_info(m, &mi))
		fail("bb_node_info/bb_mem_info");
	uint32_t kern_s = KERNEL_PHYS / P, kern_e = (uint32_t)ROUND_UP(__pa(_end), P) / P;
	uint32_t init_s = __pa(__init_begin) / P, init_e = __pa(__init_end) / P;
	uint32_t mm_s = (uint32_t)(ni.mem_map_phys / P);
	uint32_t mm_e = (uint32_t)(ROUND_UP(ni.mem_map_phys + ni.mem_map_bytes, P) / P);
	uint32_t free = 0;

	for (uint32_t pfn = 0; pfn < m->desc.phys_pages; pfn++) {
		uint32_t st = bb_page_state(m, pfn);
		if (st == BB_PAGE_NONE || !(st & BB_PAGE_FREE_HEAD))
			continue;
		uint32_t n = 1u << ((st >> BB_PAGE_ORDER_SHIFT) & 0xf);
		for (uint32_t p = pfn; p < pfn + n; p++) {
			const char *bad = NULL;
			if (!is_ram(m, p))
				bad = "a hole";
			else if (p == 0)
				bad = "page 0";
			else if (p >= kern_s && p < kern_e && !(p >= init_s && p < init_e))
				bad = "the kernel image";
			else if (p >= mm_s && p < mm_e)
				bad = "mem_map";
			else if (in_free_area_map(m, p))
				bad = "a free-area bitmap";
			if (bad)
				fail("%s: free block %x order %u covers %s (pfn %x)", when,
				     (unsigned)pfn, (unsigned)((st >> BB_PAGE_ORDER_SHIFT) & 0xf),
				     bad, (unsigned)p);
		}
		free += n;
	}
	if (free != mi.free_pages)
		fail("%s: free blocks hold %u pages, nr_free_pages() says %u", when,
		     (unsigned)free, (unsigned)mi.free_pages);
	kprintf("selftest layout (%s): %u free pages in RAM, none in page 0, kernel, mem_map\n",
		when, (unsigned)free);
}

static uint32_t pattern(uint32_t phys, uint32_t seed)
{
	return (phys * 2654435761u) ^ seed;
}

static uint32_t *block_words(const struct bb_machine *m, uint32_t pfn)
{
	return bb_phys_to_virt(m, (uint64_t)pfn * P);
}

static void fill_block(const struct bb_machine *m, struct block b, uint32_t seed)
{
	uint32_t *w = block_words(m, b.pfn);
	uint32_t n = (P << b.order) / 4, phys = b.pfn * P;
	for (uint32_t i = 0; i < n; i++)
		w[i] = pattern(phys + 4 * i, seed);
}

static void verify_block(const struct bb_machine *m, struct block b, uint32_t seed)
{
	const uint32_t *w = block_words(m, b.pfn);
	uint32_t n = (P << b.order) / 4, phys = b.pfn * P;
	for (uint32_t i = 0; i < n; i++)
		if (w[i] != pattern(phys + 4 * i, seed))
			fail("block %x order %u: word at %08x is %08x, wrote %08x", (unsigned)b.pfn,
			     b.order, (unsigned)(phys + 4 * i), (unsigned)w[i],
			     (unsigned)pattern(phys + 4 * i, seed));
}

/* True when a zone of @gfp's zonelist has a free block of order >= @order. */
static int zonelist_has(const struct bb_machine *m, int gfp, unsigned order)
{
	for (int z = gfp; z >= 0; z--) {
		struct bb_zone_info zi = zone(m, z);
		for (unsigned k = order; k < BB_MAX_ORDER; k++)
			if (zi.spanned_pages && zi.nr_free[k])
				return 1;
	}
	return 0;
}

/* Take one block; check where it came from. Returns 0 on ENOMEM (when legitimate). */
static int take(struct bb_machine *m, int gfp, unsigned order, struct block *out)
{
	uint32_t pfn;
	int err = bb_alloc_pages(m, 0, gfp, order, &pfn);
	if (err == BB_ENOMEM) {
		if (zonelist_has(m, gfp, order))
			fail("alloc_pages(gfp %d, order %u): ENOMEM with a free block that fits",
			     gfp, order);
		return 0;
	}
	if (err)
		fail("alloc_pages(gfp %d, order %u): %s", gfp, order, bb_strerror(err));
	int z = zone_of(m, pfn);
	if (z < 0 || z > gfp)
		fail("alloc_pages(gfp %d, order %u) gave pfn %x outside its zonelist", gfp, order,
		     (unsigned)pfn);
	struct bb_zone_info zi = zone(m, z);
	if ((pfn - zi.start_pfn) & ((1u << order) - 1))
		fail("alloc_pages(order %u) gave misaligned pfn %x", order, (unsigned)pfn);
	if (zi.spanned_pages - (pfn - zi.start_pfn) < (1u << order))
		fail("alloc_pages(order %u) gave pfn %x running past zone %s", order,
		     (unsigned)pfn, zone_names[z]);
	uint32_t st = bb_page_state(m, pfn);
	if (st != (BB_PAGE_ALLOC_HEAD | (order << BB_PAGE_ORDER_SHIFT) |
		   (z == BB_ZONE_HIGHMEM ? BB_PAGE_HIGHMEM : 0)))
		fail("alloc_pages(order %u) pfn %x has state %x", order, (unsigned)pfn,
		     (unsigned)st);
	for (uint32_t p = pfn; p < pfn + (1u << order); p++)
		if (!is_ram(m, p))
			fail("alloc_pages(order %u) block %x covers hole pfn %x", order,
			     (unsigned)pfn, (unsigned)p);
	*out = (struct block){ pfn, order };
	return 1;
}

static void give(struct bb_machine *m, struct block b)
{
	int err = bb_free_pages(m, b.pfn, b.order);
	if (err)
		fail("free_pages(%x, %u): %s", (unsigned)b.pfn, b.order, bb_strerror(err));
}

/* 2. */
static void test_blocks(struct bb_machine *m, int z)
{
	uint32_t n = 0, pages = 0;
	for (unsigned order = 0; order < BB_MAX_ORDER; order++)
		for (int i = 0; i < BLOCKS_PER_ORDER; i++) {
			if (!take(m, zone_gfp[z], order, &blocks[n]))
				break;
			pages += 1u << order;
			n++;
		}
	for (uint32_t i = 0; i < n; i++)
		fill_block(m, blocks[i], 0x5a5a0000u + (uint32_t)z);
	for (uint32_t i = 0; i < n; i++)
		verify_block(m, blocks[i], 0x5a5a0000u + (uint32_t)z);
	for (uint32_t i = n; i-- > 0;)
		give(m, blocks[i]);
	check(m, "block test");
	same_as_boot(m, "block test");
	kprintf("selftest zone %-7s: %u blocks of orders 0-9 (%u pages), every word ok\n",
		zone_names[z], (unsigned)n, (unsigned)pages);
}

/* 3. Order-0 pages chained through their first word; the second holds a tag. */
static void test_dma_fill(struct bb_machine *m)
{
	uint32_t head = BB_NO_PFN, count = 0;
	struct block b;
	while (take(m, BB_GFP_DMA, 0, &b)) {
		uint32_t *w = block_words(m, b.pfn);
		w[0] = head;
		w[1] = ~b.pfn;
		head = b.pfn;
		count++;
	}
	if (count != boot_zones[BB_ZONE_DMA].free_pages)
		fail("DMA fill got %u pages, the zone had %u free", (unsigned)count,
		     (unsigned)boot_zones[BB_ZONE_DMA].free_pages);
	if (zone(m, BB_ZONE_DMA).free_pages)
		fail("DMA fill: ENOMEM but the zone reports free pages");
	while (head != BB_NO_PFN) {
		uint32_t *w = block_words(m, head), next = w[0];
		if (w[1] != ~head)
			fail("DMA fill: page %x tag %08x", (unsigned)head, (unsigned)w[1]);
		give(m, (struct block){ head, 0 });
		head = next;
		count--;
	}
	if (count)
		fail("DMA fill: chain lost %u pages", (unsigned)count);
	check(m, "DMA fill");
	same_as_boot(m, "DMA fill");
	kprintf("selftest DMA fill: %u order-0 pages until ENOMEM, all back\n",
		(unsigned)boot_zones[BB_ZONE_DMA].free_pages);
}

/* 4. */
static void test_mixed(struct bb_machine *m)
{
	uint32_t rng = 12345, nlive = 0, allocs = 0, enomem = 0;
	for (int op = 0; op < MIXED_OPS; op++) {
		rng = rng * 1103515245u + 12345u;
		uint32_t r = rng >> 8;
		if (nlive < MIXED_LIVE && (nlive == 0 || (r & 3) != 0)) {
			/* orders weighted to the small end: 0 half the time */
			unsigned order = 0;
			while (order < BB_MAX_ORDER - 1 && ((r >> (4 + order)) & 1))
				order++;
			int gfp = (int)((r >> 2) % BB_NR_GFP);
			struct block b;
			if (take(m, gfp, order, &b)) {
				uint32_t *w = block_words(m, b.pfn);
				w[0] = b.pfn;
				w[(P << order) / 4 - 1] = ~b.pfn;
				live[nlive++] = b;
				allocs++;
			} else {
				enomem++;
			}
		} else {
			uint32_t i = r % nlive;
			struct block b = live[i];
			const uint32_t *w = block_words(m, b.pfn);
			if (w[0] != b.pfn || w[(P << b.order) / 4 - 1] != ~b.pfn)
				fail("mixed: block %x order %u lost its tags", (unsigned)b.pfn, b.order);
			give(m, b);
			live[i] = live[--nlive];
		}
		if (op % 1000 == 999)
			check(m, "mixed operations");
	}
	while (nlive)
		give(m, live[--nlive]);
	check(m, "mixed test");
	same_as_boot(m, "mixed test");
	kprintf("selftest mixed: %d operations, %u allocations, %u ENOMEM, all back\n",
		MIXED_OPS, (unsigned)allocs, (unsigned)enomem);
}

void selftest(struct bb_machine *m)
{
	for (int z = 0; z < BB_NR_ZONES; z++)
		boot_zones[z] = zone(m, z);
	check(m, "boot");
	check_layout(m, "after boot");
	for (int z = 0; z < BB_NR_ZONES; z++)
		if (boot_zones[z].spanned_pages)
			test_blocks(m, z);
	if (boot_zones[BB_ZONE_DMA].spanned_pages)
		test_dma_fill(m);
	test_mixed(m);
	check_layout(m, "after self-test");
}
