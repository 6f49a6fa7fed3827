"""Equalities in `given`, solved instead of waited for (SPEC section 8).

A scalar equality `L == R` that is affine in one of its symbols s (`sum(p) == 1`,
`3*x == 1`, `a @ x == b`) is solved for s in each sample: with f = L - R, f is
f0 + c*t along the chosen direction, so two evaluations give f0 and c and
t = -f0 / c. The direction is the last entry of s, or, when s's domain is a
sign (positive, nonnegative, ...), s itself: scaling keeps the sign, so
`sum(p) == 1` with p >= 0 divides p by its sum. Equations are solved in order,
each for a symbol no earlier solved equation uses, so none undoes another.

The float solution only guides the search: the confirmation solves again in
exact arithmetic from the point's exact parameters (shrinking changes them
and the equation still holds), and checks every `given` exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..exact.listarray import ListArray
from ..language import ir
from ..language.ir import exponent_value
from .evaluate import NumEval
from .exact import Undecided, Undefined, sign_of

NONLINEAR = 2  # degree: 0 constant, 1 affine, NONLINEAR anything else
_LINEAR_CALLS = ("sum", "mean", "trace", "diag", "concat", "_guard")
_SCALING_DOMAINS = ("positive", "nonnegative", "negative", "nonpositive")


@dataclass(frozen=True)
class Solve:
    """Solve `difference == 0` for `name`, by scaling it or along its last entry."""

    relation: ir.Compare
    index: int  # which relation of a chain
    difference: ir.Expr
    name: str
    scale: bool


def plan(given: list, symbols: dict) -> list:
    """The equalities of `given` that can be solved, each with its symbol."""
    solves: list = []
    used: set = set()  # symbols of the equations solved so far
    for relation in given:
        for index, (op, left, right) in enumerate(zip(relation.ops, relation.terms, relation.terms[1:])):
            if op != "==":
                continue
            difference = ir.Bin("-", left, right)
            names = _names(difference)
            for name in sorted(names - used, key=lambda n: (len(symbols[n].shape), n)):  # scalars first
                symbol = symbols[name]
                if symbol.structure is None and symbol.domain.kind != "integer" and degree(difference, name) == 1:
                    scale = symbol.domain.kind in _SCALING_DOMAINS
                    solves.append(Solve(relation, index, difference, name, scale))
                    break
            used |= names
    return solves


def degree(expr: ir.Expr, name: str) -> int:
    """The degree of expr in the symbol `name`, capped at NONLINEAR (so 1 means affine)."""
    if isinstance(expr, ir.Sym):
        return int(expr.name == name)
    if isinstance(expr, (ir.Num, ir.Const, ir.Dim)):
        return 0
    if isinstance(expr, (ir.Neg, ir.Transpose)):
        return degree(expr.operand, name)
    if isinstance(expr, ir.Index):
        return degree(expr.base, name)
    if isinstance(expr, ir.Bin):
        a, b = degree(expr.left, name), degree(expr.right, name)
        if expr.op in ("+", "-"):
            return max(a, b)
        if expr.op in ("*", "@"):
            return min(a + b, NONLINEAR)
        if expr.op == "/":
            return a if b == 0 else NONLINEAR
        p = exponent_value(expr.right)
        if b == 0 and p is not None and p.denominator == 1 and p >= 0:
            return min(a * int(p), NONLINEAR)
        return 0 if a == b == 0 else NONLINEAR
    if isinstance(expr, ir.Call):
        args = [degree(a, name) for a in expr.args]
        if max(args, default=0) == 0:
            return 0
        if expr.fn in _LINEAR_CALLS:
            return max(args)
        if expr.fn in ("dot", "outer"):
            return min(sum(args), NONLINEAR)
    return NONLINEAR


def _names(expr: ir.Expr) -> set:
    return {n.name for n in ir.walk(expr) if isinstance(n, ir.Sym)}


def solve_floats(solves: list, values: dict, dims: dict, size: int) -> np.ndarray:
    """Solve each equation in the float values (in place); False where it has no solution."""
    ok = np.ones(size, bool)
    for solve in solves:
        value = values[solve.name]
        flat = value.reshape(size, -1)
        start = np.zeros_like(flat) if solve.scale else flat.copy()
        step = flat.copy() if solve.scale else np.zeros_like(flat)
        if not solve.scale:
            start[:, -1] = 0.0
            step[:, -1] = 1.0
        f0 = _float_difference(solve, values, start, value.shape, dims, size)
        f1 = _float_difference(solve, values, start + step, value.shape, dims, size)
        if f0 is None or f1 is None:
            continue  # not a scalar equation: left to the check of `given`
        with np.errstate(all="ignore"):
            t = -f0 / (f1 - f0)
        good = np.isfinite(t) & (f1 != f0)
        t = np.where(good, t, 0.0)
        values[solve.name] = (start + step * t[:, None]).reshape(value.shape)
        ok &= good
    return ok


def _float_difference(solve: Solve, values: dict, flat: np.ndarray, shape: tuple, dims: dict, size: int):
    ev = NumEval({**values, solve.name: flat.reshape(shape)}, dims, size)
    result = ev(solve.difference)
    if result.v.ndim != 1:
        return None
    return np.broadcast_to(result.v, (size,)) + np.where(result.undefined | result.maybe, np.nan, 0.0)


def solve_exact(solves: list, values: dict, evaluator) -> dict | None:
    """The same in exact arithmetic; None where an equation has no solution at this point.
    Undecided when a solution would be irrational (so nothing is confirmed there)."""
    values = dict(values)
    for solve in solves:
        value = values[solve.name]
        zero = Fraction(0)
        start = [zero] * len(value.flat) if solve.scale else value.flat[:-1] + [zero]
        step = list(value.flat) if solve.scale else [zero] * (len(value.flat) - 1) + [Fraction(1)]
        try:
            f0 = _exact_difference(solve, values, value.shape, start, evaluator)
            f1 = _exact_difference(solve, values, value.shape, [a + b for a, b in zip(start, step)], evaluator)
        except (Undefined, ZeroDivisionError):
            return None
        if f0 is None:
            continue
        if not isinstance(f0, Fraction) or not isinstance(f1, Fraction):
            raise Undecided("an equality in `given` with an irrational solution")
        if sign_of(f1 - f0) == 0:
            return None
        t = -f0 / (f1 - f0)
        values[solve.name] = ListArray(value.shape, [a + b * t for a, b in zip(start, step)])
    return values


def _exact_difference(solve: Solve, values: dict, shape: tuple, flat: list, evaluator):
    result = evaluator({**values, solve.name: ListArray(shape, flat)})(solve.difference)
    return result.value if not result.shape else None
