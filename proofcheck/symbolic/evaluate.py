"""The expression tree evaluated with sympy for one combination of dims.

Each claim symbol becomes an array of sympy symbols whose assumptions come
from its domain. Structures are built in: a symmetric matrix shares mirrored
entries, a diagonal one has zeros off the diagonal. Two models of psd/pd
matrices, both sound for what they are used for:

- generic: any symmetric matrix (a superset), for identities, which then hold
  for psd matrices too; cheap, since it has half the symbols;
- structured: B @ B.T for psd and L @ L.T with L lower triangular with a
  positive diagonal for pd (exactly the psd and pd matrices), for signs.
"""

from __future__ import annotations

import sympy as sp

from dataclasses import dataclass
from fractions import Fraction

from ..language import ir
from ..language.bounds import of_domain, point
from ..language.model import VECTOR_STRUCTURES, Domain
from ..language.signs import POS
from ..exact.listarray import ListArray
from .ranges import symbol_bound
from ..exact.listeval import ListEvaluator

_ASSUMPTIONS = {
    "real": {"real": True},
    "positive": {"positive": True},
    "nonnegative": {"nonnegative": True},
    "negative": {"negative": True},
    "nonpositive": {"nonpositive": True},
    "nonzero": {"real": True, "nonzero": True},
    "integer": {"integer": True},
}


def as_sympy(value) -> sp.Basic:
    """An exact value (int, Fraction, sympy expression) as sympy's. Strict: a string is
    refused, never parsed (claim text reaches sympy only as trees built explicitly)."""
    return sp.sympify(value, strict=True)


def assumptions(domain) -> dict:
    if domain.kind != "interval":
        return _ASSUMPTIONS[domain.kind]
    from ..language.signs import NEG, NONNEG, NONPOS

    return {POS: {"positive": True}, NONNEG: {"nonnegative": True}, NEG: {"negative": True},
            NONPOS: {"nonpositive": True}}.get(of_domain(domain).sign(), {"real": True})


@dataclass(frozen=True)
class _Entry:
    """What symbol_bound needs of one entry."""

    domain: Domain
    structure: str | None


class SymbolModel:
    """sympy values of the claim's symbols at one combination of dims."""

    def __init__(self, symbols: dict, dims: dict, structured: bool) -> None:
        self.values: dict = {}
        self.entries: dict = {}  # claim symbol -> its independent sympy symbols, for derivatives
        self.intervals: dict = {}  # sympy symbol -> (lo, hi), None for an infinite end: the closure of its bound
        self.bounds: dict = {}  # sympy symbol -> Bound (open and closed ends), from the domain and structure
        self.known: dict = {}  # sympy expr -> (sign, Bound) that structures guarantee
        self.equations: list = []  # sympy polynomials the structures make 0 (a unit vector's norm**2 - 1)
        self.structured = structured
        for name, symbol in symbols.items():
            self.values[name] = self._build(symbol, symbol.concrete_shape(dims))

    def _symbol(self, claim_name: str, label: str, domain, structure: str | None = None, **extra) -> sp.Symbol:
        options = dict(assumptions(domain)) if domain is not None else {"real": True}
        options.update(extra)
        symbol = sp.Symbol(label, **options)
        self.entries.setdefault(claim_name, []).append(symbol)
        if domain is not None and (domain.kind == "interval" or structure in VECTOR_STRUCTURES):
            bound = symbol_bound(_Entry(domain, structure))
            self.bounds[symbol] = bound
            self.intervals[symbol] = (bound.lo, bound.hi)
        return symbol

    def _build(self, symbol, shape: tuple) -> ListArray:
        name, domain, structure = symbol.name, symbol.domain, symbol.structure
        if not shape:
            return ListArray.scalar(self._symbol(name, name, domain))
        if structure in VECTOR_STRUCTURES:
            return self._vector_structure(symbol, shape[0])
        if len(shape) == 1:
            return ListArray(shape, [self._symbol(name, f"{name}[{i}]", domain) for i in range(shape[0])])
        n, m = shape
        if structure is None:
            return ListArray(shape, [self._symbol(name, f"{name}[{i},{j}]", domain) for i in range(n) for j in range(m)])
        if structure == "diagonal":
            diag = [self._symbol(name, f"{name}[{i},{i}]", domain) for i in range(n)]
            return ListArray(shape, [diag[i] if i == j else sp.Integer(0) for i in range(n) for j in range(n)])
        if structure == "symmetric" or not self.structured:
            keep = domain if structure == "symmetric" else None
            upper = {(i, j): self._symbol(name, f"{name}[{i},{j}]", keep) for i in range(n) for j in range(i, n)}
            return ListArray(shape, [upper[min(i, j), max(i, j)] for i in range(n) for j in range(n)])
        if structure == "psd":
            factor = ListArray(shape, [self._symbol(name, f"{name}.B[{i},{j}]", None) for i in range(n) for j in range(n)])
        else:  # pd: a Cholesky factor
            factor = ListArray(shape, [
                self._symbol(name, f"{name}.L[{i},{j}]", None, **({"positive": True} if i == j else {}))
                if j <= i else sp.Integer(0)
                for i in range(n) for j in range(n)
            ])
        return factor.matmul(factor.transpose(), lambda xs: sp.Add(*xs))

    def _vector_structure(self, symbol, n: int) -> ListArray:
        """A simplex by construction: its last entry is 1 minus the others (known to lie in
        [0, 1]); a unit vector: free entries in [-1, 1] with the equation sum of squares = 1."""
        name, domain, structure = symbol.name, symbol.domain, symbol.structure
        domain = Domain("nonnegative") if structure == "simplex" and domain.kind == "real" else domain
        free = n - 1 if structure == "simplex" else n
        entries = [self._symbol(name, f"{name}[{i}]", domain, structure) for i in range(free)]
        entry = symbol_bound(_Entry(domain, structure))
        if structure == "simplex":
            last = 1 - sp.Add(*entries)
            entries.append(last)
            if free:
                self.known[last] = (entry.sign(), entry)
        else:
            squares = sp.Add(*[e**2 for e in entries])
            self.equations.append(squares - 1)
            self.known[squares] = (POS, point(Fraction(1)))
            self.known[sp.sqrt(squares)] = (POS, point(Fraction(1)))
        return ListArray((n,), entries)


