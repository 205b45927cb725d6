/* SPDX-License-Identifier: MIT */
/*
 * exec.h - run one input on core and reference side by side and stop at
 * the first divergence, broken invariant or memory finding.
 */
#ifndef BB_EXEC_H
#define BB_EXEC_H

#include <stdint.h>
#include <stdio.h>

#include "program.h"

/* Every operation run, with the reference's result (for --emit-c). */
struct exec_record {
	struct bb_machine_desc desc;
	int n;
	struct op op[BB_MAX_OPS + 80];
	int ret[BB_MAX_OPS + 80];
	uint64_t out[BB_MAX_OPS + 80];
};

struct bb_impl;

struct exec_opts {
	enum target_id target;
	FILE *trace;     /* print the program with results as it runs; NULL = quiet */
	int keep_going;  /* on a finding, return it instead of aborting (replay of many files) */
	int quiet;       /* with keep_going: no report on stderr (the program mutator's decode) */
	int exact;       /* compare the whole state and run bb_check after every operation
			  * (triage); otherwise each operation's footprint, and the whole
			  * state at check() and at the end */
	struct exec_record *record; /* NULL, or where to record the program */
	int reference_only; /* run the reference alone, compare nothing: the program
			     * mutator's decode, which needs only the live state */
	int boot_cache; /* start an input on a machine booted before from the state
			 * that boot left (fuzz/bootcache.h); fast mode only, and
			 * a finding is re-run from a boot before it is reported */
};

struct exec_result {
	int nops;             /* operations run, setup included */
	uint32_t pages;       /* the machine's phys_pages: what the input's cost scales with */
	int machine_refused;  /* both sides refused the machine (this BB_E* code): nothing ran */
	uint64_t digest;      /* FNV-1a over every operation and its result */
	char signature[160];  /* e.g. "DIVERGE alloc_bootmem.addr"; empty when clean */
};

/* Returns 0 when clean, 1 with r->signature set on a finding (keep_going only). */
int exec_input(const uint8_t *data, size_t size, const struct exec_opts *o, struct exec_result *r);

/* Empty the boot cache (exec_opts.boot_cache): the next input boots; and
 * how many runs so far started from it. */
void exec_forget_boot(void);
unsigned long exec_boot_cache_hits(void);

/* The engine's coverage map the boot cache keeps and puts back (libFuzzer's
 * inline counters in preset fuzz, AFL++'s map on x86-64 in preset afl), or
 * NULL with *len 0 in a build without one. */
uint8_t *exec_coverage_map(size_t *len);

/* One operation on one implementation; *out gets what the call returns. */
int exec_run_op(const struct bb_impl *im, void *m, const struct op *op, uint64_t *out);

#endif /* BB_EXEC_H */
