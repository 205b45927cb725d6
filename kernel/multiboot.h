/* SPDX-License-Identifier: MIT */
/*
 * multiboot.h - the multiboot v1 information a loader hands over, and what
 * multiboot.c makes of it: page-rounded RAM ranges and the byte ranges of
 * the loader's structures, which setup.c must reserve.
 */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

#include <stdint.h>

#include "bb_contract.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

/* The multiboot information structure (spec 0.6.96, section 3.3). */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;       /* flags bit 0, KiB */
	uint32_t boot_device;                /* bit 1 */
	uint32_t cmdline;                    /* bit 2 */
	uint32_t mods_count, mods_addr;      /* bit 3 */
	uint32_t syms[4];                    /* bit 4 or 5 */
	uint32_t mmap_length, mmap_addr;     /* bit 6 */
	uint32_t drives_length, drives_addr; /* bit 7 */
	uint32_t config_table;               /* bit 8 */
	uint32_t boot_loader_name;           /* bit 9 */
	uint32_t apm_table;                  /* bit 10 */
	uint32_t vbe[4];                     /* bit 11 */
};

/* One memory map entry; `size` does not count itself. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;                       /* 1 = usable RAM */
} __attribute__((packed));

struct multiboot_module {
	uint32_t mod_start, mod_end, string, reserved;
};

#define BOOT_MAX_STRUCTS 16

/* A byte range of physical memory the loader filled in. */
struct boot_struct {
	uint64_t start, end;
	const char *what;
};

struct boot_info {
	uint64_t ram_limit;                  /* RAM at or above this is ignored */
	uint32_t nr_ram;                     /* usable RAM, page-rounded inward, sorted */
	struct bb_ram_range ram[BB_MAX_RAM_RANGES];
	uint32_t nr_structs;
	struct boot_struct structs[BOOT_MAX_STRUCTS];
};

/**
 * multiboot_parse - check the loader's magic, print its memory map, and
 * fill @bi with the usable RAM below @bi->ram_limit and the loader's own
 * structures. Fails the boot (fail()) when there is no memory information.
 */
void multiboot_parse(uint32_t magic, uint32_t mbi_phys, struct boot_info *bi);

#endif /* MULTIBOOT_H */
