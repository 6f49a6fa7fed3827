"""Exact values at one size on sympy's sparse polynomial rings (sympy.polys.rings).

Every entry is a quotient P / Q of polynomials with integer coefficients in the
entries of the symbols (a symmetric, psd or pd matrix as any symmetric one: an
identity for all of them holds for psd ones too), in pi, and in one generator
per entry of each atom (an elementwise function of entries, as independent of
everything else: an identity that holds so holds for their true values).
Derivatives differentiate the polynomials, with the chain rule through atoms.
No expression tree is expanded; nothing here simplifies by guessing.
"""

from __future__ import annotations

import time

import sympy as sp
from sympy.polys.domains import ZZ
from sympy.polys.rings import PolyRing

from ..exact.listarray import ListArray
from ..exact.listeval import ListEvaluator
from ..language import ir
from ..language.catalog import CATALOG, even_power_of_kink
from ..language.typecheck import ShapeChecker
from .polyfrac import Frac, RingMath, TooLarge


class RingModel:
    """The ring at one combination of dims, with the symbols' values and the atoms' generators."""

    def __init__(self, symbols: dict, dims: dict, atoms: list, uses_pi: bool) -> None:
        names: list = []
        self.values_of: dict = {}  # symbol -> list of generator positions (or None for a zero)
        self.entries: dict = {}  # symbol -> generator positions of its independent entries
        self.shapes: dict = {}
        for name, symbol in symbols.items():
            shape = symbol.concrete_shape(dims)
            self.shapes[name] = shape
            self.values_of[name] = self._layout(name, symbol.structure, shape, names)
        self.pi_index = len(names) if uses_pi else None
        if uses_pi:
            names.append("pi")
        checker = ShapeChecker(symbols, dims)
        self.atom_gens: dict = {}  # atom -> (shape, first generator position)
        self.atom_start = len(names)
        for atom in atoms:
            shape = checker.value(atom)
            self.atom_gens[atom] = (shape, len(names))
            count = 1
            for d in shape:
                count *= d
            names.extend(f"a{len(self.atom_gens)}[{i}]" for i in range(count))
        self.ring = PolyRing([sp.Symbol(f"g{i}") for i in range(len(names))] or [sp.Symbol("g0")], ZZ)
        self.gens = self.ring.gens
        self.atom_of: dict = {}  # generator position -> (atom, flat index)
        for atom, (shape, start) in self.atom_gens.items():
            for i in range(_count(shape)):
                self.atom_of[start + i] = (atom, i)

    def _layout(self, name: str, structure, shape: tuple, names: list) -> list:
        def new() -> int:
            names.append(name)
            return len(names) - 1

        if len(shape) < 2 or structure is None:
            positions = [new() for _ in range(_count(shape))]
            self.entries[name] = positions
            return positions
        n = shape[0]
        if structure == "diagonal":
            diagonal = [new() for _ in range(n)]
            return [diagonal[i] if i == j else None for i in range(n) for j in range(n)]
        upper = {(i, j): new() for i in range(n) for j in range(i, n)}  # symmetric, psd, pd: any symmetric
        return [upper[min(i, j), max(i, j)] for i in range(n) for j in range(n)]

    def value(self, name: str) -> ListArray:
        zero = Frac(self.ring.zero)
        return ListArray(self.shapes[name], [zero if g is None else Frac(self.gens[g]) for g in self.values_of[name]])


def _count(shape: tuple) -> int:
    total = 1
    for d in shape:
        total *= d
    return total


class RingEvaluator(ListEvaluator):
    """The value of each node at one size: ListArrays of Frac."""

    def __init__(self, model: RingModel, dims: dict, derivatives: dict, deadline: float | None = None) -> None:
        values = {name: model.value(name) for name in model.shapes}
        pi = model.gens[model.pi_index] if model.pi_index is not None else None
        super().__init__(values, dims, RingMath(model.ring, pi), _differentiate)
        self.model = model
        self.derivatives = derivatives  # atom -> the expression of its derivative in its argument
        self.deadline = deadline
        self._datom: dict = {}

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TooLarge("out of the time for this check")

    def __call__(self, expr: ir.Expr) -> ListArray:
        self.check_time()
        return super().__call__(expr)

    def _atom(self, node: ir.Expr) -> ListArray:
        shape, start = self.model.atom_gens[node]
        return ListArray(shape, [Frac(self.model.gens[start + i]) for i in range(_count(shape))])

    def _binary(self, expr: ir.Bin) -> ListArray:
        if expr.op == "**" and even_power_of_kink(expr) is None:
            p = ir.exponent_value(expr.right)
            if p is None or p.denominator != 1:  # a fractional or variable power: an atom
                return self._atom(expr)
        return super()._binary(expr)

    def _call(self, expr: ir.Call) -> ListArray:
        rule = CATALOG[expr.fn].uniform
        kind = rule.kind if rule is not None else None
        if kind == "elementwise":
            return self._atom(expr)
        if kind == "guard":
            return self(expr.args[0])
        if kind == "norm":  # the 1-norm: the sum of the abs atoms
            return ListArray.scalar(self.math.Add(*self._atom(ir.Call("abs", (expr.args[0],))).flat))
        return super()._call(expr)

    # ------------------------------------------------------------ derivatives

    def derivative(self, value: Frac, var: int) -> Frac:
        dp = self._dpoly(value.p, var)
        if value.q == self.model.ring.one:
            return dp
        dq = self._dpoly(value.q, var)
        return (dp * Frac(value.q) - Frac(value.p) * dq) / Frac(value.q * value.q)

    def _dpoly(self, poly, var: int) -> Frac:
        """The total derivative of a polynomial: in the variable, and through every atom in it."""
        gens = self.model.gens
        total = Frac(poly.diff(gens[var]))
        start = self.model.atom_start
        if start < len(gens):
            used = {j for m in poly.itermonoms() for j in range(start, len(m)) if m[j]}
            for j in sorted(used):
                total = total + Frac(poly.diff(gens[j])) * self._atom_derivative(j, var)
        return total

    def _atom_derivative(self, position: int, var: int) -> Frac:
        key = (position, var)
        if key not in self._datom:
            atom, i = self.model.atom_of[position]
            inner = self.derivative(self(atom.args[0]).flat[i], var) if isinstance(atom, ir.Call) else None
            if inner is not None and not inner.p:
                self._datom[key] = inner  # the atom does not depend on the variable
            elif atom not in self.derivatives:
                raise ValueError(f"no derivative rule for {ir.to_text(atom)}")
            else:
                self._datom[key] = self(self.derivatives[atom]).flat[i] * inner
        return self._datom[key]


def _differentiate(ev: RingEvaluator, expr: ir.Call) -> ListArray:
    f = ev(expr.args[0])
    name = expr.args[1].name
    variables = ev.model.entries[name]
    shape = ev.model.shapes[name]
    if expr.fn == "diff":
        (x,) = variables
        return f.map(lambda e: ev.derivative(e, x))
    first = [ev.derivative(f.value, x) for x in variables]
    if expr.fn == "grad":
        return ListArray(shape, first)
    return ListArray(shape + shape, [ev.derivative(g, x) for g in first for x in variables])
