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
    hi: ir.Expr | None  # None with lo set: unbounded (`n: 1..`, every n >= lo)
    values: tuple = ()  # or an explicit list
    text: str = ""
    loc: Loc = Loc(0, 0)

    @property
    def unbounded(self) -> bool:
        return self.lo is not None and self.hi is None


@dataclass(frozen=True)
class Definition:
    name: str
    params: tuple  # () for a named expression
    body: ir.Expr  # as written (names unresolved)
    loc: Loc
    resolved: "ir.Expr | None" = field(default=None, compare=False, repr=False)  # for reports: shapes known


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
    cell: tuple = ()  # in a notebook: (cell number, base), see notes.cell_position

    @property
    def unbounded(self) -> bool:
        """Some dim takes every size from its lower bound on: only an all-sizes proof proves it."""
        return any(r.unbounded for r in self.dims)

    def dim_combinations(self, sampling: bool = False) -> Iterator[dict]:
        """Every combination of dims values, in order (sample_dims when sampling).

        An unbounded dim takes its first CHECKED_SIZES values for the symbolic
        engine's per-size tactics, and its first SAMPLED_SIZES when sampling
        (fewer when several dims are unbounded, so that the product stays small).
        """
        if sampling:
            override = {r.name: r for r in self.check.sample_dims}
            ranges = tuple(override.get(r.name, r) for r in self.dims)
            span = sampled_span(sum(r.unbounded for r in ranges))
            yield from combinations(ranges, MAX_SAMPLED_COMBINATIONS, span)
        else:
            span = CHECKED_SIZES if sum(r.unbounded for r in self.dims) <= 3 else 2
            yield from combinations(self.dims, MAX_COMBINATIONS, span)


MAX_DIM = 1000
MAX_DIM_VALUES = 1000
MAX_COMBINATIONS = 2_000  # of `dims`: the symbolic engine instantiates every one
MAX_SAMPLED_COMBINATIONS = 100_000  # of `check.sample_dims`: sampled from
CHECKED_SIZES = 3  # values of an unbounded dim that per-size tactics check (n = lo..lo+2)
SAMPLED_SIZES = 32  # values of an unbounded dim that the numeric engine samples from (n = lo..lo+31)


def sampled_span(unbounded: int) -> int:
    """Sizes sampled per unbounded dim: 32 for up to three of them, then fewer (product <= 32**3)."""
    if unbounded <= 3:
        return SAMPLED_SIZES
    return max(3, int(SAMPLED_SIZES ** (3 / unbounded)))


def dim_values(rng: DimRange, env: dict, span: int = CHECKED_SIZES) -> list:
    """The values of one dim given the earlier ones (the first `span` of an unbounded one)."""
    if rng.lo is None:
        values = list(rng.values)
    else:
        lo = _bound_value(rng.lo, env)
        hi = min(lo + span - 1, MAX_DIM) if rng.hi is None else _bound_value(rng.hi, env)
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


def _bound_value(expr: ir.Expr, env: dict) -> int:
    from .typecheck import const_int  # local: typecheck imports this module

    value = _bound(expr, env)
    return const_int(expr, env) if value is None else value  # not + - * of integers: const_int says why


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


def combinations(ranges: tuple, limit: int, span: int = CHECKED_SIZES) -> Iterator[dict]:
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
                hint = "" if limit != MAX_COMBINATIONS else "; use fewer sizes, or an unbounded dim (`n: 1..`)"
                raise ClaimError(f"more than {limit:,} combinations of dims{hint}", ranges[0].loc)
            yield env
            continue
        key = (i, tuple(env[name] for name in uses[i]))
        if key not in known:
            known[key] = dim_values(ranges[i], {name: env[name] for name in uses[i]}, span)
        for value in reversed(known[key]):
            stack.append(({**env, ranges[i].name: value}, i + 1))


def _dims_used(rng: DimRange) -> tuple:
    if rng.lo is None:
        return ()
    bounds = (rng.lo,) if rng.hi is None else (rng.lo, rng.hi)
    names = {n.name for bound in bounds for n in ir.walk(bound) if isinstance(n, ir.Dim)}
    return tuple(sorted(names))


def sizes_outside(dims: tuple, overrides: tuple) -> tuple | None:
    """(override range, value, earlier dims) of a sampled size that is not a size of the claim, or None.

    Dims are checked in order, each over the sampled values of the earlier ones,
    so that the first size outside is named (not a later range it empties).
    """
    by_name = {r.name: r for r in overrides}
    ranges = tuple(by_name.get(r.name, r) for r in dims)
    span = sampled_span(sum(r.unbounded for r in ranges))
    for i, rng in enumerate(dims):
        if rng.name not in by_name:
            continue
        uses = _dims_used(rng)
        allowed: dict = {}
        for env in combinations(ranges[: i + 1], MAX_SAMPLED_COMBINATIONS, span):
            key = tuple(env[name] for name in uses)
            if key not in allowed:
                allowed[key] = _allowed(rng, {name: env[name] for name in uses})
            if not allowed[key](env[rng.name]):
                return by_name[rng.name], env[rng.name], {d.name: env[d.name] for d in dims[:i]}
    return None


def _allowed(rng: DimRange, env: dict):
    """Membership in one dim's declared values, given the earlier dims."""
    if rng.unbounded:
        lo = _bound_value(rng.lo, env)
        return lambda value: value >= lo
    values = set(dim_values(rng, env))
    return values.__contains__
