/* SPDX-License-Identifier: MIT */
/*
 * setup.c - Linux 2.4's setup_memory (arch/i386/kernel/setup.c),
 * paging_init and mem_init (arch/i386/mm/init.c), in bb_* calls.
 *
 * One node, pfns [0, phys_pages): bootmem over low memory, highmem above
 * 896 MiB. The bootmem bitmap goes on the first page after the kernel
 * image and after whatever the loader placed behind it. RAM is freed
 * around the bitmap (SPEC section 2: freeing it is EBUSY), then page 0,
 * the kernel, the loader's structures and the bitmap are reserved, as
 * setup_arch does (the bitmap's pages count as "reserved twice").
 */
#include <stddef.h>
#include <stdint.h>

#include "bootbuddy.h"
#include "kernel.h"
#include "multiboot.h"
#include "setup.h"

#define NORMAL_END_PFN ((896u << 20) >> 12) /* ZONE_NORMAL ends at 896 MiB */
#define DMA_END_PFN ((16u << 20) >> 12)     /* MAX_DMA_ADDRESS: 16 MiB */

static const char *const zone_names[BB_NR_ZONES] = { "DMA", "Normal", "HighMem" };

static struct bb_machine_desc desc; /* bb_machine_init copies it */

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }
static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

static void __init must(int err, const char *what)
{
	if (err)
		fail("%s: %s (%d)", what, bb_strerror(err), err);
}

static void __init reserve(struct bb_machine *m, uint64_t start, uint64_t end,
			   const char *what)
{
	uint64_t low_end = (uint64_t)desc.highmem_start_pfn * P;
	uint32_t twice = 0;

	kprintf("reserve %016llx - %016llx %s", (unsigned long long)start,
		(unsigned long long)end, what);
	if (end > low_end) {
		/* Only a loader could put something here; bootmem cannot guard it. */
		kprintf(" (part above low memory not reserved)");
		end = low_end;
	}
	if (start < end)
		must(bb_reserve_bootmem_node(m, 0, start, end - start, &twice), what);
	if (twice)
		kprintf(" (%u pages reserved twice)", (unsigned)twice);
	kputc('\n');
}

static void __init free_ram(struct bb_machine *m, uint32_t s, uint32_t e)
{
	if (s < e)
		must(bb_free_bootmem_node(m, 0, (uint64_t)s * P, (uint64_t)(e - s) * P, NULL),
		     "free_bootmem_node");
}

void __init setup_arch(struct bb_machine *m, const struct boot_info *bi)
{
	uint32_t phys_pages = bi->ram[bi->nr_ram - 1].end_pfn;
	uint32_t max_low_pfn = min_u32(phys_pages, NORMAL_END_PFN);

	desc.phys_pages = phys_pages;
	desc.word_bytes = 4;
	desc.smp_cache_bytes = 32;
	desc.struct_page_bytes = 32;
	desc.dma_end_pfn = min_u32(DMA_END_PFN, max_low_pfn);
	desc.highmem_start_pfn = max_low_pfn;
	desc.nr_ram = bi->nr_ram;
	for (uint32_t i = 0; i < bi->nr_ram; i++)
		desc.ram[i] = bi->ram[i];
	desc.kernel.text = __pa(_text);
	desc.kernel.etext = __pa(_etext);
	desc.kernel.edata = __pa(_edata);
	desc.kernel.init_begin = __pa(__init_begin);
	desc.kernel.init_end = __pa(__init_end);

	for (uint32_t i = 0; i < desc.nr_ram; i++)
		kprintf("RAM pfn %08x - %08x\n", (unsigned)desc.ram[i].start_pfn,
			(unsigned)desc.ram[i].end_pfn);
	kprintf("%uMB HIGHMEM available.\n", (unsigned)((phys_pages - max_low_pfn) >> 8));
	kprintf("%uMB LOWMEM available.\n", (unsigned)(max_low_pfn >> 8));
	kprintf("machine: phys_pages %u dma_end_pfn %u highmem_start_pfn %u "
		"word 4 cache 32 struct_page 32\n", (unsigned)phys_pages,
		(unsigned)desc.dma_end_pfn, (unsigned)desc.highmem_start_pfn);

	/* The arena is physical memory itself: C address PAGE_OFFSET is physical 0. */
	must(bb_machine_init(m, &desc, (void *)PAGE_OFFSET, (uint64_t)phys_pages * P),
	     "bb_machine_init");
	if (bb_phys_to_virt(m, 0x123456) != __va(0x123456))
		fail("bb_phys_to_virt(0x123456) is %p, not %p", bb_phys_to_virt(m, 0x123456),
		     __va(0x123456));

	/* The bitmap: first page after the kernel and after the loader's data. */
	uint64_t first_free = __pa(_end);
	for (uint32_t i = 0; i < bi->nr_structs; i++)
		if (bi->structs[i].end > first_free)
			first_free = bi->structs[i].end;
	uint32_t mapstart = (uint32_t)(ROUND_UP(first_free, P) / P);
	uint32_t map_bytes;
	must(bb_init_bootmem_node(m, 0, mapstart, 0, phys_pages, &map_bytes),
	     "init_bootmem_node");
	struct bb_node_info ni;
	must(bb_node_info(m, 0, &ni), "bb_node_info");
	uint32_t map_end = mapstart + ni.map_pages;
	kprintf("bootmem bitmap %016llx - %016llx (%u bytes, %u pages)\n",
		(unsigned long long)mapstart * P, (unsigned long long)map_end * P,
		(unsigned)map_bytes, (unsigned)ni.map_pages);

	/* Register low RAM, around the bitmap. */
	for (uint32_t i = 0; i < desc.nr_ram; i++) {
		uint32_t s = desc.ram[i].start_pfn, e = min_u32(desc.ram[i].end_pfn, max_low_pfn);
		free_ram(m, s, min_u32(e, mapstart));
		free_ram(m, max_u32(s, map_end), e);
	}

	reserve(m, 0, P, "page 0");
	reserve(m, KERNEL_PHYS, __pa(_end), "kernel image");
	for (uint32_t i = 0; i < bi->nr_structs; i++)
		reserve(m, bi->structs[i].start, bi->structs[i].end, bi->structs[i].what);
	reserve(m, (uint64_t)mapstart * P, (uint64_t)mapstart * P + map_bytes, "bootmem bitmap");
}

