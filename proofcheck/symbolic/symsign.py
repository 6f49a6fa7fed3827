"""Signs of sympy expressions, for goals that depend on the sizes.

Three sound analyses, met together: a rule per head (as the tree positivity
does, over sympy's own tree), interval arithmetic from the symbols' domains,
and, when those do not decide, the same rules on the factored form and an
exact sum-of-squares test for quadratics.
"""

from __future__ import annotations

import sympy as sp

from ..language.signs import (NEG, NONNEG, NONPOS, NONZERO, POS, UNKNOWN, ZERO, add, is_nonneg, meet, mul, negate, reciprocal, square)
from .psd import ldl_psd

MAX_FACTOR_TERMS = 400
MAX_SOS_SYMBOLS = 40
_INF = sp.oo


def _symbol_sign(s: sp.Symbol) -> frozenset:
    if s.is_positive:
        return POS
    if s.is_negative:
        return NEG
    if s.is_nonnegative:
        return NONNEG
    if s.is_nonpositive:
        return NONPOS
    if s.is_zero is False and s.is_real:
        return NONZERO
    return UNKNOWN


def _interval_sign(lo, hi) -> frozenset:
    if lo.is_positive:
        return POS
    if hi.is_negative:
        return NEG
    if lo.is_nonnegative:
        return NONNEG
    if hi.is_nonpositive:
        return NONPOS
    return UNKNOWN


