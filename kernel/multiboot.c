/* SPDX-License-Identifier: MIT */
/*
 * multiboot.c - read the multiboot memory map. Prints it in 2.4's
 * "BIOS-e820" format, keeps the type-1 (usable) entries rounded inward to
 * whole pages and clipped at the RAM limit (4 GiB, or lower when the
 * kernel cannot address it, see kernel.h), and notes where the loader put
 * the info structure, the map, the command line and any modules.
 */
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "multiboot.h"

static const char *__init e820_name(uint32_t type)
{
	switch (type) {
	case 1: return "usable";
	case 2: return "reserved";
	case 3: return "ACPI data";
	case 4: return "ACPI NVS";
	case 5: return "unusable";
	default: return "unknown";
	}
}

static uint32_t __init str_bytes(uint32_t phys)
{
	const char *s = __va(phys);
	uint32_t n = 0;
	while (s[n])
		n++;
	return n + 1;
}

static void __init add_struct(struct boot_info *bi, uint64_t start, uint64_t bytes,
			      const char *what)
{
	if (!bytes)
		return;
	if (bi->nr_structs == BOOT_MAX_STRUCTS)
		fail("more than %d multiboot structures", BOOT_MAX_STRUCTS);
	bi->structs[bi->nr_structs++] = (struct boot_struct){ start, start + bytes, what };
}

/* Add usable RAM [start, end) bytes, rounded inward, clipped; keep sorted and merged. */
static void __init add_ram(struct boot_info *bi, uint64_t start, uint64_t end)
{
	if (end > bi->ram_limit)
		end = bi->ram_limit;
	uint64_t s = ROUND_UP(start, P) / P, e = end / P;
	if (start >= end || s >= e)
		return;

	uint32_t i = 0;
	while (i < bi->nr_ram && bi->ram[i].end_pfn < s)
		i++;
	if (i < bi->nr_ram && bi->ram[i].start_pfn <= e) {
		/* overlaps or touches range i: merge, then swallow the ones it now reaches */
		if (s < bi->ram[i].start_pfn)
			bi->ram[i].start_pfn = (uint32_t)s;
		if (e > bi->ram[i].end_pfn)
			bi->ram[i].end_pfn = (uint32_t)e;
		while (i + 1 < bi->nr_ram && bi->ram[i + 1].start_pfn <= bi->ram[i].end_pfn) {
			if (bi->ram[i + 1].end_pfn > bi->ram[i].end_pfn)
				bi->ram[i].end_pfn = bi->ram[i + 1].end_pfn;
			for (uint32_t j = i + 1; j + 1 < bi->nr_ram; j++)
				bi->ram[j] = bi->ram[j + 1];
			bi->nr_ram--;
		}
		return;
	}
	if (bi->nr_ram == BB_MAX_RAM_RANGES)
		fail("more than %d RAM ranges", BB_MAX_RAM_RANGES);
	for (uint32_t j = bi->nr_ram; j > i; j--)
		bi->ram[j] = bi->ram[j - 1];
	bi->ram[i] = (struct bb_ram_range){ (uint32_t)s, (uint32_t)e };
	bi->nr_ram++;
}

void __init multiboot_parse(uint32_t magic, uint32_t mbi_phys, struct boot_info *bi)
{
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		fail("not started by a multiboot loader (eax %08x)", (unsigned)magic);

	const struct multiboot_info *mbi = __va(mbi_phys);
	add_struct(bi, mbi_phys, sizeof(*mbi), "multiboot info");
	kprintf("multiboot: info at %08x, flags %08x\n", (unsigned)mbi_phys, (unsigned)mbi->flags);
	kprintf("RAM clipped at %016llx (4 GiB - PAGE_OFFSET: no C address above)\n",
		(unsigned long long)bi->ram_limit);

	if (mbi->flags & (1u << 6)) {
		add_struct(bi, mbi->mmap_addr, mbi->mmap_length, "multiboot mmap");
		kprintf("BIOS-provided physical RAM map:\n");
		uint32_t off = 0;
		while (off + sizeof(struct multiboot_mmap_entry) <= mbi->mmap_length) {
			const struct multiboot_mmap_entry *e = __va(mbi->mmap_addr + off);
			uint64_t end = e->addr + e->len;
			kprintf(" BIOS-e820: %016llx - %016llx (%s)%s\n",
				(unsigned long long)e->addr, (unsigned long long)end,
				e820_name(e->type),
				e->type == 1 && end > bi->ram_limit ? " clipped" : "");
			if (e->type == 1)
				add_ram(bi, e->addr, end);
			off += e->size + 4;
		}
	} else if (mbi->flags & 1u) {
		/* No map: the two classic figures (conventional, and extended from 1 MiB). */
		kprintf("multiboot: no memory map; mem_lower %uk, mem_upper %uk\n",
			(unsigned)mbi->mem_lower, (unsigned)mbi->mem_upper);
		add_ram(bi, 0, (uint64_t)mbi->mem_lower << 10);
		add_ram(bi, 1u << 20, (1u << 20) + ((uint64_t)mbi->mem_upper << 10));
	} else {
		fail("the loader gave no memory information");
	}
	if (!bi->nr_ram)
		fail("no usable RAM in the memory map");

	if (mbi->flags & (1u << 2))
		add_struct(bi, mbi->cmdline, str_bytes(mbi->cmdline), "command line");
	if (mbi->flags & (1u << 3)) {
		add_struct(bi, mbi->mods_addr, (uint64_t)mbi->mods_count * 16, "module list");
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			const struct multiboot_module *mod = __va(mbi->mods_addr + 16 * i);
			add_struct(bi, mod->mod_start, mod->mod_end - mod->mod_start, "module");
			if (mod->string)
				add_struct(bi, mod->string, str_bytes(mod->string), "module name");
		}
	}
	if (mbi->flags & (1u << 7))
		add_struct(bi, mbi->drives_addr, mbi->drives_length, "drive info");
	if (mbi->flags & (1u << 9))
		add_struct(bi, mbi->boot_loader_name, str_bytes(mbi->boot_loader_name),
			   "loader name");
}
