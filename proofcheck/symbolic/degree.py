"""The degree bound of the all-sizes argument, read off the expression tree.

For one order of the split points (a Case of sizes.py), every value is written
as P / Q, P and Q polynomials in the entries, and each entry of P as a sum of
terms over index variables. A Form records, without evaluating anything:

- `s`: per family, the most summation index variables in a term of P;
- `deg`: per block, the highest degree of P in that block's length, where a
  size occurs as a number (`/ n`, `mean`, a common denominator);
- `den`: the factors of Q with their exponents (a factor is a polynomial in the
  sizes, or the numerator of a subexpression, keyed by its tree).

Sums take a common denominator (the least common multiple of the factors);
reductions and contractions need a denominator without indices. Anything
outside the fragment of docs/all-sizes.md raises Outside.
"""

from __future__ import annotations

import sympy as sp

from ..language import ir
from ..language.catalog import even_power_of_kink
from .degree_calls import CallDegrees
from .forms import (Axis, Factor, Form, Outside, broadcast, index_count, lcm, lift, most, plus, product,
                    scalar_den, summed)
from .sizes import Case, Sizes

__all__ = ["Degree", "Form", "Outside", "index_count"]
MAX_ATOMS = 40


class Degree(CallDegrees):
    """Forms of the nodes of a goal, for one case and one value of the fixed dims."""

    def __init__(self, sizes: Sizes, case: Case, fixed: dict, symbols: dict) -> None:
        self.sizes, self.case, self.fixed, self.symbols = sizes, case, fixed, symbols
        self.memo: dict = {}
        self._keep: list = []
        self.atoms: dict = {}  # atom node (an elementwise function of entries) -> True
        self.derivatives: dict = {}  # atom -> (how deep, the expression of its derivative)
        self._sizes_only: dict = {}
        self.touched: set = set()  # blocks some axis or size of the expression depends on

    def form(self, expr: ir.Expr) -> Form:
        key = id(expr)
        if key not in self.memo:
            self.memo[key] = self._form(expr)
            self._keep.append(expr)
        return self.memo[key]

    # ------------------------------------------------------------ nodes

    def _form(self, expr: ir.Expr) -> Form:
        if isinstance(expr, (ir.Num, ir.Const)):
            return Form(())
        if self._only_sizes(expr):
            return self._dims(expr)
        if isinstance(expr, ir.Sym):
            return Form(tuple(self._axis(d) for d in self.symbols[expr.name].shape))
        if isinstance(expr, ir.Neg):
            return self.form(expr.operand)
        if isinstance(expr, ir.Transpose):
            inner = self.form(expr.operand)
            return Form(tuple(reversed(inner.axes)), inner.s, inner.deg, inner.den)
        if isinstance(expr, ir.Bin):
            return self._binary(expr)
        if isinstance(expr, ir.Index):
            return self._index(expr)
        if isinstance(expr, ir.Call):
            return self._call(expr)
        raise Outside(f"`{type(expr).__name__}` nodes")

    def _only_sizes(self, expr: ir.Expr) -> bool:
        """Numbers and dims joined by + - * / and integer powers (memoized: subtrees are shared)."""
        key = id(expr)
        if key not in self._sizes_only:
            if isinstance(expr, (ir.Num, ir.Dim)):
                value = True
            elif isinstance(expr, ir.Neg):
                value = self._only_sizes(expr.operand)
            elif isinstance(expr, ir.Bin) and expr.op == "**":
                value = self._only_sizes(expr.left) and ir.exponent_value(expr.right) is not None
            elif isinstance(expr, ir.Bin) and expr.op != "@":
                value = self._only_sizes(expr.left) and self._only_sizes(expr.right)
            else:
                value = False
            self._sizes_only[key] = value
            self._keep.append(expr)
        return self._sizes_only[key]

    def _axis(self, d) -> Axis:
        if isinstance(d, int):
            return Axis(None, size=d)
        if d in self.fixed:
            return Axis(None, size=self.fixed[d])
        self.touched.update(self.case.expansion[d])
        return Axis(self.sizes.splits.get(d, d), self.case.expansion[d])

    def _dims(self, expr: ir.Expr) -> Form:
        """A number made of sizes: its exact numerator degree, its denominator's factors."""
        value = self.sizes.polynomial(expr, self.case, self.fixed)
        if value is None:
            raise Outside("a size expression that is not a polynomial quotient")
        self.touched.update(value.free_symbols)
        num, den = sp.fraction(sp.together(value))
        return Form((), {}, self._degrees(num), self._factors(den))

    def _degrees(self, poly: sp.Expr) -> dict:
        blocks = [b for b, _ in self.case.blocks]
        p = sp.Poly(poly, *blocks)
        return {b: p.degree(b) for b in blocks if p.degree(b) > 0}

    def _factors(self, poly: sp.Expr) -> dict:
        if poly == 0:
            raise Outside("a size expression that is 0")
        _, factors = sp.factor_list(poly)
        return {("size", f): (e, Factor({}, self._degrees(f))) for f, e in factors}

    # ------------------------------------------------------------ arithmetic

    def _binary(self, expr: ir.Bin) -> Form:
        k = even_power_of_kink(expr)
        if k:  # |u|**2k, norm(u)**2k: polynomials (as the evaluator computes them)
            u = self.form(expr.left.args[0])
            square = Form(u.axes, plus(u.s, u.s), plus(u.deg, u.deg), product(u.den, u.den))
            if expr.left.fn == "norm":
                square = self._reduce(square, range(len(u.axes)), False)
            return self._power(square, k)
        if expr.op == "**":
            p = ir.exponent_value(expr.right)
            if p is None or p.denominator != 1:
                return self._atom(expr, [expr.left, expr.right])
            if p < 0:
                return self._power(self._inverse(expr.left, self.form(expr.left)), int(-p))
            return self._power(self.form(expr.left), int(p))
        a, b = self.form(expr.left), self.form(expr.right)
        if expr.op == "@":
            return self._matmul(a, b)
        axes = broadcast(a.axes, b.axes)
        if expr.op in "+-":
            den = lcm(a.den, b.den)
            (sa, da), (sb, db) = lift(a, den), lift(b, den)
            return Form(axes, most(sa, sb), most(da, db), den)
        if expr.op == "*":
            return Form(axes, plus(a.s, b.s), plus(a.deg, b.deg), product(a.den, b.den))
        inverse = self._inverse(expr.right, b)
        return Form(axes, plus(a.s, inverse.s), plus(a.deg, inverse.deg), product(a.den, inverse.den))

    def _inverse(self, expr: ir.Expr, form: Form) -> Form:
        """1 / value: its denominator goes up, its numerator becomes a factor."""
        s, deg = {}, {}
        for e, f in form.den.values():
            s, deg = plus(s, f.s, e), plus(deg, f.deg, e)
        if self._only_sizes(expr):
            num, _ = sp.fraction(sp.together(self.sizes.polynomial(expr, self.case, self.fixed)))
            den = self._factors(num)
        else:
            den = {("num", expr): (1, Factor(form.s, form.deg, len(form.axes)))}
        return Form(form.axes, s, deg, den)

    def _power(self, form: Form, p: int) -> Form:
        if p == 0:
            return Form(form.axes)
        return Form(form.axes, plus({}, form.s, p), plus({}, form.deg, p), product({}, form.den, p))

    def _matmul(self, a: Form, b: Form) -> Form:
        scalar_den(a, b)
        left, right = a.axes, b.axes
        inner_a = left[-1]
        inner_b = right[0] if len(right) == 1 else right[-2]
        if inner_a != inner_b:
            raise Outside("a product whose inner sizes agree only at some sizes")
        axes = left[:-1] + (right[1:] if len(right) == 2 else ())
        return summed(Form(axes, plus(a.s, b.s), plus(a.deg, b.deg), product(a.den, b.den)), [inner_a])

    def _reduce(self, form: Form, which, per_count: bool) -> Form:
        scalar_den(form)
        which = list(which)
        gone = [form.axes[i] for i in which]
        kept = tuple(a for i, a in enumerate(form.axes) if i not in which)
        out = summed(Form(kept, form.s, form.deg, form.den), gone)
        if per_count:
            count = sp.Integer(1)
            for axis in gone:
                count *= sp.Add(*axis.blocks) if axis.family else axis.size
            out.den = product(out.den, self._factors(count))
        return out

    def _atom(self, expr: ir.Expr, args: list) -> Form:
        """f(u) of entries: a new symbol indexed like u, if u has no summation, no size as a
        number and no denominator (its entries are then the same polynomial at every size)."""
        axes: tuple = ()
        for arg in args:
            form = self.form(arg)
            if any(form.s.values()) or any(form.deg.values()) or form.den:
                raise Outside(f"`{ir.to_text(expr)}` of a sum, a size or a quotient")
            axes = broadcast(axes, form.axes)
        self.atoms.setdefault(expr, True)
        if len(self.atoms) > MAX_ATOMS:
            raise Outside("too many kinds of atoms")
        return Form(axes)

    # ------------------------------------------------------------ indexing

    def _index(self, expr: ir.Index) -> Form:
        base = self.form(expr.base)
        out, axis = [], 0
        for item in expr.items:
            if isinstance(item, ir.NewAxis):
                out.append(Axis(None))
                continue
            current = base.axes[axis]
            axis += 1
            if isinstance(item, ir.Slice):
                out.append(self._slice(current, item))
            elif current.family is not None:
                raise Outside("a fixed index into an axis of size n")
        return Form(tuple(out) + base.axes[axis:], base.s, base.deg, base.den)

    def _slice(self, axis: Axis, item: ir.Slice) -> Axis:
        if axis.family is None:
            lo = 0 if item.lo is None else self._constant(item.lo)
            hi = axis.size if item.hi is None else self._constant(item.hi)
            lo, hi = (lo + axis.size if lo < 0 else lo), (hi + axis.size if hi < 0 else hi)
            return Axis(None, size=hi - lo)
        full = self.case.expansion[axis.family]
        if axis.blocks != full and (item.lo, item.hi) != (None, None):
            raise Outside("a slice of a slice")
        start = self._cut(item.lo, axis.family, 0)
        stop = self._cut(item.hi, axis.family, len(full))
        if start >= stop:
            raise Outside("an empty slice in some order of the split points")
        return Axis(axis.family, full[start:stop])

    def _cut(self, bound: ir.Expr | None, family: str, default: int) -> int:
        """A slice bound as a block position: 0, n or a split point of n."""
        if bound is None:
            return default
        if ir.exponent_value(bound) == 0:
            return 0
        if isinstance(bound, ir.Dim) and bound.name == family:
            return len(self.case.expansion[family])
        if isinstance(bound, ir.Dim) and self.sizes.splits.get(bound.name) == family:
            return len(self.case.expansion[bound.name])
        raise Outside("a slice bound that is not 0, n or a split point of n")

    def _constant(self, expr: ir.Expr) -> int:
        value = self.sizes.polynomial(expr, self.case, self.fixed)
        if value is None or not value.is_Integer:
            raise Outside("a constant slice bound that depends on n")
        return int(value)

    # ------------------------------------------------------------ built-ins
