"""Convexity by composition rules, in the manner of CVXPY's DCP.

Curvature of each node in the variable x: constant, affine, convex, concave,
or None (no rule applies). The catalog gives each function's curvature and
monotonicity; positivity gives the signs the rules need. Nothing depends on
the sizes, so a curvature found here holds for all of them.
"""

from __future__ import annotations

from ..language import ir
from ..language.catalog import CATALOG
from ..language.signs import POS, is_nonneg, mul
from ..language.ir import exponent_value
from .positivity import Positivity

CONST, AFFINE, CONVEX, CONCAVE = "constant", "affine", "convex", "concave"
_FLIP = {CONST: CONST, AFFINE: AFFINE, CONVEX: CONCAVE, CONCAVE: CONVEX, None: None}


def _sum(a, b):
    if a == CONST:
        return b
    if b == CONST:
        return a
    if a == AFFINE:
        return b
    if b == AFFINE:
        return a
    return a if a == b else None


def _scale(curvature, sign):
    """Curvature of c * f for a constant c of the given sign."""
    if curvature in (CONST, AFFINE):
        return curvature
    if is_nonneg(sign):
        return curvature
    if sign <= frozenset({-1, 0}):
        return _FLIP[curvature]
    return None


def _compose(outer: str, mono: int, arg) -> str | None:
    """Curvature of h(g) for h of curvature `outer` with monotonicity `mono` at g."""
    if arg in (CONST, AFFINE):
        return outer
    if outer == CONVEX and (arg == CONVEX and mono > 0 or arg == CONCAVE and mono < 0):
        return CONVEX
    if outer == CONCAVE and (arg == CONCAVE and mono > 0 or arg == CONVEX and mono < 0):
        return CONCAVE
    return None


