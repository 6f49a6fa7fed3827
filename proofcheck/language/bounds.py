"""Interval arithmetic with open and closed ends, over exact rationals (pure Python).

A Bound is a set that contains every value an entry may take: `(0, 1)`,
`[0, 1)`, `(1, inf)`. It refines a sign (`b1` in [0, 1) makes `1 - b1**2` lie
in (0, 1], hence nonzero), and both engines' sign analyses share it. Every
operation is sound by construction: its result contains every value of the
operation on values in the operands (where the operation is defined; a
division by a value that may be 0 is a definedness side goal, not a bound).
Ends grow at most to MAX_BITS bits: a larger end is widened to a simpler one
of the same sign, so nested powers cannot blow up.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .signs import NEG, NONNEG, NONPOS, POS, UNKNOWN, ZERO

MAX_BITS = 2048  # of an end's numerator or denominator


@dataclass(frozen=True)
class Bound:
    """lo..hi; None is an infinite end (always open)."""

    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_open: bool = True
    hi_open: bool = True

    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or self.lo == self.hi and (self.lo_open or self.hi_open)

    def has_neg(self) -> bool:
        return self.lo is None or self.lo < 0

    def has_pos(self) -> bool:
        return self.hi is None or self.hi > 0

    def has_zero(self) -> bool:
        above = self.lo is None or self.lo < 0 or self.lo == 0 and not self.lo_open
        below = self.hi is None or self.hi > 0 or self.hi == 0 and not self.hi_open
        return above and below

    def sign(self) -> frozenset:
        """The signs the values may have (empty for an empty bound)."""
        if self.empty():
            return frozenset()
        return frozenset(s for s, present in ((-1, self.has_neg()), (0, self.has_zero()), (1, self.has_pos()))
                         if present)

    def __str__(self) -> str:
        left = "(-inf" if self.lo is None else ("(" if self.lo_open else "[") + str(self.lo)
        right = "inf)" if self.hi is None else str(self.hi) + (")" if self.hi_open else "]")
        return f"{left}, {right}"


ANY = Bound()


def point(c: Fraction) -> Bound:
    c = Fraction(c)
    return Bound(c, c, False, False)


def of_sign(sign: frozenset) -> Bound:
    """The smallest bound that holds every value of a sign."""
    if sign == ZERO:
        return point(Fraction(0))
    if sign == POS:
        return Bound(Fraction(0), None, True)
    if sign == NONNEG:
        return Bound(Fraction(0), None, False)
    if sign == NEG:
        return Bound(None, Fraction(0), True, True)
    if sign == NONPOS:
        return Bound(None, Fraction(0), True, False)
    return ANY


_NAMED = {"positive": POS, "nonnegative": NONNEG, "negative": NEG, "nonpositive": NONPOS}


def of_domain(domain) -> Bound:
    """The bound of a model.Domain (nonzero and integer give none: they are not intervals)."""
    if domain.kind == "interval":
        return Bound(domain.lo, domain.hi, domain.lo is None or domain.lo_open,
                     domain.hi is None or domain.hi_open)
    return of_sign(_NAMED.get(domain.kind, UNKNOWN))


def meet(a: Bound, b: Bound) -> Bound:
    """Both hold: the intersection (empty when they contradict each other)."""
    lo, lo_open = a.lo, a.lo_open
    if b.lo is not None and (lo is None or b.lo > lo or b.lo == lo and b.lo_open):
        lo, lo_open = b.lo, b.lo_open
    hi, hi_open = a.hi, a.hi_open
    if b.hi is not None and (hi is None or b.hi < hi or b.hi == hi and b.hi_open):
        hi, hi_open = b.hi, b.hi_open
    return Bound(lo, hi, lo_open, hi_open)


def hull(a: Bound, b: Bound) -> Bound:
    """Either holds: the smallest bound containing both."""
    if a.empty():
        return b
    if b.empty():
        return a
    if a.lo is None or b.lo is None:
        lo, lo_open = None, True
    elif a.lo != b.lo:
        lo, lo_open = (a.lo, a.lo_open) if a.lo < b.lo else (b.lo, b.lo_open)
    else:
        lo, lo_open = a.lo, a.lo_open and b.lo_open
    if a.hi is None or b.hi is None:
        hi, hi_open = None, True
    elif a.hi != b.hi:
        hi, hi_open = (a.hi, a.hi_open) if a.hi > b.hi else (b.hi, b.hi_open)
    else:
        hi, hi_open = a.hi, a.hi_open and b.hi_open
    return Bound(lo, hi, lo_open, hi_open)


def negate(a: Bound) -> Bound:
    return Bound(None if a.hi is None else -a.hi, None if a.lo is None else -a.lo, a.hi_open, a.lo_open)


def add(a: Bound, b: Bound) -> Bound:
    lo = None if a.lo is None or b.lo is None else a.lo + b.lo
    hi = None if a.hi is None or b.hi is None else a.hi + b.hi
    return _capped(Bound(lo, hi, a.lo_open or b.lo_open, a.hi_open or b.hi_open))


def sub(a: Bound, b: Bound) -> Bound:
    return add(a, negate(b))


_INF = float("inf")


def _ends(a: Bound) -> list:
    """(value, attained) of each end; infinite ends as +-inf, never attained."""
    return [(-_INF, False) if a.lo is None else (a.lo, not a.lo_open),
            (_INF, False) if a.hi is None else (a.hi, not a.hi_open)]


def mul(a: Bound, b: Bound) -> Bound:
    """Products of the corners; 0 times an infinite end is 0 (the values themselves are finite)."""
    if a.empty() or b.empty():
        return Bound(Fraction(1), Fraction(0))
    corners = []
    for x, x_in in _ends(a):
        for y, y_in in _ends(b):
            if x == 0 or y == 0:
                corners.append((Fraction(0), x_in and y_in or x == 0 and x_in or y == 0 and y_in))
            else:
                corners.append((x * y, x_in and y_in))
    low = min(v for v, _ in corners)
    high = max(v for v, _ in corners)
    lo_in = any(v == low and attained for v, attained in corners)
    hi_in = any(v == high and attained for v, attained in corners)
    return _capped(Bound(None if low == -_INF else low, None if high == _INF else high, not lo_in, not hi_in))


def reciprocal(a: Bound) -> Bound:
    """1/x for the nonzero x in a."""
    if a.empty():
        return a
    if a.has_neg() and a.has_pos():
        return ANY
    if not a.has_neg():  # a >= 0: values in (0, hi]
        if a.hi is None:
            lo, lo_open = Fraction(0), True
        elif a.hi == 0:
            return ANY  # only 0: nowhere defined
        else:
            lo, lo_open = 1 / a.hi, a.hi_open
        hi, hi_open = (None, True) if a.lo == 0 else (1 / a.lo, a.lo_open)
        return _capped(Bound(lo, hi, lo_open, hi_open))
    return negate(reciprocal(negate(a)))


def divide(a: Bound, b: Bound) -> Bound:
    return mul(a, reciprocal(b))


def absolute(a: Bound) -> Bound:
    if not a.has_neg():
        return a
    if not a.has_pos():
        return negate(a)
    top = hull(negate(Bound(a.lo, Fraction(0), a.lo_open, False)), Bound(Fraction(0), a.hi, False, a.hi_open))
    return Bound(Fraction(0), top.hi, False, top.hi_open)


def power(a: Bound, p: Fraction) -> Bound:
    """x**p for a constant rational p (a fractional power only of x >= 0, where it is defined)."""
    if a.empty():
        return a
    if p == 0:
        return point(Fraction(1))
    if p.denominator != 1:
        base = meet(a, Bound(Fraction(0), None, False))
        if base.empty():
            return ANY
        if p < 0:
            return reciprocal(_root_power(base, -p))
        return _root_power(base, p)
    if p < 0:
        return reciprocal(power(a, -p))
    k = int(p)
    if k % 2 == 1 or not a.has_neg():
        return _monotone(a, k)
    if not a.has_pos():
        return _monotone(negate(a), k)
    return _monotone(absolute(a), k)


def _monotone(a: Bound, k: int) -> Bound:
    """x**k for an increasing x -> x**k on a (k odd, or a >= 0)."""
    return _capped(Bound(_pow_end(a.lo, k), _pow_end(a.hi, k), a.lo_open, a.hi_open))


def _pow_end(x: Fraction | None, k: int) -> Fraction | None:
    if x is None:
        return None
    bits = max(x.numerator.bit_length(), x.denominator.bit_length()) * k
    if bits > 4 * MAX_BITS:
        return _huge(x, k)
    return x**k


def _huge(x: Fraction, k: int) -> Fraction | None:
    """A stand-in for x**k too large to compute; _capped widens it by sign and size."""
    if abs(x) >= 1:
        return Fraction(1 << (4 * MAX_BITS)) * (1 if x > 0 or k % 2 == 0 else -1)
    return Fraction(1, 1 << (4 * MAX_BITS)) * (1 if x > 0 or k % 2 == 0 else -1)


def _root_power(a: Bound, p: Fraction) -> Bound:
    """x**p for x >= 0 and a positive non-integer p: between x and 1 for p < 1, beyond them for p > 1."""
    lo, hi = a.lo, a.hi
    if p < 1:  # min(x, 1) <= x**p <= max(x, 1)
        low = (lo, a.lo_open) if lo < 1 else (Fraction(1), lo > 1 or a.lo_open)
        high = (None, True) if hi is None else (hi, a.hi_open) if hi > 1 else (Fraction(1), hi < 1 or a.hi_open)
    else:  # x**p <= x for x <= 1, >= x for x >= 1
        low = (lo, a.lo_open) if lo >= 1 else (Fraction(0), not (lo == 0 and not a.lo_open))
        high = (hi, a.hi_open) if hi is not None and hi <= 1 else (None, True)
    return Bound(low[0], high[0], low[1], high[1])


def _capped(a: Bound) -> Bound:
    """Ends with more than MAX_BITS bits widened to simpler ones of the same sign."""
    lo, lo_open, hi, hi_open = a.lo, a.lo_open, a.hi, a.hi_open
    if lo is not None and _bits(lo) > MAX_BITS:
        lo, lo_open = ((Fraction(1), False) if lo >= 1 else (Fraction(0), True) if lo > 0
                       else (Fraction(-1), False) if lo >= -1 else (None, True))
    if hi is not None and _bits(hi) > MAX_BITS:
        hi, hi_open = ((Fraction(-1), False) if hi <= -1 else (Fraction(0), True) if hi < 0
                       else (Fraction(1), False) if hi <= 1 else (None, True))
    return Bound(lo, hi, lo_open, hi_open)


def _bits(x: Fraction) -> int:
    return max(x.numerator.bit_length(), x.denominator.bit_length())
