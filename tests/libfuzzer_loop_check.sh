#!/usr/bin/env bash
# libfuzzer_loop_check.sh - ci/libfuzzer-loop against a stand-in for a
# libFuzzer target that finds the same harness signature in every process:
# it is restarted, the first artifact is kept as crash-*, the repeats as
# dup-crash-*, and a second signature (a sanitizer's SUMMARY line, which
# comes after the harness's signature when there is one) is a finding of
# its own; a process that fails before INITED is not restarted; a leak
# LeakSanitizer reports at a process's exit is kept as exit-leak-<n>.txt.
# usage: libfuzzer_loop_check.sh SOURCE_DIR. Exit 0 pass, 1 fail.
set -uo pipefail
src=$1
tmp=$(mktemp -d /tmp/bb-lfloop.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; sed 's/^/  log: /' "$tmp/log" 2>/dev/null | tail -20; exit 1; }

# The stand-in: libFuzzer's lines, one artifact a process under the
# -artifact_prefix it is given; the signature alternates after the third run.
cat >"$tmp/fake" <<'FAKE'
#!/usr/bin/env bash
dir=$1 prefix=""
for a in "$@"; do [[ $a == -artifact_prefix=* ]] && prefix=${a#-artifact_prefix=}; done
n=$(( $(cat "$dir/runs" 2>/dev/null || echo 0) + 1 )); echo $n >"$dir/runs"
[[ -f $dir/fail_before_inited ]] && { echo "seed fails"; exit 1; }
echo "#2	INITED cov: 10 ft: 10 corp: 1/1b exec/s: 0 rss: 30Mb"
if [[ -f $dir/leaks ]]; then # a per-input leak (libFuzzer writes its input), then one at the exit
  echo "==1==ERROR: LeakSanitizer: detected memory leaks"; echo "SUMMARY: AddressSanitizer: 8 byte(s) leaked in 1 allocation(s)."
  echo "artifact_prefix='$prefix'; Test unit written to ${prefix}leak-$n"; echo x >"${prefix}leak-$n"
  echo "Done 1000 runs in 1 second(s)"
  echo "==1==ERROR: LeakSanitizer: detected memory leaks"; echo "    #0 0x1 in malloc"; echo "    #1 0x2 in ref_create reference/reference.c:9"
  echo "SUMMARY: AddressSanitizer: 77 byte(s) leaked in 1 allocation(s)."
  # libFuzzer's death callback then writes the last input run as a crash
  echo "artifact_prefix='$prefix'; Test unit written to ${prefix}crash-last$n"; echo y >"${prefix}crash-last$n"
  exit 1
fi
echo "#100	NEW    cov: 11 ft: 11 corp: 2/2b exec/s: 100 rss: 30Mb"
if (( n > 3 && n % 2 == 0 )); then
  echo "SUMMARY: AddressSanitizer: heap-buffer-overflow core/src/buddy.c:1 in f"
else
  echo "---- signature ----"; echo "DIVERGE free_pages.zone.nr_free"
  echo "SUMMARY: libFuzzer: deadly signal"
fi
art="${prefix}crash-$n"; echo x >"$art"
echo "artifact_prefix='$prefix'; Test unit written to $art"
sleep 0.2
exit 1
FAKE
chmod +x "$tmp/fake"
mkdir -p "$tmp/a"
"$src/ci/libfuzzer-loop" 3 0 "$tmp/log" "$tmp/fake" "$tmp" -artifact_prefix="$tmp/a/" || fail "exit $?"
runs=$(cat "$tmp/runs")
[[ $runs -ge 5 ]] || fail "only $runs processes in 3 s: not restarted after each finding"
crash=$(find "$tmp/a" -name 'crash-*' | wc -l) dups=$(find "$tmp/a" -name 'dup-crash-*' | wc -l)
[[ $crash -eq 2 ]] || fail "$crash crash-* artifacts, want 2 (one per signature)"
[[ $((crash + dups)) -eq $runs ]] || fail "$crash + $dups artifacts for $runs findings: one lost"
[[ -f $tmp/a/crash-1 && -f $tmp/a/crash-4 && -f $tmp/a/dup-crash-2 ]] || fail "the first of each signature is not the one kept"
grep -q "libfuzzer-loop: $tmp/a/crash-2 repeats the signature of $tmp/a/crash-1" "$tmp/log" || fail "the log does not name the repeat"

rm -f "$tmp/runs"; touch "$tmp/fail_before_inited"
"$src/ci/libfuzzer-loop" 3 0 "$tmp/log" "$tmp/fake" "$tmp" -artifact_prefix="$tmp/a/" || fail "exit $? on a failing seed"
[[ $(cat "$tmp/runs") -eq 1 ]] || fail "restarted after a seed failed before INITED"
# A leak at a process's exit has no input: its report is kept as
# exit-leak-<n>.txt; one libFuzzer wrote an input for is not kept twice.
rm -f "$tmp/runs" "$tmp/fail_before_inited"; touch "$tmp/leaks"; rm -rf "$tmp/b"; mkdir -p "$tmp/b"
"$src/ci/libfuzzer-loop" 1 0 "$tmp/log" "$tmp/fake" "$tmp" -artifact_prefix="$tmp/b/" || fail "exit $? with leaks"
[[ -f $tmp/b/exit-leak-1.txt ]] || fail "no exit-leak-1.txt for the leak at the process's exit"
grep -q 'ref_create' "$tmp/b/exit-leak-1.txt" && grep -q '77 byte' "$tmp/b/exit-leak-1.txt" || fail "exit-leak-1.txt lacks the report"
! grep -q '8 byte' "$tmp/b/exit-leak-1.txt" || fail "the per-input leak, which has its artifact, was kept again"
grep -q 'libfuzzer-loop: LeakSanitizer found a leak when the process exited' "$tmp/log" || fail "the log does not say so"
[[ -f $tmp/b/exit-leak-1.last-input && -z $(find "$tmp/b" -name 'crash-*') ]] ||
  fail "the last input written after the exit's leak report is not kept as exit-leak-1.last-input (or is left as a crash)"
[[ -f $tmp/b/leak-1 ]] || fail "the per-input leak's own artifact is gone"
echo "PASS: $runs processes, $crash findings kept, $dups repeats kept as dup-crash-*"
