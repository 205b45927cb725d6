/* SPDX-License-Identifier: MIT */
/*
 * bootmem.c - the boot memory allocator's scenarios: 1. the whole boot of
 * an i386-like machine (its allocation phase timed apart) and 2. first-fit
 * scans on a fragmented node, each with the zeroing floor beside it (libc
 * memset over the same bytes, cold). The per-side part (under BENCH_SIDE,
 * at the end) is compiled once per side by sides.h.
 */
#ifndef BENCH_SIDE
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bootmem24.h"
#if defined(BENCH_HAVE_PAGE_H)
#include "internal.h" /* core/src: bbi_reserve_core and bbi_memzero, the scan and the zeroing apart */
#endif

/* Scenario 1: one call of the boot's allocation phase. */
enum boot_kind {
	BK_ALLOC_BOOTMEM, BK_LOW, BK_PAGES, BK_LOW_PAGES,
	BK_NODE, BK_PAGES_NODE, BK_LOW_PAGES_NODE, BK_RAW,
};
struct boot_op {
	uint8_t kind;   /* enum boot_kind */
	int8_t nid;     /* BK_RAW: 0 or BB_ANY_NODE */
	uint32_t size;
	uint64_t align; /* BK_RAW only */
	uint64_t goal;  /* BK_RAW only */
};

/* The i386-like boot machine and its plan. */
struct boot_plan {
	struct bb_machine_desc desc;
	uint32_t mapstart;
	uint64_t kernel_end;  /* _end: the image is reserved from 1 MiB to here */
	uint32_t nops;
	struct boot_op *ops;
};

/* Scenario 2: a fragmented layout and the allocations that scan it. */
struct scan_hole { uint32_t start, len; };
struct scan_alloc { uint64_t size, align, goal; };
#define SCAN_HOLES 128
struct scan_batch {
	struct scan_hole holes[SCAN_HOLES];
	struct scan_alloc *allocs;
};
struct scan_plan {
	struct bb_machine_desc desc;
	uint32_t nbatches, nallocs;
	struct scan_batch *batches;
};

static struct boot_plan boot;
static struct scan_plan scan;
/* What each allocation returned, for the zeroing floor (one entry per call, and the mem_map). */
static uint64_t *bench_zphys;
static uint64_t *bench_zsize;

/* Push [p, p+n) out of every cache level, so the zeroing floor starts cold. */
#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("sse2"))) static void evict(const void *p, size_t n)
{
	const char *c = (const char *)((uintptr_t)p & ~(uintptr_t)63);
	for (const char *end = (const char *)p + n; c < end; c += 64)
		__builtin_ia32_clflush(c);
}

__attribute__((target("sse2"))) static void evict_done(void)
{
	__builtin_ia32_mfence();
}
#else
static void evict(const void *p, size_t n)
{
	(void)p;
	(void)n;
}

static void evict_done(void)
{
}
#endif

#define BENCH_SIDE_FILE "bootmem.c"
#include "sides.h"

/*
 * Scenario 1's machine, scaled from 4 GiB (1M pages): RAM 0-640K and
 * 1M-3.5G (7/8 of the space), the ISA hole between, nothing above 3.5G,
 * highmem from 896 MiB (7/32 of the space), ZONE_DMA the first 16 MiB.
 */
