"""Case splits on the switches of `where` and `relu`, at one size (the `cases` tactic).

The difference of the goal is rewritten with its pieces pulled to the top
(sympy's piecewise_fold, after max, min and abs are also written piecewise).
When every switch depends on one real symbol, sympy cuts its line into
disjoint intervals and points, one piece each, and each piece is shown by the
sign rules with the symbol confined to (a closed superset of) its interval.
Otherwise each piece is shown with the relations of its switches as hypotheses,
used by solving each for a variable it is linear in (see `_under`), or, where
none is, everywhere, which asks more and so stays sound.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
from sympy.core.relational import Relational

from ..language import bounds as B
from ..language import ir
from ..language.signs import NEG, NONNEG, NONPOS, POS, ZERO, is_nonneg
from .context import Context
from .symsign import SymSign
from .evaluate import as_sympy

MAX_PIECES = 32
MAX_SWITCHES = 5
_KINKS = (sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)
SWITCHES = ("where", "relu")


def has_switch(exprs: list) -> bool:
    return any(isinstance(n, ir.Call) and n.fn in SWITCHES for e in exprs for n in ir.walk(e))


def prove_pieces(diff: ir.Expr, need: str, ctx: Context, dims: dict) -> list | None:
    """Lines if every piece of `diff` is `need` (zero | nonneg | pos) at these dims, else None."""
    evaluate = ctx.evaluator(dims, True)
    intervals = evaluate.model.bounds  # sympy symbol -> Bound
    count = 0
    for entry in evaluate(diff).flat:
        ctx.check_time()
        entry = as_sympy(entry)
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
    return _assumed(expr)


def _assumed(expr: sp.Piecewise) -> list:
    """(value, None, hypotheses) per piece: the relations of its own condition, and the negations
    of the earlier conditions that are relations or disjunctions of relations (the first piece
    that holds is taken)."""
    out, earlier = [], []
    for value, condition in expr.args:
        conjuncts = condition.args if isinstance(condition, sp.And) else (condition,)
        own = tuple(c for c in conjuncts if isinstance(c, Relational))
        out.append((value, None, own + tuple(earlier)))
        if isinstance(condition, Relational):
            earlier.append(condition.negated)
        elif isinstance(condition, sp.Or) and all(isinstance(c, Relational) for c in condition.args):
            earlier.extend(c.negated for c in condition.args)  # not (a or b): not a, and not b
    return out


def _polynomial(expr: sp.Piecewise, symbol) -> bool:
    """Every switch compares polynomials with rational coefficients (sympy solves those exactly)."""
    for _, condition in expr.args:
        for relation in condition.atoms(Relational):
            for side in relation.args:
                try:
                    if not all(c.is_Rational for c in sp.Poly(side, symbol).coeffs()):
                        return False
                except sp.PolynomialError:
                    return False
    return True


def _holds(value, symbol, where, need: str, intervals: dict) -> bool:
    if symbol is None:
        return _under(value, where or (), need, intervals)
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
        bounds = _confined(symbol, part, intervals.get(symbol, B.ANY))
        if bounds is not None and not _test(value, need, SymSign({**intervals, symbol: bounds})):
            return False
    return True


def _under(value, hypotheses: tuple, need: str, intervals: dict) -> bool:
    """`value` is `need` wherever the hypotheses hold. Each hypothesis h >= 0 (> 0, == 0) linear in
    some symbol v is used by writing v in terms of a new s = h >= 0 (> 0, = 0): every point where
    it holds is then covered, so showing the result for every s covers the piece. A hypothesis the
    sign rules settle is dropped (always true), ends the piece (never true), or, being both >= 0
    and <= 0, becomes an equality."""
    signs = SymSign(intervals)
    pending = list(hypotheses)
    while pending:
        relation = pending.pop(0)
        if relation is sp.false:  # sympy decided it: no point of this piece
            return True
        h, kind = _gap(relation)
        if h is None:
            continue
        sign = signs.sign(sp.expand(h))
        if sign <= NEG or kind == "pos" and sign <= NONPOS or kind == "zero" and 0 not in sign:
            return True  # no point of this piece
        if kind == "nonneg" and sign <= NONPOS:
            kind = "zero"
        elif kind != "zero" and (sign == POS or kind == "nonneg" and is_nonneg(sign)):
            continue  # always true
        solved = _solve(h, kind)
        if solved is None:
            continue
        value = value.xreplace(solved)
        pending = [r.xreplace(solved) for r in pending]
    return _test(value, need, signs)


def _gap(relation) -> tuple:
    """(h, kind) with the relation meaning h >= 0 (nonneg), h > 0 (pos) or h == 0 (zero)."""
    if relation is sp.true or not isinstance(relation, Relational):
        return None, None
    g = relation.lhs - relation.rhs
    return {">=": (g, "nonneg"), ">": (g, "pos"), "<=": (-g, "nonneg"), "<": (-g, "pos"),
            "==": (g, "zero")}.get(relation.rel_op, (None, None))


def _solve(h, kind: str) -> dict | None:
    """{v: (s - r)/a} for h = a*v + r linear in a symbol v with a rational a (s = h: a new
    nonnegative or positive symbol, or 0)."""
    for v in sorted(h.free_symbols, key=str):
        try:
            poly = sp.Poly(h, v)
        except sp.PolynomialError:
            continue
        if poly.degree() != 1 or not poly.coeffs()[0].is_Rational:
            continue
        a = poly.coeffs()[0]
        s = sp.Integer(0) if kind == "zero" else sp.Dummy("s", **{"nonnegative" if kind == "nonneg" else "positive": True})
        return {v: (s - (h - a * v)) / a}
    return None


def _confined(symbol, interval: sp.Interval, declared: B.Bound) -> B.Bound | None:
    """A bound containing the piece's interval (closed, rational ends), met with the declared
    bound and the symbol's sign; None if empty."""
    piece = B.Bound(_outer(interval.start, -1), _outer(interval.end, 1), lo_open=False, hi_open=False)
    bound = B.meet(piece, declared)
    if symbol.is_nonnegative:
        bound = B.meet(bound, B.of_sign(NONNEG))
    if symbol.is_nonpositive:
        bound = B.meet(bound, B.of_sign(NONPOS))
    return None if bound.empty() else bound


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
