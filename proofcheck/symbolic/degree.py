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

from dataclasses import dataclass, field

import sympy as sp

from ..language import ir
from ..language.catalog import CATALOG, even_power_of_kink
from .sizes import Case, Sizes

MAX_ATOMS = 40


class Outside(Exception):
    """The expression is outside the fragment the argument covers."""


@dataclass(frozen=True)
class Axis:
    family: str | None  # None: a constant size
    blocks: tuple = ()  # the blocks of the family this axis runs over
    size: int = 1  # for a constant size


@dataclass(frozen=True)
class Factor:
    s: dict
    deg: dict
    rank: int = 0


@dataclass
class Form:
    axes: tuple
    s: dict = field(default_factory=dict)  # family -> summation indices
    deg: dict = field(default_factory=dict)  # block -> degree
    den: dict = field(default_factory=dict)  # key -> (exponent, Factor)


def _plus(a: dict, b: dict, times: int = 1) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + times * v
    return out


def _most(a: dict, b: dict) -> dict:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in set(a) | set(b)}


def _lift(form: Form, den: dict) -> tuple:
    """(s, deg) of P times den / Q: the numerator over the common denominator `den`."""
    s, deg = dict(form.s), dict(form.deg)
    for key, (e, f) in den.items():
        extra = e - form.den.get(key, (0, None))[0]
        s, deg = _plus(s, f.s, extra), _plus(deg, f.deg, extra)
    return s, deg


