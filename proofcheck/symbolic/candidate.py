"""A counterexample the symbolic engine proposes (or has confirmed), and the small exact
values it picks for the symbols a point does not otherwise fix."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from ..language.goals import Goal
from ..language.model import Domain

FOUND_BY_IDENTITY = "symbolic engine: exact normal form of lhs - rhs"
FOUND_BY_ONE_VARIABLE = "symbolic engine: one-variable real-root isolation"


@dataclass
class Candidate:
    goal: Goal
    dims: dict
    found_by: str
    params: dict | None = None  # claim symbol -> exact parameters (as the numeric engine's), to confirm
    example: dict | None = None  # a counterexample already confirmed exactly (algebraic points)
    lines: list = field(default_factory=list)


_VALUES = [1, 2, 3, 5, 7, Fraction(1, 2), Fraction(3, 2), Fraction(5, 3), 11, Fraction(2, 7)]


def value_for(domain, attempt: int, index: int) -> sp.Rational:
    """A small exact value in the domain: all 1 first, then distinct ones, then mixed."""
    if attempt == 0:
        raw = Fraction(1)
    elif attempt == 1:
        raw = Fraction(_VALUES[index % len(_VALUES)])
    else:
        rng = random.Random(attempt * 7919 + index)
        raw = Fraction(rng.randint(-9, 9) or 1, rng.randint(1, 4))
    return sp.Rational(*_into(domain, raw).as_integer_ratio())


def _into(domain, v: Fraction) -> Fraction:
    kind = domain.kind
    if kind in ("positive", "nonnegative"):
        return abs(v) or Fraction(1)
    if kind in ("negative", "nonpositive"):
        return -abs(v) or Fraction(-1)
    if kind == "nonzero":
        return v or Fraction(1)
    if kind == "integer":
        return Fraction(round(v))
    if kind != "interval":
        return v
    lo, hi = domain.lo, domain.hi
    if lo is not None and hi is not None:
        t = Fraction(1, 2) if v == 0 else 1 / (1 + abs(v))  # in (0, 1): strictly inside
        return lo + (hi - lo) * t
    if lo is not None:
        return lo + (abs(v) or 1)
    if hi is not None:
        return hi - (abs(v) or 1)
    return v


def params(model, point: dict) -> dict:
    """The point as the numeric engine's parameters: each claim symbol's entries in the order
    the models share (row-major; the upper triangle for symmetric; B for psd)."""
    return {name: [Fraction(int(point[s].p), int(point[s].q)) for s in symbols]
            for name, symbols in model.entries.items()}


def entry_domain(symbol) -> Domain:
    """Where each model entry of the symbol ranges: a psd matrix's factor B is real unless
    the numeric engine's factor keeps the domain (as its sampler does)."""
    if symbol.structure == "psd" and symbol.domain.kind not in ("nonnegative", "positive", "integer"):
        return Domain("real")
    return symbol.domain
