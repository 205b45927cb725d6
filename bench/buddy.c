/* SPDX-License-Identifier: MIT */
/*
 * buddy.c - the buddy allocator on a retired 1 GiB node (ZONE_DMA the first
 * 16 MiB, ZONE_NORMAL above), on the core, the reference and the 2.4
 * transcription (baseline24.c), which must hand out the same pfns in the
 * same order: 4. order-0 alloc+free pairs on an empty allocator (only
 * order-9 blocks: workload A), on a fragmented one, and freeing a random
 * live page instead; every free page taken one order-0 page at a time,
 * then all given back in random order (B); 5. a random mix of orders 0-9
 * at about half full (C), then order-0 pairs on what it left (D). The
 * per-side part (under BENCH_SIDE, at the end) is compiled once per side
 * by sides.h.
 */
#ifndef BENCH_SIDE
#include <stdlib.h>

#include "bench.h"

struct zone_plan {
	struct bb_machine_desc desc; /* 1 GiB, all low memory */
	uint32_t pairs, mix_ops;
	uint32_t *rnd;               /* max(pairs, mix_ops) uniform 32-bit draws */
};
static struct zone_plan zone;
static uint32_t *bench_pfns; /* live blocks */
static uint8_t *bench_orders;

#define BENCH_SIDE_FILE "buddy.c"
#define BENCH_WITH_UNCHECKED
#define BENCH_WITH_BASELINE
#include "sides.h"

static void plan(const struct params *p)
{
	bench_base_desc(&zone.desc, p->zone_pages);
	zone.pairs = p->pairs;
	zone.mix_ops = p->mix_ops;
	uint32_t n = p->pairs > p->mix_ops ? p->pairs : p->mix_ops;
	zone.rnd = xcalloc(n ? n : 1, sizeof(*zone.rnd));
	uint64_t seed = 0x0b0dd1e5ull;
	for (uint32_t i = 0; i < n; i++)
		zone.rnd[i] = (uint32_t)(rng_next(&seed) >> 32);
	bench_pfns = xcalloc(BB_MAX_PFN + 1, sizeof(*bench_pfns));
	bench_orders = xcalloc(BB_MAX_PFN + 1, sizeof(*bench_orders));
}

static void release(void)
{
	free(zone.rnd);
	free(bench_pfns);
	free(bench_orders);
}

/* The registry's calls: each scenario on each side, with this file's plan. */
#define SIDES(scen)                                                                   \
	static void c_##scen(struct sample *s) { bcore_s_##scen(&zone, s); }          \
	static void r_##scen(struct sample *s) { bref_s_##scen(&zone, s); }           \
	static void u_##scen(struct sample *s) { bunc_s_##scen(&zone, s); }           \
	static void b_##scen(struct sample *s) { bbase_s_##scen(&zone, s); }
SIDES(order0_empty)
SIDES(order0_frag)
SIDES(order0_frag_rand)
SIDES(fill_free)
SIDES(mix)
#define ON_SIDES(scen) .core = c_##scen, .ref = r_##scen, .unchecked = u_##scen, .base = b_##scen

static const struct bench_scenario scenarios[] = {
	{ .name = "order0_empty", .nmetrics = 1, .rows = {"order0_empty"}, .units = {"ns/pair"},
	  ON_SIDES(order0_empty) },
	{ .name = "order0_frag", .nmetrics = 1, .rows = {"order0_frag"}, .units = {"ns/pair"},
	  ON_SIDES(order0_frag) },
	{ .name = "order0_frag_rand", .nmetrics = 1, .rows = {"order0_frag_rand"}, .units = {"ns/pair"},
	  ON_SIDES(order0_frag_rand) },
	{ .name = "fill_free", .nmetrics = 2, .rows = {"fill_order0", "free_random"},
	  .units = {"ns/page", "ns/page"}, ON_SIDES(fill_free) },
	{ .name = "mix", .nmetrics = 2, .rows = {"mix", "pair_after_mix"}, .units = {"ns/op", "ns/pair"},
	  ON_SIDES(mix) },
};

const struct bench_family bench_buddy = {
	.plan = plan, .release = release, .nscenarios = 5, .scenarios = scenarios,
};

#else /* ---- once per side ---------------------------------------------- */

/*
 * A retired 1 GiB node: ZONE_DMA [0, 16 MiB), ZONE_NORMAL above, all free
 * but metadata. The baseline copies the core's (whose pass ran first).
 */
#if IS_BASELINE
static MACH *FN(zone_machine)(const struct zone_plan *zp)
{
	MACH *m = bl24_create(bcore_zone_machine(zp));
	if (!m)
		die_setup(SIDE_NAME, "out of memory");
	return m;
}
#else
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
#endif

