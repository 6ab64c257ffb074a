"""Table I of the paper: one row per mode, from modes or result dicts."""

from . import _native

COLUMNS = ["file", "frame", "mode", "omega2", "N_e", "r_in", "f_r", "P11", "P22", "P33", "D4",
           "lambda_t", "lambda_l", "W", "error"]


def _row(result):
    """The Table I row of one result dict (or error record)."""
    if result.get("error"):
        row = dict.fromkeys(COLUMNS)
        row.update(file=result["file"], frame=result.get("frame"), error=result["error"])
        return row
    principal = result["dipole"]["principal"]
    p = [None] * 3 if principal is None else [float(x) for x in principal]
    return {
        "file": result["file"], "frame": result["frame"], "mode": result.get("mode"),
        "omega2": result["omega2"],
        "N_e": result["N_e"], "r_in": result["r_in"], "f_r": result["f_r"],
        "P11": p[0], "P22": p[1], "P33": p[2], "D4": result["D4"],
        "lambda_t": result["lambda_t"], "lambda_l": result["lambda_l"], "W": result["W"],
        "error": None,
    }


def _result(item, settings):
    if isinstance(item, dict):
        return item
    return _native.analyze(item, **settings)


def means(rows):
    """The set's means as the CLI's table prints them (mean lambda_l, lambda_t, W_set,
    A0_set over the rows with a dipole fit), or None."""
    pairs = [([r["P11"], r["P22"], r["P33"]], r["D4"]) for r in rows
             if r["error"] is None and r["P11"] is not None]
    return _native.set_means(pairs)


def table(items, as_frame=None, **settings):
    """Table I: one row per mode. `items`: Modes (analysed here with `settings`) or the
    records of analyze()/analyze_files(). A pandas DataFrame when pandas is importable
    (as_frame=None) or asked for (True), with the set's means in .attrs["means"];
    otherwise a list of dicts."""
    rows = [_row(_result(item, settings)) for item in items]
    if as_frame is False:
        return rows
    try:
        import pandas as pd
    except ImportError:
        if as_frame:
            raise
        return rows
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["frame"] = frame["frame"].astype("Int64")  # an integer column, <NA> for a file's error
    frame.attrs["means"] = means(rows)
    return frame
