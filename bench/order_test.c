/* SPDX-License-Identifier: MIT */
/*
 * order_test.c - bench_side_at() is balanced: for 1..8 sides, each
 * repetition runs every side once, and over one cycle of repetitions each
 * side runs first equally often and right after each other side equally
 * often. Exit 0 when it holds, 1 (with the first failure) when not.
 */
#include <stdio.h>

#include "order.h"

#define MAXN 8

int main(void)
{
	for (int n = 1; n <= MAXN; n++) {
		int cycle = n % 2 ? 2 * n : n, first[MAXN] = {0}, after[MAXN][MAXN] = {{0}};

		for (int rep = 0; rep < cycle; rep++) {
			int seen = 0, prev = -1;
			for (int i = 0; i < n; i++) {
				int s = bench_side_at(rep, i, n);
				if (s < 0 || s >= n || seen >> s & 1) {
					printf("n=%d rep %d: place %d is side %d, out of range or twice\n", n, rep, i, s);
					return 1;
				}
				seen |= 1 << s;
				if (prev < 0)
					first[s]++;
				else
					after[prev][s]++;
				prev = s;
			}
		}
		for (int a = 0; a < n; a++) {
			if (first[a] != cycle / n) {
				printf("n=%d: side %d runs first %d times in %d repetitions\n", n, a, first[a], cycle);
				return 1;
			}
			for (int b = 0; b < n; b++)
				if (a != b && after[a][b] != cycle / n) {
					printf("n=%d: side %d runs right after side %d %d times in %d repetitions\n", n, b,
					       a, after[a][b], cycle);
					return 1;
				}
		}
	}
	printf("bench order: balanced for 1..%d sides\n", MAXN);
	return 0;
}
