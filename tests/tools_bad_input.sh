#!/usr/bin/env bash
# tools_bad_input.sh ROOT REPLAY - a table of bad inputs (missing, empty,
# garbage, huge, unreadable, special files, odd names, bad numbers,
# conflicting flags) against every tool: each must exit with the status in
# the table and say why (a line matching the table's pattern), and corpus/
# and crashes/ must be byte for byte as before. Prints the table it ran.
# Exit 0 all pass, 1 a case failed, 2 bad usage.
set -uo pipefail
[[ $# -eq 2 && -d $1/ci && -x $2 ]] || { echo "usage: tools_bad_input.sh ROOT REPLAY" >&2; exit 2; }
cd "$1" || exit 2
R=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
state() { find corpus crashes -type f -print0 | LC_ALL=C sort -z | xargs -0 sha1sum | sha1sum; }
before=$(state)

# inputs
: >"$scratch/empty"
head -c 1200000 /dev/zero | tr '\0' 'x' >"$scratch/huge"
printf '\x13\x37garbage\xff\x00\x01' >"$scratch/garbage"
mkfifo "$scratch/fifo"
cp docs/examples/program-intro.txt "$scratch/name with spaces.txt"
cp docs/examples/program-intro.txt "$scratch/-dash.txt"
sed 's/$/\r/' docs/examples/program-intro.txt >"$scratch/crlf.txt"
{ head -c 100 docs/examples/program-intro.txt; printf '\0'; tail -c +101 docs/examples/program-intro.txt; } >"$scratch/nul.txt"
sed 's/order=3/order=0x100000000/' docs/examples/program-intro.txt >"$scratch/wide.txt"
sed 's/word_bytes=4/word_bytes=5/' docs/examples/program-intro.txt >"$scratch/badmachine.txt"
sed 's/alloc_pages(nid=any,/alloc_pages(nid=any, nid=0,/' docs/examples/program-intro.txt >"$scratch/dup.txt"
cp docs/examples/program-intro.txt "$scratch/unreadable"
chmod 000 "$scratch/unreadable"
as_user=()
if [[ $(id -u) -eq 0 ]] && command -v runuser >/dev/null; then
  # nobody may not enter the build folder: a copy of the tool beside the file
  as_user=(runuser -u nobody --)
  chmod 755 "$scratch"
  cp "$R" "$scratch/bb_replay_copy"
  chmod 755 "$scratch/bb_replay_copy"
fi

fails=0 n=0
# case TOOL WHAT EXIT PATTERN CMD... - run CMD (stdin closed), check exit and message
case_() {
  local tool=$1 what=$2 want=$3 pat=$4 out rc=0
  shift 4
  out=$(timeout 60 "$@" </dev/null 2>&1) || rc=$?
  n=$((n + 1))
  local first
  first=$(grep -m1 -E -e "$pat" <<<"$out" | cut -c1-110)
  if [[ $rc -ne $want || -z $first ]]; then
    printf 'FAIL | %s | %s | exit %s (want %s) | %s\n' "$tool" "$what" "$rc" "$want" "$(head -1 <<<"$out" | cut -c1-110)"
    fails=$((fails + 1))
  else
    printf '| %s | %s | %s | %s |\n' "$tool" "$what" "$rc" "$first"
  fi
}

echo "| tool | input | exit | first line of the message |"
echo "|---|---|---:|---|"
case_ bb_replay "missing file" 2 "No such file" "$R" "$scratch/missing"
case_ bb_replay "empty file" 2 "empty file" "$R" "$scratch/empty"
case_ bb_replay "1.2 MB file" 2 "larger than 1 MiB" "$R" "$scratch/huge"
case_ bb_replay "garbage bytes (a valid fuzz input)" 0 "\(bytes," "$R" --quiet --target bootmem "$scratch/garbage"
case_ bb_replay "a FIFO" 2 "not a regular file" "$R" "$scratch/fifo"
case_ bb_replay "/dev/zero" 2 "larger than 1 MiB" "$R" /dev/zero
case_ bb_replay "a name with spaces" 0 "\(text," "$R" --quiet "$scratch/name with spaces.txt"
case_ bb_replay "a name starting with -" 2 "unknown or incomplete option" "$R" "-dash.txt"
case_ bb_replay "the same, as ./-dash.txt" 0 "\(text," "$R" --quiet "$scratch/-dash.txt"
case_ bb_replay "CRLF line ends" 0 "\(text," "$R" --quiet "$scratch/crlf.txt"
case_ bb_replay "a NUL byte in text" 2 "nul.txt:[0-9]+:[0-9]+: byte 0x00" "$R" "$scratch/nul.txt"
case_ bb_replay "order=0x100000000" 2 "does not fit its field" "$R" "$scratch/wide.txt"
case_ bb_replay "word_bytes=5" 2 "not a valid machine" "$R" "$scratch/badmachine.txt"
case_ bb_replay "an argument twice" 2 "argument given twice" "$R" "$scratch/dup.txt"
if [[ ${#as_user[@]} -gt 0 || $(id -u) -ne 0 ]]; then
  r_user=$R
  [[ ${#as_user[@]} -gt 0 ]] && r_user=$scratch/bb_replay_copy
  case_ bb_replay "unreadable (as nobody)" 2 "Permission denied" "${as_user[@]}" "$r_user" "$scratch/unreadable"
fi
case_ bb_replay "--text --bytes" 2 "contradict" "$R" --text --bytes "$scratch/crlf.txt"
case_ bb_replay "--to-text --emit-c x" 2 "exclude each other" "$R" --to-text --emit-c x "$scratch/crlf.txt"
case_ bb_replay "--to-bytes OUT a folder" 2 "not a folder" "$R" --to-bytes "$scratch/out.bin" corpus/buddy
case_ bb_replay "--emit-c '1 bad'" 2 "not a C identifier" "$R" --emit-c "1 bad" "$scratch/crlf.txt"
case_ bb_replay "--target twice" 2 "given twice" "$R" --target buddy --target bootmem "$scratch/crlf.txt"
case_ bb_replay "--target nope" 2 "unknown target" "$R" --target nope "$scratch/crlf.txt"
case_ bb_replay "no input" 2 "no input given" "$R"
case_ ci/fuzz "--seconds 99999999999999999999" 2 "whole number" ./ci/fuzz --seconds 99999999999999999999
case_ ci/fuzz "--seconds 0" 2 "whole number" ./ci/fuzz --seconds 0
case_ ci/fuzz "--seconds abc" 2 "whole number" ./ci/fuzz --seconds abc
case_ ci/fuzz "--target nope" 2 "unknown target" ./ci/fuzz --target nope
case_ ci/fuzz "--bogus" 2 "unknown option" ./ci/fuzz --bogus
case_ ci/fuzz-gate "FUZZ_SECONDS=-1" 2 "whole number" env FUZZ_SECONDS=-1 ./ci/fuzz-gate
case_ ci/fuzz-gate "--jobs 99" 2 "whole number from 1" ./ci/fuzz-gate --jobs 99
case_ ci/fuzz-gate "--mutant x" 2 "whole number" ./ci/fuzz-gate --mutant x
case_ ci/mutants "--jobs 99" 2 "whole number from 1" ./ci/mutants --jobs 99
case_ ci/mutants "--mutator x" 2 "wants program or bytes" ./ci/mutants --mutator x
case_ ci/mutants "--seed 0" 2 "whole number from 1" ./ci/mutants --seed 0
case_ ci/fuzz "BB_MUTATOR=x" 2 "wants program or bytes" env BB_MUTATOR=x ./ci/fuzz --seconds 5
case_ ci/fuzz-gate "--mutator" 2 "needs program or bytes" ./ci/fuzz-gate --mutator
case_ ci/mutator-coverage "--minutes x" 2 "needs minutes" ./ci/mutator-coverage --minutes x
case_ ci/mutator-coverage "--minutes 0" 2 "at least 1" ./ci/mutator-coverage --minutes 0
case_ ci/mutator-coverage "--target nope" 2 "unknown target" ./ci/mutator-coverage --target nope
case_ ci/mutants "--only 'a b'" 2 "needs bug ids" ./ci/mutants --only "a b"
case_ ci/test "--presets ''" 2 "the list is empty" ./ci/test --presets ""
case_ ci/test "--presets nope" 2 "unknown preset" ./ci/test --presets nope
case_ ci/test "--gate-seconds 1e9" 2 "whole number" ./ci/test --gate-seconds 1e9
case_ ci/triage "missing folder" 2 "triage:|error:" ./ci/triage --no-build "$scratch/missing"
case_ ci/triage "an empty file" 2 "empty file" ./ci/triage --no-build --dry-run "$scratch/empty"
case_ ci/triage "--min-seconds 0" 2 "whole number" ./ci/triage --min-seconds 0
case_ ci/corpus-merge "--from a missing folder" 2 "no such folder" ./ci/corpus-merge --from "$scratch/missing"
case_ ci/corpus-merge "--target nope" 2 "unknown|target" ./ci/corpus-merge --target nope
case_ ci/bench "--reps 0" 2 "--reps wants" ./ci/bench --reps 0
case_ ci/bench-fuzz "--seconds 1" 2 "whole number from 5" ./ci/bench-fuzz --seconds 1
case_ ci/bench-fuzz "--mutator x" 2 "wants program or bytes" ./ci/bench-fuzz --mutator x
case_ ci/qemu-smoke "--bogus" 2 "unknown|usage" ./ci/qemu-smoke --bogus
case_ ci/profile-fuzz "--seconds 0" 2 "whole number" ./ci/profile-fuzz --seconds 0
case_ ci/profile-fuzz "--target nope" 2 "unknown target" ./ci/profile-fuzz --target nope
case_ ci/profile-fuzz "--callers" 2 "needs function names" ./ci/profile-fuzz --callers
case_ ci/libfuzzer-loop "no arguments" 2 "usage" ./ci/libfuzzer-loop

if [[ $(state) != "$before" ]]; then
  echo "FAIL: corpus/ or crashes/ changed"
  fails=$((fails + 1))
fi
echo "$n cases, $fails failures; corpus/ and crashes/ $([[ $(state) == "$before" ]] && echo unchanged || echo CHANGED)"
[[ $fails -eq 0 ]]
