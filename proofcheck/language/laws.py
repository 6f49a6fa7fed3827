"""Function laws: inequalities a built-in satisfies, declared in its catalog entry.

A law is one relation in the claim language whose one side is a call of the
function (the head), such as `exp(u) >= 1 + u`; its other names are variables
that the prover instantiates with subexpressions of a goal, after showing the
law's side conditions (`given`) for them. Convexity gives two more laws to
every one-argument convex or concave function, derived here rather than
written per entry: Jensen's inequality for two points (and its midpoint form)
and, for a function that declares its derivative, the tangent line.

Law texts are ours, not claim text; they are parsed with the claim parser all
the same (never evaluated), once, when a law is first used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from . import ir


@dataclass(frozen=True)
class Law:
    """An inequality of one built-in, with its side conditions and why it holds."""

    text: str  # one relation; one side is a call of the function
    given: tuple = ()  # side conditions on the variables
    why: str = ""  # a reference or a short proof
    scalars: tuple = ()  # variables that may only stand for scalars
    shaped: tuple = ()  # variables that must have the shape of the head's first argument
    counts: tuple = ()  # (name, array variable): name is the number of entries of that array


@dataclass(frozen=True)
class Pattern:
    """A parsed law: `head >= other` (head_big) or `head <= other`, strict or not."""

    law: Law
    head: ir.Call
    other: ir.Expr
    head_big: bool
    strict: bool
    given: tuple  # ir.Compare, over the variables
    variables: frozenset


_ORDERS = ("<", "<=", ">", ">=")


def _parse(text: str) -> ir.Expr:
    from .parser import offset_map, parse_expression

    return parse_expression(text, offset_map(1, 1))


@lru_cache(maxsize=None)
def pattern(law: Law, owner: str) -> Pattern:
    """The law of `owner` as a pattern (parsed once)."""
    relation = _parse(law.text)
    if not isinstance(relation, ir.Compare) or len(relation.ops) != 1 or relation.ops[0] not in _ORDERS:
        raise ValueError(f"a law is one inequality: {law.text}")
    op, (left, right) = relation.ops[0], relation.terms
    if isinstance(left, ir.Call) and left.fn == owner:
        head, other = left, right
    elif isinstance(right, ir.Call) and right.fn == owner:
        head, other, op = right, left, ir.FLIPPED[op]
    else:
        raise ValueError(f"a law of {owner} has a call of {owner} as one side: {law.text}")
    given = tuple(_parse(g) for g in law.given)
    names = {n.name for e in (relation, *given) for n in ir.walk(e) if isinstance(n, ir.Name)}
    return Pattern(law, head, other, op in (">", ">="), op in ("<", ">"), given, frozenset(names))


def _domain(func, variable: str, rules) -> list:
    """Side conditions on `variable` from (index, need[, shift]) rules of the first argument."""
    words = {"pos": "> 0", "nonneg": ">= 0", "nonzero": "!= 0"}
    out = []
    for rule in rules or ():
        index, need, shift = (tuple(rule) + (0,))[:3]
        if index == 0 and need in words:
            term = variable if not shift else f"{variable} + {shift}"
            out.append(f"{term} {words[need]}")
    return out


def _derivative(func, variable: str) -> str | None:
    """f'(variable) as text: the entry's `derivative` (written in `u`), else its uniform entry's."""
    if func.derivative:
        return re.sub(r"\bu\b", variable, func.derivative)
    uniform = getattr(func, "uniform", None)
    if uniform is not None and uniform.derivative is not None:
        return ir.to_text(uniform.derivative(ir.Name(variable)))
    return None


@lru_cache(maxsize=None)
def _convexity_laws(func) -> tuple:
    """Jensen (two points, and the midpoint) and the tangent line, from the entry's curvature."""
    if func.curvature not in ("convex", "concave") or func.min_args != 1 or func.kind not in (
            "elementwise", "reduction"):
        return ()
    f, rel = func.name, "<=" if func.curvature == "convex" else ">="
    domain = _domain(func, "a", func.requires) + _domain(func, "b", func.requires)
    word = "convex" if func.curvature == "convex" else "concave"
    laws = [
        Law(f"{f}(t*a + (1 - t)*b) {rel} t*{f}(a) + (1 - t)*{f}(b)", ("0 <= t", "t <= 1", *domain),
            f"Jensen's inequality for two points: {f} is {word} (its catalog curvature)",
            scalars=("t",), shaped=("a", "b")),
        Law(f"{f}((a + b)/2) {rel} ({f}(a) + {f}(b))/2", tuple(domain),
            f"Jensen's inequality at the midpoint: {f} is {word}", shaped=("a", "b")),
    ]
    derivative = _derivative(func, "a") if func.kind == "elementwise" else None
    if derivative:
        smooth = func.smooth if isinstance(func.smooth, tuple) else ()
        tangent = "<=" if func.curvature == "concave" else ">="
        laws.append(Law(f"{f}(b) {tangent} {f}(a) + ({derivative})*(b - a)",
                        tuple(dict.fromkeys(domain + _domain(func, "a", smooth))),
                        f"a differentiable {word} function lies {'above' if word == 'convex' else 'below'} "
                        "its tangent lines"))
    return tuple(laws)


def laws_of(func) -> tuple:
    """Every law of a catalog entry: its own, then those its curvature gives."""
    return tuple(func.laws) + _convexity_laws(func)


@lru_cache(maxsize=None)
def value_bounds(func) -> tuple:
    """(lo, lo_strict, hi, hi_strict) that every value of `func` meets, from its unconditional
    laws with a constant side (`0 < sigmoid(u) < 1`); None for a missing end."""
    lo = hi = None
    lo_strict = hi_strict = False
    for law in func.laws:
        if law.given:
            continue
        p = pattern(law, func.name)
        value = ir.exponent_value(p.other)
        if value is None or not all(isinstance(a, ir.Name) for a in p.head.args):
            continue
        if p.head_big and (lo is None or value > lo or value == lo and p.strict):
            lo, lo_strict = value, p.strict
        if not p.head_big and (hi is None or value < hi or value == hi and p.strict):
            hi, hi_strict = value, p.strict
    return lo, lo_strict, hi, hi_strict


def _negated(value: Fraction | None) -> Fraction | None:
    return None if value is None else -value


def offset_sign(bounds: tuple, scale: int, offset: Fraction) -> frozenset | None:
    """The sign of `scale * f(u) + offset` (scale +1 or -1) from f's value bounds, if they fix it."""
    lo, lo_strict, hi, hi_strict = bounds
    if scale < 0:  # -f(u) has bounds -hi and -lo
        lo, lo_strict, hi, hi_strict = _negated(hi), hi_strict, _negated(lo), lo_strict
    if lo is not None and (lo + offset > 0 or lo + offset == 0 and lo_strict):
        return frozenset({1})
    if lo is not None and lo + offset == 0:
        return frozenset({0, 1})
    if hi is not None and (hi + offset < 0 or hi + offset == 0 and hi_strict):
        return frozenset({-1})
    if hi is not None and hi + offset == 0:
        return frozenset({-1, 0})
    return None
