/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what the benchmark's scenario files share: the sizes of a run,
 * the PRNG (every random choice is made in a file's plan, once, from fixed
 * seeds, before any clock runs, so core and reference replay exactly the
 * same calls), the clock, the checksum fold and the registry through which
 * each file hands its scenarios to bench.c.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bb_contract.h"

#define P ((uint64_t)BB_PAGE_SIZE)

/* Sizes of one run: full (the targets) or --quick (the ctest smoke run). */
struct params {
	uint32_t boot_pages;    /* scenario 1: physical pages of the i386-like machine */
	uint32_t boot_allocs;   /* alloc_bootmem calls during the boot */
	uint32_t scan_pages;    /* scenario 2: the fragmented node */
	uint32_t scan_batches;  /* fresh fragmented layouts per repetition */
	uint32_t scan_allocs;   /* allocations per layout */
	uint32_t retire_pages;  /* scenario 3: the all-low node retired into buddy */
	uint32_t zone_pages;    /* scenarios 4 and 5: the node holding the 1 GiB zone */
	uint32_t pairs;         /* scenario 4: alloc/free pairs */
	uint32_t mix_ops;       /* scenario 5: random-mix operations */
};

/* One timed run of one scenario on one implementation. */
#define BENCH_MAX_METRICS 4
struct sample {
	uint64_t ns[BENCH_MAX_METRICS];  /* whole timed loops */
	uint64_t ops[BENCH_MAX_METRICS];
	uint64_t failed[BENCH_MAX_METRICS]; /* timed calls that returned an error (ENOMEM) */
	uint64_t sum;                    /* every result and the end state, folded */
	uint64_t sum24;                  /* the results and the free lists only: what the 2.4 baseline can say too */
};

/* ---- PRNG: splitmix64, fixed seeds only ---------------------------------- */

static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0), by multiply-shift: no division. */
static inline uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((rng_next(s) >> 32) * (uint64_t)n) >> 32);
}

/* ---- clock and checksum --------------------------------------------------- */

static inline uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Order-sensitive and cheap enough to sit inside a timed loop. */
static inline uint64_t fold(uint64_t h, uint64_t x)
{
	return ((h << 7) | (h >> 57)) ^ x;
}

/* A call's result: the error code, or the value it returned. */
static inline uint64_t res(int rc, uint64_t v)
{
	return rc ? (uint64_t)(int64_t)rc : v;
}

/* ---- what every scenario file shares (defined in bench/side.c) --------- */

extern uint32_t *bench_buf; /* a free-list dump, BB_MAX_PFN + 1 entries */

/* A setup call that must succeed (a failure here is a bug, not a timing): exit 1. */
void must(const char *call, const char *impl, int rc);
void die_setup(const char *impl, const char *what);
void *xcalloc(size_t n, size_t size);

/* One node of @pages pages, all RAM and low memory, DMA the first 16 MiB, a
 * 2.4-sized kernel image at 1 MiB that ends (bss included) at BENCH_KERNEL_END. */
void bench_base_desc(struct bb_machine_desc *d, uint32_t pages);
#define BENCH_KERNEL_END 0x3c0000ull

/* ---- the registry: scenario files describe themselves, bench.c runs them -- */

enum impl_sel { SEL_BOTH, SEL_CORE, SEL_REF, SEL_BASE, SEL_UNCHECKED }; /* SEL_BOTH: every side there is */

struct opts {
	int reps, warmup;
	bool quick;
	enum impl_sel impl;
	const char *only;
	const char *json;
	const char *fuzz_root; /* where to look for build/<preset>/fuzz/ and corpus/ */
};

/*
 * One scenario: @core and @ref (and @base, when set) run one repetition
 * each on the plan their file made, filling a sample with @nmetrics timed
 * loops (one table row each). Core and reference must agree on sum, all
 * three on sum24. A scenario that times something else (the fuzz targets) has @run
 * instead, which adds its own rows.
 */
struct bench_scenario {
	const char *name;               /* what --only selects */
	int nmetrics;
	const char *rows[BENCH_MAX_METRICS];
	const char *units[BENCH_MAX_METRICS];
	unsigned core_only;             /* bit k: row k is timed on the core alone */
	void (*core)(struct sample *s);
	void (*ref)(struct sample *s);
	void (*base)(struct sample *s); /* the 2.4 transcription (baseline24.h), or NULL */
	void (*unchecked)(struct sample *s); /* the core without the checks (unchecked.h), or NULL */
	void (*run)(const struct opts *o);
};

/* One file of scenarios: its plan (every random choice, before any clock), its scenarios.
 * @plan and @release may be NULL. */
struct bench_family {
	void (*plan)(const struct params *p);
	void (*release)(void);
	int nscenarios;
	const struct bench_scenario *scenarios;
};

/* In table order; each in its own file. */
extern const struct bench_family bench_bootmem; /* bootmem.c: boot, scan */
extern const struct bench_family bench_retire;  /* retire.c: retire */
extern const struct bench_family bench_buddy;   /* buddy.c: order0_*, mix */
extern const struct bench_family bench_fuzz;    /* fuzz_rate.c: the harness under its engines */

/* bench.c: a row of text only (figures from outside the sides); @binary may be NULL. */
void bench_text_row(const char *name, const char *text, const char *binary, double execs);

/* retire.c: the metadata line, the retire machine's node after free_area_init_node. */
struct meta {
	bool have;
	struct bb_node_info ni;
	uint32_t pages;
	int core_page_bytes; /* the core's metadata bytes a page (PAGE_META_BYTES), 0 when unknown */
	bool mismatch;       /* core and reference disagree on the geometry */
};
void bench_metadata(enum impl_sel impl, struct meta *mt);

#endif /* BENCH_H */
