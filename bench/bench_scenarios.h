/* SPDX-License-Identifier: MIT */
/*
 * bench_scenarios.h - the scenarios, written once and included twice by
 * bench.c: once with API(f) = bb_##f (core) and once with API(f) = ref_##f
 * (reference). Every call is a direct call, so no indirection is timed.
 *
 * Before each inclusion bench.c defines:
 *   API(f)   the implementation's function for contract function f
 *   FN(f)    a name for this file's function f, unique per implementation
 *   MACH     the implementation's machine type
 *   FN(open)(desc), FN(close)(m)  a fresh machine / its end
 *   HAS_ARENA  1 when the side has memory (the core), 0 for the reference
 * and provides must(), die_setup(), bench_buf, bench_pfns, bench_orders,
 * bench_zphys, bench_zsize, evict(), evict_done().
 *
 * Only the loops between two now_ns() calls are timed. The timed loops are
 * separate noinline functions named FN(loop_*), so callgrind can count
 * their instructions (ci/bench).
 */

#define MUST(call) must(#call, FN(name), (call))

/* Everything the contract lets both sides report, folded (untimed). */
static uint64_t FN(state_hash)(MACH *m, uint32_t phys_pages)
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

/*
 * The zeroing floor: libc memset over exactly the bytes the allocations
 * returned (recorded in bench_zphys/bench_zsize by the timed loop), on the
 * core's arena, timed as one loop, after flushing them from the caches
 * (x86 clflush; elsewhere they stay warm and the floor reads low). SPEC 4.2 makes the core zero them and
 * the reference has no memory to zero, so this part of the core's time is
 * beyond any scan. Returns ns; the reference side returns 0.
 */
static uint64_t FN(zero_floor)(MACH *m, uint32_t n)
{
#if HAS_ARENA
	/* The core met these bytes cold (last written a layout or a repetition ago). */
	for (uint32_t i = 0; i < n; i++)
		if (bench_zsize[i])
			evict(API(phys_to_virt)(m, bench_zphys[i]), (size_t)bench_zsize[i]);
	evict_done();
	uint64_t t0 = now_ns();
	for (uint32_t i = 0; i < n; i++)
		if (bench_zsize[i])
			memset(API(phys_to_virt)(m, bench_zphys[i]), 0, (size_t)bench_zsize[i]);
	return now_ns() - t0;
#else
	(void)m;
	(void)n;
	return 0;
#endif
}

/* ---- 1. boot -------------------------------------------------------------- */

/*
 * setup_arch's registration of RAM on node 0: every RAM range below
 * @low_end is freed, around the bitmap pages (freeing those is EBUSY).
 * Returns @sum with each freed count folded in.
 */
