"""creation(), figures(), the built-in example, and long calls without the GIL that
stop on Ctrl-C."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import softmode
from softmode.errors import FileError, SettingError
from conftest import EXAMPLE, data, identical


@pytest.mark.parametrize("frame", [0, 1, 2])
def test_creation_matches_reference(frame):
    with open(data("reference_creation", f"ipl2000_g1_m{frame}.json")) as f:
        ref = json.load(f)
    got = softmode.creation(softmode.read(EXAMPLE, frame=frame))
    assert got["n_core"] == ref["n_core"] and got["file"] == "ipl2000_g1.extxyz.gz"
    # The tolerances of tests/creation.rs.
    assert abs(got["E_s"] - ref["E_s"]) < 1e-6 * abs(ref["E_s"])
    assert abs(got["Delta_A"] - ref["Delta_A"]) < 1e-5 * abs(ref["Delta_A"])
    assert got["settings"]["r_core"] == 2.6 and got["program"]["name"] == "softmode"


def test_creation_settings_are_checked():
    with pytest.raises(SettingError, match="unknown setting 'rs'"):
        softmode.creation(softmode.example(), rs=7.0)


def test_example_is_the_shipped_file():
    shipped = os.path.join(os.path.dirname(EXAMPLE), "..", "..", "assets", "example_mode.extxyz.gz")
    ours = softmode.analyze(softmode.example())
    theirs = softmode.analyze(softmode.read(shipped, frame=0))
    assert ours["file"] == "example_mode.extxyz.gz" and ours["n_atoms"] == 8000
    assert ours["D4"] == theirs["D4"] and identical(ours["curves"], theirs["curves"]) == []
    # The first screen (src/example.rs): no half-box warning, a compact core.
    assert ours["warnings"] == [] and ours["r_in"] < 3.0


def test_figures_are_written_and_never_overwritten(tmp_path):
    mode = softmode.read(EXAMPLE, frame=3)
    paths = softmode.figures(mode, tmp_path, formats=["svg", "png"], dpi=50, style={"greyscale": True})
    names = {os.path.basename(p) for p in paths}
    assert {"ipl2000_g1_m3_fig2.svg", "ipl2000_g1_m3_fig2.png", "ipl2000_g1_m3.json"} <= names
    assert all(os.path.getsize(p) > 0 for p in paths)
    with open(tmp_path / "ipl2000_g1_m3.json") as f:
        assert f.read().count('"D4"') >= 1
    with pytest.raises(FileError, match="exists"):
        softmode.figures(mode, tmp_path, formats="svg")
    assert softmode.figures(mode, tmp_path, formats=["svg"], force=True)


def test_long_calls_release_the_gil():
    mode = softmode.read(EXAMPLE, frame=0)
    ticks, stop = [0], threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    start = time.perf_counter()
    softmode.creation(mode, aout_step=0.01)
    elapsed = time.perf_counter() - start
    stop.set()
    thread.join()
    # With the GIL held the counter could not run at all during the call; without it, it
    # ticks about once a millisecond (a twentieth of that leaves room for a busy machine).
    assert elapsed > 0.3 and ticks[0] > 0.05 * elapsed / 0.001, (ticks[0], elapsed)


INTERRUPT = """
import signal, sys, time, softmode
# A process started in the background of a shell without job control (as CI may start
# it) inherits SIGINT ignored, and Python then leaves it ignored: Ctrl-C as in a terminal.
signal.signal(signal.SIGINT, signal.default_int_handler)
mode = softmode.read(%r, frame=0)
print("started", flush=True)
start = time.perf_counter()
try:
    softmode.creation(mode, aout_step=0.001)
    print("finished", time.perf_counter() - start)
except KeyboardInterrupt:
    print("interrupted", time.perf_counter() - start)
"""


def test_ctrl_c_stops_a_long_call():
    # 6,001 grid points instead of 121: the whole run took 17 s on 2 busy cores. Ctrl-C
    # comes from this process, 0.5 s after the call began.
    child = subprocess.Popen([sys.executable, "-c", INTERRUPT % EXAMPLE],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "started"
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=300)
    word, seconds = out.split()
    assert word == "interrupted" and float(seconds) < 3.0, out + err


def test_moduli_of_the_example_glass():
    r = softmode.moduli(softmode.example())
    c = r["C"]
    # C = Born - non-affine relaxation + the terms of the stress (not symmetric under
    # pressure).
    parts = r["born"] - r["non_affine"] + r["stress_terms"]
    assert c.shape == (6, 6) and np.abs(c - parts).max() < 1e-12 * np.abs(c).max()
    # The Voigt averages of C (section 14) and the pressure of the stress.
    b = (c[0, 0] + c[1, 1] + c[2, 2] + 2 * (c[0, 1] + c[0, 2] + c[1, 2])) / 9
    g = (c[0, 0] + c[1, 1] + c[2, 2] - c[0, 1] - c[0, 2] - c[1, 2] + 3 * (c[3, 3] + c[4, 4] + c[5, 5])) / 15
    assert r["B"] == pytest.approx(b, rel=1e-12) and r["G"] == pytest.approx(g, rel=1e-12)
    assert r["pressure"] == pytest.approx(-np.trace(r["stress"]) / 3, rel=1e-12)
    # As tests/elastic_moduli.rs: G near the paper's 14, the glass under pressure ~20.
    assert 12.0 < r["G"] < 16.0 and 15.0 < r["pressure"] < 25.0 and r["warnings"] == []
    with pytest.raises(SettingError, match="unknown setting 'rs'"):
        softmode.moduli(softmode.example(), rs=7.0)
