"""Identities for every size by a small-model argument (docs/all-sizes.md).

An identity built only from operations that treat every index of a size n
alike has, for each kind of monomial, a coefficient that is a polynomial in
the sizes, of a degree bounded by the expression tree (degree.py). A
polynomial of degree D that vanishes at D + 1 sizes vanishes at all of them;
so the identity is checked exactly (ringeval.py) at the first K + 1 sizes of
each block of each unbounded dim, on the grid, and then holds for all sizes.
Anything the bound does not cover gives None (the per-size tactics may still
check some sizes, which leaves an unbounded claim unproven).
"""

from __future__ import annotations

import time
from fractions import Fraction
from itertools import product

from ..exact.listarray import ListArray
from ..language import ir
from ..language.goals import Goal
from .degree import Degree, Outside, index_count
from .ringeval import RingEvaluator, RingModel
from .sizes import Sizes

MAX_POINTS = 600  # sizes checked for one goal, over every case and fixed value
MAX_BOUND = 30  # K of one block: beyond, the polynomials to check are too large anyway
MAX_SECONDS = 10.0  # for one goal (and at most half the time left): then no proof, not a timeout
MAX_ENTRIES = 600  # entries of all the symbols and atoms at the largest size checked
DOC = "docs/all-sizes.md"


def prove_uniform(goal: Goal, ctx) -> list | None:
    """Certificate lines when `lhs == rhs` holds for every size, else None."""
    if ctx.sizes is None:
        return None
    left, right = cancel(goal.lhs, goal.rhs)
    if not left and not right:
        return ["both sides are sums of the same terms"]
    goal = Goal("==", _total(left), _total(right), goal.line)
    sizes = ctx.sizes.restricted(_dims_used(goal, ctx.claim.symbols))
    plans = _plans(goal, ctx.claim.symbols, sizes)
    if plans is None or sum(_count(p) for p in plans) > MAX_POINTS:
        return None
    if any(k > MAX_BOUND for p in plans for k in p["K"].values()):
        return None
    atoms, derivatives = {}, {}
    for plan in plans:
        atoms.update(plan["atoms"])
        derivatives.update({a: d for a, (_, d) in plan["derivatives"].items()})
    uses_pi = any(isinstance(n, ir.Const) for e in (goal.lhs, goal.rhs) for n in ir.walk(e))
    deadline = _budget(ctx.deadline)
    for plan in plans:
        for lengths in product(*(range(low, low + plan["K"][b] + 1) for b, low in plan["case"].blocks)):
            ctx.check_time()
            dims = sizes.dims_at(plan["case"], dict(zip([b for b, _ in plan["case"].blocks], lengths)),
                                 plan["fixed"])
            if not _holds_at(goal, ctx, dims, (list(atoms), derivatives, uses_pi), deadline):
                return None
    return [_certificate(plans, sizes)]


def cancel(lhs: ir.Expr, rhs: ir.Expr) -> tuple:
    """The signed terms of each side (its top-level sum) without the terms both sides share:
    `a + t == b + t` holds exactly where `a == b` does, wherever t is defined."""
    left, right = _terms(lhs, 1), _terms(rhs, 1)
    for term in list(left):
        if term in right:
            left.remove(term)
            right.remove(term)
    for sign in (1, -1):  # `a - t == b` is `a == b + t`: terms of opposite sign on one side cancel too
        for side in (left, right):
            for sign_term in [t for t in side if t[0] == sign]:
                opposite = (-sign, sign_term[1])
                if sign_term in side and opposite in side:
                    side.remove(sign_term)
                    side.remove(opposite)
    return left, right


def _terms(expr: ir.Expr, sign: int) -> list:
    if isinstance(expr, ir.Bin) and expr.op in "+-":
        return _terms(expr.left, sign) + _terms(expr.right, sign if expr.op == "+" else -sign)
    if isinstance(expr, ir.Neg):
        return _terms(expr.operand, -sign)
    return [(sign, expr)]


def _total(terms: list) -> ir.Expr:
    if not terms:
        return ir.Num(Fraction(0))
    (sign, first), rest = terms[0], terms[1:]
    total = first if sign > 0 else ir.Neg(first)
    for sign, term in rest:
        total = ir.Bin("+" if sign > 0 else "-", total, term)
    return total


