"""Exact arithmetic for confirming counterexamples.

Rationals (`Fraction`) wherever the expression allows; rigorous intervals
(mpmath's interval arithmetic, outward rounded) for irrational values such as
exp(1/3); jets (value, gradient, Hessian) for derivatives. `ExactMath` has the
part of sympy's interface that the catalog's forms use, so every built-in is
still declared once. A value that is undefined at the point raises
`Undefined`; a question intervals cannot settle raises `Undecided`.
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


# ---------------------------------------------------------------- functions


MAX_ROOT_BITS = 1 << 16  # larger integers get an interval instead of an exact root
# An exact power with more bits than this is a rigorous interval instead: a float
# exponent such as 2**x at x = 1000.5 or x**y at y = 10**6 must not raise a
# rational to a power with billions of digits (SPEC section 11: bounded memory).
MAX_POWER_BITS = 1 << 17
SMALL_JET_POWER = 8  # a larger power of a jet uses the chain rule, not repeated products
MAX_ARG = iv.mpf(2) ** 32  # exp, sin and cos beyond this are bounded, not evaluated (mpmath would
# need a precision as large as the argument's exponent)


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
        return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "==": s == 0, "!=": s != 0}[op]

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


class ExactMatrix:
    """Enough of sympy's Matrix for det and inv, by Gaussian elimination."""

    def __init__(self, n: int, m: int, flat: list) -> None:
        self.shape = (n, m)
        self.rows = [list(flat[i * m:(i + 1) * m]) for i in range(n)]

    def __iter__(self):
        return (x for row in self.rows for x in row)

    def _eliminate(self, augment: list | None):
        n = self.shape[0]
        a = [row[:] + (augment[i][:] if augment else []) for i, row in enumerate(self.rows)]
        det = Fraction(1)
        for col in range(n):
            pivot = None
            for r in range(col, n):
                if sign_of(a[r][col]) != 0:
                    pivot = r
                    break
            if pivot is None:
                return Fraction(0), None
            if pivot != col:
                a[col], a[pivot] = a[pivot], a[col]
                det = -det
            p = a[col][col]
            det = det * p
            for r in range(n):
                if r != col and sign_of(a[r][col]) != 0:
                    factor = a[r][col] / p
                    a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
        return det, a

    def det(self, method: str = ""):
        if any(isinstance(x, Jet) for x in self):
            return _laplace(self.rows)
        return self._eliminate(None)[0]

    def inv(self, method: str = "") -> "ExactMatrix":
        n = self.shape[0]
        identity = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
        _, a = self._eliminate(identity)
        if a is None:
            raise Undefined("inverse of a singular matrix")
        flat = [a[i][n + j] / a[i][i] for i in range(n) for j in range(n)]
        return ExactMatrix(n, n, flat)


def _laplace(rows: list):
    """A determinant without division (pivoting on values would lose derivatives)."""
    n = len(rows)
    if n > 6:
        raise Undecided("the derivative of a large determinant")
    if n == 1:
        return rows[0][0]
    total = Fraction(0)
    for j in range(n):
        minor = [row[:j] + row[j + 1:] for row in rows[1:]]
        term = rows[0][j] * _laplace(minor)
        total = total + term if j % 2 == 0 else total - term
    return total


def decide(op: str, a, b) -> bool:
    """Whether `a op b` holds, exactly (Undecided if intervals cannot tell)."""
    s = sign_of(a - b)
    return {"==": s == 0, "!=": s != 0, "<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0}[op]
