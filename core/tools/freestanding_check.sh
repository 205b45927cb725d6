#!/bin/sh
# freestanding_check.sh GCC OUT -I... sources...
#
# Build every core source with gcc -m32 -ffreestanding -nostdlib
# -fno-builtin -O2 into one relocatable object and fail if it needs any
# symbol from outside (nm -u). -fno-pic as a kernel is built: Debian's gcc
# defaults to PIE, whose GOT base (_GLOBAL_OFFSET_TABLE_) only a final link
# defines. Exit 77 (ctest: skipped) when there is no gcc or it cannot
# target -m32.
set -u
gcc=$1 out=$2
shift 2

if [ -z "$gcc" ] || ! command -v "$gcc" >/dev/null 2>&1; then
	echo "SKIP: no gcc found"
	exit 77
fi
probe=$out.probe.c
echo 'int bb_probe(void) { return 0; }' >"$probe"
if ! "$gcc" -m32 -ffreestanding -nostdlib -c "$probe" -o "$probe.o" 2>/dev/null; then
	rm -f "$probe" "$probe.o"
	echo "SKIP: $gcc cannot build -m32 objects (install gcc-multilib)"
	exit 77
fi
rm -f "$probe" "$probe.o"

set -x
"$gcc" -std=c11 -m32 -ffreestanding -nostdlib -fno-builtin -O2 -fno-pic \
	-Wall -Wextra -Werror -r -o "$out" "$@" || exit 1
set +x
undef=$(nm -u "$out")
if [ -n "$undef" ]; then
	echo "FAIL: the freestanding core needs symbols from outside:"
	echo "$undef"
	exit 1
fi
echo "OK: $(nm --defined-only -g "$out" | grep -c ' T ') global functions, no undefined symbols"
