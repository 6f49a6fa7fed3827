"""Sign arithmetic for the positivity rules (pure Python, shared by the catalog).

A sign is the set of values among {-1, 0, +1} a quantity may take. Operations
combine sets elementwise, so every rule is sound by construction: the result
contains every sign the true value could have.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

Sign = frozenset

POS: Sign = frozenset({1})
NEG: Sign = frozenset({-1})
ZERO: Sign = frozenset({0})
NONNEG: Sign = frozenset({0, 1})
NONPOS: Sign = frozenset({-1, 0})
NONZERO: Sign = frozenset({-1, 1})
UNKNOWN: Sign = frozenset({-1, 0, 1})

_NAMES = {POS: "positive", NEG: "negative", ZERO: "zero", NONNEG: "nonnegative",
          NONPOS: "nonpositive", NONZERO: "nonzero", UNKNOWN: "unknown"}


def name(sign: Sign) -> str:
    return _NAMES.get(sign, "impossible")


def of_number(value) -> Sign:
    return POS if value > 0 else NEG if value < 0 else ZERO


def add(a: Sign, b: Sign) -> Sign:
    out: set = set()
    for x, y in product(a, b):
        if x == -y and x != 0:
            return UNKNOWN
        out.add(x if x != 0 else y)
    return frozenset(out)


def mul(a: Sign, b: Sign) -> Sign:
    return frozenset(x * y for x, y in product(a, b))


def negate(a: Sign) -> Sign:
    return frozenset(-x for x in a)


def reciprocal(a: Sign) -> Sign:
    """Sign of 1/a where it is defined (0 is excluded by a definedness goal)."""
    return frozenset(x for x in a if x != 0) or UNKNOWN


def square(a: Sign) -> Sign:
    return frozenset(x * x for x in a)


def power(a: Sign, exponent) -> Sign:
    """Sign of a**p for a constant rational p (where defined)."""
    if exponent == 0:
        return POS
    if exponent.denominator == 1:
        p = int(exponent)
        return frozenset(x**abs(p) for x in a) if p % 2 == 0 else reciprocal(a) if p < 0 else a
    return frozenset(x for x in a if x >= 0) or UNKNOWN  # a real root needs a >= 0


def repeated_sum(a: Sign) -> Sign:
    """Sign of a sum of one or more terms, each of sign a."""
    total = a
    while True:
        nxt = add(total, a) | a
        if nxt == total:
            return total
        total = nxt


def meet(a: Sign, b: Sign) -> Sign:
    """Both facts hold: the intersection (never empty in a consistent claim)."""
    return (a & b) or a


def is_nonneg(a: Sign) -> bool:
    return a <= NONNEG


def is_nonzero(a: Sign) -> bool:
    return 0 not in a


@dataclass(frozen=True)
class Fact:
    """What positivity knows of a value: the sign of every entry, and for
    arrays whether some entry is nonzero and whether a matrix is psd or pd."""

    sign: Sign = UNKNOWN
    nonzero_array: bool = False  # not all entries are zero
    psd: bool = False
    pd: bool = False
    why: str = ""


def relation_holds(op: str, difference) -> bool:
    """Whether `a op b` holds, from the sign (-1, 0, 1) or the exact value of a - b."""
    return {"==": difference == 0, "!=": difference != 0, "<": difference < 0, "<=": difference <= 0,
            ">": difference > 0, ">=": difference >= 0}[op]
