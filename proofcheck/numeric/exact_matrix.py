"""Enough of sympy's Matrix for det and inv on exact values (rationals, intervals, jets)."""

from __future__ import annotations

from fractions import Fraction

from .exact_values import Jet, Undecided, Undefined, sign_of


class ExactMatrix:
    """Enough of sympy's Matrix for det and inv, by Gaussian elimination."""

    def __init__(self, n: int, m: int, flat: list) -> None:
        self.shape = (n, m)
        self.rows = [list(flat[i * m:(i + 1) * m]) for i in range(n)]

    def __iter__(self):
        return (x for row in self.rows for x in row)

    def _eliminate(self, augment: list | None):
        n = self.shape[0]
        a = [row[:] + (augment[i][:] if augment else []) for i, row in enumerate(self.rows)]
        det = Fraction(1)
        for col in range(n):
            pivot = None
            for r in range(col, n):
                if sign_of(a[r][col]) != 0:
                    pivot = r
                    break
            if pivot is None:
                return Fraction(0), None
            if pivot != col:
                a[col], a[pivot] = a[pivot], a[col]
                det = -det
            p = a[col][col]
            det = det * p
            for r in range(n):
                if r != col and sign_of(a[r][col]) != 0:
                    factor = a[r][col] / p
                    a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
        return det, a

    def det(self, method: str = ""):
        if any(isinstance(x, Jet) for x in self):
            return _laplace(self.rows)
        return self._eliminate(None)[0]

    def inv(self, method: str = "") -> "ExactMatrix":
        n = self.shape[0]
        identity = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
        _, a = self._eliminate(identity)
        if a is None:
            raise Undefined("inverse of a singular matrix")
        flat = [a[i][n + j] / a[i][i] for i in range(n) for j in range(n)]
        return ExactMatrix(n, n, flat)


def _laplace(rows: list):
    """A determinant without division (pivoting on values would lose derivatives)."""
    n = len(rows)
    if n > 6:
        raise Undecided("the derivative of a large determinant")
    if n == 1:
        return rows[0][0]
    total = Fraction(0)
    for j in range(n):
        minor = [row[:j] + row[j + 1:] for row in rows[1:]]
        term = rows[0][j] * _laplace(minor)
        total = total + term if j % 2 == 0 else total - term
    return total
