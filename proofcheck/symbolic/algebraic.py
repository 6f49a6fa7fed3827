"""Real algebraic numbers, exactly: an irreducible rational polynomial and an
isolating interval with rational ends (or a rational). Real roots come from
sympy's root isolation on exact polynomials; the sign of another polynomial at
such a number is decided exactly: its remainder by the minimal polynomial is 0
or not (irreducibility), and a nonzero one has constant sign once the
interval holds none of its roots (Sturm counts, `count_roots`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

MAX_REFINE = 400  # bisections (each halves the interval; 400 is far below any practical need)
MAX_DEGREE = 40  # of a polynomial whose real roots are isolated


class Unsure(Exception):
    """Exact arithmetic gave up (a degree or refinement cap)."""


@dataclass
class Algebraic:
    poly: object  # sp.Poly: irreducible over Q (degree 1 for a rational)
    lo: object  # sp.Rational
    hi: object  # sp.Rational; lo == hi == the value for a rational

    @staticmethod
    def rational(value, x) -> "Algebraic":
        value = sp.Rational(value)
        return Algebraic(sp.Poly(x - value, x, domain="QQ"), value, value)

    @property
    def is_rational(self) -> bool:
        return self.lo == self.hi

    def refine(self) -> None:
        if self.is_rational:
            return
        mid = (self.lo + self.hi) / 2
        if self.poly.eval(mid) == 0:  # cannot happen for an irreducible polynomial of degree >= 2
            raise Unsure("a rational root of an irreducible polynomial")
        if _sign(self.poly.eval(mid)) == _sign(self.poly.eval(self.lo)):
            self.lo = mid
        else:
            self.hi = mid

    def sign_of(self, q) -> int:
        """The sign (-1, 0, 1) of the rational polynomial q (an sp.Poly in one variable) here."""
        if self.is_rational:
            return _sign(q.eval(self.lo))
        r = q.rem(self.poly)
        if r.is_zero:
            return 0
        for _ in range(MAX_REFINE):
            if r.count_roots(self.lo, self.hi) == 0:
                return _sign(r.eval(self.lo))
            self.refine()
        raise Unsure("refinement")

    def less_than(self, other: "Algebraic") -> bool:
        """Strict order of two distinct numbers (refine both until their intervals part;
        an irrational number lies strictly inside its interval)."""
        for _ in range(MAX_REFINE):
            if self.hi <= other.lo:
                return True
            if other.hi <= self.lo:
                return False
            self.refine()
            other.refine()
        raise Unsure("ordering")

    def compare(self, value) -> int:
        """Sign of (self - value) for a rational value."""
        x = self.poly.gen
        return self.sign_of(sp.Poly(x - sp.Rational(value), x))

    def approx(self, digits: int = 15) -> float:
        while not self.is_rational and self.hi - self.lo > sp.Rational(1, 10**digits):
            self.refine()
        return float((self.lo + self.hi) / 2)

    def text(self) -> str:
        """`7`, `1/3`, `sqrt(2)`, `1 - sqrt(3)/2`, or `the root of ... in (a, b)`."""
        if self.is_rational:
            return str(self.lo)
        radical = self.radical()
        if radical is not None:
            return sp.sstr(radical)
        return f"the root of {sp.sstr(self.poly.as_expr())} near {self.approx(12):.6g}"

    def radical(self):
        """The number in radicals (a rational, or a root of a quadratic), else None: of the
        two roots, the one inside the isolating interval refined past their distance."""
        if self.is_rational:
            return self.lo
        if self.poly.degree() != 2:
            return None
        self.approx(20)
        for root in sp.roots(self.poly).keys():
            if self.lo <= sp.N(root, 40) <= self.hi:
                return root
        return None  # pragma: no cover - one of the two roots is inside


def _sign(v) -> int:
    return 1 if v > 0 else -1 if v < 0 else 0


def real_roots(polys: list, x) -> list:
    """The distinct real roots of the nonzero rational polynomials in x, sorted. Distinct
    irreducible factors share no root, so each root is found once."""
    factors: dict = {}
    for p in polys:
        p = sp.Poly(p, x)
        if p.degree() <= 0:
            continue
        if p.degree() > MAX_DEGREE:
            raise Unsure("degree")
        for factor, _ in p.factor_list()[1]:
            monic = factor.to_field().monic()
            factors.setdefault(monic.as_expr(), monic)
    roots: list = []
    for factor in factors.values():
        if factor.degree() == 1:
            roots.append(Algebraic.rational(-factor.all_coeffs()[1], x))
        else:
            roots += [Algebraic(factor, sp.Rational(a), sp.Rational(b)) for (a, b), _ in factor.intervals()]
    ordered: list = []
    for root in roots:  # insertion sort: few roots
        at = 0
        while at < len(ordered) and ordered[at].less_than(root):
            at += 1
        ordered.insert(at, root)
    return ordered
