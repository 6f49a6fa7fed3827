"""Removing sqrt, abs, max and min from a sympy expression: each becomes a new
variable with the facts that define it, so that what is left is polynomial.

- r = T**(1/k) (sqrt, cube roots, sqrt(2)): r >= 0 and r**k == T;
- m = max(a_1, ..., a_k): m >= a_i for each i, and m is one of them (by cases);
- min likewise; a = abs(t) is max(t, -t), with a**2 == t**2 besides;
- pi: a variable between 3.14159 and 3.14160.

Every fact holds wherever the expression is defined (the definedness side
goals, shown before any tactic, say T >= 0 under a root), so a proof about
the lifted expression under these facts is a proof about the original.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from .evaluate import as_sympy

MAX_ATOMS = 24
MAX_ROOT_INDEX = 4
PI_LOW, PI_HIGH = sp.Rational(314159, 100000), sp.Rational(314160, 100000)


class NotLiftable(Exception):
    """Something other than arithmetic, roots, abs, max and min (exp, log, ...)."""


@dataclass
class Atom:
    symbol: sp.Symbol
    kind: str  # root | max | min | pi
    args: tuple  # root: (T, k); max/min: the candidates
    text: str  # what it stands for, as written by sympy
    abs_of: object = None  # for abs(t): t


class Lifter:
    """Lifts expressions one after another, sharing the atoms they have in common."""

    def __init__(self) -> None:
        self.atoms: dict = {}  # original sympy subexpression -> Atom
        self.hypotheses: list = []  # (expr, label): expr >= 0
        self.equations: list = []  # (expr, label): expr == 0

    def __call__(self, expr):
        return self._lift(as_sympy(expr) if isinstance(expr, int) else expr)

    def _lift(self, e):
        if e.is_Rational or e.is_Symbol:
            return e
        if e is sp.pi:
            return self._atom(e, "pi", (), lambda s: [(s - PI_LOW, f"pi >= {PI_LOW}"),
                                                         (PI_HIGH - s, f"pi <= {PI_HIGH}")])
        if e.is_Add or e.is_Mul:
            return e.func(*[self._lift(a) for a in e.args])
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sp.Abs):
            t = self._lift(e.args[0])
            return self._atom(e, "max", (t, -t), lambda s: [(s - t, f"{s} >= {_short(t)}"),
                                                           (s + t, f"{s} >= {_short(-t)}")], abs_of=t)
        if isinstance(e, (sp.Max, sp.Min)):
            args = tuple(self._lift(a) for a in e.args)
            kind = "max" if isinstance(e, sp.Max) else "min"
            sign = 1 if kind == "max" else -1
            return self._atom(e, kind, args, lambda s: [(sign * (s - a), f"{s} {'>=' if sign > 0 else '<='} {_short(a)}")
                                                       for a in args])
        raise NotLiftable(type(e).__name__)

    def _pow(self, e):
        base, exponent = e.args
        if exponent.is_Integer:
            return self._lift(base) ** exponent
        if not exponent.is_Rational or exponent.q > MAX_ROOT_INDEX:
            raise NotLiftable("power")
        t = self._lift(base)
        k = int(exponent.q)
        root = sp.Pow(base, sp.Rational(1, k))
        r = self._atom(root, "root", (t, k), lambda s: [], root_of=(t, k))
        return r ** int(exponent.p)

    def _atom(self, original, kind: str, args: tuple, hyps, abs_of=None, root_of=None):
        if original in self.atoms:
            return self.atoms[original].symbol
        if len(self.atoms) >= MAX_ATOMS:
            raise NotLiftable("too many roots, abs, max and min")
        name = _short(original)
        taken = {a.text for a in self.atoms.values()}
        if name in taken:  # a long text cut short can repeat: each atom needs its own variable
            name = f"{name} #{len(self.atoms) + 1}"
        symbol = sp.Symbol(name, real=True, nonnegative=True) if kind in ("root", "pi") or abs_of is not None \
            else sp.Symbol(name, real=True)
        self.atoms[original] = Atom(symbol, kind, args, name, abs_of)
        self.hypotheses.extend(hyps(symbol))
        if root_of is not None or abs_of is not None:
            self.hypotheses.append((symbol, f"{name} >= 0"))
        if root_of is not None:
            t, k = root_of
            self.equations.append((symbol**k - t, f"({name})**{k} = {_short(t)}"))
        if abs_of is not None:
            self.equations.append((symbol**2 - abs_of**2, f"({name})**2 = ({_short(abs_of)})**2"))
        return symbol

    def kinks(self) -> list:
        """The max and min atoms (abs included), innermost first."""
        return [a for a in self.atoms.values() if a.kind in ("max", "min")]

    def roots(self) -> list:
        return [a for a in self.atoms.values() if a.kind == "root"]


class _Printer(sp.printing.str.StrPrinter):
    """sympy's text, with |t|, max(...) and min(...) as the claim language writes them."""

    def _print_Abs(self, e):
        return f"|{self._print(e.args[0])}|"

    def _print_Max(self, e):
        return "max(" + ", ".join(self._print(a) for a in e.args) + ")"

    def _print_Min(self, e):
        return "min(" + ", ".join(self._print(a) for a in e.args) + ")"


def text(e) -> str:
    return _Printer({"order": None}).doprint(e)


def _short(e, width: int = 60) -> str:
    shown = text(e)
    return shown if len(shown) <= width else shown[: width - 3] + "..."
