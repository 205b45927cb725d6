/* SPDX-License-Identifier: MIT */
/*
 * stream.c - bb_replay --mutate (stream.h).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "exec.h"
#include "mutate.h"
#include "stream.h"

#define STREAM_MAX_INPUT (1u << 16) /* libFuzzer's -max_len in ci/fuzz is 4096 */
#define CHAIN 5                     /* libFuzzer's -mutate_depth: mutations from one input */

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The input replayed before this one: the other half of a splice. */
static uint8_t before[STREAM_MAX_INPUT];
static size_t nbefore;

void stream_mutations(const char *path, const uint8_t *data, size_t n, enum target_id t, int count,
		      int boot_cache, struct stream_totals *s)
{
	static uint8_t cur[STREAM_MAX_INPUT], next[STREAM_MAX_INPUT];
	size_t len = 0;
	struct exec_opts o = {.target = t, .keep_going = 1, .boot_cache = boot_cache};
	for (int k = 0; k < count; k++) {
		if (k % CHAIN == 0) { /* a chain starts from the input */
			len = n < sizeof(cur) ? n : sizeof(cur);
			memcpy(cur, data, len);
		}
		uint64_t seed = 0x9e3779b97f4a7c15ull * (uint64_t)(s->runs + s->empty + 1);
		int splice = k % 2 && nbefore;
		double t0 = now_ns();
		size_t m = mutate_program(cur, len, splice ? before : NULL, splice ? nbefore : 0, t, next,
					  sizeof(next), seed);
		s->mutate_ns += now_ns() - t0;
		if (!m) {
			s->empty++;
			continue;
		}
		struct exec_result r;
		o.record = mutate_record();
		t0 = now_ns();
		int found = exec_input(next, m, &o, &r);
		s->run_ns += now_ns() - t0;
		mutate_learn(next, m, t, &r);
		s->runs++;
		s->digest = (s->digest ^ r.digest) * 0x100000001b3ull;
		if (found) {
			s->findings++;
			printf("FINDING %s, mutation %d: %s; the program:\n", path, k + 1, r.signature);
			struct exec_opts show = {.target = t, .keep_going = 1, .exact = 1, .trace = stdout};
			exec_input(next, m, &show, &r);
		}
		memcpy(cur, next, m);
		len = m;
	}
	nbefore = n < sizeof(before) ? n : sizeof(before);
	memcpy(before, data, nbefore);
}
