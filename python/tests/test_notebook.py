"""The example notebook runs top to bottom (matplotlib off-screen) and is committed
with its outputs cleared."""

import json
import os

import matplotlib

NOTEBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                        "softmode.ipynb")


def cells():
    with open(NOTEBOOK) as f:
        return json.load(f)["cells"]


def test_outputs_are_cleared():
    code = [c for c in cells() if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_notebook_runs(monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(os.path.dirname(NOTEBOOK))
    scope = {}
    for c in cells():
        if c["cell_type"] == "code":
            exec(compile("".join(c["source"]), NOTEBOOK, "exec"), scope)
    table = scope["table"]
    assert len(table) == 11 and table["error"].isna().all()
    assert scope["r"]["file"] == "example_mode.extxyz.gz"
    assert table.attrs["means"]["n"] == 11