/* The free lists of every zone, head first, and their counts: what all three sides can report. */
static uint64_t FN(lists_hash)(MACH *m)
{
	uint64_t h = 0;
	for (int z = 0; z < BB_NR_ZONES; z++) {
		struct bb_zone_info zi;
		MUST(API(zone_info)(m, 0, z, &zi));
		h = fold(h, zi.free_pages);
		for (unsigned k = 0; k < BB_MAX_ORDER; k++) {
			uint32_t len = API(free_list)(m, 0, z, k, bench_buf, BB_MAX_PFN);
			h = fold(h, len);
			for (uint32_t i = 0; i < len && i < BB_MAX_PFN; i++)
				h = fold(h, bench_buf[i]);
		}
	}
	return h;
}

/* The end of a repetition: fold the end state into the checksums (the whole state where the
 * side can report it), close the machine. */
static void FN(finish)(MACH *m, const struct zone_plan *zp, uint64_t sum, struct sample *s)
{
	s->sum24 = fold(sum, FN(lists_hash)(m));
#if IS_BASELINE
	(void)zp;
	bl24_destroy(m);
#else
	s->sum = fold(sum, FN(state_hash)(m, zp->desc.phys_pages));
	FN(close)(m);
#endif
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

/* Time the plan's order-0 pairs on @m, fold its end state into @sum, close @m. */
static void FN(time_pairs)(MACH *m, const struct zone_plan *zp, uint64_t sum, struct sample *s)
{
	uint64_t t0 = now_ns();
	sum = fold(sum, FN(loop_pairs)(m, zp->pairs));
	s->ns[0] = now_ns() - t0;
	s->ops[0] = zp->pairs;
	FN(finish)(m, zp, sum, s);
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
		die_setup(SIDE_NAME, "order0_empty: ZONE_NORMAL is not only order-9 blocks");
	FN(time_pairs)(m, zp, sum, s);
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
	FN(time_pairs)(m, zp, sum, s);
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
	FN(finish)(m, zp, sum, s);
}

static __attribute__((noinline)) uint64_t FN(loop_fill)(MACH *m, uint32_t *n)
{
	uint64_t sum = 0;
	uint32_t i = 0;
	while (API(alloc_pages)(m, 0, BB_GFP_KERNEL, 0, &bench_pfns[i]) == BB_OK)
		sum = fold(sum, bench_pfns[i++]);
	*n = i;
	return sum;
}

static __attribute__((noinline)) uint64_t FN(loop_free)(MACH *m, uint32_t n)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum = fold(sum, (uint64_t)(int64_t)API(free_pages)(m, bench_pfns[i], 0));
	return sum;
}

/* B. Every free page taken as an order-0 page (NORMAL, then DMA), then all freed in random order. */
static void FN(s_fill_free)(const struct zone_plan *zp, struct sample *s)
{
	MACH *m = FN(zone_machine)(zp);
	uint32_t n = 0;
	uint64_t t0 = now_ns();
	uint64_t sum = FN(loop_fill)(m, &n);
	s->ns[0] = now_ns() - t0;
	s->ops[0] = n;
	/* a fixed shuffle of what came out (the same pfns on every side) */
	uint64_t seed = 0xf4ee5eedull;
	for (uint32_t i = n; i > 1; i--) {
		uint32_t j = rng_below(&seed, i), t = bench_pfns[i - 1];
		bench_pfns[i - 1] = bench_pfns[j];
		bench_pfns[j] = t;
	}
	t0 = now_ns();
	sum = fold(sum, FN(loop_free)(m, n));
	s->ns[1] = now_ns() - t0;
	s->ops[1] = n;
	FN(finish)(m, zp, sum, s);
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

/* 5. Orders 0-9 at random, alloc below half fill, free a random live block above it (C);
 * then order-0 pairs on the state it left (D). */
static void FN(s_mix)(const struct zone_plan *zp, struct sample *s)
{
	MACH *m = FN(zone_machine)(zp);
	uint32_t target = FN(normal)(m).free_pages / 2;
	uint64_t t0 = now_ns();
	uint64_t sum = FN(loop_mix)(m, zp->rnd, zp->mix_ops, target, &s->failed[0]);
	s->ns[0] = now_ns() - t0;
	s->ops[0] = zp->mix_ops;
	t0 = now_ns();
	sum = fold(sum, FN(loop_pairs)(m, zp->pairs));
	s->ns[1] = now_ns() - t0;
	s->ops[1] = zp->pairs;
	FN(finish)(m, zp, sum, s);
}

#endif
