"""Masses, units and potentials: per-atom masses reach the analysis (the displacement
along the normal coordinate A is A e_i / sqrt(m_i), ANALYSIS.md section 12), the
settings default to the glass's scales, and potential= takes a built-in name."""

import os
import pickle

import ase.io
import numpy as np
import pytest

import softmode
from softmode.errors import SettingError
from conftest import EXAMPLE, SHARED, identical

CUZR = os.path.join(SHARED, "cuzr2000.extxyz.gz")


@pytest.fixture(scope="module")
def mode():
    return softmode.read(EXAMPLE, frame=3)


def from_arrays(m, **extra):
    return softmode.Mode(m.positions, m.species, m.box, m.e, omega2=m.omega2, frame=m.frame, **extra)


def without_file(result):
    """The result without the file name and the norm of e in it (1 for m.e, normalised)."""
    return {k: v for k, v in result.items() if k not in ("file", "e_norm_in_file")}


def test_unit_masses_give_the_file_read_results(mode):
    ones = from_arrays(mode, masses=np.ones(len(mode)))
    assert mode.masses is None and (ones.masses == 1.0).all()
    assert identical(without_file(softmode.analyze(ones)), without_file(softmode.analyze(mode))) == []


def test_equal_masses_m_scale_d_k_by_m_to_the_minus_k_over_2(mode):
    # u_i = e_i / sqrt(4) = e_i / 2, so D_k (the k-th Taylor coefficient in A) is 2^-k
    # times that of unit masses, and omega2 = e.H.e / m a quarter.
    heavy = softmode.analyze(from_arrays(mode, masses=np.full(len(mode), 4.0)))
    light = softmode.analyze(mode)
    for k in (2, 3, 4):
        ratio = light["D_inf"][f"D{k}"] / heavy["D_inf"][f"D{k}"]
        assert ratio == pytest.approx(2.0**k, rel=1e-12), k
    assert light["omega2_eHe"] / heavy["omega2_eHe"] == pytest.approx(4.0, rel=1e-12)
    # A_max defaults to 1.5 sqrt(m_mean) a0 (section 12); a keyword given wins.
    assert heavy["settings"]["A_max"] == 3.0 and light["settings"]["A_max"] == 1.5
    given = softmode.analyze(from_arrays(mode, masses=np.full(len(mode), 4.0)), amax=2.0, method="fit")
    assert given["settings"]["A_max"] == 2.0


def test_unequal_masses_are_kept_and_pickled(mode):
    masses = np.where(mode.species == 0, 1.0, 2.5)
    m = from_arrays(mode, masses=masses, units="lj")
    assert (m.masses == masses).all() and m.units == "lj" and mode.units is None
    back = pickle.loads(pickle.dumps(m))
    assert (back.masses == masses).all() and back.units == "lj" and back.sizes is None
    assert identical(softmode.analyze(back), softmode.analyze(m)) == []


def test_metal_units_take_a0_from_the_atomic_volume(mode):
    # a0 = (V / N / 1.22)^(1/3), the paper's atomic volume being 1.22 a0^3.
    r = softmode.analyze(from_arrays(mode, units="metal"))
    a0 = (np.prod(mode.box) / len(mode) / 1.22) ** (1.0 / 3.0)
    assert r["settings"]["a0"] == pytest.approx(a0, rel=1e-14)
    assert r["settings"]["R_centre"] == pytest.approx(3.5 * a0, rel=1e-14)
    assert r["curves"]["r_c"][19] == pytest.approx(a0, rel=1e-14)


@pytest.mark.parametrize("call", [
    lambda m: softmode.analyze(m, potential="no-such"),
    lambda m: softmode.creation(m, potential="no-such"),
    lambda m: softmode.read(EXAMPLE, frame=0, potential="no-such"),
    lambda m: from_arrays(m, potential="no-such"),
])
def test_unknown_potential_lists_the_built_ins(mode, call):
    with pytest.raises(SettingError, match=r"potential 'no-such' .*3dipl"):
        call(mode)


def test_from_ase_keeps_the_masses_column_and_units():
    atoms = ase.io.read(CUZR, index=0)
    m = softmode.Mode.from_ase(atoms, types="Cu=S,Zr=L")
    assert m.units == "metal" and (m.masses == atoms.arrays["masses"]).all()
    assert sorted(set(m.masses)) == [63.546, 91.224]


def test_read_keeps_the_masses_column_and_units():
    atoms = ase.io.read(CUZR, index=0)
    m = softmode.read(CUZR, frame=0, types="Cu=S,Zr=L")
    assert m.units == "metal" and (m.masses == atoms.arrays["masses"]).all()
