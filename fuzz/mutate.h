/* SPDX-License-Identifier: MIT */
/*
 * mutate.h - the program mutator (mutate.c): an input is decoded into its
 * program (machine and operations), edited as a program, and written back
 * in the explicit form, so the new bytes decode to exactly the program
 * built. The engines' hooks (mutate_libfuzzer.c) call it.
 */
#ifndef BB_MUTATE_H
#define BB_MUTATE_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"
#include "text.h"

/* The program @data decodes to for target @t (its machine, every operation
 * that ran, setup included); 0 when the machine was refused and nothing ran. */
int mutate_decode(const uint8_t *data, size_t size, enum target_id t, struct text_program *prog);

/*
 * A target's run is the decode the next mutation wants (libFuzzer mutates
 * the input it has just run): the record for that run's exec_opts.record
 * (emptied), and, after a clean run of @data on target @t with it, its
 * decode kept as mutate_program would keep its own: the last run only, not
 * in the memo (memo.h), which keeps what was decoded on a miss.
 */
struct exec_record *mutate_record(void);
struct exec_result;
void mutate_learn(const uint8_t *data, size_t size, enum target_id t, const struct exec_result *r);

/* @data decoded and written again, unedited, the way mutate_program writes
 * (for the round-trip test: its outputs come back byte for byte). */
size_t mutate_reencode(const uint8_t *data, size_t size, enum target_id t, uint8_t *out, size_t max);

/*
 * @data's program with @n of its operations left out from the @at-th on,
 * written as mutate_program writes (bb_replay --minimize). The operations
 * counted are those after a compact machine's setup, which the machine's
 * bytes bring; *@removable gets how many @data has. Returns the new length,
 * 0 when [@at, @at + @n) is not within them or the output does not fit @max.
 */
size_t mutate_leave_out(const uint8_t *data, size_t size, enum target_id t, int at, int n, uint8_t *out,
			size_t max, int *removable);

/*
 * One to a few program edits of @data (and, with @other, a splice with it),
 * written to @out (at most @max bytes). Deterministic for a given @seed.
 * Returns the new length, 0 when no program edit fits in @max (the caller
 * then mutates bytes instead).
 */
size_t mutate_program(const uint8_t *data, size_t size, const uint8_t *other, size_t other_size,
		      enum target_id t, uint8_t *out, size_t max, uint64_t seed);

#endif /* BB_MUTATE_H */
