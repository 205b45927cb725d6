/* SPDX-License-Identifier: MIT */
/*
 * side.c - the two sides the scenarios run on: their machines (the core's
 * arena), the untimed state hash and the RAM registration every boot-like
 * scenario shares, and the failure paths of setup calls.
 */
#ifndef BENCH_SIDE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bootbuddy.h"
#include "reference.h"

#include "bench.h" /* last: it defines P */

#define BENCH_SIDE_FILE "side.c"
#include "sides.h" /* the per-side part below, once per side, with side.h's prototypes */

uint32_t *bench_buf;

void die_setup(const char *impl, const char *what)
{
	fprintf(stderr, "bench: setup failed on %s: %s\n", impl, what);
	exit(1);
}

void must(const char *call, const char *impl, int rc)
{
	if (rc) {
		fprintf(stderr, "bench: setup failed on %s: %s = %s (%d)\n", impl, call,
			bb_strerror(rc), rc);
		exit(1);
	}
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p) {
		fprintf(stderr, "bench: out of memory\n");
		exit(1);
	}
	return p;
}

/*
 * The core gets one MAP_NORESERVE arena for the whole run, as large as the
 * largest machine; a new machine reuses it dirty (as the fuzz adapter
 * does), so after the warm-up repetition no page fault is timed. The
 * process's end unmaps it.
 */
static unsigned char *core_arena;
static uint64_t core_arena_bytes;
static struct bb_machine core_machine;

struct bb_machine *bcore_open(const struct bb_machine_desc *d)
{
	uint64_t bytes = (uint64_t)d->phys_pages << BB_PAGE_SHIFT;
	if (bytes > (uint64_t)SIZE_MAX / 2) {
		fprintf(stderr, "bench: a %" PRIu64 "-byte arena does not fit this host's address "
			"space: use --quick, or a 64-bit build\n", bytes);
		exit(1);
	}
	if (bytes > core_arena_bytes) {
		if (core_arena)
			munmap(core_arena, (size_t)core_arena_bytes);
		void *a = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (a == MAP_FAILED) {
			fprintf(stderr, "bench: mmap of %" PRIu64 " bytes: %s\n", bytes, strerror(errno));
			exit(1);
		}
		core_arena = a;
		core_arena_bytes = bytes;
	}
	must("bb_machine_init", "core", bb_machine_init(&core_machine, d, core_arena, bytes));
	return &core_machine;
}

void bcore_close(struct bb_machine *m)
{
	(void)m;
}

struct ref_machine *bref_open(const struct bb_machine_desc *d)
{
	int err = 0;
	struct ref_machine *m = ref_create(d, &err);
	if (!m)
		must("ref_create", "reference", err ? err : BB_ENOMEM);
	return m;
}

void bref_close(struct ref_machine *m)
{
	ref_destroy(m);
}

void bench_base_desc(struct bb_machine_desc *d, uint32_t pages)
{
	memset(d, 0, sizeof(*d));
	d->phys_pages = pages;
	d->word_bytes = (uint32_t)sizeof(long);
	d->smp_cache_bytes = 32;   /* 2.4 i386 SMP_CACHE_BYTES */
	d->struct_page_bytes = 64; /* 2.4 i386 struct page, rounded to 2^k */
	d->dma_end_pfn = 4096;     /* 16 MiB */
	d->highmem_start_pfn = pages;
	d->nr_ram = 1;
	d->ram[0].start_pfn = 0;
	d->ram[0].end_pfn = pages;
	/* A 2.4-sized kernel image at 1 MiB: 2 MiB text, 512 KiB data, 256 KiB init. */
	d->kernel.text = 0x100000;
	d->kernel.etext = 0x300000;
	d->kernel.edata = 0x380000;
	d->kernel.init_begin = 0x380000;
	d->kernel.init_end = 0x3c0000;
}

#else /* ---- once per side ---------------------------------------------- */

