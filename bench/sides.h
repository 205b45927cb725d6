/* SPDX-License-Identifier: MIT */
/*
 * sides.h - compile the including file's per-side part once for the core
 * and once for the reference, with direct calls (no indirection is timed).
 *
 * A scenario file defines BENCH_SIDE_FILE as its own name and includes this
 * header; its per-side part sits under #ifdef BENCH_SIDE and may use
 *   API(f)     the side's function for contract function f (bb_f, ref_f)
 *   FN(f)      a name for the file's function f, unique per side (bcore_f, bref_f)
 *   MACH       the side's machine type
 *   HAS_ARENA  1 when the side has memory (the core), 0 for the reference
 *   SIDE_NAME  "core" or "reference"
 * and everything side.h declares. Timed loops are separate noinline
 * functions FN(loop_*), so callgrind can count them (ci/bench).
 */
#define BENCH_SIDE 1

#define API(f) bb_##f
#define FN(f) bcore_##f
#define MACH struct bb_machine
#define HAS_ARENA 1
#define SIDE_NAME "core"
#include "side.h"
#include BENCH_SIDE_FILE
#undef API
#undef FN
#undef MACH
#undef HAS_ARENA
#undef SIDE_NAME

#define API(f) ref_##f
#define FN(f) bref_##f
#define MACH struct ref_machine
#define HAS_ARENA 0
#define SIDE_NAME "reference"
#include "side.h"
#include BENCH_SIDE_FILE
#undef API
#undef FN
#undef MACH
#undef HAS_ARENA
#undef SIDE_NAME

#undef BENCH_SIDE
#undef BENCH_SIDE_FILE
