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
    checks = 0
    changed = True
    while changed and checks < MAX_CHECKS and time.monotonic() < deadline:
        changed = False
        for name in point.params:
            for index in range(len(point.params[name])):
                for option in simpler(point.params[name][index]):
                    checks += 1
                    row = list(point.params[name])
                    row[index] = option
                    trial = type(point)(point.dims, {**point.params, name: row}, point.second, point.t)
                    found = search.confirmer.check(goal, trial)
                    if found is not None:
                        point, outcome, changed = trial, found, True
                        break
                if checks >= MAX_CHECKS or time.monotonic() > deadline:
                    return goal, point, outcome
        if point.second is not None:
            for index in range(len(point.second)):
                for option in simpler(point.second[index]):
                    row = list(point.second)
                    row[index] = option
                    trial = type(point)(point.dims, point.params, row, point.t)
                    found = search.confirmer.check(goal, trial)
                    checks += 1
                    if found is not None:
                        point, outcome, changed = trial, found, True
                        break
    return goal, point, outcome


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
