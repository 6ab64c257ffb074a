"""Writes frame 0 of an extended-XYZ glass repeated n x n x n times (configuration only:
species and positions), e.g. the 16,000-atom 2x2x2 tiling of ipl2000_g1 for timings.

usage: python tile_glass.py IN.extxyz.gz N OUT.extxyz
"""
import gzip
import re
import sys

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with gzip.open(src, "rt") as f:
    count = int(f.readline())
    comment = f.readline()
    rows = [f.readline().split() for _ in range(count)]
lattice = [float(x) for x in re.search(r'Lattice="([^"]*)"', comment).group(1).split()]
lengths = [lattice[0], lattice[4], lattice[8]]
with open(out, "w") as f:
    f.write(f"{count * n ** 3}\n")
    f.write('Lattice="{} 0.0 0.0 0.0 {} 0.0 0.0 0.0 {}" Properties=species:S:1:pos:R:3 pbc="T T T"\n'
            .format(*(l * n for l in lengths)))
    for a in range(n):
        for b in range(n):
            for c in range(n):
                shift = (a * lengths[0], b * lengths[1], c * lengths[2])
                for r in rows:
                    x = [float(r[1 + k]) + shift[k] for k in range(3)]
                    f.write(f"{r[0]} {x[0]!r} {x[1]!r} {x[2]!r}\n")
