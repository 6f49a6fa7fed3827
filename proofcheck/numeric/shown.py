"""How a counterexample's values are shown (SPEC sections 8, 10 and 11): small and JSON-ready.

The counterexample dict is built here once, at the source: the cache stores it
and every report renders it, so none of them can grow with the size of a value.

- A number is an integer, a float (a dyadic fraction with a short binary
  expansion, shown exactly) or a string `"p/q"`, as before.
- A number with more than `MAX_DIGITS` digits (numerator and denominator
  together) is shown approximately, as an object:
  `{"shown": "approximately", "approx": 1.2345e-07, "digits": 10000, "note": "..."}`;
  `approx` is a float, or a string such as `"1.2345e+9999"` beyond the float range.
- An array with at most `MAX_ENTRIES` entries is nested lists of numbers.
- A larger array is an object:
  `{"shown": "part", "shape": [1000, 1000], "entries": 1000000,
    "head": [[...the first rows and columns...]], "min": ..., "max": ..., "note": "..."}`;
  the note names the shape and the seed that reproduces the whole value.

- Should many symbols together still exceed `MAX_JSON_CHARS`, the values past
  the budget become `{"shown": "none"}` and the counterexample gets a `note`.

So a value is "a number or nested lists" whenever it is small; anything else
is an object whose `shown` key says how much of it is shown.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath

from ..exact.listarray import ListArray
from .exact_values import Interval, Jet

MAX_ENTRIES = 64  # an array with more entries is shown in part
HEAD_VECTOR = 16  # the entries of a large vector that are shown
HEAD_MATRIX = 6  # the rows and columns of a large matrix that are shown
MAX_DIGITS = 100  # a number with more digits is shown approximately
MAX_JSON_CHARS = 200_000  # the whole counterexample, as JSON, at most about this size

_LOG10_2 = math.log10(2)


def _digits(n: int) -> int:
    """Decimal digits of |n|, to within one (no str(): it is refused past 4300 digits)."""
    return max(1, int(abs(n).bit_length() * _LOG10_2) + 1)


def _approx(value) -> float | str:
    """A float with 15 significant digits, or a string where a float would overflow."""
    if isinstance(value, Jet):
        value = value.v
    if isinstance(value, Interval):
        x = value.x.mid
        x = mpmath.mpf(x) if not isinstance(x, mpmath.mpf) else x
    elif isinstance(value, (Fraction, int)):
        value = Fraction(value)
        with mpmath.workprec(64):
            x = mpmath.mpf(value.numerator) / value.denominator
    else:
        return float(value)
    x = mpmath.mpf(x)
    if mpmath.isfinite(x) and (x == 0 or -300 < mpmath.log10(abs(x)) < 300):  # a normal float
        as_float = float(x)
        if math.isfinite(as_float):
            return as_float
    return mpmath.nstr(x, 15)


def number(value):
    """One exact number for a report (see the module's docstring)."""
    if isinstance(value, Fraction):
        if _digits(value.numerator) + _digits(value.denominator) > MAX_DIGITS:
            return _approximately(value)
        if value.denominator == 1:
            return int(value)
        if value.denominator & (value.denominator - 1) == 0 and value.denominator <= 1024 \
                and abs(value.numerator) < 2**53:
            return float(value)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, int) and not isinstance(value, bool):
        return number(Fraction(value))
    if isinstance(value, (Interval, Jet)):
        approx = _approx(value)
        return approx if isinstance(approx, float) else _approximately(value)
    return value


def _approximately(value) -> dict:
    approx = _approx(value)
    if isinstance(value, Fraction):
        digits = _digits(value.numerator) + (_digits(value.denominator) if value.denominator != 1 else 0)
        kind = "an integer" if value.denominator == 1 else "a fraction"
        note = f"{kind} of about {digits} digits, shown to 15 significant digits"
        return {"shown": "approximately", "approx": approx, "digits": digits, "note": note}
    note = "a value known within rigorous bounds, shown to 15 significant digits"
    return {"shown": "approximately", "approx": approx, "note": note}


def _nested(shape: tuple, flat: list):
    if not shape:
        return number(flat[0])
    if len(shape) == 1:
        return [number(v) for v in flat]
    n, m = shape
    return [[number(flat[i * m + j]) for j in range(m)] for i in range(n)]


def _extreme(flat: list, pick):
    """The least or greatest entry (exact where the entries are rationals)."""
    if all(type(v) is Fraction for v in flat):
        try:  # by floats first (fast), then exactly among the entries that tie in floats
            best = pick(v.numerator / v.denominator for v in flat)
            return pick(v for v in flat if v.numerator / v.denominator == best)
        except OverflowError:
            return pick(flat)
    def key(v):
        v = v.v if isinstance(v, Jet) else v
        if isinstance(v, Interval):
            return mpmath.mpf(v.x.mid)
        return mpmath.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mpmath.mpf(v)
    return pick(flat, key=key)


def value(v, seed: int | None = None):
    """A symbol's value or a side of a relation: in full when small, else in part."""
    if not isinstance(v, ListArray):
        return number(v)
    if len(v.flat) <= MAX_ENTRIES:
        return _nested(v.shape, v.flat)
    return _part(v, seed)


def _part(v: ListArray, seed: int | None) -> dict:
    shape = list(v.shape)
    if len(shape) == 1:
        head_shape = (min(shape[0], HEAD_VECTOR),)
        head = _nested(head_shape, v.flat[: head_shape[0]])
        kind, shown = f"vector of length {shape[0]}", f"the first {head_shape[0]} entries"
    else:
        rows, cols = min(shape[0], HEAD_MATRIX), min(shape[1], HEAD_MATRIX)
        head = [[number(v.at(i, j)) for j in range(cols)] for i in range(rows)]
        kind, shown = f"{shape[0]}x{shape[1]} matrix", f"the first {rows} rows and {cols} columns"
    again = f"; seed {seed} reproduces it" if seed is not None else ""
    return {
        "shown": "part",
        "shape": shape,
        "entries": len(v.flat),
        "head": head,
        "min": number(_extreme(v.flat, min)),
        "max": number(_extreme(v.flat, max)),
        "note": f"{kind} shown in part ({shown}, the least and the greatest entry){again}",
    }


def brief(v) -> str:
    """A shown value in a one-line message: a summary object in a few words."""
    if isinstance(v, dict) and v.get("shown") == "part":
        return f"<{'x'.join(str(n) for n in v['shape'])} array, min {brief(v['min'])}, max {brief(v['max'])}>"
    if isinstance(v, dict) and v.get("shown") == "approximately":
        return f"~{v['approx']}"
    if isinstance(v, dict):
        return "<left out>"
    if isinstance(v, list):  # as str(list) would show it, summary objects aside
        return "[" + ", ".join(repr(e) if isinstance(e, str) else brief(e) for e in v) + "]"
    return str(v)


def in_part(example: dict) -> bool:
    """Whether some value of a counterexample is not shown in full."""
    def partial(v) -> bool:
        if isinstance(v, dict):
            return v.get("shown") in ("part", "none")
        return isinstance(v, list) and any(partial(e) for e in v)

    sides = [example.get("lhs"), example.get("rhs")]
    sides += list((example.get("values") or {}).values()) + list((example.get("second_point") or {}).values())
    return any(partial(v) for v in sides)
