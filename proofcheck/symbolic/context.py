"""What the tactics share for one claim: its analyses, lazily built and cached."""

from __future__ import annotations

import time

from ..language import ir
from ..language.errors import ClaimError, Timeout
from ..language.model import Claim
from ..language.typecheck import ShapeChecker
from .evaluate import Evaluator, SymbolModel
from .hypotheses import Hypotheses, known_at, vacuous_at
from .positivity import Positivity
from ..language.refine import refine_symbols
from ..language import bounds as B
from ..language.signs import name
from .ranges import rule_bound
from .sizes import size_structure
from .symsign import SymSign


class Context:
    def __init__(self, claim: Claim, deadline: float | None = None) -> None:
        self.claim = claim
        self.deadline = deadline
        self.combos = list(claim.dim_combinations())
        self.symbols = refine_symbols(claim.symbols, claim.given)
        self.checkers = [ShapeChecker(claim.symbols, dims) for dims in self.combos]
        self.rank = lambda expr: len(self.checkers[0].value(expr))
        self.hypotheses = Hypotheses.of(claim.given)
        self.positivity = Positivity(self.symbols, self.rank, self.hypotheses, self.same_shape)
        self._evaluators: dict = {}
        self._signs: dict = {}
        self.memo: dict = {}  # what a tactic computes once per claim
        self.sizes = size_structure(claim.dims) if claim.unbounded else None  # for the all-sizes argument

    def same_shape(self, a: ir.Expr, b: ir.Expr) -> str | None:
        """"always" when the shapes agree whatever the sizes, "declared" when only at the
        claim's dims, else None. Distinct primes for every dim stand for "whatever the sizes"."""
        if not all(checker.value(a) == checker.value(b) for checker in self.checkers):
            return None
        generic = dict(zip([d.name for d in self.claim.dims], (101, 103, 107, 109, 113, 127, 131, 137)))
        try:
            checker = ShapeChecker(self.claim.symbols, generic)
            return "always" if checker.value(a) == checker.value(b) else "declared"
        except (ClaimError, KeyError, IndexError):
            return "declared"

    def contradiction(self) -> str | None:
        """Why `given` cannot hold together with the domains, when the facts show it."""
        hyp = self.hypotheses
        if hyp.conflicts:
            return hyp.conflict_text(hyp.conflicts[0])
        for relation in self.claim.given:
            for term in relation.terms:
                self.positivity.fact(term)
        for expr in self.positivity.conflicts:
            if expr in hyp.sources:
                sign = self.positivity._rule(expr).sign
                bound = B.meet(rule_bound(expr, self.positivity.bound, self.symbols), B.of_sign(sign))
                known = name(sign) if bound == B.of_sign(sign) else f"in {bound}"
                return hyp.conflict_text(expr, "" if bound == B.ANY else known)
        return None

    def vacuous(self, dims: dict) -> str | None:
        """Why `given` cannot hold at these dims (the claim holds vacuously there), else None."""
        key = ("vacuous",) + tuple(sorted(dims.items()))
        if key not in self._signs:
            self._signs[key] = vacuous_at(self.claim.given, self.evaluator(dims, True)) if self.claim.given else None
        return self._signs[key]

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise Timeout()

    def evaluator(self, dims: dict, structured: bool) -> Evaluator:
        key = (tuple(sorted(dims.items())), structured)
        if key not in self._evaluators:
            self._evaluators[key] = Evaluator(SymbolModel(self.symbols, dims, structured), dims)
        return self._evaluators[key]

    def signs(self, dims: dict) -> SymSign:
        """Signs at the sympy level, with the structured model's symbols."""
        key = tuple(sorted(dims.items()))
        if key not in self._signs:
            evaluate = self.evaluator(dims, True)
            known = known_at(self.claim.given, evaluate, evaluate.model.known)
            self._signs[key] = SymSign(evaluate.model.bounds, known)
        return self._signs[key]

    def scope_text(self) -> str:
        """The dims a per-size proof covered, as declared (e.g. `n=2..6, k=1..n-1`); for an
        unbounded dim, the sizes checked (`n=1..3`)."""
        parts = []
        for rng in self.claim.dims:
            if rng.unbounded:
                values = sorted({dims[rng.name] for dims in self.combos})
                text = f"{values[0]}..{values[-1]}" if isinstance(rng.lo, ir.Num) else rng.text + " (first sizes)"
            else:
                text = rng.text if rng.lo is not None else ",".join(str(v) for v in rng.values)
            parts.append(f"{rng.name}={text}")
        return ", ".join(parts) or "all sizes"
