"""A semidefinite feasibility problem for Gram matrices, solved in floating point by Clarabel.

The solver only proposes: every certificate built from its answer is checked
in exact arithmetic (sos.py), so a wrong or inaccurate answer can cost a proof,
never make one. Clarabel (and numpy, scipy) are imported here, lazily, so the
command line's start-up path never loads them.

The unknowns are symmetric matrices Q_b (one per block, each constrained psd),
free scalars (the coefficients of equality multipliers) and, for a strict
goal, a margin t <= 1 to maximise. Each equality row says that a linear
combination of them equals a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ITER = 200
TIME_LIMIT = 10.0  # seconds for one solve; the engine's deadline still applies around it


@dataclass
class Problem:
    sizes: list  # the order of each Gram block
    free: int  # number of free scalar unknowns
    rows: list = field(default_factory=list)  # [(terms, rhs)]: terms are [(("gram", b, i, j) | ("free", k) | ("margin",), coeff)]
    margin: bool = False  # maximise t (appears in rows as ("margin",))
    objective: str = "center"  # "center": no objective (an interior point); "trace": least trace


@dataclass
class Solution:
    grams: list  # numpy arrays
    free: list  # floats
    margin: float


def _svec_index(sizes: list) -> tuple:
    """Offsets of each block in the unknown vector (upper triangle, column by column)."""
    offsets, total = [], 0
    for m in sizes:
        offsets.append(total)
        total += m * (m + 1) // 2
    return offsets, total


def _position(offset: int, i: int, j: int) -> int:
    i, j = min(i, j), max(i, j)
    return offset + j * (j + 1) // 2 + i


def solve(problem: Problem, time_limit: float = TIME_LIMIT) -> Solution | None:
    """A numerical solution, or None when the solver reports anything but success."""
    import clarabel
    import numpy as np
    import scipy.sparse as sps

    offsets, grams_end = _svec_index(problem.sizes)
    free_start = grams_end
    margin_at = free_start + problem.free
    n = margin_at + (1 if problem.margin else 0)
    root2 = np.sqrt(2.0)
    data, rows_i, cols_j, rhs = [], [], [], []
    for r, (terms, value) in enumerate(problem.rows):
        for key, coeff in terms:
            if key[0] == "gram":
                _, b, i, j = key
                col = _position(offsets[b], i, j)
                coeff = float(coeff) * (1.0 if i == j else 1.0 / root2)  # svec scales off-diagonals by sqrt 2
            elif key[0] == "free":
                col, coeff = free_start + key[1], float(coeff)
            else:
                col, coeff = margin_at, float(coeff)
            data.append(coeff)
            rows_i.append(r)
            cols_j.append(col)
        rhs.append(float(value))
    n_eq = len(problem.rows)
    cones = [clarabel.ZeroConeT(n_eq)]
    # psd blocks: s = x_block in the PSD triangle cone, i.e. -x + s = 0
    row = n_eq
    for b, m in enumerate(problem.sizes):
        width = m * (m + 1) // 2
        for k in range(width):
            data.append(-1.0)
            rows_i.append(row + k)
            cols_j.append(offsets[b] + k)
        rhs.extend([0.0] * width)
        row += width
        cones.append(clarabel.PSDTriangleConeT(m))
    q = np.zeros(n)
    if problem.margin:  # t <= 1, maximised
        data.append(1.0)
        rows_i.append(row)
        cols_j.append(margin_at)
        rhs.append(1.0)
        row += 1
        cones.append(clarabel.NonnegativeConeT(1))
        q[margin_at] = -1.0
    if problem.objective == "trace":
        for b, m in enumerate(problem.sizes):
            for i in range(m):
                q[_position(offsets[b], i, i)] += 1.0
    A = sps.csc_matrix((data, (rows_i, cols_j)), shape=(row, n))
    P = sps.csc_matrix((n, n))
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_iter = MAX_ITER
    settings.time_limit = time_limit
    try:
        solution = clarabel.DefaultSolver(P, q, A, np.array(rhs), cones, settings).solve()
    except Exception:  # pragma: no cover - a solver failure is only a missed proof
        return None
    if str(solution.status) not in ("Solved", "AlmostSolved"):
        return None
    x = np.array(solution.x)
    grams = []
    for b, m in enumerate(problem.sizes):
        g = np.zeros((m, m))
        for j in range(m):
            for i in range(j + 1):
                v = x[_position(offsets[b], i, j)]
                g[i, j] = g[j, i] = v if i == j else v / root2
        grams.append(g)
    margin = float(x[margin_at]) if problem.margin else 0.0
    return Solution(grams, [float(v) for v in x[free_start:free_start + problem.free]], margin)
