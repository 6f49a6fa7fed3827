"""The falsifier: numpy samples a claim and confirms counterexamples exactly.

engine (batches, candidates, verdict), sampling (values by construction),
evaluate (the IR on numpy arrays, with error magnitudes), values (what both
evaluators share: tolerances, Val, the violation test), derivatives (finite
differences), confirm and exact (exact and interval confirmation), shrink
(simple counterexamples), shown (large values shown in part).

May import: language, exact, numpy, mpmath. Never symbolic, gate, reports or click.
"""
