"""Times scipy's shift-invert eigsh (the issue's reference: sparse LU + ARPACK) for the 10
lowest non-translational modes of the dynamical matrix written by
examples/modes_vs_scipy.rs, with the same shift sigma = -1e-3 trace/3N.

usage: python modes_vs_scipy.py D.mtx   (prints JSON: wall times, omega2)
"""
import json
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse.linalg as sla

t0 = time.perf_counter()
d = scipy.io.mmread(sys.argv[1]).tocsc()
t_read = time.perf_counter() - t0
sigma = -1e-3 * d.diagonal().mean()
t0 = time.perf_counter()
vals, vecs = sla.eigsh(d, k=13, sigma=sigma, which="LM", tol=1e-13)
t_eigsh = time.perf_counter() - t0
vals = np.sort(vals)
print(json.dumps({"atoms": d.shape[0] // 3, "eigsh_s": t_eigsh, "read_s": t_read,
                  "omega2": vals[3:13].tolist(), "zeros": vals[:3].tolist()}))
