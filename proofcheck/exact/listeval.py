"""The expression tree evaluated on ListArrays, over a sympy-like math module.

With sympy (and sympy symbols as values) this is the symbolic engine's
evaluation; with the numeric engine's exact arithmetic (fractions, rigorous
intervals, jets) it is how a counterexample is confirmed. Each built-in's
form comes from the catalog; derivatives are the caller's strategy.

`where(c, a, b)` needs only the chosen piece defined, entry by entry. With a
math module that raises on undefined values (its `undefined_errors`), a piece
that only some entries take is evaluated by a child evaluator that marks an
undefined entry POISON instead of raising; an operation that mixes entries
(a sum, a product of matrices) refuses a POISON input as undecided, since it
cannot tell which entries of its result the undefined one reaches.
"""

from __future__ import annotations

from math import prod

from ..language.catalog import CATALOG, even_power_of_kink
from ..language import ir
from ..language.model import Domain
from .listarray import ListArray
from ..language.typecheck import ShapeChecker, const_int

_RELATIONS = {"<": "Lt", "<=": "Le", ">": "Gt", ">=": "Ge", "==": "Eq", "!=": "Ne"}


class _Poison:
    """An undefined entry of a piece of `where` that some entries do not take."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "POISON"


POISON = _Poison()


def _is_false(flag) -> bool:
    """Surely false: Python's False or sympy's false (a sympy relation is neither)."""
    return flag is not POISON and flag == False  # noqa: E712


def _is_true(flag) -> bool:
    return flag is not POISON and flag == True  # noqa: E712


class _Declared:
    """What the shape checker reads of a symbol, from its value."""

    domain = Domain("real")
    structure = None

    def __init__(self, shape: tuple) -> None:
        self.shape = shape

    def concrete_shape(self, dims: dict) -> tuple:
        return self.shape


class ListEvaluator:
    """Value of each node, memoized by node identity (the IR is a DAG)."""

    def __init__(self, values: dict, dims: dict, math, differentiate, poison: bool = False) -> None:
        self.values = values  # claim symbol -> ListArray
        self.dims = dims
        self.math = math
        self.differentiate = differentiate  # (evaluator, calculus Call) -> ListArray
        self.poison = poison  # undefined entries become POISON instead of raising
        self.memo: dict = {}
        self._keep: list = []
        self._plain_evaluator = None
        self._poison_evaluator = None
        self._shapes = None

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
            return self(expr.operand).map(self._scalar(lambda e: -e))
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
            squares = self(expr.left.args[0]).map(self._scalar(lambda e: e * e))
            if expr.left.fn == "norm":
                squares = ListArray.scalar(self.math.Add(*self._unpoisoned(squares).flat))
            return squares.map(self._scalar(lambda e: self.math.Pow(e, self.math.Integer(k))))
        a, b = self(expr.left), self(expr.right)
        if expr.op == "@":
            return self._unpoisoned(a, b).matmul(b, lambda xs: self.math.Add(*xs))
        fn = {
            "+": lambda x, y: x + y,
            "-": lambda x, y: x - y,
            "*": lambda x, y: x * y,
            "/": lambda x, y: x / y,
            "**": self.math.Pow,
        }[expr.op]
        return ListArray.binary(a, b, self._scalar(fn))

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
        if func.kind == "piecewise":
            return self._piecewise(expr, func)
        args = [self(a) if i not in func.int_args else const_int(a, self.dims) for i, a in enumerate(expr.args)]
        if func.kind == "elementwise":
            if len(args) == 1:
                return args[0].map(self._scalar(lambda e: func.sym(self.math, e)))
            return ListArray.binary(args[0], args[1], self._scalar(lambda x, y: func.sym(self.math, x, y)))
        if func.kind != "literal":  # a literal only moves entries; anything else mixes them
            self._unpoisoned(*[a for a in args if isinstance(a, ListArray)])
        kwargs = {k: const_int(v, self.dims) for k, v in expr.kwargs}
        result = func.sym(self.math, *args, **kwargs)
        return result if isinstance(result, ListArray) else ListArray.scalar(result)

    # ------------------------------------------------------------ where, entry by entry

    def _scalar(self, fn):
        """`fn` on scalars; in a poisoned evaluator, an undefined result is POISON, and stays so."""
        if not self.poison:
            return fn
        errors = self.math.undefined_errors

        def safe(*xs):
            if any(x is POISON for x in xs):
                return POISON
            try:
                return fn(*xs)
            except errors:
                return POISON

        return safe

    def _unpoisoned(self, *arrays: ListArray) -> ListArray:
        """The first array, once no array holds POISON (an entry-mixing operation cannot tell
        which of its results an undefined entry reaches)."""
        if self.poison and any(e is POISON for a in arrays for e in a.flat):
            raise self.math.Undecided("an undefined entry of a piece of where meets an operation on many entries")
        return arrays[0] if arrays else None

    def _poisoned(self) -> "ListEvaluator":
        if self.poison:
            return self
        if self._poison_evaluator is None:
            self._poison_evaluator = ListEvaluator(self.values, self.dims, self.math, self.differentiate, True)
        return self._poison_evaluator

    def condition(self, expr: ir.Compare) -> ListArray:
        """An elementwise condition: each relation of a chain, all holding."""
        out = None
        for op, left, right in expr.links():
            part = ListArray.binary(self(left), self(right), self._scalar(getattr(self.math, _RELATIONS[op])))
            out = part if out is None else ListArray.binary(out, part, self._scalar(self.math.And))
        return out

    def _shape(self, expr: ir.Expr) -> tuple:
        if self._shapes is None:
            symbols = {name: _Declared(value.shape) for name, value in self.values.items()}
            self._shapes = ShapeChecker(symbols, self.dims)
        return self._shapes.value(expr)

    def _piece(self, expr: ir.Expr, taken: str) -> ListArray:
        """A piece taken by `all`, `some` or `no` entries: only what is taken must be defined."""
        if taken == "no":
            return ListArray(self._shape(expr), [POISON] * prod(self._shape(expr)))
        errors = getattr(self.math, "undefined_errors", None)
        if taken == "all" or errors is None:
            return self(expr)
        try:
            return self._poisoned()(expr)
        except errors:  # undefined as a whole (a singular inverse, say): which entries, cannot tell
            raise self.math.Undecided("a piece of where is undefined and only some entries take it") from None

    def _piecewise(self, expr: ir.Call, func) -> ListArray:
        flags = self.condition(expr.args[0])
        some_a = any(not _is_false(f) for f in flags.flat)
        some_b = any(not _is_true(f) for f in flags.flat)
        a = self._piece(expr.args[1], "all" if not some_b else "some" if some_a else "no")
        b = self._piece(expr.args[2], "all" if not some_a else "some" if some_b else "no")
        pairs = ListArray.binary(a, b, lambda x, y: (x, y))
        return ListArray.binary(flags, pairs, lambda flag, pair: self._choose(func, flag, *pair))

    def _choose(self, func, flag, a, b):
        if flag is POISON:
            return POISON
        value = a if _is_true(flag) else b if _is_false(flag) else func.sym(self.math, flag, a, b)
        if value is POISON and not self.poison:
            raise self.math.undefined_errors[0]("the piece of where chosen here is undefined")
        return value

