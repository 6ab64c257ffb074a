"""softmode.modes: the lowest normal modes of a configuration (ANALYSIS.md section 13),
against scipy's eigenvalues of the example glass (ipl2000_g1_info.json, all_eigs) and the
file's own eigenvectors; modes of a Mode equal modes of its file; bad requests raise."""

import json

import numpy as np
import pytest

import softmode
from softmode.errors import SettingError
from conftest import EXAMPLE, data


@pytest.fixture(scope="module")
def computed():
    return softmode.modes(EXAMPLE, k=4, info=True)


def test_eigenvalues_equal_scipy(computed):
    modes, info = computed
    with open(data("ipl2000_g1_info.json")) as f:
        eigs = json.load(f)["all_eigs"][3:7]  # the three translations first
    np.testing.assert_allclose([m.omega2 for m in modes], eigs, rtol=1e-9)
    np.testing.assert_allclose(info["omega2"], eigs, rtol=1e-9)
    assert max(info["residual"]) < 1e-9
    assert "Lanczos" in info["route"]


def test_eigenvectors_equal_the_file_modes(computed):
    modes, _ = computed
    for k, m in enumerate(modes):
        file_mode = softmode.read(EXAMPLE, frame=k)
        assert abs(float(np.sum(m.e * file_mode.e))) > 1 - 1e-9
        np.testing.assert_array_equal(m.positions, file_mode.positions)


def test_a_mode_as_configuration_gives_the_same_modes(computed):
    modes, _ = computed
    again = softmode.modes(softmode.read(EXAMPLE, frame=5), k=2)
    for a, b in zip(again, modes):
        assert abs(a.omega2 - b.omega2) <= 1e-12 * b.omega2
    assert softmode.analyze(again[0])["omega2_eHe"] == pytest.approx(modes[0].omega2, rel=1e-9)


def test_too_many_modes_is_an_error():
    with pytest.raises(SettingError, match="k = 6000"):
        softmode.modes(EXAMPLE, k=6000)


def test_the_factorisation_free_route_gives_scipys_eigenvalues():
    modes, info = softmode.modes(EXAMPLE, k=4, route="filtered", info=True)
    with open(data("ipl2000_g1_info.json")) as f:
        eigs = json.load(f)["all_eigs"][3:7]
    np.testing.assert_allclose([m.omega2 for m in modes], eigs, rtol=1e-9)
    assert "Chebyshev" in info["route"] and info["products"] > 0
    assert info["factor_bytes"] == 0 and info["sigma"] is None
    with pytest.raises(SettingError, match="unknown route 'fast'"):
        softmode.modes(EXAMPLE, k=4, route="fast")
