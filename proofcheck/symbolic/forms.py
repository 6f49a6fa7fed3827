"""What the degree analysis (degree.py) records of a value, and how records combine.

A Form is one value of the fragment of docs/all-sizes.md written as P / Q: its
axes (each of constant size, or a run of blocks of a family), `s` (per family,
the most summation index variables in a term of P), `deg` (per block, the
highest degree of P in that block's length) and `den` (the factors of Q with
their exponents: a polynomial in the sizes, or the numerator of a
subexpression, keyed by its tree, with its own `s` and `deg`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..language import ir


class Outside(Exception):
    """The expression is outside the fragment the argument covers."""


@dataclass(frozen=True)
class Axis:
    family: str | None  # None: a constant size
    blocks: tuple = ()  # the blocks of the family this axis runs over
    size: int = 1  # for a constant size


@dataclass(frozen=True)
class Factor:
    s: dict
    deg: dict
    rank: int = 0


@dataclass
class Form:
    axes: tuple
    s: dict = field(default_factory=dict)  # family -> summation indices
    deg: dict = field(default_factory=dict)  # block -> degree
    den: dict = field(default_factory=dict)  # key -> (exponent, Factor)


def plus(a: dict, b: dict, times: int = 1) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + times * v
    return out


def most(a: dict, b: dict) -> dict:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in set(a) | set(b)}


def lift(form: Form, den: dict) -> tuple:
    """(s, deg) of P times den / Q: the numerator over the common denominator `den`."""
    s, deg = dict(form.s), dict(form.deg)
    for key, (e, f) in den.items():
        extra = e - form.den.get(key, (0, None))[0]
        s, deg = plus(s, f.s, extra), plus(deg, f.deg, extra)
    return s, deg


def lcm(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, (e, f) in b.items():
        if key not in out or out[key][0] < e:
            out[key] = (e, f)
    return out


def product(a: dict, b: dict, times: int = 1) -> dict:
    out = dict(a)
    for key, (e, f) in b.items():
        out[key] = (out.get(key, (0, f))[0] + times * e, f)
    return out


def broadcast(a: tuple, b: tuple) -> tuple:
    """NumPy broadcasting of axes; a family axis joins only itself or a constant axis of size 1."""
    rank = max(len(a), len(b))
    a = (Axis(None),) * (rank - len(a)) + a
    b = (Axis(None),) * (rank - len(b)) + b
    out = []
    for x, y in zip(a, b):
        if x == y or y == Axis(None):
            out.append(x)
        elif x == Axis(None):
            out.append(y)
        else:
            raise Outside("arrays whose sizes agree only at some sizes")
    return tuple(out)


def scalar_den(*forms: Form) -> None:
    """Reductions and products need one denominator for every entry."""
    for form in forms:
        if any(f.rank for _, f in form.den.values()):
            raise Outside("a sum over entries with different denominators")


def summed(form: Form, axes: list) -> Form:
    """One more summation index for each family axis summed over."""
    s = dict(form.s)
    for axis in axes:
        if axis.family is not None:
            s[axis.family] = s.get(axis.family, 0) + 1
    return Form(form.axes, s, form.deg, form.den)


def uses(expr: ir.Expr, name: str) -> bool:
    return any(isinstance(n, ir.Sym) and n.name == name for n in ir.walk(expr))



def index_count(form: Form) -> dict:
    """Per family: summation indices plus the free indices of an entry (V in docs/all-sizes.md)."""
    out = dict(form.s)
    for axis in form.axes:
        if axis.family is not None:
            out[axis.family] = out.get(axis.family, 0) + 1
    return out
