/* SPDX-License-Identifier: MIT */
/*
 * mutate_afl.c - AFL++'s custom mutator API around the program mutator
 * (mutate.h), built as afl_mutator_<target>.so for AFL_CUSTOM_MUTATOR_LIBRARY;
 * BB_TARGET is the target. AFL++ runs it as one stage before its havoc,
 * which stays on: the byte-level tricks keep working. When AFL++ offers
 * another queue entry, one call in four splices the two programs.
 *
 * The library runs inside afl-fuzz, so it is plain host code: no
 * sanitizer, no engine instrumentation, only the afl_custom_* symbols
 * exported. Decoding an input runs it on core and reference (that is how
 * its program is known) with findings returned quietly, never aborted on;
 * the queue entry AFL++ mutates many times in a row is decoded once.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mutate.h"

#ifndef BB_TARGET
#error "define BB_TARGET"
#endif

#define BB_EXPORT __attribute__((visibility("default")))

struct afl_mutator {
	uint64_t state; /* the next seed: the sequence follows from AFL++'s seed */
	uint8_t *buf;
	size_t cap;
};

BB_EXPORT void *afl_custom_init(void *afl, unsigned int seed);
BB_EXPORT size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
				 size_t add_buf_size, size_t max_size);
BB_EXPORT const char *afl_custom_describe(void *data, size_t max_description_len);
BB_EXPORT void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	(void)afl;
	struct afl_mutator *m = calloc(1, sizeof(*m));
	if (!m) { /* AFL++ 4.04c does not check: say why, then stop */
		fputs("afl_mutator: out of memory in afl_custom_init\n", stderr);
		abort();
	}
	m->state = (uint64_t)seed << 32;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size)
{
	struct afl_mutator *m = data;
	uint64_t seed = m->state++; /* mutate_program mixes it into its own generator */
	*out_buf = buf; /* never NULL: AFL++ treats that as an error */
	if (m->cap < max_size) {
		uint8_t *b = realloc(m->buf, max_size);
		if (!b)
			return 0; /* nothing to run: AFL++ goes on with its own stages */
		m->buf = b;
		m->cap = max_size;
	}
	int splice = add_buf && add_buf_size && seed % 4 == 0;
	size_t n = mutate_program(buf, buf_size, splice ? add_buf : NULL, splice ? add_buf_size : 0, BB_TARGET, m->buf,
				  max_size, seed);
	if (!n)
		return 0; /* no program edit fits max_size: this round is skipped */
	*out_buf = m->buf;
	return n;
}

/* The name part AFL++ gives the queue entries this stage found. */
const char *afl_custom_describe(void *data, size_t max_description_len)
{
	(void)data;
	return max_description_len >= 7 ? "program" : "";
}

void afl_custom_deinit(void *data)
{
	struct afl_mutator *m = data;
	if (m)
		free(m->buf);
	free(m);
}
