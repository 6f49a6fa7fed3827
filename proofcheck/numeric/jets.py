"""grad, diff and hessian as jets: derivatives carried through the expression with its values.

Every node of f that depends on x carries, besides its value (the evaluator's,
shared), the derivatives of each entry in the k entries of x: `g` of shape
(k,) + value shape and, for a Hessian, `h` of shape (k, k) + value shape. The
derivative axes lead, so numpy's broadcasting over leading axes applies each
rule once for all of them, and a derivative costs k (or k^2) times the size of
each node, not k (or k^2) evaluations of the whole of f. No step size, hence
no truncation error: each derivative comes with a magnitude (the same rules on
absolute values, as `mag` for values) that bounds its rounding error. A node
without a rule raises NoJet, and the caller takes central differences instead.
Exact confirmation uses exact jets; these only propose candidates.
"""

from __future__ import annotations

import numpy as np

from ..language import ir
from ..language.catalog import even_power_of_kink
from ..language.typecheck import const_int
from .piecewise import condition
from .values import align, index_key
from .jetmath import (UNARY, Diagonal, Jet, NoJet, add_terms, aligned, all_diagonal, linear_map, matmul_rule,
                      outer_rule, plain, power_rule, reciprocal, same_shape, total)


class JetEval:
    """Jets of the nodes of f in symbol `name`, to `order` 1 (gradient) or 2 (Hessian)."""

    def __init__(self, ev, name: str, order: int) -> None:
        self.ev, self.name, self.order = ev, name, order
        x = ev.values[name]
        self.k = int(np.prod(x.shape[1:], dtype=int))
        self.memo: dict = {}
        self.dependent: dict = {}

    def depends(self, node) -> bool:
        key = id(node)
        if key not in self.dependent:
            self.dependent[key] = any(isinstance(n, ir.Sym) and n.name == self.name for n in ir.walk(node))
        return self.dependent[key]

    def __call__(self, node) -> Jet:
        key = id(node)
        if key not in self.memo:
            if self.depends(node):
                with np.errstate(all="ignore"):
                    self.memo[key] = self._jet(node)
            else:
                value = self.ev(node)
                self.memo[key] = Jet(value.v, value.mag)
        return self.memo[key]

    def value(self, node) -> tuple:
        value = self.ev(node)
        return value.v, value.mag

    # ------------------------------------------------------------ nodes

    def _jet(self, node) -> Jet:
        if isinstance(node, ir.Sym):
            x = self.ev.values[node.name]
            if self.order == 1:
                seed = Diagonal(np.ones((1,) + x.shape[1:]))
                return Jet(x, np.abs(x), seed, seed)
            seed = np.eye(self.k).reshape((self.k, 1) + x.shape[1:])
            return Jet(x, np.abs(x), seed, seed)
        if isinstance(node, ir.Neg):
            inner = self(node.operand)
            negate = lambda x: None if x is None else Diagonal(-x.d) if isinstance(x, Diagonal) else -x  # noqa: E731
            return Jet(*self.value(node), negate(inner.g), inner.gm, negate(inner.h), inner.hm)
        if isinstance(node, ir.Transpose):
            inner = self(node.operand)
            swap = (lambda a: np.swapaxes(a, -1, -2)) if inner.v.ndim == 3 else (lambda a: a)
            return linear_map(swap, inner, *self.value(node))
        if isinstance(node, ir.Index):
            return self._index(node)
        if isinstance(node, ir.Bin):
            return self._binary(node)
        if isinstance(node, ir.Call):
            return self._call(node)
        raise NoJet(type(node).__name__)

    def _index(self, node: ir.Index) -> Jet:
        key = index_key(node.items, self.ev.dims)
        inner = self(node.base)
        lead = lambda x, d: plain(x)[(slice(None),) * (d + 1) + tuple(key)]  # noqa: E731
        return Jet(*self.value(node), *[None if a is None else lead(a, d) for a, d in
                                        ((inner.g, 1), (inner.gm, 1), (inner.h, 2), (inner.hm, 2))])

    def _binary(self, node: ir.Bin) -> Jet:
        op = node.op
        if op == "**":
            return self._power(node)
        a, b = self(node.left), self(node.right)
        v, vm = self.value(node)
        if op == "@":
            return self._bilinear(matmul_rule(a.v.ndim - 1, b.v.ndim - 1), a, b, v, vm)
        rank = max(a.v.ndim, b.v.ndim) - 1
        a, b = aligned(a, rank), aligned(b, rank)
        if op in ("+", "-"):
            sign = 1.0 if op == "+" else -1.0
            if all_diagonal(a.g, b.g) and same_shape(v, a.g, b.g):
                d = lambda x: None if x is None else x.d  # noqa: E731
                neg = lambda x: None if x is None else sign * x  # noqa: E731
                return Jet(v, vm, Diagonal(add_terms(d(a.g), neg(d(b.g)))), Diagonal(add_terms(d(a.gm), d(b.gm))))
            neg = lambda x: None if x is None else sign * plain(x)  # noqa: E731
            return Jet(v, vm, add_terms(plain(a.g), neg(b.g)), add_terms(plain(a.gm), plain(b.gm)),
                       add_terms(a.h, neg(b.h)), add_terms(a.hm, b.hm))
        if op == "*":
            return self._bilinear(np.multiply, a, b, v, vm)
        if op == "/":
            return self._bilinear(np.multiply, a, self._unary(b, reciprocal), v, vm)
        raise NoJet(op)

    def _power(self, node: ir.Bin) -> Jet:
        p = ir.exponent_value(node.right)
        if p is None:
            raise NoJet("a power with a variable exponent")
        if even_power_of_kink(node) and node.left.fn == "norm":  # norm(u)**2k: smooth, also at u = 0
            u = self(node.left.args[0])
            squares = self._bilinear(np.multiply, u, u, u.v * u.v, u.vm * u.vm)
            return self._unary(total(squares), power_rule(p / 2), *self.value(node))
        if even_power_of_kink(node):  # abs(u)**2k
            u = self(node.left.args[0])
            return self._unary(self._bilinear(np.multiply, u, u, u.v * u.v, u.vm * u.vm), power_rule(p / 2),
                               *self.value(node))
        return self._unary(self(node.left), power_rule(p), *self.value(node))

    def _call(self, node: ir.Call) -> Jet:
        fn = node.fn
        if fn == "_guard":
            inner = self(node.args[0])
            return Jet(*self.value(node), inner.g, inner.gm, inner.h, inner.hm)
        if fn in UNARY:
            return self._unary(self(node.args[0]), UNARY[fn], *self.value(node))
        v, vm = self.value(node)
        if fn in ("sum", "mean"):
            return self._sum(node, v, vm)
        if fn in ("dot", "outer"):
            a, b = self(node.args[0]), self(node.args[1])
            op = outer_rule if fn == "outer" else matmul_rule(a.v.ndim - 1, b.v.ndim - 1)
            return self._bilinear(op, a, b, v, vm)
        if fn == "trace":
            return linear_map(lambda x: np.trace(x, axis1=-2, axis2=-1), self(node.args[0]), v, vm)
        if fn == "diag":
            inner = self(node.args[0])
            if inner.v.ndim == 2:
                eye = np.eye(inner.v.shape[1])
                return linear_map(lambda x: x[..., :, None] * eye, inner, v, vm)
            return linear_map(lambda x: np.diagonal(x, axis1=-2, axis2=-1), inner, v, vm)
        if fn in ("maximum", "minimum", "where"):
            return self._select(node, v, vm)
        if fn == "norm" and len(node.args) == 2 and ir.exponent_value(node.args[1]) == 1:  # sum(abs(u))
            inner = self._unary(self(node.args[0]), UNARY["abs"])
            return total(inner, v, vm)
        if fn == "norm" and (len(node.args) == 1 or ir.exponent_value(node.args[1]) == 2):  # sqrt(sum(u * u))
            u = self(node.args[0])
            squares = self._bilinear(np.multiply, u, u, u.v * u.v, u.vm * u.vm)
            return self._unary(total(squares), UNARY["sqrt"], v, vm)
        raise NoJet(fn)

    def _sum(self, node: ir.Call, v, vm) -> Jet:
        inner = self(node.args[0])
        rank = inner.v.ndim - 1
        axis = dict(node.kwargs).get("axis")
        axis = None if axis is None else const_int(axis, self.ev.dims) % rank
        count = 1
        for i, size in enumerate(inner.v.shape[1:]):
            count *= size if axis is None or i == axis else 1
        scale = 1.0 / count if node.fn == "mean" else 1.0

        if axis is None:
            return linear_map(lambda x: x * scale, total(inner), v, vm)

        def reduce(x):
            first = x.ndim - rank
            return x.sum(axis=first + axis) * scale

        return linear_map(reduce, inner, v, vm)

    def _select(self, node: ir.Call, v, vm) -> Jet:
        """maximum, minimum, where: each entry's derivatives those of the piece it takes (at a
        tie or a switch the derivative may not exist: derivatives.py flags those samples)."""
        if node.fn == "where":
            holds = condition(self.ev, node.args[0])[0]
            a, b = self(node.args[1]), self(node.args[2])
        else:
            a, b = self(node.args[0]), self(node.args[1])
        rank = max(a.v.ndim, b.v.ndim, v.ndim) - 1
        a, b = aligned(a, rank), aligned(b, rank)
        if node.fn == "where":
            pick = align(holds, rank)
        else:
            pick = a.v >= b.v if node.fn == "maximum" else a.v <= b.v

        def choose(x, y):
            if x is None and y is None:
                return None
            x, y = plain(x), plain(y)
            x = np.zeros_like(y) if x is None else x
            y = np.zeros_like(x) if y is None else y
            return np.where(pick, x, y)

        return Jet(v, vm, choose(a.g, b.g), choose(a.gm, b.gm), choose(a.h, b.h), choose(a.hm, b.hm))

    # ------------------------------------------------------------ rules

    def _bilinear(self, op, a: Jet, b: Jet, v, vm) -> Jet:
        """The product rule for any bilinear op (elementwise *, @, outer)."""
        if op is np.multiply and all_diagonal(a.g, b.g) and same_shape(v, a.g, b.g):
            def part(x, y):  # a diagonal gradient times a value, entry by entry
                return None if x is None else x.d * y

            return Jet(v, vm, Diagonal(add_terms(part(a.g, b.v), part(b.g, a.v))),
                       Diagonal(add_terms(part(a.gm, b.vm), part(b.gm, a.vm))))
        a = Jet(a.v, a.vm, plain(a.g), plain(a.gm), a.h, a.hm)
        b = Jet(b.v, b.vm, plain(b.g), plain(b.gm), b.h, b.hm)

        def both(x, y):
            return None if x is None or y is None else op(x, y)

        g = add_terms(both(a.g, b.v), both(a.v, b.g))
        gm = add_terms(both(a.gm, b.vm), both(a.vm, b.gm))
        h = hm = None
        if self.order == 2:
            cross = both(None if a.g is None else a.g[:, None], None if b.g is None else b.g[None, :])
            cross_m = both(None if a.gm is None else a.gm[:, None], None if b.gm is None else b.gm[None, :])
            h = add_terms(both(a.h, b.v), both(a.v, b.h), None if cross is None else cross + np.swapaxes(cross, 0, 1))
            hm = add_terms(both(a.hm, b.vm), both(a.vm, b.hm),
                           None if cross_m is None else cross_m + np.swapaxes(cross_m, 0, 1))
        return Jet(v, vm, g, gm, h, hm)

    def _unary(self, a: Jet, rule, v=None, vm=None) -> Jet:
        """The chain rule: f(a) with f', f'' at a (and |f'''| for the magnitude of f'')."""
        f0, d1, d2, d3 = rule(a.v)
        d1, d2 = np.asarray(d1, float), np.asarray(d2, float)
        v = f0 if v is None else v
        vm = np.abs(f0) + np.abs(d1) * a.vm if vm is None else vm
        g = gm = h = hm = None
        if isinstance(a.g, Diagonal):
            return Jet(v, vm, Diagonal(d1 * a.g.d), Diagonal(np.abs(d1) * a.gm.d + np.abs(d2) * a.vm * np.abs(a.g.d)))
        if a.g is not None:
            g = d1 * a.g
            gm = np.abs(d1) * a.gm + np.abs(d2) * a.vm * np.abs(a.g)
        if self.order == 2:
            outer = None if a.g is None else a.g[:, None] * a.g[None, :]
            outer_m = None if a.gm is None else a.gm[:, None] * a.gm[None, :]
            h = add_terms(None if a.h is None else d1 * a.h, None if outer is None else d2 * outer)
            hm = add_terms(None if a.hm is None else np.abs(d1) * a.hm + np.abs(d2) * a.vm * np.abs(a.h),
                      None if outer_m is None else (2 * np.abs(d2) + np.abs(d3) * a.vm) * outer_m)
        return Jet(v, vm, g, gm, h, hm)