static void make_boot_plan(struct boot_plan *bp, const struct params *p)
{
	struct bb_machine_desc *d = &bp->desc;
	uint32_t pages = p->boot_pages;
	bench_base_desc(d, pages);
	d->highmem_start_pfn = (uint32_t)((uint64_t)pages * 7 / 32);
	d->nr_ram = 2;
	d->ram[0].start_pfn = 0;
	d->ram[0].end_pfn = 160;
	d->ram[1].start_pfn = 256;
	d->ram[1].end_pfn = (uint32_t)((uint64_t)pages * 7 / 8);
	bp->mapstart = (uint32_t)(BENCH_KERNEL_END / P);
	bp->kernel_end = BENCH_KERNEL_END;

	uint64_t low = (uint64_t)d->highmem_start_pfn * P;
	uint64_t max_dma = (uint64_t)d->dma_end_pfn * P;
	uint64_t seed = 0xb0075eedull;
	bp->nops = p->boot_allocs;
	bp->ops = xcalloc(bp->nops, sizeof(*bp->ops));
	for (uint32_t i = 0; i < bp->nops; i++) {
		struct boot_op *op = &bp->ops[i];
		uint32_t k = rng_below(&seed, 100), z = rng_below(&seed, 100);
		/* Sizes: half tiny, a quarter sub-page, then 1-4 and 4-16 pages. */
		op->size = z < 50 ? 1 + rng_below(&seed, 256)
			 : z < 75 ? 257 + rng_below(&seed, 3840)
			 : z < 95 ? 4097 + rng_below(&seed, 12288)
				  : 16385 + rng_below(&seed, 49152);
		op->kind = k < 30 ? BK_ALLOC_BOOTMEM : k < 38 ? BK_LOW : k < 45 ? BK_PAGES
			 : k < 48 ? BK_LOW_PAGES : k < 55 ? BK_NODE : k < 60 ? BK_PAGES_NODE
			 : k < 62 ? BK_LOW_PAGES_NODE : BK_RAW;
		op->nid = rng_below(&seed, 2) ? 0 : BB_ANY_NODE;
		op->align = 1ull << rng_below(&seed, 17); /* 1 byte .. 64 KiB */
		/* Goals: 0, MAX_DMA, three spots inside the node, past low memory, past the machine. */
		switch (rng_below(&seed, 8)) {
		case 0: case 1: op->goal = 0; break;
		case 2: case 3: op->goal = max_dma; break;
		case 4: op->goal = low / 8 + rng_below(&seed, 16 * BB_PAGE_SIZE); break;
		case 5: op->goal = low / 4; break;
		case 6: op->goal = low / 2 + rng_below(&seed, BB_PAGE_SIZE); break;
		default:
			op->goal = rng_below(&seed, 2) ? low + rng_below(&seed, 1u << 30)
						       : (uint64_t)pages * P + P;
			break;
		}
	}
}

/*
 * Scenario 2: a node of scan_pages pages, everything reserved but one
 * short run of free pages every scan_pages/128 pages (60% of runs are one
 * page, 40% 2-16 pages), and allocations of 2-5 pages, so most runs are
 * too short and each scan walks far. The requests are small on purpose:
 * the core must zero what it returns (SPEC 4.2) and the reference zeroes
 * nothing, so big requests would time memset, not the scan (scan_zero
 * shows what is left of it). A quarter of the allocations align to 16 KiB
 * (step 4), an eighth to a cache line (they can merge), a quarter have a
 * goal inside the node (and restart from the start when nothing fits
 * above it).
 */
static void make_scan_plan(struct scan_plan *sp, const struct params *p)
{
	uint32_t pages = p->scan_pages, spacing = pages / SCAN_HOLES;
	bench_base_desc(&sp->desc, pages);
	sp->nbatches = p->scan_batches;
	sp->nallocs = p->scan_allocs;
	sp->batches = xcalloc(sp->nbatches, sizeof(*sp->batches));
	uint64_t seed = 0x5ca9f00dull;
	for (uint32_t b = 0; b < sp->nbatches; b++) {
		struct scan_batch *sb = &sp->batches[b];
		for (uint32_t j = 0; j < SCAN_HOLES; j++) {
			uint32_t len = rng_below(&seed, 10) < 6 ? 1 : 2 + rng_below(&seed, 15);
			if (len > spacing / 4)
				len = spacing / 4;
			sb->holes[j].start = j * spacing + spacing / 2 + rng_below(&seed, spacing / 4);
			sb->holes[j].len = len;
		}
		sb->allocs = xcalloc(sp->nallocs, sizeof(*sb->allocs));
		for (uint32_t i = 0; i < sp->nallocs; i++) {
			struct scan_alloc *a = &sb->allocs[i];
			uint64_t np = 2 + rng_below(&seed, 4);
			a->size = np * P - (rng_below(&seed, 2) ? rng_below(&seed, BB_PAGE_SIZE) : 0);
			uint32_t al = rng_below(&seed, 8);
			a->align = al < 2 ? 4 * P : al < 3 ? 32 : P;
			a->goal = rng_below(&seed, 4) == 0 ? (uint64_t)rng_below(&seed, pages) * P : 0;
		}
	}
}

static void plan(const struct params *p)
{
	uint32_t nz = (p->boot_allocs > p->scan_allocs ? p->boot_allocs : p->scan_allocs) + 1;
	bench_zphys = xcalloc(nz, sizeof(*bench_zphys));
	bench_zsize = xcalloc(nz, sizeof(*bench_zsize));
	make_boot_plan(&boot, p);
	make_scan_plan(&scan, p);
}

