"""The static rules of calculational proofs (SPEC section 7).

A chain `A == B <= C < D` composes to `<`; it must start at the claim's left
side, end at its right side, and its composed relation must imply the claim's.
Whether each step holds is the engines' business, not this module's.
"""

from __future__ import annotations

from . import ir
from .errors import ClaimError, Loc

# composed relation -> claim relations it implies
IMPLIES = {
    "==": {"==", "<=", ">="},
    "<=": {"<="},
    "<": {"<", "<="},
    ">=": {">="},
    ">": {">", ">="},
}


def compose(relations: list) -> str:
    """The relation a chain of steps establishes; error if directions mix."""
    direction = {r[0] for r in relations if r != "=="}
    if len(direction) > 1:
        raise ClaimError("a proof chain cannot mix <-steps and >-steps")
    if not direction:
        return "=="
    (side,) = direction
    strict = any(r in ("<", ">") for r in relations)
    return side if strict else side + "="


def check_chain(goals: list, steps: list, loc: Loc) -> str:
    """Check start, end and composition; return the composed relation."""
    if len(goals) != 1 or not isinstance(goals[0], ir.Compare) or len(goals[0].ops) != 1:
        raise ClaimError("a proof needs a claim of the form `A rel B` (one relation)", loc)
    goal = goals[0]
    first, last = steps[0], steps[-1]
    lhs, rhs = goal.terms
    if first.expr != lhs:
        raise ClaimError(
            f"the proof must start with the claim's left side `{ir.to_text(lhs)}`, "
            f"not `{ir.to_text(first.expr)}`",
            Loc(first.line, first.col),
        )
    if last.expr != rhs:
        raise ClaimError(
            f"the proof must end with the claim's right side `{ir.to_text(rhs)}`, not `{ir.to_text(last.expr)}`",
            Loc(last.line, last.col),
        )
    try:
        composed = compose([s.rel for s in steps[1:]])
    except ClaimError as exc:
        raise exc.at(loc) from None
    if goal.ops[0] not in IMPLIES[composed]:
        raise ClaimError(
            f"the proof chain establishes `{composed}`, which does not imply the claim's `{goal.ops[0]}`", loc
        )
    return composed