def jet_derivative(ev, expr: ir.Call) -> tuple:
    """(derivative values, magnitude) of grad/diff/hessian(f, x) by jets; NoJet if f has a
    node without a rule."""
    f, x = expr.args
    order = 2 if expr.fn == "hessian" else 1
    evaluator = JetEval(ev, x.name, order)
    jet = evaluator(f)
    batch = max(ev.batch, 1)
    shape = ev.values[x.name].shape[1:]
    k = evaluator.k
    if order == 2:
        h = np.zeros((k, k, 1)) if jet.h is None else jet.h
        hm = np.zeros((k, k, 1)) if jet.hm is None else jet.hm
        out = [np.moveaxis(np.broadcast_to(a, (k, k, batch)), 2, 0).reshape((batch,) + shape + shape) for a in (h, hm)]
        return out[0], out[1]
    g = np.zeros((k, 1) + jet.v.shape[1:]) if jet.g is None else plain(jet.g)
    gm = np.zeros((k, 1) + jet.v.shape[1:]) if jet.gm is None else plain(jet.gm)
    full = (k, batch) + jet.v.shape[1:]
    if expr.fn == "diff":  # x is a scalar (k = 1); f may be an array
        return np.broadcast_to(g, full)[0], np.broadcast_to(gm, full)[0]
    out = [np.moveaxis(np.broadcast_to(a, full), 0, 1).reshape((batch,) + shape) for a in (g, gm)]
    return out[0], out[1]
