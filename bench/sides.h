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
 *
 * A file that defines BENCH_WITH_UNCHECKED gets a pass right after the
 * core's on the core without alloc_pages' and free_pages' checks
 * (unchecked.h): API(f) = bbu_f, FN(f) = bunc_f, SIDE_NAME "core
 * unchecked", the core's machine and side.h helpers.
 *
 * A file that also defines BENCH_WITH_BASELINE gets a pass, last, on
 * the 2.4 transcription (baseline24.h): API(f) = bl24_f, FN(f) = bbase_f,
 * MACH = struct bl24_machine, IS_BASELINE 1 (0 on the others), and
 * only MUST() of side.h (the baseline has none of the other helpers).
 */
#define BENCH_SIDE 1

#define API(f) bb_##f
#define FN(f) bcore_##f
#define MACH struct bb_machine
#define HAS_ARENA 1
#define SIDE_NAME "core"
#define IS_BASELINE 0
#include "side.h"
#include BENCH_SIDE_FILE
#include "side_undef.h"

#ifdef BENCH_WITH_UNCHECKED
#include "unchecked.h"
#define API(f) bbu_##f
#define FN(f) bunc_##f
#define MACH struct bb_machine
#define HAS_ARENA 1
#define SIDE_NAME "core unchecked"
#include BENCH_SIDE_FILE
#include "side_undef.h"
#endif

#define API(f) ref_##f
#define FN(f) bref_##f
#define MACH struct ref_machine
#define HAS_ARENA 0
#define SIDE_NAME "reference"
#include "side.h"
#include BENCH_SIDE_FILE
#include "side_undef.h"

#ifdef BENCH_WITH_BASELINE
#include "baseline24.h"
#define API(f) bl24_##f
#define FN(f) bbase_##f
#define MACH struct bl24_machine
#define HAS_ARENA 0
#define SIDE_NAME "2.4 transcription"
#undef IS_BASELINE
#define IS_BASELINE 1
#undef MUST
#define MUST(call) must(#call, SIDE_NAME, (call))
#include BENCH_SIDE_FILE
#include "side_undef.h"
#endif

#undef IS_BASELINE
#undef BENCH_SIDE
#undef BENCH_SIDE_FILE
