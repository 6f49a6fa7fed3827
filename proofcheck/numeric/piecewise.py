"""`where(c, a, b)` in floating point, over a batch: only the chosen piece counts.

A piece's undefinedness (a division by zero, a log of a number <= 0) is known
per sample, not per entry: it makes the sample surely undefined when every
entry takes that piece, and only maybe (a candidate the exact check decides,
entry by entry) when some entries take it. A condition too close to call in
floating point makes the sample a candidate too, unless both pieces agree
there, so that either choice gives the same value.
"""

from __future__ import annotations

import numpy as np

from ..language import ir
from .values import EPS, Val, align, per_sample

_OPS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal, "==": np.equal,
        "!=": np.not_equal}


def _every(mask: np.ndarray) -> np.ndarray:
    return mask.reshape(mask.shape[0], -1).all(axis=1) if mask.ndim > 1 else mask


def condition(ev, expr: ir.Compare) -> tuple:
    """(holds, near) per entry, (undefined, maybe) per sample, of an elementwise condition; `near`:
    the two sides are within rounding error of each other, or exactly equal (the switch itself)."""
    vals = [ev(t) for t in expr.terms]
    rank = max(v.v.ndim for v in vals) - 1
    holds = close = None
    undefined = np.logical_or.reduce(np.broadcast_arrays(*[v.undefined for v in vals]))
    maybe = np.logical_or.reduce(np.broadcast_arrays(*[v.maybe for v in vals]))
    for op, left, right in zip(expr.ops, vals, vals[1:]):
        lv, rv, lm, rm = (align(x, rank) for x in (left.v, right.v, left.mag, right.mag))
        with np.errstate(invalid="ignore"):
            part = _OPS[op](lv, rv)
            near = np.abs(lv - rv) <= 16 * EPS * (lm + rm)
        holds = part if holds is None else holds & part
        close = near if close is None else close | near
    return holds, close, undefined, maybe


def _ties(ev, expr: ir.Compare, rank: int) -> np.ndarray:
    out = None
    for left, right in zip(expr.terms, expr.terms[1:]):
        tie = align(ev(left).v, rank) == align(ev(right).v, rank)
        out = tie if out is None else out | tie
    return out


def piecewise(ev, expr: ir.Call, func) -> Val:
    holds, near, cu, cm = condition(ev, expr.args[0])
    # two sides computed equal are taken at their word (as `violates` takes an exact 0), so the
    # many special values sampled on a switch do not all become candidates
    close = near & ~_ties(ev, expr.args[0], near.ndim - 1)
    a, b = ev(expr.args[1]), ev(expr.args[2])
    rank = max(holds.ndim, a.v.ndim, b.v.ndim) - 1
    holds, close, av, bv, am, bm = (align(x, rank) for x in (holds, close, a.v, b.v, a.mag, b.mag))
    holds, close, av, bv, am, bm = np.broadcast_arrays(holds, close, av, bv, am, bm)
    value = func.num(np, holds, av, bv)
    mag = np.where(close, am + bm, func.num(np, holds, am, bm))
    takes_a, takes_b = holds | close, ~holds | close
    every_a, every_b = _every(holds & ~close), _every(~holds & ~close)
    some_a, some_b = per_sample(takes_a), per_sample(takes_b)
    with np.errstate(invalid="ignore"):
        disagree = close & ~(np.abs(av - bv) <= 16 * EPS * (am + bm))
    undefined = cu | (a.undefined & every_a) | (b.undefined & every_b)
    maybe = (cm | per_sample(disagree) | ((a.undefined | a.maybe) & some_a & ~every_a)
             | ((b.undefined | b.maybe) & some_b & ~every_b) | (a.maybe & some_a) | (b.maybe & some_b))
    return Val(value, mag, undefined | np.zeros_like(maybe), maybe)
