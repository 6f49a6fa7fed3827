"""The expression tree evaluated with numpy over a batch of samples (axis 0).

Each node yields its values, a rounding-error magnitude `mag` (roughly the
sum of the absolute values of the terms that produced each entry, so that
|computed - true| is a small multiple of eps * mag), and per sample whether
some part was undefined (a division by zero, the log of a number <= 0, ...)
or only maybe (too close to call in floating point). No Python loop runs per
sample; derivatives are central differences at two step sizes.
"""

from __future__ import annotations

import numpy as np

from ..language import ir
from ..language.catalog import CATALOG
from ..language.ir import exponent_value
from ..language.typecheck import const_int
from .piecewise import piecewise
from .values import EPS, Val, align, index_key, per_sample, violates

class NumEval:
    def __init__(self, values: dict, dims: dict, batch: int, nonneg: frozenset = frozenset()) -> None:
        self.values = values  # symbol -> float array (batch,) + shape
        self.dims = dims
        self.batch = batch
        self.nonneg = nonneg  # symbols sampled >= 0: their magnitude is their value, no copy
        self.symbols: dict = {}  # symbol -> its Val, however many nodes name it
        self.memo: dict = {}
        self._keep: list = []

    def __call__(self, expr: ir.Expr) -> Val:
        key = id(expr)
        if key not in self.memo:
            with np.errstate(all="ignore"):
                self.memo[key] = self._eval(expr)
            self._keep.append(expr)
        return self.memo[key]

    def const(self, value) -> Val:
        v = np.array([float(value)])
        no = np.zeros(1, bool)
        return Val(v, np.abs(v), no, no)

    def _eval(self, expr: ir.Expr) -> Val:
        if isinstance(expr, ir.Num):
            return self.const(expr.value)
        if isinstance(expr, ir.Const):
            return self.const(np.pi)
        if isinstance(expr, ir.Dim):
            return self.const(self.dims[expr.name])
        if isinstance(expr, ir.Sym):
            if expr.name not in self.symbols:
                v = self.values[expr.name]
                no = np.zeros(v.shape[0], bool)
                self.symbols[expr.name] = Val(v, v if expr.name in self.nonneg else np.abs(v), no, no)
            return self.symbols[expr.name]
        if isinstance(expr, ir.Neg):
            a = self(expr.operand)
            return Val(-a.v, a.mag, a.undefined, a.maybe)
        if isinstance(expr, ir.Transpose):
            a = self(expr.operand)
            swap = (lambda x: np.swapaxes(x, 1, 2)) if a.v.ndim == 3 else (lambda x: x)
            return Val(swap(a.v), swap(a.mag), a.undefined, a.maybe)
        if isinstance(expr, ir.Index):
            return self._index(expr)
        if isinstance(expr, ir.Bin):
            return self._binary(expr)
        if isinstance(expr, ir.Call):
            return self._call(expr)
        raise TypeError(f"cannot evaluate {expr!r}")

    def _index(self, expr: ir.Index) -> Val:
        a = self(expr.base)
        key = (slice(None),) + index_key(expr.items, self.dims)
        return Val(a.v[key], a.mag[key], a.undefined, a.maybe)

    def _binary(self, expr: ir.Bin) -> Val:
        a, b = self(expr.left), self(expr.right)
        undefined, maybe = a.undefined | b.undefined, a.maybe | b.maybe
        if expr.op == "@":
            matmul = CATALOG["dot"].num
            return Val(matmul(np, a.v, b.v), matmul(np, a.mag, b.mag), undefined, maybe)
        rank = max(a.v.ndim, b.v.ndim) - 1
        av, bv, am, bm = align(a.v, rank), align(b.v, rank), align(a.mag, rank), align(b.mag, rank)
        op = expr.op
        if op in ("+", "-"):
            return Val(av + bv if op == "+" else av - bv, am + bm, undefined, maybe)
        if op == "*":
            return Val(av * bv, am * bm, undefined, maybe)
        if op == "/":
            zero = bv == 0
            close = np.abs(bv) <= 16 * EPS * bm
            safe = np.where(zero, 1.0, bv)
            v = av / safe
            mag = am / np.abs(safe) + np.abs(v) * bm / np.abs(safe)
            return Val(v, mag, undefined | per_sample(np.broadcast_to(zero, v.shape)),
                       maybe | per_sample(np.broadcast_to(close & ~zero, v.shape)))
        return self._power(av, bv, am, bm, exponent_value(expr.right), undefined, maybe)

    def _power(self, av, bv, am, bm, p, undefined, maybe) -> Val:
        integer = p is not None and p.denominator == 1
        if integer and p >= 0:
            v = av ** int(p)
            return Val(v, am ** int(p), undefined, maybe)
        if integer:  # a negative power: a nonzero base
            zero = av == 0
            close = np.abs(av) <= 16 * EPS * am
            safe = np.where(zero, 1.0, av)
            v = safe ** int(p)
            mag = np.abs(v) * (1 + abs(int(p)) * am / np.abs(safe))
            return Val(v, mag, undefined | per_sample(np.broadcast_to(zero, v.shape)),
                       maybe | per_sample(np.broadcast_to(close & ~zero, v.shape)))
        bad = av < 0 if (p is not None and p > 0) else av <= 0
        close = (np.abs(av) <= 16 * EPS * am) & ~((av == 0) & (am == 0))  # a zero of magnitude 0 is exact
        safe = np.where(bad, 1.0, av)
        v = safe ** bv
        mag = np.abs(v) + np.abs(bv * v / np.where(safe == 0, 1.0, safe)) * am + np.abs(v * np.log(np.where(safe > 0, safe, 1.0))) * bm
        return Val(v, mag, undefined | per_sample(np.broadcast_to(bad & ~close, v.shape)),
                   maybe | per_sample(np.broadcast_to(close, v.shape)))

    def _call(self, expr: ir.Call) -> Val:
        func = CATALOG[expr.fn]
        if func.kind == "calculus":
            from .derivatives import derivative

            return derivative(self, expr)
        if func.kind == "piecewise":
            return piecewise(self, expr, func)
        if func.kind == "constructor":
            v = func.num(np, *[const_int(a, self.dims) for a in expr.args])
            no = np.zeros(1, bool)
            return Val(v, np.abs(v), no, no)
        ints = {i: const_int(a, self.dims) for i, a in enumerate(expr.args) if i in func.int_args}
        args = [self(a) for i, a in enumerate(expr.args) if i not in func.int_args]
        kwargs = {k: const_int(v, self.dims) for k, v in expr.kwargs}
        undefined = np.logical_or.reduce(np.broadcast_arrays(*[a.undefined for a in args]))
        maybe = np.logical_or.reduce(np.broadcast_arrays(*[a.maybe for a in args]))
        for index, need, *shift in func.requires:
            arg = args[index] if not shift else Val(args[index].v + shift[0], args[index].mag + abs(shift[0]),
                                                     args[index].undefined, args[index].maybe)
            bad, close = violates(need, arg)
            undefined, maybe = undefined | bad, maybe | close
        vs = [a.v for a in args]
        if func.kind == "elementwise" and len(vs) == 2:
            rank = max(x.ndim for x in vs) - 1
            vs = [align(x, rank) for x in vs]
        extra = [ints[i] for i in sorted(ints)]
        v = func.num(np, *vs, *extra, **kwargs)
        if func.num_mag == "linear" and all(a.mag is a.v for a in args):
            mag = v  # nonnegative arguments, exact as magnitudes: so is the result
        elif func.num_mag == "linear":
            ms = [a.mag for a in args]
            if func.kind == "elementwise" and len(ms) == 2:
                ms = [align(m, max(x.ndim for x in ms) - 1) for m in ms]
            mag = np.abs(func.num(np, *ms, *extra, **kwargs))
        else:
            mag = func.num_mag(np, vs, [a.mag for a in args], v, **kwargs)
        return Val(v, mag, undefined, maybe)
