"""The expression tree evaluated on ListArrays, over a sympy-like math module.

With sympy (and sympy symbols as values) this is the symbolic engine's
evaluation; with the numeric engine's exact arithmetic (fractions, rigorous
intervals, jets) it is how a counterexample is confirmed. Each built-in's
form comes from the catalog; derivatives are the caller's strategy.
"""

from __future__ import annotations

from ..language.catalog import CATALOG, even_power_of_kink
from ..language import ir
from .listarray import ListArray
from ..language.typecheck import const_int


class ListEvaluator:
    """Value of each node, memoized by node identity (the IR is a DAG)."""

    def __init__(self, values: dict, dims: dict, math, differentiate) -> None:
        self.values = values  # claim symbol -> ListArray
        self.dims = dims
        self.math = math
        self.differentiate = differentiate  # (evaluator, calculus Call) -> ListArray
        self.memo: dict = {}
        self._keep: list = []
        self._plain_evaluator = None

    def _plain(self) -> "ListEvaluator":
        """The same point without derivative parts (the math module's `value_of`), if it has any."""
        strip = getattr(self.math, "value_of", None)
        if strip is None:
            return self
        if self._plain_evaluator is None:
            values = {name: value.map(strip) for name, value in self.values.items()}
            self._plain_evaluator = ListEvaluator(values, self.dims, self.math, self.differentiate)
        return self._plain_evaluator

    def __call__(self, expr: ir.Expr) -> ListArray:
        key = id(expr)
        if key not in self.memo:
            self.memo[key] = self._eval(expr)
            self._keep.append(expr)
        return self.memo[key]

    def _eval(self, expr: ir.Expr) -> ListArray:
        m = self.math
        if isinstance(expr, ir.Num):
            return ListArray.scalar(m.Rational(expr.value.numerator, expr.value.denominator))
        if isinstance(expr, ir.Const):
            return ListArray.scalar(m.pi)
        if isinstance(expr, ir.Dim):
            return ListArray.scalar(m.Integer(self.dims[expr.name]))
        if isinstance(expr, ir.Sym):
            return self.values[expr.name]
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

    def _binary(self, expr: ir.Bin) -> ListArray:
        k = even_power_of_kink(expr)
        if k:  # |u|**2k and norm(u)**2k as polynomials, so that they stay differentiable at 0
            squares = self(expr.left.args[0]).map(lambda e: e * e)
            if expr.left.fn == "norm":
                squares = ListArray.scalar(self.math.Add(*squares.flat))
            return squares.map(lambda e: self.math.Pow(e, self.math.Integer(k)))
        a, b = self(expr.left), self(expr.right)
        if expr.op == "@":
            return a.matmul(b, lambda xs: self.math.Add(*xs))
        fn = {
            "+": lambda x, y: x + y,
            "-": lambda x, y: x - y,
            "*": lambda x, y: x * y,
            "/": lambda x, y: x / y,
            "**": self.math.Pow,
        }[expr.op]
        return ListArray.binary(a, b, fn)

    def _items(self, expr: ir.Index) -> list:
        base_shape = self(expr.base).shape
        out, axis = [], 0
        for item in expr.items:
            if isinstance(item, ir.NewAxis):
                out.append(("new",))
                continue
            size = base_shape[axis]
            axis += 1
            if isinstance(item, ir.Slice):
                lo = 0 if item.lo is None else const_int(item.lo, self.dims)
                hi = size if item.hi is None else const_int(item.hi, self.dims)
                out.append(("slice", lo + size if lo < 0 else lo, hi + size if hi < 0 else hi))
            else:
                out.append(("at", const_int(item, self.dims)))
        return out

    def _call(self, expr: ir.Call) -> ListArray:
        func = CATALOG[expr.fn]
        if func.kind == "calculus":
            return self.differentiate(self, expr)
        if func.kind == "constructor":
            sizes = [const_int(a, self.dims) for a in expr.args]
            return func.sym(self.math, ListArray, *sizes)
        if func.kind == "internal":  # _guard: the value; the other arguments must merely be defined
            plain = self._plain()
            for guard in expr.args[1:]:
                plain(guard)
            return self(expr.args[0])
        args = [self(a) if i not in func.int_args else const_int(a, self.dims) for i, a in enumerate(expr.args)]
        if func.kind == "elementwise":
            if len(args) == 1:
                return args[0].map(lambda e: func.sym(self.math, e))
            return ListArray.binary(args[0], args[1], lambda x, y: func.sym(self.math, x, y))
        kwargs = {k: const_int(v, self.dims) for k, v in expr.kwargs}
        result = func.sym(self.math, *args, **kwargs)
        return result if isinstance(result, ListArray) else ListArray.scalar(result)
