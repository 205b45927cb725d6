/* SPDX-License-Identifier: MIT */
/*
 * order.c - the order the sides run in: a Williams square, so that over n
 * repetitions (2n for an odd n) every side runs first once and right after
 * every other side once. A side's run leaves the caches and the heap to the
 * next one: while the core always ran right after the large reference
 * (a plain rotation), B fill read core/2.4 0.86-0.89, where the balanced
 * order reads 0.75 (docs/BENCH.md, 2026-12-06).
 */
#include "order.h"

int bench_side_at(int rep, int i, int n)
{
	int j = n % 2 && rep / n % 2 ? n - 1 - i : i; /* odd n: every other square mirrored */
	int w = j % 2 ? (j + 1) / 2 : (n - j / 2) % n; /* 0, 1, n-1, 2, n-2, ... */

	return (w + rep) % n;
}