class SymSign:
    def __init__(self, intervals: dict) -> None:
        self.intervals = intervals
        self.memo: dict = {}
        self.imemo: dict = {}

    def sign(self, expr) -> frozenset:
        if isinstance(expr, int):  # a sum that folded to a Python 0
            expr = sp.Integer(expr)
        if expr in self.memo:
            return self.memo[expr]
        self.memo[expr] = UNKNOWN  # guards against cycles through factor()
        result = meet(self._rule(expr), _interval_sign(*self.interval(expr)))
        if result not in (POS, NEG, ZERO) and expr.is_Add:
            result = meet(result, self._factored(expr))
            if not is_nonneg(result) and not (result <= NONPOS):
                result = meet(result, self._sos(expr))
        self.memo[expr] = result
        return result

    # ------------------------------------------------------------ rules

    def _rule(self, e) -> frozenset:
        if e.is_Rational:
            return POS if e > 0 else NEG if e < 0 else ZERO
        if e.is_number:
            if e.is_zero:
                return ZERO
            if e.is_positive:
                return POS
            if e.is_negative:
                return NEG
            return UNKNOWN
        if e.is_Symbol:
            return _symbol_sign(e)
        if e.is_Add:
            total = self.sign(e.args[0])
            for arg in e.args[1:]:
                total = add(total, self.sign(arg))
                if total == UNKNOWN:
                    break
            return total
        if e.is_Mul:
            total = POS
            for arg in e.args:
                total = mul(total, self.sign(arg))
            return total
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sp.Abs):
            return square(self.sign(e.args[0]))
        if isinstance(e, sp.exp):
            return POS
        if isinstance(e, (sp.sign, sp.tanh)):
            return self.sign(e.args[0])
        if isinstance(e, sp.Max):
            return frozenset(max(x, y) for x in self.sign(e.args[0]) for y in self._fold(e.args[1:], max))
        if isinstance(e, sp.Min):
            return frozenset(min(x, y) for x in self.sign(e.args[0]) for y in self._fold(e.args[1:], min))
        if isinstance(e, sp.Piecewise):  # the value of one of the pieces
            return frozenset().union(*(self.sign(piece) for piece, _ in e.args))
        return UNKNOWN

    def _fold(self, args, pick) -> frozenset:
        total = self.sign(args[0])
        for arg in args[1:]:
            total = frozenset(pick(x, y) for x in total for y in self.sign(arg))
        return total

    def _pow(self, e) -> frozenset:
        base, exponent = e.args
        sign = self.sign(base)
        if exponent.is_Integer:
            p = int(exponent)
            if p % 2 == 0:
                return square(sign) if p > 0 else reciprocal(square(sign))
            return sign if p > 0 else reciprocal(sign)
        if exponent.is_Rational:  # a real root: the base is >= 0 where defined
            nonneg = frozenset(x for x in sign if x >= 0)
            return nonneg or UNKNOWN
        return POS if sign == POS else UNKNOWN

    def _factored(self, e) -> frozenset:
        if len(e.args) > MAX_FACTOR_TERMS:
            return UNKNOWN
        try:
            factored = sp.factor(e)
        except (sp.PolynomialError, NotImplementedError, ValueError):  # pragma: no cover
            return UNKNOWN
        if factored == e or factored.is_Add:
            return UNKNOWN
        return self.sign(factored)

    def _sos(self, e) -> frozenset:
        """x.T G x >= 0 for a quadratic with rational coefficients and psd G."""
        symbols = sorted(e.free_symbols, key=str)
        if not symbols or len(symbols) > MAX_SOS_SYMBOLS:
            return UNKNOWN
        try:
            poly = sp.Poly(e, *symbols)
        except sp.PolynomialError:
            return UNKNOWN
        if poly.total_degree() > 2 or not all(c.is_Rational for c in poly.coeffs()):
            return UNKNOWN
        k = len(symbols)
        gram = [[sp.Integer(0)] * (k + 1) for _ in range(k + 1)]
        for monomial, coeff in poly.terms():
            where = [i for i, power in enumerate(monomial) for _ in range(power)]
            if not where:
                gram[0][0] += coeff
            elif len(where) == 1:
                gram[0][where[0] + 1] += coeff / 2
                gram[where[0] + 1][0] += coeff / 2
            elif where[0] == where[1]:
                gram[where[0] + 1][where[0] + 1] += coeff
            else:
                i, j = where[0] + 1, where[1] + 1
                gram[i][j] += coeff / 2
                gram[j][i] += coeff / 2
        verdict = ldl_psd(gram)
        if verdict is None or verdict == "indefinite":
            return UNKNOWN
        return NONNEG  # strict positivity would need more than the Gram matrix

    # ------------------------------------------------------------ intervals

    def interval(self, e) -> tuple:
        """A closed interval over the extended reals that contains every value."""
        if e in self.imemo:
            return self.imemo[e]
        result = self._interval(e)
        self.imemo[e] = result
        return result

    def _interval(self, e) -> tuple:
        if e.is_Rational:
            return (e, e)
        if e.is_Symbol:
            lo, hi = self.intervals.get(e, (None, None))
            sign = _symbol_sign(e)
            zero = sp.Integer(0)
            lo = sp.Rational(lo.numerator, lo.denominator) if lo is not None else (zero if is_nonneg(sign) else -_INF)
            hi = sp.Rational(hi.numerator, hi.denominator) if hi is not None else (zero if sign <= NONPOS else _INF)
            return (lo, hi)
        if e.is_Add:
            lo, hi = sp.Integer(0), sp.Integer(0)
            for arg in e.args:
                a, b = self.interval(arg)
                lo, hi = _plus(lo, a, -1), _plus(hi, b, 1)
            return (lo, hi)
        if e.is_Mul:
            lo, hi = sp.Integer(1), sp.Integer(1)
            for arg in e.args:
                lo, hi = _times((lo, hi), self.interval(arg))
            return (lo, hi)
        if e.is_Pow and e.exp.is_Integer and e.exp > 0:
            lo, hi = self.interval(e.base)
            p = int(e.exp)
            if p % 2 == 1:
                return (lo**p, hi**p)
            if lo.is_nonnegative:
                return (lo**p, hi**p)
            if hi.is_nonpositive:
                return (hi**p, lo**p)
            return (sp.Integer(0), sp.Max(lo**p, hi**p))
        sign = self._rule(e) if not (e.is_Add or e.is_Mul) else UNKNOWN
        return (sp.Integer(0) if is_nonneg(sign) else -_INF, sp.Integer(0) if sign <= NONPOS else _INF)


def _plus(a, b, direction: int):
    total = a + b
    if total is sp.nan:
        return -_INF if direction < 0 else _INF
    return total


def _times(x: tuple, y: tuple) -> tuple:
    products = []
    for a in x:
        for b in y:
            if (a == 0 and b.is_infinite) or (b == 0 and a.is_infinite):
                products.append(sp.Integer(0))
            else:
                products.append(a * b)
    if any(p is sp.nan for p in products):
        return (-_INF, _INF)
    return (sp.Min(*products), sp.Max(*products))


__all__ = ["SymSign", "negate"]
