#!/usr/bin/env bash
# tools_interrupt.sh ROOT - every long-running ci/ tool, started as a user
# would (a process group of its own) and interrupted a few seconds in with SIGINT to its
# process group (what Ctrl-C sends), must exit 130, leave no process of its
# run behind (AFL++ targets, which setsid themselves, included) and leave
# corpus/ and crashes/ exactly as they were.
# Exit 0 all pass, 1 a tool failed one of these, 2 bad usage, 77 skipped (no clang or afl++).
set -uo pipefail
[[ $# -eq 1 && -d $1/ci ]] || { echo "usage: tools_interrupt.sh ROOT" >&2; exit 2; }
cd "$1" || exit 2
root=$PWD
log_dir=$root/work/tools-interrupt
rm -rf "$log_dir"
mkdir -p "$log_dir"

state() { find corpus crashes -printf '%p %s %m %T@\n' 2>/dev/null | LC_ALL=C sort | sha1sum; }
# Processes of a run: a binary of this tree (build/...), an engine, or one of
# its ci/ scripts (working in this tree), except this script and its parents.
ancestors=" $$ "
p=$$
while p=$(awk '/^PPid:/ {print $2}' "/proc/$p/status" 2>/dev/null) && [[ -n $p && $p != 0 ]]; do ancestors+="$p "; done
# This script's own subshells ($(ours) among them) share its command line:
# never count them. A ci/ script is a command word that is or ends in ci/NAME
# (a tree cloned to /tmp/cleanci/ must not make every process look like one).
self_cmd=$(tr '\0' ' ' <"/proc/$$/cmdline")
ours() {
  local d pid exe cwd cmd
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [[ $ancestors == *" $pid "* ]] && continue
    exe=$(readlink "$d/exe" 2>/dev/null) || continue
    cwd=$(readlink "$d/cwd" 2>/dev/null) || cwd=
    cmd=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) || cmd=
    [[ $cmd == "$self_cmd" ]] && continue
    if [[ $exe == "$root"/build/* || $exe == */afl-fuzz || $exe == */qemu-system-i386 ||
          ($cwd == "$root"* && " $cmd" == *[\ /]ci/*) ]]; then
      echo "$pid"
    fi
  done
}

fails=0
case_pid=
trap '[[ -n $case_pid ]] && kill -KILL -- "-$case_pid" 2>/dev/null; exit 130' INT TERM

# one NAME AFTER CMD... - run CMD, interrupt it AFTER seconds in, check the rules.
# AFTER may be PATTERN+SECONDS: SECONDS after the log first shows PATTERN.
one() {
  local name=$1 after=$2 rc=0 left before_state pattern=
  shift 2
  if [[ $after == *+* ]]; then pattern=${after%+*}; after=${after##*+}; fi
  before_state=$(state)
  # Job control on: the tool gets a process group of its own, as in a
  # terminal, and SIGINT is not ignored (without it, bash starts background
  # commands with SIGINT ignored, and an ignored signal cannot be trapped).
  set -m
  "$@" >"$log_dir/$name.log" 2>&1 </dev/null &
  case_pid=$!
  set +m
  if [[ -n $pattern ]]; then
    local w=0
    while ! grep -q -- "$pattern" "$log_dir/$name.log" 2>/dev/null && ((w < 180)); do sleep 1; w=$((w + 1)); done
  fi
  sleep "$after"
  kill -INT -- "-$case_pid" 2>/dev/null
  local waited=0
  while kill -0 "$case_pid" 2>/dev/null && ((waited < 60)); do sleep 1; waited=$((waited + 1)); done
  if kill -0 "$case_pid" 2>/dev/null; then
    echo "FAIL $name: still running 60 s after SIGINT"
    kill -KILL -- "-$case_pid" 2>/dev/null
    fails=$((fails + 1))
  fi
  wait "$case_pid" 2>/dev/null || rc=$?
  case_pid=
  sleep 1
  left=$(ours)
  if [[ $rc -ne 130 ]]; then
    echo "FAIL $name: exit $rc after SIGINT, want 130 (log: $log_dir/$name.log)"
    fails=$((fails + 1))
  elif [[ -n $left ]]; then
    echo "FAIL $name: processes left behind:"; ps -o pid,ppid,stat,args -p "$(tr '\n' ',' <<<"$left" | sed 's/,$//')" || true
    kill -KILL $left 2>/dev/null
    fails=$((fails + 1))
  elif [[ $(state) != "$before_state" ]]; then
    echo "FAIL $name: corpus/ or crashes/ changed"
    fails=$((fails + 1))
  else
    echo "ok   $name: exit 130 after ${pattern:+"$pattern" + }${after}s, nothing left, corpus/ and crashes/ unchanged"
  fi
}

for tool in clang afl-fuzz; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (./ci/test --presets default installs it)"; exit 77; }
done
[[ -z $(ours) ]] || { echo "tools_interrupt: processes of ours already run; stop them first:"; ours; exit 2; }
# The fuzz trees first, so that the interrupts land while the engines run.
echo "building the fuzz and afl presets (once)"
{ cmake --preset fuzz && cmake --build --preset fuzz && cmake --preset afl && cmake --build --preset afl; } \
  >"$log_dir/build.log" 2>&1 || { echo "tools_interrupt: the builds failed, see $log_dir/build.log"; exit 1; }

one fuzz 12 ./ci/fuzz --seconds 120 --target bootmem
one fuzz-gate 12 env FUZZ_SECONDS=120 ./ci/fuzz-gate --target bootmem
one bench-fuzz 12 ./ci/bench-fuzz --seconds 60 --target bootmem --json "$log_dir/bench.json"
# A whole from-scratch merge of every target (about 30 s here): a merge of
# new entries alone ends at once when there are none, before the signal.
one corpus-merge "merging with libfuzzer+3" ./ci/corpus-merge --target all --no-new --dry-run
one profile-fuzz "fuzzing fuzz_+3" ./ci/profile-fuzz --seconds 60 --target bootmem
# The hunt must still be running when the signal lands. Bug 14 needs a
# 32768 + k page node: with libFuzzer's byte mutations alone it took 4.5 s
# at the least from one empty input (21-41 s with -seed=1); the program
# mutator, the default, finds it in 1-5 s, too soon. The build case lands
# 1 s after the build starts: inside it on a fresh tree, and still before
# the bug is found when the mutant tree was built already.
one mutants-build "==> building+1" ./ci/mutants --only 14 --seconds 60 --no-corpus --mutator bytes
one mutants-hunt "hunting each bug+1" ./ci/mutants --only 14 --seconds 120 --no-corpus --mutator bytes
# About 7 s of scenarios, so the signal lands inside them (fill_free alone
# took 13 s while the reference's random-order free was quadratic; now 0.2 s).
one bench "bench: fill_free+1" ./ci/bench --no-fuzz --no-evidence --only fill_free,mix,order0_empty --reps 21
one qemu-smoke "qemu-smoke: kernel+2" ./ci/qemu-smoke --sizes "3G 1G 512M" --cpus 486
# inputs triage has not seen, this run or before (its norepro cache keeps
# every input that replayed clean): each corpus entry plus a fresh tail
mkdir -p "$log_dir/inputs"
stamp=$(date +%s%N)
for f in $(ls corpus/buddy | head -300); do { cat "corpus/buddy/$f"; printf '%s' "$stamp"; } >"$log_dir/inputs/$f"; done
one triage 4 ./ci/triage --no-build --target buddy --out "$log_dir/triage-out" "$log_dir/inputs"
if [[ $fails -gt 0 ]]; then echo "$fails failures"; exit 1; fi
echo "every tool stopped cleanly"
