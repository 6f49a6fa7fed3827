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

from dataclasses import dataclass

import numpy as np

from ..language import ir
from ..language.catalog import even_power_of_kink
from ..language.typecheck import const_int
from .values import align


class NoJet(Exception):
    """A node of f has no jet rule here (or is itself a derivative)."""


@dataclass
class Jet:
    v: np.ndarray  # value, (batch,) + shape
    vm: np.ndarray  # its magnitude
    g: np.ndarray | None = None  # (k, batch) + shape; None: zero
    gm: np.ndarray | None = None
    h: np.ndarray | None = None  # (k, k, batch) + shape; None: zero
    hm: np.ndarray | None = None


def _d(f0, f1, f2, f3):
    return f0, f1, f2, f3


def _sigmoid(a):
    return 0.5 * (1 + np.tanh(a / 2))


# f(a), f'(a), f''(a), and a bound on |f'''(a)| (for the rounding of f'' at a rounded a)
UNARY = {
    "abs": lambda a: _d(np.abs(a), np.sign(a), 0.0, 0.0),
    "sign": lambda a: _d(np.sign(a), 0.0, 0.0, 0.0),
    "relu": lambda a: _d(np.maximum(a, 0), (a > 0) * 1.0, 0.0, 0.0),
    "exp": lambda a: _d(np.exp(a), np.exp(a), np.exp(a), np.exp(a)),
    "log": lambda a: _d(np.log(a), 1 / a, -1 / a**2, 2 / np.abs(a) ** 3),
    "log1p": lambda a: _d(np.log1p(a), 1 / (1 + a), -1 / (1 + a) ** 2, 2 / np.abs(1 + a) ** 3),
    "sqrt": lambda a: _d(np.sqrt(a), 0.5 / np.sqrt(a), -0.25 / (a * np.sqrt(a)), 0.375 / (a * a * np.sqrt(a))),
    "sin": lambda a: _d(np.sin(a), np.cos(a), -np.sin(a), 1.0),
    "cos": lambda a: _d(np.cos(a), -np.sin(a), -np.cos(a), 1.0),
    "tanh": lambda a: _d(np.tanh(a), 1 - np.tanh(a) ** 2, -2 * np.tanh(a) * (1 - np.tanh(a) ** 2), 2.0),
    "sigmoid": lambda a: _d(_sigmoid(a), _sigmoid(a) * (1 - _sigmoid(a)),
                            _sigmoid(a) * (1 - _sigmoid(a)) * (1 - 2 * _sigmoid(a)), 0.125),
    "softplus": lambda a: _d(np.logaddexp(0, a), _sigmoid(a), _sigmoid(a) * (1 - _sigmoid(a)), 0.1),
}


def _add(*terms):
    present = [t for t in terms if t is not None]
    if not present:
        return None
    total = present[0]
    for t in present[1:]:
        total = total + t
    return total


def _map(fn, jet: Jet, value=None, mag=None) -> Jet:
    """A linear map applied alike to the value and every derivative (they share trailing axes)."""
    f = lambda x: None if x is None else fn(x)  # noqa: E731
    return Jet(f(jet.v) if value is None else value, f(jet.vm) if mag is None else mag,
               f(jet.g), f(jet.gm), f(jet.h), f(jet.hm))


def _lift(x, lead: int, rank: int):
    """Align an array with `lead` derivative axes (and a batch axis) to claim rank `rank`."""
    if x is None:
        return None
    missing = rank - (x.ndim - 1 - lead)
    return x.reshape(x.shape[: lead + 1] + (1,) * missing + x.shape[lead + 1 :]) if missing > 0 else x


def _aligned(jet: Jet, rank: int) -> Jet:
    return Jet(align(jet.v, rank), align(jet.vm, rank), _lift(jet.g, 1, rank), _lift(jet.gm, 1, rank),
               _lift(jet.h, 2, rank), _lift(jet.hm, 2, rank))


def _matmul(ra: int, rb: int):
    """a @ b over the last axes (claim ranks ra, rb), whatever leading axes they carry."""
    if ra == 1 and rb == 1:
        return lambda x, y: (x * y).sum(axis=-1)
    if ra == 2 and rb == 1:
        return lambda x, y: (x @ y[..., None])[..., 0]
    if ra == 1 and rb == 2:
        return lambda x, y: (x[..., None, :] @ y)[..., 0, :]
    return lambda x, y: x @ y


