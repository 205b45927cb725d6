#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sampler_report.py - what bench/sampler.c recorded, as functions.

usage: sampler_report.py DIR [TOP] [--callers F,...] [--children F,...]

Reads DIR/samples.PID and DIR/maps.PID (the largest sample file when
several processes wrote one), names every address with addr2line, and
prints the TOP functions (default 40) by self share (the sampled pc) and
by inclusive share (anywhere on the stack), then the callers or callees of
the functions asked for. Shares are of all samples, so they add up across
a table only for self. Exit 0, 1 when there is nothing to read.
"""
import collections
import glob
import os
import subprocess
import sys


def main(argv):
    args, opts = [], {}
    it = iter(argv)
    for a in it:
        if a in ("--callers", "--children"):
            opts[a] = next(it, "")
        else:
            args.append(a)
    if not args or not all(a.isdigit() for a in args[1:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    files = glob.glob(os.path.join(args[0], "samples.*"))
    if not files:
        print(f"sampler_report: no samples in {args[0]}", file=sys.stderr)
        return 1
    sfile = max(files, key=os.path.getsize)
    pid = sfile.rsplit(".", 1)[1]
    top = int(args[1]) if len(args) > 1 else 40

    maps = []
    for line in open(os.path.join(args[0], f"maps.{pid}")):
        parts = line.split()
        if len(parts) >= 6 and parts[5].startswith("/"):
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            maps.append((lo, hi, int(parts[2], 16), parts[5]))

    def where(addr):
        for lo, hi, off, path in maps:
            if lo <= addr < hi:
                return path, addr - lo + off
        return None, None

    # frame 0 is the pc; the others are return addresses, so look one byte back
    lines = open(sfile).read().split("\n")
    cpu = None
    if lines and lines[0].startswith("# cpu_seconds "):
        cpu = float(lines.pop(0).split()[2])
    samples = [[int(x, 16) - (1 if i else 0) for i, x in enumerate(line.split())] for line in lines]
    samples = [s for s in samples if s]
    if not samples:
        print(f"sampler_report: {sfile} holds no samples", file=sys.stderr)
        return 1
    wanted = collections.defaultdict(set)
    for s in samples:
        for a in s:
            path, off = where(a)
            if path:
                wanted[path].add(off)
    names = {}
    for path, offs in wanted.items():
        offs = sorted(offs)
        out = subprocess.run(["addr2line", "-f", "-C", "-e", path] + [hex(o) for o in offs],
                             capture_output=True, text=True).stdout.split("\n")
        for k, off in enumerate(offs):
            fn = out[2 * k] if 2 * k < len(out) else "??"
            names[(path, off)] = fn if fn != "??" else os.path.basename(path) + "+" + hex(off)

    def name(a):
        path, off = where(a)
        fn = names.get((path, off), "?") if path else "?"
        return fn if len(fn) <= 100 else fn[:97] + "..."  # libFuzzer's lambdas run to hundreds

    stacks = [[name(a) for a in s] for s in samples]
    n = len(stacks)
    self_count = collections.Counter(st[0] for st in stacks)
    incl = collections.Counter(f for st in stacks for f in set(st))
    rate = f", one every {1000 * cpu / n:.1f} ms of its {cpu:.1f} s of CPU time" if cpu else ""
    print(f"{n} samples{rate}, from {sfile}")
    print("--- self")
    for f, c in self_count.most_common(top):
        print(f"{100 * c / n:5.1f}%  {f}")
    print("--- inclusive")
    for f, c in incl.most_common(top):
        print(f"{100 * c / n:5.1f}%  {f}")
    for flag, step in (("--callers", 1), ("--children", -1)):
        for target in filter(None, opts.get(flag, "").split(",")):
            near = collections.Counter()
            for st in stacks:
                if target in st:
                    j = st.index(target) + step
                    near[st[j] if 0 <= j < len(st) else "(self)" if step < 0 else "-"] += 1
            print(f"--- {flag[2:]} of {target}")
            for f, c in near.most_common(12):
                print(f"{100 * c / n:5.1f}%  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
