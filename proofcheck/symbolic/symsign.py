"""Signs of sympy expressions, for goals that depend on the sizes.

Three sound analyses, met together: a rule per head (as the tree positivity
does, over sympy's own tree), interval arithmetic with open and closed ends
from the symbols' domains and structures, and, when those do not decide, the
same rules on the factored form, an exact sum-of-squares test for quadratics
and division by what `given` shows nonzero. Facts from `given` at this size
(`known`) are met with all of them.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..language import bounds as B
from ..language.bounds import Bound
from ..language.signs import (NEG, NONNEG, NONPOS, NONZERO, POS, UNKNOWN, ZERO, add, is_nonneg, meet, mul, negate, reciprocal, square)
from .evaluate import expanded_terms
from .psd import ldl_psd

MAX_FACTOR_TERMS = 400
MAX_SOS_SYMBOLS = 40
MAX_KNOWN_DIVISORS = 8
MAX_KNOWN_OPS = 200  # division by known nonzero factors only for expressions this small
MAX_KNOWN_TERMS = 200  # ... and factors whose expanded form is this small (cancel expands them)


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


class SymSign:
    def __init__(self, bounds: dict, known: dict | None = None) -> None:
        self.bounds = bounds  # sympy symbol -> Bound (domain and structure)
        self.known = known or {}  # sympy expr -> (sign, Bound), from `given` and structures
        self.memo: dict = {}
        self.imemo: dict = {}
        self.tmemo: dict = {}  # expr -> a bound on its expanded terms

    def sign(self, expr) -> frozenset:
        if isinstance(expr, int):  # a sum that folded to a Python 0
            expr = sp.Integer(expr)
        if expr in self.memo:
            return self.memo[expr]
        self.memo[expr] = UNKNOWN  # guards against cycles through factor()
        result = meet(self._rule(expr), self.interval(expr).sign())
        if expr in self.known:
            result = meet(result, self.known[expr][0])
        if result not in (POS, NEG, ZERO) and expr.is_Add:
            result = meet(result, self._factored(expr))
            if not is_nonneg(result) and not (result <= NONPOS):
                result = meet(result, self._sos(expr))
            if 0 in result and self.known:
                result = meet(result, self._by_known(expr))
        self.memo[expr] = result
        return result

    def _by_known(self, e) -> frozenset:
        """e = K * (e / K) for a K that `given` shows nonzero: sign(K) times the sign of the
        quotient, when the quotient is simpler (the matrix determinant lemma, say). The
        quotient in lowest terms is defined wherever e is and K is nonzero."""
        if expanded_terms(e, self.tmemo) > MAX_KNOWN_TERMS:
            return UNKNOWN
        size = sp.count_ops(e)
        if size > MAX_KNOWN_OPS:
            return UNKNOWN
        for k, (sign, _) in list(self.known.items())[:MAX_KNOWN_DIVISORS]:
            if (0 in sign or k.is_number or k == e or expanded_terms(k, self.tmemo) > MAX_KNOWN_TERMS
                    or sp.count_ops(k) > MAX_KNOWN_OPS):
                continue
            quotient = sp.cancel(e / k)
            if sp.count_ops(quotient) < size:
                found = mul(sign, self.sign(quotient))
                if 0 not in found:
                    return found
        return UNKNOWN

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
        if len(e.args) > MAX_FACTOR_TERMS or expanded_terms(e, self.tmemo) > MAX_FACTOR_TERMS:
            return UNKNOWN  # factor() expands first: `(a + ... + h)**11 + 1` has 24,000 terms
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
        if not symbols or len(symbols) > MAX_SOS_SYMBOLS or expanded_terms(e, self.tmemo) > MAX_FACTOR_TERMS:
            return UNKNOWN  # Poly() expands first: costly past a few hundred terms
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

    def interval(self, e) -> Bound:
        """A bound (open or closed ends) that contains every value."""
        if e in self.imemo:
            return self.imemo[e]
        self.imemo[e] = B.ANY  # guards against cycles
        result = self._interval(e)
        known = self.known.get(e)
        if known is not None:
            result = B.meet(result, known[1])
        self.imemo[e] = result
        return result

    def _interval(self, e) -> Bound:
        if e.is_Rational:
            return B.point(Fraction(int(e.p), int(e.q)))
        if e.is_Symbol:
            return B.meet(self.bounds.get(e, B.ANY), B.of_sign(_symbol_sign(e)))
        if e.is_Add:
            total = B.point(Fraction(0))
            for arg in e.args:
                total = B.add(total, self.interval(arg))
            return total
        if e.is_Mul:
            total = B.point(Fraction(1))
            for arg in e.args:
                total = B.mul(total, self.interval(arg))
            return total
        if e.is_Pow and e.exp.is_Rational:
            return B.power(self.interval(e.base), Fraction(int(e.exp.p), int(e.exp.q)))
        return B.of_sign(self._rule(e))

__all__ = ["SymSign", "negate"]
