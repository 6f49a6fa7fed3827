"""Narrow symbols' domains with the simple bounds in `given` (`0 <= t <= 1`).

Only `symbol rel constant` conditions are used; the narrowed domain is the
declared one intersected with them, or larger where a condition cannot be
expressed (which keeps every proof sound).
"""

from __future__ import annotations

from dataclasses import replace

from . import ir
from .model import Domain
from .ir import exponent_value

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_START = {
    "positive": (0, True, None, False), "nonnegative": (0, False, None, False),
    "negative": (None, False, 0, True), "nonpositive": (None, False, 0, False),
}


def bounds(given: list) -> dict:
    """symbol name -> [(op, constant)] for each `symbol op constant` in given."""
    found: dict = {}
    for relation in given:
        for op, a, b in zip(relation.ops, relation.terms, relation.terms[1:]):
            ca, cb = exponent_value(a), exponent_value(b)
            if isinstance(a, ir.Sym) and cb is not None:
                found.setdefault(a.name, []).append((op, cb))
            elif isinstance(b, ir.Sym) and ca is not None:
                found.setdefault(b.name, []).append((_FLIP[op], ca))
    return found


def simple_bounds_only(given: list, name: str) -> bool:
    """Every condition on `name` is a bound `<, <=, >, >=` (so its set stays convex)."""
    mentioning = [g for g in given if any(isinstance(n, ir.Sym) and n.name == name for n in ir.walk(g))]
    listed = bounds(mentioning).get(name, [])
    pairs = sum(len(g.ops) for g in mentioning)
    return len(listed) == pairs and all(op in ("<", "<=", ">", ">=") for op, _ in listed)


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
        lo, lo_open, hi, hi_open = _START.get(domain.kind, (None, False, None, False))
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
