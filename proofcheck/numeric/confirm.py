"""Exact confirmation: is the claim really false at this point?

A point is a combination of dims and exact parameters for every symbol. It is
a counterexample when every symbol is in its domain, every `given` holds
exactly, and the goal fails (or some part of it is undefined), all decided in
exact arithmetic (rigorous intervals where values are irrational).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..language import ir
from ..language.goals import Goal
from ..language.refine import refine_symbols
from ..exact.linalg import ldl_psd
from ..exact.listarray import ListArray
from ..exact.listeval import ListEvaluator
from .exact import ExactMath, decide
from .exact_values import _ONE_SIDED, Interval, Jet, Kink, Undecided, Undefined, sign_of
from .equalities import plan, solve_exact
from .sampling import SymbolSampler, domain_holds


@dataclass
class Point:
    dims: dict
    params: dict  # symbol -> list of Fractions
    second: list | None = None  # convexity: the parameters of the other point
    t: Fraction | None = None  # convexity: the weight


@dataclass
class Outcome:
    """A confirmed failure, with the values to show."""

    lhs: object = None
    rhs: object = None
    reason: str = ""
    exact: bool = True
    extra: dict = field(default_factory=dict)


def _part(entry, i, j=None):
    if not isinstance(entry, Jet):
        return Fraction(0)
    return entry.g[i] if j is None else entry.h[i][j]


def _jet_derivative(evaluator: ListEvaluator, expr: ir.Call) -> ListArray:
    """Exact derivatives with jets; at a kink, one-sided partial derivatives decide."""
    f, x = expr.args
    point = evaluator.values[x.name]
    if any(isinstance(v, Jet) for v in point.flat):
        raise Undecided("nested derivatives")
    k = len(point.flat)
    seeded = ListArray(point.shape, [Jet.seed(v, k, i) for i, v in enumerate(point.flat)])
    try:
        value = ListEvaluator({**evaluator.values, x.name: seeded}, evaluator.dims, ExactMath, _jet_derivative)(f)
    except Kink:
        if expr.fn == "hessian":
            raise Undecided("a Hessian at a kink") from None
        partials = [_partial(evaluator, f, x.name, point, i) for i in range(k)]
        if expr.fn == "diff":
            return partials[0]
        return ListArray(point.shape, [p.value for p in partials])
    if expr.fn == "diff":
        return value.map(lambda e: _part(e, 0))
    if expr.fn == "grad":
        return ListArray(point.shape, [_part(value.value, i) for i in range(k)])
    return ListArray(point.shape + point.shape, [_part(value.value, i, j) for i in range(k) for j in range(k)])


def _partial(evaluator: ListEvaluator, f, name: str, point: ListArray, i: int) -> ListArray:
    """The partial derivative in entry i from both sides; Undefined when they differ, or when
    the values the two sides lead to differ (a jump, as where can make)."""
    sides, values = [], []
    for direction in (1, -1):
        seeded = ListArray(point.shape, [Jet(v, (Fraction(direction if j == i else 0),), ((Fraction(0),),))
                                         for j, v in enumerate(point.flat)])
        _ONE_SIDED[0] = True
        try:
            value = ListEvaluator({**evaluator.values, name: seeded}, evaluator.dims, ExactMath, _jet_derivative)(f)
        finally:
            _ONE_SIDED[0] = False
        sides.append(value.map(lambda e: _part(e, 0)))
        values.append(value.map(ExactMath.value_of))
    right, left = sides
    if any(sign_of(a - b) != 0 for a, b in zip(*(v.flat for v in values))):
        raise Undefined(f"not differentiable in {name} (entry {i}): the function jumps there")
    if any(sign_of(a + b) != 0 for a, b in zip(right.flat, left.flat)):
        raise Undefined(f"not differentiable in {name} (entry {i}): the one-sided derivatives differ")
    return right


def evaluator(values: dict, dims: dict) -> ListEvaluator:
    return ListEvaluator(values, dims, ExactMath, _jet_derivative)


class Confirmer:
    """Exact checks of candidate points for one claim."""

    def __init__(self, claim, symbols: dict) -> None:
        self.claim = claim
        self.symbols = symbols  # the declared symbols (domains as written)
        self.solves = plan(claim.given, symbols, refine_symbols(symbols, claim.given))  # equalities, solved
        self.solved = {s.name for s in self.solves}

    def values(self, point: Point, params: dict | None = None) -> dict | None:
        """Exact values, or None when some symbol is outside its domain (or an equality of
        `given` has no solution there); Undecided when a solution would be irrational."""
        out = {}
        for name, symbol in self.symbols.items():
            sampler = SymbolSampler(symbol, point.dims)
            row = (params or point.params)[name]
            if not sampler.params_valid(row):
                return None
            value = sampler.build_exact(row)
            entries = row if symbol.structure in (None, "symmetric", "diagonal") else value.flat
            if name not in self.solved and not all(domain_holds(symbol.domain, e) for e in entries):
                return None
            out[name] = value
        if self.solves:
            out = solve_exact(self.solves, out, lambda values: evaluator(values, point.dims))
            if out is None or not all(domain_holds(self.symbols[name].domain, e)
                                      for name in self.solved for e in out[name].flat):
                return None
        return out

    def _given(self, values: dict, dims: dict) -> bool:
        """Whether every `given` holds exactly; Undecided when intervals cannot tell."""
        ev = evaluator(values, dims)
        try:
            for relation in self.claim.given:
                for op, a, b in relation.links():
                    left, right = ev(a), ev(b)
                    pairs = ListArray.binary(left, right, lambda x, y: (x, y)).flat
                    if not all(decide(op, x, y) for x, y in pairs):
                        return False
        except (Undefined, ZeroDivisionError):
            return False
        return True

    def check(self, goal: Goal, point: Point) -> Outcome | None:
        """An Outcome if the point is a confirmed counterexample to the goal, else None."""
        return self.classify(goal, point)[0]

    def classify(self, goal: Goal, point: Point) -> tuple:
        """(Outcome or None, verdict): verdict is `confirmed` (a counterexample), `refuted`
        (exactly, the point is outside the claim's scope or the goal holds there) or
        `undecided` (exact arithmetic and rigorous intervals could not tell)."""
        try:
            values = self.values(point)
        except Undecided:
            return None, "undecided"
        if values is None:
            return None, "refuted"
        try:
            if not self._given(values, point.dims):
                return None, "refuted"
            if goal.op in ("convex", "concave"):
                outcome = self._jensen(goal, point, values)
            else:
                ev = evaluator(values, point.dims)
                outcome = self._matrix(goal, ev) if goal.op in ("psd", "pd") else self._relation(goal, ev)
        except Undefined as exc:
            return Outcome(reason=f"undefined: {exc}"), "confirmed"
        except ZeroDivisionError:
            return Outcome(reason="undefined: division by zero"), "confirmed"
        except Undecided:
            return None, "undecided"
        return outcome, "refuted" if outcome is None else "confirmed"

    def _relation(self, goal: Goal, ev: ListEvaluator) -> Outcome | None:
        lhs, rhs = _both(ev, goal.lhs, goal.rhs)
        pairs = ListArray.binary(lhs, rhs, lambda x, y: (x, y)).flat
        if all(decide(goal.op, x, y) for x, y in pairs):
            return None
        exact = not any(isinstance(v, Interval) for v in lhs.flat + rhs.flat)
        return Outcome(lhs, rhs, "", exact)

    def _matrix(self, goal: Goal, ev: ListEvaluator) -> Outcome | None:
        matrix = ev(goal.lhs.args[0])
        if not all(isinstance(v, Fraction) for v in matrix.flat):
            raise Undecided("an irrational matrix")
        n = matrix.shape[0]
        if not all(matrix.at(i, j) == matrix.at(j, i) for i in range(n) for j in range(i)):
            return Outcome(matrix, None, "not symmetric", True)
        reason = f"not {'positive definite' if goal.op == 'pd' else 'psd'}"
        if _witness(matrix, goal.op):
            return Outcome(matrix, None, reason, True)
        if n > LDL_MAX:
            raise Undecided("a large matrix without a witness vector")
        verdict = ldl_psd([[matrix.at(i, j) for j in range(n)] for i in range(n)])
        if verdict == "pd" or verdict == "psd" and goal.op == "psd":
            return None
        return Outcome(matrix, None, reason, True)

    def _jensen(self, goal: Goal, point: Point, values: dict) -> Outcome | None:
        f, x = goal.lhs.args
        other = self.values(point, {**point.params, x.name: point.second})
        if other is None or not self._given(other, point.dims):
            return None
        t = point.t
        mixed = ListArray.binary(values[x.name], other[x.name], lambda a, b: t * a + (1 - t) * b)
        mixed_values = {**values, x.name: mixed}
        if not self._given(mixed_values, point.dims):
            return None
        f1 = evaluator(values, point.dims)(f).value
        f2 = evaluator(other, point.dims)(f).value
        fm = evaluator(mixed_values, point.dims)(f).value
        chord = t * f1 + (1 - t) * f2
        holds = decide("<=" if goal.op == "convex" else ">=", fm, chord)
        if holds:
            return None
        extra = {x.name: other[x.name]}
        return Outcome(fm, chord, f"f(t*x + (1-t)*x') = {_show(fm)} vs t*f(x) + (1-t)*f(x') = {_show(chord)}",
                       not any(isinstance(v, Interval) for v in (f1, f2, fm)), extra)


LDL_MAX = 150  # exact LDL^T costs n**3 rational operations: beyond this size, a witness or nothing


def _witness(matrix: ListArray, op: str) -> bool:
    """Whether some exact rational vector v shows `v @ M @ v < 0` (M not psd) or `<= 0`
    (M not pd) for this symmetric M: a unit vector at a diagonal entry, else the eigenvector
    of the least eigenvalue (in floats) rounded to integers. O(n**2) exact work where
    LDL^T needs O(n**3), and as rigorous: any nonzero v that does it is a proof."""
    n = matrix.shape[0]
    diagonal = [matrix.flat[i * n + i] for i in range(n)]
    if any(d < 0 or op == "pd" and d == 0 for d in diagonal):
        return True
    try:
        floats = np.array([float(v) for v in matrix.flat]).reshape(n, n)
    except OverflowError:
        return False
    if not np.isfinite(floats).all():
        return False
    values, vectors = np.linalg.eigh(floats)
    if values[0] > 0:
        return False
    v = vectors[:, 0]
    scale = np.max(np.abs(v))
    if not scale > 0:
        return False
    v = [int(round(float(x) / scale * 2**30)) for x in v]  # integers, the same direction
    if not any(v):
        return False
    form = _quadratic_form(matrix, v)
    return form < 0 or (op == "pd" and form <= 0)


def _quadratic_form(matrix: ListArray, v: list) -> Fraction:
    """`v @ M @ v` exactly, for an integer vector v (integer sums per denominator)."""
    n = matrix.shape[0]
    sums: dict = {}
    support = [i for i in range(n) if v[i]]
    flat = matrix.flat
    for i in support:
        row, vi = i * n, v[i]
        for j in support:
            a = flat[row + j]
            sums[a.denominator] = sums.get(a.denominator, 0) + a.numerator * vi * v[j]
    return ExactMath.Add(*[Fraction(total, d) for d, total in sums.items()])


def _both(ev: ListEvaluator, lhs: ir.Expr, rhs: ir.Expr) -> tuple:
    """Both sides; an undefined side settles it even if the other cannot be decided."""
    values, undecided = [], None
    for side in (lhs, rhs):
        try:
            values.append(ev(side))
        except Undecided as exc:
            undecided = exc
            values.append(None)
    if undecided is not None:
        raise undecided
    return tuple(values)


def _show(value) -> str:
    from . import shown

    shown_value = shown.number(value)
    if isinstance(shown_value, float) and not isinstance(value, Fraction):
        return f"{shown_value:.6g}"
    return shown.brief(shown_value)
