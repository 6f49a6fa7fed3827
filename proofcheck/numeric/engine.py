"""The numeric engine: try to falsify a claim by vectorized random sampling.

Batches of samples are drawn for each combination of dims (smallest first),
filtered by `given`, and every goal is evaluated with numpy. Samples where a
goal fails beyond the scale-aware tolerance, or some part may be undefined,
are candidates; each is re-checked in exact arithmetic before it counts, then
shrunk. A floating-point discrepancy that exact arithmetic does not confirm
is never reported as a counterexample.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..language import ir
from ..language.errors import ClaimError, Timeout
from ..language.model import Claim
from ..language.refine import refine_symbols
from ..language.typecheck import check_claim
from ..language.goals import Goal, claim_goals
from . import shown
from .confirm import Confirmer, Point
from .evaluate import NumEval
from .equalities import solve_floats
from .sampling import SymbolSampler, float_domain_mask
from .shrink import shrink
from .plan import SCHEDULE, ordered, size_weight, unbounded_names, work_per_sample
from .scores import candidates, holds, matrix_scores, relation_scores

DEFAULT_SAMPLES = 20_000
DEFAULT_RTOL = 1e-9
CANDIDATES_PER_BATCH = 4
MAX_CONFIRMATIONS = 60
# seconds of exact checks in all: a real counterexample is confirmed by one of the first few,
# while each false alarm near an overflow (exp(-900) in jets at k = 30) can take half a second
CONFIRM_SECONDS = 4.0
MIN_ACCEPTED = 100
MAX_BATCH = 4096
MIN_BATCH = 1
SIZES_VISITED = 32  # combinations of dims a search spreads its budget over, at most
# floats per sample times samples per batch: one array stays at 8 MB (a larger one costs
# page faults at every operation, allocated and freed each time)
BATCH_FLOATS = 1_000_000
JENSEN_WEIGHTS = [Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), Fraction(1, 8), Fraction(7, 8)]


@dataclass
class NumericResult:
    status: str  # passed | falsified | error
    samples: int = 0
    accepted: int = 0
    seed: int = 0
    counterexample: dict | None = None
    unconfirmed: int = 0  # candidates exact arithmetic could neither confirm nor refute (SPEC section 8)
    refuted: int = 0  # candidates exact arithmetic showed to be rounding artefacts
    message: str = ""
    seconds: float = 0.0
    exact_values: dict | None = field(default=None, repr=False)  # the counterexample in full (API only)

    def to_json(self) -> dict:
        return {"status": self.status, "samples": self.samples, "accepted": self.accepted, "seed": self.seed,
                "counterexample": self.counterexample, "unconfirmed": self.unconfirmed, "refuted": self.refuted,
                "seconds": round(self.seconds, 4)}


class Search:
    def __init__(self, claim: Claim, seed: int, rtol: float, deadline: float | None) -> None:
        self.claim = claim
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.rtol = rtol
        self.deadline = deadline
        self.sampling_symbols = refine_symbols(claim.symbols, claim.given)
        self.confirmer = Confirmer(claim, claim.symbols)
        self.goals = claim_goals(claim)
        self.tried = self.accepted = 0
        self.confirmations = 0  # candidates checked exactly (at most MAX_CONFIRMATIONS)
        self.confirm_seconds = 0.0  # time they took (at most about CONFIRM_SECONDS)
        self.unconfirmed = 0  # ... that exact arithmetic could neither confirm nor refute
        self.refuted = 0  # ... that exact arithmetic showed are no counterexample (rounding)
        self.seen: set = set()  # (goal, point) already checked
        self.checked_dims: set = set()
        self.work: dict = {}  # dims -> floats per sample
        solved = {(id(s.relation), s.index) for s in self.confirmer.solves}
        self.conditions = [(relation, op, a, b) for relation in claim.given
                           for i, (op, a, b) in enumerate(relation.links())
                           if (id(relation), i) not in solved]  # the solved ones hold by construction
        self.rejected: dict = {}  # relation (or symbol name, for its domain) -> samples it rejected
        self.nonneg = frozenset(n for n, s in self.sampling_symbols.items()  # drawn >= 0 (not built, not solved)
                                if s.domain.kind in ("nonnegative", "positive")
                                and s.structure in (None, "symmetric", "diagonal") and n not in self.confirmer.solved)

    # ------------------------------------------------------------ batches

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise Timeout()

    def shape_check(self, dims: dict) -> None:
        key = tuple(sorted(dims.items()))
        if key in self.checked_dims:
            return
        check_claim(self.claim, dims)
        self.checked_dims.add(key)

    def batch(self, dims: dict, size: int) -> tuple:
        """Sample `size` points at `dims`; return (samplers, params, values, accepted mask)."""
        self.shape_check(dims)
        samplers = {n: SymbolSampler(s, dims) for n, s in self.sampling_symbols.items()}
        params = {n: s.sample(self.rng, size) for n, s in samplers.items()}
        values = {n: s.build(params[n]) for n, s in samplers.items()}
        ok = np.ones(size, bool)
        if self.confirmer.solves:
            ok &= solve_floats(self.confirmer.solves, values, dims, size)
            for name in self.confirmer.solved:
                params[name] = values[name].reshape(size, -1)
        for name, symbol in self.claim.symbols.items():
            if symbol.structure not in (None, "symmetric", "diagonal") or name in self.confirmer.solved:
                self._reject(name, ok, float_domain_mask(symbol.domain, values[name]))  # built, not drawn
        ev = NumEval(values, dims, size, self.nonneg)
        for relation, op, a, b in self.conditions:
            self._reject(relation, ok, holds(ev, op, a, b))
        self.tried += size
        self.accepted += int(ok.sum())
        return samplers, params, values, ok, ev

    def _reject(self, key, ok: np.ndarray, holds: np.ndarray) -> None:
        """ok &= holds, counting the samples `key` rejected (for the message when few remain)."""
        self.rejected[key] = self.rejected.get(key, 0) + int((ok & ~holds).sum())
        ok &= holds

    def rejection_text(self) -> str:
        """Which `given` line (or domain) rejected the most samples."""
        if not self.rejected:
            return "`given`"
        key = max(self.rejected, key=lambda k: self.rejected[k])
        if isinstance(key, str):
            return f"the domain of {key}"
        where = f"{self.claim.path}:{key.loc.line}"
        return f"`given` at {where} (`{ir.to_text(key)}`)"

    # ------------------------------------------------------------ scoring

    def scores(self, goal: Goal, ev: NumEval, ok: np.ndarray, values: dict, samplers: dict, dims):
        """Per sample: how badly the goal fails (> 1 is a candidate), and Jensen extras."""
        if goal.op in ("convex", "concave"):
            return self._jensen_scores(goal, ev, ok, values, samplers, dims)
        if goal.op in ("psd", "pd"):
            return matrix_scores(goal, ev(goal.lhs.args[0]), self.rtol), None
        left, right = ev(goal.lhs), ev(goal.rhs)
        return relation_scores(goal.op, left, right, self.rtol), None

    def _jensen_scores(self, goal, ev, ok, values, samplers, dims):
        f, x = goal.lhs.args
        size = ok.shape[0]
        ok = ok.copy()  # the other points' conditions concern this goal only
        second = samplers[x.name].sample(self.rng, size)
        other_value = samplers[x.name].build(second)
        t_index = self.rng.integers(0, len(JENSEN_WEIGHTS), size)
        t = np.array([float(JENSEN_WEIGHTS[i]) for i in t_index]).reshape((size,) + (1,) * (other_value.ndim - 1))
        mixed = t * values[x.name] + (1 - t) * other_value
        ev2 = NumEval({**values, x.name: other_value}, dims, size, self.nonneg)
        evm = NumEval({**values, x.name: mixed}, dims, size, self.nonneg)
        for _, op, a, b in self.conditions:
            ok &= holds(ev2, op, a, b) & holds(evm, op, a, b)
        f1, f2, fm = ev(f), ev2(f), evm(f)
        tt = t.reshape(size)
        chord = tt * f1.v + (1 - tt) * f2.v
        mag = tt * f1.mag + (1 - tt) * f2.mag + fm.mag
        excess = (fm.v - chord) if goal.op == "convex" else (chord - fm.v)
        score = excess / (self.rtol * mag + 1e-300)
        flags = f1.undefined | f2.undefined | fm.undefined | f1.maybe | f2.maybe | fm.maybe
        score = np.where(flags, np.inf, np.where(np.isfinite(score), score, 0))
        return np.where(ok, score, -np.inf), (second, t_index, x.name)

    # ------------------------------------------------------------ the search

    def run(self, budget: int) -> tuple:
        """(goal, point, outcome) of a confirmed counterexample, or None."""
        unbounded = unbounded_names(self.claim)
        combos = ordered(list(self.claim.dim_combinations(sampling=True)), self.rng, unbounded)
        if unbounded:  # every small size, and a few larger ones, each with fewer samples
            combos = combos[:SCHEDULE]
        share = max(64, budget // min(len(combos), SIZES_VISITED))  # spread the budget over the sizes
        remaining, index = budget, 0
        while remaining > 0:
            self.check_time()
            dims = combos[index % len(combos)]
            index += 1
            key = tuple(sorted(dims.items()))
            if key not in self.work:
                self.work[key] = work_per_sample(self.claim, dims)
            weighted = max(8, int(share * size_weight(dims, unbounded)))
            size = min(weighted, remaining, max(MIN_BATCH, min(MAX_BATCH, BATCH_FLOATS // self.work[key])))
            remaining -= size
            found = self.try_batch(dims, size)
            if found:
                return found
        return None

    def try_batch(self, dims: dict, size: int):
        samplers, params, values, ok, ev = self.batch(dims, size)
        for index, goal in enumerate(self.goals):
            score, extra = self.scores(goal, ev, ok, values, samplers, dims)
            score = np.where(ok, score, -np.inf)
            tried = 0
            for i in candidates(score):
                if (tried >= CANDIDATES_PER_BATCH or self.confirmations >= MAX_CONFIRMATIONS
                        or self.confirm_seconds >= CONFIRM_SECONDS):
                    break
                key = (index, _sample_key(dims, params, int(i), extra))
                if key in self.seen:  # the same point again (a special value, say): already decided
                    continue
                self.seen.add(key)
                point = _point(dims, params, int(i), extra, self.sampling_symbols)
                tried += 1
                self.confirmations += 1
                start = time.monotonic()
                outcome, verdict = self.confirmer.classify(goal, point)
                self.confirm_seconds += time.monotonic() - start
                if outcome is not None:
                    return goal, point, outcome
                if verdict == "undecided":
                    self.unconfirmed += 1
                else:
                    self.refuted += 1
        return None


def _sample_key(dims: dict, params: dict, i: int, extra) -> tuple:
    """Sample i's identity (its float parameters), to check each point exactly only once."""
    digest = hashlib.blake2b(digest_size=16)
    for name, p in sorted(params.items()):
        digest.update(name.encode() + b"\0" + np.ascontiguousarray(p[i]).tobytes())
    if extra is not None:
        second, t_index, _ = extra
        digest.update(b"\0second" + np.ascontiguousarray(second[i]).tobytes() + bytes([int(t_index[i])]))
    return tuple(sorted(dims.items())), digest.digest()


