"""Exact values for confirming counterexamples: rationals, rigorous intervals, jets.

Rationals (`Fraction`) wherever the expression allows; rigorous intervals
(mpmath's interval arithmetic, outward rounded) for irrational values such as
exp(1/3) and for powers too large to compute; jets (value, gradient, Hessian)
for derivatives. A value that is undefined at the point raises `Undefined`; a
question intervals cannot settle raises `Undecided`. exact.py has the functions.
"""

from __future__ import annotations

from fractions import Fraction

from mpmath import iv

iv.prec = 160


class Undefined(Exception):
    """The expression is undefined at this point (a counterexample, SPEC section 6)."""


class Undecided(Exception):
    """Exact arithmetic cannot settle the question here (so nothing is confirmed)."""


class Kink(Undecided):
    """A jet meets a kink (abs at 0, a tie in a max): the caller may retry one-sidedly."""


# Set while derivatives are taken one direction at a time (jets with one seed):
# a kink then takes the branch the direction leads into.
_ONE_SIDED = [False]


# ---------------------------------------------------------------- intervals


class Interval:
    """A closed interval that surely contains the true value."""

    __slots__ = ("x",)

    def __init__(self, x) -> None:
        self.x = x if isinstance(x, type(iv.mpf(0))) else _to_iv(x)

    def __add__(self, o):
        return NotImplemented if isinstance(o, Jet) else Interval(self.x + _to_iv(o))

    __radd__ = __add__

    def __sub__(self, o):
        return NotImplemented if isinstance(o, Jet) else Interval(self.x - _to_iv(o))

    def __rsub__(self, o):
        return Interval(_to_iv(o) - self.x)

    def __mul__(self, o):
        return NotImplemented if isinstance(o, Jet) else Interval(self.x * _to_iv(o))

    __rmul__ = __mul__

    def __truediv__(self, o):
        return NotImplemented if isinstance(o, Jet) else Interval(self.x / _nonzero(_to_iv(o)))

    def __rtruediv__(self, o):
        return Interval(_to_iv(o) / _nonzero(self.x))

    def __neg__(self):
        return Interval(-self.x)

    def __pow__(self, p):
        return Interval(self.x ** int(p))

    def __repr__(self) -> str:
        return f"Interval({self.x})"


def _to_iv(value):
    if isinstance(value, Interval):
        return value.x
    if isinstance(value, Fraction):
        return iv.mpf(value.numerator) / iv.mpf(value.denominator)
    if isinstance(value, int):
        return iv.mpf(value)
    if isinstance(value, type(iv.mpf(0))):
        return value
    raise TypeError(f"not an exact number: {value!r}")


def _nonzero(x):
    if x.a <= 0 <= x.b:
        if x.a == 0 == x.b:
            raise Undefined("division by zero")
        raise Undecided("a denominator too close to zero to tell")
    return x


def sign_of(value) -> int:
    """-1, 0 or 1, exactly; Undecided when an interval contains 0 and more."""
    if isinstance(value, (Fraction, int)):
        return (value > 0) - (value < 0)
    if isinstance(value, Jet):
        return sign_of(value.v)
    x = value.x
    if x.a > 0:
        return 1
    if x.b < 0:
        return -1
    if x.a == 0 == x.b:
        return 0
    raise Undecided("an interval contains zero")


# ---------------------------------------------------------------- bounded powers


# An exact power with more bits than this is a rigorous interval instead: a float
# exponent such as 2**x at x = 1000.5 or x**y at y = 10**6 must not raise a
# rational to a power with billions of digits (SPEC section 11: bounded memory).
MAX_POWER_BITS = 1 << 17
SMALL_JET_POWER = 8  # a larger power of a jet uses the chain rule, not repeated products


def _bits(q) -> int:
    return max(q.numerator.bit_length(), q.denominator.bit_length())


