"""The one-variable decision (univariate.py) applied to a goal at one size: the
`one-variable` tactic, and its counterexamples.

It applies when every entry of lhs - rhs depends on one real variable x (an
entry of a scalar, vector or unstructured matrix symbol) and the `given`
conditions are bounds on x, which the refined domain already holds.
"""

from __future__ import annotations

import sympy as sp

from ..exact.listarray import ListArray
from ..language.goals import Goal
from ..language.bounds import of_domain
from ..language.refine import beyond_simple_bounds
from ..language.signs import relation_holds
from .conditions import conditions
from .algebraic import Algebraic, Unsure
from .lift import text
from .candidate import FOUND_BY_ONE_VARIABLE as FOUND_BY, Candidate, entry_domain, params, value_for
from .univariate import Interval, Piecewise, Undecided, decide
from .evaluate import as_sympy

MAX_ENTRIES = 256
def setup(goal: Goal, ctx, dims: dict):
    """(entries of lhs - rhs, x, its claim symbol's name, its domain as an Interval), or None."""
    if goal.rhs is None or beyond_simple_bounds(ctx.claim.given):
        return None
    evaluate = ctx.evaluator(dims, True)
    entries = ListArray.binary(evaluate(goal.lhs), evaluate(goal.rhs), lambda a, b: a - b).flat
    if len(entries) > MAX_ENTRIES:
        return None
    symbols = set().union(*(as_sympy(e).free_symbols for e in entries))
    if len(symbols) != 1:
        return None
    (x,) = symbols
    name = next((n for n, s in evaluate.model.entries.items() if x in s), None)
    if name is None or any(s.structure not in (None, "symmetric", "diagonal", "psd") for s in ctx.symbols.values()) \
            or ctx.symbols[name].structure not in (None, "symmetric", "diagonal"):
        return None  # other structures' models are not the numeric engine's parameters
    domain = _interval(ctx.symbols[name].domain)
    return (None if domain is None else ([as_sympy(e) for e in entries], x, name, domain))


def _interval(domain) -> Interval | None:
    """The domain as an Interval of the line (None for integer domains)."""
    if domain.kind == "nonzero":
        return Interval(exclude=(sp.Integer(0),))
    if domain.kind == "integer":
        return None
    bound = of_domain(domain)
    rational = lambda end: None if end is None else sp.Rational(end.numerator, end.denominator)
    return Interval(rational(bound.lo), rational(bound.hi), bound.lo_open, bound.hi_open)


def prove(goal: Goal, ctx, dims: dict) -> list | None:
    """Certificate lines when the relation holds for every x (the tactic), else None."""
    found = setup(goal, ctx, dims)
    if found is None:
        return None
    entries, x, _, domain = found
    lines = []
    for entry in entries:
        ctx.check_time()
        decision = decide(entry, x, goal.op, domain)
        if decision is None or not decision.holds:
            return None
        lines += [f"lhs - rhs = {text(entry)}"] + ["  " + line for line in decision.lines]
    return lines


def counterexample(goal: Goal, ctx, dims: dict) -> Candidate | None:
    """A point where the relation fails, found by root isolation, or None."""
    found = setup(goal, ctx, dims)
    if found is None:
        return None
    entries, x, name, domain = found
    for entry in entries:
        ctx.check_time()
        decision = decide(entry, x, goal.op, domain)
        if decision is None or decision.holds:
            continue
        lines = [f"lhs - rhs = {text(entry)}"] + ["  " + line for line in decision.lines]
        point = decision.point
        model = ctx.evaluator(dims, True).model
        values = {s: value_for(entry_domain(ctx.symbols[n]), 0, k) for n, ss in model.entries.items() for k, s in enumerate(ss)}
        if point.is_rational:
            values[x] = point.lo
            return Candidate(goal, dict(dims), FOUND_BY, params(model, values), lines=lines)
        example = _algebraic_example(goal, ctx, dims, x, name, point)
        if example is not None:
            return Candidate(goal, dict(dims), FOUND_BY, example=example, lines=lines)
    return None


def _algebraic_example(goal: Goal, ctx, dims: dict, x, name: str, point: Algebraic) -> dict | None:
    """The counterexample at an irrational point, confirmed here: every part of the goal
    defined there and the `given` bounds met, all decided exactly."""
    symbol = ctx.claim.symbols[name]
    if len(ctx.claim.symbols) != 1 or len(symbol.concrete_shape(dims)) > 1:
        return None
    evaluate = ctx.evaluator(dims, True)
    try:
        for condition in (c for expr in goal.exprs() for c in conditions(expr)):
            if condition.need not in ("nonneg", "pos", "nonzero"):
                return None
            for entry in evaluate(condition.expr).flat:
                s = Piecewise(as_sympy(entry), x).sign_at(point)
                if s is None or not {"nonneg": s >= 0, "pos": s > 0, "nonzero": s != 0}[condition.need]:
                    return None
        if not _given_bounds_hold(ctx, dims, x, point):
            return None
    except (Undecided, Unsure):
        return None
    shown = point.text()
    entries = evaluate.model.values[name].flat
    fill = {e: value_for(entry_domain(symbol), 0, k) for k, e in enumerate(entries) if e != x}
    values = shown if not symbol.shape else [shown if e == x else _number(as_sympy(e).xreplace(fill))
                                             for e in entries]
    return {"dims": dict(dims), "values": {name: values}, "lhs": _value(evaluate(goal.lhs), x, point),
            "rhs": _value(evaluate(goal.rhs), x, point), "step": goal.line, "exact": True, "goal": goal.text(),
            "seed": None}


def _given_bounds_hold(ctx, dims: dict, x, point: Algebraic) -> bool:
    evaluate = ctx.evaluator(dims, True)
    for relation in ctx.claim.given:
        for op, a, b in relation.links():
            for u, v in ListArray.binary(evaluate(a), evaluate(b), lambda p, q: (p, q)).flat:
                s = Piecewise(as_sympy(u - v), x).sign_at(point)
                if s is None or not relation_holds(op, s):
                    return False
    return True


def _number(value):
    value = sp.Rational(value) if as_sympy(value).is_Rational else value
    if isinstance(value, sp.Rational):
        return int(value) if value.q == 1 else f"{value.p}/{value.q}"
    return sp.sstr(value)


def _value(array: ListArray, x, point: Algebraic):
    """A side's exact value at the point: in radicals where it can be written so."""
    radical = point.radical()

    def one(e):
        e = as_sympy(e)
        if radical is not None:
            return _number(sp.radsimp(sp.expand(e.xreplace({x: radical}))))
        return f"~{sp.N(e.xreplace({x: sp.Float(point.approx(20), 30)}), 12)}"

    values = [one(e) for e in array.flat]
    if not array.shape:
        return values[0]
    if len(array.shape) == 1:
        return values
    n, m = array.shape
    return [values[i * m:(i + 1) * m] for i in range(n)]