static void release(void)
{
	free(boot.ops);
	for (uint32_t b = 0; b < scan.nbatches; b++)
		free(scan.batches[b].allocs);
	free(scan.batches);
	free(bench_zphys);
	free(bench_zsize);
}

static void c_boot(struct sample *s) { bcore_s_boot(&boot, s); }
static void r_boot(struct sample *s) { bref_s_boot(&boot, s); }
static void c_scan(struct sample *s) { bcore_s_scan(&scan, s); }
static void r_scan(struct sample *s) { bref_s_scan(&scan, s); }

/*
 * scan_bits: the scan's allocations again, without the zeroing, on the
 * core (bbi_reserve_core: the search, the bits, the merge state), on 2.4's
 * bit-at-a-time first fit over a copy of the same bitmap (bootmem24.c) and
 * on the reference; then, core only, the core's own zeroing of what came
 * out and libc memset of the same bytes, both from cold caches, taking
 * turns at going first.
 */
#if defined(BENCH_HAVE_PAGE_H)
static __attribute__((noinline)) uint64_t bcore_loop_reserve(struct bb_machine *m, const struct scan_batch *b,
							      uint64_t *failed)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < scan.nallocs; i++) {
		const struct scan_alloc *a = &b->allocs[i];
		uint32_t set[2];
		uint64_t phys = 0;
		int rc = bbi_reserve_core(&m->nodes[0], a->size, a->align, a->goal, &phys, set);
		*failed += rc != 0;
		sum = fold(sum, res(rc, phys));
		bench_zphys[i] = phys;
		bench_zsize[i] = rc ? 0 : a->size;
	}
	return sum;
}

static __attribute__((noinline)) uint64_t bcore_loop_zero(struct bb_machine *m, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (bench_zsize[i])
			evict(bb_phys_to_virt(m, bench_zphys[i]), (size_t)bench_zsize[i]);
	evict_done();
	uint64_t t0 = now_ns();
	for (uint32_t i = 0; i < n; i++)
		if (bench_zsize[i])
			bbi_memzero(bb_phys_to_virt(m, bench_zphys[i]), bench_zsize[i]);
	return now_ns() - t0;
}

static void c_scan_bits(struct sample *s)
{
	uint64_t sum = 0;
	for (uint32_t bi = 0; bi < scan.nbatches; bi++) {
		struct bb_machine *m = bcore_scan_layout(&scan, bi, &sum);
		uint64_t t0 = now_ns();
		sum = fold(sum, bcore_loop_reserve(m, &scan.batches[bi], &s->failed[0]));
		s->ns[0] += now_ns() - t0;
		sum = bcore_scan_state(m, &scan.desc, sum);
		/* Whichever zeroing runs second is about 8% faster, in either order
		 * (the same cold lines, but the pages met once already): they take
		 * turns, batch by batch. */
		if (bi & 1) {
			s->ns[2] += bcore_zero_floor(m, scan.nallocs);
			s->ns[1] += bcore_loop_zero(m, scan.nallocs);
		} else {
			s->ns[1] += bcore_loop_zero(m, scan.nallocs);
			s->ns[2] += bcore_zero_floor(m, scan.nallocs);
		}
		bcore_close(m);
	}
	for (int k = 0; k < 3; k++)
		s->ops[k] = (uint64_t)scan.nbatches * scan.nallocs;
	s->sum = s->sum24 = sum;
}

static __attribute__((noinline)) uint64_t bbase_loop_reserve(struct bm24_node *n, const struct scan_batch *b,
							      uint64_t *failed)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < scan.nallocs; i++) {
		const struct scan_alloc *a = &b->allocs[i];
		uint64_t phys = 0;
		int rc = bm24_alloc(n, a->size, a->align, a->goal, &phys);
		*failed += rc != 0;
		sum = fold(sum, res(rc, phys));
	}
	return sum;
}

static void b_scan_bits(struct sample *s)
{
	uint64_t sum = 0;
	for (uint32_t bi = 0; bi < scan.nbatches; bi++) {
		struct bb_machine *core = bcore_scan_layout(&scan, bi, &sum);
		struct bm24_node *n = bm24_create(core, 0);
		if (!n)
			die_setup("2.4 transcription", "scan_bits: out of memory");
		uint64_t t0 = now_ns();
		sum = fold(sum, bbase_loop_reserve(n, &scan.batches[bi], &s->failed[0]));
		s->ns[0] += now_ns() - t0;
		sum = fold(sum, n->last_pos);
		sum = fold(sum, n->last_offset);
		for (uint32_t i = 0; i < scan.desc.phys_pages; i++)
			sum = fold(sum, (uint64_t)bm24_test(n, i));
		bm24_destroy(n);
		bcore_close(core);
	}
	s->ops[0] = (uint64_t)scan.nbatches * scan.nallocs;
	s->sum24 = sum;
}
#endif

