"""The arithmetic of jets (jets.py): a value with its derivatives in the entries of x.

A Jet holds a value (batch,) + shape, its gradient (k, batch) + shape and its
Hessian (k, k, batch) + shape (None: zero), each with a magnitude bounding its
rounding error. The derivative axes lead, so that numpy's broadcasting over
leading axes applies a rule to all of them at once; a gradient that is
diagonal in the entries of x is kept as its diagonal. Here: the linear maps,
the product rule of any bilinear operation, the chain rule with the first
derivatives of each elementwise function (UNARY), and those helpers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .values import align


class NoJet(Exception):
    """A node of f has no jet rule here (or is itself a derivative)."""


class Diagonal:
    """A gradient that is diagonal in the entries of x (x itself, or an elementwise function
    of it), kept as the diagonal: elementwise rules cost the size of x, not its square,
    until a reduction or a product mixes the entries (a gradient only)."""

    __slots__ = ("d",)

    def __init__(self, d: np.ndarray) -> None:
        self.d = d  # (batch,) + the shape of x

    def dense(self) -> np.ndarray:
        shape = self.d.shape[1:]
        k = int(np.prod(shape, dtype=int))
        return np.eye(k).reshape((k, 1) + shape) * self.d[None]


def plain(x):
    return x.dense() if isinstance(x, Diagonal) else x


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


def add_terms(*terms):
    present = [t for t in terms if t is not None]
    if not present:
        return None
    total = present[0]
    for t in present[1:]:
        total = total + t
    return total


def linear_map(fn, jet: Jet, value=None, mag=None) -> Jet:
    """A linear map applied alike to the value and every derivative (they share trailing axes)."""
    f = lambda x: None if x is None else fn(plain(x))  # noqa: E731
    return Jet(f(jet.v) if value is None else value, f(jet.vm) if mag is None else mag,
               f(jet.g), f(jet.gm), f(jet.h), f(jet.hm))


def total(jet: Jet, v=None, vm=None) -> Jet:
    """The sum of all entries (of the value and of each derivative)."""
    rank = jet.v.ndim - 1

    def total(x):
        if x is None:
            return None
        if isinstance(x, Diagonal):  # d/dx_i of the sum: the i-th diagonal entry
            return np.moveaxis(x.d.reshape(x.d.shape[0], -1), 1, 0)
        return x.sum(axis=tuple(range(x.ndim - rank, x.ndim)))

    return Jet(total(jet.v) if v is None else v, total(jet.vm) if vm is None else vm, total(jet.g), total(jet.gm),
               total(jet.h), total(jet.hm))


def _lift(x, lead: int, rank: int):
    """Align an array with `lead` derivative axes (and a batch axis) to claim rank `rank`."""
    if x is None:
        return None
    if isinstance(x, Diagonal):
        return x if rank == x.d.ndim - 1 else _lift(x.dense(), lead, rank)
    missing = rank - (x.ndim - 1 - lead)
    return x.reshape(x.shape[: lead + 1] + (1,) * missing + x.shape[lead + 1 :]) if missing > 0 else x


def aligned(jet: Jet, rank: int) -> Jet:
    return Jet(align(jet.v, rank), align(jet.vm, rank), _lift(jet.g, 1, rank), _lift(jet.gm, 1, rank),
               _lift(jet.h, 2, rank), _lift(jet.hm, 2, rank))


def matmul_rule(ra: int, rb: int):
    """a @ b over the last axes (claim ranks ra, rb), whatever leading axes they carry."""
    if ra == 1 and rb == 1:
        return lambda x, y: (x * y).sum(axis=-1)
    if ra == 2 and rb == 1:
        return lambda x, y: (x @ y[..., None])[..., 0]
    if ra == 1 and rb == 2:
        return lambda x, y: (x[..., None, :] @ y)[..., 0, :]
    return lambda x, y: x @ y


def outer_rule(x, y):
    return x[..., :, None] * y[..., None, :]


def all_diagonal(*gradients) -> bool:
    """Every gradient is diagonal or zero, and one is diagonal."""
    return any(isinstance(g, Diagonal) for g in gradients) and all(g is None or isinstance(g, Diagonal)
                                                                   for g in gradients)


def same_shape(v, *gradients) -> bool:
    """The result has the shape of the diagonal gradients (nothing broadcast them wider)."""
    return all(g is None or g.d.shape[1:] == v.shape[1:] for g in gradients)


def reciprocal(a):
    r = 1 / a
    return r, -r * r, 2 * r**3, 6 * np.abs(r) ** 4


def power_rule(p):
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