static uint64_t FN(free_ram)(MACH *m, const struct bb_machine_desc *d, uint32_t low_end,
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

static __attribute__((noinline)) uint64_t FN(loop_boot_alloc)(MACH *m, const struct boot_plan *bp,
								uint64_t *failed)
{
	uint64_t sum = 0, nfail = 0;
	for (uint32_t i = 0; i < bp->nops; i++) {
		const struct boot_op *op = &bp->ops[i];
		uint64_t phys = 0;
		int rc;
		switch (op->kind) {
		case BK_ALLOC_BOOTMEM: rc = API(alloc_bootmem)(m, op->size, &phys); break;
		case BK_LOW: rc = API(alloc_bootmem_low)(m, op->size, &phys); break;
		case BK_PAGES: rc = API(alloc_bootmem_pages)(m, op->size, &phys); break;
		case BK_LOW_PAGES: rc = API(alloc_bootmem_low_pages)(m, op->size, &phys); break;
		case BK_NODE: rc = API(alloc_bootmem_node)(m, 0, op->size, &phys); break;
		case BK_PAGES_NODE: rc = API(alloc_bootmem_pages_node)(m, 0, op->size, &phys); break;
		case BK_LOW_PAGES_NODE: rc = API(alloc_bootmem_low_pages_node)(m, 0, op->size, &phys); break;
		default:
			rc = API(__alloc_bootmem_node)(m, op->nid, op->size, op->align, op->goal, &phys);
			break;
		}
		nfail += rc != 0;
		sum = fold(sum, res(rc, phys));
		bench_zphys[i] = phys;
		bench_zsize[i] = rc ? 0 : op->size;
	}
	*failed = nfail;
	return sum;
}

/*
 * The whole boot of an i386-like machine: register the node, free the RAM
 * around the bitmap, reserve page 0, the kernel image and the bitmap, run
 * the allocation plan, then paging_init, mem_init (retire), highmem and
 * free_initmem. Metric 0: ns per boot; metric 1: ns per allocation.
 */
static __attribute__((noinline)) void FN(loop_boot)(MACH *m, const struct boot_plan *bp,
						    struct sample *s)
{
	const struct bb_machine_desc *d = &bp->desc;
	uint32_t low_end = d->highmem_start_pfn;
	uint32_t map_bytes = 0, twice = 0, count = 0, high = 0, init = 0;
	uint64_t sum = 0;

	uint64_t t0 = now_ns();
	MUST(API(init_bootmem_node)(m, 0, bp->mapstart, 0, d->phys_pages, &map_bytes));
	sum = FN(free_ram)(m, d, low_end, bp->mapstart, map_bytes, sum);
	MUST(API(reserve_bootmem_node)(m, 0, 0, P, &twice));                 /* page 0 (BIOS) */
	sum = fold(sum, twice);
	MUST(API(reserve_bootmem_node)(m, 0, 0x9f000, P, &twice));           /* EBDA */
	sum = fold(sum, twice);
	MUST(API(reserve_bootmem_node)(m, 0, 0x100000, bp->kernel_end - 0x100000, &twice));
	sum = fold(sum, twice);
	MUST(API(reserve_bootmem_node)(m, 0, bp->mapstart * P, map_bytes, &twice)); /* setup_arch */
	sum = fold(sum, twice);

	uint64_t t1 = now_ns();
	sum = fold(sum, FN(loop_boot_alloc)(m, bp, &s->failed[1]));
	uint64_t t2 = now_ns();

	MUST(API(free_area_init_node)(m, 0));
	MUST(API(free_all_bootmem_node)(m, 0, &count));
	MUST(API(add_highmem_node)(m, 0, &high));
	MUST(API(free_initmem)(m, d->kernel.init_begin, d->kernel.init_end, &init));
	uint64_t t3 = now_ns();

	sum = fold(sum, count);
	sum = fold(sum, high);
	sum = fold(sum, init);
	s->ns[0] = t3 - t0;
	s->ops[0] = 1;
	s->ns[1] = t2 - t1;
	s->ops[1] = bp->nops;
	s->sum = sum;
}

static void FN(s_boot)(const struct boot_plan *bp, struct sample *s)
{
	MACH *m = FN(open)(&bp->desc);
	FN(loop_boot)(m, bp, s);
	s->sum = fold(s->sum, FN(state_hash)(m, bp->desc.phys_pages));
	/* The floors write the arena (the mem_map too): only after the state is folded. */
	s->ns[2] = FN(zero_floor)(m, bp->nops);
	s->ops[2] = bp->nops;
	/* The whole boot's floor: the allocations and the mem_map (zeroed as an allocation too). */
	struct bb_node_info ni;
	MUST(API(node_info)(m, 0, &ni));
	bench_zphys[bp->nops] = ni.mem_map_phys;
	bench_zsize[bp->nops] = ni.mem_map_bytes;
	s->ns[3] = FN(zero_floor)(m, bp->nops + 1);
	s->ops[3] = 1;
	FN(close)(m);
}

/* ---- 2. bootmem scan on a fragmented node -------------------------------- */

static __attribute__((noinline)) uint64_t FN(loop_scan)(MACH *m, const struct scan_plan *sp,
							const struct scan_batch *b, uint64_t *failed)
{
	uint64_t sum = 0, nfail = 0;
	for (uint32_t i = 0; i < sp->nallocs; i++) {
		const struct scan_alloc *a = &b->allocs[i];
		uint64_t phys = 0;
		int rc = API(__alloc_bootmem_node)(m, 0, a->size, a->align, a->goal, &phys);
		nfail += rc != 0;
		sum = fold(sum, res(rc, phys));
		bench_zphys[i] = phys;
		bench_zsize[i] = rc ? 0 : a->size;
	}
	*failed += nfail;
	return sum;
}

static void FN(s_scan)(const struct scan_plan *sp, struct sample *s)
{
	const struct bb_machine_desc *d = &sp->desc;
	uint64_t ns = 0, zns = 0, sum = 0;
	for (uint32_t bi = 0; bi < sp->nbatches; bi++) {
		const struct scan_batch *b = &sp->batches[bi];
		MACH *m = FN(open)(d);
		uint32_t map_bytes = 0, freed = 0;
		/* Everything starts reserved: free only the holes. */
		MUST(API(init_bootmem_node)(m, 0, 0, 0, d->phys_pages, &map_bytes));
		for (int j = 0; j < SCAN_HOLES; j++) {
			MUST(API(free_bootmem_node)(m, 0, b->holes[j].start * P,
						    b->holes[j].len * P, &freed));
			sum = fold(sum, freed);
		}
		uint64_t t0 = now_ns();
		sum = fold(sum, FN(loop_scan)(m, sp, b, &s->failed[0]));
		ns += now_ns() - t0;
		/* The bitmap decides what the scan found: compare all of it. */
		struct bb_node_info ni;
		MUST(API(node_info)(m, 0, &ni));
		sum = fold(sum, ni.last_pos);
		sum = fold(sum, ni.last_offset);
		for (uint32_t i = 0; i < d->phys_pages; i++)
			sum = fold(sum, (uint64_t)(int64_t)API(bootmem_test)(m, 0, i));
		zns += FN(zero_floor)(m, sp->nallocs);
		FN(close)(m);
	}
	s->ns[0] = ns;
	s->ops[0] = (uint64_t)sp->nbatches * sp->nallocs;
	s->ns[1] = zns;
	s->ops[1] = s->ops[0];
	s->sum = sum;
}

/* ---- 3. retire ------------------------------------------------------------ */

static __attribute__((noinline)) uint32_t FN(loop_retire)(MACH *m)
{
	uint32_t count = 0;
	MUST(API(free_all_bootmem_node)(m, 0, &count));
	return count;
}

static void FN(s_retire)(const struct zone_plan *zp, struct sample *s)
{
	const struct bb_machine_desc *d = &zp->retire;
	MACH *m = FN(open)(d);
	uint32_t map_bytes = 0, twice = 0;
	uint64_t sum = 0;
	MUST(API(init_bootmem_node)(m, 0, zp->retire_mapstart, 0, d->phys_pages, &map_bytes));
	sum = FN(free_ram)(m, d, d->phys_pages, zp->retire_mapstart, map_bytes, sum);
	MUST(API(reserve_bootmem_node)(m, 0, 0, P, &twice));
	MUST(API(reserve_bootmem_node)(m, 0, 0x100000, zp->retire_kernel_end - 0x100000, &twice));
	MUST(API(free_area_init_node)(m, 0));

	uint64_t t0 = now_ns();
	uint32_t count = FN(loop_retire)(m);
	s->ns[0] = now_ns() - t0;
	s->ops[0] = count;
	s->sum = fold(fold(sum, count), FN(state_hash)(m, d->phys_pages));
	FN(close)(m);
}

/* ---- 4 and 5. the buddy allocator on a 1 GiB zone ----------------------- */

/* A retired 1 GiB node: ZONE_DMA [0, 16 MiB), ZONE_NORMAL above, all free but metadata. */
static MACH *FN(zone_machine)(const struct zone_plan *zp)
{
	const struct bb_machine_desc *d = &zp->desc;
	MACH *m = FN(open)(d);
	uint32_t map_bytes = 0, freed = 0, count = 0;
	MUST(API(init_bootmem_node)(m, 0, 0, 0, d->phys_pages, &map_bytes));
	uint32_t map_pages = (uint32_t)((map_bytes + P - 1) / P);
	MUST(API(free_bootmem_node)(m, 0, map_pages * P, (uint64_t)(d->phys_pages - map_pages) * P,
				    &freed));
	MUST(API(free_area_init_node)(m, 0));
	MUST(API(free_all_bootmem_node)(m, 0, &count));
	return m;
}

static struct bb_zone_info FN(normal)(MACH *m)
{
	struct bb_zone_info zi;
	MUST(API(zone_info)(m, 0, BB_ZONE_NORMAL, &zi));
	return zi;
}

static __attribute__((noinline)) uint64_t FN(loop_pairs)(MACH *m, uint32_t n)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t pfn = 0;
		int rc = API(alloc_pages)(m, 0, BB_GFP_KERNEL, 0, &pfn);
		sum = fold(sum, res(rc, pfn));
		sum = fold(sum, (uint64_t)(int64_t)API(free_pages)(m, pfn, 0));
	}
	return sum;
}

