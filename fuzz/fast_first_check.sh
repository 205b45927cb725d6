#!/bin/sh
# fast_first_check.sh ROOT WORK - the ctest fast_names_the_first_operation:
# with seeded bug 26 (docs/MUTANTS.md: an allocation writes state outside
# its footprint, so fast mode first sees the difference at a later
# operation), fast mode reports every finding of corpus/buddy exactly as
# exact mode does: the operation that made the states differ, not the one
# that showed it.
#
# Exit 0 when they agree, 1 otherwise, 2 on bad usage.
set -u
[ $# -eq 2 ] || { echo "usage: $0 ROOT WORK" >&2; exit 2; }
root=$1 work=$2
rm -rf "$work" && mkdir -p "$work" || exit 1
. "$(dirname "$0")/seeded_replay.sh"
m26=$(seeded_replay "$root" "$work" 26) || { echo "$m26"; exit 1; }
"$m26" --quiet --target buddy "$root/corpus/buddy" 2>/dev/null | grep '^FINDING' >"$work/fast"
"$m26" --quiet --exact --target buddy "$root/corpus/buddy" 2>/dev/null | grep '^FINDING' >"$work/exact"
n=$(wc -l <"$work/exact")
[ "$n" -gt 0 ] || { echo "FAIL: seeded bug 26 is found by no input of corpus/buddy"; exit 1; }
if ! cmp -s "$work/fast" "$work/exact"; then
	echo "FAIL: fast mode and exact mode name different operations (< fast, > exact):"
	diff "$work/fast" "$work/exact" | head -20
	exit 1
fi
echo "OK: fast mode names what exact mode names in all $n findings ($(sed 's/.*: //' "$work/exact" | sort -u | tr '\n' ' '))"
