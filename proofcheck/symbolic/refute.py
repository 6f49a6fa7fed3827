"""Counterexamples the symbolic engine finds exactly, where sampling cannot reach:

- one variable (onevar.py): a point found by real-root isolation, rational
  (x = 7, x = 1/3) or algebraic (x = sqrt(2));
- identities: when the exact normal form of lhs - rhs at some size is a nonzero
  rational function (`1.000000001*x == x`, `t + 1e-10 == t`, `pi*x**2 ==
  3.14159265*x**2`), a rational point where it is nonzero.

A rational point is only proposed here: the gate confirms it with the numeric
engine's exact arithmetic (rigorous intervals for pi), exactly as a sampled
candidate, before anything is reported. An algebraic point is confirmed here,
exactly (its value, definedness and the `given` bounds decided by algebraic.py).
"""

from __future__ import annotations

import sympy as sp

from ..exact.listarray import ListArray
from ..language.goals import Goal
from .candidate import FOUND_BY_IDENTITY, Candidate, entry_domain, params, value_for
from .lift import text
from .onevar import counterexample as one_variable
from .evaluate import as_sympy

MAX_COMBOS = 4  # sizes tried, smallest first
MAX_ENTRIES = 256  # entries of lhs - rhs normalised at one size
POINTS_TRIED = 8


def find(ctx, goals: list) -> Candidate | None:
    """The first exact counterexample candidate to any goal, or None."""
    combos = sorted(ctx.combos, key=lambda d: (sum(d.values()), tuple(d.values())))[:MAX_COMBOS]
    for goal in goals:
        if goal.rhs is None:
            continue
        for dims in combos:
            ctx.check_time()
            found = one_variable(goal, ctx, dims)
            if found is None and goal.op == "==":
                found = identity(goal, ctx, dims)
            if found is not None:
                return found
    return None


def identity(goal: Goal, ctx, dims: dict) -> Candidate | None:
    """A rational point where lhs - rhs, a nonzero rational function, is nonzero."""
    evaluate = ctx.evaluator(dims, True)
    if any(s.structure not in (None, "symmetric", "diagonal", "psd") for s in ctx.claim.symbols.values()):
        return None  # their models (a Cholesky factor, ...) are not the numeric engine's parameters
    entries = ListArray.binary(evaluate(goal.lhs), evaluate(goal.rhs), lambda a, b: a - b).flat
    if len(entries) > MAX_ENTRIES:
        return None
    nonzero = []
    for entry in entries:
        normal = sp.cancel(sp.together(entry))
        if normal == 0:
            continue
        symbols = sorted(normal.free_symbols, key=str)
        if not normal.is_rational_function(*symbols):
            return None  # not an algebraic identity question (sin, exp, ...): leave it
        nonzero.append(normal)
    if not nonzero:
        return None
    model = evaluate.model
    for attempt in range(POINTS_TRIED):
        ctx.check_time()
        point = {s: value_for(entry_domain(ctx.symbols[name]), attempt, k)
                 for name, symbols in model.entries.items() for k, s in enumerate(symbols)}
        if not given_holds(ctx, dims, point):
            continue
        if any(_nonzero(e.subs(point)) for e in nonzero):
            lines = [f"lhs - rhs = {text(nonzero[0])} (exact normal form), not 0 at the point below"]
            return Candidate(goal, dict(dims), FOUND_BY_IDENTITY, params(model, point), lines=lines)
    return None


def _nonzero(value) -> bool:
    if value.is_Rational:
        return value != 0
    return value.is_number and value.is_zero is False and value.is_finite is not False


def given_holds(ctx, dims: dict, point: dict) -> bool:
    """Whether every `given` holds exactly at the point (rationals only; else no)."""
    evaluate = ctx.evaluator(dims, True)
    for relation in ctx.claim.given:
        for op, a, b in relation.links():
            for x, y in ListArray.binary(evaluate(a), evaluate(b), lambda u, v: (u, v)).flat:
                d = as_sympy(x - y).subs(point)
                if not d.is_Rational:
                    return False
                if not {"<": d < 0, "<=": d <= 0, ">": d > 0, ">=": d >= 0, "==": d == 0, "!=": d != 0}[op]:
                    return False
    return True