def _exact(value: float, domain) -> Fraction:
    """The float as an exact number; a float that is an interval end is that end exactly
    (so `given: x == 0.1` or the domain [0, 0.1] are met exactly)."""
    if domain.kind == "interval":
        for end in (domain.lo, domain.hi):
            if end is not None and value == float(end):
                return Fraction(end)
    return Fraction(value)


def _point(dims: dict, params: dict, i: int, extra, symbols: dict) -> Point:
    def exact(name: str, values) -> list:
        symbol = symbols[name]
        if symbol.structure not in (None, "symmetric", "diagonal"):  # parameters, not entries
            return [Fraction(float(v)) for v in values]
        return [_exact(float(v), symbol.domain) for v in values]

    row = {name: exact(name, p[i]) for name, p in params.items()}
    if extra is None:
        return Point(dict(dims), row)
    second, t_index, name = extra
    return Point(dict(dims), row, exact(name, second[i]), JENSEN_WEIGHTS[int(t_index[i])])


# ---------------------------------------------------------------- reports


def counterexample_json(goal: Goal, point: Point, outcome, values: dict, seed: int) -> dict:
    """The counterexample as reports and the cache get it: every value small (see shown.py)."""
    data = {
        "dims": dict(point.dims),
        "values": {name: shown.value(v, seed) for name, v in values.items()},
        "lhs": None if outcome.lhs is None else shown.value(outcome.lhs, seed),
        "rhs": None if outcome.rhs is None else shown.value(outcome.rhs, seed),
        "step": goal.line,
        "exact": outcome.exact,
        "goal": goal.text(),
        "seed": seed,
    }
    if outcome.reason:
        data["reason"] = outcome.reason
    if point.t is not None:  # Jensen: the other point and the weight, beside the values
        data["second_point"] = {name: shown.value(v, seed) for name, v in outcome.extra.items()}
        data["weight"] = shown.number(point.t)
    return _within_budget(data)


