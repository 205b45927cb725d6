/* SPDX-License-Identifier: MIT */
/*
 * minimize.c - bb_replay --minimize (minimize.h).
 */
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "minimize.h"
#include "mutate.h"
#include "save.h"

#define MIN_MAX_INPUT (1u << 16) /* an explicit program of BB_MAX_PROGRAM operations fits */

static uint8_t best[MIN_MAX_INPUT], cand[MIN_MAX_INPUT];

/* The signature @data gives into @sig ("" when clean); returns whether it
 * is a finding. A fast run from the boot cache: exec_input re-runs a
 * finding in exact mode, and that names it. */
static int signature_of(const uint8_t *data, size_t n, enum target_id t, char *sig, size_t cap)
{
	struct exec_opts o = {.target = t, .keep_going = 1, .quiet = 1, .boot_cache = 1};
	struct exec_result r;
	int found = exec_input(data, n, &o, &r);
	snprintf(sig, cap, "%s", found ? r.signature : "");
	return found;
}

static int same_finding(const uint8_t *data, size_t n, enum target_id t, const char *sig, long *runs)
{
	char now[sizeof(((struct exec_result *)0)->signature)];
	++*runs;
	return signature_of(data, n, t, now, sizeof(now)) && !strcmp(now, sig);
}

/* How many operations of @data mutate_leave_out may leave out. */
static int removable_of(const uint8_t *data, size_t n, enum target_id t)
{
	int removable = 0;
	mutate_leave_out(data, n, t, 0, 0, cand, sizeof(cand), &removable);
	return removable;
}

int minimize_input(const char *path, const uint8_t *data, size_t n, enum target_id t, const char *out)
{
	char sig[sizeof(((struct exec_result *)0)->signature)];
	if (!signature_of(data, n, t, sig, sizeof(sig))) {
		fprintf(stderr, "bb_replay: %s replays clean: nothing to minimise\n", path);
		return 0;
	}
	size_t nbest = n < sizeof(best) ? n : sizeof(best);
	memcpy(best, data, nbest);
	if (!save_file(out, best, nbest))
		return 2;
	long runs = 1;
	int removable = removable_of(best, nbest, t), before = removable;
	for (int chunk = removable; chunk >= 1;) {
		int removed = 0;
		for (int at = 0; at < removable;) {
			int len = chunk < removable - at ? chunk : removable - at, dummy;
			size_t m = mutate_leave_out(best, nbest, t, at, len, cand, sizeof(cand), &dummy);
			if (m && same_finding(cand, m, t, sig, &runs)) {
				memcpy(best, cand, m);
				nbest = m;
				if (!save_file(out, best, nbest))
					return 2;
				removable = removable_of(best, nbest, t);
				removed = 1;
			} else {
				at += len;
			}
		}
		if (chunk > 1)
			chunk = chunk / 2 < removable ? chunk / 2 : removable;
		else if (!removed)
			break; /* no single operation can go: 1-minimal */
	}
	printf("minimized %s: %zu -> %zu bytes, %d -> %d operations after the setup, %ld runs; %s; in %s\n", path, n,
	       nbest, before, removable, runs, sig, out);
	return 1;
}