def _lcm(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, (e, f) in b.items():
        if key not in out or out[key][0] < e:
            out[key] = (e, f)
    return out


def _product(a: dict, b: dict, times: int = 1) -> dict:
    out = dict(a)
    for key, (e, f) in b.items():
        out[key] = (out.get(key, (0, f))[0] + times * e, f)
    return out


def _uses(expr: ir.Expr, name: str) -> bool:
    return any(isinstance(n, ir.Sym) and n.name == name for n in ir.walk(expr))


class Degree:
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

    def _broadcast(self, a: tuple, b: tuple) -> tuple:
        rank = max(len(a), len(b))
        a = (Axis(None),) * (rank - len(a)) + a
        b = (Axis(None),) * (rank - len(b)) + b
        out = []
        for x, y in zip(a, b):
            if x == y or y == Axis(None):
                out.append(x)
            elif x == Axis(None):
                out.append(y)
            else:
                raise Outside("arrays whose sizes agree only at some sizes")
        return tuple(out)

    def _binary(self, expr: ir.Bin) -> Form:
        k = even_power_of_kink(expr)
        if k:  # |u|**2k, norm(u)**2k: polynomials (as the evaluator computes them)
            u = self.form(expr.left.args[0])
            square = Form(u.axes, _plus(u.s, u.s), _plus(u.deg, u.deg), _product(u.den, u.den))
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
        axes = self._broadcast(a.axes, b.axes)
        if expr.op in "+-":
            den = _lcm(a.den, b.den)
            (sa, da), (sb, db) = _lift(a, den), _lift(b, den)
            return Form(axes, _most(sa, sb), _most(da, db), den)
        if expr.op == "*":
            return Form(axes, _plus(a.s, b.s), _plus(a.deg, b.deg), _product(a.den, b.den))
        inverse = self._inverse(expr.right, b)
        return Form(axes, _plus(a.s, inverse.s), _plus(a.deg, inverse.deg), _product(a.den, inverse.den))

    def _inverse(self, expr: ir.Expr, form: Form) -> Form:
        """1 / value: its denominator goes up, its numerator becomes a factor."""
        s, deg = {}, {}
        for e, f in form.den.values():
            s, deg = _plus(s, f.s, e), _plus(deg, f.deg, e)
        if self._only_sizes(expr):
            num, _ = sp.fraction(sp.together(self.sizes.polynomial(expr, self.case, self.fixed)))
            den = self._factors(num)
        else:
            den = {("num", expr): (1, Factor(form.s, form.deg, len(form.axes)))}
        return Form(form.axes, s, deg, den)

    def _power(self, form: Form, p: int) -> Form:
        if p == 0:
            return Form(form.axes)
        return Form(form.axes, _plus({}, form.s, p), _plus({}, form.deg, p), _product({}, form.den, p))

    def _scalar_den(self, *forms: Form) -> None:
        for form in forms:
            if any(f.rank for _, f in form.den.values()):
                raise Outside("a sum over entries with different denominators")

    def _matmul(self, a: Form, b: Form) -> Form:
        self._scalar_den(a, b)
        left, right = a.axes, b.axes
        inner_a = left[-1]
        inner_b = right[0] if len(right) == 1 else right[-2]
        if inner_a != inner_b:
            raise Outside("a product whose inner sizes agree only at some sizes")
        axes = left[:-1] + (right[1:] if len(right) == 2 else ())
        return self._summed(Form(axes, _plus(a.s, b.s), _plus(a.deg, b.deg), _product(a.den, b.den)), [inner_a])

    def _summed(self, form: Form, axes: list) -> Form:
        s = dict(form.s)
        for axis in axes:
            if axis.family is not None:
                s[axis.family] = s.get(axis.family, 0) + 1
        return Form(form.axes, s, form.deg, form.den)

    def _reduce(self, form: Form, which, per_count: bool) -> Form:
        self._scalar_den(form)
        which = list(which)
        gone = [form.axes[i] for i in which]
        kept = tuple(a for i, a in enumerate(form.axes) if i not in which)
        out = self._summed(Form(kept, form.s, form.deg, form.den), gone)
        if per_count:
            count = sp.Integer(1)
            for axis in gone:
                count *= sp.Add(*axis.blocks) if axis.family else axis.size
            out.den = _product(out.den, self._factors(count))
        return out

    def _atom(self, expr: ir.Expr, args: list) -> Form:
        """f(u) of entries: a new symbol indexed like u, if u has no summation, no size as a
        number and no denominator (its entries are then the same polynomial at every size)."""
        axes: tuple = ()
        for arg in args:
            form = self.form(arg)
            if any(form.s.values()) or any(form.deg.values()) or form.den:
                raise Outside(f"`{ir.to_text(expr)}` of a sum, a size or a quotient")
            axes = self._broadcast(axes, form.axes)
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

    def _call(self, expr: ir.Call) -> Form:
        rule = CATALOG[expr.fn].uniform
        if rule is None:
            raise Outside(f"{expr.fn} (not uniform in the sizes)")
        kind = rule.kind
        if kind == "elementwise":
            return self._atom(expr, list(expr.args))
        if kind == "guard":
            return self.form(expr.args[0])
        if kind in ("eye", "filled"):
            axes = tuple(self._size_arg(a) for a in expr.args)
            return Form(axes * 2 if kind == "eye" else axes)
        if kind == "calculus":
            return self._derivative(expr)
        args = [self.form(a) for a in expr.args]
        if kind == "reduce":
            axis = expr.kwarg("axis")
            rank = len(args[0].axes)
            which = range(rank) if axis is None else [int(ir.exponent_value(axis)) % rank]
            return self._reduce(args[0], which, rule.per_count)
        if kind == "contract":
            return self._matmul(args[0], args[1])
        if kind == "norm":
            if len(expr.args) < 2 or ir.exponent_value(expr.args[1]) != 1:
                raise Outside("the 2-norm, a square root (its even powers are polynomials)")
            atom = self._atom(ir.Call("abs", (expr.args[0],)), [expr.args[0]])
            return self._reduce(atom, range(len(atom.axes)), False)
        self._scalar_den(*args)
        (a, *rest) = args
        if kind == "outer":
            b = rest[0]
            return Form(a.axes + b.axes, _plus(a.s, b.s), _plus(a.deg, b.deg), _product(a.den, b.den))
        if kind == "trace":
            if a.axes[0] != a.axes[1]:
                raise Outside("the trace of a matrix that is square only at some sizes")
            return self._summed(Form((), a.s, a.deg, a.den), [a.axes[0]])
        if kind == "diag":
            if len(a.axes) == 1:
                return Form(a.axes * 2, a.s, a.deg, a.den)
            if a.axes[0] != a.axes[1]:
                raise Outside("the diagonal of a matrix that is square only at some sizes")
            return Form(a.axes[:1], a.s, a.deg, a.den)
        raise Outside(f"{expr.fn}")  # pragma: no cover

    def _size_arg(self, expr: ir.Expr) -> Axis:
        if isinstance(expr, ir.Dim):
            return self._axis(expr.name)
        return Axis(None, size=self._constant(expr))

    def _derivative(self, expr: ir.Call) -> Form:
        """No new summation index; the free indices of the symbol; the quotient rule doubles
        the factors that depend on the symbol."""
        f, x = self.form(expr.args[0]), expr.args[1].name
        times = 2 if expr.fn == "hessian" else 1
        for node in ir.walk(expr.args[0]):
            atom = self._atom_key(node)
            if atom is not None and _uses(atom, x):
                self._differentiable(atom, times)
        s, deg, den = dict(f.s), dict(f.deg), dict(f.den)
        for _ in range(times):
            for key, (e, factor) in list(den.items()):
                if key[0] == "num" and _uses(key[1], x):
                    s, deg = _plus(s, factor.s, e), _plus(deg, factor.deg, e)
                    den[key] = (2 * e, factor)
        axes = tuple(self._axis(d) for d in self.symbols[x].shape) if expr.fn != "diff" else ()
        return Form(f.axes + axes * times, s, deg, den)

    def _atom_key(self, node: ir.Expr) -> ir.Expr | None:
        if isinstance(node, ir.Call) and node.fn == "norm":
            return ir.Call("abs", (node.args[0],))
        if isinstance(node, ir.Call) or (isinstance(node, ir.Bin) and node.op == "**"):
            return node if node in self.atoms else None
        return None

    def _differentiable(self, atom: ir.Expr, times: int) -> None:
        """The atom's derivative rule, and those of the atoms it brings, `times` deep."""
        if times <= 0 or self.derivatives.get(atom, (0, None))[0] >= times:
            return
        rule = CATALOG[atom.fn].uniform.derivative if isinstance(atom, ir.Call) else None
        if rule is None or len(atom.args) != 1:
            raise Outside(f"`{ir.to_text(atom)}` has no derivative rule inside the argument")
        derivative = rule(atom.args[0])
        self.derivatives[atom] = (times, derivative)
        self.form(derivative)
        for node in ir.walk(derivative):
            inner = self._atom_key(node)
            if inner is not None:
                self._differentiable(inner, times - 1)


def index_count(form: Form) -> dict:
    """Per family: summation indices plus the free indices of an entry (V in docs/all-sizes.md)."""
    out = dict(form.s)
    for axis in form.axes:
        if axis.family is not None:
            out[axis.family] = out.get(axis.family, 0) + 1
    return out