def _within_budget(data: dict) -> dict:
    """Many symbols, each small, can still add up: past the budget, the rest are left out."""
    if len(json.dumps(data)) <= shown.MAX_JSON_CHARS:
        return data
    left_out, count = {"shown": "none"}, 0
    used = len(json.dumps({k: v for k, v in data.items() if k not in ("values", "second_point", "lhs", "rhs")}))
    for key in ("lhs", "rhs"):
        if data[key] is not None and used + len(json.dumps(data[key])) > shown.MAX_JSON_CHARS // 4:
            data[key], count = left_out, count + 1
        used += len(json.dumps(data[key]))
    for key in ("values", "second_point"):
        for name, v in (data.get(key) or {}).items():
            size = len(json.dumps({name: v}))
            if used + size > shown.MAX_JSON_CHARS:
                data[key][name], count = left_out, count + 1
                size = len(json.dumps({name: left_out}))
            used += size
    data["note"] = f"{count} values left out: the counterexample is too large to show in full"
    return data


def falsify(claim: Claim, samples: int | None = None, seed: int | None = None,
            deadline: float | None = None) -> NumericResult:
    """Search for a confirmed counterexample within the sample budget.

    The seed is the command line's, else the claim's `check.seed`, else 0.
    """
    start = time.monotonic()
    budget = samples or claim.check.samples or DEFAULT_SAMPLES
    if seed is None:
        seed = claim.check.seed if claim.check.seed is not None else 0
    rtol = float(claim.check.rtol) if claim.check.rtol is not None else DEFAULT_RTOL
    search = Search(claim, seed, rtol, deadline)
    result = NumericResult("passed", seed=seed)
    try:
        found = search.run(budget)
        if found:
            goal, point, outcome = shrink(search, *found)
            values = search.confirmer.values(point)
            result.status = "falsified"
            result.counterexample = counterexample_json(goal, point, outcome, values, seed)
            result.counterexample["found_by"] = "numeric engine: random sampling"
            result.exact_values = values
            where = f"proof step at line {goal.line}" if goal.line else "the claim"
            result.message = f"counterexample to {where}: {_brief(result.counterexample)}"
        elif search.accepted < MIN_ACCEPTED and search.accepted < 0.01 * max(search.tried, 1):
            result.status = "error"
            result.message = (f"cannot produce samples: {search.rejection_text()} rejected nearly all of them "
                              f"({search.accepted} of {search.tried:,} accepted), so nothing was tested; "
                              "an equality is solved only where it is linear in one of its symbols")
        else:
            result.message = f"no counterexample in {search.accepted:,} samples"
    except Timeout:
        result.status, result.message = "error", "timeout"
    except ClaimError as exc:
        result.status, result.message = "error", f"at sampled dims: {exc.message}"
    result.samples, result.accepted = search.tried, search.accepted
    result.unconfirmed, result.refuted = search.unconfirmed, search.refuted
    result.seconds = time.monotonic() - start
    return result


