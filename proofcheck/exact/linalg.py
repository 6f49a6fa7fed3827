"""Exact linear algebra on rationals, shared by the psd tactic and the
numeric engine's confirmation (pure Python: Fractions or sympy Rationals)."""

from __future__ import annotations


def ldl_psd(rows: list) -> str:
    """'pd', 'psd' or 'indefinite' for a square rational matrix (not symmetric: 'indefinite').

    LDL^T with symmetric pivoting on the largest diagonal entry: a negative
    pivot, or a zero diagonal with a nonzero off-diagonal, shows indefiniteness.
    """
    a = [list(row) for row in rows]
    n = len(a)
    if any(a[i][j] != a[j][i] for i in range(n) for j in range(i)):
        return "indefinite"
    active = list(range(n))
    while active:
        pivot = max(active, key=lambda i: a[i][i])
        d = a[pivot][pivot]
        if d < 0:
            return "indefinite"
        if d == 0:  # every remaining diagonal is 0: psd only if the rest is 0
            return "indefinite" if any(a[i][j] != 0 for i in active for j in active) else "psd"
        active.remove(pivot)
        column = {i: a[i][pivot] for i in active}
        for i in active:
            for j in active:
                a[i][j] = a[i][j] - column[i] * column[j] / d
    return "pd"
