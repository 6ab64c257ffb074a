"""Batches: every mode of many files, serially, on local processes or on Dask.

A file that cannot be read, or a mode that cannot be analysed, gives an error record
(file, frame, error) in place of its results, so one broken file never loses a batch.
The records are the same, in the same order, whatever runs them."""

import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
import multiprocessing

from . import _native
from .errors import FileError, InvalidModeError, ParseError, SettingError

_READER = set(_native.setting_names()["reader"])
_ANALYSIS = set(_native.setting_names()["analysis"])
# Errors of one file or one mode; a bad setting (SettingError) is the caller's and is raised.
_DATA_ERRORS = (ParseError, InvalidModeError, FileError, OSError)


def _check(settings):
    unknown = sorted(set(settings) - _READER - _ANALYSIS)
    if unknown:
        known = ", ".join(sorted(_READER | _ANALYSIS))
        raise SettingError(f"unknown setting '{unknown[0]}' (known here: {known})")


def error_record(path, frame, err):
    """The record of a file or mode that failed: where, and the error with its line."""
    return {
        "file": os.path.basename(os.fspath(path)),
        "path": os.fspath(path),
        "frame": frame,
        "error": f"{type(err).__name__}: {err}",
        "line": getattr(err, "line", None),
    }


def analyze_file(path, **settings):
    """The result dicts of every mode of `path` (each with its "path" added), or error
    records for what could not be read or analysed. Settings as for read() and
    analyze()."""
    _check(settings)
    reader = {k: v for k, v in settings.items() if k in _READER}
    analysis = {k: v for k, v in settings.items() if k not in _READER}
    try:
        modes = _native.read(path, potential=analysis.get("potential"), **reader)
    except _DATA_ERRORS as err:
        return [error_record(path, None, err)]
    return [_analyze_one(path, m, analysis) for m in modes]


def _analyze_one(path, mode, settings):
    try:
        result = _native.analyze(mode, **settings)
    except _DATA_ERRORS as err:
        return error_record(path, mode.frame, err)
    result["path"] = os.fspath(path)
    return result


def expand(paths):
    """A folder as its files (sorted, hidden files left out); a single path as a list."""
    if isinstance(paths, (str, os.PathLike)):
        p = os.fspath(paths)
        if os.path.isdir(p):
            names = sorted(n for n in os.listdir(p) if not n.startswith("."))
            return [os.path.join(p, n) for n in names if os.path.isfile(os.path.join(p, n))]
        return [p]
    return [os.fspath(p) for p in paths]


def _limit_threads(threads):
    # Runs in each fresh worker before softmode's thread pool starts.
    os.environ["RAYON_NUM_THREADS"] = str(threads)


def analyze_files(paths, workers=None, **settings):
    """Every mode of every file (a list of paths or a folder), analysed by `workers` local
    processes (None or 1: in this process). Returns the records in file and frame order:
    result dicts (as analyze() gives, plus "path") and error records (file, path, frame,
    error, line). Each worker computes with cpu_count // workers threads."""
    _check(settings)
    files = expand(paths)
    job = partial(analyze_file, **settings)
    if not workers or workers == 1:
        return [r for f in files for r in job(f)]
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_limit_threads,
        initargs=(threads,),
    ) as pool:
        return [r for records in pool.map(job, files) for r in records]


def analyze_dask(paths, client=None, **settings):
    """The records of analyze_files, computed on Dask: with a distributed `client`
    (Client.map over the files, then gather), else as a dask.bag on the current
    scheduler. Needs dask (and distributed for a client)."""
    _check(settings)
    files = expand(paths)
    job = partial(analyze_file, **settings)
    if client is not None:
        futures = client.map(job, files, pure=False)
        per_file = client.gather(futures)
    else:
        import dask.bag as db

        per_file = db.from_sequence(files, npartitions=max(1, len(files))).map(job).compute()
    return [r for records in per_file for r in records]
