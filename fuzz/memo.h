/* SPDX-License-Identifier: MIT */
/*
 * memo.h - results of a deterministic function of a byte string, kept by
 * those bytes (memo.c). The program mutator keeps its decodes here: an
 * engine hands it the same corpus entries over and over (libFuzzer's
 * splice partner is any entry, and each mutation chain starts from one),
 * and each decode is a run of the input on the reference.
 */
#ifndef BB_MEMO_H
#define BB_MEMO_H

#include <stddef.h>
#include <stdint.h>

/* The value kept for (@key, @data), or NULL; *@len is its length. Valid
 * until the next memo_put. */
const void *memo_get(unsigned key, const uint8_t *data, size_t size, size_t *len);

/* Keep a copy of @value (@len bytes) for (@key, @data), in place of what a
 * slot held before; quietly keeps nothing for an entry over 32 KiB or when
 * memory runs out. */
void memo_put(unsigned key, const uint8_t *data, size_t size, const void *value, size_t len);

/* Hits and misses so far (for tests and profiles). */
void memo_counts(uint64_t *hits, uint64_t *misses);

#endif /* BB_MEMO_H */