class Curvature:
    def __init__(self, variable: str, positivity: Positivity) -> None:
        self.x = variable
        self.pos = positivity
        self.memo: dict = {}
        self._keep: list = []
        self.steps: list = []  # (text, curvature, rule) of the nodes that set the curvature

    def __call__(self, expr: ir.Expr):
        key = id(expr)
        if key not in self.memo:
            if not any(isinstance(n, ir.Sym) and n.name == self.x for n in ir.walk(expr)):
                result, rule = CONST, ""
            else:
                result, rule = self._rule(expr)
            self.memo[key] = result
            self._keep.append(expr)
            if rule:
                self.steps.append((ir.to_text(expr), result, rule))
        return self.memo[key]

    def _rule(self, expr: ir.Expr) -> tuple:
        if isinstance(expr, ir.Sym):
            return AFFINE, ""
        if isinstance(expr, ir.Neg):
            return _FLIP[self(expr.operand)], ""
        if isinstance(expr, (ir.Transpose, ir.Index)):
            base = expr.operand if isinstance(expr, ir.Transpose) else expr.base
            return self(base), ""
        if isinstance(expr, ir.Bin):
            return self._binary(expr)
        if isinstance(expr, ir.Call):
            return self._call(expr)
        return None, ""

    def _binary(self, expr: ir.Bin) -> tuple:
        left, right = expr.left, expr.right
        if expr.op == "+":
            return _sum(self(left), self(right)), ""
        if expr.op == "-":
            return _sum(self(left), _FLIP[self(right)]), ""
        if expr.op in ("*", "@"):
            quadratic = self._quadratic(expr) if expr.op == "@" else None
            if quadratic:
                return quadratic
            if self(left) == CONST:
                return _scale(self(right), self.pos.sign(left)), "times a constant" if expr.op == "*" else ""
            if self(right) == CONST:
                return _scale(self(left), self.pos.sign(right)), ""
            return None, ""
        if expr.op == "/":
            if self(right) != CONST:  # c / g = c * g**-1, convex decreasing in g > 0
                if self(left) != CONST or self.pos.sign(right) != POS:
                    return None, ""
                return _scale(_compose(CONVEX, -1, self(right)), self.pos.sign(left)), "reciprocal of a positive"
            sign = self.pos.sign(right)
            return _scale(self(left), frozenset(s for s in sign if s) or sign), ""
        return self._power(expr)

    def _quadratic(self, expr: ir.Bin):
        """v @ M @ v with v affine and M constant psd; v @ v with v affine."""
        rank, left, right = self.pos.rank, expr.left, expr.right
        if rank(left) == 1 and rank(right) == 1 and self.pos._same(left, right) and self(left) == AFFINE:
            return CONVEX, "sum of squares of an affine vector"
        if isinstance(left, ir.Bin) and left.op == "@" and rank(left.left) == 1 and rank(left.right) == 2:
            vector, matrix = left.left, left.right
        elif isinstance(right, ir.Bin) and right.op == "@" and rank(right.left) == 2 and rank(right.right) == 1:
            vector, matrix, right = right.right, right.left, left
        else:
            return None
        if not self.pos._same(vector, right) or self(vector) != AFFINE or self(matrix) != CONST:
            return None
        if self.pos.fact(matrix).psd:
            return CONVEX, "psd quadratic form of an affine vector"
        return None

    def _power(self, expr: ir.Bin) -> tuple:
        base = self(expr.left)
        p = exponent_value(expr.right)
        if self(expr.right) != CONST or p is None:
            return None, ""
        if p == 0:
            return CONST, ""
        if p == 1:
            return base, ""
        sign = self.pos.sign(expr.left)
        if p.denominator == 1 and p % 2 == 0 and p > 0:
            mono = 1 if is_nonneg(sign) else -1 if sign <= frozenset({-1, 0}) else 0
            return _compose(CONVEX, mono, base), f"even power {p}"
        if p > 1 and is_nonneg(sign):
            return _compose(CONVEX, 1, base), f"power {p} of a nonnegative argument"
        if 0 < p < 1 and is_nonneg(sign):
            return _compose(CONCAVE, 1, base), f"power {p} of a nonnegative argument"
        if p < 0 and sign == POS:
            return _compose(CONVEX, -1, base), f"power {p} of a positive argument"
        return None, ""

    def _call(self, expr: ir.Call) -> tuple:
        if expr.fn == "_guard":
            return self(expr.args[0]), ""
        if CATALOG[expr.fn].kind == "piecewise":
            return self._where(expr)
        func = CATALOG[expr.fn]
        args = [a for i, a in enumerate(expr.args) if i not in func.int_args]
        curvatures = [self(a) for a in args]
        if all(c == CONST for c in curvatures):
            return CONST, ""
        if expr.fn in ("dot", "outer"):
            return self._binary(ir.Bin("@" if expr.fn == "dot" else "*", args[0], args[1]))[0], ""
        if func.curvature is None:
            return None, ""
        result = CONST
        for arg, curvature in zip(args, curvatures):
            mono = func.mono(self.pos.sign(arg)) if func.mono else 0
            if func.curvature == AFFINE:  # a linear map: keeps curvature if increasing
                step = curvature if mono > 0 or curvature in (CONST, AFFINE) else None
            else:
                step = _compose(func.curvature, mono, curvature)
            result = _sum(result, step) if step is not None else None
            if result is None:
                return None, ""
        return result, f"{func.curvature} {expr.fn} of {', '.join(curvatures)} argument(s)"


    def _where(self, expr: ir.Call) -> tuple:
        """Two sound cases only (pieces of one curvature do not make a piecewise function of it):
        a switch that does not depend on x, and the forms of a maximum or a minimum."""
        switch, a, b = expr.args
        pieces = (self(a), self(b))
        if all(self(t) == CONST for t in switch.terms):
            joined = _join(*pieces)
            return joined, "where with a switch that does not depend on x" if joined else ""
        extreme = _extreme_form(switch, a, b)
        if extreme is None:
            return None, ""
        outer = CONVEX if extreme == "maximum" else CONCAVE
        steps = [_compose(outer, 1, c) for c in pieces]
        if None in steps:
            return None, ""
        return outer, f"where of the form {extreme}(a, b) of {', '.join(pieces)} pieces"


def _join(a, b):
    """The curvature both pieces have (the weakest that covers each)."""
    for curvature, covers in ((CONST, {CONST}), (AFFINE, {CONST, AFFINE}), (CONVEX, {CONST, AFFINE, CONVEX}),
                              (CONCAVE, {CONST, AFFINE, CONCAVE})):
        if a in covers and b in covers:
            return curvature
    return None


def _extreme_form(switch: ir.Compare, a: ir.Expr, b: ir.Expr) -> str | None:
    """"maximum" for where(u > v, u, v) and its mirror images, "minimum" for where(u < v, u, v) ..."""
    if len(switch.ops) != 1 or switch.ops[0] in ("==", "!="):
        return None
    u, v = switch.terms
    larger_first = switch.ops[0] in (">", ">=")  # the switch holds where u is the larger
    if (a, b) == (u, v):
        return "maximum" if larger_first else "minimum"
    if (a, b) == (v, u):
        return "minimum" if larger_first else "maximum"
    return None


def prove_curvature(goal: ir.Call, positivity: Positivity) -> list | None:
    """Derivation lines if `convex(f, x)` / `concave(f, x)` follows by composition, else None."""
    f, x = goal.args
    analysis = Curvature(x.name, positivity)
    curvature = analysis(f)
    wanted = CONVEX if goal.fn == "convex" else CONCAVE
    if curvature not in (CONST, AFFINE, wanted):
        return None
    lines = [f"`{text}` is {c} ({rule})" for text, c, rule in analysis.steps]
    return lines + [f"so `{ir.to_text(f)}` is {curvature} in {x.name}"]


__all__ = ["prove_curvature", "Curvature", "mul"]
