"""Where a search spends its samples: the order of the combinations of sizes (small ones
first, unbounded dims weighted towards small sizes) and the work per sample that sets
the batch size."""

from __future__ import annotations

import numpy as np

from ..language import ir
from ..language.catalog import CATALOG
from ..language.model import Claim


def _calculus(node) -> bool:
    return isinstance(node, ir.Call) and node.fn in CATALOG and CATALOG[node.fn].kind == "calculus"


def work_per_sample(claim: Claim, dims: dict) -> int:
    """Floats per sample, roughly: the largest symbol, times the values a derivative carries
    per value (a jet's 1 + k + k^2 for a Hessian in k entries; central differences, where
    jets do not apply, need about as many points)."""
    sizes = {n: int(np.prod(s.concrete_shape(dims), dtype=int)) for n, s in claim.symbols.items()}
    points = 1
    for expr in list(claim.claims) + [s.expr for s in claim.proof or ()]:
        for node in ir.walk(expr):
            if _calculus(node):
                n = sizes[node.args[1].name]
                points = max(points, 1 + n + n * n if node.fn == "hessian" else 1 + n)
    return max(1, max(sizes.values(), default=1) * points)


def unbounded_names(claim: Claim) -> tuple:
    """Dims sampled from their default range (unbounded, and not set by check.sample_dims)."""
    overridden = {r.name for r in claim.check.sample_dims}
    return tuple(r.name for r in claim.dims if r.unbounded and r.name not in overridden)


SMALL_SIZE = 8  # every size up to this of an unbounded dim is tried early; larger ones less often
SCHEDULE = 32  # combinations of sizes tried for a claim with unbounded dims


def size_weight(dims: dict, unbounded: tuple) -> float:
    """The share of samples of a combination: 1 up to SMALL_SIZE, (8 / size)**2 above."""
    weight = 1.0
    for name in unbounded:
        weight *= min(1.0, SMALL_SIZE / dims[name]) ** 2
    return weight


def ordered(combos: list, rng, unbounded: tuple = ()) -> list:
    """Smallest combinations first (simple counterexamples), then the rest shuffled.

    With unbounded dims (SPEC section 3): after the smallest, one combination for
    each size 1..SMALL_SIZE of them, then the rest in a shuffle weighted towards
    small sizes (weight (8/size)**2 above SMALL_SIZE).
    """
    combos = sorted(combos, key=lambda d: (sum(d.values()), tuple(d.values())))
    head, tail = combos[:8], combos[8:]
    if not unbounded:
        order = rng.permutation(len(tail))
        return head + [tail[i] for i in order]
    for size in range(1, SMALL_SIZE + 1):
        first = next((i for i, d in enumerate(tail) if all(d[name] == size for name in unbounded)), None)
        if first is not None:
            head.append(tail.pop(first))
    weights = np.array([size_weight(d, unbounded) for d in tail])
    keys = rng.random(len(tail)) ** (1 / weights) if tail else np.array([])
    return head + [tail[i] for i in np.argsort(-keys, kind="stable")]
