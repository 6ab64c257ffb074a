"""Writes tests/data/ipl2000_m3m4_atooms.h5 with h5py: modes 3 and 4 of the example glass
(ipl2000_g1.extxyz.gz) in the atooms HDF5 layout (atooms.trajectory.hdf5 plus the
normal-mode groups of its TrajectoryModes):
    initialstate/particle/{number_of_particles, identity, element, position}
    initialstate/cell/sidebox
    trajectory/realtime/{stepindex,sampleindex}/sample_0000001
    trajectory/normalmodes/eigenvalues/sample_0000001        every eigenvalue (omega2)
    trajectory/normalmodes/eigenvectors/index/sample_0000001  stored modes, 1-based
    trajectory/normalmodes/eigenvectors/vector/sample_0000001_mode_00004  (N, 3)
Eigenvalues 1..5 are the omega2 of frames 0..4; modes 4 and 5 (frames 3, 4) are stored.
Positions are written as in the extxyz file (atooms centres its box on 0; the analysis
does not care, but keeping them lets the test compare positions exactly).
Run once (pip install h5py numpy):
    python3 tests/data/scripts/make_atooms_h5.py
"""
import gzip
import os

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.dirname(here)
with gzip.open(os.path.join(data, "ipl2000_g1.extxyz.gz"), "rt") as f:
    lines = f.read().splitlines()
frames, k = [], 0
while k < len(lines) and len(frames) < 5:
    n = int(lines[k])
    comment, atoms = lines[k + 1], lines[k + 2:k + 2 + n]
    k += 2 + n
    rows = [a.split() for a in atoms]
    frames.append({
        "species": [r[0] for r in rows],
        # float() of the text gives the same doubles the Rust reader parses.
        "pos": np.array([[float(x) for x in r[1:4]] for r in rows]),
        "mode": np.array([[float(x) for x in r[4:7]] for r in rows]),
        "omega2": float(comment.split("omega2=")[1].split()[0]),
        "lattice": [float(x) for x in comment.split('Lattice="')[1].split('"')[0].split()],
    })
f0 = frames[3]
assert all((f["pos"] == f0["pos"]).all() for f in frames), "one glass for every mode"
side = np.array([f0["lattice"][0], f0["lattice"][4], f0["lattice"][8]])
s = "sample_0000001"
out = os.path.join(data, "ipl2000_m3m4_atooms.h5")
with h5py.File(out, "w") as h:
    h["DIMENSIONS"] = [3]
    p = h.create_group("initialstate/particle")
    p["number_of_species"] = [2]
    p["number_of_particles"] = [len(f0["species"])]
    p["identity"] = np.array([1 if x == "S" else 2 for x in f0["species"]], dtype=np.int32)
    p["element"] = np.array([x.encode() for x in f0["species"]], dtype="S3")
    p["position"] = f0["pos"]
    h["initialstate/cell/sidebox"] = side
    h["trajectory/realtime/stepindex/" + s] = [0]
    h["trajectory/realtime/sampleindex/" + s] = [1]
    h["trajectory/normalmodes/eigenvalues/" + s] = np.array([f["omega2"] for f in frames])
    h["trajectory/normalmodes/eigenvectors/index/" + s] = np.array([4, 5], dtype=np.int32)
    for idx in (4, 5):
        h["trajectory/normalmodes/eigenvectors/vector/%s_mode_%05d" % (s, idx)] = frames[idx - 1]["mode"]
print(out, os.path.getsize(out), "bytes")

# Broken files for tests/bad_input.rs (4 atoms, one mode each): every one must give an
# error naming the file and the dataset at fault.
def small(name, edit):
    pos = np.array([[1.0, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]])
    d = {
        "initialstate/particle/element": np.array([b"S", b"L", b"S", b"L"], dtype="S3"),
        "initialstate/particle/position": pos,
        "initialstate/cell/sidebox": np.array([10.0, 10, 10]),
        "trajectory/normalmodes/eigenvalues/" + s: np.array([0.5]),
        "trajectory/normalmodes/eigenvectors/index/" + s: np.array([1], dtype=np.int32),
        "trajectory/normalmodes/eigenvectors/vector/%s_mode_00001" % s: np.ones((4, 3)),
    }
    edit(d)
    with h5py.File(os.path.join(data, "bad", name), "w") as h:
        for k, v in d.items():
            h[k] = v

vec = "trajectory/normalmodes/eigenvectors/vector/%s_mode_00001" % s
small("h5_missing_vector.h5", lambda d: d.pop(vec))
small("h5_wrong_shape.h5", lambda d: d.__setitem__(vec, np.ones((4, 2))))
small("h5_nan.h5", lambda d: d.__setitem__(vec, np.array([[1, 1, 1], [1, np.nan, 1], [1, 1, 1], [1, 1, 1.0]])))
small("h5_count_mismatch.h5", lambda d: d.__setitem__(vec, np.ones((3, 3))))
small("h5_missing_box.h5", lambda d: d.pop("initialstate/cell/sidebox"))
small("h5_index_past_eigenvalues.h5", lambda d: (
    d.__setitem__("trajectory/normalmodes/eigenvectors/index/" + s, np.array([2], dtype=np.int32)),
    d.__setitem__("trajectory/normalmodes/eigenvectors/vector/%s_mode_00002" % s, d.pop(vec))))

# The plain-dataset variant (tests/formats.rs): 4 atoms, species by identity 1/2, two
# modes as one (k, N, 3) dataset with their eigenvalues, the box as (1, 3).
with h5py.File(os.path.join(data, "h5_plain_datasets.h5"), "w") as h:
    h["initialstate/particle/identity"] = np.array([1, 2, 2, 1], dtype=np.int32)
    h["initialstate/particle/position"] = np.array([[1.0, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]])
    h["initialstate/cell/sidebox"] = np.array([[10.0, 11, 12]])
    e = np.zeros((2, 4, 3))
    e[0, 0, 0] = 2.0
    e[1, 3, 2] = -3.0
    h["trajectory/normalmodes/eigenvectors"] = e
    h["trajectory/normalmodes/eigenvalues"] = np.array([0.25, 0.75])
