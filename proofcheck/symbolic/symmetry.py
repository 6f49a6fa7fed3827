"""That a matrix expression is symmetric, for the quadratic-form proofs of psd and pd.

Structure rules on the tree hold for every size: a symmetric, diagonal, psd or
pd symbol, diag(v), eye, a square ones/zeros, outer(v, v); sums, differences,
elementwise products and functions of symmetric matrices and scalars; A.T @ A,
A @ A.T, A.T @ S @ A and A @ S @ A.T with S symmetric; the inverse of a
symmetric matrix. Otherwise `M == M.T` is left to the identity tactics.
"""

from __future__ import annotations

from ..language import ir
from ..language.catalog import CATALOG

_STRUCTURES = ("symmetric", "diagonal", "psd", "pd")


class Symmetry:
    def __init__(self, symbols: dict, rank) -> None:
        self.symbols = symbols
        self.rank = rank  # expr -> number of axes

    def why(self, expr: ir.Expr) -> str | None:
        """A reason that expr is a symmetric matrix (or a scalar), for every size; else None."""
        if self.rank(expr) == 0:
            return "a scalar"
        if self.rank(expr) != 2:
            return None
        return self._rule(expr)

    def _rule(self, expr: ir.Expr) -> str | None:
        if isinstance(expr, ir.Sym):
            structure = self.symbols[expr.name].structure
            return f"{expr.name} is {structure}" if structure in _STRUCTURES else None
        if isinstance(expr, (ir.Neg, ir.Transpose)):
            return self.why(expr.operand)
        if isinstance(expr, ir.Bin):
            return self._binary(expr)
        if isinstance(expr, ir.Call):
            return self._call(expr)
        return None

    def _both(self, a: ir.Expr, b: ir.Expr, how: str) -> str | None:
        left, right = self.why(a), self.why(b)
        if left is None or right is None:
            return None
        return f"{how} of symmetric terms ({left}; {right})"

    def _binary(self, expr: ir.Bin) -> str | None:
        a, b = expr.left, expr.right
        if expr.op in ("+", "-", "*", "/"):
            return self._both(a, b, {"+": "a sum", "-": "a difference", "*": "a product", "/": "a quotient"}[expr.op])
        if expr.op == "**" and self.rank(b) == 0:
            inner = self.why(a)
            return None if inner is None else f"an elementwise power of a symmetric matrix ({inner})"
        if expr.op == "@":
            return self._congruence(a, b)
        return None

    def _congruence(self, a: ir.Expr, b: ir.Expr) -> str | None:
        """A.T @ A, A @ A.T, A.T @ S @ A, A @ S @ A.T (S symmetric), however bracketed."""
        if _transposed(a, b) or _transposed(b, a):
            return "a Gram matrix"
        for outer, inner, last in _triples(a, b):
            if (_transposed(outer, last) or _transposed(last, outer)) and self.why(inner):
                return f"a congruence of a symmetric matrix ({self.why(inner)})"
        return None

    def _call(self, expr: ir.Call) -> str | None:
        fn, args = expr.fn, expr.args
        if fn == "diag" and self.rank(args[0]) == 1:
            return "a diagonal matrix"
        if fn == "eye":
            return "the identity"
        if fn in ("ones", "zeros") and len(args) == 2 and args[0] == args[1]:
            return f"a square {fn} matrix"
        if fn == "outer" and args[0] == args[1]:
            return "outer(v, v)"
        if fn == "inv":
            inner = self.why(args[0])
            return None if inner is None else f"the inverse of a symmetric matrix ({inner})"
        func = CATALOG[fn]
        if func.kind == "elementwise":
            reasons = [self.why(a) for a in args]
            if all(reasons):
                return f"an elementwise {fn} of symmetric matrices ({'; '.join(reasons)})"
        if func.kind == "internal":
            return self.why(args[0])
        return None


def _transposed(a: ir.Expr, b: ir.Expr) -> bool:
    """a is b.T."""
    return isinstance(a, ir.Transpose) and a.operand == b


def _triples(a: ir.Expr, b: ir.Expr) -> list:
    """(X, S, Y) for X @ S @ Y bracketed either way."""
    out = []
    if isinstance(a, ir.Bin) and a.op == "@":
        out.append((a.left, a.right, b))
    if isinstance(b, ir.Bin) and b.op == "@":
        out.append((a, b.left, b.right))
    return out
