"""Positivity on the expression tree, in the manner of Mathlib's `positivity`.

One rule per head (numbers, symbols, arithmetic, quadratic forms; the catalog
gives the rule of each built-in). The analysis never looks at sizes, so what
it shows holds for all sizes. Facts from `given` are met with what the rules
compute; a symbol's domain and structure are its starting facts.
"""

from __future__ import annotations


from ..language import ir
from ..language.ir import exponent_value
from ..language.catalog import CATALOG
from ..language import bounds as B
from ..language.laws import offset_sign, value_bounds
from ..language.signs import (NONNEG, NONZERO, POS, UNKNOWN, ZERO, Fact, add, is_nonneg, is_nonzero, meet, mul, negate, of_number, power, reciprocal, repeated_sum)
from .hypotheses import Hypotheses
from .ranges import rule_bound
from .switches import facts_for, pieces

def domain_sign(domain) -> frozenset:
    """The sign of every value in a domain (its bound's; `nonzero` is no interval)."""
    return NONZERO if domain.kind == "nonzero" else B.of_domain(domain).sign()


def strip_vector_transpose(expr: ir.Expr, rank) -> ir.Expr:
    """`v.T` is `v` for vectors and scalars, as in NumPy."""
    while isinstance(expr, ir.Transpose) and rank(expr.operand) <= 1:
        expr = expr.operand
    return expr


