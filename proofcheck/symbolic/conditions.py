"""Side goals taken from the expression tree: where every part is defined.

sympy simplifies as it builds (k**2/k**2 becomes 1, losing k != 0), so the
conditions come from the claim's own tree: each division, negative or
fractional power and partial function (the catalog's `requires`), and, inside
grad/hessian/diff, what differentiability needs (the catalog's `smooth`).
A proof counts only once every condition is shown.

A condition inside a piece of `where(c, a, b)` is needed only where that piece
is chosen: it carries the switch (`c` for a, its negation for b) as an
assumption, which the prover may use when the switch compares scalars.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..language import ir
from ..language.catalog import CATALOG, even_power_of_kink
from ..language.ir import exponent_value
from .switches import pieces


@dataclass(frozen=True)
class Condition:
    expr: ir.Expr
    need: str  # nonneg | pos | nonzero | nonzero_array | invertible | never
    why: str
    assuming: tuple = ()  # switches (switches.Switch) that hold wherever the condition is needed

    def text(self) -> str:
        words = {"nonneg": ">= 0", "pos": "> 0", "nonzero": "!= 0", "nonzero_array": "is not all zeros",
                 "invertible": "is invertible", "never": "is differentiable (no rule)"}
        where = "".join(f" where `{ir.to_text(s.relation)}`" for s in self.assuming)
        return f"`{ir.to_text(self.expr)}` {words[self.need]}{where} ({self.why})"


def conditions(expr: ir.Expr) -> list:
    """Every condition for `expr` to be defined, without duplicates, in tree order."""
    found: dict = {}
    seen: set = set()
    keep = []
    stack = [(expr, False, False, ())]  # node, inside a derivative, exempt from its own smoothness, assumptions
    while stack:
        node, smooth, exempt, assuming = stack.pop()
        key = (id(node), smooth, exempt, tuple(id(s) for s in assuming))
        if key in seen:
            continue
        seen.add(key)
        keep.append((node, assuming))  # alive, so the ids in the keys stay unique
        for condition in _local(node, smooth and not exempt, smooth):
            condition = Condition(condition.expr, condition.need, condition.why, assuming)
            found.setdefault((condition.expr, condition.need, assuming), condition)
        inner = smooth or (isinstance(node, ir.Call) and CATALOG.get(node.fn) is not None
                           and CATALOG[node.fn].kind == "calculus")
        for child, more in _children(node):
            if isinstance(child, (ir.Slice, ir.NewAxis)):
                continue
            stack.append((child, inner, inner and _smooth_power_of_norm(node, child), assuming + more))
    return list(found.values())


def _children(node: ir.Node) -> list:
    """(child, assumptions it adds): a piece of `where` assumes its switch, or the opposite."""
    if isinstance(node, ir.Call) and node.fn in CATALOG and CATALOG[node.fn].kind == "piecewise":
        return [(node.args[0], ())] + [(piece, (switch,) if switch else ()) for piece, switch in pieces(node)]
    return [(child, ()) for child in ir.children(node)]


def _smooth_power_of_norm(parent: ir.Expr, child: ir.Expr) -> bool:
    return child is getattr(parent, "left", None) and even_power_of_kink(parent) is not None


def _local(node: ir.Expr, smooth: bool, in_derivative: bool) -> list:
    out: list = []
    if isinstance(node, ir.Bin) and node.op == "/":
        out.append(Condition(node.right, "nonzero", "denominator"))
    elif isinstance(node, ir.Bin) and node.op == "**":
        p = exponent_value(node.right)
        if p is None:
            out.append(Condition(node.left, "pos", "base of a variable power"))
        elif p.denominator != 1:
            need = "pos" if p < 0 or in_derivative else "nonneg"
            out.append(Condition(node.left, need, "base of a fractional power"))
        elif p < 0:
            out.append(Condition(node.left, "nonzero", "base of a negative power"))
    elif isinstance(node, ir.Call) and node.fn in CATALOG:
        func = CATALOG[node.fn]
        for index, need, *shift in func.requires:
            arg = node.args[index] if not shift else ir.Bin("+", node.args[index], ir.Num(Fraction(shift[0])))
            out.append(Condition(arg, need, f"argument of {node.fn}"))
        if smooth and func.kind != "calculus":
            out.extend(_smoothness(node, func))
    return out


def _smoothness(node: ir.Call, func) -> list:
    rules = func.smooth
    if callable(rules):
        rules = rules({i: _int(a) for i, a in enumerate(node.args) if i in func.int_args})
    if rules is None:
        return [Condition(node, "never", f"{node.fn} is not differentiable everywhere")]
    out = []
    for index, need in rules:
        if need == "off_switch":  # where: differentiable where its switch does not flip
            switch = node.args[index]
            out.extend(Condition(ir.Bin("-", a, b), "nonzero", "where switches there")
                       for a, b in zip(switch.terms, switch.terms[1:]))
        else:
            out.append(Condition(node.args[index], need, f"{node.fn} is differentiable there"))
    return out


def _int(expr: ir.Expr):
    value = exponent_value(expr)
    return None if value is None else int(value)
