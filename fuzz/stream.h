/* SPDX-License-Identifier: MIT */
/*
 * stream.h - bb_replay --mutate: an engine's stream of executions without
 * the engine. After an input's own run, program mutations of it are run the
 * way a fuzz target runs them (mutate.h's edits, chained from the input,
 * every other one a splice with the input replayed before, each run's
 * record learned as the next mutation's decode, the boot cache as the
 * run was told), from fixed seeds: the same build always runs the same
 * stream, so its time and callgrind's count of it compare two builds of
 * the harness without an engine's noise (docs/BENCH.md).
 */
#ifndef BB_STREAM_H
#define BB_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"

struct stream_totals {
	long runs, findings, empty; /* empty: a mutation that fit no edit (the chain goes on from the same input) */
	double run_ns, mutate_ns;
	uint64_t digest; /* over every run's outcome */
};

/*
 * @count mutations after input @data (@n bytes, from @path) for target @t,
 * each run with the boot cache when @boot_cache; a finding is printed with
 * the mutation's number and the mutated program, run again in exact mode:
 * that program is the reproducer (the same command line runs the same
 * stream again, but a seed depends on the runs before it). Adds to @s.
 */
void stream_mutations(const char *path, const uint8_t *data, size_t n, enum target_id t, int count,
		      int boot_cache, struct stream_totals *s);

#endif /* BB_STREAM_H */
