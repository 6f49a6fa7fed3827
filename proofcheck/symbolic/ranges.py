"""Bounds of expression values on the tree, for every size (the positivity rules' intervals).

A bound holds for every entry of an array. It starts from the domains (with
their open ends), the structures (a simplex's entries lie in [0, 1] and sum
to 1, a unit vector's in [-1, 1] with norm 1) and the bounds `given` states,
and goes through arithmetic with open and closed ends, so that `b1` in
[0, 1) shows `1 - b1**2 > 0` and `x > 1` shows `x - 1 > 0`. Sums over an axis
whose length is a size get no bound beyond their sign (their count of terms
is not fixed), except the sum of a simplex.
"""

from __future__ import annotations

from fractions import Fraction

from ..language import bounds as B
from ..language import ir
from ..language.ir import exponent_value

_PI = B.Bound(Fraction(314159, 100000), Fraction(314160, 100000), True, True)
_STRUCTURE = {"simplex": B.Bound(Fraction(0), Fraction(1), False, False),
              "unit": B.Bound(Fraction(-1), Fraction(1), False, False)}
_ARITHMETIC = {"+": B.add, "-": B.sub, "*": B.mul, "/": B.divide}
_SAME_AS_ENTRIES = ("mean", "max", "min", "_guard")  # a value within the entries' bound


def symbol_bound(symbol) -> B.Bound:
    """Every entry of a symbol: its domain met with its structure's. A diagonal matrix's
    domain holds on its diagonal only: its other entries are 0."""
    bound = B.meet(B.of_domain(symbol.domain), _STRUCTURE.get(symbol.structure, B.ANY))
    return B.hull(bound, B.point(Fraction(0))) if symbol.structure == "diagonal" else bound


def rule_bound(expr: ir.Expr, bound, symbols: dict) -> B.Bound:
    """The bound of `expr` from its children's (`bound(child)`), before facts from `given`."""
    if isinstance(expr, ir.Num):
        return B.point(expr.value)
    if isinstance(expr, ir.Const) and expr.name == "pi":
        return _PI
    if isinstance(expr, ir.Dim):
        return B.Bound(Fraction(1), None, False)
    if isinstance(expr, ir.Sym):
        return symbol_bound(symbols[expr.name])
    if isinstance(expr, ir.Neg):
        return B.negate(bound(expr.operand))
    if isinstance(expr, ir.Transpose):
        return bound(expr.operand)
    if isinstance(expr, ir.Index):
        return bound(expr.base)
    if isinstance(expr, ir.Bin):
        return _binary(expr, bound, symbols)
    if isinstance(expr, ir.Call):
        return _call(expr, bound, symbols)
    return B.ANY


def _binary(expr: ir.Bin, bound, symbols: dict) -> B.Bound:
    if expr.op in _ARITHMETIC:  # entry by entry, with broadcasting
        return _ARITHMETIC[expr.op](bound(expr.left), bound(expr.right))
    if expr.op == "**":
        exponent = exponent_value(expr.right)
        return B.ANY if exponent is None else B.power(bound(expr.left), exponent)
    if expr.op == "@" and expr.left == expr.right and _structure(expr.left, symbols) == "unit":
        return B.point(Fraction(1))
    return B.ANY


def _call(expr: ir.Call, bound, symbols: dict) -> B.Bound:
    fn, args = expr.fn, expr.args
    if fn == "sum" and expr.kwarg("axis") is None and _structure(args[0], symbols) == "simplex":
        return B.point(Fraction(1))
    if fn == "norm" and _structure(args[0], symbols) == "unit" and (len(args) == 1 or exponent_value(args[1]) == 2):
        return B.point(Fraction(1))
    if fn in _SAME_AS_ENTRIES:
        return bound(args[0])
    if fn == "abs":
        return B.absolute(bound(args[0]))
    if fn == "sqrt":
        return B.power(bound(args[0]), Fraction(1, 2))
    return B.ANY


def _structure(expr: ir.Expr, symbols: dict) -> str | None:
    while isinstance(expr, ir.Transpose):
        expr = expr.operand
    return symbols[expr.name].structure if isinstance(expr, ir.Sym) else None
