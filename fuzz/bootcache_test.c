/* SPDX-License-Identifier: MIT */
/*
 * bootcache_test.c - what the boot cache (bootcache.h) keys on and puts
 * back, beyond bb_replay --boot-cache --latency (which reruns the same
 * bytes): an input whose other bytes give the same machine starts from the
 * cache with the counters it gives when it boots (its own decode's); the
 * same bytes do too; and, where libFuzzer's stack-depth mark exists (preset fuzz),
 * a run from the cache leaves the mark a booting run leaves, measured from
 * where the run started, whatever the depth the kept boot ran at. The
 * counters are libFuzzer's (preset fuzz) or AFL++'s map (preset afl).
 * No coverage of its own (CMakeLists.txt): it compares the counters.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "exec.h"
#include "mutate.h"
#include "text.h"

#if defined(BB_SANCOV)
extern __thread uintptr_t __sancov_lowest_stack;
#endif

static int failures;
static uint8_t booted_cov[1 << 22], cached_cov[1 << 22]; /* AFL++'s map is 2 MiB outside afl-fuzz */

/* The map the boot cache puts back (exec_coverage_map), when it fits our buffers. */
static uint8_t *cov_map(size_t *n)
{
	uint8_t *map = exec_coverage_map(n);
	if (*n > sizeof(booted_cov))
		*n = 0;
	return map;
}

static size_t ncov(void)
{
	size_t n;
	cov_map(&n);
	return n;
}

/* One run of a buddy input with the cache on; how far below its start the stack mark went. */
static __attribute__((noinline)) long run(const uint8_t *in, size_t n, uint8_t *cov)
{
#if defined(BB_SANCOV)
	volatile int here;
	uintptr_t start = (uintptr_t)&here;
	__sancov_lowest_stack = start;
#endif
	struct exec_opts o = {.target = TARGET_BUDDY, .keep_going = 1, .quiet = 1, .boot_cache = 1};
	struct exec_result r;
	size_t nmap;
	uint8_t *map = cov_map(&nmap);
	if (nmap)
		memset(map, 0, nmap);
	if (exec_input(in, n, &o, &r))
		printf("FAIL: a finding: %s\n", r.signature), failures++;
	if (nmap)
		memcpy(cov, map, nmap);
#if defined(BB_SANCOV)
	return (long)(start - __sancov_lowest_stack);
#else
	return 0;
#endif
}

/* The same, 16 KiB further down the stack. */
static __attribute__((noinline)) long run_deeper(const uint8_t *in, size_t n, uint8_t *cov, int k)
{
	volatile char pad[4096];
	pad[0] = (char)k;
	long d = k ? run_deeper(in, n, cov, k - 1) : run(in, n, cov);
	return d + pad[0] * 0;
}

static void expect(int ok, const char *what)
{
	if (!ok)
		printf("FAIL: %s\n", what), failures++;
}

int main(void)
{
	/* Two buddy machines from other bytes: the size byte 7 is clamped to
	 * the 4,144 pages the size byte 3 gives (decode.c), the rest is equal. */
	uint8_t a[64], b[64];
	const uint8_t head_a[] = {0, 0, 3, 0x30, 1, 0, 0}, head_b[] = {0, 0, 7, 0xf0, 1, 0, 0};
	memcpy(a, head_a, sizeof(head_a));
	memcpy(b, head_b, sizeof(head_b));
	for (size_t i = sizeof(head_a); i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 37 + 11);
	static struct text_program pa, pb;
	mutate_decode(a, sizeof(a), TARGET_BUDDY, &pa);
	mutate_decode(b, sizeof(b), TARGET_BUDDY, &pb);
	expect(!memcmp(&pa.desc, &pb.desc, sizeof(pa.desc)) && pa.nops > 0 && pa.nops == pb.nops &&
		       !memcmp(pa.ops, pb.ops, sizeof(pa.ops[0]) * (size_t)pa.nops),
	       "the two inputs no longer boot one machine with one program (pick another pair)");

	/* A process's first runs map and poison its arena once (memcheck.c):
	 * coverage a later run does not have, cache or not. */
	run(a, sizeof(a), booted_cov);
	run(b, sizeof(b), booted_cov);
	exec_forget_boot();
	run(b, sizeof(b), booted_cov); /* b booted */
	exec_forget_boot();
	long booted = run(a, sizeof(a), cached_cov); /* a booted and kept */
	unsigned long hits = exec_boot_cache_hits();
	run(b, sizeof(b), cached_cov); /* b from a's boot */
	expect(exec_boot_cache_hits() == hits + 1, "another input on the same machine did not start from the cache");
	expect(!memcmp(booted_cov, cached_cov, ncov()),
	       "an input started from another input's boot gave other counters than when it boots (its own decode's)");

	exec_forget_boot();
	booted = run(a, sizeof(a), booted_cov);
	hits = exec_boot_cache_hits();
	long cached = run(a, sizeof(a), cached_cov);
	expect(exec_boot_cache_hits() == hits + 1, "the same bytes did not start from the cache");
	expect(!memcmp(booted_cov, cached_cov, ncov()), "a run from the cache gave other counters than a booting run");
	expect(cached == booted, "a run from the cache left another stack mark than a booting run");

	exec_forget_boot();
	run_deeper(a, sizeof(a), booted_cov, 4); /* kept 16 KiB further down */
	cached = run(a, sizeof(a), cached_cov);
	expect(cached == booted, "a run from a boot kept deeper in the stack left another stack mark");

	/* An explicit machine (the encoder's raw form, as a text program reads
	 * back): its raw boot is its setup, so another program after the same
	 * boot starts from the cache, with its own counters. */
	static struct text_program pe;
	static uint8_t x[1 << 16], y[1 << 16];
	pe = pa;
	pe.target = TARGET_BUDDY;
	size_t nx = encode_program(&pe, x, sizeof(x));
	pe.nops--; /* the same boot, one operation fewer at the end */
	size_t ny = encode_program(&pe, y, sizeof(y));
	expect(nx > ny && ny > 0 && x[0] == 0xff, "the encoder no longer writes an explicit machine");
	struct machine_plan synth, raw;
	struct cursor ca = {.data = a, .size = sizeof(a)}, cy = {.data = y, .size = ny};
	decode_machine(&ca, TARGET_BUDDY, &synth);
	decode_machine(&cy, TARGET_BUDDY, &raw);
	expect(raw.explicit_machine && raw.nsetup >= synth.nsetup && synth.nsetup > 0 &&
		       !memcmp(raw.setup, synth.setup, sizeof(synth.setup[0]) * (size_t)synth.nsetup),
	       "an explicit machine's raw boot is not its setup");
	exec_forget_boot();
	run(y, ny, booted_cov); /* y booted */
	exec_forget_boot();
	run(x, nx, cached_cov); /* x booted and kept */
	hits = exec_boot_cache_hits();
	run(y, ny, cached_cov); /* y from x's boot */
	expect(exec_boot_cache_hits() == hits + 1, "another program after the same explicit boot did not start from the cache");
	expect(!memcmp(booted_cov, cached_cov, ncov()),
	       "a program started from another explicit program's boot gave other counters than when it boots");

	printf("%s: boot cache keys and restores (%zu counters compared, stack mark %ld bytes)\n",
	       failures ? "FAIL" : "PASS", ncov(), booted);
	return failures != 0;
}
