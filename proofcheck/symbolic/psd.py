"""Positive semidefiniteness of concrete sympy matrices, with certificates.

Exact rational LDL^T with symmetric pivoting decides a numeric matrix. With
parameters: diagonal dominance (each off-diagonal sign shown, each row's
margin shown >= 0), then LDL^T with every pivot shown positive by the sign
analysis, then, for small matrices, every principal minor >= 0 (Sylvester's
criterion: leading minors > 0 for pd).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import sympy as sp

from ..exact.linalg import ldl_psd as exact_ldl

from ..language.signs import NONPOS, POS, is_nonneg

MAX_MINOR_SIZE = 4


def ldl_psd(rows: list) -> str | None:
    """'pd', 'psd' or 'indefinite' for a rational matrix; None if an entry is not rational."""
    a = [[sp.Integer(x) if isinstance(x, int) else x for x in row] for row in rows]
    if not all(getattr(x, "is_Rational", False) for row in a for x in row):
        return None
    return exact_ldl([[Fraction(int(x.p), int(x.q)) for x in row] for row in a])


def is_symmetric(m) -> bool:
    n = m.shape[0]
    return all(sp.expand(m.at(i, j) - m.at(j, i)) == 0 for i in range(n) for j in range(i + 1, n))


def prove_psd(m, strict: bool, sign) -> str | None:
    """A one-line certificate that the sympy matrix `m` is psd (pd if strict), or None."""
    if not is_symmetric(m):
        return None
    n = m.shape[0]
    verdict = ldl_psd([[m.at(i, j) for j in range(n)] for i in range(n)])
    if verdict is not None:
        ok = verdict == "pd" or (verdict == "psd" and not strict)
        return f"exact LDL^T of the {n}x{n} rational matrix: {verdict}" if ok else None
    dominance = _diagonal_dominance(m, strict, sign)
    if dominance:
        return dominance
    factored = _parametric_ldl(m, strict, sign)
    if factored:
        return factored
    if n <= MAX_MINOR_SIZE:
        return _minors(m, strict, sign)
    return None


def _diagonal_dominance(m, strict: bool, sign) -> str | None:
    n = m.shape[0]
    for i in range(n):
        margin = m.at(i, i)
        for j in range(n):
            if j == i:
                continue
            s = sign(m.at(i, j))
            if is_nonneg(s):
                margin -= m.at(i, j)
            elif s <= NONPOS:
                margin += m.at(i, j)
            else:
                return None
        s = sign(sp.expand(margin))
        if not (s == POS if strict else is_nonneg(s)):
            return None
    kind = "strictly " if strict else ""
    return f"{kind}diagonally dominant with a nonnegative diagonal ({n}x{n}; every off-diagonal sign known)"


def _parametric_ldl(m, strict: bool, sign) -> str | None:
    """v.T M v = sum_i d_i (l_i.T v)**2: each pivot d_i shown > 0 (the last >= 0 for psd).

    Dividing by a pivot needs it nonzero everywhere, hence > 0 for all but the last.
    """
    n = m.shape[0]
    a = [[m.at(i, j) for j in range(n)] for i in range(n)]
    pivots = []
    for k in range(n):
        d = sp.cancel(a[k][k])
        s = sign(d)
        last_may_vanish = k == n - 1 and not strict
        if not (s == POS or last_may_vanish and is_nonneg(s)):
            return None
        pivots.append(d)
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                a[i][j] = a[i][j] - a[i][k] * a[k][j] / d
    shown = "> 0" if strict else "> 0 (the last >= 0)"
    return f"LDL^T with pivots {', '.join(str(p) for p in pivots)}, each {shown}"


def _minors(m, strict: bool, sign) -> str | None:
    n = m.shape[0]
    matrix = m.to_matrix(sp)
    if strict:
        for k in range(1, n + 1):
            if sign(sp.expand(matrix[:k, :k].det(method="berkowitz"))) != POS:
                return None
        return f"Sylvester's criterion: the {n} leading principal minors are > 0"
    count = 0
    for k in range(1, n + 1):
        for rows in combinations(range(n), k):
            minor = matrix.extract(list(rows), list(rows)).det(method="berkowitz")
            if not is_nonneg(sign(sp.expand(minor))):
                return None
            count += 1
    return f"all {count} principal minors are >= 0"