static void r_scan_bits(struct sample *s)
{
	uint64_t sum = 0;
	for (uint32_t bi = 0; bi < scan.nbatches; bi++) {
		struct ref_machine *m = bref_scan_layout(&scan, bi, &sum);
		uint64_t t0 = now_ns();
		sum = fold(sum, bref_loop_scan(m, &scan, &scan.batches[bi], &s->failed[0]));
		s->ns[0] += now_ns() - t0;
		sum = bref_scan_state(m, &scan.desc, sum);
		bref_close(m);
	}
	s->ops[0] = (uint64_t)scan.nbatches * scan.nallocs;
	s->sum = s->sum24 = sum;
}

static const struct bench_scenario scenarios[] = {
	{ .name = "boot", .nmetrics = 4,
	  .rows = {"boot", "boot_alloc", "boot_alloc_zero", "boot_zero"},
	  .units = {"ns/boot", "ns/alloc", "ns/alloc", "ns/boot"},
	  .core_only = 4u | 8u, .core = c_boot, .ref = r_boot },
	{ .name = "scan", .nmetrics = 2, .rows = {"scan", "scan_zero"}, .units = {"ns/alloc", "ns/alloc"},
	  .core_only = 2u, .core = c_scan, .ref = r_scan },
#if defined(BENCH_HAVE_PAGE_H)
	{ .name = "scan_bits", .nmetrics = 3, .rows = {"scan_nozero", "zero_core", "zero_memset"},
	  .units = {"ns/alloc", "ns/alloc", "ns/alloc"}, .core_only = 2u | 4u,
	  .core = c_scan_bits, .ref = r_scan_bits, .base = b_scan_bits },
#endif
};

const struct bench_family bench_bootmem = {
	.plan = plan, .release = release, .nscenarios = sizeof(scenarios) / sizeof(scenarios[0]),
	.scenarios = scenarios,
};

#else /* ---- once per side ---------------------------------------------- */

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

/* Layout @bi of the plan on a fresh machine: everything reserved but the holes. */
static MACH *FN(scan_layout)(const struct scan_plan *sp, uint32_t bi, uint64_t *sum)
{
	const struct scan_batch *b = &sp->batches[bi];
	MACH *m = FN(open)(&sp->desc);
	uint32_t map_bytes = 0, freed = 0;
	MUST(API(init_bootmem_node)(m, 0, 0, 0, sp->desc.phys_pages, &map_bytes));
	for (int j = 0; j < SCAN_HOLES; j++) {
		MUST(API(free_bootmem_node)(m, 0, b->holes[j].start * P, b->holes[j].len * P, &freed));
		*sum = fold(*sum, freed);
	}
	return m;
}

/* The bitmap and the merge state decide what the scan found: fold all of it. */
static uint64_t FN(scan_state)(MACH *m, const struct bb_machine_desc *d, uint64_t sum)
{
	struct bb_node_info ni;
	MUST(API(node_info)(m, 0, &ni));
	sum = fold(sum, ni.last_pos);
	sum = fold(sum, ni.last_offset);
	for (uint32_t i = 0; i < d->phys_pages; i++)
		sum = fold(sum, (uint64_t)(int64_t)API(bootmem_test)(m, 0, i));
	return sum;
}

static void FN(s_scan)(const struct scan_plan *sp, struct sample *s)
{
	const struct bb_machine_desc *d = &sp->desc;
	uint64_t ns = 0, zns = 0, sum = 0;
	for (uint32_t bi = 0; bi < sp->nbatches; bi++) {
		MACH *m = FN(scan_layout)(sp, bi, &sum);
		uint64_t t0 = now_ns();
		sum = fold(sum, FN(loop_scan)(m, sp, &sp->batches[bi], &s->failed[0]));
		ns += now_ns() - t0;
		sum = FN(scan_state)(m, d, sum);
		zns += FN(zero_floor)(m, sp->nallocs);
		FN(close)(m);
	}
	s->ns[0] = ns;
	s->ops[0] = (uint64_t)sp->nbatches * sp->nallocs;
	s->ns[1] = zns;
	s->ops[1] = s->ops[0];
	s->sum = sum;
}

#endif