def _dims_used(goal: Goal, symbols: dict) -> set:
    used = set()
    for expr in (goal.lhs, goal.rhs):
        for node in ir.walk(expr):
            if isinstance(node, ir.Dim):
                used.add(node.name)
            elif isinstance(node, ir.Sym):
                used.update(d for d in symbols[node.name].shape if isinstance(d, str))
    return used


def _plans(goal: Goal, symbols: dict, sizes: Sizes) -> list | None:
    """For each case and fixed value: the bound K per block, from the tree of lhs - rhs."""
    plans = []
    difference = ir.Bin("-", goal.lhs, goal.rhs)
    for fixed in sizes.fixed_values():
        for case in sizes.cases:
            analysis = Degree(sizes, case, fixed, symbols)
            try:
                form = analysis.form(difference)
            except Outside:
                return None
            count = index_count(form)
            bound = {b: count.get(case.family_of[b], 0) + form.deg.get(b, 0) if b in analysis.touched else 0
                     for b, _ in case.blocks}
            plans.append({"fixed": fixed, "case": case, "K": bound, "V": count, "deg": form.deg,
                          "atoms": analysis.atoms, "derivatives": analysis.derivatives})
    return plans


def _count(plan: dict) -> int:
    total = 1
    for b, _ in plan["case"].blocks:
        total *= plan["K"][b] + 1
    return total


def _budget(deadline: float | None) -> float:
    """When this tactic gives up: an identity too costly to check is unproven, not a timeout."""
    now = time.monotonic()
    if deadline is None:
        return now + MAX_SECONDS
    return now + min(MAX_SECONDS, (deadline - now) / 2)


def _holds_at(goal: Goal, ctx, dims: dict, extra: tuple, deadline: float) -> bool:
    """The identity at one size, exactly: P_l Q_r == P_r Q_l for every entry."""
    atoms, derivatives, uses_pi = extra
    symbols = ctx.claim.symbols
    entries = sum(_size(s.concrete_shape(dims)) for s in symbols.values())
    if entries > MAX_ENTRIES:
        return False
    try:
        model = RingModel(symbols, dims, atoms, uses_pi)
        evaluate = RingEvaluator(model, dims, derivatives, deadline)
        pairs = ListArray.binary(evaluate(goal.lhs), evaluate(goal.rhs), lambda a, b: (a, b))
        for left, right in pairs.flat:
            ctx.check_time()
            evaluate.check_time()
            if not (left.q and right.q and left.equals(right)):
                return False
    except (ValueError, ZeroDivisionError, KeyError, IndexError):  # outside what the ring can say
        return False
    return True


def _size(shape: tuple) -> int:
    total = 1
    for d in shape:
        total *= d
    return total


def _certificate(plans: list, sizes: Sizes) -> str:
    """e.g. `ring, uniform in n (4 index variables, degree 1 in n): checked exactly at n=1..6
    (6 sizes); holds for all sizes (docs/all-sizes.md)`: V, the degree and the sizes checked
    (up to low + K, K = V + degree) per family, the largest over the cases."""
    parts, ranges = [], []
    for base, low in sizes.families.items():
        variables = max(p["V"].get(base, 0) for p in plans)
        blocks = [(p, b) for p in plans for b, _ in p["case"].blocks if p["case"].family_of[b] == base]
        degree = max(p["deg"].get(b, 0) for p, b in blocks)
        top = max(p["K"][b] for p, b in blocks)
        splits = [k for k, b in sizes.splits.items() if b == base]
        counted = f"{_plural(variables, 'index variable')}, degree {degree}"
        if splits:
            parts.append(f"uniform in {', '.join([base] + splits)} ({base} cut at {', '.join(splits)} into parts: "
                         f"{counted} in the length of each part)")
            ranges.append(f"every part of length 1..{1 + top}")
        else:
            parts.append(f"uniform in {base} ({counted} in {base})")
            ranges.append(f"{base}={low}..{low + top}")
    fixed = "".join(f", for each {r.name}={r.text}" for r in sizes.fixed)
    total = sum(_count(p) for p in plans)
    return (f"ring, {'; '.join(parts)}: checked exactly at {', '.join(ranges)}{fixed} ({total} sizes); "
            f"holds for all sizes ({DOC})")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
