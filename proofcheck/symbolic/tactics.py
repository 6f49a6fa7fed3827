"""Tactics: small, sound, registered in order of cost.

A tactic takes a goal and returns the lines of a certificate, or None when it
cannot show the goal (never a guess). Tactics marked `all_sizes` reason on the
expression tree and hold for every size; the others run once per combination
of dims and must succeed for each of them. Definedness side goals are the
engine's business, not the tactics'.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import sympy as sp

from ..language import ir
from ..language.bounds import point
from ..language.goals import Goal
from ..language.signs import POS, is_nonneg, name
from . import assumed
from .context import Context
from .bylaws import prove_by_laws
from .cases import has_switch, prove_pieces
from .dcp import prove_curvature
from .psd import prove_psd
from .inequality import prove_at_size
from .onevar import prove as prove_one_variable
from .uniform import prove_uniform
from ..language.refine import simple_bounds_only
from ..exact.listarray import ListArray


@dataclass(frozen=True)
class Tactic:
    name: str
    ops: frozenset
    all_sizes: bool
    run: Callable  # (goal, ctx) or (goal, ctx, dims) -> list[str] | None


TACTICS: list = []


def tactic(name: str, ops: str, all_sizes: bool):
    def register(fn):
        TACTICS.append(Tactic(name, frozenset(ops.split()), all_sizes, fn))
        return fn

    return register


INEQUALITIES = "< <= > >="


def _difference(goal: Goal) -> ir.Expr:
    """An expression that is >= 0 (> 0 when strict) exactly when the goal holds."""
    big, small = (goal.rhs, goal.lhs) if goal.op in ("<", "<=") else (goal.lhs, goal.rhs)
    if isinstance(small, ir.Num) and small.value == 0:
        return big
    return ir.Bin("-", big, small)


# ---------------------------------------------------------------- all sizes


@tactic("rfl", "== <= >=", all_sizes=True)
def rfl(goal: Goal, ctx: Context):
    if goal.lhs == goal.rhs:
        return ["both sides are the same expression"]
    return None


@tactic("positivity", "==", all_sizes=True)
def equal_by_bounds(goal: Goal, ctx: Context):
    """Both sides are the same number by the bound rules (a simplex's sum, a unit vector's norm)."""
    diff = ir.Bin("-", goal.lhs, goal.rhs)
    if ctx.positivity.bound(diff) == point(Fraction(0)):
        return [f"`{ir.to_text(goal.lhs)}` and `{ir.to_text(goal.rhs)}` have the same value by the bound rules"]
    return None


@tactic("positivity", INEQUALITIES, all_sizes=True)
def positivity(goal: Goal, ctx: Context):
    diff = _difference(goal)
    fact = ctx.positivity.fact(diff)
    strict = goal.op in ("<", ">")
    if fact.sign == POS or (not strict and is_nonneg(fact.sign)):
        return [f"`{ir.to_text(diff)}` is {name(fact.sign)} by sign rules" + (f" ({fact.why})" if fact.why else "")]
    return None


@tactic("positivity", "psd pd", all_sizes=True)
def psd_rules(goal: Goal, ctx: Context):
    matrix = goal.lhs.args[0]
    fact = ctx.positivity.fact(matrix)
    if fact.pd or (goal.op == "psd" and fact.psd):
        kind = "positive definite" if fact.pd else "positive semidefinite"
        return [f"`{ir.to_text(matrix)}` is {kind} by structure rules" + (f" ({fact.why})" if fact.why else "")]
    return None


@tactic("dcp", "psd", all_sizes=True)
def hessian_of_convex(goal: Goal, ctx: Context):
    """The Hessian of a function convex by composition is psd wherever it exists
    (a local property; the side goals show f is twice differentiable there)."""
    matrix = goal.lhs.args[0]
    if not (isinstance(matrix, ir.Call) and matrix.fn == "hessian"):
        return None
    lines = prove_curvature(ir.Call("convex", matrix.args), ctx.positivity)
    if lines is None:
        return None
    return lines + [f"so its Hessian in {matrix.args[1].name} is positive semidefinite"]


@tactic("dcp", "convex concave", all_sizes=True)
def dcp(goal: Goal, ctx: Context):
    if not simple_bounds_only(ctx.claim.given, goal.lhs.args[1].name):
        return None  # a condition on x may cut its domain to a non-convex set
    return prove_curvature(goal.lhs, ctx.positivity)


@tactic("uniform", "==", all_sizes=True)
def uniform(goal: Goal, ctx: Context):
    """An identity uniform in the sizes, checked exactly at enough of them (docs/all-sizes.md)."""
    return prove_uniform(goal, ctx)


# ---------------------------------------------------------------- per size


def _entries(goal: Goal, ctx: Context, dims: dict, structured: bool) -> list:
    evaluate = ctx.evaluator(dims, structured)
    lhs, rhs = evaluate(goal.lhs), evaluate(goal.rhs)
    return ListArray.binary(lhs, rhs, lambda a, b: a - b).flat


@tactic("ring", "==", all_sizes=False)
def ring(goal: Goal, ctx: Context, dims: dict):
    for entry in _entries(goal, ctx, dims, structured=False):
        ctx.check_time()
        if sp.expand(entry) != 0:
            return None
    return ["both sides expand to the same polynomial"]


@tactic("field", "==", all_sizes=False)
def field(goal: Goal, ctx: Context, dims: dict):
    for entry in _entries(goal, ctx, dims, structured=False):
        ctx.check_time()
        if sp.cancel(sp.together(entry)) != 0:
            return None
    return ["the difference is 0 over a common denominator"]


MAX_SIGN_TERMS = 2_000  # terms of an expanded difference the sign rules look at one by one


@tactic("sign-analysis", INEQUALITIES, all_sizes=False)
def sympy_positivity(goal: Goal, ctx: Context, dims: dict):
    strict = goal.op in ("<", ">")
    signs = ctx.signs(dims)
    evaluate = ctx.evaluator(dims, True)
    for entry in evaluate(_difference(goal)).flat:
        ctx.check_time()
        expand = entry.is_Add and evaluate.terms(entry) <= MAX_SIGN_TERMS  # sign rules on many terms: slow
        sign = signs.sign(sp.expand(entry)) if expand else signs.sign(entry)
        if not (sign == POS if strict else is_nonneg(sign)):
            sign = signs.sign(entry)
            if not (sign == POS if strict else is_nonneg(sign)):
                return None
    lines = [f"the difference is {'positive' if strict else 'nonnegative'} (sign rules, factoring, intervals)"]
    entries = ctx.evaluator(dims, True)(_difference(goal)).flat
    if not ctx.claim.dims and len(entries) == 1:
        lines.append(f"difference = {sp.factor(entries[0])}")
    return lines


@tactic("psd", "psd pd", all_sizes=False)
def psd_matrix(goal: Goal, ctx: Context, dims: dict):
    matrix = ctx.evaluator(dims, True)(goal.lhs.args[0])
    certificate = prove_psd(matrix, goal.op == "pd", ctx.signs(dims).sign)
    return [certificate] if certificate else None


@tactic("hessian", "convex concave", all_sizes=False)
def hessian(goal: Goal, ctx: Context, dims: dict):
    f, x = goal.lhs.args
    symbol = ctx.claim.symbols[x.name]
    if symbol.structure in ("psd", "pd") or not simple_bounds_only(ctx.claim.given, x.name):
        return None
    if len(symbol.shape) > 1:
        return None
    evaluate = ctx.evaluator(dims, True)
    value = evaluate(f).value
    variables = evaluate.model.entries[x.name]
    if any(c.free_symbols & set(variables) for p in value.atoms(sp.Piecewise) for _, c in p.args):
        return None  # sympy differentiates each piece: a switch in x would hide kinks and jumps
    n = len(variables)
    gradient = [sp.diff(value, v) for v in variables]
    sign = -1 if goal.op == "concave" else 1
    matrix = ListArray((n, n), [sign * sp.diff(g, v) for g in gradient for v in variables])
    certificate = prove_psd(matrix, False, ctx.signs(dims).sign)
    if certificate is None:
        return None
    return [f"the Hessian{' (negated)' if sign < 0 else ''} in {x.name} is psd: {certificate}"]


# ---------------------------------------------------------------- per size, under the equalities of `given`


@tactic("ring-given", "==", all_sizes=False)
def ring_given(goal: Goal, ctx: Context, dims: dict):
    entries = lambda evaluate: ListArray.binary(evaluate(goal.lhs), evaluate(goal.rhs), lambda a, b: a - b).flat
    return assumed.identity(entries, ctx, dims)


@tactic("sign-given", INEQUALITIES, all_sizes=False)
def sign_given(goal: Goal, ctx: Context, dims: dict):
    entries = lambda evaluate: evaluate(_difference(goal)).flat
    return assumed.inequality(entries, goal.op in ("<", ">"), ctx, dims)
@tactic("one-variable", INEQUALITIES, all_sizes=False)
def one_variable(goal: Goal, ctx: Context, dims: dict):
    """One real variable: decided exactly by real-root isolation (onevar.py)."""
    return prove_one_variable(goal, ctx, dims)


@tactic("cases", "== " + INEQUALITIES, all_sizes=False)
def cases(goal: Goal, ctx: Context, dims: dict):
    """A split at the switches of where and relu, each piece by sign rules (cases.py)."""
    if not has_switch(goal.exprs()):
        return None
    if goal.op == "==":
        return prove_pieces(ir.Bin("-", goal.lhs, goal.rhs), "zero", ctx, dims)
    return prove_pieces(_difference(goal), "pos" if goal.op in ("<", ">") else "nonneg", ctx, dims)


@tactic("facts", INEQUALITIES, all_sizes=False)
def facts(goal: Goal, ctx: Context, dims: dict):
    """Function laws from the catalog (exp(u) >= 1 + u, Jensen, ...) plus a remainder
    shown by sign rules (bylaws.py)."""
    return prove_by_laws(_difference(goal), goal.op in ("<", ">"), ctx, dims)


@tactic("sos", INEQUALITIES, all_sizes=False)
def sum_of_squares(goal: Goal, ctx: Context, dims: dict):
    """Sum-of-squares certificates, after lifting roots, abs, max and min (inequality.py)."""
    entries = ctx.evaluator(dims, True)(_difference(goal)).flat
    return prove_at_size(entries, goal.op in ("<", ">"), ctx, dims)
