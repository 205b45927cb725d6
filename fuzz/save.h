/* SPDX-License-Identifier: MIT */
/* save.h - bb_replay's output files, written whole or not at all. */
#ifndef BB_SAVE_H
#define BB_SAVE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Write @n bytes to @path through @path.tmp and a rename, so that a reader,
 * or a kill in the middle, sees the old file or the new one, never part of
 * one. Returns 1, or 0 after saying why on stderr (the old file untouched,
 * the temporary one removed).
 */
int save_file(const char *path, const uint8_t *data, size_t n);

#endif /* BB_SAVE_H */
