"""The baseline: what users write today instead of proofcheck.

For each claim, the tests an instructor would write by hand, generated here
from the claim so that every claim gets the same treatment:
- a sympy test: `simplify(lhs - rhs) == 0` for identities, sympy's
  `is_nonnegative` / `is_positive` after `simplify` for inequalities, and
  sympy's `is_positive_semidefinite` for psd claims and Hessians;
- a Hypothesis property test with the same sample count as proofcheck's:
  per example, draw dims and values (floats in the domain; symmetric, psd,
  pd matrices by construction), skip examples that break `given`, and assert
  the relation with `numpy.isclose`-style tolerance (Jensen's inequality at
  t = 1/2 for convexity, eigenvalues for psd).
Neither checks where expressions are defined, confirms a failure exactly, or
shrinks to simple numbers: that is the point of the comparison.
"""

from __future__ import annotations

import signal
import time

import numpy as np
import sympy as sp

from proofcheck.language import ir
from proofcheck.numeric.evaluate import NumEval
from proofcheck.symbolic.evaluate import Evaluator, SymbolModel

SIMPLIFY_SECONDS = 20.0


class _Alarm(Exception):
    pass


def _goals(claim) -> list:
    goals = []
    for expr in claim.claims:
        if isinstance(expr, ir.Compare):
            goals += [(op, a, b) for op, a, b in zip(expr.ops, expr.terms, expr.terms[1:])]
        else:
            goals.append((expr.fn, expr, None))
    return goals


def sympy_proves(claim) -> bool:
    """The hand-written sympy test passes (for every listed size), within a time limit."""
    def alarm(signum, frame):
        raise _Alarm()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, SIMPLIFY_SECONDS)
    try:
        for dims in claim.dim_combinations():
            evaluate = Evaluator(SymbolModel(claim.symbols, dims, True), dims)
            for op, lhs, rhs in _goals(claim):
                if not _sympy_goal(op, lhs, rhs, evaluate):
                    return False
        return True
    except _Alarm:
        return False
    except Exception:  # a hand-written test that crashes does not pass
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _sympy_goal(op, lhs, rhs, evaluate) -> bool:
    if op in ("psd", "pd"):
        matrix = evaluate(lhs.args[0]).to_matrix(sp)
        return bool(matrix.is_positive_semidefinite if op == "psd" else matrix.is_positive_definite)
    if op in ("convex", "concave"):
        f, x = lhs.args
        value = evaluate(f).value
        variables = evaluate.model.entries[x.name]
        hessian = sp.Matrix([[sp.diff(value, a, b) for b in variables] for a in variables])
        return bool((hessian if op == "convex" else -hessian).is_positive_semidefinite)
    left, right = evaluate(lhs), evaluate(rhs)
    for a, b in zip(*_broadcast(left.flat, right.flat)):
        d = sp.simplify(a - b)
        ok = {"==": d == 0, "<=": d.is_nonpositive, "<": d.is_negative,
              ">=": d.is_nonnegative, ">": d.is_positive}[op]
        if ok is not True:
            return False
    return True


def _broadcast(a: list, b: list):
    if len(a) == len(b):
        return a, b
    return (a * len(b), b) if len(a) == 1 else (a, b * len(a))


# ---------------------------------------------------------------- Hypothesis


def _entries(st, domain, count: int):
    kind = domain.kind
    bound = 1e3
    if kind == "interval":
        lo = -bound if domain.lo is None else float(domain.lo)
        hi = bound if domain.hi is None else float(domain.hi)
        element = st.floats(lo, hi)
    elif kind == "integer":
        element = st.integers(-100, 100).map(float)
    else:
        element = {
            "real": st.floats(-bound, bound),
            "positive": st.floats(1e-6, bound),
            "nonnegative": st.floats(0, bound),
            "negative": st.floats(-bound, -1e-6),
            "nonpositive": st.floats(-bound, 0),
            "nonzero": st.floats(-bound, bound).filter(lambda v: v != 0),
        }[kind]
    return st.lists(element, min_size=count, max_size=count)


def _draw_symbol(data, st, symbol, dims) -> np.ndarray:
    shape = symbol.concrete_shape(dims)
    n = shape[0] if shape else 1
    structure = symbol.structure
    if structure in ("psd", "pd"):
        factor = np.array(data.draw(_entries(st, _Real, n * n))).reshape(n, n) / 30
        value = factor @ factor.T
        return value + np.eye(n) if structure == "pd" else value
    if structure == "symmetric":
        upper = data.draw(_entries(st, symbol.domain, n * (n + 1) // 2))
        value = np.zeros((n, n))
        rows, cols = np.triu_indices(n)
        value[rows, cols] = upper
        value[cols, rows] = upper
        return value
    if structure == "diagonal":
        return np.diag(data.draw(_entries(st, symbol.domain, n)))
    count = int(np.prod(shape, dtype=int)) if shape else 1
    return np.array(data.draw(_entries(st, symbol.domain, count)), dtype=float).reshape(shape)


class _RealDomain:
    kind = "real"


_Real = _RealDomain()


def _close(a, b) -> np.ndarray:
    return np.isclose(a, b, rtol=1e-6, atol=1e-8)


def _holds(op, a, b) -> bool:
    with np.errstate(all="ignore"):
        if op == "==":
            ok = _close(a, b)
        elif op in ("<=", "<"):
            ok = (a < b) | _close(a, b) if op == "<=" else a < b
        elif op in (">=", ">"):
            ok = (a > b) | _close(a, b) if op == ">=" else a > b
        else:
            ok = a != b
    return bool(np.all(ok))


def hypothesis_falsifies(claim, samples: int, seed: int = 0) -> bool:
    """The hand-written Hypothesis test fails (it found a failing example)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from hypothesis.errors import Unsatisfiable
    from hypothesis import assume

    combos = list(claim.dim_combinations(sampling=True))

    @settings(max_examples=samples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(st.data())
    def test(data):
        dims = data.draw(st.sampled_from(combos))
        values = {name: _draw_symbol(data, st, s, dims)[None] for name, s in claim.symbols.items()}
        ev = NumEval(values, dims, 1)
        for relation in claim.given:
            for op, a, b in zip(relation.ops, relation.terms, relation.terms[1:]):
                assume(_holds(op, ev(a).v[0], ev(b).v[0]))
        for op, lhs, rhs in _goals(claim):
            if op in ("psd", "pd"):
                m = ev(lhs.args[0]).v[0]
                eig = np.linalg.eigvalsh((m + m.T) / 2)
                assert np.allclose(m, m.T) and eig.min() >= (-1e-8 if op == "psd" else 1e-12)
            elif op in ("convex", "concave"):
                f, x = lhs.args
                other = _draw_symbol(data, st, claim.symbols[x.name], dims)[None]
                mid = (values[x.name] + other) / 2
                f1, f2 = ev(f).v[0], NumEval({**values, x.name: other}, dims, 1)(f).v[0]
                fm = NumEval({**values, x.name: mid}, dims, 1)(f).v[0]
                assert _holds("<=" if op == "convex" else ">=", fm, (f1 + f2) / 2)
            else:
                assert _holds(op, ev(lhs).v[0], ev(rhs).v[0])

    try:
        test()
    except Unsatisfiable:
        return False
    except Exception:
        return True
    return False


def run_baseline(claim, samples: int) -> dict:
    """Both hand-written tests, timed."""
    start = time.perf_counter()
    caught = hypothesis_falsifies(claim, samples)
    proved = False if caught else sympy_proves(claim)
    outcome = "caught" if caught else "proved" if proved else "survived"
    return {"outcome": outcome, "seconds": time.perf_counter() - start}