uint64_t FN(state_hash)(MACH *m, uint32_t phys_pages)
{
	uint64_t h = 0;
	int ids[BB_MAX_NODES];
	int n = API(pgdat_list)(m, ids);
	h = fold(h, (uint64_t)n);
	for (int i = 0; i < n && i < BB_MAX_NODES; i++)
		h = fold(h, (uint64_t)ids[i]);
	for (int nid = 0; nid < BB_MAX_NODES; nid++) {
		struct bb_node_info ni;
		int rc = API(node_info)(m, nid, &ni);
		h = fold(h, (uint64_t)(int64_t)rc);
		if (rc || !ni.online)
			continue;
		h = fold(h, (uint64_t)ni.online | (uint64_t)ni.bootmem_open << 1 |
			       (uint64_t)ni.has_mem_map << 2 | (uint64_t)ni.highmem_added << 3);
		h = fold(h, ni.start_pfn);
		h = fold(h, ni.low_end_pfn);
		h = fold(h, ni.end_pfn);
		h = fold(h, ni.mapstart_pfn);
		h = fold(h, ni.map_bytes);
		h = fold(h, ni.map_pages);
		h = fold(h, ni.last_pos);
		h = fold(h, ni.last_offset);
		h = fold(h, ni.mem_map_phys);
		h = fold(h, ni.mem_map_bytes);
		h = fold(h, ni.retired_pages);
		h = fold(h, ni.highmem_pages);
		if (ni.bootmem_open)
			for (uint32_t i = 0; i < ni.low_end_pfn - ni.start_pfn; i++)
				h = fold(h, (uint64_t)(int64_t)API(bootmem_test)(m, nid, i));
		for (int z = 0; z < BB_NR_ZONES; z++) {
			struct bb_zone_info zi;
			rc = API(zone_info)(m, nid, z, &zi);
			h = fold(h, (uint64_t)(int64_t)rc);
			if (rc)
				continue;
			h = fold(h, zi.start_pfn);
			h = fold(h, zi.spanned_pages);
			h = fold(h, zi.free_pages);
			for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
				h = fold(h, zi.nr_free[k]);
				uint32_t len = API(free_list)(m, nid, z, k, bench_buf, BB_MAX_PFN);
				h = fold(h, len);
				for (uint32_t i = 0; i < len && i < BB_MAX_PFN; i++)
					h = fold(h, bench_buf[i]);
			}
		}
	}
	for (uint32_t pfn = 0; pfn < phys_pages; pfn++)
		h = fold(h, API(page_state)(m, pfn));
	struct bb_mem_info mi;
	int rc = API(mem_info)(m, &mi);
	h = fold(h, (uint64_t)(int64_t)rc);
	if (!rc) {
		h = fold(h, mi.free_pages);
		h = fold(h, mi.total_pages);
		h = fold(h, mi.reserved_pages);
		h = fold(h, mi.highmem_pages);
		h = fold(h, mi.totalram_pages);
		h = fold(h, mi.code_bytes);
		h = fold(h, mi.data_bytes);
		h = fold(h, mi.init_bytes);
	}
	return fold(h, API(warnings)(m));
}

uint64_t FN(free_ram)(MACH *m, const struct bb_machine_desc *d, uint32_t low_end,
		      uint32_t mapstart, uint32_t map_bytes, uint64_t sum)
{
	uint32_t map_end = mapstart + (uint32_t)((map_bytes + P - 1) / P), freed = 0;
	for (uint32_t r = 0; r < d->nr_ram; r++) {
		uint32_t a = d->ram[r].start_pfn, b = d->ram[r].end_pfn;
		if (b > low_end)
			b = low_end;
		if (a >= b)
			continue;
		if (a < mapstart && b > map_end) {
			MUST(API(free_bootmem_node)(m, 0, a * P, (mapstart - a) * P, &freed));
			sum = fold(sum, freed);
			MUST(API(free_bootmem_node)(m, 0, map_end * P, (b - map_end) * P, &freed));
		} else {
			MUST(API(free_bootmem_node)(m, 0, a * P, (uint64_t)(b - a) * P, &freed));
		}
		sum = fold(sum, freed);
	}
	return sum;
}

#endif
