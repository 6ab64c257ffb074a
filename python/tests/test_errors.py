"""Bad input from Python gives a clear exception (a ValueError or OSError subclass
carrying file and line), never a crash of the interpreter."""

import os
import subprocess
import sys

import numpy as np
import pytest

import softmode
from softmode.errors import FileError, InvalidModeError, ParseError, SettingError
from conftest import BROKEN, EXAMPLE, data


@pytest.fixture(scope="module")
def arrays():
    m = softmode.read(EXAMPLE, frame=3)
    return dict(positions=m.positions, species=m.species, box=m.box, e=m.e)


def make(arrays, **changes):
    a = dict(arrays, **changes)
    return softmode.Mode(a["positions"], a["species"], a["box"], a["e"])


@pytest.mark.parametrize("change, words", [
    (dict(positions=np.zeros((2000, 2))), "positions has shape [2000, 2], expected (N, 3)"),
    (dict(e=np.zeros((1999, 3))), "2000 positions, 2000 species and 1999 eigenvector rows"),
    (dict(species=np.zeros(10, dtype=int)), "2000 positions, 10 species"),
    (dict(e=np.zeros((2000, 3))), "zero or non-finite norm"),
    (dict(box=[13.0, 13.0]), "box has shape [2]"),
    (dict(box=[[13.0, 1.0, 0], [0, 13.0, 0], [0, 0, 13.0]]), "not orthorhombic"),
    (dict(box=[13.0, -1.0, 13.0]), "must be finite and positive"),
    (dict(species=np.full(2000, 7)), "atom 0: species index 7 is not one of 0..1"),
    (dict(species=["X"] * 2000), "atom 0: unknown species label 'X'"),
    (dict(positions="not an array"), "positions is not an array of numbers"),
])
def test_bad_arrays(arrays, change, words):
    with pytest.raises(InvalidModeError, match=None) as info:
        make(arrays, **change)
    assert words in str(info.value) and isinstance(info.value, ValueError)
    assert info.value.file == "<arrays>"


def test_nan_names_the_atom(arrays):
    positions = arrays["positions"].copy()
    positions[17, 1] = np.nan
    with pytest.raises(InvalidModeError, match="atom 17: non-finite position"):
        make(arrays, positions=positions)
    e = arrays["e"].copy()
    e[5, 0] = np.inf
    with pytest.raises(InvalidModeError, match="atom 5: non-finite eigenvector"):
        make(arrays, e=e)


@pytest.mark.parametrize("masses, words", [
    (np.ones(1999), "masses has shape [1999], expected (2000,)"),
    (np.r_[-1.0, np.ones(1999)], "atom 0: masses -1 must be finite and positive"),
    (np.r_[np.ones(1999), np.nan], "atom 1999: masses NaN must be finite and positive"),
])
def test_bad_masses_name_the_atom(arrays, masses, words):
    with pytest.raises(InvalidModeError) as info:
        softmode.Mode(arrays["positions"], arrays["species"], arrays["box"], arrays["e"], masses=masses)
    assert words in str(info.value), str(info.value)


def test_bad_units_are_a_setting_error(arrays):
    with pytest.raises(SettingError, match="units = 'si': expected 'lj' or 'metal'"):
        softmode.Mode(arrays["positions"], arrays["species"], arrays["box"], arrays["e"], units="si")


@pytest.mark.parametrize("settings, words", [
    (dict(radius=3.0), "unknown setting 'radius'"),
    (dict(method="spline"), "method = 'spline': expected 'taylor' or 'fit'"),
    (dict(rs=-1.0), "r_s = -1 must be >= 0"),
    (dict(na=3), "n_A = 3 must be at least 5"),
    (dict(na=31.5), "na = 31.5"),
    (dict(half_weight="yes"), "half_weight = 'yes'"),
    (dict(potential="lj"), "potential 'lj'"),
])
def test_bad_settings(settings, words):
    mode = softmode.example()
    with pytest.raises(SettingError) as info:
        softmode.analyze(mode, **settings)
    assert words in str(info.value) and isinstance(info.value, ValueError)


def test_unknown_setting_lists_the_known_ones():
    with pytest.raises(SettingError, match="known here: .*half_weight.*rs"):
        softmode.analyze(softmode.example(), rd=7)
    with pytest.raises(SettingError, match="unknown setting 'rd'"):
        softmode.analyze_files([EXAMPLE], rd=7)


def test_parse_error_carries_file_and_line():
    with pytest.raises(ParseError) as info:
        softmode.read(BROKEN)
    err = info.value
    assert err.file == BROKEN and isinstance(err.line, int) and err.line > 0
    assert f", line {err.line}:" in str(err)


def test_missing_file_is_an_os_error(tmp_path):
    missing = str(tmp_path / "nothing.extxyz")
    with pytest.raises(FileError) as info:
        softmode.read(missing)
    assert isinstance(info.value, OSError) and info.value.file == missing


def test_zero_mode_file_and_missing_vector():
    with pytest.raises(InvalidModeError, match="zero or non-finite norm"):
        softmode.read(data("bad", "zero_norm_mode.extxyz"))
    with pytest.raises(ParseError):
        softmode.read(EXAMPLE, vector="velocity")


SCRIPT = """
import numpy as np, softmode
calls = [
    lambda: softmode.Mode(None, None, None, None),
    lambda: softmode.Mode(np.zeros((0, 3)), [], [1, 1, 1], np.zeros((0, 3))),
    lambda: softmode.Mode(np.ones((3, 3, 3)), [0, 0, 0], [1, 1, 1], np.ones((3, 3))),
    lambda: softmode.Mode(np.ones((2, 3)), [0, 300], [1, 1, 1], np.ones((2, 3))),
    lambda: softmode.Mode(np.ones((2, 3)), [0, -1], [1, 1, 1], np.ones((2, 3))),
    lambda: softmode.Mode(np.ones((2, 3)), "SL", [1, 1, 1], np.ones((2, 3))),
    lambda: softmode.Mode(np.ones((2, 3)), [0, 1], [1, 1, 1], np.ones((2, 3)), omega2=float("nan")),
    lambda: softmode.analyze(softmode.Mode(np.zeros((2, 3)), [0, 1], [5, 5, 5], np.ones((2, 3)))),
    lambda: softmode.analyze(None),
    lambda: softmode.read(None),
    lambda: softmode.read("/"),
    lambda: softmode.figures(softmode.example(), "/proc/no/such/dir", formats=["svg"]),
    lambda: softmode.figures(softmode.example(), "/tmp", formats=["gif"]),
]
for call in calls:
    try:
        call()
        print("no error")
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__)
"""


def test_a_batch_of_bad_calls_never_crashes():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["InvalidModeError"] * 8 + ["TypeError"] * 2 + ["FileError"] * 2 + [
        "SettingError"], run.stdout
    assert "PanicException" not in run.stdout + run.stderr
