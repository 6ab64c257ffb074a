"""Shared test data and the comparison of results with the reference files, to the
tolerances of the Rust reference tests (tests/reference.rs, tests/common/mod.rs)."""

import json
import math
import os
import shutil

import numpy as np
import pytest

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data")
EXAMPLE = os.path.join(DATA, "ipl2000_g1.extxyz.gz")
ASE_FILE = os.path.join(DATA, "ase_cuzr_m3.extxyz.gz")
BROKEN = os.path.join(DATA, "bad", "truncated_frame.extxyz")


def _shared_data():
    """The shared data folder: ../shared/data beside the checkout (as in CI), or beside
    a folder above it (a git worktree in a subfolder)."""
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    up = os.path.dirname(repo)
    while True:
        candidate = os.path.join(up, "shared", "data")
        if os.path.isdir(candidate) or os.path.dirname(up) == up:
            return candidate
        up = os.path.dirname(up)


SHARED = _shared_data()


def data(*parts):
    return os.path.join(DATA, *parts)


def reference(frame):
    with open(data("reference", f"ipl2000_g1_m{frame}.json")) as f:
        return json.load(f)


def _plain(x):
    """NumPy scalars and arrays as Python numbers and lists."""
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    return x


def compare(ours, ref, path, rel, abs_, out):
    """As tests/common/mod.rs: numbers within rel |ref| + abs when either is a float,
    integers, strings and booleans equal, reference nulls None (or NaN in an array)."""
    ours = _plain(ours)
    if isinstance(ref, dict):
        if not isinstance(ours, dict):
            out.append(f"{path}: {ours!r} is not an object")
            return
        for k, v in ref.items():
            if k in ours:
                compare(ours[k], v, f"{path}.{k}", rel, abs_, out)
            else:
                out.append(f"{path}.{k}: missing")
    elif isinstance(ref, list):
        if not isinstance(ours, list) or len(ours) != len(ref):
            out.append(f"{path}: {ours!r} vs a list of {len(ref)}")
            return
        for i, (x, v) in enumerate(zip(ours, ref)):
            compare(x, v, f"{path}[{i}]", rel, abs_, out)
    elif ref is None:
        if not (ours is None or (isinstance(ours, float) and math.isnan(ours))):
            out.append(f"{path}: {ours!r} vs null")
    elif isinstance(ref, (bool, str)) or isinstance(ours, (bool, str)) or ours is None:
        if ours != ref or type(ours) is not type(ref):
            out.append(f"{path}: {ours!r} vs {ref!r}")
    elif isinstance(ref, float) or isinstance(ours, float):
        if not abs(ours - ref) <= rel * abs(ref) + abs_:
            out.append(f"{path}: {ours!r} vs {ref!r}")
    elif ours != ref:
        out.append(f"{path}: {ours!r} vs {ref!r}")


def identical(a, b, path="result"):
    """The differences between two results, exactly (NaN equal to NaN)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a.keys() ^ b.keys())}"]
        return [d for k in a for d in identical(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in identical(x, y, f"{path}[{i}]")]
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        same = (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=True))
        return [] if same else [f"{path}: arrays differ"]
    same = a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
    return [] if same and type(a) is type(b) else [f"{path}: {a!r} vs {b!r}"]


@pytest.fixture(scope="session")
def example_modes():
    import softmode

    return softmode.read(EXAMPLE)


@pytest.fixture(scope="session")
def folder(tmp_path_factory):
    """Two copies of the example glass (20 modes) and a broken file between them."""
    d = tmp_path_factory.mktemp("modes")
    shutil.copy(EXAMPLE, d / "a_glass.extxyz.gz")
    shutil.copy(BROKEN, d / "b_broken.extxyz")
    shutil.copy(EXAMPLE, d / "c_glass.extxyz.gz")
    return d


@pytest.fixture(scope="session")
def serial_records(folder):
    import softmode

    return softmode.analyze_files(folder)
