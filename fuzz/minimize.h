/* SPDX-License-Identifier: MIT */
/*
 * minimize.h - bb_replay --minimize: a finding with as few operations as
 * still give it. Delta debugging over the program (Zeller's ddmin, one
 * direction): leave out chunks of operations, halving the chunk when no
 * chunk can go, until no single operation can; a candidate is kept when
 * its exact-mode signature (what ci/triage files it under) is the
 * input's. Deterministic, and done when nothing more can go, where
 * libFuzzer's -minimize_crash spends its whole time budget on its last
 * step (docs/TRIAGE.md).
 */
#ifndef BB_MINIMIZE_H
#define BB_MINIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "program.h"

/*
 * Minimise input @data (@n bytes, read from @path) of target @t into the
 * file @out, written again after every step that kept a smaller program,
 * so an interrupt (or a candidate that kills the process: a sanitizer
 * report) leaves the best one found so far. Prints one summary line.
 * Returns 1 when @out holds the minimised finding, 0 when @data replays
 * clean (nothing is written), 2 when @out cannot be written.
 */
int minimize_input(const char *path, const uint8_t *data, size_t n, enum target_id t, const char *out);

#endif /* BB_MINIMIZE_H */
