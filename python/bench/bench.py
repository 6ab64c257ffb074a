"""softmode's cost per mode through Python against the CLI, and a batch of 1,000 modes
(the example glass's 10 modes, 100 times) on 1 and 2 Dask workers.

    python python/bench/bench.py --cli PATH/TO/softmode [--copies 100] [--repeat 9]

The CLI is built without the window, e.g.
    cargo build --release --no-default-features
Figures are milliseconds per mode, the minimum and the median of --repeat runs. The
runs being compared alternate (CLI, Python, CLI, ...; 1 worker, 2 workers, ...), so a
machine shared with other work slows both alike. The analysis runs on rayon threads:
"threads" is RAYON_NUM_THREADS (all cores when unset)."""

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


def alternate(runs, repeat, per):
    """{name: (min, median)} wall time of each run, in ms per item of `per` items, the
    runs taking turns `repeat` times."""
    times = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(1e3 * (time.perf_counter() - start) / per)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def compare(cli, repeat):
    """CLI (`analyze FILE --all --json OUT`: process, reading, analysis, JSON) against
    read() and analyze() of every mode in this process, both on this RAYON_NUM_THREADS."""
    import softmode

    out = os.path.join(tempfile.mkdtemp(), "out.json")
    cmd = [cli, "analyze", EXAMPLE, "--all", "--json", out, "--force"]
    runs = {
        "CLI": lambda: subprocess.run(cmd, check=True),
        "Python": lambda: [softmode.analyze(m) for m in softmode.read(EXAMPLE)],
    }
    return alternate(runs, repeat, 10)


def compare_in_child(cli, repeat, threads):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    cmd = [sys.executable, __file__, "--cli", cli, "--repeat", str(repeat), "--compare"]
    return json.loads(subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout)


def batch_folder(copies):
    folder = tempfile.mkdtemp(prefix="softmode-batch-")
    for k in range(copies):
        os.symlink(os.path.abspath(EXAMPLE), os.path.join(folder, f"glass_{k:04d}.extxyz.gz"))
    return folder


def dask_batches(folder, repeat, cores):
    """analyze_dask over the folder on LocalClusters of 1 and 2 single-threaded worker
    processes, and of 1 worker using every core."""
    import softmode
    from distributed import Client, LocalCluster

    shapes = {"1 worker x 1 thread": (1, 1), "2 workers x 1 thread": (2, 1),
              f"1 worker x {cores} threads": (1, cores)}
    clients, runs = [], {}
    try:
        for name, (workers, threads) in shapes.items():
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0",
                                   env={"RAYON_NUM_THREADS": str(threads)})
            client = Client(cluster)
            clients.append((client, cluster))
            n = len(softmode.analyze_dask(folder, client=client))  # starts the workers
            runs[name] = (lambda c=client: softmode.analyze_dask(folder, client=c))
        return alternate(runs, repeat, n), n
    finally:
        for client, cluster in clients:
            client.close()
            cluster.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cli", required=True, help="the softmode binary")
    p.add_argument("--copies", type=int, default=100, help="files of 10 modes in the batch")
    p.add_argument("--repeat", type=int, default=9)
    p.add_argument("--compare", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.compare:
        print(json.dumps(compare(args.cli, args.repeat)))
        return
    cores = os.cpu_count()
    print(f"{cores} cores, load average {os.getloadavg()[0]:.2f}")
    for threads in (None, 1):
        t = compare_in_child(args.cli, args.repeat, threads)
        (cli, cli_med), (py, py_med) = t["CLI"], t["Python"]
        print(f"per mode, {threads or cores} thread(s): CLI {cli:.2f} ms (median {cli_med:.2f}), "
              f"Python {py:.2f} ms (median {py_med:.2f}): {100 * (py / cli - 1):+.0f} %")
    folder = batch_folder(args.copies)
    try:
        times, n = dask_batches(folder, max(3, args.repeat // 3), cores)
    finally:
        shutil.rmtree(folder)
    one = times["1 worker x 1 thread"][0]
    for name, (best, med) in times.items():
        print(f"batch of {n} modes on Dask, {name}: {best:.2f} ms per mode (median {med:.2f}), "
              f"{best * n / 1e3:.1f} s in all, {one / best:.2f}x one worker")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
