/* SPDX-License-Identifier: MIT */
/*
 * ceiling.c - the engine ceiling for ci/bench-fuzz: a trivial differential
 * op-sequence target. Bytes become up to 256 push/pop/peek operations on
 * two stacks (an array and a linked pool, both allocated per input as a
 * real harness allocates its machines) that must agree after each one.
 * Built with exactly the flags of the real targets and fed a copy of the
 * same corpus, it measures what libFuzzer or AFL++ can do per second on
 * this machine when the target costs almost nothing; the real targets are
 * reported as a share of it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define CEIL_MAX_OPS 256

struct array_stack {
	uint32_t v[CEIL_MAX_OPS];
	int n;
};

struct node {
	uint32_t v;
	int next; /* index into the pool, -1 at the bottom */
};

struct list_stack {
	struct node pool[CEIL_MAX_OPS];
	int top, used;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct array_stack *a = calloc(1, sizeof(*a));
	struct list_stack *l = calloc(1, sizeof(*l));
	if (!a || !l)
		abort();
	l->top = -1;
	for (size_t i = 0; i + 1 < size && i < 2 * CEIL_MAX_OPS; i += 2) {
		uint8_t op = data[i] % 3, arg = data[i + 1];
		if (op == 0 && a->n < CEIL_MAX_OPS) { /* push */
			a->v[a->n++] = arg;
			l->pool[l->used] = (struct node){arg, l->top};
			l->top = l->used++;
		} else if (op == 1 && a->n > 0) { /* pop */
			uint32_t x = a->v[--a->n], y = l->pool[l->top].v;
			l->top = l->pool[l->top].next;
			if (x != y)
				abort();
		} else if (op == 2) { /* peek */
			if ((a->n > 0) != (l->top >= 0) || (a->n > 0 && a->v[a->n - 1] != l->pool[l->top].v))
				abort();
		}
	}
	free(a);
	free(l);
	return 0;
}
