/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what the benchmark scenarios share: sizes, plans (every random
 * choice is made here, once, from fixed seeds, before any clock runs, so
 * core and reference replay exactly the same calls), the PRNG, the clock
 * and the checksum fold.
 */
#ifndef BENCH_H
#define BENCH_H

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

/* ---- plans --------------------------------------------------------------- */

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

/* Scenarios 4 and 5 share one 1 GiB machine; 3 has its own 4 GiB one. */
struct zone_plan {
	struct bb_machine_desc desc;   /* 1 GiB, all low memory */
	struct bb_machine_desc retire; /* 4 GiB, all low memory (scenario 3) */
	uint32_t retire_mapstart;
	uint64_t retire_kernel_end;
	uint32_t pairs, mix_ops;
	uint32_t *rnd;                 /* max(pairs, mix_ops) uniform 32-bit draws */
};

#endif /* BENCH_H */
