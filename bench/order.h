/* SPDX-License-Identifier: MIT */
/*
 * order.h - the order the sides run in, repetition by repetition.
 */
#ifndef BENCH_ORDER_H
#define BENCH_ORDER_H

/* Which of @n sides (0..n-1) runs in place @i (0..n-1) of repetition @rep (>= 0). */
int bench_side_at(int rep, int i, int n);

#endif /* BENCH_ORDER_H */
