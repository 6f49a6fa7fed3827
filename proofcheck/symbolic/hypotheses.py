"""`given` as hypotheses: what each assumption says about the values of expressions.

One mechanism for every tactic: each relation of `given` becomes facts about
expressions of the claim's tree (a sign, a bound with open or closed ends),
which the sign rules meet with what they compute (positivity.Positivity).
A fact is only ever what the relation states, read in its own direction:

- `E op c` (c a number): E lies in (c, inf), [c, inf), ..., or is c; `E != 0`
  makes E nonzero, and `E != c` makes `E - c` nonzero;
- `E op F`: the sign of `F - E` and `E - F` (`x < y` makes `y - x` positive);
- `norm(w) > 0` and `w @ w > 0` make w a nonzero vector; `det(A) != 0` is
  what `inv(A)` needs (Positivity.holds).

Two facts about one expression that cannot both hold show the assumptions
contradict each other (`x > 1` and `x < 0`): the claim would hold vacuously,
so the engine reports an error instead of a proof.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..language import ir
from ..language.bounds import ANY, Bound, meet, of_sign, point
from ..language.ir import exponent_value
from ..language.signs import NEG, NONNEG, NONPOS, NONZERO, POS, UNKNOWN, ZERO, Fact, is_nonzero, relation_holds

_DIFFERENCE_SIGN = {"<": NEG, "<=": NONPOS, ">": POS, ">=": NONNEG, "==": ZERO, "!=": NONZERO}  # of E - F


def bound_of(op: str, c: Fraction) -> Bound:
    """The values E may take when `E op c` holds."""
    return {">": Bound(c, None, True), ">=": Bound(c, None, False), "<": Bound(None, c, True, True),
            "<=": Bound(None, c, True, False), "==": point(c)}.get(op, ANY)


@dataclass
class Hypotheses:
    """Facts from `given`, keyed by expression (structural equality, so the claim's own
    subexpressions find them), with the relations each came from."""

    facts: dict = field(default_factory=dict)  # expr -> Fact (sign, nonzero_array)
    bounds: dict = field(default_factory=dict)  # expr -> Bound
    sources: dict = field(default_factory=dict)  # expr -> [Compare]
    conflicts: list = field(default_factory=list)  # expressions whose facts contradict each other

    @staticmethod
    def of(given: list) -> "Hypotheses":
        hyp = Hypotheses()
        for relation in given:
            if isinstance(relation, ir.Compare):
                for op, left, right in relation.links():
                    hyp.relation(op, left, right, relation)
                for op, left, right in _implied_links(relation):
                    hyp.relation(op, left, right, relation)
        return hyp

    def relation(self, op: str, left: ir.Expr, right: ir.Expr, source: ir.Compare) -> None:
        lc, rc = exponent_value(left), exponent_value(right)
        if rc is not None and lc is None:
            self.bounded(left, op, rc, source)
        elif lc is not None and rc is None:
            self.bounded(right, ir.FLIPPED[op], lc, source)
        elif lc is None and rc is None:
            sign = _DIFFERENCE_SIGN[op]
            self.record(ir.Bin("-", left, right), sign, of_sign(sign), source)
            self.record(ir.Bin("-", right, left), _negated(sign), of_sign(_negated(sign)), source)

    def bounded(self, expr: ir.Expr, op: str, c: Fraction, source: ir.Compare) -> None:
        """`expr op c` for a number c."""
        if op == "!=":
            if c == 0:
                self.record(expr, NONZERO, ANY, source)
            else:
                for shifted in (ir.Bin("-", expr, ir.Num(c)), ir.Bin("+", expr, ir.Num(-c))):
                    self.record(shifted, NONZERO, ANY, source)
            return
        bound = bound_of(op, c)
        self.record(expr, bound.sign(), bound, source)

    def record(self, expr: ir.Expr, sign: frozenset, bound: Bound, source: ir.Compare) -> None:
        old = self.facts.get(expr, Fact(UNKNOWN))
        both = old.sign & sign
        met = meet(self.bounds.get(expr, ANY), bound)
        self.sources.setdefault(expr, []).append(source)
        if not both or met.empty() or not (met.sign() & both):
            self.conflicts.append(expr)
            return
        self.facts[expr] = Fact(both, old.nonzero_array or is_nonzero(both), why="by `given`")
        self.bounds[expr] = met
        if is_nonzero(both):
            for vector in _nonzero_vectors(expr):
                previous = self.facts.get(vector, Fact(UNKNOWN))
                self.facts[vector] = Fact(previous.sign, True, why="nonzero by `given`")
            if isinstance(expr, ir.Call) and expr.fn == "abs":  # elementwise: each entry of the argument
                inner = expr.args[0]
                previous = self.facts.get(inner, Fact(UNKNOWN))
                self.facts[inner] = Fact(previous.sign & NONZERO or previous.sign, True, why="nonzero by `given`")

    def conflict_text(self, expr: ir.Expr, known: str = "") -> str:
        """Why the assumptions contradict each other, naming the `given` lines."""
        lines = []
        for source in self.sources.get(expr, []):
            text = f"`{ir.to_text(source)}` (line {source.loc.line})"
            if text not in lines:
                lines.append(text)
        what = " and ".join(lines) or "the domains"
        extra = f", but `{ir.to_text(expr)}` is {known}" if known else ""
        return f"the assumptions contradict each other: {what}{extra}; the claim would hold vacuously"


_DIRECTION = {"<": 1, "<=": 1, ">": -1, ">=": -1, "==": 0}


def _implied_links(relation: ir.Compare) -> list:
    """The relations a chain implies between terms that are not neighbours, by transitivity:
    `0 < x < y` also gives `0 < y` (strict if any step is; `==` steps keep either direction)."""
    out = []
    terms, ops = relation.terms, relation.ops
    for i in range(len(terms)):
        for j in range(i + 2, len(terms)):
            steps = ops[i:j]
            if "!=" in steps or len({_DIRECTION[op] for op in steps} - {0}) > 1:
                continue
            direction = max((_DIRECTION[op] for op in steps), key=abs)
            strict = any(op in ("<", ">") for op in steps)
            op = "==" if direction == 0 else {(1, True): "<", (1, False): "<=", (-1, True): ">",
                                               (-1, False): ">="}[(direction, strict)]
            out.append((op, terms[i], terms[j]))
    return out


def _negated(sign: frozenset) -> frozenset:
    return frozenset(-s for s in sign)


def _nonzero_vectors(expr: ir.Expr) -> list:
    """Vectors that `expr != 0` shows are not all zeros: w in norm(w) and in w @ w."""
    if isinstance(expr, ir.Call) and expr.fn == "norm":
        return [expr.args[0]]
    if isinstance(expr, ir.Bin) and expr.op == "@" and expr.left == expr.right:
        return [expr.left]
    return []



MAX_KNOWN_ENTRIES = 400  # entries of `given` relations turned into facts at one size
MAX_KNOWN_WORK = 50_000  # nodes of a relation times the entries of the largest symbol: else skipped
MAX_EXPAND_OPS = 400  # a fact is also recorded for the expanded form of smaller expressions
MAX_EXPAND_TERMS = 2000  # ... whose expanded form is no larger than this (`(a + ... + h)**12` is not)


def known_at(given: list, evaluate, known: dict) -> dict:
    """The same facts at one combination of dims, on sympy values (`evaluate` is the
    structured evaluator): sympy expr -> (sign, Bound), met with what the structures know.
    Relations too costly to evaluate at these sizes are left out (fewer facts, still sound)."""
    import sympy as sp

    from ..exact.listarray import ListArray
    from .evaluate import TooLarge

    out = dict(known)
    largest = max((len(v.flat) for v in evaluate.model.values.values()), default=1)
    given = [r for r in given if _nodes(r, MAX_KNOWN_WORK // largest + 1) * largest <= MAX_KNOWN_WORK]

    def add(expr, sign: frozenset, bound: Bound) -> None:
        forms = [expr]
        if not expr.is_number and evaluate.terms(expr) <= MAX_EXPAND_TERMS and sp.count_ops(expr) <= MAX_EXPAND_OPS:
            forms.append(sp.expand(expr))
        for form in forms:
            old_sign, old_bound = out.get(form, (UNKNOWN, ANY))
            both, met = old_sign & sign, meet(old_bound, bound)
            if both and not met.empty():
                out[form] = (both, met)

    count = 0
    for relation in given:
        for op, left, right in relation.links():
            try:
                pairs = ListArray.binary(evaluate(left), evaluate(right), lambda a, b: (a, b)).flat
            except TooLarge:  # a relation too large to evaluate gives no facts here
                continue
            count += len(pairs)
            if count > MAX_KNOWN_ENTRIES:
                return out
            for a, b in pairs:
                if b.is_Rational and not a.is_number:
                    c = Fraction(int(b.p), int(b.q))
                    if op == "!=":
                        add(a - b, NONZERO, ANY)
                    else:
                        add(a, bound_of(op, c).sign(), bound_of(op, c))
                elif a.is_Rational and not b.is_number:
                    c = Fraction(int(a.p), int(a.q))
                    if op == "!=":
                        add(b - a, NONZERO, ANY)
                    else:
                        add(b, bound_of(ir.FLIPPED[op], c).sign(), bound_of(ir.FLIPPED[op], c))
                elif not (a.is_number and b.is_number):
                    sign = _DIFFERENCE_SIGN[op]
                    add(a - b, sign, of_sign(sign))
                    add(b - a, _negated(sign), of_sign(_negated(sign)))
    return out


def _nodes(expr: ir.Expr, limit: int) -> int:
    """Nodes of the tree, counted up to `limit`."""
    count, stack = 0, [expr]
    while stack and count < limit:
        count += 1
        stack.extend(ir.children(stack.pop()))
    return count


def vacuous_at(given: list, evaluate) -> str | None:
    """Why no value satisfies `given` at this combination of dims, when its sides are numbers
    there that break it (`det(X.T @ X) != 0` with X of rank 1 at this size), or it is
    nowhere defined; else None. The claim then holds vacuously at these dims."""
    import sympy as sp

    from ..exact.listarray import ListArray
    from .evaluate import TooLarge, as_sympy

    for relation in given:
        for op, left, right in relation.links():
            try:
                differences = ListArray.binary(evaluate(left), evaluate(right), lambda a, b: a - b).flat
            except TooLarge:
                continue
            for d in differences:
                d = as_sympy(d)
                if d is sp.nan:  # an inverse of a matrix singular at every point
                    return f"`{ir.to_text(relation)}` is nowhere defined"
                if d.is_Rational and not relation_holds(op, d):
                    return f"`{ir.to_text(relation)}` cannot hold"
    return None
