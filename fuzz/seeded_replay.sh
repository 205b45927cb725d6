# seeded_replay.sh - sourced by the ctests that need a core with a seeded
# bug (docs/MUTANTS.md): seeded_replay ROOT WORK ID builds bb_replay from a
# copy of ROOT's sources with mutants/ID-*.patch applied, in WORK/src and
# WORK/build, and prints its path; on failure it says why and exits 1.
seeded_replay() {
	_root=$1 _work=$2 _id=$3
	command -v patch >/dev/null 2>&1 || { echo "FAIL: no patch(1) (apt-get install patch)"; exit 1; }
	_bug=$(ls "$_root"/mutants/"$(printf %02d "$_id")"-*.patch 2>/dev/null)
	[ -n "$_bug" ] || { echo "FAIL: no mutants/$_id-*.patch"; exit 1; }
	mkdir -p "$_work/src" &&
		(cd "$_root" && cp -R CMakeLists.txt CMakePresets.json cmake include core reference fuzz "$_work/src/") ||
		exit 1
	patch -d "$_work/src" -p1 --batch --fuzz=0 --no-backup-if-mismatch -s <"$_bug" || { echo "FAIL: $_bug does not apply"; exit 1; }
	cmake -S "$_work/src" -B "$_work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$_work/build.log" 2>&1 &&
		cmake --build "$_work/build" --target bb_replay >>"$_work/build.log" 2>&1 ||
		{ echo "FAIL: bb_replay with seeded bug $_id does not build:"; tail -20 "$_work/build.log"; exit 1; }
	echo "$_work/build/fuzz/bb_replay"
}
