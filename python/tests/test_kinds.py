"""Normal and quartic modes are named as in the paper's Table I (m0, .., q0, ..): the
kind comes from the file (kind="quartic", as `softmode modes --quartic` writes it) and
survives pickling, the result dict and the table."""

import gzip
import pickle

import softmode
from conftest import EXAMPLE


def _first_frame_as(path, tag):
    """The example's first frame, its comment line tagged with `tag`."""
    with gzip.open(EXAMPLE, "rt") as f:
        n = int(f.readline())
        comment = f.readline().rstrip("\n")
        atoms = [f.readline() for _ in range(n)]
    with open(path, "w") as out:
        out.write(f"{n}\n{comment} {tag}\n")
        out.writelines(atoms)


def test_quartic_files_give_q_rows(tmp_path):
    quartic = tmp_path / "quartic.extxyz"
    _first_frame_as(quartic, 'kind="quartic"')
    mode = softmode.read(str(quartic), frame=0)
    assert (mode.kind, mode.label) == ("quartic", "q0")
    back = pickle.loads(pickle.dumps(mode))
    assert (back.kind, back.label) == ("quartic", "q0")
    assert softmode.analyze(back)["mode"] == "q0"
    rows = softmode.table([back], as_frame=False)
    assert rows[0]["mode"] == "q0"


def test_normal_modes_give_m_rows():
    modes = softmode.read(EXAMPLE)
    assert [m.label for m in modes[:3]] == ["m0", "m1", "m2"]
    assert {m.kind for m in modes} == {"normal"}
    assert softmode.analyze(modes[2])["mode"] == "m2"
