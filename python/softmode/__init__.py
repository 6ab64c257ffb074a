"""softmode: the strain-field analysis of soft vibrational modes in glasses
(U. Buchenau 2020), the library behind the softmode program, for Python.

    import softmode
    mode = softmode.read("glass.extxyz.gz", frame=3)   # or softmode.Mode(positions, ...)
    r = softmode.analyze(mode, method="fit")           # ANALYSIS.md section 10 names
    r["D4"], r["dipole"]["principal"], r["curves"]["D2"]
    rows = softmode.table(softmode.analyze_files("modes/", workers=2))

Settings are named as the command-line flags (``--half-weight`` -> half_weight=True,
``--rs 7`` -> rs=7.0). Errors are softmode.errors exceptions (ValueError or OSError
subclasses) with ``file`` and ``line``. Long calls release the GIL and stop on Ctrl-C.
"""

from . import errors
from ._batch import analyze_dask, analyze_file, analyze_files
from ._native import Mode, __version__, analyze, creation, example, figures, modes, moduli
from ._native import read
from ._native import setting_names
from ._table import COLUMNS, means, table
from . import _interop

Mode.from_ase = classmethod(_interop.from_ase)
Mode.from_ovito = classmethod(_interop.from_ovito)

__all__ = [
    "Mode", "read", "example", "analyze", "creation", "figures", "modes", "moduli", "table", "means",
    "analyze_file", "analyze_files", "analyze_dask", "setting_names", "errors",
    "COLUMNS", "__version__",
]
