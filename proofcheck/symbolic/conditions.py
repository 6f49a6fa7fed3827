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


SMOOTH, CONTINUOUS = "smooth", "continuous"  # inside a derivative: what a part must be


def conditions(expr: ir.Expr) -> list:
    """Every condition for `expr` to be defined, without duplicates, in tree order.

    Inside a derivative every part must also be differentiable (`SMOOTH`), except in
    the switch of a `where` made of continuous parts, which needs only to be defined
    there, with a derivative's strict needs (`CONTINUOUS`, see _continuous_switch)."""
    found: dict = {}
    seen: set = set()
    keep = []
    stack = [(expr, None, False, ())]  # node, mode, exempt from its own smoothness, assumptions
    while stack:
        node, mode, exempt, assuming = stack.pop()
        key = (id(node), mode, exempt, tuple(id(s) for s in assuming))
        if key in seen:
            continue
        seen.add(key)
        keep.append((node, assuming))  # alive, so the ids in the keys stay unique
        for condition in _local(node, mode == SMOOTH and not exempt, mode is not None):
            condition = Condition(condition.expr, condition.need, condition.why, assuming)
            found.setdefault((condition.expr, condition.need, assuming), condition)
        calculus = isinstance(node, ir.Call) and node.fn in CATALOG and CATALOG[node.fn].kind == "calculus"
        inner = mode or (SMOOTH if calculus else None)
        for child, more in _children(node):
            if isinstance(child, (ir.Slice, ir.NewAxis)):
                continue
            child_mode = CONTINUOUS if inner == SMOOTH and _continuous_switch(node, child) else inner
            exempt_child = child_mode == SMOOTH and _smooth_power_of_norm(node, child)
            stack.append((child, child_mode, exempt_child, assuming + more))
    return list(found.values())


def _continuous_switch(parent: ir.Node, child: ir.Node) -> bool:
    """`child` is the switch of a `where` and is built from continuous parts only (every call
    declared `continuous`: continuous on the open set where it is defined). Then, wherever
    its sides are defined (the conditions still asked, with a derivative's strict needs) and
    differ (the where's own `off_switch` condition), they keep their order nearby: the where
    is one piece near the point, and only that piece must be differentiable. Smoothness of
    the switch itself is not needed (abs(r) <= 1 at r = 0)."""
    if not (isinstance(parent, ir.Call) and CATALOG.get(parent.fn) is not None
            and CATALOG[parent.fn].kind == "piecewise" and child is parent.args[0]):
        return False
    return all(CATALOG.get(n.fn) is not None and CATALOG[n.fn].continuous
               for n in ir.walk(child) if isinstance(n, ir.Call))


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
