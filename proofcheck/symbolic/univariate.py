"""One real variable, decided exactly by real-root isolation.

The difference lhs - rhs is a rational function of x, or piecewise one through
abs, max and min. Every place where its sign can change is a real root of a
numerator or denominator of a piece or of a switch (the argument of abs, the
difference of two arguments of max or min): those roots are isolated exactly
(algebraic.py), and between two consecutive ones every piece and every switch
keeps its sign. So the relation holds everywhere iff it holds at each root and
at one rational point of each interval between them (and at the domain's
closed ends). Otherwise one of those points is an exact counterexample:
rational (x = 7, x = 1/3) or algebraic (x = sqrt(2)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import sympy as sp

from ..language.signs import relation_holds
from .algebraic import Algebraic, Unsure, real_roots

MAX_PIECES = 64


class Undecided(Exception):
    """Not a rational function of one variable (or past a cap)."""


@dataclass
class Interval:
    lo: object = None  # sp.Rational or None (-oo)
    hi: object = None
    lo_open: bool = True
    hi_open: bool = True
    exclude: tuple = ()  # points outside the domain (0 for `nonzero`)


@dataclass
class Decision:
    holds: bool
    lines: list = field(default_factory=list)
    point: Algebraic | None = None  # the counterexample when not holds


class Piecewise:
    """A one-variable expression with its abs/max/min resolved by the signs of its switches."""

    def __init__(self, expr, x) -> None:
        self.expr, self.x = expr, x
        self.kinks = sorted(expr.atoms(sp.Abs, sp.Max, sp.Min), key=sp.default_sort_key)
        if any(k.args[0].atoms(sp.Abs, sp.Max, sp.Min) if isinstance(k, sp.Abs) else
               any(a.atoms(sp.Abs, sp.Max, sp.Min) for a in k.args) for k in self.kinks):
            raise Undecided("nested abs, max or min")
        choices = [(k.args[0], -k.args[0]) if isinstance(k, sp.Abs) else k.args for k in self.kinks]
        combos = 1
        for c in choices:
            combos *= len(c)
        if combos > MAX_PIECES:
            raise Undecided("too many pieces")
        self.choices = choices
        self.pieces = {combo: self._fraction(expr.xreplace(dict(zip(self.kinks, combo)))) for combo in product(*choices)}
        self.switches = [self._fraction(a - b) for c in choices for i, a in enumerate(c) for b in c[i + 1:]]

    def _fraction(self, e) -> tuple:
        numerator, denominator = sp.fraction(sp.cancel(sp.together(e)))
        try:
            return sp.Poly(numerator, self.x, domain="QQ"), sp.Poly(denominator, self.x, domain="QQ")
        except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
            raise Undecided("not a rational function") from None

    def polys(self) -> list:
        return [p for n, d in list(self.pieces.values()) + self.switches for p in (n, d)]

    def sign_at(self, point: Algebraic) -> int | None:
        """The sign of the expression at the point, exactly; None where it is undefined."""
        combo = []
        for kink, options in zip(self.kinks, self.choices):
            values = [self._sign(self._fraction(o), point) for o in options]
            if any(v is None for v in values):
                return None
            combo.append(options[self._pick(kink, options, point)])
        return self._sign(self.pieces[tuple(combo)], point)

    def _pick(self, kink, options, point) -> int:
        """Which option abs/max/min takes at the point (any of equal ones)."""
        best = 0
        for i in range(1, len(options)):
            s = self._sign(self._fraction(options[i] - options[best]), point)
            if s is not None and (s > 0 if not isinstance(kink, sp.Min) else s < 0):
                best = i
        return best

    @staticmethod
    def _sign(fraction: tuple, point: Algebraic) -> int | None:
        n, d = fraction
        sd = point.sign_of(d)
        return None if sd == 0 else point.sign_of(n) * sd


def simplest_between(lo, hi):
    """The rational with the least denominator strictly between lo < hi (0, else the
    integer nearest 0, when there is one): Stern-Brocot."""
    if lo < 0 < hi:
        return sp.Integer(0)
    if hi <= 0:
        return -simplest_between(-hi, -lo)
    n = sp.floor(lo) + 1
    if n < hi:
        return sp.Integer(n)
    f = n - 1
    if lo == f:
        return f + 1 / (sp.floor(1 / (hi - f)) + 1)
    return f + 1 / simplest_between(1 / (hi - f), 1 / (lo - f))


def test_points(roots: list, domain: Interval, x) -> list:
    """(kind, point): the domain's closed ends, each root inside it, and one rational
    point in each open interval between consecutive ones. An excluded point inside the
    domain (0 for `nonzero`) splits the line too, without being tested: the sign may
    change there, so each side needs its own point."""
    inside = [r for r in roots if _inside(r, domain)]
    ends = [Algebraic.rational(v, x) for v, is_open in ((domain.lo, domain.lo_open), (domain.hi, domain.hi_open))
            if v is not None and not is_open and v not in domain.exclude]
    marks = sorted([r for r in inside if not any(r.is_rational and r.lo == e.lo for e in ends)] + ends,
                   key=lambda a: a.approx())
    holes = [Algebraic.rational(v, x) for v in domain.exclude
             if _inside(Algebraic.rational(v, x), Interval(domain.lo, domain.hi, domain.lo_open, domain.hi_open))]
    out = [("root", r, f"at {r.text()}") for r in marks]
    marks = sorted(marks + [h for h in holes if not any(m.is_rational and m.lo == h.lo for m in marks)],
                   key=lambda a: a.approx())
    bounds = [None] + marks + [None]
    for left, right in zip(bounds, bounds[1:]):
        lo = domain.lo if left is None else None
        hi = domain.hi if right is None else None
        if left is not None:
            lo = left.hi
        if right is not None:
            hi = right.lo
        while left is not None and right is not None and not lo < hi:
            left.refine()
            right.refine()
            lo, hi = left.hi, right.lo
        if lo is not None and hi is not None and not lo < hi:
            continue
        low = lo if lo is not None else (hi - 2 - abs(hi) if hi is not None else sp.Integer(-1))
        high = hi if hi is not None else low + 3 + abs(low)
        q = simplest_between(low, high)
        if q in domain.exclude:
            q = simplest_between(q, high)
        span = (f"on ({'-oo' if left is None and domain.lo is None else left.text() if left else domain.lo}, "
                f"{'oo' if right is None and domain.hi is None else right.text() if right else domain.hi})")
        out.append(("cell", Algebraic.rational(q, x), span))
    return out


def _inside(r: Algebraic, domain: Interval) -> bool:
    if r.is_rational and r.lo in domain.exclude:
        return False
    if domain.lo is not None:
        s = r.compare(domain.lo)
        if s < 0 or (s == 0 and domain.lo_open):
            return False
    if domain.hi is not None:
        s = r.compare(domain.hi)
        if s > 0 or (s == 0 and domain.hi_open):
            return False
    return True


def decide(difference, x, op: str, domain: Interval) -> Decision | None:
    """Whether `difference op 0` for every x in the domain, with the points that show it;
    None when that cannot be decided this way (or some point is undefined)."""
    try:
        piecewise = Piecewise(difference, x)
        roots = real_roots([p for p in piecewise.polys() if not p.is_zero], x)
        points = test_points(roots, domain, x)
        signs = [(kind, point, piecewise.sign_at(point), span) for kind, point, span in points]
    except (Undecided, Unsure):
        return None
    failing = [(kind, point) for kind, point, s, _ in signs if s is not None and not relation_holds(op, s)]
    if failing:
        failing.sort(key=lambda f: (not f[1].is_rational, f[0] == "root", _height(f[1]), f[1].approx() < 0))
        return Decision(False, _lines(roots, signs, x), failing[0][1])
    if any(s is None for _, _, s, _ in signs):
        return None
    return Decision(True, _lines(roots, signs, x))


def _height(point: Algebraic) -> int:
    value = point.lo if point.is_rational else sp.Rational(10**9)
    return max(abs(sp.Rational(value).p), sp.Rational(value).q)


def _lines(roots: list, signs: list, x) -> list:
    names = {1: "+", -1: "-", 0: "0", None: "undefined"}
    shown = ", ".join(r.text() for r in roots[:12]) + (" ..." if len(roots) > 12 else "")
    first = f"real-root isolation in {x}: the critical points are {shown}" if roots else \
        f"real-root isolation in {x}: no real critical point"
    marks = sorted(signs, key=lambda s: s[1].approx())
    table = "; ".join(f"{span}: {names[s]}" + (f" (at {point.text()})" if kind == "cell" else "")
                      for kind, point, s, span in marks[:25])
    return [first, f"sign of the difference: {table}"]
