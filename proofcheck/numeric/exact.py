"""Exact arithmetic for confirming counterexamples: the functions.

`ExactMath` has the part of sympy's interface that the catalog's forms use, on
the values of exact_values.py (rationals where the expression allows, rigorous
intervals for irrational values, jets for derivatives), so every built-in is
still declared once. Powers, roots and exponentials are bounded by size: past
the bounds they become intervals, or the question is Undecided.
"""

from __future__ import annotations

from fractions import Fraction

from mpmath import iv

from ..language.signs import relation_holds
from .exact_matrix import ExactMatrix
from .exact_values import (_ONE_SIDED, Interval, Jet, Kink, Undecided, Undefined, _bounded_power,
                           _to_iv, reciprocal, sign_of)

# ---------------------------------------------------------------- functions


MAX_ROOT_BITS = 1 << 16  # larger integers get an interval instead of an exact root
MAX_ARG = iv.mpf(2) ** 32  # exp, sin and cos beyond this are bounded, not evaluated (mpmath would
# need a precision as large as the argument's exponent)


def _exp_iv(x):
    """exp of an interval; beyond MAX_ARG an end is bounded (0 or +inf), not computed."""
    if -MAX_ARG <= x.a and x.b <= MAX_ARG:
        return iv.exp(x)
    low = iv.mpf(0) if x.a < -MAX_ARG else iv.exp(min(x.a, MAX_ARG)).a  # exp increases
    high = iv.mpf("+inf") if x.b > MAX_ARG else iv.exp(max(x.b, -MAX_ARG)).b
    return iv.mpf([low.a, high.b])


def _trig_iv(fn, x):
    """sin or cos of an interval; [-1, 1] for an argument beyond MAX_ARG."""
    if -MAX_ARG <= x.a and x.b <= MAX_ARG:
        return fn(x)
    return iv.mpf([-1, 1])


