#!/bin/bash -eu
# .clusterfuzzlite/build.sh - build bootbuddy's fuzz targets the OSS-Fuzz way.
#
# Inputs (exported by the OSS-Fuzz/ClusterFuzzLite image, or by hand):
#   SRC, WORK, OUT, CC, CXX, CFLAGS, LIB_FUZZING_ENGINE, SANITIZER
# Output in $OUT: fuzz_<target> for lifetime, bootmem and buddy, each with
# fuzz_<target>_seed_corpus.zip (corpus/<target>/), fuzz_<target>.dict and
# fuzz_<target>.options.
#
# Works without Docker too: ctest `cflite_build_sh` exports the variables and
# runs it (ci/cflite-build-test), then runs every target over the corpus.
set -o pipefail

for v in SRC WORK OUT CC CXX LIB_FUZZING_ENGINE; do
  if [[ -z ${!v:-} ]]; then echo "build.sh: \$$v is not set (OSS-Fuzz variables: SRC WORK OUT CC CXX CFLAGS LIB_FUZZING_ENGINE SANITIZER)" >&2; exit 2; fi
done
CFLAGS=${CFLAGS:-}
SANITIZER=${SANITIZER:-address}
PROJECT=${BOOTBUDDY_SRC:-$SRC/bootbuddy}
PROJECT=$(cd "$PROJECT" 2>/dev/null && pwd -P) || { echo "build.sh: no source folder $SRC/bootbuddy" >&2; exit 2; }
[[ -f $PROJECT/fuzz/target.c ]] || { echo "build.sh: $PROJECT is not the bootbuddy source (no fuzz/target.c)" >&2; exit 2; }
mkdir -p "$WORK" "$OUT"
cd "$(cd "$WORK" && pwd -P)"     # a plain working folder (a symlinked $SRC confuses CMake try_compile)

# The harness and both allocators as static libraries, with the engine's
# CFLAGS (its sanitizer and coverage flags). BB_FUZZERS turns coverage off
# where it only costs (the checking loops): only for libFuzzer-style builds.
fuzzers=OFF
[[ " $CFLAGS " == *"-fsanitize=fuzzer-no-link"* ]] && fuzzers=ON
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$PROJECT" -B "$WORK/build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" -DBB_FUZZERS="$fuzzers" -DBB_WERROR=OFF >/dev/null
cmake --build "$WORK/build" --target bb_exec

libs=$(find "$WORK/build" -name 'libbb_*.a' | sort)
[[ -n $libs ]] || { echo "build.sh: no libbb_*.a under $WORK/build" >&2; exit 1; }

declare -A define=([lifetime]=TARGET_LIFETIME [bootmem]=TARGET_BOOTMEM [buddy]=TARGET_BUDDY)
for t in lifetime bootmem buddy; do
  # shellcheck disable=SC2086 # CFLAGS and LIB_FUZZING_ENGINE are word lists
  $CC $CFLAGS -std=c11 -DBB_TARGET="${define[$t]}" -I"$PROJECT/fuzz" -I"$PROJECT/fuzz/impl" \
    -I"$PROJECT/core/include" -I"$PROJECT/include" -I"$PROJECT/reference" \
    -c "$PROJECT/fuzz/target.c" -o "$WORK/target_$t.o"
  # libFuzzer builds get the program mutator's hooks (BB_MUTATOR=bytes at run time turns them off).
  objs=("$WORK/target_$t.o")
  if [[ $fuzzers == ON ]]; then
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=c11 -DBB_TARGET="${define[$t]}" -I"$PROJECT/fuzz" -I"$PROJECT/fuzz/impl" \
      -I"$PROJECT/core/include" -I"$PROJECT/include" -I"$PROJECT/reference" \
      -c "$PROJECT/fuzz/mutate_libfuzzer.c" -o "$WORK/mutate_$t.o"
    objs+=("$WORK/mutate_$t.o")
  fi
  # The engine's main is C++ (libFuzzer): link with CXX.
  # shellcheck disable=SC2086
  $CXX $CFLAGS "${objs[@]}" -Wl,--start-group $libs -Wl,--end-group $LIB_FUZZING_ENGINE -o "$OUT/fuzz_$t"

  rm -f "$OUT/fuzz_${t}_seed_corpus.zip"
  if command -v zip >/dev/null; then
    (cd "$PROJECT/corpus/$t" && zip -q -X -r "$OUT/fuzz_${t}_seed_corpus.zip" .)
  else
    (cd "$PROJECT/corpus/$t" && python3 -m zipfile -c "$OUT/fuzz_${t}_seed_corpus.zip" ./*)
  fi
  cp "$PROJECT/corpus/bootbuddy.dict" "$OUT/fuzz_$t.dict"
  # The schedule of ci/lib.sh's LIBFUZZER_SCHEDULE: slow seeds get less energy.
  printf '[libfuzzer]\nentropic_scale_per_exec_time = 1\n' >"$OUT/fuzz_$t.options"
done
echo "build.sh: built fuzz_lifetime fuzz_bootmem fuzz_buddy in $OUT (sanitizer $SANITIZER)"
