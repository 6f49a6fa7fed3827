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

from fractions import Fraction

import sympy as sp

from .. import ir
from ..catalog import CATALOG
from ..typecheck import const_int
from .sarray import SArray

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
    from ..signs import NEG, NONNEG, NONPOS, POS

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

    def _build(self, symbol, shape: tuple) -> SArray:
        name, domain, structure = symbol.name, symbol.domain, symbol.structure
        if not shape:
            return SArray.scalar(self._symbol(name, name, domain))
        if len(shape) == 1:
            return SArray(shape, [self._symbol(name, f"{name}[{i}]", domain) for i in range(shape[0])])
        n, m = shape
        if structure is None:
            return SArray(shape, [self._symbol(name, f"{name}[{i},{j}]", domain) for i in range(n) for j in range(m)])
        if structure == "diagonal":
            diag = [self._symbol(name, f"{name}[{i},{i}]", domain) for i in range(n)]
            return SArray(shape, [diag[i] if i == j else sp.Integer(0) for i in range(n) for j in range(n)])
        if structure == "symmetric" or not self.structured:
            keep = domain if structure == "symmetric" else None
            upper = {(i, j): self._symbol(name, f"{name}[{i},{j}]", keep) for i in range(n) for j in range(i, n)}
            return SArray(shape, [upper[min(i, j), max(i, j)] for i in range(n) for j in range(n)])
        if structure == "psd":
            factor = SArray(shape, [self._symbol(name, f"{name}.B[{i},{j}]", None) for i in range(n) for j in range(n)])
        else:  # pd: a Cholesky factor
            factor = SArray(shape, [
                self._symbol(name, f"{name}.L[{i},{j}]", None, **({"positive": True} if i == j else {}))
                if j <= i else sp.Integer(0)
                for i in range(n) for j in range(n)
            ])
        return factor.matmul(factor.transpose())


class Evaluator:
    """sympy value of each node, memoized by node identity (the IR is a DAG)."""

    def __init__(self, model: SymbolModel, dims: dict) -> None:
        self.model = model
        self.dims = dims
        self.memo: dict = {}
        self._keep: list = []

    def __call__(self, expr: ir.Expr) -> SArray:
        key = id(expr)
        if key not in self.memo:
            self.memo[key] = self._eval(expr)
            self._keep.append(expr)
        return self.memo[key]

    def _eval(self, expr: ir.Expr) -> SArray:
        if isinstance(expr, ir.Num):
            return SArray.scalar(sp.Rational(expr.value.numerator, expr.value.denominator))
        if isinstance(expr, ir.Const):
            return SArray.scalar(sp.pi)
        if isinstance(expr, ir.Dim):
            return SArray.scalar(sp.Integer(self.dims[expr.name]))
        if isinstance(expr, ir.Sym):
            return self.model.values[expr.name]
        if isinstance(expr, ir.Neg):
            return self(expr.operand).map(lambda e: -e)
        if isinstance(expr, ir.Transpose):
            return self(expr.operand).transpose()
        if isinstance(expr, ir.Bin):
            return self._binary(expr)
        if isinstance(expr, ir.Index):
            return self(expr.base).index(self._items(expr))
        if isinstance(expr, ir.Call):
            return self._call(expr)
        raise TypeError(f"cannot evaluate {expr!r}")

    def _binary(self, expr: ir.Bin) -> SArray:
        a, b = self(expr.left), self(expr.right)
        if expr.op == "@":
            return a.matmul(b)
        fn = {
            "+": lambda x, y: x + y,
            "-": lambda x, y: x - y,
            "*": lambda x, y: x * y,
            "/": lambda x, y: x / y,
            "**": lambda x, y: x**y,
        }[expr.op]
        return SArray.binary(a, b, fn)

    def _items(self, expr: ir.Index) -> list:
        items = []
        for item in expr.items:
            if isinstance(item, ir.NewAxis):
                items.append(("new",))
            elif isinstance(item, ir.Slice):
                items.append(("slice", item.lo, item.hi))
            else:
                items.append(("at", const_int(item, self.dims)))
        base_shape = self(expr.base).shape
        out, axis = [], 0
        for item in items:  # resolve slice bounds against the axis size
            if item[0] == "slice":
                size = base_shape[axis]
                lo = 0 if item[1] is None else const_int(item[1], self.dims)
                hi = size if item[2] is None else const_int(item[2], self.dims)
                out.append(("slice", lo + size if lo < 0 else lo, hi + size if hi < 0 else hi))
            else:
                out.append(item)
            if item[0] != "new":
                axis += 1
        return out

    def _call(self, expr: ir.Call) -> SArray:
        func = CATALOG[expr.fn]
        if func.kind == "calculus":
            return self._calculus(expr)
        if func.kind == "constructor":
            sizes = [const_int(a, self.dims) for a in expr.args]
            return func.sym(sp, SArray, *sizes)
        args = [self(a) if i not in func.int_args else const_int(a, self.dims) for i, a in enumerate(expr.args)]
        if func.kind == "elementwise":
            if len(args) == 1:
                return args[0].map(lambda e: func.sym(sp, e))
            return SArray.binary(args[0], args[1], lambda x, y: func.sym(sp, x, y))
        kwargs = {k: const_int(v, self.dims) for k, v in expr.kwargs}
        result = func.sym(sp, *args, **kwargs)
        return result if isinstance(result, SArray) else SArray.scalar(result)

    def _calculus(self, expr: ir.Call) -> SArray:
        f = self(expr.args[0])
        variables = self.model.entries[expr.args[1].name]
        shape = self.model.values[expr.args[1].name].shape
        if expr.fn == "diff":
            (x,) = variables
            return f.map(lambda e: sp.diff(e, x))
        if expr.fn == "grad":
            return SArray(shape, [sp.diff(f.value, x) for x in variables])
        first = [sp.diff(f.value, x) for x in variables]
        return SArray(shape + shape, [sp.diff(g, x) for g in first for x in variables])


def exact(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)
