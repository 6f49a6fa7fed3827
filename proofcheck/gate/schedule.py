"""Which claim to start first: the longest expected, so that no core idles at the end.

A claim's expected time is the time it took last run (recorded beside the
verdict cache, see cache.py), else an estimate from its dims and the
derivatives it takes: the numeric engine's work per sample grows with the size
of the symbols and with the jets a derivative carries, the symbolic engine's
with the number of dim combinations it instantiates. Only the order matters,
never the verdicts; this module imports neither sympy nor numpy.
"""

from __future__ import annotations

from itertools import islice

from ..language import ir

DEFAULT_SAMPLES = 20_000  # as the numeric engine's default
SAMPLE_COST = 2e-6  # seconds per float of a sample, roughly
BATCH_COST = 2e-4  # seconds of overhead per batch of samples
SYMBOLIC_COST = 2e-4  # seconds per node and dim combination
COMBINATIONS_LOOKED_AT = 64


def _size(shape) -> int:
    total = 1
    for d in shape:
        total *= d
    return total


def _derivative_factor(claim, sizes: dict) -> int:
    """How many values a derivative carries per value: the gradient's k, the Hessian's k^2."""
    factor = 1
    for expr in list(claim.claims) + [s.expr for s in claim.proof or ()]:
        for node in ir.walk(expr):
            if isinstance(node, ir.Call) and node.fn in ("grad", "hessian", "diff") and len(node.args) == 2:
                k = sizes.get(getattr(node.args[1], "name", None), 1)
                factor = max(factor, 1 + k + (k * k if node.fn == "hessian" else 0))
    return factor


def estimate(claim, samples: int | None = None) -> float:
    """Expected seconds of a claim, roughly (for ordering only)."""
    try:
        combos = list(islice(claim.dim_combinations(sampling=True), COMBINATIONS_LOOKED_AT)) or [{}]
        per_sample = 0.0
        for dims in combos:
            sizes = {n: _size(s.concrete_shape(dims)) for n, s in claim.symbols.items()}
            floats = sum(sizes.values()) + 1
            per_sample += floats * _derivative_factor(claim, sizes)
        budget = samples or claim.check.samples or DEFAULT_SAMPLES
        numeric = budget * SAMPLE_COST * per_sample / len(combos) + BATCH_COST * len(combos)
        nodes = sum(1 for expr in claim.claims for _ in ir.walk(expr))
        bounded = len(list(islice(claim.dim_combinations(), COMBINATIONS_LOOKED_AT)))
        return numeric + SYMBOLIC_COST * nodes * bounded
    except Exception:  # an odd claim: its own worker will say what is wrong with it
        return 0.0


def longest_first(expected: list) -> list:
    """Indices by decreasing expected time; ties keep their order."""
    return sorted(range(len(expected)), key=lambda i: -expected[i])