def _differentiate(evaluator: ListEvaluator, expr: ir.Call) -> ListArray:
    """grad, hessian and diff by sympy differentiation in the symbol's entries."""
    f = evaluator(expr.args[0])
    name = expr.args[1].name
    variables = evaluator.model.entries[name]
    shape = evaluator.model.values[name].shape
    if expr.fn == "diff":
        (x,) = variables
        return f.map(lambda e: sp.diff(e, x))
    if expr.fn == "grad":
        return ListArray(shape, [sp.diff(f.value, x) for x in variables])
    first = [sp.diff(f.value, x) for x in variables]
    return ListArray(shape + shape, [sp.diff(g, x) for g in first for x in variables])


MAX_POWER_BITS = 1 << 16  # a rational raised to a power: sympy computes it at once
MAX_TERMS = 200_000  # terms the expanded form of a value may have (what ring and sign rules expand)


def _multichoose(k: int, p: int) -> int:
    """The monomials of degree p in k variables, C(k + p - 1, p), capped past MAX_TERMS."""
    count = 1
    for i in range(1, min(p, k - 1) + 1):
        count = count * (k + p - min(p, k - 1) - 1 + i) // i
        if count > MAX_TERMS:
            return MAX_TERMS + 1
    return count


class TooLarge(Exception):
    """A value whose exact form would be too large to compute or expand: the goal stays unproven."""


class Evaluator(ListEvaluator):
    """sympy value of each node for one model and combination of dims.

    Products and powers are checked before sympy builds (or a tactic expands) them:
    a rational power past MAX_POWER_BITS bits, or an expansion past MAX_TERMS terms,
    raises TooLarge instead of exhausting the memory.
    """

    def __init__(self, model: SymbolModel, dims: dict) -> None:
        super().__init__(model.values, dims, sp, _differentiate)
        self.model = model
        self._terms: dict = {}

    def _call(self, expr: ir.Call) -> ListArray:
        """`inv` of a matrix singular at every point of this size is undefined everywhere: nan
        (its side goal, that the matrix is invertible, cannot be shown, so no proof uses it)."""
        try:
            return super()._call(expr)
        except ValueError:  # sympy's NonInvertibleMatrixError
            if expr.fn != "inv":
                raise
            shape = self(expr.args[0]).shape
            return ListArray(shape, [sp.nan] * (shape[0] * shape[1]))

    def _binary(self, expr: ir.Bin) -> ListArray:
        if expr.op == "**":
            base, exponent = self(expr.left), self(expr.right)
            for b in base.flat:
                for e in exponent.flat:
                    self._check_power(b, e)
        result = super()._binary(expr)
        if expr.op in ("*", "@", "**"):
            for entry in result.flat:
                if self.terms(entry) > MAX_TERMS:
                    raise TooLarge(f"`{ir.to_text(expr)}` expands to more than {MAX_TERMS:,} terms")
        return result

    def _check_power(self, base, exponent) -> None:
        if not (exponent.is_Rational and base.is_Rational):
            return
        size = max(abs(int(base.p)).bit_length(), int(base.q).bit_length())
        if size * abs(int(exponent.p)) // int(exponent.q) > MAX_POWER_BITS:
            raise TooLarge(f"a power with more than {MAX_POWER_BITS:,} bits")

    def terms(self, e) -> int:
        """An upper bound on the terms of e's expanded form (capped past MAX_TERMS)."""
        return expanded_terms(e, self._terms)


def expanded_terms(e, cache: dict) -> int:
    """An upper bound on the terms of e's expanded form (capped past MAX_TERMS), without expanding."""
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return 1
    if e in cache:
        return cache[e]
    if e.is_Add:
        count = sum(expanded_terms(a, cache) for a in e.args)
    elif e.is_Mul:
        count = 1
        for a in e.args:
            count = min(count * expanded_terms(a, cache), MAX_TERMS + 1)
    elif e.is_Pow and e.exp.is_Integer and e.exp > 0:
        count = _multichoose(expanded_terms(e.base, cache), int(e.exp))
    else:
        count = 1
    cache[e] = min(count, MAX_TERMS + 1)
    return cache[e]
