/* SPDX-License-Identifier: MIT */
/*
 * retire.c - 3. free_all_bootmem_node on a 4 GiB node, all low memory, with
 * the i386 holes and a kernel image: every free page into the buddy
 * allocator (ns per page handed over). Also the metadata line: the same
 * node's bitmap and mem_map geometry. The per-side part (under BENCH_SIDE,
 * at the end) is compiled once per side by sides.h.
 */
#ifndef BENCH_SIDE
#include <stdio.h>

#include "bench.h"

struct retire_plan {
	struct bb_machine_desc desc;
	uint32_t mapstart;
	uint64_t kernel_end;
};
static struct retire_plan retire;

#define BENCH_SIDE_FILE "retire.c"
#include "sides.h"

static void plan(const struct params *p)
{
	struct bb_machine_desc *r = &retire.desc;
	bench_base_desc(r, p->retire_pages);
	r->nr_ram = 2;
	r->ram[0].start_pfn = 0;
	r->ram[0].end_pfn = 160;
	r->ram[1].start_pfn = 256;
	r->ram[1].end_pfn = p->retire_pages;
	retire.mapstart = (uint32_t)(BENCH_KERNEL_END / P);
	retire.kernel_end = BENCH_KERNEL_END;
}

static void c_retire(struct sample *s) { bcore_s_retire(&retire, s); }
static void r_retire(struct sample *s) { bref_s_retire(&retire, s); }

static const struct bench_scenario scenarios[] = {
	{ .name = "retire", .nmetrics = 1, .rows = {"retire"}, .units = {"ns/page"},
	  .core = c_retire, .ref = r_retire },
};

const struct bench_family bench_retire = {
	.plan = plan, .nscenarios = 1, .scenarios = scenarios,
};

void bench_metadata(enum impl_sel impl, struct meta *mt)
{
	mt->pages = retire.desc.phys_pages;
	if (impl != SEL_BOTH && impl != SEL_CORE)
		return;
	bcore_s_meta(&retire, &mt->ni);
	mt->have = true;
	if (impl == SEL_BOTH) {
		struct bb_node_info rn;
		bref_s_meta(&retire, &rn);
		mt->mismatch = rn.map_bytes != mt->ni.map_bytes || rn.mem_map_bytes != mt->ni.mem_map_bytes ||
			       rn.mem_map_phys != mt->ni.mem_map_phys;
	}
}

#else /* ---- once per side ---------------------------------------------- */

static __attribute__((noinline)) uint32_t FN(loop_retire)(MACH *m)
{
	uint32_t count = 0;
	MUST(API(free_all_bootmem_node)(m, 0, &count));
	return count;
}

static void FN(s_retire)(const struct retire_plan *rp, struct sample *s)
{
	const struct bb_machine_desc *d = &rp->desc;
	MACH *m = FN(open)(d);
	uint32_t map_bytes = 0, twice = 0;
	uint64_t sum = 0;
	MUST(API(init_bootmem_node)(m, 0, rp->mapstart, 0, d->phys_pages, &map_bytes));
	sum = FN(free_ram)(m, d, d->phys_pages, rp->mapstart, map_bytes, sum);
	MUST(API(reserve_bootmem_node)(m, 0, 0, P, &twice));
	MUST(API(reserve_bootmem_node)(m, 0, 0x100000, rp->kernel_end - 0x100000, &twice));
	MUST(API(free_area_init_node)(m, 0));

	uint64_t t0 = now_ns();
	uint32_t count = FN(loop_retire)(m);
	s->ns[0] = now_ns() - t0;
	s->ops[0] = count;
	s->sum = fold(fold(sum, count), FN(state_hash)(m, d->phys_pages));
	FN(close)(m);
}

/* The retire machine's node after free_area_init_node: bitmap and mem_map geometry. */
static void FN(s_meta)(const struct retire_plan *rp, struct bb_node_info *ni)
{
	const struct bb_machine_desc *d = &rp->desc;
	MACH *m = FN(open)(d);
	MUST(API(init_bootmem_node)(m, 0, rp->mapstart, 0, d->phys_pages, NULL));
	MUST(API(free_bootmem_node)(m, 0, 0x100000ull * 16, (uint64_t)d->phys_pages * P / 2, NULL));
	MUST(API(free_area_init_node)(m, 0));
	MUST(API(node_info)(m, 0, ni));
	FN(close)(m);
}

#endif
