"""What a claim asks to check, as goals: one per relation (a chain `a <= b < c`
gives two) or predicate, and, for a proof, one per step. Both engines check
the same goals."""

from __future__ import annotations

from dataclasses import dataclass

from . import ir


@dataclass(frozen=True)
class Goal:
    op: str  # == < <= > >=, or psd pd convex concave (then lhs is the predicate call)
    lhs: ir.Expr
    rhs: ir.Expr | None = None
    line: int | None = None  # the proof line, for a step

    def text(self) -> str:
        if self.rhs is None:
            return ir.to_text(self.lhs)
        return f"{ir.to_text(self.lhs)} {self.op} {ir.to_text(self.rhs)}"

    def exprs(self) -> list:
        return [self.lhs] if self.rhs is None else [self.lhs, self.rhs]


def goals_of(expr: ir.Expr) -> list:
    """The goals of one claim expression."""
    if isinstance(expr, ir.Compare):
        return [Goal(op, a, b) for op, a, b in expr.links()]
    return [Goal(expr.fn, expr)]


def step_goals(steps: list) -> list:
    """Each step of a calculational proof, from the line before it."""
    return [Goal(step.rel, before.expr, step.expr, step.line) for before, step in zip(steps, steps[1:])]


def claim_goals(claim) -> list:
    """Every goal of a claim: its relations and predicates, then its proof steps."""
    return [g for expr in claim.claims for g in goals_of(expr)] + step_goals(claim.proof or [])