def _outer(x, y):
    return x[..., :, None] * y[..., None, :]


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
            seed = np.eye(self.k).reshape((self.k, 1) + x.shape[1:])
            return Jet(x, np.abs(x), seed, seed)
        if isinstance(node, ir.Neg):
            inner = self(node.operand)
            negate = lambda x: None if x is None else -x  # noqa: E731
            return Jet(*self.value(node), negate(inner.g), inner.gm, negate(inner.h), inner.hm)
        if isinstance(node, ir.Transpose):
            inner = self(node.operand)
            swap = (lambda a: np.swapaxes(a, -1, -2)) if inner.v.ndim == 3 else (lambda a: a)
            return _map(swap, inner, *self.value(node))
        if isinstance(node, ir.Index):
            return self._index(node)
        if isinstance(node, ir.Bin):
            return self._binary(node)
        if isinstance(node, ir.Call):
            return self._call(node)
        raise NoJet(type(node).__name__)

    def _index(self, node: ir.Index) -> Jet:
        key: list = []
        for item in node.items:
            if isinstance(item, ir.NewAxis):
                key.append(None)
            elif isinstance(item, ir.Slice):
                lo = None if item.lo is None else const_int(item.lo, self.ev.dims)
                hi = None if item.hi is None else const_int(item.hi, self.ev.dims)
                key.append(slice(lo, hi))
            else:
                key.append(const_int(item, self.ev.dims))
        inner = self(node.base)
        lead = lambda x, d: x[(slice(None),) * (d + 1) + tuple(key)]  # noqa: E731
        return Jet(*self.value(node), *[None if a is None else lead(a, d) for a, d in
                                        ((inner.g, 1), (inner.gm, 1), (inner.h, 2), (inner.hm, 2))])

    def _binary(self, node: ir.Bin) -> Jet:
        op = node.op
        if op == "**":
            return self._power(node)
        a, b = self(node.left), self(node.right)
        v, vm = self.value(node)
        if op == "@":
            return self._bilinear(_matmul(a.v.ndim - 1, b.v.ndim - 1), a, b, v, vm)
        rank = max(a.v.ndim, b.v.ndim) - 1
        a, b = _aligned(a, rank), _aligned(b, rank)
        if op in ("+", "-"):
            sign = 1.0 if op == "+" else -1.0
            neg = lambda x: None if x is None else sign * x  # noqa: E731
            return Jet(v, vm, _add(a.g, neg(b.g)), _add(a.gm, b.gm), _add(a.h, neg(b.h)), _add(a.hm, b.hm))
        if op == "*":
            return self._bilinear(np.multiply, a, b, v, vm)
        if op == "/":
            return self._bilinear(np.multiply, a, self._unary(b, _reciprocal), v, vm)
        raise NoJet(op)

    def _power(self, node: ir.Bin) -> Jet:
        p = ir.exponent_value(node.right)
        if p is None:
            raise NoJet("a power with a variable exponent")
        if even_power_of_kink(node) and node.left.fn == "norm":  # norm(u)**2k: smooth, also at u = 0
            u = self(node.left.args[0])
            squares = self._bilinear(np.multiply, u, u, u.v * u.v, u.vm * u.vm)
            base = _map(lambda x: x.sum(axis=tuple(range(x.ndim - u.v.ndim + 1, x.ndim))), squares)
            return self._unary(base, _power_rule(p / 2), *self.value(node))
        if even_power_of_kink(node):  # abs(u)**2k
            u = self(node.left.args[0])
            return self._unary(self._bilinear(np.multiply, u, u, u.v * u.v, u.vm * u.vm), _power_rule(p / 2),
                               *self.value(node))
        return self._unary(self(node.left), _power_rule(p), *self.value(node))

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
            op = _outer if fn == "outer" else _matmul(a.v.ndim - 1, b.v.ndim - 1)
            return self._bilinear(op, a, b, v, vm)
        if fn == "trace":
            return _map(lambda x: np.trace(x, axis1=-2, axis2=-1), self(node.args[0]), v, vm)
        if fn == "diag":
            inner = self(node.args[0])
            if inner.v.ndim == 2:
                eye = np.eye(inner.v.shape[1])
                return _map(lambda x: x[..., :, None] * eye, inner, v, vm)
            return _map(lambda x: np.diagonal(x, axis1=-2, axis2=-1), inner, v, vm)
        if fn in ("maximum", "minimum"):
            return self._select(node, v, vm)
        if fn == "norm" and len(node.args) == 2 and ir.exponent_value(node.args[1]) == 1:  # sum(abs(u))
            inner = self._unary(self(node.args[0]), UNARY["abs"])
            return _map(lambda x: x.sum(axis=tuple(range(x.ndim - inner.v.ndim + 1, x.ndim))), inner, v, vm)
        if fn == "norm" and (len(node.args) == 1 or ir.exponent_value(node.args[1]) == 2):  # sqrt(sum(u * u))
            u = self(node.args[0])
            squares = self._bilinear(np.multiply, u, u, u.v * u.v, u.vm * u.vm)
            base = _map(lambda x: x.sum(axis=tuple(range(x.ndim - u.v.ndim + 1, x.ndim))), squares)
            return self._unary(base, UNARY["sqrt"], v, vm)
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

        def reduce(x):
            first = x.ndim - rank
            return x.sum(axis=tuple(range(first, x.ndim)) if axis is None else first + axis) * scale

        return _map(reduce, inner, v, vm)

    def _select(self, node: ir.Call, v, vm) -> Jet:
        a, b = self(node.args[0]), self(node.args[1])
        rank = max(a.v.ndim, b.v.ndim) - 1
        a, b = _aligned(a, rank), _aligned(b, rank)
        pick = a.v >= b.v if node.fn == "maximum" else a.v <= b.v

        def choose(x, y):
            if x is None and y is None:
                return None
            x = np.zeros_like(y) if x is None else x
            y = np.zeros_like(x) if y is None else y
            return np.where(pick, x, y)

        return Jet(v, vm, choose(a.g, b.g), choose(a.gm, b.gm), choose(a.h, b.h), choose(a.hm, b.hm))

    # ------------------------------------------------------------ rules

    def _bilinear(self, op, a: Jet, b: Jet, v, vm) -> Jet:
        """The product rule for any bilinear op (elementwise *, @, outer)."""
        def both(x, y):
            return None if x is None or y is None else op(x, y)

        g = _add(both(a.g, b.v), both(a.v, b.g))
        gm = _add(both(a.gm, b.vm), both(a.vm, b.gm))
        h = hm = None
        if self.order == 2:
            cross = both(None if a.g is None else a.g[:, None], None if b.g is None else b.g[None, :])
            cross_m = both(None if a.gm is None else a.gm[:, None], None if b.gm is None else b.gm[None, :])
            h = _add(both(a.h, b.v), both(a.v, b.h), None if cross is None else cross + np.swapaxes(cross, 0, 1))
            hm = _add(both(a.hm, b.vm), both(a.vm, b.hm), None if cross_m is None else cross_m + np.swapaxes(cross_m, 0, 1))
        return Jet(v, vm, g, gm, h, hm)

    def _unary(self, a: Jet, rule, v=None, vm=None) -> Jet:
        """The chain rule: f(a) with f', f'' at a (and |f'''| for the magnitude of f'')."""
        f0, d1, d2, d3 = rule(a.v)
        d1, d2 = np.asarray(d1, float), np.asarray(d2, float)
        v = f0 if v is None else v
        vm = np.abs(f0) + np.abs(d1) * a.vm if vm is None else vm
        g = gm = h = hm = None
        if a.g is not None:
            g = d1 * a.g
            gm = np.abs(d1) * a.gm + np.abs(d2) * a.vm * np.abs(a.g)
        if self.order == 2:
            outer = None if a.g is None else a.g[:, None] * a.g[None, :]
            outer_m = None if a.gm is None else a.gm[:, None] * a.gm[None, :]
            h = _add(None if a.h is None else d1 * a.h, None if outer is None else d2 * outer)
            hm = _add(None if a.hm is None else np.abs(d1) * a.hm + np.abs(d2) * a.vm * np.abs(a.h),
                      None if outer_m is None else (2 * np.abs(d2) + np.abs(d3) * a.vm) * outer_m)
        return Jet(v, vm, g, gm, h, hm)


def _reciprocal(a):
    r = 1 / a
    return r, -r * r, 2 * r**3, 6 * np.abs(r) ** 4


def _power_rule(p):
    """a**p and its derivatives, for a constant exponent p (a Fraction)."""
    def rule(a):
        def term(j):
            coefficient = 1.0
            for i in range(j):
                coefficient *= float(p - i)
            if coefficient == 0:
                return 0.0
            e = p - j
            return coefficient * (a ** int(e) if e.denominator == 1 and e >= 0 else a ** float(e))

        return term(0), term(1), term(2), np.abs(term(3))

    return rule


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
    g = np.zeros((k, 1) + jet.v.shape[1:]) if jet.g is None else jet.g
    gm = np.zeros((k, 1) + jet.v.shape[1:]) if jet.gm is None else jet.gm
    full = (k, batch) + jet.v.shape[1:]
    if expr.fn == "diff":  # x is a scalar (k = 1); f may be an array
        return np.broadcast_to(g, full)[0], np.broadcast_to(gm, full)[0]
    out = [np.moveaxis(np.broadcast_to(a, full), 0, 1).reshape((batch,) + shape) for a in (g, gm)]
    return out[0], out[1]
