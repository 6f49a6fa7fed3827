"""Shrinking: make a confirmed counterexample small and simple.

First smaller dims (a fresh search there), then each parameter towards 0,
small integers and short fractions. Every step is re-confirmed exactly, and
parameters are what change, so structures (psd = F F.T, ...) are kept.
"""

from __future__ import annotations

import time
from fractions import Fraction

MAX_CHECKS = 400
MAX_SECONDS = 3.0
DIMS_BATCH = 256
LARGE_ROW = 256  # parameters; a longer row is only rounded as a whole


def cost(q: Fraction) -> int:
    return 0 if q == 0 else abs(q.numerator) + q.denominator


NICE = [Fraction(v) for v in ("0", "1", "-1", "2", "-2", "1/2", "-1/2", "3", "-3", "1/3", "-1/3", "3/2",
                                "-3/2", "1/4", "-1/4", "4", "-4", "5", "-5", "10", "-10")]


def simpler(q: Fraction) -> list:
    """Candidates simpler than q, simplest first."""
    options = NICE + [Fraction(round(q))] + [q.limit_denominator(d) for d in (1, 2, 4, 10, 100)] + [q / 2]
    seen, out = set(), []
    for option in options:
        if option not in seen and cost(option) < cost(q):
            seen.add(option)
            out.append(option)
    return sorted(out, key=cost)


def shrink(search, goal, point, outcome) -> tuple:
    deadline = time.monotonic() + MAX_SECONDS
    goal, point, outcome = _smaller_dims(search, goal, point, outcome, deadline)
    point, outcome = _round_large_rows(search, goal, point, outcome, deadline)
    budget = [MAX_CHECKS]
    changed = True
    while changed and budget[0] > 0 and time.monotonic() < deadline:
        changed = False
        rows = [(name, lambda p, n=name: p.params[n], lambda p, row, n=name: _with(p, params={**p.params, n: row}))
                for name in point.params]
        if point.second is not None:
            rows.append(("second", lambda p: p.second, lambda p, row: _with(p, second=row)))
        for _, get, put in rows:
            point, outcome, moved = _shrink_row(search, goal, point, outcome, get, put, budget, deadline)
            changed = changed or moved
    return goal, point, outcome


def _with(point, **changes):
    fields = {"dims": point.dims, "params": point.params, "second": point.second, "t": point.t, **changes}
    return type(point)(**fields)


def _round_large_rows(search, goal, point, outcome, deadline: float) -> tuple:
    """A large parameter row (a 1000x1000 matrix, say) cannot be shrunk entry by entry in
    time: try it rounded to integers as a whole, once, so the result does not depend on
    the machine's speed (the seed reproduces it) and its entries are short."""
    for name, row in point.params.items():
        if len(row) <= LARGE_ROW or time.monotonic() > deadline:
            continue
        rounded = [Fraction(round(q)) for q in row]
        if rounded == row:
            continue
        trial = _with(point, params={**point.params, name: rounded})
        found = search.confirmer.check(goal, trial)
        if found is not None:
            point, outcome = trial, found
    return point, outcome


def _shrink_row(search, goal, point, outcome, get, put, budget: list, deadline: float) -> tuple:
    """Each entry of one parameter row to the simplest value that keeps the counterexample
    (not for a large row: that would take longer than shrinking may, and end by the clock)."""
    moved = False
    if len(get(point)) > LARGE_ROW:
        return point, outcome, moved
    for index in range(len(get(point))):
        for option in simpler(get(point)[index]):
            if budget[0] <= 0 or time.monotonic() > deadline:
                return point, outcome, moved
            budget[0] -= 1
            row = list(get(point))
            row[index] = option
            trial = put(point, row)
            found = search.confirmer.check(goal, trial)
            if found is not None:
                point, outcome, moved = trial, found, True
                break
    return point, outcome, moved


def _smaller_dims(search, goal, point, outcome, deadline: float) -> tuple:
    size = sum(point.dims.values())
    smaller = sorted((d for d in search.claim.dim_combinations(sampling=True) if sum(d.values()) < size),
                     key=lambda d: (sum(d.values()), tuple(d.values())))
    for dims in smaller[:6]:
        if time.monotonic() > deadline:
            break
        found = search.try_batch(dims, DIMS_BATCH)
        if found:
            return found
    return goal, point, outcome
