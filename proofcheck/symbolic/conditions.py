"""Side goals taken from the expression tree: where every part is defined.

sympy simplifies as it builds (k**2/k**2 becomes 1, losing k != 0), so the
conditions come from the claim's own tree: each division, negative or
fractional power and partial function (the catalog's `requires`), and, inside
grad/hessian/diff, what differentiability needs (the catalog's `smooth`).
A proof counts only once every condition is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language import ir
from ..language.catalog import CATALOG, even_power_of_kink
from ..language.ir import exponent_value


@dataclass(frozen=True)
class Condition:
    expr: ir.Expr
    need: str  # nonneg | pos | nonzero | nonzero_array | invertible | never
    why: str

    def text(self) -> str:
        words = {"nonneg": ">= 0", "pos": "> 0", "nonzero": "!= 0", "nonzero_array": "is not all zeros",
                 "invertible": "is invertible", "never": "is differentiable (no rule)"}
        return f"`{ir.to_text(self.expr)}` {words[self.need]} ({self.why})"


def conditions(expr: ir.Expr) -> list:
    """Every condition for `expr` to be defined, without duplicates, in tree order."""
    found: dict = {}
    seen: set = set()
    keep = []
    stack = [(expr, False, False)]  # node, inside a derivative, exempt from its own smoothness
    while stack:
        node, smooth, exempt = stack.pop()
        if (id(node), smooth, exempt) in seen:
            continue
        seen.add((id(node), smooth, exempt))
        keep.append(node)
        for condition in _local(node, smooth and not exempt, smooth):
            found.setdefault((condition.expr, condition.need), condition)
        inner = smooth or (isinstance(node, ir.Call) and CATALOG.get(node.fn) is not None
                           and CATALOG[node.fn].kind == "calculus")
        for child in ir.children(node):
            if isinstance(child, (ir.Slice, ir.NewAxis)):
                continue
            stack.append((child, inner, inner and _smooth_power_of_norm(node, child)))
    return list(found.values())


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
        for index, need in func.requires:
            out.append(Condition(node.args[index], need, f"argument of {node.fn}"))
        if smooth and func.kind != "calculus":
            rules = func.smooth
            if callable(rules):
                rules = rules({i: _int(a) for i, a in enumerate(node.args) if i in func.int_args})
            if rules is None:
                out.append(Condition(node, "never", f"{node.fn} is not differentiable everywhere"))
            else:
                for index, need in rules:
                    out.append(Condition(node.args[index], need, f"{node.fn} is differentiable there"))
    return out


def _int(expr: ir.Expr):
    value = exponent_value(expr)
    return None if value is None else int(value)
