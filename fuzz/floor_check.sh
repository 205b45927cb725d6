#!/bin/sh
# floor_check.sh REPLAY FLOOR CORPUS - the ctest stream_floor_runs_the_same_stream:
# bb_stream_floor (bb_replay without the state checks, ci/bench-fuzz's
# floor) runs the very mutation stream bb_replay runs, so the difference
# of their times is the checks' (the same digest over every run's
# operations and results), and it refuses to replay anything else (exit 2).
#
# Exit 0 when both hold, 1 otherwise, 2 on bad usage.
set -u
[ $# -eq 3 ] || { echo "usage: $0 REPLAY FLOOR CORPUS" >&2; exit 2; }
replay=$1 floor=$2 corpus=$3
a=$("$replay" --quiet --boot-cache --mutate 3 "$corpus" 2>/dev/null | grep '^mutation stream')
b=$("$floor" --quiet --boot-cache --mutate 3 "$corpus" 2>/dev/null | grep '^mutation stream')
[ -n "$a" ] && [ -n "$b" ] || { echo "FAIL: no stream line (bb_replay: '$a', floor: '$b')"; exit 1; }
if [ "${a##* }" != "${b##* }" ]; then
	echo "FAIL: the floor ran another stream: digest ${b##* }, bb_replay's ${a##* }"
	exit 1
fi
"$floor" --quiet "$corpus" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: bb_stream_floor replayed a corpus without --mutate (exit $rc, not 2)"; exit 1; }
"$floor" --quiet --exact --mutate 1 "$corpus" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: bb_stream_floor ran --exact (exit $rc, not 2)"; exit 1; }
echo "OK: the same stream (digest ${a##* }); replay and --exact refused"
