"""Exact arithmetic with NumPy semantics on Python lists.

listarray (shapes, broadcasting, indexing), listeval (the IR evaluated over any
number type: sympy expressions for the prover, fractions, intervals and jets
for the falsifier's confirmation), linalg (exact LDL^T).

May import: language. Never sympy or numpy at import time.
"""
