"""softmode.analyze on the example glass equals the reference files to the tolerances
of tests/reference.rs: scalars relative 1e-6 (absolute 1e-9), D_inf absolute 1e-8,
curves, shells, fig1 and the dipole scan 1e-6 |ref| + 1e-8, integers and r_in exactly."""

import pytest

import softmode
from conftest import compare, reference

SKIP = {"settings", "program", "D_inf", "D_inf_fit", "fit_result", "curves_fit"}
ARRAYS = {"curves", "shells", "fig1", "dipole_scan"}


@pytest.mark.parametrize("frame", range(10))
def test_taylor_method_matches_reference(example_modes, frame):
    ref = reference(frame)
    ours = softmode.analyze(example_modes[frame])
    diffs = []
    for k, v in ref.items():
        if k in SKIP:
            continue
        if k not in ours:
            diffs.append(f"m{frame}.{k}: missing")
            continue
        compare(ours[k], v, f"m{frame}.{k}", 1e-6, 1e-8 if k in ARRAYS else 1e-9, diffs)
    compare(ours["D_inf"], ref["D_inf"], f"m{frame}.D_inf", 0.0, 1e-8, diffs)
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("frame", range(10))
def test_fit_method_matches_reference(example_modes, frame):
    ref, fit = reference(frame), reference(frame)["fit_result"]
    ours = softmode.analyze(example_modes[frame], method="fit")
    diffs = []
    compare(ours["D_inf"], ref["D_inf_fit"], "D_inf_fit", 0.0, 1e-8, diffs)
    compare(ours["settings"]["A_max"], fit["A_max"], "A_max", 0.0, 0.0, diffs)
    compare(ours["settings"]["n_A"], fit["n_A"], "n_A", 0.0, 0.0, diffs)
    compare(ours["r_in"], fit["r_in"], "r_in", 0.0, 0.0, diffs)
    for k in ["D4", "f_r"]:
        compare(ours[k], fit[k], f"fit_result.{k}", 1e-6, 1e-9, diffs)
    for k in ["D1", "D2", "D3", "D4"]:
        compare(ours["curves"][k], ref["curves_fit"][k], f"curves_fit.{k}", 1e-6, 1e-8, diffs)
    assert not diffs, "\n".join(diffs)


def test_r_in_and_centre_are_exact(example_modes):
    for mode in example_modes:
        ref, ours = reference(mode.frame), softmode.analyze(mode)
        assert ours["r_in"] == ref["r_in"]
        assert ours["centre"]["start_atom"] == ref["centre"]["start_atom"]
        assert ours["centre"]["iterations"] == ref["centre"]["iterations"]


def test_curves_are_arrays_and_scalars_floats_or_none(example_modes):
    r = softmode.analyze(example_modes[3])
    assert r["curves"]["D4"].shape == (240,) and r["curves"]["D4"].dtype == float
    assert r["dipole"]["P"].shape == (3, 3)
    assert isinstance(r["D4"], float) and isinstance(r["frame"], int)
    assert r["file"] == "ipl2000_g1.extxyz.gz"
    assert all(isinstance(w, str) for w in r["warnings"])
