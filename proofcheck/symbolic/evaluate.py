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

from ..language import ir
from ..exact.listarray import ListArray
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


def assumptions(domain) -> dict:
    if domain.kind != "interval":
        return _ASSUMPTIONS[domain.kind]
    from .positivity import domain_sign
    from ..language.signs import NEG, NONNEG, NONPOS, POS

    return {POS: {"positive": True}, NONNEG: {"nonnegative": True}, NEG: {"negative": True},
            NONPOS: {"nonpositive": True}}.get(domain_sign(domain), {"real": True})


class SymbolModel:
    """sympy values of the claim's symbols at one combination of dims."""

    def __init__(self, symbols: dict, dims: dict, structured: bool) -> None:
        self.values: dict = {}
        self.entries: dict = {}  # claim symbol -> its independent sympy symbols, for derivatives
        self.intervals: dict = {}  # sympy symbol -> (lo, hi) from interval domains
        self.structured = structured
        for name, symbol in symbols.items():
            self.values[name] = self._build(symbol, symbol.concrete_shape(dims))

    def _symbol(self, claim_name: str, label: str, domain, **extra) -> sp.Symbol:
        options = dict(assumptions(domain)) if domain is not None else {"real": True}
        options.update(extra)
        symbol = sp.Symbol(label, **options)
        self.entries.setdefault(claim_name, []).append(symbol)
        if domain is not None and domain.kind == "interval":
            self.intervals[symbol] = (domain.lo, domain.hi)
        return symbol

    def _build(self, symbol, shape: tuple) -> ListArray:
        name, domain, structure = symbol.name, symbol.domain, symbol.structure
        if not shape:
            return ListArray.scalar(self._symbol(name, name, domain))
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


class Evaluator(ListEvaluator):
    """sympy value of each node for one model and combination of dims."""

    def __init__(self, model: SymbolModel, dims: dict) -> None:
        super().__init__(model.values, dims, sp, _differentiate)
        self.model = model