void __init paging_init(struct bb_machine *m)
{
	must(bb_free_area_init_node(m, 0), "free_area_init_node");

	struct bb_node_info ni;
	must(bb_node_info(m, 0, &ni), "bb_node_info");
	kprintf("mem_map %016llx - %016llx (%llu bytes)\n",
		(unsigned long long)ni.mem_map_phys,
		(unsigned long long)(ni.mem_map_phys + ni.mem_map_bytes),
		(unsigned long long)ni.mem_map_bytes);
	/* 2.4's free-area bitmaps, from bootmem after the mem_map (SPEC 5) */
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi;
		must(bb_zone_info(m, 0, z, &zi), "bb_zone_info");
		for (unsigned k = 0; k < BB_MAX_ORDER - 1; k++)
			if (zi.map_bytes[k])
				kprintf("free_area map %016llx - %016llx (zone %d order %u, %u bytes)\n",
					(unsigned long long)zi.map_phys[k],
					(unsigned long long)(zi.map_phys[k] + zi.map_bytes[k]), z, k,
					(unsigned)zi.map_bytes[k]);
	}
	kprintf("On node 0 totalpages: %u\n", (unsigned)(ni.end_pfn - ni.start_pfn));
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi;
		must(bb_zone_info(m, 0, z, &zi), "bb_zone_info");
		kprintf("zone(%d): %u pages.\n", z, (unsigned)zi.spanned_pages);
	}
}

void __init free_pages_init(struct bb_machine *m)
{
	uint32_t count, high;
	must(bb_free_all_bootmem_node(m, 0, &count), "free_all_bootmem_node");
	must(bb_add_highmem_node(m, 0, &high), "add_highmem_node");
	kprintf("free_all_bootmem: %u pages, highmem: %u pages\n", (unsigned)count,
		(unsigned)high);
}

/* Not __init: it frees the pages it would run from. */
void free_initmem(struct bb_machine *m)
{
	uint32_t count;
	int err = bb_free_initmem(m, __pa(__init_begin), __pa(__init_end), &count);
	if (err)
		fail("free_initmem: %s (%d)", bb_strerror(err), err);
	kprintf("Freeing unused kernel memory: %uk freed (%08x - %08x)\n",
		(unsigned)(count * 4), (unsigned)__pa(__init_begin), (unsigned)__pa(__init_end));
}

void print_mem_info(const struct bb_machine *m)
{
	struct bb_mem_info mi;
	int err = bb_mem_info(m, &mi);
	if (err)
		fail("mem_info: %s (%d)", bb_strerror(err), err);

	kprintf("Memory: %luk/%luk available (%dk kernel code, %dk reserved, %dk data, "
		"%dk init, %ldk highmem)\n",
		(unsigned long)mi.free_pages * 4, (unsigned long)mi.total_pages * 4,
		(int)(mi.code_bytes >> 10), (int)(mi.reserved_pages * 4),
		(int)(mi.data_bytes >> 10), (int)(mi.init_bytes >> 10),
		(long)mi.highmem_pages * 4);
	kprintf("totalram_pages %u, reserved-twice warnings %u\n",
		(unsigned)mi.totalram_pages, (unsigned)bb_warnings(m));
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi;
		if (bb_zone_info(m, 0, z, &zi))
			fail("bb_zone_info(%d)", z);
		kprintf("zone %-7s start pfn %08x spanned %7u free %7u  nr_free",
			zone_names[z], (unsigned)zi.start_pfn, (unsigned)zi.spanned_pages,
			(unsigned)zi.free_pages);
		for (int k = 0; k < BB_MAX_ORDER; k++)
			kprintf(" %u", (unsigned)zi.nr_free[k]);
		kputc('\n');
	}
}