def _iroot(k: int, n: int) -> int | None:
    """The exact integer n-th root of k >= 0, if k is a perfect n-th power (integer Newton
    iteration: floats would be off by far more than 1 beyond 2**53)."""
    if k < 2:
        return k
    if n >= k.bit_length() or k.bit_length() > MAX_ROOT_BITS:  # 1 < root < 2, or too large to try
        return None
    x = 1 << -(-k.bit_length() // n)  # >= the root
    while True:
        y = ((n - 1) * x + k // x ** (n - 1)) // n
        if y >= x:
            break
        x = y
    return x if x**n == k else None


def _root(q: Fraction, n: int) -> Fraction | None:
    """The exact rational n-th root of q >= 0, if there is one."""
    a = _iroot(q.numerator, n)
    b = _iroot(q.denominator, n) if a is not None else None
    return Fraction(a, b) if a is not None and b is not None else None


def _relation(op: str):
    """A relation of exact values; at a switch a moving jet takes the side its direction leads to."""

    def holds(a, b) -> bool:
        gap = a - b
        s = sign_of(gap)
        if s == 0 and isinstance(gap, Jet) and gap.moves():
            s = _branch(gap)
        return relation_holds(op, s)

    return staticmethod(holds)


class ExactMath:
    """The sympy-like module the catalog's forms are evaluated with."""

    pi = Interval(iv.mpf(iv.pi))
    undefined_errors = (Undefined, ZeroDivisionError)  # what `where` catches in a piece not taken
    Undecided = Undecided
    Lt, Le, Gt, Ge, Eq, Ne = (_relation(op) for op in ("<", "<=", ">", ">=", "==", "!="))

    @staticmethod
    def And(*flags) -> bool:
        return all(flags)

    @staticmethod
    def Piecewise(*pieces):
        """The value of the first piece whose condition holds (conditions are decided booleans)."""
        for value, condition in pieces:
            if condition:
                return value
        raise Undefined("no piece applies")

    @staticmethod
    def value_of(x):
        return x.v if isinstance(x, Jet) else x

    @staticmethod
    def Rational(p: int, q: int) -> Fraction:
        return Fraction(p, q)

    @staticmethod
    def Integer(n: int) -> Fraction:
        return Fraction(n)

    @staticmethod
    def Add(*xs):
        """The exact sum; rationals with the same denominator are added as integers first
        (the entries of a sampled point share a few power-of-two denominators)."""
        by_denominator: dict = {}
        rest = []
        for x in xs:
            if type(x) is Fraction:
                by_denominator[x.denominator] = by_denominator.get(x.denominator, 0) + x.numerator
            else:
                rest.append(x)
        total = Fraction(0)
        for denominator, numerator in by_denominator.items():
            total = total + Fraction(numerator, denominator)
        for x in rest:
            total = total + x
        return total

    @staticmethod
    def Mul(*xs):
        total = Fraction(1)
        for x in xs:
            total = total * x
        return total

    @staticmethod
    def Pow(a, b):
        if not isinstance(b, Fraction):  # a variable exponent (x**x in a jet, 2**x at an interval)
            if sign_of(a) <= 0:
                raise Undecided("a power with an inexact exponent of a base <= 0")
            return ExactMath.exp(b * ExactMath.log(a))
        if b.denominator == 1:
            if isinstance(a, (Fraction, int)):
                return _bounded_power(a, int(b))
            if b < 0:
                return reciprocal(a) ** int(-b)
            return a ** int(b)
        if isinstance(a, Jet):  # a**b = exp(b log a), for a > 0
            if sign_of(a.v) <= 0:
                raise Undecided("a fractional power at 0: the derivative may be infinite")
            v = ExactMath.Pow(a.v, b)
            return a.apply(v, b * v / a.v, b * (b - 1) * v / a.v / a.v)
        s = sign_of(a)
        if s < 0 or s == 0 and b < 0:
            raise Undefined("a fractional power of a negative number" if s < 0 else "division by zero")
        if s == 0:
            return Fraction(0)
        if isinstance(a, Fraction):
            root = _root(a, b.denominator)
            if root is not None:
                return _bounded_power(root, b.numerator)
        return Interval(_to_iv(a) ** (iv.mpf(b.numerator) / b.denominator))

    @staticmethod
    def exp(x):
        if isinstance(x, Jet):
            e = ExactMath.exp(x.v)
            return x.apply(e, e, e)
        if isinstance(x, Fraction) and x == 0:
            return Fraction(1)
        return Interval(_exp_iv(_to_iv(x)))

    @staticmethod
    def log(x):
        if isinstance(x, Jet):
            r = reciprocal(x.v)
            return x.apply(ExactMath.log(x.v), r, -r * r)
        if sign_of(x) <= 0:
            raise Undefined("log of a number <= 0")
        if isinstance(x, Fraction) and x == 1:
            return Fraction(0)
        return Interval(iv.log(_to_iv(x)))

    @staticmethod
    def sqrt(x):
        return ExactMath.Pow(x, Fraction(1, 2))

    @staticmethod
    def sin(x):
        if isinstance(x, Jet):
            s, c = ExactMath.sin(x.v), ExactMath.cos(x.v)
            return x.apply(s, c, -s)
        return Fraction(0) if isinstance(x, Fraction) and x == 0 else Interval(_trig_iv(iv.sin, _to_iv(x)))

    @staticmethod
    def cos(x):
        if isinstance(x, Jet):
            s, c = ExactMath.sin(x.v), ExactMath.cos(x.v)
            return x.apply(c, -s, -c)
        return Fraction(1) if isinstance(x, Fraction) and x == 0 else Interval(_trig_iv(iv.cos, _to_iv(x)))

    @staticmethod
    def tanh(x):
        if isinstance(x, Jet):
            t = ExactMath.tanh(x.v)
            d = 1 - t * t
            return x.apply(t, d, -2 * t * d)
        if isinstance(x, Fraction) and x == 0:
            return Fraction(0)
        return Interval(1 - 2 / (_exp_iv(2 * _to_iv(x)) + 1))

    @staticmethod
    def Abs(x):
        s = sign_of(x)
        if isinstance(x, Jet) and s == 0 and x.moves():
            s = _branch(x)
        return -x if s < 0 else x if s > 0 else (x if isinstance(x, Jet) else Fraction(0))

    @staticmethod
    def sign(x):
        s = sign_of(x)
        if isinstance(x, Jet):
            if s == 0 and x.moves():
                raise Undecided("sign jumps at 0")
            return Jet.lift(Fraction(s), len(x.g))
        return Fraction(s)

    @staticmethod
    def Max(*xs):
        return _extreme(xs, 1)

    @staticmethod
    def Min(*xs):
        return _extreme(xs, -1)

    @staticmethod
    def Matrix(n: int, m: int, flat: list) -> "ExactMatrix":
        return ExactMatrix(n, m, flat)


def _branch(x: "Jet") -> int:
    """At a kink of a moving jet: the side a one-sided derivative goes to, else Kink."""
    if not _ONE_SIDED[0]:
        raise Kink("a kink")
    side = sign_of(x.g[0])
    if side == 0:
        raise Undecided("a kink the first derivative cannot resolve")
    return side


def _extreme(xs, direction: int):
    best = xs[0]
    for x in xs[1:]:
        s = sign_of(x - best) * direction
        gap = x - best
        if s == 0 and isinstance(gap, Jet) and gap.moves():
            s = _branch(gap) * direction
        if s > 0:
            best = x
    return best


def decide(op: str, a, b) -> bool:
    """Whether `a op b` holds, exactly (Undecided if intervals cannot tell)."""
    s = sign_of(a - b)
    return relation_holds(op, s)
