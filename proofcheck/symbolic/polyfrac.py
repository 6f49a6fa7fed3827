"""Quotients of polynomials on sympy's sparse polynomial rings, for the exact checks of
the all-sizes argument (ringeval.py): arithmetic without gcds, a denominator kept
apart, and a cap on the size of every product."""

from __future__ import annotations

from fractions import Fraction
from math import gcd

MAX_PRODUCT = 1_000_000  # monomial products in one multiplication: beyond, the argument gives up


class TooLarge(ValueError):
    """A polynomial too large to check at this size."""


def _times(a, b):
    if len(a) * len(b) > MAX_PRODUCT:
        raise TooLarge("a product of polynomials too large to check")
    return a * b


class Frac:
    """p / q, polynomials with integer coefficients, q not the zero polynomial (q is
    ring.one for a polynomial; rational constants keep their denominator in q)."""

    __slots__ = ("p", "q")

    def __init__(self, p, q=None) -> None:
        self.p, self.q = p, (p.ring.one if q is None else q)

    def _lift(self, other) -> "Frac":
        if isinstance(other, Frac):
            return other
        value = Fraction(other)
        ring = self.p.ring
        q = None if value.denominator == 1 else ring.ground_new(value.denominator)
        return Frac(ring.ground_new(value.numerator), q)

    def __add__(self, other):
        other = self._lift(other)
        if self.q == other.q:
            return Frac(self.p + other.p, self.q)
        if self.q.is_ground and other.q.is_ground:  # over the least common multiple of the numbers
            a, b = int(self.q.LC), int(other.q.LC)
            common = a * b // gcd(a, b)
            return Frac(self.p * (common // a) + other.p * (common // b), self.p.ring.ground_new(common))
        return Frac(_times(self.p, other.q) + _times(other.p, self.q), _times(self.q, other.q))

    __radd__ = __add__

    def __neg__(self):
        return Frac(-self.p, self.q)

    def __sub__(self, other):
        return self + (-self._lift(other))

    def __rsub__(self, other):
        return self._lift(other) + (-self)

    def __mul__(self, other):
        other = self._lift(other)
        one = self.p.ring.one
        if self.q == one and other.q == one:
            return Frac(_times(self.p, other.p))
        return Frac(_times(self.p, other.p), _times(self.q, other.q))

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = self._lift(other)
        if not other.p:
            raise ZeroDivisionError("a denominator is the zero polynomial")
        p, q = _times(self.p, other.q), _times(self.q, other.p)
        if q.is_ground and q.LC < 0:
            p, q = -p, -q
        return Frac(p, q)

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __pow__(self, k):
        k = int(k)
        if k < 0:
            return Frac(self.p.ring.one) / self**-k
        result = Frac(self.p.ring.one)
        for _ in range(k):  # each product checked against the cap
            result = result * self
        return result

    def equals(self, other: "Frac") -> bool:
        if self.q == other.q:
            return self.p == other.p
        return _times(self.p, other.q) == _times(other.p, self.q)


def _sum(ring, polys) -> object:
    """The sum of many polynomials, in one dictionary (much faster than repeated +)."""
    acc: dict = {}
    for p in polys:
        for m, c in p.items():
            acc[m] = acc.get(m, 0) + c
    out = ring.zero.copy()
    out.update((m, c) for m, c in acc.items() if c)
    return out


class RingMath:
    """The math module ListEvaluator and the catalog's forms call, over Frac."""

    def __init__(self, ring, pi) -> None:
        self.ring = ring
        self._pi = pi

    def Rational(self, p: int, q: int) -> Frac:
        return Frac(self.ring.ground_new(p), None if q == 1 else self.ring.ground_new(q))

    def Integer(self, v: int) -> Frac:
        return Frac(self.ring.ground_new(int(v)))

    @property
    def pi(self) -> Frac:
        return Frac(self._pi)

    def Add(self, *xs) -> Frac:
        fracs = [x if isinstance(x, Frac) else Frac(self.ring.one)._lift(x) for x in xs]
        plain = [x.p for x in fracs if x.q == self.ring.one]
        total = Frac(_sum(self.ring, plain))
        for x in fracs:
            if x.q != self.ring.one:
                total = total + x
        return total

    def Pow(self, base: Frac, exponent) -> Frac:
        if isinstance(exponent, Frac):
            if not (exponent.p.is_ground and exponent.q == self.ring.one):
                raise ValueError("a power whose exponent is not an integer")
            exponent = int(exponent.p.LC) if exponent.p else 0
        return base ** int(exponent)
