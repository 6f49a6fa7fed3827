"""The static rules of calculational proofs (SPEC section 7).

A chain `A == B <= C < D` composes to `<`; it must start at the claim's left
side, end at its right side, and its composed relation must imply the claim's.
A `psd(M)` claim is proved by a chain on its quadratic form: from `v @ M @ v`,
for a real vector symbol v that nothing else constrains, to `>= 0` (`pd(M)`:
to `> 0`, with `given: norm(v) > 0` and nothing else on v). Whether each step
holds is the engines' business, not this module's.
"""

from __future__ import annotations

from fractions import Fraction

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


def check_chain(goals: list, steps: list, loc: Loc, symbols: dict | None = None, given: list = ()) -> str:
    """Check start, end and composition; return the composed relation."""
    if len(goals) == 1 and isinstance(goals[0], ir.Call) and goals[0].fn in ("psd", "pd"):
        return _quadratic_form_chain(goals[0], steps, loc, symbols or {}, given)
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


def quadratic_form(expr: ir.Expr) -> tuple | None:
    """(v, M) when expr is `v @ M @ v`, bracketed either way, with v a symbol."""
    if not (isinstance(expr, ir.Bin) and expr.op == "@"):
        return None
    left, right = expr.left, expr.right
    if isinstance(left, ir.Bin) and left.op == "@" and isinstance(right, ir.Sym) and left.left == right:
        return right, left.right
    if isinstance(right, ir.Bin) and right.op == "@" and isinstance(left, ir.Sym) and right.right == left:
        return left, right.left
    return None


def _quadratic_form_chain(goal: ir.Call, steps: list, loc: Loc, symbols: dict, given: list) -> str:
    matrix = goal.args[0]
    first, last = steps[0], steps[-1]
    where = Loc(first.line, first.col)
    form = quadratic_form(first.expr)
    if form is None or form[1] != matrix:
        raise ClaimError(f"a proof of {goal.fn}(M) starts with the quadratic form `v @ M @ v` of "
                         f"M = `{ir.to_text(matrix)}`, for a vector symbol v; not `{ir.to_text(first.expr)}`", where)
    v = form[0]
    symbol = symbols.get(v.name)
    if symbol is None or len(symbol.shape) != 1 or symbol.domain.kind != "real" or symbol.structure:
        raise ClaimError(f"`{v.name}` in the quadratic form must be a real vector symbol (`{v.name}: vector[n]`), "
                         "so that the chain covers every vector", where)
    if any(isinstance(n, ir.Sym) and n.name == v.name for n in ir.walk(matrix)):
        raise ClaimError(f"the matrix of the quadratic form uses `{v.name}`; use a vector symbol of its own", where)
    if not (isinstance(last.expr, ir.Num) and last.expr.value == 0):
        raise ClaimError(f"a proof of {goal.fn}(M) ends with `0`, not `{ir.to_text(last.expr)}`",
                         Loc(last.line, last.col))
    try:
        composed = compose([s.rel for s in steps[1:]])
    except ClaimError as exc:
        raise exc.at(loc) from None
    wanted = ">" if goal.fn == "pd" else ">="
    if composed not in (">", wanted):
        raise ClaimError(f"the proof chain establishes `v @ M @ v {composed} 0`; {goal.fn}(M) needs "
                         f"`{wanted} 0`", loc)
    _check_given(goal.fn, v, given, loc)
    return composed


def _check_given(fn: str, v: ir.Sym, given: list, loc: Loc) -> None:
    """psd: nothing may restrict v; pd: exactly `norm(v) > 0` (v ranges over the nonzero vectors)."""
    nonzero = ir.Compare((">",), (ir.Call("norm", (v,)), ir.Num(Fraction(0))))
    found = False
    for relation in given:
        if not any(isinstance(n, ir.Sym) and n.name == v.name for n in ir.walk(relation)):
            continue
        if fn == "pd" and relation == nonzero:
            found = True
            continue
        raise ClaimError(f"`given: {ir.to_text(relation)}` restricts `{v.name}`, so the chain would not cover "
                         f"every vector" + ("" if fn == "psd" else f" (only `norm({v.name}) > 0` may)"),
                         relation.loc if relation.loc.line else loc)
    if fn == "pd" and not found:
        raise ClaimError(f"a proof of pd(M) needs `given: norm({v.name}) > 0` (v @ M @ v > 0 for every "
                         "nonzero v)", loc)
