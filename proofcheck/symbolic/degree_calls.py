"""The degree analysis of the built-ins (their `uniform` field in the catalog) and of
derivatives: a mixin of Degree (degree.py), which gives it `form`, `_reduce`,
`_matmul`, `_atom`, `_axis` and `_constant`."""

from __future__ import annotations

from ..language import ir
from ..language.catalog import CATALOG, even_power_of_kink
from .forms import Axis, Form, Outside, plus, product, scalar_den, summed, uses


class CallDegrees:
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
            which = range(rank) if axis is None else [self._constant(axis) % rank]
            return self._reduce(args[0], which, rule.per_count)
        if kind == "contract":
            return self._matmul(args[0], args[1])
        if kind == "norm":
            if len(expr.args) < 2 or ir.exponent_value(expr.args[1]) != 1:
                raise Outside("the 2-norm, a square root (its even powers are polynomials)")
            atom = self._atom(ir.Call("abs", (expr.args[0],)), [expr.args[0]])
            return self._reduce(atom, range(len(atom.axes)), False)
        scalar_den(*args)
        (a, *rest) = args
        if kind == "outer":
            b = rest[0]
            return Form(a.axes + b.axes, plus(a.s, b.s), plus(a.deg, b.deg), product(a.den, b.den))
        if kind == "trace":
            if a.axes[0] != a.axes[1]:
                raise Outside("the trace of a matrix that is square only at some sizes")
            return summed(Form((), a.s, a.deg, a.den), [a.axes[0]])
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
            if atom is not None and uses(atom, x):
                self._differentiable(atom, times)
        s, deg, den = dict(f.s), dict(f.deg), dict(f.den)
        for _ in range(times):
            for key, (e, factor) in list(den.items()):
                if key[0] == "num" and uses(key[1], x):
                    s, deg = plus(s, factor.s, e), plus(deg, factor.deg, e)
                    den[key] = (2 * e, factor)
        axes = tuple(self._axis(d) for d in self.symbols[x].shape) if expr.fn != "diff" else ()
        return Form(f.axes + axes * times, s, deg, den)

    def _atom_key(self, node: ir.Expr) -> ir.Expr | None:
        """The atom a node is (or, for the 1-norm, stands for), else None."""
        if isinstance(node, ir.Call) and node.fn == "norm":
            return ir.Call("abs", (node.args[0],))
        if isinstance(node, ir.Call):
            rule = CATALOG[node.fn].uniform
            return node if rule is not None and rule.kind == "elementwise" else None
        if isinstance(node, ir.Bin) and node.op == "**" and even_power_of_kink(node) is None:
            p = ir.exponent_value(node.right)
            return node if p is None or p.denominator != 1 else None
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
