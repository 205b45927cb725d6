# shellcheck shell=bash
# ci/lib.sh - shared by the ci/ scripts: messages, and installing what is
# missing on a fresh Debian 12 (apt-get, as root).

# Bold on a terminal; plain text when stderr is not one or NO_COLOR is set.
say() {
  if [[ -t 2 && -z ${NO_COLOR:-} ]]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2
  else printf '==> %s\n' "$*" >&2
  fi
}
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

# need_packages CMD:PACKAGE ... - install the packages whose command is missing.
need_packages() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    if [[ $cmd == /* ]]; then [[ -e $cmd ]] && continue
    else command -v "$cmd" >/dev/null 2>&1 && continue
    fi
    missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    die "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "${missing[@]}" >/tmp/bootbuddy-apt.log 2>&1; then
    apt-get update -q >>/tmp/bootbuddy-apt.log 2>&1 || true
    apt-get install -y -q "${missing[@]}" >>/tmp/bootbuddy-apt.log 2>&1 ||
      die "apt-get install ${missing[*]} failed; see /tmp/bootbuddy-apt.log"
  fi
}

# Paths that stand for packages without a command of their own.
BB_LIBFUZZER=/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
BB_LIBGCC32=/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a
BB_LIBC32=/usr/include/x86_64-linux-gnu/gnu/stubs-32.h

need_build_tools() {
  need_packages cmake:cmake ninja:ninja-build gcc:gcc clang:clang $BB_LIBFUZZER:libclang-rt-14-dev \
    llvm-profdata-14:llvm-14 python3:python3 patch:patch
}

need_i386_tools() {
  need_packages $BB_LIBGCC32:gcc-multilib $BB_LIBC32:libc6-dev-i386 qemu-i386:qemu-user qemu-system-i386:qemu-system-x86
}

# need_preset_tools PRESET - what building and testing one preset needs, and
# nothing more, so that each preset's CI job installs only its own share
# (ci/workflows/presets.yml).
need_preset_tools() {
  need_packages cmake:cmake ninja:ninja-build gcc:gcc python3:python3
  case $1 in
    # the i386 test kernel and its QEMU boots (qemu_smoke), the ClusterFuzzLite
    # build (cflite_build_sh) and the seeded-bug patches (mutants_apply)
    default) need_packages $BB_LIBGCC32:gcc-multilib qemu-system-i386:qemu-system-x86 clang:clang patch:patch \
               $BB_LIBFUZZER:libclang-rt-14-dev afl-fuzz:afl++ gnuplot:gnuplot-nox llvm-profdata-14:llvm-14 ;;
    asan) ;;
    fuzz | msan | coverage) need_packages clang:clang $BB_LIBFUZZER:libclang-rt-14-dev llvm-profdata-14:llvm-14 ;;
    afl) need_packages clang:clang $BB_LIBFUZZER:libclang-rt-14-dev afl-fuzz:afl++ ;;
    i386) need_packages $BB_LIBGCC32:gcc-multilib $BB_LIBC32:libc6-dev-i386 qemu-i386:qemu-user ;;
    *) die "unknown preset: $1" ;;
  esac
}

need_fuzz_tools() {
  need_build_tools
  need_packages afl-fuzz:afl++ gnuplot:gnuplot-nox
}

# build_preset NAME - configure and build one CMake preset.
build_preset() {
  cmake --preset "$1" >/dev/null || die "configure of preset $1 failed"
  cmake --build --preset "$1" || die "build of preset $1 failed"
}

# The configure presets of CMakePresets.json, in file order.
all_presets() { python3 -c 'import json; print(" ".join(p["name"] for p in json.load(open("CMakePresets.json"))["configurePresets"] if not p.get("hidden")))'; }

cpus() { nproc 2>/dev/null || echo 2; }

# check_seeds TARGET - corpus/TARGET must exist and hold at least one input,
# every one a readable regular file (dotfiles aside), else die (exit 2): a
# gate or a fuzz run from nothing would pass on nothing.
check_seeds() {
  local d=corpus/$1 f n=0 odd
  [[ -d $d ]] || die "corpus/$1 is missing: fuzzing starts from the seed corpus (git checkout -- corpus/$1)"
  odd=$(find "$d" -mindepth 1 -maxdepth 1 ! -type f ! -name '.*' -print -quit)
  [[ -z $odd ]] || die "$odd: not a regular file in corpus/$1"
  while IFS= read -r -d '' f; do
    [[ -r $f ]] || die "$f: unreadable seed (check its permissions)"
    n=$((n + 1))
  done < <(find "$d" -maxdepth 1 -type f ! -name '.*' -print0)
  ((n > 0)) || die "corpus/$1 holds no input: fuzzing would start from nothing"
}

# from_caller PATH - PATH as the user meant it: relative to where they ran
# the script (CALLER_DIR, set before the script moves to the repository root).
from_caller() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "${CALLER_DIR:-$PWD}/$1" ;;
  esac
}

# check_number WHAT VALUE MIN MAX - VALUE must be a whole decimal number in
# [MIN, MAX], else die (exit 2). The digit count is bounded first, so a huge
# number is refused instead of wrapping in shell arithmetic.
check_number() {
  [[ $2 =~ ^[0-9]{1,9}$ ]] && ((10#$2 >= $3 && 10#$2 <= $4)) ||
    die "$1 must be a whole number from $3 to $4 (got '$2')"
}

# mutant_patch ID - the patch of seeded bug ID: mutants/NN-name.patch
# (docs/MUTANTS.md); dies when there is none.
mutant_patch() {
  local found=(mutants/"$(printf %02d "$((10#$1))")"-*.patch)
  [[ -f ${found[0]} ]] || die "seeded bug $1 has no patch in mutants/ (the ids are in docs/MUTANTS.md)"
  printf '%s\n' "${found[0]}"
}

# mutant_tree ID - a copy of the sources with seeded bug ID applied, in
# build/mutant-src-ID; prints its absolute path. The working tree is never
# patched. tar keeps the mtimes, so a rebuild compiles what the patch touched;
# corpus/ and crashes/ are links to the real ones (the trees' tests read them).
mutant_tree() {
  local patch src=$PWD/build/mutant-src-$1
  patch=$(mutant_patch "$1") || exit 2
  rm -rf "$src" && mkdir -p "$src" || die "cannot make $src"
  tar -cf - --exclude=./.git --exclude=./build --exclude=./work --exclude=./corpus --exclude=./crashes . |
    tar -xf - -C "$src" || die "cannot copy the sources to $src"
  ln -s "$PWD/corpus" "$PWD/crashes" "$src/" || die "cannot link corpus/ and crashes/ into $src"
  patch -d "$src" -p1 --batch --fuzz=0 --no-backup-if-mismatch -s <"$patch" >&2 ||
    die "$patch does not apply to core/ (ctest -R mutants_apply says more)"
  printf '%s\n' "$src"
}

# build_tree PRESET DIR MUTANT [TARGET...] - configure PRESET into DIR and
# build it (only the given targets, if any). MUTANT 0 builds the working
# tree; MUTANT N a copy with seeded bug N applied (mutant_tree). Used by
# ci/mutants, ci/fuzz-gate --mutant and ci/triage --mutant.
build_tree() {
  local preset=$1 dir=$2 mutant=$3 src=$PWD; shift 3
  local targets=()
  [[ $# -gt 0 ]] && targets=(--target "$@")
  if [[ $mutant != 0 ]]; then src=$(mutant_tree "$mutant") || exit 2; fi
  # A tree configured from other sources (before the patches moved out of core/) starts over.
  if [[ -f $dir/CMakeCache.txt ]] && ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$src" "$dir/CMakeCache.txt"; then
    rm -rf "$dir"
  fi
  cmake -S "$src" --preset "$preset" -B "$dir" >/dev/null || die "configure of $dir (preset $preset, seeded bug $mutant) failed"
  if [[ $preset == afl ]]; then
    AFL_LLVM_CMPLOG=1 AFL_QUIET=1 cmake --build "$dir" "${targets[@]}" || die "build of $dir failed"
  else
    cmake --build "$dir" "${targets[@]}" || die "build of $dir failed"
  fi
}

# lcov_join LCOV - llvm-cov's lcov export joined per source line over every
# program and every copy of a static inline function (llvm-cov's own summary
# counts a header's copies apart): a line ran when any copy ran it, a branch
# was taken when any copy took it. Prints, paths relative to here, one
# "F<tab>file<tab>lines<tab>lines run<tab>branches<tab>branches taken" per
# file and one "U<tab>file<tab>line" per line that never ran.
lcov_join() {
  awk -F'[:,]' -v root="$PWD/" '
    /^SF:/ { f = substr($0, 4); if (index(f, root) == 1) f = substr(f, length(root) + 1); next }
    /^DA:/ { k = f SUBSEP $2; if (!(k in L)) { L[k] = 0; nl[f]++ } if ($3 > 0 && !L[k]) { L[k] = 1; hl[f]++ } next }
    /^BRDA:/ { k = f SUBSEP $2 SUBSEP $3 SUBSEP $4; if (!(k in B)) { B[k] = 0; nb[f]++ }
               if ($5 != "-" && $5 > 0 && !B[k]) { B[k] = 1; hb[f]++ } next }
    END {
      for (f in nl) printf "F\t%s\t%d\t%d\t%d\t%d\n", f, nl[f], hl[f], nb[f], hb[f]
      for (k in L) if (!L[k]) { split(k, p, SUBSEP); printf "U\t%s\t%s\n", p[1], p[2] }
    }' "$1"
}

# How every libFuzzer fuzzing run schedules its seeds. Entropic gives a
# seed less energy the longer it runs: an input costs about its machine's
# pages, and without this the few big machines of a corpus took most of
# the run (ci/bench-fuzz from the corpus: 2.2x the exec/s with it).
LIBFUZZER_SCHEDULE=(-entropic_scale_per_exec_time=1)

# No per-input leak check in libFuzzer's fuzzing runs. The harness keeps
# state across inputs by design (the boot cache, the reference's spare
# machine, the decode memo), so in 7-40% of runs mallocs outnumber frees;
# libFuzzer ran each of those inputs again and then LeakSanitizer's whole
# heap scan, up to 1000 times a process (paired 15 s runs: 1.09-1.27x the
# exec/s without). The core has no heap to leak; the harness and the
# reference are still checked: LeakSanitizer runs when each process exits
# (ASan's default), and ci/libfuzzer-loop keeps that report as an
# exit-leak-<n>.txt artifact, which ci/fuzz counts and ci/fuzz-gate fails on.
LIBFUZZER_LEAKS=(-detect_leaks=0)

# exit_leaks DIR... - "FILE: SUMMARY" for each leak reported at a libFuzzer
# process's exit, as ci/libfuzzer-loop keeps them in these artifact folders.
exit_leaks() {
  local d f
  for d in "$@"; do
    for f in "$d"/exit-leak-*.txt; do
      [[ -f $f ]] && echo "$f: $(grep -m1 '^SUMMARY' "$f" || echo 'no SUMMARY line')"
    done
  done
  return 0
}

# set_mutator M - how the libFuzzer targets mutate (fuzz/mutate_libfuzzer.c):
# "program" (the default) edits programs (and hands one mutation in two to
# libFuzzer's own), "bytes" leaves every mutation to libFuzzer. Exported as
# BB_MUTATOR, which the targets read; ci/fuzz gives AFL++ jobs the same
# edits as a custom stage.
set_mutator() {
  case $1 in
    program|bytes) export BB_MUTATOR=$1 ;;
    *) die "--mutator (or BB_MUTATOR) wants program or bytes, not '$1'" ;;
  esac
}

# need_gate_tools - what ci/fuzz-gate and ci/triage use besides the build tools.
need_gate_tools() {
  need_fuzz_tools
  need_packages zip:zip unzip:unzip
}

# Children started with spawn lead process groups of their own, so that
# stop_children ends each whole tree (an engine and the target processes it
# forked), never only its first process.
CHILD_PIDS=()
# Binaries whose orphaned processes stop_children also ends (reap_orphans):
# AFL++ targets, which AFL++ moves out of our process groups.
REAP_BINARIES=()
spawn() {
  setsid "$@" &
  CHILD_PIDS+=($!)
}
# wait_child - wait for the child spawned last; returns its exit status.
wait_child() {
  local pid=${CHILD_PIDS[-1]} rc=0
  wait "$pid" || rc=$?
  unset 'CHILD_PIDS[-1]'
  return "$rc"
}
stop_children() {
  local p
  for p in "${CHILD_PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for p in "${CHILD_PIDS[@]}"; do wait "$p" 2>/dev/null || true; reap_group "$p"; done
  CHILD_PIDS=()
  [[ ${#REAP_BINARIES[@]} -eq 0 ]] || reap_orphans "${REAP_BINARIES[@]}"
}
# reap_group PID - KILL whatever is left in the process group PID led: a
# stopped AFL++ persistent child ignores TERM until it is continued.
reap_group() {
  kill -KILL -- "-$1" 2>/dev/null || true
}
# reap_orphans BINARY... - KILL orphaned processes (parent init) running one
# of these binaries. AFL++ puts its target in a session of its own
# (setsid), out of reach of reap_group, and a persistent child it leaves
# behind stays SIGSTOPped, bound to a CPU, forever.
reap_orphans() {
  local want=() b p exe
  # a binary never built (its preset not asked for) has no orphans: skip it (readlink fails, and set -e would end the caller)
  for b in "$@"; do b=$(readlink -f "$b" 2>/dev/null) && [[ -n $b ]] && want+=("$b"); done
  for p in /proc/[0-9]*; do
    [[ $(awk '/^PPid:/ {print $2}' "$p/status" 2>/dev/null) == 1 ]] || continue
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    for b in "${want[@]}"; do [[ $exe == "$b" ]] && kill -KILL "${p#/proc/}" 2>/dev/null; done
  done
  return 0
}
# An interrupt, TERM or HUP ends every spawned child and exits 130, 143 or 129.
# stop_descendants - TERM, then KILL, every process below this shell: for
# background shell functions (which share our process group and, started
# without job control, ignore SIGINT) and whatever they started.
stop_descendants() {
  local all=() p kids
  local queue=($$)
  while [[ ${#queue[@]} -gt 0 ]]; do
    p=${queue[0]}
    queue=("${queue[@]:1}")
    kids=$(pgrep -P "$p" 2>/dev/null || true)
    for k in $kids; do all+=("$k"); queue+=("$k"); done
  done
  [[ ${#all[@]} -eq 0 ]] && return 0
  kill -TERM "${all[@]}" 2>/dev/null || true
  sleep 0.5
  kill -KILL "${all[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}

# KEPT: what a script leaves on an interrupt, said when it stops.
# The handlers are functions, so a trap is one word that nothing can misparse.
on_signal() {
  echo "$1: stopping the children${KEPT:+; kept: $KEPT}" >&2
  stop_children
  exit "$2"
}
stop_children_on_signal() {
  trap 'on_signal interrupted 130' INT
  trap 'on_signal terminated 143' TERM
  trap 'on_signal hangup 129' HUP
}
# The same for scripts whose work runs in background shell functions
# (stop_descendants instead of the spawned children).
on_signal_descendants() {
  echo "$1: stopping what runs${KEPT:+; kept: $KEPT}" >&2
  stop_descendants
  exit "$2"
}
stop_descendants_on_signal() {
  trap 'on_signal_descendants interrupted 130' INT
  trap 'on_signal_descendants terminated 143' TERM
  trap 'on_signal_descendants hangup 129' HUP
}
