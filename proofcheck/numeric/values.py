"""What the two numpy evaluators share (the IR's values, and its derivatives):
tolerances, the value of a node (`Val`), broadcasting along the batch axis and
the test of a `requires` condition."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..language import ir
from ..language.typecheck import const_int

EPS = np.finfo(float).eps
RTOL0 = 1e-9  # the default relative tolerance; derivative errors are expressed in its units


@dataclass
class Val:
    v: np.ndarray  # (batch or 1,) + shape
    mag: np.ndarray  # same shape, >= 0
    undefined: np.ndarray  # (batch or 1,) bool: surely undefined
    maybe: np.ndarray  # (batch or 1,) bool: possibly undefined, or too close to call


def per_sample(mask: np.ndarray) -> np.ndarray:
    return mask.reshape(mask.shape[0], -1).any(axis=1) if mask.ndim > 1 else mask


def align(x: np.ndarray, rank: int) -> np.ndarray:
    """Insert axes after the batch axis so that claim shapes broadcast as in NumPy."""
    missing = rank - (x.ndim - 1)
    return x.reshape(x.shape[:1] + (1,) * missing + x.shape[1:]) if missing > 0 else x


def index_key(items, dims: dict) -> tuple:
    """The numpy index of an ir.Index's items over the claim's axes (the batch axis not included)."""
    key: list = []
    for item in items:
        if isinstance(item, ir.NewAxis):
            key.append(None)
        elif isinstance(item, ir.Slice):
            lo = None if item.lo is None else const_int(item.lo, dims)
            hi = None if item.hi is None else const_int(item.hi, dims)
            key.append(slice(lo, hi))
        else:
            key.append(const_int(item, dims))
    return tuple(key)


def violates(need: str, a: Val) -> tuple:
    """(surely, maybe) per sample: where an argument breaks a `requires` condition."""
    v, m = a.v, a.mag
    close = np.abs(v) <= 16 * EPS * m
    if need == "nonneg":
        return per_sample((v < 0) & ~close), per_sample(close & (v != 0))
    if need == "pos":
        return per_sample((v <= 0) & ~(close & (v != 0))), per_sample(close & (v > 0))
    if need == "nonzero":
        return per_sample(v == 0), per_sample(close & (v != 0))
    if need == "invertible":
        det = np.linalg.det(v)
        cond = np.linalg.cond(v)
        return det == 0, ~(det == 0) & ~(cond < 1e10)
    return np.zeros(v.shape[0], bool), np.zeros(v.shape[0], bool)
