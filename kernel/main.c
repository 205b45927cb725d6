/* SPDX-License-Identifier: MIT */
/*
 * main.c - kmain: the boot sequence of 2.4's start_kernel and init(),
 * reduced to memory: setup_arch, paging_init, mem_init, free_initmem,
 * then the self-test and the exit code for ci/qemu-smoke.
 */
#include <stdint.h>

#include "bootbuddy.h"
#include "kernel.h"
#include "multiboot.h"
#include "setup.h"

void kmain(uint32_t magic, uint32_t mbi_phys);

static struct bb_machine machine; /* 2.4's contig_page_data: in the kernel's BSS */
static struct boot_info boot_info __initdata;

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	serial_init();
	trap_init();
	kprintf("\nbootbuddy i386 kernel: paging off, PAGE_OFFSET %08x, image %08x - %08x\n",
		(unsigned)PAGE_OFFSET, (unsigned)__pa(_text), (unsigned)__pa(_end));

	boot_info.ram_limit = 0x100000000ull - PAGE_OFFSET;
	multiboot_parse(magic, mbi_phys, &boot_info);
	setup_arch(&machine, &boot_info);
	paging_init(&machine);
	free_pages_init(&machine);
	free_initmem(&machine); /* from here on, nothing __init may run */
	print_mem_info(&machine);

	selftest(&machine);
	kprintf("SMOKE PASS\n");
	qemu_exit(EXIT_PASS);
}
