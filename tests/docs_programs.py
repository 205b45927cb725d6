#!/usr/bin/env python3
"""docs_programs: every program the documentation shows is a file that replay runs, and the
results written beside it are the ones replay gives (as doctest does for Python).

A program block in a Markdown file is a fenced block right after a line
    <!-- program: docs/examples/NAME.txt -->
The block must equal that file byte for byte; `bb_replay --to-text FILE` must print the same
program with the same results (comments, blank lines and FINDING lines aside). A fenced block that
looks like a program (an `op(...) = result` line) without such a marker is an error, unless it is a
command transcript (its first line starts with `$ `).

usage: docs_programs.py [--runner CMD] REPLAY ROOT     exit 0 all match, 1 a mismatch, 2 bad usage
"""
import os
import re
import shlex
import subprocess
import sys

MARKER = re.compile(r'^<!-- program: (\S+) -->$')
RESULT_LINE = re.compile(r'^[a-z_]+\(.*\) = ')


def fenced_blocks(lines):
    """(marker path or None, first line number, block lines) for each fenced block."""
    i = 0
    while i < len(lines):
        fence = re.match(r'^(`{3,})', lines[i])
        if fence:
            # CommonMark: only a line of at least as many backticks closes it
            close = re.compile('^' + fence.group(1) + '`*\\s*$')
            start = i + 1
            j = start
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            k = i - 1
            while k >= 0 and lines[k].strip() == '':
                k -= 1
            m = MARKER.match(lines[k]) if k >= 0 else None
            yield (m.group(1) if m else None, start + 1, lines[start:j])
            i = j + 1
        else:
            i += 1


def normalized(text):
    out = []
    for line in text.splitlines():
        line = line.split('#', 1)[0].rstrip()
        if line and not line.startswith('FINDING '):
            out.append(line)
    return out


def main(argv):
    runner = []
    if len(argv) >= 2 and argv[0] == '--runner':
        runner = shlex.split(argv[1])
        argv = argv[2:]
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    replay, root = argv
    docs = [os.path.join(root, 'README.md')] + sorted(
        os.path.join(root, 'docs', f) for f in os.listdir(os.path.join(root, 'docs')) if f.endswith('.md'))
    errors, files = [], {}
    for doc in docs:
        rel = os.path.relpath(doc, root)
        lines = open(doc, encoding='utf-8').read().splitlines()
        for path, line, block in fenced_blocks(lines):
            if path is None:
                if any(RESULT_LINE.match(b) for b in block) and not (block and block[0].startswith('$ ')):
                    errors.append(f'{rel}:{line}: a program with results but no <!-- program: FILE --> marker')
                continue
            full = os.path.join(root, path)
            if not os.path.isfile(full):
                errors.append(f'{rel}:{line}: {path} does not exist')
                continue
            if open(full, encoding='utf-8').read() != '\n'.join(block) + '\n':
                errors.append(f'{rel}:{line}: the block differs from {path}')
            files.setdefault(path, f'{rel}:{line}')
    for path, where in sorted(files.items()):
        run = subprocess.run(runner + [replay, '--to-text', os.path.join(root, path)],
                             capture_output=True, text=True)
        if run.returncode != 0:
            errors.append(f'{where}: bb_replay --to-text {path} failed: {run.stderr.strip()}')
            continue
        want, got = normalized(open(os.path.join(root, path), encoding='utf-8').read()), normalized(run.stdout)
        for n, (w, g) in enumerate(zip(want, got)):
            if w != g:
                errors.append(f'{where}: {path}: the document says\n    {w}\n  replay gives\n    {g}')
                break
        else:
            if len(want) != len(got):
                errors.append(f'{where}: {path}: {len(want)} lines written, replay prints {len(got)}')
        print(f'{path} ({where}): {len(want)} lines checked')
    for e in errors:
        print('FAIL ' + e)
    print(f'{len(files)} program files, {len(errors)} mismatches')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
