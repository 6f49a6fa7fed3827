"""Case splits on the switches of `where` and `relu`, at one size (the `cases` tactic).

The difference of the goal is rewritten with its pieces pulled to the top
(sympy's piecewise_fold, after max, min and abs are also written piecewise).
When every switch depends on one real symbol, sympy cuts its line into
disjoint intervals and points, one piece each, and each piece is shown by the
sign rules with the symbol confined to (a closed superset of) its interval.
Otherwise each piece must hold everywhere, which asks more and so stays sound.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..language import ir
from ..language.signs import POS, ZERO, is_nonneg
from .context import Context
from .symsign import SymSign

MAX_PIECES = 32
MAX_SWITCHES = 5
_KINKS = (sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)
SWITCHES = ("where", "relu")


def has_switch(exprs: list) -> bool:
    return any(isinstance(n, ir.Call) and n.fn in SWITCHES for e in exprs for n in ir.walk(e))


def prove_pieces(diff: ir.Expr, need: str, ctx: Context, dims: dict) -> list | None:
    """Lines if every piece of `diff` is `need` (zero | nonneg | pos) at these dims, else None."""
    evaluate = ctx.evaluator(dims, True)
    intervals = evaluate.model.intervals
    count = 0
    for entry in evaluate(diff).flat:
        ctx.check_time()
        entry = sp.sympify(entry)
        if len(entry.atoms(*_KINKS)) > MAX_SWITCHES:  # folding k switches can make 2**k pieces
            return None
        pieces = _pieces(sp.piecewise_fold(entry.rewrite(sp.Piecewise)))
        if pieces is None or len(pieces) > MAX_PIECES:
            return None
        for value, symbol, where in pieces:
            ctx.check_time()
            if not _holds(value, symbol, where, need, intervals):
                return None
        count += len(pieces)
    word = {"zero": "0", "nonneg": "nonnegative", "pos": "positive"}[need]
    return [f"split at the switches into {count} piece(s); the difference is {word} on each (sign rules)"]


def _pieces(expr) -> list | None:
    """(value, symbol, set) per piece; symbol and set are None for a piece taken as holding everywhere."""
    if not isinstance(expr, sp.Piecewise):
        return [(expr, None, None)]
    symbols = set().union(*(c.free_symbols for _, c in expr.args if c is not sp.true))
    if len(symbols) == 1 and next(iter(symbols)).is_real and _polynomial(expr, *symbols):
        try:
            (symbol,) = symbols
            return [(value, symbol, where) for value, where in expr.as_expr_set_pairs()]
        except (NotImplementedError, ValueError, TypeError):
            pass
    return [(value, None, None) for value, _ in expr.args]


def _polynomial(expr: sp.Piecewise, symbol) -> bool:
    """Every switch compares polynomials with rational coefficients (sympy solves those exactly)."""
    for _, condition in expr.args:
        for relation in condition.atoms(sp.core.relational.Relational):
            for side in relation.args:
                try:
                    if not all(c.is_Rational for c in sp.Poly(side, symbol).coeffs()):
                        return False
                except sp.PolynomialError:
                    return False
    return True


def _holds(value, symbol, where, need: str, intervals: dict) -> bool:
    if where is None:
        return _test(value, need, SymSign(intervals))
    parts = where.args if isinstance(where, sp.Union) else (where,)
    for part in parts:
        if part is sp.S.EmptySet:
            continue
        if isinstance(part, sp.FiniteSet):
            if not all(_test(value.subs(symbol, point), need, SymSign(intervals)) for point in part):
                return False
            continue
        if not isinstance(part, sp.Interval):
            return False
        bounds = _confined(symbol, part, intervals.get(symbol, (None, None)))
        if bounds is not None and not _test(value, need, SymSign({**intervals, symbol: bounds})):
            return False
    return True


def _confined(symbol, interval: sp.Interval, declared: tuple) -> tuple | None:
    """Rational (lo, hi) containing the interval, the declared range and the symbol's sign; None if empty."""
    lo = _outer(interval.start, -1)
    hi = _outer(interval.end, 1)
    d_lo, d_hi = declared
    if d_lo is not None:
        lo = d_lo if lo is None else max(lo, d_lo)
    if d_hi is not None:
        hi = d_hi if hi is None else min(hi, d_hi)
    if symbol.is_nonnegative:
        lo = Fraction(0) if lo is None else max(lo, Fraction(0))
    if symbol.is_nonpositive:
        hi = Fraction(0) if hi is None else min(hi, Fraction(0))
    if lo is not None and hi is not None and lo > hi:
        return None
    return lo, hi


def _outer(end, direction: int) -> Fraction | None:
    """A rational at or beyond an interval's end (None for an infinite end)."""
    if end.is_infinite:
        return None
    if end.is_Rational:
        return Fraction(int(end.p), int(end.q))
    scaled = sp.floor(end * 2**20) if direction < 0 else sp.ceiling(end * 2**20)
    return Fraction(int(scaled), 2**20)


def _test(value, need: str, signs: SymSign) -> bool:
    for form in (value, sp.expand(value)):
        if need == "zero" and form == 0:
            return True
        sign = signs.sign(form)
        if sign == ZERO if need == "zero" else sign == POS if need == "pos" else is_nonneg(sign):
            return True
    return False
