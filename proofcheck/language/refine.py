"""Narrow symbols' domains with the simple bounds in `given` (`0 <= t <= 1`).

Only `symbol rel constant` conditions are used; the narrowed domain is the
declared one intersected with them, or larger where a condition cannot be
expressed (which keeps every proof sound).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from . import ir
from .bounds import of_domain
from .model import Domain
from .ir import exponent_value



def bounds(given: list) -> dict:
    """symbol name -> [(op, constant)] for each `symbol op constant` in given."""
    found: dict = {}
    for relation in given:
        for op, a, b in relation.links():
            ca, cb = _literal(a), _literal(b)
            if isinstance(a, ir.Sym) and cb is not None:
                found.setdefault(a.name, []).append((op, cb))
            elif isinstance(b, ir.Sym) and ca is not None:
                found.setdefault(b.name, []).append((ir.FLIPPED[op], ca))
    return found


MAX_BOUND_NODES = 16


def _literal(expr) -> "Fraction | None":
    """A bound written as a number (`2`, `-1`, `1/2`), else None.

    Only small expressions are read: an inlined definition can make `a / b`
    a tree of 100,000 nodes whose exact value has millions of digits.
    """
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > MAX_BOUND_NODES:
            return None
        stack.extend(ir.children(stack.pop()))
    return exponent_value(expr)


def simple_bounds_only(given: list, name: str) -> bool:
    """Every condition on `name` is a bound `<, <=, >, >=` (so its set stays convex)."""
    return name not in beyond_simple_bounds(given)


def beyond_simple_bounds(given: list) -> set:
    """The symbols some `given` constrains beyond bounds `<, <=, >, >=` on a constant.

    One walk of each condition (shared subtrees once), for all symbols at once.
    """
    found: set = set()
    for relation in given:
        if not isinstance(relation, ir.Compare):
            continue  # not a condition: the shape check refuses it
        listed = bounds([relation])
        for name in _symbols_in(relation):
            ops = [op for op, _ in listed.get(name, [])]
            # each pair of terms gives at most one bound: any other pair mentioning `name` is more
            if len(ops) != len(relation.ops) or any(op not in ("<", "<=", ">", ">=") for op in ops):
                found.add(name)
    return found


def _symbols_in(expr) -> set:
    names: set = set()
    seen: set = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ir.Sym):
            names.add(node.name)
        stack.extend(ir.children(node))
    return names


def refine_symbols(symbols: dict, given: list) -> dict:
    found = bounds(given)
    return {name: _refine(symbol, found[name]) if name in found else symbol for name, symbol in symbols.items()}


def _refine(symbol, conditions: list):
    domain = symbol.domain
    if domain.kind == "integer":
        return symbol
    if domain.kind == "interval":
        lo, lo_open, hi, hi_open = domain.lo, domain.lo_open, domain.hi, domain.hi_open
    else:
        start = of_domain(domain)  # named domains: their ends; nonzero, integer, real: none
        lo, hi = start.lo, start.hi
        lo_open, hi_open = lo is not None and start.lo_open, hi is not None and start.hi_open
    nonzero = domain.kind == "nonzero"
    for op, c in conditions:
        if op in (">", ">=", "=="):
            if lo is None or c > lo:
                lo, lo_open = c, op == ">"
            elif c == lo:
                lo_open = lo_open or op == ">"
        if op in ("<", "<=", "=="):
            if hi is None or c < hi:
                hi, hi_open = c, op == "<"
            elif c == hi:
                hi_open = hi_open or op == "<"
        if op == "!=" and c == 0:
            nonzero = True
    if nonzero:
        lo_open = lo_open or lo == 0
        hi_open = hi_open or hi == 0
    if lo is None and hi is None:
        return symbol
    if lo is not None and hi is not None and (lo > hi or lo == hi and (lo_open or hi_open)):
        return symbol  # contradictory conditions: keep the declared (larger) domain
    return replace(symbol, domain=Domain("interval", lo, hi, lo_open, hi_open))