class Positivity:
    """Facts about the values of expressions, for every size."""

    def __init__(self, symbols: dict, rank, facts: "dict | Hypotheses | None" = None, same_shape=None) -> None:
        self.symbols = symbols
        self.rank = rank  # expr -> number of axes
        self.same_shape = same_shape or (lambda a, b: None)  # "always", "declared" (sizes) or None
        self.size_dependent = False  # some fact relied on the declared sizes (see _add)
        # what `given` says (hypotheses.py); a plain dict of facts (expr -> Fact) has no bounds
        self.hypotheses = facts if isinstance(facts, Hypotheses) else Hypotheses(facts=dict(facts or {}))
        self.given = self.hypotheses.facts  # expr -> Fact from `given`
        self.memo: dict = {}
        self.bounds: dict = {}  # id(expr) -> Bound of every entry (ranges.py), met with `given`
        self.conflicts: list = []  # expressions whose rules contradict `given`
        self._keep: list = []
        self.parent: "Positivity | None" = None  # the analysis this one adds hypotheses to
        self._assuming: dict = {}

    def fact(self, expr: ir.Expr) -> Fact:
        key = id(expr)
        if key not in self.memo:
            fact = self._rule(expr)
            extra = self.given.get(expr)
            if extra is not None:
                fact = Fact(fact.sign, fact.nonzero_array or extra.nonzero_array or
                            (is_nonzero(extra.sign) and self.rank(expr) > 0), fact.psd, fact.pd,
                            fact.why or extra.why)
            bound = B.meet(rule_bound(expr, self.bound, self.symbols), self.hypotheses.bounds.get(expr, B.ANY))
            sign = fact.sign & bound.sign() & (extra.sign if extra is not None else UNKNOWN)
            if not sign:  # the rules and `given` contradict each other
                self.conflicts.append(expr)
                sign = fact.sign
            self.bounds[key] = B.meet(bound, B.of_sign(sign))
            why = fact.why or ("" if self.bounds[key] == B.of_sign(sign) else f"in {self.bounds[key]}")
            fact = Fact(sign, fact.nonzero_array, fact.psd, fact.pd, why)
            if is_nonzero(fact.sign) and not fact.nonzero_array:
                fact = Fact(fact.sign, True, fact.psd, fact.pd, fact.why)
            self.memo[key] = fact
            self._keep.append(expr)
        return self.memo[key]

    def bound(self, expr: ir.Expr) -> B.Bound:
        """Where every entry of the value lies (ranges.py, met with `given` and the sign)."""
        self.fact(expr)
        return self.bounds[id(expr)]

    def sign(self, expr: ir.Expr) -> frozenset:
        return self.fact(expr).sign

    # ------------------------------------------------------------ rules

    def _rule(self, expr: ir.Expr) -> Fact:
        if isinstance(expr, ir.Num):
            return Fact(of_number(expr.value))
        if isinstance(expr, (ir.Const, ir.Dim)):
            return Fact(POS)  # pi, and sizes, which are >= 1
        if isinstance(expr, ir.Sym):
            return self._symbol(expr)
        if isinstance(expr, ir.Neg):
            inner = self.fact(expr.operand)
            return Fact(negate(inner.sign), inner.nonzero_array)
        if isinstance(expr, ir.Transpose):
            inner = self.fact(expr.operand)
            return Fact(inner.sign, inner.nonzero_array, inner.psd, inner.pd)
        if isinstance(expr, ir.Index):
            return Fact(self.sign(expr.base))
        if isinstance(expr, ir.Bin):
            fact = getattr(self, "_" + {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow",
                                        "@": "matmul"}[expr.op])(expr)
            bounded = bounded_sum_sign(expr)
            return fact if bounded is None else Fact(meet(fact.sign, bounded), why=fact.why or "value bounds")
        if isinstance(expr, ir.Call):
            return self._call(expr)
        return Fact(UNKNOWN)

    def _symbol(self, expr: ir.Sym) -> Fact:
        symbol = self.symbols[expr.name]
        sign = domain_sign(symbol.domain)
        structure = symbol.structure
        if structure == "diagonal":
            return Fact(sign | ZERO, psd=is_nonneg(sign), pd=sign == POS)
        psd = structure in ("psd", "pd")
        nonzero = is_nonzero(sign) or structure in ("pd", "simplex", "unit")  # a simplex sums to 1
        return Fact(sign, nonzero_array=nonzero, psd=psd, pd=structure == "pd")

    def _add(self, expr: ir.Bin) -> Fact:
        a, b = self.fact(expr.left), self.fact(expr.right)
        sign = add(a.sign, b.sign)
        same = self.same_shape(expr.left, expr.right) if a.psd and b.psd else None  # a 1x1 pd term broadcasts
        both_psd = same is not None
        if same == "declared":  # shapes agree only at the declared sizes: not a proof for every size
            analysis = self
            while analysis is not None:
                analysis.size_dependent, analysis = True, analysis.parent
        nonzero = is_nonneg(a.sign) and is_nonneg(b.sign) and (a.nonzero_array or b.nonzero_array)
        return Fact(sign, nonzero, both_psd, both_psd and (a.pd or b.pd))

    def _sub(self, expr: ir.Bin) -> Fact:
        a, b = self.fact(expr.left), self.fact(expr.right)
        return Fact(add(a.sign, negate(b.sign)))

    def _scaled(self, matrix: Fact, scalar: Fact, sign) -> Fact:
        psd = matrix.psd and is_nonneg(scalar.sign)
        return Fact(sign, matrix.nonzero_array and is_nonzero(scalar.sign), psd,
                    psd and matrix.pd and scalar.sign == POS)

    def _mul(self, expr: ir.Bin) -> Fact:
        a, b = self.fact(expr.left), self.fact(expr.right)
        sign = mul(a.sign, b.sign)
        if self.rank(expr.left) == 0:
            return self._scaled(b, a, sign)
        if self.rank(expr.right) == 0:
            return self._scaled(a, b, sign)
        return Fact(sign)

    def _div(self, expr: ir.Bin) -> Fact:
        a, b = self.fact(expr.left), self.fact(expr.right)
        inverse = Fact(reciprocal(b.sign))
        sign = mul(a.sign, inverse.sign)
        if self.rank(expr.right) == 0:
            return self._scaled(a, inverse, sign)
        return Fact(sign)

    def _pow(self, expr: ir.Bin) -> Fact:
        base = self.fact(expr.left)
        exponent = exponent_value(expr.right)
        if exponent is None:
            return Fact(POS if base.sign == POS else UNKNOWN)
        sign = power(base.sign, exponent)
        return Fact(sign, base.nonzero_array and (exponent == 0 or is_nonzero(base.sign)))

    def _matmul(self, expr: ir.Bin) -> Fact:
        rank = self.rank
        left, right = expr.left, expr.right
        quad = self._quadratic_form(left, right)
        if quad is not None:
            return quad
        if rank(left) == 2 and rank(right) == 2:
            gram = self._gram(left, right)
            if gram is not None:
                return gram
        a, b = self.fact(left), self.fact(right)
        sign = repeated_sum(mul(a.sign, b.sign))
        if rank(left) == 1 and rank(right) == 1 and self._same(left, right):
            return Fact(POS if a.nonzero_array else NONNEG, a.nonzero_array, why="sum of squares")
        return Fact(sign)

    def _same(self, a: ir.Expr, b: ir.Expr) -> bool:
        return strip_vector_transpose(a, self.rank) == strip_vector_transpose(b, self.rank)

    def _quadratic_form(self, left: ir.Expr, right: ir.Expr) -> Fact | None:
        """v @ M @ v, however it is bracketed: psd M gives >= 0, pd M and v != 0 give > 0."""
        rank = self.rank
        if isinstance(left, ir.Bin) and left.op == "@" and rank(left.left) == 1 and rank(left.right) == 2:
            vector, matrix, other = left.left, left.right, right
        elif isinstance(right, ir.Bin) and right.op == "@" and rank(right.left) == 2 and rank(right.right) == 1:
            vector, matrix, other = right.right, right.left, left
        else:
            return None
        if rank(other) != 1 or not self._same(vector, other):
            return None
        m, v = self.fact(matrix), self.fact(vector)
        if m.pd and v.nonzero_array:
            return Fact(POS, why="positive definite quadratic form of a nonzero vector")
        if m.psd:
            return Fact(NONNEG, why="positive semidefinite quadratic form")
        return None

    def _gram(self, left: ir.Expr, right: ir.Expr) -> Fact | None:
        """A.T @ A, A @ A.T and A.T @ P @ A (P psd) are psd."""
        if isinstance(left, ir.Transpose) and left.operand == right:
            return Fact(UNKNOWN, psd=True, why="Gram matrix A.T @ A")
        if isinstance(right, ir.Transpose) and right.operand == left:
            return Fact(UNKNOWN, psd=True, why="Gram matrix A @ A.T")
        if (isinstance(left, ir.Bin) and left.op == "@" and isinstance(left.left, ir.Transpose)
                and left.left.operand == right and self.fact(left.right).psd):
            return Fact(UNKNOWN, psd=True, why="congruence A.T @ P @ A of a psd P")
        return None

    def assuming(self, hypotheses: tuple) -> "Positivity":
        """This analysis with more hypotheses: switches of `where` (switches.py says which of
        their facts hold for the piece that assumes them) or relations of scalars."""
        found = [(h, facts_for(h, self, given_facts)) for h in hypotheses]
        found = [(h, f) for h, f in found if f]
        if not found:
            return self
        key = tuple(id(h) for h, _ in found)
        if key not in self._assuming:
            facts = dict(self.given)
            for _, extra in found:
                for expr, fact in extra.items():
                    old = facts.get(expr)
                    facts[expr] = fact if old is None else Fact(meet(old.sign, fact.sign),
                                                                old.nonzero_array or fact.nonzero_array,
                                                                why=old.why or fact.why)
            hypotheses = Hypotheses(facts=facts, bounds=self.hypotheses.bounds, sources=self.hypotheses.sources)
            child = Positivity(self.symbols, self.rank, hypotheses, self.same_shape)
            child.parent = self
            self._assuming[key] = (child, found)  # the hypotheses stay alive, so their ids stay unique
        return self._assuming[key][0]

    def _where(self, expr: ir.Call) -> Fact:
        """One of two pieces, each analysed where it is chosen."""
        (a, on_a), (b, on_b) = pieces(expr)
        fa = self.assuming((on_a,)).fact(a)
        fb = self.assuming((on_b,) if on_b else ()).fact(b)
        return Fact(fa.sign | fb.sign, why=" and ".join(w for w in (fa.why, fb.why) if w))

    def _call(self, expr: ir.Call) -> Fact:
        func = CATALOG[expr.fn]
        if func.kind == "piecewise":
            return self._where(expr)
        if expr.fn == "outer" and self._same(expr.args[0], expr.args[1]):
            return Fact(UNKNOWN, psd=True, why="outer(v, v)")
        if func.sign is None:
            return Fact(UNKNOWN)
        args = [a for i, a in enumerate(expr.args) if i not in func.int_args]
        facts = [self.fact(a) for a in args]
        if expr.kwarg("axis") is not None:  # each slice may be all zeros even if the array is not
            facts = [Fact(f.sign) for f in facts]
        return func.sign(facts, [self.rank(a) for a in args])

    # ------------------------------------------------------------ goals

    def holds(self, expr: ir.Expr, need: str) -> bool:
        """Whether a condition on an expression's values is shown for all sizes."""
        fact = self.fact(expr)
        if need == "nonneg":
            return is_nonneg(fact.sign)
        if need == "pos":
            return fact.sign == POS
        if need == "nonzero":
            return is_nonzero(fact.sign)
        if need == "nonzero_array":
            return fact.nonzero_array
        if need == "invertible":  # pd, or `det(A) != 0` in `given`
            if fact.pd:
                return True
            if not is_nonzero(self.sign(self._det(expr))):
                return False
            if not fact.why:  # for the certificate
                self.memo[id(expr)] = Fact(fact.sign, fact.nonzero_array, fact.psd, fact.pd,
                                           f"det({ir.to_text(expr)}) != 0 by `given`")
            return True
        if need == "psd":
            return fact.psd
        if need == "pd":
            return fact.pd
        return False

    def _det(self, matrix: ir.Expr) -> ir.Expr:
        det = ir.Call("det", (matrix,))
        self._keep.append(det)
        return det


def bounded_sum_sign(expr: ir.Bin) -> frozenset | None:
    """The sign of `c + f(u)`, `f(u) - c`, `c - f(u)` from the laws bounding f's values
    (`0 < sigmoid(u) < 1`, `-1 < tanh(u) < 1`), or None."""
    if expr.op not in ("+", "-"):
        return None
    for term, const, scale in ((expr.left, expr.right, 1), (expr.right, expr.left, 1 if expr.op == "+" else -1)):
        value = exponent_value(const)
        sign = -1 if term is expr.left and expr.op == "-" else 1  # f(u) - c: the constant enters negated
        if isinstance(term, ir.Neg):
            term, scale = term.operand, -scale
        if value is None or not isinstance(term, ir.Call) or term.fn not in CATALOG:
            continue
        return offset_sign(value_bounds(CATALOG[term.fn]), scale, sign * value)
    return None


def given_facts(given: list) -> dict:
    """Facts from `given` relations, by expression (hypotheses.py has the rules)."""
    return Hypotheses.of(given).facts
