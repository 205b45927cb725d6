#!/usr/bin/env bash
# engine_check.sh ENGINE BINARY CORPUS WORK - the ctest of the fuzz and afl
# presets: the engine binary replays every corpus input without a finding,
# then fuzzes one second from the corpus and must find nothing.
#   ENGINE  libfuzzer (a fuzz_* binary) or afl (an afl_* binary and afl-fuzz)
#   WORK    scratch folder of this test, emptied first; the corpus is only read
# Exit: 0 clean, 1 a finding or an engine error (the log says which),
# 2 bad usage, 77 skip (afl-fuzz missing), 130/143 interrupted.
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: engine_check.sh libfuzzer|afl BINARY CORPUS WORK" >&2; exit 2; }
engine=$1 bin=$2 corpus=$3 work=$4
[[ -x $bin ]] || { echo "engine_check: no binary $bin" >&2; exit 2; }
[[ -d $corpus ]] || { echo "engine_check: no corpus folder $corpus" >&2; exit 2; }
n=$(find "$corpus" -maxdepth 1 -type f ! -name '.*' | wc -l)
[[ $n -gt 0 ]] || { echo "engine_check: $corpus holds no input" >&2; exit 2; }

# The engine runs in a process group of its own; an interrupt ends it too.
child=
stop() { [[ -n $child ]] && kill -TERM -- "-$child" 2>/dev/null; wait 2>/dev/null; exit "$1"; }
trap 'stop 130' INT
trap 'stop 143' TERM
run() { set -m; "$@" & child=$!; set +m; local rc=0; wait "$child" || rc=$?; child=; return "$rc"; }

rm -rf "$work"
mkdir -p "$work/new"
case $engine in
  libfuzzer)
    echo "replay: $n inputs of $corpus through $(basename "$bin") -runs=0"
    run "$bin" -runs=0 "$corpus" >"$work/replay.log" 2>&1 || { cat "$work/replay.log"; echo "FAIL: the corpus replay found something" >&2; exit 1; }
    echo "fuzz: one second from the corpus (new inputs go to $work/new)"
    run "$bin" -max_total_time=1 -artifact_prefix="$work/" "$work/new" "$corpus" >"$work/fuzz.log" 2>&1 ||
      { tail -40 "$work/fuzz.log"; echo "FAIL: one second of fuzzing found something" >&2; exit 1; }
    found=$(find "$work" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'timeout-*' -o -maxdepth 1 -name 'leak-*' -o -maxdepth 1 -name 'oom-*' | wc -l)
    grep -E '^Done [0-9]+ runs' "$work/fuzz.log" || true
    ;;
  afl)
    command -v afl-fuzz >/dev/null || { echo "skipped: afl-fuzz is not installed (apt-get install afl++)"; exit 77; }
    echo "replay: $n inputs of $corpus through $(basename "$bin") on stdin"
    while IFS= read -r -d '' f; do
      run "$bin" <"$f" >"$work/replay.log" 2>&1 || { cat "$work/replay.log"; echo "FAIL: $f" >&2; exit 1; }
    done < <(find "$corpus" -maxdepth 1 -type f ! -name '.*' -print0)
    echo "fuzz: afl-fuzz for one second from the corpus (after its dry run)"
    # No AFL_SKIP_CRASHES: a seed that crashes stops the dry run, and the test fails.
    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 \
      AFL_ALLOW_TMP=1 run afl-fuzz -i "$corpus" -o "$work/out" -V 1 -t 2000+ -- "$bin" >"$work/fuzz.log" 2>&1 ||
      { tail -40 "$work/fuzz.log"; echo "FAIL: afl-fuzz stopped with an error" >&2; exit 1; }
    found=$(find "$work/out" -path '*/crashes/id:*' | wc -l)
    grep -E 'execs_done|saved_crashes' "$work/out/default/fuzzer_stats" || true
    ;;
  *) echo "engine_check: ENGINE is libfuzzer or afl, not '$engine'" >&2; exit 2 ;;
esac
if [[ $found -ne 0 ]]; then
  echo "FAIL: $found finding(s) in $work" >&2
  exit 1
fi
echo "clean: the replay and one second of fuzzing found nothing"
