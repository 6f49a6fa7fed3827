"""Which claim to start first: the longest expected, so that no core idles at the end.

A claim's expected time is the time it took last run (recorded beside the
verdict cache, see cache.py), else an estimate from its dims and the
derivatives it takes: the numeric engine's work per sample grows with the size
of the symbols and with the jets a derivative carries, the symbolic engine's
with the number of dim combinations it instantiates. Only the order matters,
never the verdicts; this module imports neither sympy nor numpy.
"""

from __future__ import annotations

import math
from itertools import islice

from ..language import ir

DEFAULT_SAMPLES = 20_000  # as the numeric engine's default
CLAIM_SECONDS = 0.1  # what any claim costs (batches, the worker)
FLOAT_SECONDS = 2e-9  # per node, float and sample (measured on claims/: 1e-9 to 5e-9)
SYMBOLIC_SECONDS = 1e-4  # per node and dim combination the prover instantiates
COMBINATIONS_LOOKED_AT = 64


def _factor(exprs: list, sizes: dict) -> float:
    """How much more than its values a sample costs: a Hessian's jets carry k values per
    value (and k^2 per product), a gradient's fewer (often a diagonal); an eigenvalue
    check costs n per entry."""
    factor = 1.0
    for expr in exprs:
        for node in ir.walk(expr):
            if isinstance(node, ir.Call) and node.fn in ("grad", "hessian", "diff") and len(node.args) == 2:
                k = sizes.get(getattr(node.args[1], "name", None), 1)
                factor = max(factor, 1 + k if node.fn == "hessian" else 1 + k / 8)
            elif isinstance(node, ir.Call) and node.fn in ("psd", "pd"):
                factor = max(factor, 1 + max(sizes.values(), default=1) ** 0.5 / 2)
    return factor


def estimate(claim, samples: int | None = None) -> float:
    """Expected seconds of a claim, roughly (for ordering only)."""
    try:
        exprs = list(claim.claims) + [s.expr for s in claim.proof or ()]
        nodes = sum(1 for expr in exprs for _ in ir.walk(expr))
        combos = list(islice(claim.dim_combinations(sampling=True), COMBINATIONS_LOOKED_AT)) or [{}]
        work = 0.0
        for dims in combos:
            sizes = {n: math.prod(s.concrete_shape(dims)) for n, s in claim.symbols.items()}
            work += nodes * max(sizes.values(), default=1) * _factor(exprs, sizes)
        budget = samples or claim.check.samples or DEFAULT_SAMPLES
        numeric = budget * FLOAT_SECONDS * work / len(combos)
        bounded = len(list(islice(claim.dim_combinations(), COMBINATIONS_LOOKED_AT)))
        return CLAIM_SECONDS + numeric + SYMBOLIC_SECONDS * nodes * bounded
    except Exception:  # an odd claim: its own worker will say what is wrong with it
        return CLAIM_SECONDS


def longest_first(expected: list) -> list:
    """Indices by decreasing expected time; ties keep their order."""
    return sorted(range(len(expected)), key=lambda i: -expected[i])
