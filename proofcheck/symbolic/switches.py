"""What a piece of `where(c, a, b)` may assume: its switch (`c` for a, the negation for b).

A piece is chosen entry by entry. A switch that compares scalars holds for the
whole piece wherever the piece is chosen, so its facts hold there. A switch
that compares arrays holds only at the entries that take the piece: a fact it
gives about an expression E still holds for the piece when E has the shape of
the where (for every size) and each occurrence of E in the piece is reached
through elementwise operations only, so that entry i of the piece uses entry i
of E and no other. `where(x > 0, log(x), 0)` passes; `where(x > 0, x * sum(x), 0)`
does not (sum(x) mixes entries).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language import ir
from ..language.catalog import CATALOG


@dataclass(frozen=True)
class Switch:
    """The relation a piece of a where assumes, with the piece and the where."""

    relation: ir.Compare
    piece: ir.Expr
    whole: ir.Call


def pieces(node: ir.Call) -> list:
    """(piece, Switch or None) for the two pieces of a where (a chain's negation is no relation)."""
    condition, a, b = node.args
    other = ir.negated(condition)
    return [(a, Switch(condition, a, node)), (b, Switch(other, b, node) if other is not None else None)]


def facts_for(hypothesis, positivity, given_facts) -> dict:
    """The facts a hypothesis (a Switch, or a bare relation of scalars) gives, where they are sound."""
    relation = hypothesis.relation if isinstance(hypothesis, Switch) else hypothesis
    if relation is None:
        return {}
    facts = given_facts([relation])
    if all(positivity.rank(t) == 0 for t in relation.terms):
        return facts
    if not isinstance(hypothesis, Switch):
        return {}
    return {e: f for e, f in facts.items()
            if positivity.same_shape(e, hypothesis.whole) == "always"
            and _entrywise(e, hypothesis.piece, positivity.rank)}


def _entrywise(target: ir.Expr, piece: ir.Expr, rank) -> bool:
    """Every occurrence of `target` in `piece` is reached through elementwise operations only."""
    seen, stack = set(), [(piece, True)]
    while stack:
        node, direct = stack.pop()
        if (id(node), direct) in seen:
            continue
        seen.add((id(node), direct))
        if node == target:
            if not direct:
                return False
            continue
        keeps = direct and _keeps_entries(node, rank)
        stack.extend((child, keeps) for child in ir.children(node))
    return True


def _keeps_entries(node: ir.Node, rank) -> bool:
    """Entry i of the node's value uses entry i of each child (broadcast scalars aside)."""
    if isinstance(node, ir.Bin):
        return node.op != "@"
    if isinstance(node, (ir.Neg, ir.Compare)):
        return True
    if isinstance(node, ir.Transpose):
        return rank(node.operand) <= 1
    if isinstance(node, ir.Call) and node.fn in CATALOG:
        return CATALOG[node.fn].kind in ("elementwise", "piecewise")
    return False
