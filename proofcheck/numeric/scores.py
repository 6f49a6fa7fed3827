"""How far each sample is from failing a goal, in units of the tolerance (score > 1: a
candidate for an exact check), and which candidates get the few exact checks."""

from __future__ import annotations

import numpy as np

from ..language.goals import Goal
from .evaluate import NumEval
from .values import EPS, align


def candidates(score: np.ndarray) -> list:
    """Indices of the samples worth an exact check (score > 1), best first, alternating
    between flagged samples (undefined or too close to call: score inf) and finite
    failures, so that neither kind crowds the other out of the few exact checks."""
    order = np.argsort(-score, kind="stable")
    order = order[score[order] > 1][:256]
    flagged = [int(i) for i in order if np.isinf(score[i])]
    finite = [int(i) for i in order if not np.isinf(score[i])]
    out = []
    for pair in zip(flagged, finite):
        out.extend(pair)
    rest = flagged[len(finite):] or finite[len(flagged):]
    return out + rest


def holds(ev: NumEval, op: str, a, b) -> np.ndarray:
    """Per sample: the relation holds in floating point (undefined counts as not)."""
    left, right = ev(a), ev(b)
    rank = max(left.v.ndim, right.v.ndim) - 1
    lv, rv = align(left.v, rank), align(right.v, rank)
    with np.errstate(invalid="ignore"):
        result = {"==": lv == rv, "!=": lv != rv, "<": lv < rv, "<=": lv <= rv, ">": lv > rv, ">=": lv >= rv}[op]
        if op == "==":  # up to rounding (a simplex's float entries, say): the confirmation checks exactly
            result |= np.abs(lv - rv) <= 64 * EPS * (align(left.mag, rank) + align(right.mag, rank))
    result = result.reshape(result.shape[0], -1).all(axis=1) if result.ndim > 1 else result
    return result & ~left.undefined & ~right.undefined & ~left.maybe & ~right.maybe


def relation_scores(op: str, left, right, rtol: float) -> np.ndarray:
    rank = max(left.v.ndim, right.v.ndim) - 1
    lv, rv = align(left.v, rank), align(right.v, rank)
    tol = rtol * (align(left.mag, rank) + align(right.mag, rank)) + 1e-300
    with np.errstate(all="ignore"):
        d = (lv - rv) / tol
        score = {"==": np.abs(d), "<=": d, ">=": -d, "<": d + 2, ">": 2 - d}[op]
        score = np.where(np.isnan(score), 0, score)
        # an overflow (inf) that fails the relation is a candidate too: the exact value is
        # merely huge (inf / inf above gave no score)
        fails = {"==": lv != rv, "<=": lv > rv, ">=": lv < rv, "<": lv >= rv, ">": lv <= rv}[op]
        score = np.where((np.isinf(lv) | np.isinf(rv)) & fails, np.inf, score)
    score = score.reshape(score.shape[0], -1).max(axis=1) if score.ndim > 1 else score
    flags = left.undefined | right.undefined | left.maybe | right.maybe
    return np.where(flags, np.inf, score)


def matrix_scores(goal: Goal, m, rtol: float) -> np.ndarray:
    v = m.v
    scale = rtol * (np.sqrt((m.mag**2).sum(axis=(1, 2))) + 1e-300)
    asym = np.abs(v - np.swapaxes(v, 1, 2)).max(axis=(1, 2)) / scale
    with np.errstate(all="ignore"):
        finite = np.isfinite(v).all(axis=(1, 2))
        safe = np.where(finite[:, None, None], (v + np.swapaxes(v, 1, 2)) / 2, 0)
        low = np.linalg.eigvalsh(safe)[:, 0] / scale
    score = np.maximum(asym, -low if goal.op == "psd" else 2 - low)
    flags = m.undefined | m.maybe
    return np.where(flags, np.inf, np.where(finite, score, 0))
