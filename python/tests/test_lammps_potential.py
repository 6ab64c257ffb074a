"""potential= as a file of LAMMPS commands: the Kob-Andersen glass with the potential
LAMMPS made it with (ka2000.lammps, pair_style lepton)."""

import gzip
import os

import pytest

import softmode
from conftest import SHARED

KA = os.path.join(SHARED, "ka2000.extxyz.gz")
KA_POTENTIAL = os.path.join(SHARED, "ka2000.lammps")


def file_omega2(path, frame):
    """omega2 from the comment line of frame `frame` of an extended-XYZ file."""
    with gzip.open(path, "rt") as f:
        for k in range(frame + 1):
            n = int(f.readline())
            comment = f.readline()
            if k < frame:
                for _ in range(n):
                    f.readline()
    return float(comment.split("omega2=")[1].split()[0])


def test_ka_mode_0_d2_at_infinity_is_half_omega2():
    # The whole glass as the core: D2(inf) = (1/2) e.D.e = omega2 / 2 (LAMMPS's glass
    # and eigenvalue, independent of this program).
    mode = softmode.read(KA, frame=0, potential=KA_POTENTIAL)
    r = softmode.analyze(mode, potential=KA_POTENTIAL)
    omega2 = file_omega2(KA, 0)
    assert 2.0 * r["D_inf"]["D2"] == pytest.approx(omega2, rel=1e-7)
    assert r["omega2_eHe"] == pytest.approx(omega2, rel=1e-7)
    assert r["settings"]["units"] == "lj" and r["settings"]["a0"] == 1.0
