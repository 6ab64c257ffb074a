"""softmode's cost per mode through Python against the CLI, and a batch of 1,000 modes
(the example glass's 10 modes, 100 times) on 1 and 2 Dask workers.

    python python/bench/bench.py --cli PATH/TO/softmode [--copies 100] [--repeat 5]

The CLI is built without the window, e.g.
    cargo build --release --no-default-features
Each figure is the median of --repeat runs, in milliseconds per mode. The analysis
itself runs on rayon threads: "threads" is RAYON_NUM_THREADS (all cores when unset)."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "..", "tests", "data", "ipl2000_g1.extxyz.gz")


def median_ms(run, repeat, per):
    """Median wall time of `run()` over `repeat` runs, in ms per item of `per` items."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times) / per


def cli_per_mode(cli, repeat, threads):
    """`softmode analyze FILE --all --json OUT`: process, reading, analysis and JSON."""
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    out = os.path.join(tempfile.mkdtemp(), "out.json")
    cmd = [cli, "analyze", EXAMPLE, "--all", "--json", out, "--force"]
    return median_ms(lambda: subprocess.run(cmd, check=True, env=env), repeat, 10)


PYTHON = """
import sys, json, softmode
sys.path.insert(0, %r)
from bench import median_ms
def run():
    for mode in softmode.read(%r):
        softmode.analyze(mode)
print(json.dumps(median_ms(run, %d, 10)))
"""


def python_per_mode(repeat, threads):
    """read() and analyze() of every mode, serially, in a fresh interpreter."""
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    code = PYTHON % (HERE, EXAMPLE, repeat)
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def batch_folder(copies):
    folder = tempfile.mkdtemp(prefix="softmode-batch-")
    for k in range(copies):
        os.symlink(os.path.abspath(EXAMPLE), os.path.join(folder, f"glass_{k:04d}.extxyz.gz"))
    return folder


def dask_per_mode(folder, workers, threads, repeat):
    """analyze_dask over the folder on a LocalCluster of `workers` processes."""
    import softmode
    from distributed import Client, LocalCluster

    env = {"RAYON_NUM_THREADS": str(threads)} if threads else {}
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, env=env) as cluster, Client(cluster) as client:
        n = len(softmode.analyze_dask(folder, client=client))  # warm the workers
        assert n == 10 * len(os.listdir(folder))
        return median_ms(lambda: softmode.analyze_dask(folder, client=client),
                         repeat, n), n


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", required=True, help="the softmode binary")
    p.add_argument("--copies", type=int, default=100, help="files of 10 modes in the batch")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    cores = os.cpu_count()
    print(f"{cores} cores, load average {os.getloadavg()[0]:.2f}")
    for threads in (None, 1):
        label = f"threads={threads or cores}"
        cli = cli_per_mode(args.cli, args.repeat, threads)
        py = python_per_mode(args.repeat, threads)
        print(f"per mode, {label}: CLI {cli:.2f} ms, Python {py:.2f} ms ({100 * (py / cli - 1):+.0f} %)")
    folder = batch_folder(args.copies)
    try:
        for workers, threads in ((1, 1), (2, 1), (1, None)):
            ms, n = dask_per_mode(folder, workers, threads, max(1, args.repeat // 2))
            print(f"batch of {n} modes on {workers} Dask worker(s) x {threads or cores} thread(s): "
                  f"{ms:.2f} ms per mode, {ms * n / 1e3:.2f} s in all")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
