"""The same mode through read(), Mode(...) from arrays, Mode.from_ase and a pickle round
trip gives identical results, bit for bit."""

import pickle

import ase.io
import pytest

import softmode
from conftest import ASE_FILE, identical

TYPES = "Cu=S,Zr=L"


@pytest.fixture(scope="module")
def atoms():
    return ase.io.read(ASE_FILE, index=0)


@pytest.fixture(scope="module")
def from_file():
    return softmode.read(ASE_FILE, frame=0, types=TYPES)


def without_file(result):
    return {k: v for k, v in result.items() if k != "file"}


def test_from_ase_equals_read(atoms, from_file):
    ours = softmode.analyze(softmode.Mode.from_ase(atoms, types=TYPES), method="fit")
    assert identical(without_file(ours), without_file(softmode.analyze(from_file, method="fit"))) == []


def test_arrays_equal_read(atoms, from_file):
    mode = softmode.Mode(atoms.get_positions(), atoms.get_chemical_symbols(), atoms.cell[:],
                         atoms.arrays["mode"], omega2=atoms.info["omega2"], types=TYPES)
    assert identical(without_file(softmode.analyze(mode)), without_file(softmode.analyze(from_file))) == []


def test_species_indices_equal_labels(atoms, from_file):
    indices = [0 if s == "Cu" else 1 for s in atoms.get_chemical_symbols()]
    mode = softmode.Mode(atoms.get_positions(), indices, atoms.cell.lengths(), atoms.arrays["mode"],
                         omega2=atoms.info["omega2"])
    assert (mode.species == from_file.species).all()
    assert identical(without_file(softmode.analyze(mode)), without_file(softmode.analyze(from_file))) == []


def test_pickle_round_trip_is_exact(from_file):
    back = pickle.loads(pickle.dumps(from_file))
    assert back.e_norm_in_file == from_file.e_norm_in_file and back.source == from_file.source
    assert identical(softmode.analyze(back), softmode.analyze(from_file)) == []


def test_mode_attributes(from_file, atoms):
    m = from_file
    assert m.positions.shape == (2000, 3) and m.e.shape == (2000, 3) and len(m) == 2000
    assert (m.positions == atoms.get_positions()).all()
    assert abs((m.e ** 2).sum() - 1.0) < 1e-12
    assert m.omega2 == atoms.info["omega2"] and m.frame == 0 and m.masses is None
    assert list(m.box) == list(atoms.cell.lengths())


class FakeOvito:
    """The parts of an OVITO DataCollection that Mode.from_ovito reads."""

    class Types(list):
        types = []

    def __init__(self, atoms, origin):
        import numpy as np

        self.cell = np.hstack([atoms.cell[:], np.reshape(origin, (3, 1))])
        self.attributes = {"omega2": atoms.info["omega2"]}
        types = FakeOvito.Types(1 if s == "Cu" else 2 for s in atoms.get_chemical_symbols())
        self.particles = {"Position": atoms.get_positions() + origin, "mode": atoms.arrays["mode"]}
        self.particles = type("P", (dict,), {})(self.particles)
        self.particles.positions = self.particles["Position"]
        self.particles.particle_types = types


def test_from_ovito_takes_the_origin_off(atoms, from_file):
    data = FakeOvito(atoms, origin=[0.0, 0.0, 0.0])
    mode = softmode.Mode.from_ovito(data)
    assert (mode.species == from_file.species).all()
    assert identical(without_file(softmode.analyze(mode)), without_file(softmode.analyze(from_file))) == []
    shifted = softmode.Mode.from_ovito(FakeOvito(atoms, origin=[-2.0, 1.0, 0.5]))
    assert abs(shifted.positions - from_file.positions).max() < 1e-12
