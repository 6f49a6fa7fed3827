"""A loaded claim: what the engines receive once the file has been validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator

from . import ir
from .errors import ClaimError, Loc

DOMAINS = ("real", "positive", "nonnegative", "negative", "nonpositive", "nonzero", "integer")
STRUCTURES = ("symmetric", "diagonal", "psd", "pd", "simplex", "unit")
VECTOR_STRUCTURES = ("simplex", "unit")  # the others are of square matrices


@dataclass(frozen=True)
class Domain:
    """Where each entry ranges: a named domain, or an interval.

    Claim files write closed intervals [lo, hi], or strings with open and
    half-open ends ("(0, 1)", "[0, 1)", "(1, inf)"; an infinite end is None);
    the engines may narrow a domain with bounds from `given`.
    """

    kind: str  # one of DOMAINS, or "interval"
    lo: Fraction | None = None
    hi: Fraction | None = None
    lo_open: bool = False
    hi_open: bool = False

    def __str__(self) -> str:
        if self.kind == "interval":
            left = "(-inf" if self.lo is None else ("(" if self.lo_open else "[") + str(self.lo)
            right = "inf)" if self.hi is None else str(self.hi) + (")" if self.hi_open else "]")
            return f"{left}, {right}"
        return self.kind


@dataclass(frozen=True)
class Symbol:
    name: str
    shape: tuple  # of dim names (str) and integer literals
    domain: Domain
    structure: str | None
    loc: Loc

    def concrete_shape(self, dims: dict) -> tuple:
        return tuple(dims[d] if isinstance(d, str) else d for d in self.shape)

    def __str__(self) -> str:
        words = [] if self.domain.kind == "real" else [str(self.domain)]
        if self.structure:
            words.append(self.structure)
        kind = {0: "scalar", 1: "vector", 2: "matrix"}[len(self.shape)]
        if self.shape:
            kind += "[" + ", ".join(str(d) for d in self.shape) + "]"
        return " ".join(words + [kind])


@dataclass(frozen=True)
class DimRange:
    """The values a dim takes, possibly depending on earlier dims."""

    name: str
    lo: ir.Expr | None  # a range lo..hi, bounds are integer expressions over earlier dims
    hi: ir.Expr | None
    values: tuple = ()  # or an explicit list
    text: str = ""
    loc: Loc = Loc(0, 0)


@dataclass(frozen=True)
class Definition:
    name: str
    params: tuple  # () for a named expression
    body: ir.Expr  # as written (names unresolved)
    loc: Loc


@dataclass(frozen=True)
class Step:
    """One line of a calculational proof: `rel expr` (the first line has rel None)."""

    rel: str | None
    expr: ir.Expr
    line: int
    col: int = 1


@dataclass
class CheckSettings:
    samples: int | None = None
    seed: int | None = None
    timeout: float | None = None
    rtol: Fraction | None = None
    sample_dims: tuple = ()  # DimRange overrides for sampling


@dataclass
class Claim:
    id: str
    title: str
    path: str
    line: int
    claims: list  # resolved goal expressions (Compare or predicate Call)
    symbols: dict = field(default_factory=dict)  # name -> Symbol
    dims: tuple = ()  # DimRange, in order
    definitions: tuple = ()  # Definition, in order (for reports)
    given: list = field(default_factory=list)  # resolved Compare expressions
    proof: list | None = None  # resolved Steps
    expect: bool = True
    source: str | None = None
    description: str | None = None
    tags: tuple = ()
    check: CheckSettings = field(default_factory=CheckSettings)
    uses: tuple = ()
    claim_locs: tuple = ()  # Loc of each goal expression
    digest: str = ""  # sha256 of the bytes the claim was loaded from (binds cached verdicts to them)

    def dim_combinations(self, sampling: bool = False) -> Iterator[dict]:
        """Every combination of dims values, in order (sample_dims when sampling)."""
        if sampling and self.check.sample_dims:
            override = {r.name: r for r in self.check.sample_dims}
            ranges = tuple(override.get(r.name, r) for r in self.dims)
            yield from combinations(ranges, MAX_SAMPLED_COMBINATIONS)
        else:
            yield from combinations(self.dims, MAX_COMBINATIONS)


MAX_DIM = 1000
MAX_DIM_VALUES = 1000
MAX_COMBINATIONS = 2_000  # of `dims`: the symbolic engine instantiates every one
MAX_SAMPLED_COMBINATIONS = 100_000  # of `check.sample_dims`: sampled from


def dim_values(rng: DimRange, env: dict) -> list:
    """The values of one dim given the earlier ones."""
    from .typecheck import const_int  # local: typecheck imports this module

    if rng.lo is None:
        values = list(rng.values)
    else:
        lo, hi = _bound(rng.lo, env), _bound(rng.hi, env)
        if lo is None or hi is None:  # not + - * of integers and dims: const_int says why
            lo, hi = const_int(rng.lo, env), const_int(rng.hi, env)
        if hi - lo + 1 > MAX_DIM_VALUES:
            raise ClaimError(
                f"dim {rng.name} = {rng.text} takes {hi - lo + 1:,} values; the limit is {MAX_DIM_VALUES:,}",
                rng.loc,
            )
        values = list(range(lo, hi + 1))
    for value in values:
        if not 1 <= value <= MAX_DIM:
            where = "".join(f" when {k}={v}" for k, v in env.items())
            raise ClaimError(
                f"dim {rng.name} = {value}{where}: sizes must be between 1 and {MAX_DIM}", rng.loc
            )
    if not values:
        where = ", ".join(f"{k}={v}" for k, v in env.items())
        raise ClaimError(f"dim {rng.name} = {rng.text} is empty" + (f" when {where}" if where else ""), rng.loc)
    return values


def _bound(expr: ir.Expr, env: dict) -> int | None:
    """A range bound in plain integers (they are evaluated for many combinations), else None.

    The loader allows only + - * of numbers and earlier dims in at most
    MAX_DIM_RANGE_CHARS characters, so the values stay small.
    """
    if isinstance(expr, ir.Num):
        return expr.value.numerator if expr.value.denominator == 1 else None
    if isinstance(expr, ir.Dim):
        return env[expr.name]
    if isinstance(expr, ir.Neg):
        inner = _bound(expr.operand, env)
        return None if inner is None else -inner
    if not isinstance(expr, ir.Bin) or expr.op not in ("+", "-", "*"):
        return None
    left, right = _bound(expr.left, env), _bound(expr.right, env)
    if left is None or right is None:
        return None
    return left + right if expr.op == "+" else left - right if expr.op == "-" else left * right


def combinations(ranges: tuple, limit: int) -> Iterator[dict]:
    """Depth-first product of dependent ranges, capped.

    A range's values are computed once for each value of the earlier dims it
    uses, not once for each combination of all earlier dims.
    """
    uses = [_dims_used(r) for r in ranges]
    known: dict = {}
    count = 0
    stack: list = [({}, 0)]
    while stack:
        env, i = stack.pop()
        if i == len(ranges):
            count += 1
            if count > limit:
                hint = "" if limit != MAX_COMBINATIONS else "; use check.sample_dims for larger sizes to sample"
                raise ClaimError(f"more than {limit:,} combinations of dims{hint}", ranges[0].loc)
            yield env
            continue
        key = (i, tuple(env[name] for name in uses[i]))
        if key not in known:
            known[key] = dim_values(ranges[i], {name: env[name] for name in uses[i]})
        for value in reversed(known[key]):
            stack.append(({**env, ranges[i].name: value}, i + 1))


def _dims_used(rng: DimRange) -> tuple:
    if rng.lo is None:
        return ()
    names = {n.name for bound in (rng.lo, rng.hi) for n in ir.walk(bound) if isinstance(n, ir.Dim)}
    return tuple(sorted(names))
