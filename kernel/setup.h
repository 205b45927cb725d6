/* SPDX-License-Identifier: MIT */
/*
 * setup.h - 2.4's boot memory steps in our terms (setup.c), and the
 * self-test that runs on the buddy allocator afterwards (selftest.c).
 */
#ifndef SETUP_H
#define SETUP_H

#include "bootbuddy.h"
#include "multiboot.h"

/* setup_arch/setup_memory: the machine, node 0, its bitmap, RAM freed, boot data reserved. */
void setup_arch(struct bb_machine *m, const struct boot_info *bi);
/* paging_init: mem_map and the zones (free_area_init_node). */
void paging_init(struct bb_machine *m);
/* mem_init's free_pages_init: retire bootmem, then one_highpage_init for highmem. */
void free_pages_init(struct bb_machine *m);
/* free_initmem: give back [__init_begin, __init_end). Not __init itself. */
void free_initmem(struct bb_machine *m);
/* mem_init's "Memory: ..." line, and the zone table. */
void print_mem_info(const struct bb_machine *m);

/* selftest.c: allocate, write, verify and free on real RAM; fail() on any error. */
void selftest(struct bb_machine *m);

#endif /* SETUP_H */