/* 4a. Only order-9 blocks free in ZONE_NORMAL: each pair splits 9 times and merges 9 times. */
static void FN(s_order0_empty)(const struct zone_plan *zp, struct sample *s)
{
	MACH *m = FN(zone_machine)(zp);
	uint64_t sum = 0;
	/* Take away every smaller block (each from the head of its own list). */
	for (unsigned k = 0; k + 1 < BB_MAX_ORDER; k++) {
		while (FN(normal)(m).nr_free[k]) {
			uint32_t pfn = 0;
			MUST(API(alloc_pages)(m, 0, BB_GFP_KERNEL, k, &pfn));
			sum = fold(sum, pfn);
		}
	}
	struct bb_zone_info zi = FN(normal)(m);
	if (zi.nr_free[BB_MAX_ORDER - 1] == 0 || zi.free_pages != zi.nr_free[BB_MAX_ORDER - 1] << 9)
		die_setup(FN(name), "order0_empty: ZONE_NORMAL is not only order-9 blocks");
	uint64_t t0 = now_ns();
	sum = fold(sum, FN(loop_pairs)(m, zp->pairs));
	s->ns[0] = now_ns() - t0;
	s->ops[0] = zp->pairs;
	s->sum = fold(sum, FN(state_hash)(m, zp->desc.phys_pages));
	FN(close)(m);
}