def confirm_candidate(claim: Claim, goal: Goal, dims: dict, params: dict, found_by: str) -> tuple | None:
    """A point another engine proposes, confirmed exactly as a sampled candidate is:
    (counterexample, message), or None when it is not a confirmed counterexample."""
    confirmer = Confirmer(claim, claim.symbols)
    point = Point(dict(dims), {name: list(row) for name, row in params.items()})
    outcome, _ = confirmer.classify(goal, point)
    if outcome is None:
        return None
    example = counterexample_json(goal, point, outcome, confirmer.values(point), None)
    example["found_by"] = found_by
    where = f"proof step at line {goal.line}" if goal.line else "the claim"
    return example, f"counterexample to {where} (found by the {found_by}): {_brief(example)}"


def _brief(example: dict) -> str:
    parts = [f"{k}={v}" for k, v in example["dims"].items()]
    parts += [f"{k}={shown.brief(v)}" for k, v in example["values"].items()]
    text = ", ".join(parts)
    if example.get("reason"):
        text += f" ({example['reason']})"
    elif example["lhs"] is not None:
        text += f": lhs={shown.brief(example['lhs'])}, rhs={shown.brief(example['rhs'])}"
    text = text if len(text) < 300 else text[:297] + "..."
    if shown.in_part(example):
        text += f" (shown in part; seed {example['seed']} reproduces it)"
    return text

