#!/bin/sh
# minimize_check.sh REPLAY ROOT WORK - the ctest minimize_keeps_the_finding:
# bb_replay --minimize refuses what it must (a clean input, its own input as
# the output), and on seeded bug 17 (docs/MUTANTS.md), built here in WORK
# from a copy of ROOT's sources, turns corpus inputs that find it into
# programs of a few operations that give the very signature in exact mode,
# from which no single operation can go.
#
# Exit 0 when every check passes, 1 otherwise, 2 on bad usage.
set -u
[ $# -eq 3 ] || { echo "usage: $0 REPLAY ROOT WORK" >&2; exit 2; }
replay=$1 root=$2 work=$3
fail=0
bad() { echo "FAIL: $*"; fail=1; }
rm -rf "$work" && mkdir -p "$work" || exit 1

# Refusals, on the tree's own bb_replay: nothing written, nothing overwritten.
clean=$root/corpus/bootmem/$(ls "$root/corpus/bootmem" | head -1)
"$replay" --quiet --minimize "$work/none" "$clean" >"$work/clean.log" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q 'nothing to minimise' "$work/clean.log" && [ ! -e "$work/none" ] ||
	bad "a clean input: exit $rc, $(cat "$work/clean.log")"
cp "$clean" "$work/self" && cp "$clean" "$work/self.orig"
"$replay" --quiet --minimize "$work/self" "$work/self" >"$work/self.log" 2>&1
rc=$?
[ $rc -eq 2 ] && cmp -s "$work/self" "$work/self.orig" || bad "--minimize onto its own input: exit $rc, or the input changed"

# Seeded bug 17: the core, patched, in a tree of its own.
. "$(dirname "$0")/seeded_replay.sh"
m17=$(seeded_replay "$root" "$work/bug17" 17) || { echo "$m17"; exit 1; }

# The operations of a program as bb_replay --exact prints them (setup included).
ops() { "$m17" --exact --target "$1" "$2" 2>/dev/null | grep -c '^[a-z_]*(.*) = '; }
sig() { "$m17" --quiet --exact --target "$1" "$2" 2>/dev/null | sed -n 's/^FINDING [^:]*: //p'; }

for input in bootmem/0a427c9ddcd4d40d8fd9caaeb916c04905dc067b buddy/0b8d50cc0d2a62a254ff027c8932713014dc9387 \
	lifetime/74cae37864e023942823c68774a61832968511ee; do
	t=${input%%/*} in=$root/corpus/$input out=$work/min.$t
	want=$(sig "$t" "$in")
	[ -n "$want" ] || { bad "$input does not find bug 17"; continue; }
	"$m17" --quiet --target "$t" --minimize "$out" "$in" >"$work/$t.log" 2>&1
	rc=$?
	got=$(sig "$t" "$out")
	[ $rc -eq 1 ] && [ "$got" = "$want" ] || { bad "$input: exit $rc, signature '$got', not '$want'"; continue; }
	before=$(ops "$t" "$in") after=$(ops "$t" "$out")
	[ "$after" -lt "$before" ] || bad "$input: $before operations before, $after after"
	# 1-minimal: leaving out any one operation after the setup loses the finding.
	"$m17" --quiet --target "$t" --minimize "$out.again" "$out" >"$work/$t.again.log" 2>&1
	cmp -s "$out" "$out.again" || bad "$input: minimising the result again shrank it further"
	echo "ok   $input: $before -> $after operations, $want"
done
[ $fail -eq 0 ] && echo "OK: --minimize refuses what it must and keeps each finding in fewer operations"
exit $fail
