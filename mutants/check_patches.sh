#!/bin/sh
# check_patches.sh CC ROOT WORK [CFLAG...] - the ctest mutants_apply: every
# seeded bug (docs/MUTANTS.md) is one patch mutants/NN-name.patch, and each
# still applies to core/ without fuzz, builds with the project's warnings as
# errors, and changes the code it is compiled to (a patch that only moves
# comments, or lands in dead code, proves nothing). So the patches cannot rot
# when core/ changes.
#
# Exit 0 when every patch passes, 1 otherwise, 2 on bad usage.
set -u
[ $# -ge 3 ] || { echo "usage: $0 CC ROOT WORK [CFLAG...]" >&2; exit 2; }
cc=$1 root=$2 work=$3
shift 3
cflags=$* # the project's warning set (no spaces inside a flag)
command -v patch >/dev/null 2>&1 || { echo "FAIL: no patch(1) (apt-get install patch)"; exit 1; }
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# compile TREE OUT FILE... - compile core sources FILE of TREE into OUT/.
compile() {
	tree=$1 out=$2
	shift 2
	mkdir -p "$out"
	for f in "$@"; do
		# shellcheck disable=SC2086
		"$cc" -std=c11 -O2 $cflags -Werror -I"$tree/core/include" -I"$root/include" \
			-c "$tree/$f" -o "$out/$(basename "$f" .c).o" 2>"$out/errors" >/dev/null ||
			return 1
	done
}

# The table of docs/MUTANTS.md and mutants/ name the same bugs.
ids=$(awk -F'|' '$2 ~ /^ *[0-9]+ *$/ {gsub(/ /, "", $2); gsub(/ /, "", $3); printf "%02d-%s\n", $2, $3}' \
	"$root/docs/MUTANTS.md")
[ -n "$ids" ] || bad "no bugs in the table of docs/MUTANTS.md"
for id in $ids; do
	[ -f "$root/mutants/$id.patch" ] || bad "docs/MUTANTS.md lists $id but mutants/$id.patch is missing"
done
for p in "$root"/mutants/*.patch; do
	[ -f "$p" ] || continue
	name=$(basename "$p" .patch)
	echo "$ids" | grep -qx "$name" || bad "mutants/$name.patch is not in the table of docs/MUTANTS.md"
done

mkdir -p "$work/clean" && cp -R "$root/core" "$work/clean/core" || exit 1
sources=$(cd "$root" && ls core/src/*.c)
for id in $ids; do
	p=$root/mutants/$id.patch
	[ -f "$p" ] || continue
	t=$work/$id
	mkdir -p "$t" && cp -R "$root/core" "$t/core" || exit 1
	files=$(sed -n 's|^+++ b/\([^	]*\).*|\1|p' "$p")
	case " $(echo $files) " in
	"  ") bad "$id: the patch changes no file"; continue ;;
	esac
	outside=$(echo "$files" | grep -v '^core/')
	[ -z "$outside" ] || { bad "$id: the patch changes files outside core/: $outside"; continue; }
	if ! patch -d "$t" -p1 --batch --fuzz=0 --no-backup-if-mismatch -s <"$p" >"$t/patch.log" 2>&1; then
		bad "$id: does not apply to core/ without fuzz:"; sed 's/^/  /' "$t/patch.log"; continue
	fi
	# A header change may change every object; a source change only its own.
	case "$files" in
	*.h*) build=$sources ;;
	*) build=$files ;;
	esac
	# shellcheck disable=SC2086 # word splitting of the file lists is meant
	if ! compile "$t" "$t/obj" $build || ! compile "$work/clean" "$t/clean" $build; then
		bad "$id: does not build:"; sed 's/^/  /' "$t/obj/errors" "$t/clean/errors" 2>/dev/null; continue
	fi
	changed=0
	for f in $build; do
		o=$(basename "$f" .c).o
		cmp -s "$t/obj/$o" "$t/clean/$o" || changed=1
	done
	[ $changed -eq 1 ] || { bad "$id: applies and builds but compiles to the same objects as core/"; continue; }
	echo "ok   $id ($(echo $files))"
done
[ $fail -eq 0 ] && echo "OK: every seeded bug applies, builds with -Werror and changes the code"
exit $fail
