"""Falsifier throughput: proofcheck's numeric engine against what users write by hand.

Run:  python benchmarks/numeric_throughput.py [--repeat 3]
      (needs the `bench` extra: pip install -e '.[bench]', for Hypothesis)

Side by side, in one run, on the same predicate: samples per second of
- proofcheck's vectorized numpy engine (`falsify`, tolerance and all),
- an equivalent Hypothesis property test (one Python call per example),
- a per-sample sympy `subs`/`evalf` loop.
Two claims: a scalar one (a gradient step does not increase a x^2 / 2) and the
n = 3 graph Laplacian quadratic form. Medians of --repeat runs; ratios last.
Targets (issue 4): >= 1,000,000 samples/s on the scalar claim; >= 500 x Hypothesis.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from proofcheck.api import check_paths  # noqa: E402
from proofcheck.numeric.engine import falsify  # noqa: E402

SCALAR = """\
title: a gradient step with eta = 2s/a does not increase a x^2 / 2
symbols: {a: positive, x: scalar, s: {domain: [0, 1]}}
claim: "a * (x - 2 * s / a * a * x)**2 / 2 <= a * x**2 / 2"
"""
LAPLACIAN = """\
title: the n = 3 graph Laplacian quadratic form is nonnegative
dims: {n: [3]}
symbols: {W: "nonnegative symmetric matrix[n, n]", f: "vector[n]"}
define: {L: "diag(sum(W, axis=1)) - W"}
claim: "f @ L @ f >= 0"
"""


def load(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claim.yaml"
        path.write_text(text)
        return check_paths([str(path)]).claims[0]


def scalar_predicate(a: float, x: float, s: float) -> bool:
    lhs, rhs = a * (x - 2 * s / a * a * x) ** 2 / 2, a * x**2 / 2
    return lhs <= rhs + 1e-9 * (abs(lhs) + abs(rhs))


def laplacian_predicate(w: list, f: list) -> bool:
    W = np.array([[w[0], w[1], w[2]], [w[1], w[3], w[4]], [w[2], w[4], w[5]]])
    L = np.diag(W.sum(axis=1)) - W
    value = np.asarray(f) @ L @ np.asarray(f)
    return value >= -1e-9 * (np.abs(W).sum() * np.abs(np.asarray(f)).max() ** 2)


def proofcheck_rate(claim, samples: int) -> float:
    start = time.perf_counter()
    result = falsify(claim, samples=samples)
    elapsed = time.perf_counter() - start
    assert result.status == "passed", result.message
    return result.samples / elapsed


def hypothesis_rate(which: str, examples: int) -> float:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    floats = st.floats(-1e3, 1e3, allow_nan=False)
    options = settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                       suppress_health_check=list(HealthCheck))
    if which == "scalar":
        @options
        @given(st.floats(1e-3, 1e3), floats, st.floats(0, 1))
        def test(a, x, s):
            assert scalar_predicate(a, x, s)
    else:
        @options
        @given(st.lists(st.floats(0, 1e3), min_size=6, max_size=6), st.lists(floats, min_size=3, max_size=3))
        def test(w, f):
            assert laplacian_predicate(w, f)
    start = time.perf_counter()
    test()
    return examples / (time.perf_counter() - start)


def sympy_rate(which: str, samples: int) -> float:
    import sympy as sp

    rng = random.Random(0)
    if which == "scalar":
        a, x, s = sp.symbols("a x s", real=True)
        expr = a * (x - 2 * s / a * a * x) ** 2 / 2 - a * x**2 / 2
        draw = lambda: {a: rng.uniform(1e-3, 1e3), x: rng.uniform(-1e3, 1e3), s: rng.uniform(0, 1)}  # noqa: E731
    else:
        w = sp.symbols("w0:6", nonnegative=True)
        f = sp.Matrix(sp.symbols("f0:3", real=True))
        W = sp.Matrix([[w[0], w[1], w[2]], [w[1], w[3], w[4]], [w[2], w[4], w[5]]])
        L = sp.diag(*[sum(W.row(i)) for i in range(3)]) - W
        expr = -(f.T * L * f)[0]
        draw = lambda: {**{v: rng.uniform(0, 1e3) for v in w}, **{v: rng.uniform(-1e3, 1e3) for v in f}}  # noqa: E731
    start = time.perf_counter()
    for _ in range(samples):
        value = expr.subs(draw()).evalf()
        assert value <= 1e-6 * (1 + abs(value))
    return samples / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    falsify(load(SCALAR), samples=1000)  # warm up imports
    rows = []
    for which, text, n_ours, n_hyp, n_sym in (("scalar", SCALAR, 1_000_000, 2_000, 300),
                                              ("laplacian n=3", LAPLACIAN, 400_000, 2_000, 100)):
        claim = load(text)
        kind = "scalar" if which == "scalar" else "laplacian"
        ours = statistics.median(proofcheck_rate(claim, n_ours) for _ in range(args.repeat))
        hyp = statistics.median(hypothesis_rate(kind, n_hyp) for _ in range(args.repeat))
        sym = statistics.median(sympy_rate(kind, n_sym) for _ in range(args.repeat))
        rows.append((which, ours, hyp, sym))
    print(f"{'claim':16} {'proofcheck/s':>14} {'hypothesis/s':>14} {'sympy subs/s':>14} {'x hypothesis':>13} {'x sympy':>10}")
    for which, ours, hyp, sym in rows:
        print(f"{which:16} {ours:14,.0f} {hyp:14,.0f} {sym:14,.0f} {ours / hyp:13,.0f} {ours / sym:10,.0f}")


if __name__ == "__main__":
    main()
