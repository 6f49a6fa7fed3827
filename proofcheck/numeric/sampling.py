"""Samples of each symbol by construction, respecting its domain and structure.

Each symbol is drawn as a row of free parameters per sample (the entries, the
upper triangle of a symmetric matrix, the factor F of a psd matrix F F.T, ...)
and built from them, in floats for the search and in exact fractions for the
confirmation. Shrinking works on the parameters, so a shrunk psd matrix is
still psd. Values mix special numbers, small integers, normal, uniform and
log-uniform magnitudes, and ties (an entry copied onto another).
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from ..exact.listarray import ListArray
from ..language.model import VECTOR_STRUCTURES

SPECIAL = np.array([0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5])
SLOTS = 256  # one uniform number picks a slot, and its position inside the slot the value


def _slot_table() -> tuple:
    """Per slot, value = A * t + B for t uniform in [0, 1): a quarter special numbers, a
    fifth small integers, a quarter normal (its quantile function, piecewise linear), the
    rest uniform on [-10, 10] and log-uniform (a random octave 2^-10..2^10, either sign).
    Every kind of value then costs the same few vectorized operations, with no choice
    per entry; no slot straddles 0, so a domain's sign is a change of the table."""
    from statistics import NormalDist

    A, B = [], []
    A += [0.0] * 64
    B += [SPECIAL[i % 7] for i in range(64)]
    A += [0.0] * 52
    B += [float(i % 11 - 5) for i in range(52)]
    quantile = NormalDist().inv_cdf
    edges = [max(-4.0, min(4.0, quantile(min(max(i / 64, 1e-9), 1 - 1e-9)))) for i in range(65)]
    A += [edges[i + 1] - edges[i] for i in range(64)]
    B += edges[:64]
    A += [20 / 36] * 36
    B += [-10 + 20 * i / 36 for i in range(36)]
    for i in range(40):  # octave 2^e .. 2^(e+1), with the sign alternating
        sign, e = (1.0, -1.0)[i % 2], i // 2 - 10
        A.append(sign * 2.0**e)
        B.append(sign * 2.0**e)
    return np.array(A), np.array(B)


_TABLES: dict = {}


def _table(kind: str) -> tuple:
    """The slot table of a named domain: its values, folded into the domain."""
    if kind not in _TABLES:
        A, B = _slot_table()
        if kind in ("positive", "nonnegative", "negative", "nonpositive"):
            negative = (B < 0) | ((B == 0) & (A < 0))
            A, B = np.where(negative, -A, A), np.where(negative, -B, B)  # |A t + B| on a slot left of 0
            if kind in ("positive", "negative"):  # a zero is a small positive number instead
                B = np.where((A == 0) & (B == 0), np.resize([0.5, 1.0, 2.0], len(B)), np.where(B == 0, 1e-300, B))
            if kind in ("negative", "nonpositive"):
                A, B = -A, -B
        elif kind == "nonzero":
            B = np.where((A == 0) & (B == 0), np.resize([1.0, -1.0], len(B)), np.where(B == 0, 1e-300, B))
        _TABLES[kind] = (A, B)
    return _TABLES[kind]


def real_entries(rng, count: tuple, kind: str = "real") -> np.ndarray:
    """Real numbers of every kind (special, integer, normal, uniform, log-uniform), one
    uniform draw each: the slot it falls in gives the kind, its place in the slot the value."""
    A, B = _table(kind)
    u = rng.random(count)
    u *= SLOTS
    slot = u.astype(np.intp)
    u -= slot
    u *= A[slot]
    u += B[slot]
    return u


def _ties(rng, params: np.ndarray) -> np.ndarray:
    """In a fifth of the samples, copy one parameter onto another."""
    batch, width = params.shape
    if width < 2:
        return params
    rows = np.nonzero(rng.random(batch) < 0.2)[0]
    src, dst = rng.integers(0, width, len(rows)), rng.integers(0, width, len(rows))
    params[rows, dst] = params[rows, src]
    return params


def in_domain(rng, domain, count: tuple) -> np.ndarray:
    """Entries drawn from a domain (named, or an interval possibly one-sided or open)."""
    kind = domain.kind
    if kind in ("real", "positive", "nonnegative", "negative", "nonpositive", "nonzero"):
        return real_entries(rng, count, kind)
    x = real_entries(rng, count)
    if kind == "integer":
        return np.round(x, out=x)
    return _interval(rng, domain, x, count)


