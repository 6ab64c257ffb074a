"""Batches: analyze_files on local processes and the Dask recipe give exactly the
serial records; a broken file gives an error row, not a lost batch."""

import pytest
from distributed import Client, LocalCluster

import softmode
from conftest import compare, identical, reference


def test_serial_records_match_the_reference_and_keep_the_broken_file(serial_records):
    assert len(serial_records) == 21
    broken = serial_records[10]
    assert broken["file"] == "b_broken.extxyz" and broken["frame"] is None
    assert broken["error"].startswith("ParseError: ") and broken["line"] > 0
    assert f"line {broken['line']}" in broken["error"]
    for i, r in enumerate(serial_records[:10] + serial_records[11:]):
        assert r["frame"] == i % 10 and "error" not in r
        diffs = []
        compare(r["D4"], reference(i % 10)["D4"], "D4", 1e-6, 1e-9, diffs)
        compare(r["dipole"], reference(i % 10)["dipole"], "dipole", 1e-6, 1e-9, diffs)
        assert not diffs, diffs


@pytest.mark.parametrize("workers", [2, 3])
def test_local_processes_equal_serial(folder, serial_records, workers):
    assert identical(softmode.analyze_files(folder, workers=workers), serial_records) == []


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


def test_dask_client_map_equals_serial(client, folder, serial_records):
    assert len(client.scheduler_info()["workers"]) == 2
    records = softmode.analyze_dask(folder, client=client)
    assert identical(records, serial_records) == []
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2


def test_dask_bag_on_the_cluster_equals_serial(client, folder, serial_records):
    assert identical(softmode.analyze_dask(folder), serial_records) == []


def test_table_has_one_row_per_mode_and_the_error_row(serial_records):
    rows = softmode.table(serial_records, as_frame=False)
    assert [r["frame"] for r in rows] == list(range(10)) + [None] + list(range(10))
    assert rows[10]["error"].startswith("ParseError") and rows[10]["D4"] is None
    ref = reference(3)
    assert rows[3]["P11"] == pytest.approx(ref["dipole"]["principal"][0], rel=1e-6)
    assert rows[3]["W"] == pytest.approx(ref["W"], rel=1e-6)
    assert rows[3]["r_in"] == ref["r_in"]


def test_table_as_dataframe_with_the_set_means(serial_records):
    frame = softmode.table(serial_records)
    assert list(frame.columns) == softmode.COLUMNS and len(frame) == 21
    means = frame.attrs["means"]
    assert means["n"] == 20
    rows = softmode.table(serial_records[:10], as_frame=False)
    assert softmode.means(rows)["lambda_l"] == pytest.approx(means["lambda_l"], rel=1e-12)
