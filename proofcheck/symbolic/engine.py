"""The symbolic engine: prove each goal of a claim with the first tactic that can.

A goal is proved when a tactic shows it and every definedness side goal taken
from its tree is shown too; otherwise the claim stays unproven. A proof chain
is proved step by step. The scope is `all sizes` when every argument used was
size-independent, else the declared dims.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..language import ir
from .evaluate import TooLarge
from ..language.model import Claim
from ..language.signs import POS, is_nonneg, is_nonzero
from .conditions import Condition, conditions
from .context import Context, Timeout
from ..language.goals import Goal, claim_goals, goals_of, step_goals
from .refute import find as find_counterexample
from .sizes import dims_only
from .symmetry import Symmetry
from .tactics import TACTICS


@dataclass
class Proof:
    """A certificate: how each goal was shown, and over which sizes."""

    method: str
    all_sizes: bool
    lines: list = field(default_factory=list)


@dataclass
class SymbolicResult:
    status: str  # proved | unproven | error | skipped
    method: str | None = None
    scope: str | None = None
    certificate: list = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0
    candidate: object = None  # falsified: a refute.Candidate, for the gate to confirm (not JSON)

    def to_json(self) -> dict:
        return {"status": self.status, "method": self.method, "scope": self.scope,
                "seconds": round(self.seconds, 4), "certificate": self.certificate}


class _Unproven(Exception):
    pass


class Prover:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def side_goals(self, exprs: list) -> Proof:
        """Show every definedness condition of the expressions."""
        found: dict = {}
        for expr in exprs:
            for condition in conditions(expr):
                found.setdefault((condition.expr, condition.need, condition.assuming), condition)
        lines, all_sizes = [], True
        for condition in found.values():
            positivity = self.ctx.positivity.assuming(condition.assuming)
            if positivity.holds(condition.expr, condition.need):
                if not isinstance(condition.expr, (ir.Num, ir.Dim, ir.Const)):
                    why = positivity.fact(condition.expr).why
                    lines.append(f"defined: {condition.text()} by sign rules" + (f": {why}" if why else ""))
                continue
            if self._sizes_show(condition):
                lines.append(f"defined: {condition.text()} at every size (in the lengths of the parts of "
                             "the unbounded dims)")
                continue
            if not all(self._condition_at(condition, dims) for dims in self.ctx.combos):
                raise _Unproven(f"could not show {condition.text()}")
            lines.append(f"defined: {condition.text()} for each size")
            all_sizes = False
        return Proof("", all_sizes, lines)

    def _sizes_show(self, condition: Condition) -> bool:
        """A condition on sizes alone (`n - k != 0` under `k: 1..n-1`), from the ranges of the dims."""
        sizes = self.ctx.sizes
        return (sizes is not None and condition.need in ("pos", "nonzero", "nonneg")
                and dims_only(condition.expr) and sizes.positive(condition.expr))

    def _condition_at(self, condition: Condition, dims: dict) -> bool:
        self.ctx.check_time()
        if self.ctx.vacuous(dims):  # `given` cannot hold at these dims
            return True
        if condition.need == "never":
            return False
        value = self.ctx.evaluator(dims, True)(condition.expr)
        sign = self.ctx.signs(dims).sign
        if condition.need == "invertible":
            import sympy as sp

            return is_nonzero(sign(sp.expand(value.to_matrix(sp).det(method="berkowitz"))))
        signs = [sign(entry) for entry in value.flat]
        if condition.need == "nonzero_array":
            return any(is_nonzero(s) for s in signs)
        test = {"nonneg": is_nonneg, "pos": lambda s: s == POS, "nonzero": is_nonzero}[condition.need]
        return all(test(s) for s in signs)

    def goal(self, goal: Goal) -> Proof:
        """The first tactic that shows the goal, with its side goals."""
        defined = self.side_goals(goal.exprs())
        for tactic in TACTICS:
            if goal.op not in tactic.ops:
                continue
            self.ctx.check_time()
            lines = self._try(tactic, goal)
            if lines is None:
                continue
            extra = self.side_goals([ir.Call("hessian", goal.lhs.args)]) if tactic.name == "hessian" else None
            all_sizes = (tactic.all_sizes and defined.all_sizes and (extra is None or extra.all_sizes)
                         and not self.ctx.positivity.size_dependent)
            return Proof(tactic.name, all_sizes, lines + defined.lines + (extra.lines if extra else []))
        raise _Unproven(f"no tactic proves `{goal.text()}`")

    def _try(self, tactic, goal: Goal):
        if tactic.all_sizes:
            return tactic.run(goal, self.ctx)
        lines, vacuous = None, []
        for dims in self.ctx.combos:
            why = self.ctx.vacuous(dims)
            if why:
                vacuous.append(f"at {', '.join(f'{k}={v}' for k, v in dims.items())}: {why}, so it holds vacuously")
                continue
            lines = tactic.run(goal, self.ctx, dims)
            if lines is None:
                return None
        return None if lines is None else lines + vacuous

    def symmetric(self, matrix: ir.Expr) -> Proof:
        """M is symmetric: by structure rules, else as the identity `M == M.T`."""
        why = Symmetry(self.ctx.claim.symbols, self.ctx.rank).why(matrix)
        if why is not None:
            return Proof("symmetric", True, [f"`{ir.to_text(matrix)}` is symmetric: {why}"])
        try:
            proof = self.goal(Goal("==", matrix, ir.Transpose(matrix)))
        except _Unproven:
            raise _Unproven(f"could not show `{ir.to_text(matrix)}` symmetric") from None
        return Proof("symmetric", proof.all_sizes,
                     [f"`{ir.to_text(matrix)}` is symmetric (M == M.T by {proof.method})"] + proof.lines)

    def chain(self, steps: list) -> Proof:
        """A calculational proof: every step from the previous line."""
        lines, methods, all_sizes = [], [], True
        for goal in step_goals(steps):
            try:
                proof = self.goal(goal)
            except _Unproven as exc:
                raise _Unproven(f"proof step at line {goal.line} (`{goal.text()}`): {exc}") from None
            methods.append(proof.method)
            all_sizes = all_sizes and proof.all_sizes
            lines.append(f"line {goal.line}: {goal.op} by {proof.method}")
            lines.extend("  " + line for line in proof.lines)
        return Proof("calc(" + ", ".join(dict.fromkeys(methods)) + ")", all_sizes, lines)


def _refute(ctx: Context, claim: Claim, result: SymbolicResult) -> None:
    """No proof: look for an exact counterexample where sampling cannot reach (refute.py)."""
    candidate = find_counterexample(ctx, claim_goals(claim))
    if candidate is not None:
        result.status, result.candidate = "falsified", candidate
        result.method = candidate.found_by
        result.certificate = [f"counterexample found by {candidate.found_by}:"] + ["  " + l for l in candidate.lines]


def prove(claim: Claim, deadline: float | None = None) -> SymbolicResult:
    """Try to prove every goal of the claim; never reports a false claim as proved."""
    start = time.monotonic()
    result = SymbolicResult("unproven")
    try:
        ctx = Context(claim, deadline)
        contradiction = ctx.contradiction()
        if contradiction:
            result.status, result.message = "error", contradiction
            return result
        prover = Prover(ctx)
        if claim.proof:
            proofs = [prover.chain(claim.proof)]
            goal = claim.claims[0]
            if isinstance(goal, ir.Call) and goal.fn in ("psd", "pd"):  # the chain was on its quadratic form
                proofs.append(prover.symmetric(goal.args[0]))
        else:
            proofs = [prover.goal(goal) for expr in claim.claims for goal in goals_of(expr)]
        all_sizes = all(p.all_sizes for p in proofs)
        result.status = "proved"
        result.method = " + ".join(dict.fromkeys(p.method for p in proofs))
        result.scope = "all sizes" if all_sizes else ctx.scope_text()
        result.certificate = [line for p in proofs for line in [f"by {p.method}:"] + ["  " + l for l in p.lines]]
        result.message = f"proved by {result.method} ({result.scope})"
        if claim.unbounded and not all_sizes:  # SPEC section 3: some sizes are not a proof for every size
            result.status = "unproven"
            unbounded = ", ".join(f"{r.name}: {r.text}" for r in claim.dims if r.unbounded)
            result.message = (f"checked for {result.scope} only (by {result.method}); no argument for all "
                              f"sizes ({unbounded}) was found")
    except TooLarge as exc:
        result.message = f"not proved: {exc}"
    except _Unproven as exc:
        result.message = str(exc)
        _refute(ctx, claim, result)
    except Timeout:
        result.status, result.message = "error", "timeout"
    finally:
        result.seconds = time.monotonic() - start
    return result