/*
 * Most of ZONE_NORMAL allocated as order-0 pages, a scattered eighth of
 * them freed again. The live pages are left in bench_pfns; returns how many.
 */
static uint32_t FN(fragment)(MACH *m, uint64_t *sum)
{
	uint32_t n = FN(normal)(m).free_pages, live = 0;
	for (uint32_t i = 0; i < n; i++)
		MUST(API(alloc_pages)(m, 0, BB_GFP_KERNEL, 0, &bench_pfns[i]));
	uint64_t seed = 0x5ca77e12ull;
	for (uint32_t i = 0; i < n; i++) {
		if (rng_below(&seed, 8) == 0) {
			*sum = fold(*sum, bench_pfns[i]);
			MUST(API(free_pages)(m, bench_pfns[i], 0));
		} else {
			bench_pfns[live++] = bench_pfns[i];
		}
	}
	return live;
}

/* 4b. Fragmented: the pair takes the head of the order-0 list and gives it back. */
static void FN(s_order0_frag)(const struct zone_plan *zp, struct sample *s)
{
	MACH *m = FN(zone_machine)(zp);
	uint64_t sum = 0;
	FN(fragment)(m, &sum);
	uint64_t t0 = now_ns();
	sum = fold(sum, FN(loop_pairs)(m, zp->pairs));
	s->ns[0] = now_ns() - t0;
	s->ops[0] = zp->pairs;
	s->sum = fold(sum, FN(state_hash)(m, zp->desc.phys_pages));
	FN(close)(m);
}

