/* SPDX-License-Identifier: MIT */
/*
 * cursor.c - the decoder's byte reader (program.h). A file of its own so
 * that fuzzer builds compile it without trace-cmp: its bounds tests compare
 * positions, not input values, and were 6% of a fuzzing process's time
 * in compare callbacks that told libFuzzer nothing.
 */
#include "program.h"

uint64_t cursor_bytes(struct cursor *c, int nbytes)
{
	uint64_t v = 0;
	for (int i = 0; i < nbytes; i++) {
		uint64_t b = c->pos < c->size ? c->data[c->pos] : 0;
		c->pos++;
		v |= b << (8 * i);
	}
	return v;
}
