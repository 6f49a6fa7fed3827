"""Equalities in `given`, solved instead of waited for (SPEC section 8).

A scalar equality `L == R` that is affine in one of its symbols s (`sum(p) == 1`,
`3*x == 1`, `a @ x == b`) is solved for s in each sample: with f = L - R, f is
f0 + c*t along a direction, so evaluations give f0 and c and t = -f0 / c. The
direction is s itself when s's domain is a sign (positive, nonnegative, ...):
scaling keeps the sign, so `sum(p) == 1` with p >= 0 divides p by its sum;
else the last entry of s, or, where the equation does not depend on it
(`x[0] == 1`), the fixed direction (1, 2, ..., n). Equations are solved in
order, each for a symbol no earlier solved equation uses, so none undoes another.

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
from .exact_values import Undecided, Undefined, sign_of

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


def plan(given: list, symbols: dict, sampled: dict | None = None) -> list:
    """The equalities of `given` that can be solved, each with its symbol (`sampled`: the
    domains narrowed by the bounds in `given`, which decide whether scaling keeps them)."""
    sampled = sampled or symbols
    solves: list = []
    used: set = set()  # symbols of the equations solved so far
    for relation in given:
        for index, (op, left, right) in enumerate(relation.links()):
            if op != "==":
                continue
            difference = ir.Bin("-", left, right)
            names = _names(difference)
            for name in sorted(names - used, key=lambda n: (len(symbols[n].shape), n)):  # scalars first
                symbol = symbols[name]
                if symbol.structure is None and symbol.domain.kind != "integer" and degree(difference, name) == 1:
                    scale = _is_cone(sampled[name].domain)
                    solves.append(Solve(relation, index, difference, name, scale))
                    break
            used |= names
    return solves


def _is_cone(domain) -> bool:
    """Scaling by t > 0 keeps the domain: positive, nonnegative, (0, inf), (-inf, 0], ..."""
    if domain.kind == "interval":
        return (domain.lo == 0 and domain.hi is None) or (domain.hi == 0 and domain.lo is None)
    return domain.kind in _SCALING_DOMAINS


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
        start = value.reshape(size, -1)
        f = lambda flat: _float_difference(solve, values, flat, value.shape, dims, size)
        f0 = f(np.zeros_like(start) if solve.scale else start)
        if f0 is None:
            continue  # not a scalar equation: left to the check of `given`
        if solve.scale:
            base, direction = np.zeros_like(start), start
            c = f(start) - f0
        else:
            last, spread = _directions(start.shape[1])
            c_last, c_spread = f(start + last) - f0, f(start + spread) - f0
            use_last = c_last != 0
            base = start
            direction = np.where(use_last[:, None], last, spread)
            c = np.where(use_last, c_last, c_spread)
        with np.errstate(all="ignore"):
            t = -f0 / c
        good = np.isfinite(t) & (c != 0)
        t = np.where(good, t, 0.0)
        values[solve.name] = (base + direction * t[:, None]).reshape(value.shape)
        ok &= good
    return ok


def _directions(width: int) -> tuple:
    """The last entry, and (1, 2, ..., width)."""
    last = np.zeros(width)
    last[-1] = 1.0
    return last, np.arange(1.0, width + 1)


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
        width = len(value.flat)
        f = lambda flat: _exact_difference(solve, values, value.shape, flat, evaluator)
        try:
            f0 = f([Fraction(0)] * width if solve.scale else value.flat)
            if f0 is None:
                continue
            if solve.scale:
                base, direction = [Fraction(0)] * width, list(value.flat)
                c = f(direction) - f0
            else:
                base = list(value.flat)
                direction = [Fraction(0)] * (width - 1) + [Fraction(1)]
                c = f([a + b for a, b in zip(base, direction)]) - f0
                if isinstance(c, Fraction) and c == 0:
                    direction = [Fraction(k + 1) for k in range(width)]
                    c = f([a + b for a, b in zip(base, direction)]) - f0
        except (Undefined, ZeroDivisionError):
            return None
        if not isinstance(f0, Fraction) or not isinstance(c, Fraction):
            raise Undecided("an equality in `given` with an irrational solution")
        if sign_of(c) == 0:
            return None
        t = -f0 / c
        values[solve.name] = ListArray(value.shape, [a + b * t for a, b in zip(base, direction)])
    return values


def _exact_difference(solve: Solve, values: dict, shape: tuple, flat: list, evaluator):
    result = evaluator({**values, solve.name: ListArray(shape, flat)})(solve.difference)
    return result.value if not result.shape else None
