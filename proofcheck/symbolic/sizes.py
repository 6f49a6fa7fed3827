"""The sizes of a claim as the all-sizes argument sees them (docs/all-sizes.md).

Each unbounded dim `n: c..` is the base of a family; dims `k: 1..n-1` are split
points of n. For each order of the split points (k < m, k = m, k > m, ...) the
axis of length n is cut into blocks of independent lengths b_0, b_1, ... >= 1
(a family without split points is one block, of length >= c), and every dim
of the family is a sum of consecutive blocks. Bounded dims that do not depend
on a family are fixed: the argument is made for each of their values. Any
other form of dims (`k: 2..n`, `m: 1..k`, `n: k..`) is outside the argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import sympy as sp

from ..language import ir
from ..language.model import combinations

MAX_SPLITS = 3  # split points per family (their orders multiply the work)


@dataclass(frozen=True)
class Case:
    """One order of the split points: blocks, and each dim as a sum of blocks."""

    blocks: tuple  # (block symbol, lowest length), in axis order, all families
    expansion: dict  # family dim -> tuple of its blocks (a prefix of its family's, or all)
    family_of: dict  # block symbol -> family base name


@dataclass(frozen=True)
class Sizes:
    families: dict  # base name -> lowest size c
    splits: dict  # split dim -> base name
    fixed: tuple  # DimRange of the bounded dims, in order
    cases: tuple  # Case

    def restricted(self, used: set) -> "Sizes":
        """Without the split points an expression does not use (fewer orders to go through)."""
        splits = {k: base for k, base in self.splits.items() if k in used}
        if len(splits) == len(self.splits):
            return self
        return _build(self.families, splits, self.fixed)

    def fixed_values(self) -> list:
        return list(combinations(self.fixed, 10_000)) if self.fixed else [{}]

    def symbol(self, name: str, case: Case, fixed: dict) -> sp.Expr:
        """A dim as a polynomial in the blocks of a case (a fixed dim as its value)."""
        if name in fixed:
            return sp.Integer(fixed[name])
        return sp.Add(*case.expansion[name])

    def dims_at(self, case: Case, lengths: dict, fixed: dict) -> dict:
        """Concrete dims for block lengths."""
        out = dict(fixed)
        for name, blocks in case.expansion.items():
            out[name] = sum(lengths[b] for b in blocks)
        return out

    def polynomial(self, expr: ir.Expr, case: Case, fixed: dict) -> sp.Expr | None:
        """A dims-only expression (numbers, dims, + - * / and integer powers) in the blocks, else None."""
        return _dims_expr(expr, lambda name: self.symbol(name, case, fixed))

    def positive(self, expr: ir.Expr) -> bool:
        """Whether a dims-only expression is > 0 at every size of the claim (every case, every
        fixed value): with each block b = lowest + t, t >= 0, a polynomial whose coefficients are
        all >= 0 and whose constant term is > 0; a quotient of two such."""
        for fixed in self.fixed_values():
            for case in self.cases:
                value = self.polynomial(expr, case, fixed)
                if value is None:
                    return False
                shift = {b: b + low for b, low in case.blocks}
                num, den = sp.fraction(sp.together(value.subs(shift, simultaneous=True)))
                if not (_positive_poly(num, case) and _positive_poly(den, case)):
                    return False
        return True


def _positive_poly(poly: sp.Expr, case: Case) -> bool:
    gens = [b for b, _ in case.blocks]
    p = sp.Poly(sp.expand(poly), *gens) if gens else sp.Poly(sp.expand(poly), sp.Dummy())
    coeffs = p.coeffs()
    return all(c >= 0 for c in coeffs) and p.coeff_monomial(1) > 0


def _dims_expr(expr: ir.Expr, symbol) -> sp.Expr | None:
    if isinstance(expr, ir.Num):
        return sp.Rational(expr.value.numerator, expr.value.denominator)
    if isinstance(expr, ir.Dim):
        return symbol(expr.name)
    if isinstance(expr, ir.Neg):
        inner = _dims_expr(expr.operand, symbol)
        return None if inner is None else -inner
    if not isinstance(expr, ir.Bin) or expr.op == "@":
        return None
    left = _dims_expr(expr.left, symbol)
    if left is None:
        return None
    if expr.op == "**":
        p = ir.exponent_value(expr.right)
        if p is None or p.denominator != 1 or abs(p) > 16:
            return None
        return left ** int(p)
    right = _dims_expr(expr.right, symbol)
    if right is None:
        return None
    if expr.op == "/":
        return None if right == 0 else left / right
    return {"+": left + right, "-": left - right, "*": left * right}[expr.op]


def dims_only(expr: ir.Expr) -> bool:
    """Numbers and dims only, joined by + - * / and integer powers."""
    for node in ir.walk(expr):
        if isinstance(node, ir.Bin) and node.op == "@":
            return False
        if not isinstance(node, (ir.Num, ir.Dim, ir.Neg, ir.Bin)):
            return False
    return True


def size_structure(dims: tuple) -> Sizes | None:
    """The families, split points and fixed dims of a claim, or None outside the argument."""
    families: dict = {}
    splits: dict = {}
    fixed: list = []
    for rng in dims:
        used = _dims_used(rng)
        if rng.unbounded:
            lo = ir.exponent_value(rng.lo)
            if used or lo is None or lo.denominator != 1 or lo < 1:
                return None
            families[rng.name] = int(lo)
        elif used & (set(families) | set(splits)):
            base = _split_of(rng)
            if base is None or base not in families or families[base] > 2:
                return None
            splits[rng.name] = base
        else:
            fixed.append(rng)
    if not families:
        return None
    return _build(families, splits, tuple(fixed))


def _build(families: dict, splits: dict, fixed: tuple) -> Sizes | None:
    per_family = {base: [k for k, b in splits.items() if b == base] for base in families}
    if any(len(ks) > MAX_SPLITS for ks in per_family.values()):
        return None
    cases = [Case((), {}, {})]
    for base, ks in per_family.items():
        cases = [_merge(case, part) for case in cases for part in _family_cases(base, families[base], ks)]
    return Sizes(families, splits, fixed, tuple(cases))


def _dims_used(rng) -> set:
    bounds = [b for b in (rng.lo, rng.hi) if b is not None]
    return {n.name for b in bounds for n in ir.walk(b) if isinstance(n, ir.Dim)}


def _split_of(rng) -> str | None:
    """n when the range is exactly 1..n-1."""
    lo, hi = rng.lo, rng.hi
    if lo is None or hi is None or ir.exponent_value(lo) != 1:
        return None
    if (isinstance(hi, ir.Bin) and hi.op == "-" and isinstance(hi.left, ir.Dim)
            and ir.exponent_value(hi.right) == 1):
        return hi.left.name
    return None


def _family_cases(base: str, lowest: int, ks: list) -> list:
    """One Case per weak order of the split points of one family."""
    if not ks:
        b = sp.Symbol(f"{base}_b0", integer=True, positive=True)
        return [Case(((b, lowest),), {base: (b,)}, {b: base})]
    out = []
    for groups in _weak_orders(ks):
        blocks = tuple(sp.Symbol(f"{base}_b{i}", integer=True, positive=True) for i in range(len(groups) + 1))
        expansion = {base: blocks}
        for g, group in enumerate(groups):
            for k in group:
                expansion[k] = blocks[: g + 1]
        out.append(Case(tuple((b, 1) for b in blocks), expansion, {b: base for b in blocks}))
    return out


def _weak_orders(items: list) -> list:
    """Ordered partitions of the items into nonempty groups (k < m, k = m, k > m for two)."""
    found = set()
    for order in permutations(items):
        for cuts in range(1 << max(len(order) - 1, 0)):
            groups, current = [], [order[0]]
            for i, item in enumerate(order[1:]):
                if cuts >> i & 1:
                    current.append(item)
                else:
                    groups.append(tuple(sorted(current)))
                    current = [item]
            groups.append(tuple(sorted(current)))
            found.add(tuple(groups))
    return sorted(found)


def _merge(case: Case, part: Case) -> Case:
    return Case(case.blocks + part.blocks, {**case.expansion, **part.expansion}, {**case.family_of, **part.family_of})
