/* SPDX-License-Identifier: MIT */
/*
 * mutate_libfuzzer.c - libFuzzer's hooks for the program mutator
 * (mutate.h), linked into every libFuzzer target; BB_TARGET is the target.
 * One mutation in two, and whenever a program edit does not fit the
 * length limit, goes to libFuzzer's own byte mutation, so the byte-level
 * tricks (its dictionary, compare operands, the decoder's compact shapes)
 * keep working. The program edits are the default (since 2026-12-02 they
 * find every seeded bug faster than bytes alone: docs/FUZZING.md, "The
 * program mutator"); with BB_MUTATOR=bytes every mutation is libFuzzer's
 * and there is no splice of programs: the same binary fuzzes as a plain
 * libFuzzer target would.
 */
#include <stdlib.h>
#include <string.h>

#include "mutate.h"

#ifndef BB_TARGET
#error "define BB_TARGET"
#endif

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size, unsigned int seed);
struct exec_record *bb_run_record(void);
void bb_run_done(const uint8_t *data, size_t size, const struct exec_result *r);

static int bytes_only(void)
{
	static int mode = -1;
	if (mode < 0) {
		const char *m = getenv("BB_MUTATOR");
		mode = m && strcmp(m, "bytes") == 0;
	}
	return mode;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	static uint8_t *buf;
	static size_t cap;

	if (bytes_only() || seed % 2 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	if (cap < max_size) {
		uint8_t *b = realloc(buf, max_size);
		if (!b)
			return LLVMFuzzerMutate(data, size, max_size);
		buf = b;
		cap = max_size;
	}
	size_t n = mutate_program(data, size, NULL, 0, BB_TARGET, buf, max_size, seed);
	if (!n)
		return LLVMFuzzerMutate(data, size, max_size);
	memcpy(data, buf, n);
	return n;
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size, unsigned int seed)
{
	if (bytes_only())
		return 0; /* libFuzzer then tries another of its mutations */
	return mutate_program(data1, size1, data2, size2, BB_TARGET, out, max_out_size, seed);
}

/*
 * target.c's hooks: libFuzzer mutates the input it has just run (each
 * mutation of a chain starts from the last one's output), so the run's own
 * record of the program is kept as that input's decode, and the mutation
 * that follows need not run it again on the reference.
 */
struct exec_record *bb_run_record(void)
{
	return bytes_only() ? NULL : mutate_record();
}

void bb_run_done(const uint8_t *data, size_t size, const struct exec_result *r)
{
	mutate_learn(data, size, BB_TARGET, r);
}