def _interval(rng, domain, x: np.ndarray, count: tuple) -> np.ndarray:
    lo = None if domain.lo is None else float(domain.lo)
    hi = None if domain.hi is None else float(domain.hi)
    if lo is not None and hi is not None:
        width = hi - lo
        ends = np.array([lo, hi, lo + width / 2, lo + width / 4, lo + 3 * width / 4])
        out = np.where(rng.random(count) < 0.3, rng.choice(ends, size=count), rng.uniform(lo, hi, count))
    elif lo is not None:
        out = lo + np.abs(x)
    else:
        out = hi - np.abs(x)
    if domain.lo_open and lo is not None:
        out = np.where(out <= lo, lo + (1.0 if hi is None else (hi - lo) / 2), out)
    if domain.hi_open and hi is not None:
        out = np.where(out >= hi, hi - (1.0 if lo is None else (hi - lo) / 2), out)
    return out


@lru_cache(maxsize=64)
def _symmetric_index(n: int) -> np.ndarray:
    """For each entry (i, j) of an n-by-n matrix, the index of (min, max) in the upper
    triangle's row-major order: the matrix is one gather from its parameters."""
    i, j = np.minimum.outer(np.arange(n), np.arange(n)), np.maximum.outer(np.arange(n), np.arange(n))
    return (i * n - i * (i - 1) // 2 + (j - i)).reshape(-1)


class SymbolSampler:
    """Parameters and values of one symbol at one combination of dims."""

    def __init__(self, symbol, dims: dict) -> None:
        self.symbol = symbol
        self.shape = symbol.concrete_shape(dims)
        structure = symbol.structure
        n = self.shape[0] if self.shape else 1
        if structure in VECTOR_STRUCTURES:
            self.width = n
        elif structure == "symmetric":
            self.width = n * (n + 1) // 2
            self.index = _symmetric_index(n)
        elif structure == "diagonal":
            self.width = n
        elif structure == "psd":
            self.width = n * n
        elif structure == "pd":
            self.width = n * n + 1
        else:
            self.width = int(np.prod(self.shape, dtype=int)) if self.shape else 1

    def sample(self, rng, batch: int) -> np.ndarray:
        structure, domain, n = self.symbol.structure, self.symbol.domain, (self.shape or (1,))[0]
        if structure in VECTOR_STRUCTURES:
            return sample_vector_structure(rng, structure, domain, batch, n)
        if structure not in ("psd", "pd"):
            return _ties(rng, in_domain(rng, domain, (batch, self.width)))
        factor_domain = domain if domain.kind in ("nonnegative", "positive", "integer") else _REAL
        factor = in_domain(rng, factor_domain, (batch, n, n))
        rank = rng.integers(0, n + 1, batch)  # singular ones of every rank too
        factor *= np.arange(n)[None, None, :] < rank[:, None, None]
        params = factor.reshape(batch, n * n)
        if structure == "pd":
            delta = 10.0 ** rng.uniform(-6, 0.5, (batch, 1))
            params = np.concatenate([params, delta], axis=1)
        return params

    def params_valid(self, row: list) -> bool:
        """Exact parameters that still build this structure (pd needs its shift > 0)."""
        if self.symbol.structure in VECTOR_STRUCTURES:
            return vector_params_valid(self.symbol.structure, self.symbol.domain, row)
        return self.symbol.structure != "pd" or row[-1] > 0

    def build(self, params: np.ndarray) -> np.ndarray:
        """Float values (batch,) + shape."""
        batch = params.shape[0]
        structure, shape = self.symbol.structure, self.shape
        if structure is None:
            return params.reshape((batch,) + shape)
        if structure in VECTOR_STRUCTURES:
            return build_vector_structure(structure, self.symbol.domain, params)
        n = shape[0]
        if structure == "diagonal":
            out = np.zeros((batch, n, n))
            out.reshape(batch, n * n)[:, :: n + 1] = params
            return out
        if structure == "symmetric":
            return np.take(params, self.index, axis=1).reshape(batch, n, n)
        factor = params[:, : n * n].reshape(batch, n, n)
        out = factor @ factor.transpose(0, 2, 1)
        if structure == "pd":
            out = out + params[:, n * n :, None] * np.eye(n)
        return out

    def build_exact(self, params: list) -> ListArray:
        """Exact values from one row of exact parameters."""
        structure, shape = self.symbol.structure, self.shape
        if structure is None:
            return ListArray(shape, list(params))
        if structure in VECTOR_STRUCTURES:
            return ListArray(shape, exact_vector_structure(structure, self.symbol.domain, list(params)))
        n = shape[0]
        zero = Fraction(0)
        if structure == "diagonal":
            return ListArray(shape, [params[i] if i == j else zero for i in range(n) for j in range(n)])
        if structure == "symmetric":
            upper, k = {}, 0
            for i in range(n):
                for j in range(i, n):
                    upper[i, j] = params[k]
                    k += 1
            return ListArray(shape, [upper[min(i, j), max(i, j)] for i in range(n) for j in range(n)])
        factor = ListArray((n, n), list(params[: n * n]))
        out = factor.matmul(factor.transpose())
        if structure == "pd":
            delta = params[n * n]
            out = ListArray((n, n), [v + (delta if i == j else zero) for (i, j), v in zip(out.indices(), out.flat)])
        return out


# ---------------------------------------------------------------- simplex and unit vectors
#
# Both by construction, from parameters that shrinking may change freely:
# a simplex is w / sum(w) for weights w >= 0 (some zero: its faces and vertices);
# a unit vector is the inverse stereographic projection of t in R^(n-1),
# (2t, s(|t|^2 - 1)) / (|t|^2 + 1) with a sign s = +-1: rational whenever t is,
# so its points are exact, and every rational point of the sphere is one of them.


def sample_vector_structure(rng, structure: str, domain, batch: int, n: int) -> np.ndarray:
    if structure == "simplex":
        weights = -np.log(rng.uniform(1e-12, 1.0, (batch, n)))
        if domain.kind != "positive":  # faces and vertices: drop some entries (never all)
            drop = rng.random((batch, n)) < rng.choice([0.0, 0.3, 0.7], (batch, 1))
            drop[np.arange(batch), rng.integers(0, n, batch)] = False
            weights[drop] = 0.0
        equal = rng.random(batch) < 0.1
        weights[equal] = 1.0
        weights = _ties(rng, weights)
        weights[weights.sum(axis=1) == 0] = 1.0  # a tie may have copied a dropped entry onto the kept one
        return weights
    t = real_entries(rng, (batch, n - 1)) if n > 1 else np.zeros((batch, 0))
    sign = rng.choice([-1.0, 1.0], (batch, 1))
    return np.concatenate([t, sign], axis=1)


def build_vector_structure(structure: str, domain, params: np.ndarray) -> np.ndarray:
    if structure == "simplex":
        total = params.sum(axis=1, keepdims=True)
        return params / np.where(total > 0, total, 1.0)
    t, sign = params[:, :-1], params[:, -1:]
    norm2 = (t * t).sum(axis=1, keepdims=True)
    out = np.concatenate([2 * t, sign * (norm2 - 1)], axis=1) / (norm2 + 1)
    return np.abs(out) if domain.kind in ("nonnegative", "positive") else out


def exact_vector_structure(structure: str, domain, params: list) -> list:
    if structure == "simplex":
        total = sum(params, Fraction(0))
        return [w / total for w in params]
    t, sign = params[:-1], params[-1]
    norm2 = sum((x * x for x in t), Fraction(0))
    out = [2 * x / (norm2 + 1) for x in t] + [sign * (norm2 - 1) / (norm2 + 1)]
    return [abs(x) for x in out] if domain.kind in ("nonnegative", "positive") else out


def vector_params_valid(structure: str, domain, row: list) -> bool:
    if structure == "simplex":
        positive = domain.kind == "positive"
        return all(w > 0 if positive else w >= 0 for w in row) and sum(row, Fraction(0)) > 0
    return row[-1] in (1, -1)


class _Real:
    kind = "real"


_REAL = _Real()


def domain_holds(domain, value: Fraction) -> bool:
    """Whether an exact entry lies in its domain."""
    kind = domain.kind
    if kind == "interval":
        if domain.lo is not None and (value < domain.lo or domain.lo_open and value == domain.lo):
            return False
        if domain.hi is not None and (value > domain.hi or domain.hi_open and value == domain.hi):
            return False
        return True
    if kind == "real":
        return True
    if kind == "positive":
        return value > 0
    if kind == "nonnegative":
        return value >= 0
    if kind == "negative":
        return value < 0
    if kind == "nonpositive":
        return value <= 0
    if kind == "nonzero":
        return value != 0
    if kind == "integer":
        return value.denominator == 1
    raise KeyError(kind)


def float_domain_mask(domain, values: np.ndarray) -> np.ndarray:
    """Per sample: every entry in the domain (for structured symbols built from factors)."""
    axes = tuple(range(1, values.ndim))
    kind = domain.kind
    if kind == "real":
        return np.ones(values.shape[0], bool)
    if kind == "interval":
        ok = np.ones(values.shape, bool)
        if domain.lo is not None:
            ok &= values > float(domain.lo) if domain.lo_open else values >= float(domain.lo)
        if domain.hi is not None:
            ok &= values < float(domain.hi) if domain.hi_open else values <= float(domain.hi)
    else:
        ok = {"positive": values > 0, "nonnegative": values >= 0, "negative": values < 0,
              "nonpositive": values <= 0, "nonzero": values != 0, "integer": values == np.round(values)}[kind]
    return ok.all(axis=axes) if axes else ok