static __attribute__((noinline)) uint64_t FN(loop_pairs_rand)(MACH *m, const uint32_t *rnd,
							      uint32_t n, uint32_t live)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t pfn = 0;
		int rc = API(alloc_pages)(m, 0, BB_GFP_KERNEL, 0, &pfn);
		sum = fold(sum, res(rc, pfn));
		if (rc)
			continue;
		uint32_t j = (uint32_t)(((uint64_t)rnd[i] * live) >> 32);
		sum = fold(sum, (uint64_t)(int64_t)API(free_pages)(m, bench_pfns[j], 0));
		bench_pfns[j] = pfn;
	}
	return sum;
}

/* 4c. Fragmented, but each pair frees a random live page instead (merges and splits happen). */
static void FN(s_order0_frag_rand)(const struct zone_plan *zp, struct sample *s)
{
	MACH *m = FN(zone_machine)(zp);
	uint64_t sum = 0;
	uint32_t live = FN(fragment)(m, &sum);
	uint64_t t0 = now_ns();
	sum = fold(sum, FN(loop_pairs_rand)(m, zp->rnd, zp->pairs, live));
	s->ns[0] = now_ns() - t0;
	s->ops[0] = zp->pairs;
	s->sum = fold(sum, FN(state_hash)(m, zp->desc.phys_pages));
	FN(close)(m);
}

static __attribute__((noinline)) uint64_t FN(loop_mix)(MACH *m, const uint32_t *rnd, uint32_t n,
						       uint32_t target, uint64_t *failed)
{
	uint64_t sum = 0, nfail = 0;
	uint32_t nlive = 0, live_pages = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t r = rnd[i];
		if (live_pages < target || nlive == 0) {
			unsigned order = (unsigned)(((r & 0xffffu) * 10u) >> 16);
			uint32_t pfn = 0;
			int rc = API(alloc_pages)(m, 0, BB_GFP_KERNEL, order, &pfn);
			sum = fold(sum, res(rc, pfn));
			nfail += rc != 0;
			if (!rc) {
				bench_pfns[nlive] = pfn;
				bench_orders[nlive++] = (uint8_t)order;
				live_pages += 1u << order;
			}
		} else {
			uint32_t j = (uint32_t)(((uint64_t)r * nlive) >> 32);
			unsigned order = bench_orders[j];
			sum = fold(sum, (uint64_t)(int64_t)API(free_pages)(m, bench_pfns[j], order));
			live_pages -= 1u << order;
			bench_pfns[j] = bench_pfns[--nlive];
			bench_orders[j] = bench_orders[nlive];
		}
	}
	*failed = nfail;
	return fold(sum, live_pages);
}

/* 5. Orders 0-9 at random, alloc below half fill, free a random live block above it. */
static void FN(s_mix)(const struct zone_plan *zp, struct sample *s)
{
	MACH *m = FN(zone_machine)(zp);
	uint32_t target = FN(normal)(m).free_pages / 2;
	uint64_t t0 = now_ns();
	uint64_t sum = FN(loop_mix)(m, zp->rnd, zp->mix_ops, target, &s->failed[0]);
	s->ns[0] = now_ns() - t0;
	s->ops[0] = zp->mix_ops;
	s->sum = fold(sum, FN(state_hash)(m, zp->desc.phys_pages));
	FN(close)(m);
}

/* ---- metadata -------------------------------------------------------------- */

/* The retire machine's node after free_area_init_node: bitmap and mem_map geometry. */
static void FN(s_meta)(const struct zone_plan *zp, struct bb_node_info *ni)
{
	const struct bb_machine_desc *d = &zp->retire;
	MACH *m = FN(open)(d);
	MUST(API(init_bootmem_node)(m, 0, zp->retire_mapstart, 0, d->phys_pages, NULL));
	MUST(API(free_bootmem_node)(m, 0, 0x100000ull * 16, (uint64_t)d->phys_pages * P / 2, NULL));
	MUST(API(free_area_init_node)(m, 0));
	MUST(API(node_info)(m, 0, ni));
	FN(close)(m);
}

#undef MUST