def _bounded_power(a, p: int):
    """a**p for an integer p, exactly while the result stays within MAX_POWER_BITS bits,
    else as a rigorous interval."""
    if isinstance(a, (Fraction, int)):
        a = Fraction(a)
        if p < 0:
            if a == 0:
                raise Undefined("division by zero")
            return Fraction(1) / _bounded_power(a, -p)
        if a in (0, 1, -1) or _bits(a) * p <= MAX_POWER_BITS:
            return a**p
        return Interval(_to_iv(a) ** p)
    return a**p


# ---------------------------------------------------------------- jets


class Jet:
    """A value with its gradient and Hessian in k seed directions."""

    __slots__ = ("v", "g", "h")

    def __init__(self, v, g: tuple, h: tuple) -> None:
        self.v, self.g, self.h = v, g, h

    @staticmethod
    def seed(v, k: int, i: int) -> "Jet":
        zero = Fraction(0)
        g = tuple(Fraction(int(j == i)) for j in range(k))
        return Jet(v, g, tuple((zero,) * k for _ in range(k)))

    @staticmethod
    def lift(c, k: int) -> "Jet":
        zero = Fraction(0)
        return Jet(c, (zero,) * k, tuple((zero,) * k for _ in range(k)))

    def _k(self) -> int:
        return len(self.g)

    def _other(self, o) -> "Jet":
        return o if isinstance(o, Jet) else Jet.lift(o, self._k())

    def __add__(self, o):
        o = self._other(o)
        return Jet(self.v + o.v, tuple(a + b for a, b in zip(self.g, o.g)),
                   tuple(tuple(a + b for a, b in zip(r, s)) for r, s in zip(self.h, o.h)))

    __radd__ = __add__

    def __neg__(self):
        return Jet(-self.v, tuple(-a for a in self.g), tuple(tuple(-a for a in r) for r in self.h))

    def __sub__(self, o):
        return self + (-self._other(o))

    def __rsub__(self, o):
        return self._other(o) - self

    def __mul__(self, o):
        o = self._other(o)
        k = self._k()
        g = tuple(self.v * o.g[i] + o.v * self.g[i] for i in range(k))
        h = tuple(tuple(self.v * o.h[i][j] + o.v * self.h[i][j] + self.g[i] * o.g[j] + o.g[i] * self.g[j]
                        for j in range(k)) for i in range(k))
        return Jet(self.v * o.v, g, h)

    __rmul__ = __mul__

    def __truediv__(self, o):
        return self * reciprocal(self._other(o))

    def __rtruediv__(self, o):
        return self._other(o) * reciprocal(self)

    def __pow__(self, p):
        p = int(p)
        if p < 0:
            return reciprocal(self) ** (-p)
        if p > SMALL_JET_POWER:  # the chain rule, with each power bounded (ExactMath.Pow)
            v = self.v
            return self.apply(_bounded_power(v, p), p * _bounded_power(v, p - 1),
                              p * (p - 1) * _bounded_power(v, p - 2))
        result = Jet.lift(Fraction(1), self._k())
        for _ in range(p):
            result = result * self
        return result

    def apply(self, f0, f1, f2) -> "Jet":
        """The chain rule: f(v), f'(v), f''(v) given."""
        k = self._k()
        g = tuple(f1 * a for a in self.g)
        h = tuple(tuple(f1 * self.h[i][j] + f2 * self.g[i] * self.g[j] for j in range(k)) for i in range(k))
        return Jet(f0, g, h)

    def moves(self) -> bool:
        """Whether any derivative part is nonzero (so a kink here matters)."""
        return any(sign_of(a) != 0 for a in self.g) or any(sign_of(a) != 0 for r in self.h for a in r)


def reciprocal(x):
    if isinstance(x, Jet):
        if sign_of(x.v) == 0:
            raise Undefined("division by zero")
        inv = reciprocal(x.v)
        return x.apply(inv, -inv * inv, 2 * inv * inv * inv)
    if isinstance(x, Interval):
        return Fraction(1) / x
    if x == 0:
        raise Undefined("division by zero")
    return Fraction(1) / x
