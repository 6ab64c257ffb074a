"""Writes tests/data/ase_cuzr_m3.extxyz.gz with ASE's own extxyz writer: frame 3 of the
example glass (ipl2000_g1.extxyz.gz) with species S -> Cu, L -> Zr, the eigenvector as
the per-atom array "mode" and omega2 in atoms.info. Run once (pip install ase):
    python3 tests/data/scripts/make_ase_file.py
"""
import gzip
import os

import numpy as np
import ase.io
from ase import Atoms

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.dirname(here)
with gzip.open(os.path.join(data, "ipl2000_g1.extxyz.gz"), "rt") as f:
    lines = f.read().splitlines()
k = 0
for frame in range(4):
    n = int(lines[k])
    comment, atoms = lines[k + 1], lines[k + 2:k + 2 + n]
    k += 2 + n
rows = [a.split() for a in atoms]
symbols = [{"S": "Cu", "L": "Zr"}[r[0]] for r in rows]
pos = np.array([[float(x) for x in r[1:4]] for r in rows])
mode = np.array([[float(x) for x in r[4:7]] for r in rows])
lattice = comment.split('Lattice="')[1].split('"')[0].split()
cell = np.array([float(x) for x in lattice]).reshape(3, 3)
omega2 = float(comment.split("omega2=")[1].split()[0])
a = Atoms(symbols=symbols, positions=pos, cell=cell, pbc=True)
a.new_array("mode", mode)
a.info["omega2"] = omega2
out = os.path.join(data, "ase_cuzr_m3.extxyz")
ase.io.write(out, a, format="extxyz")
with open(out, "rb") as f, gzip.GzipFile(out + ".gz", "wb", mtime=0) as g:
    g.write(f.read())
os.remove(out)
