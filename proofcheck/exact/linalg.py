"""Exact linear algebra on rationals, shared by the psd tactic, the sum-of-squares
certificates and the numeric engine's confirmation (pure Python: Fractions or
sympy Rationals)."""

from __future__ import annotations

from fractions import Fraction


def ldl(rows: list) -> tuple | None:
    """An exact LDL^T of a symmetric rational matrix with every pivot >= 0, as
    [(d, column)]: M = sum_k d * column column^T (each column a full-length list),
    so x.T M x = sum_k d * (column . x)**2. None when M is not symmetric or not psd.

    Symmetric pivoting on the largest diagonal entry, so singular psd matrices
    (the Gram matrices of inequalities that are tight somewhere) factor too: once
    every remaining diagonal entry is 0, the rest must be 0 as well.
    """
    a = [[Fraction(x) if isinstance(x, int) else x for x in row] for row in rows]  # no float division
    n = len(a)
    if any(len(row) != n for row in a) or any(a[i][j] != a[j][i] for i in range(n) for j in range(i)):
        return None
    active = list(range(n))
    factors = []
    while active:
        pivot = max(active, key=lambda i: a[i][i])
        d = a[pivot][pivot]
        if d < 0:
            return None
        if d == 0:  # every remaining diagonal entry is <= 0: psd only if the rest is 0
            return None if any(a[i][j] != 0 for i in active for j in active) else factors
        active.remove(pivot)
        column = [0] * n
        column[pivot] = 1
        for i in active:
            column[i] = a[i][pivot] / d
        for i in active:
            ci = a[i][pivot]
            if ci == 0:
                continue
            for j in active:
                a[i][j] = a[i][j] - ci * a[j][pivot] / d
        factors.append((d, column))
    return factors


def ldl_psd(rows: list) -> str:
    """'pd', 'psd' or 'indefinite' for a square rational matrix (not symmetric: 'indefinite')."""
    factors = ldl(rows)
    if factors is None:
        return "indefinite"
    return "pd" if len(factors) == len(rows) else "psd"
