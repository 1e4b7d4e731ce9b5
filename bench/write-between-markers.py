"""Writes standard input into a file between `<!-- NAME:begin -->` and `<!-- NAME:end -->`.

Usage: bench/write-between-markers.py NAME FILE < table. The benchmarks keep their tables in the
READMEs this way; everything outside the markers stays as it is.
"""
import os
import sys

name, path = sys.argv[1], sys.argv[2]
table = sys.stdin.read().strip()
readme = open(path, encoding="utf-8").read()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
if begin not in readme or end not in readme:
    sys.exit(f"{path}: the markers {begin} / {end} are missing")
head, rest = readme.split(begin, 1)
_, tail = rest.split(end, 1)
tmp = f"{path}.tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(f"{head}{begin}\n{table}\n{end}{tail}")
os.replace(tmp, path)
print(f"written to {path}", file=sys.stderr)
