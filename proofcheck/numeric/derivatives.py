"""grad, hessian and diff: by jets where every node of f has a rule (jets.py), else by
central differences, vectorized over the batch.

For central differences, all perturbed points are stacked along the batch axis and the function is
evaluated once on them. Each derivative is taken at two step sizes (h and 2h,
h scaled to the point and a power of two, so x + h is exact); their
disagreement and the rounding error eps * mag / h go into the result's
magnitude, so an unreliable derivative widens the tolerance instead of
producing a false alarm. Exact confirmation later uses jets, not these.
"""

from __future__ import annotations

import numpy as np

from ..language import ir
from .jets import NoJet, jet_derivative
from .piecewise import condition
from .values import EPS, RTOL0, Val, per_sample, violates

FIRST_STEP = 2.0**-17
SECOND_STEP = 2.0**-12


def _stacked(ev, name: str, points: list) -> tuple:
    """Evaluate with `name` at each of `points` (list of arrays like x); others repeated."""
    k = len(points)
    batch = max(ev.batch, 1)
    values = {}
    for sym, v in ev.values.items():
        full = np.broadcast_to(v, (batch,) + v.shape[1:])
        values[sym] = np.concatenate([full] * k) if sym != name else np.concatenate(points)
    child = type(ev)(values, ev.dims, batch * k)  # the evaluator at the shifted points
    return child, batch, k


def _split(val: Val, batch: int, k: int) -> tuple:
    shape = val.v.shape[1:]
    v = np.broadcast_to(val.v, (batch * k,) + shape).reshape((k, batch) + shape)
    bad = np.broadcast_to(val.undefined | val.maybe, (batch * k,)).reshape(k, batch).any(axis=0)
    return v, bad


def derivative(ev, expr: ir.Call) -> Val:
    f, x = expr.args
    base = ev(f)
    try:
        g, magnitude = jet_derivative(ev, expr)
    except NoJet:
        return _differences(ev, expr, base)
    unusable = ~np.isfinite(g).reshape(g.shape[0], -1).all(axis=1)
    return Val(g, np.abs(g) + magnitude, base.undefined, base.maybe | unusable | _kinks(ev, f))


def _differences(ev, expr: ir.Call, base: Val) -> Val:
    """Central differences along e_i (and e_i + e_j for a Hessian: second differences on those
    directions give every entry), at two step sizes, all points in one evaluation of f;
    f(x) itself is the evaluator's already."""
    f, x = expr.args
    batch = max(ev.batch, 1)
    shape = ev.values[x.name].shape[1:]
    flat = np.broadcast_to(ev.values[x.name], (batch,) + shape).reshape(batch, -1)
    n = flat.shape[1]
    hessian = expr.fn == "hessian"
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)] if hessian else []
    directions = np.zeros((n + len(pairs), n))
    directions[np.arange(n), np.arange(n)] = 1
    for row, (i, j) in enumerate(pairs, start=n):
        directions[row, [i, j]] = 1
    step = (SECOND_STEP if hessian else FIRST_STEP) * np.maximum(1.0, np.abs(flat))  # (batch, n), powers of two
    offsets = np.array([1.0, -1.0, 2.0, -2.0])[:, None, None, None] * directions[None, :, None, :] * step[None, None]
    points = (flat[None, None] + offsets).reshape((-1,) + (batch,) + shape)  # (4 m, batch) + shape
    child, _, k = _stacked(ev, x.name, list(points))
    v, bad = _split(child(f), batch, k)
    v = v.reshape((4, len(directions), batch) + v.shape[2:])
    center = np.broadcast_to(base.v, (batch,) + v.shape[3:])
    fmag = np.broadcast_to(base.mag, (batch,) + v.shape[3:])
    if hessian:
        estimates = [_hessian_from(v[2 * s], v[2 * s + 1], center, step * (s + 1), n, pairs) for s in (0, 1)]
        noise = 64 * EPS * fmag.reshape(batch, 1, 1) / (step[:, :, None] * step[:, None, :])
        (g, g2) = estimates
        g, g2, noise = (a.reshape((batch,) + shape + shape) for a in (g, g2, noise))
    else:
        h = step.T.reshape((n, batch) + (1,) * (v.ndim - 3))
        g, g2 = ((v[2 * s] - v[2 * s + 1]) / (2 * (s + 1) * h) for s in (0, 1))  # (n, batch) + f's shape
        if expr.fn == "diff":  # x is a scalar; f may be an array
            g, g2, noise = g[0], g2[0], 16 * EPS * fmag / h[0]
        else:
            g, g2 = (np.moveaxis(a, 0, 1).reshape((batch,) + shape) for a in (g, g2))
            noise = (16 * EPS * fmag.reshape(batch, 1) / step).reshape((batch,) + shape)
    mag = np.abs(g) + (np.abs(g - g2) + noise) / RTOL0
    unusable = ~np.isfinite(g).reshape(g.shape[0], -1).all(axis=1)
    return Val(g, mag, base.undefined, base.maybe | bad | unusable | _kinks(ev, f))


def _hessian_from(plus, minus, center, h, n: int, pairs: list) -> np.ndarray:
    """H from second differences along e_i (rows < n) and e_i + e_j (the pairs), step h."""
    second = plus + minus - 2 * center  # (directions, batch): u' H u along each direction u
    batch = center.shape[0]
    out = np.empty((batch, n, n))
    index = np.arange(n)
    out[:, index, index] = (second[:n] / (h.T * h.T)).T
    if pairs:
        i, j = np.array(pairs).T
        value = (second[n:] - second[i] - second[j]) / (2 * h.T[i] * h.T[j])
        out[:, i, j] = out[:, j, i] = value.T
    return out


def _kinks(ev, f) -> np.ndarray:
    """Samples where some part of f may not be differentiable (abs at 0, a tie in a max, ...).

    Central differences cannot see a kink exactly at the point (|h| - |-h| = 0),
    so such samples become candidates and the exact check (jets) decides.
    """
    from ..language.catalog import CATALOG, even_power_of_kink

    flagged = np.zeros(max(ev.batch, 1), bool)
    nodes = _differentiated(f)
    exempt = {id(n.left) for n in nodes if even_power_of_kink(n)}
    for node in nodes:
        if not isinstance(node, ir.Call) or node.fn not in CATALOG or id(node) in exempt:
            continue
        func = CATALOG[node.fn]
        rules = func.smooth
        if callable(rules):
            rules = rules({i: ir.exponent_value(a) for i, a in enumerate(node.args) if i in func.int_args})
        if rules is None:
            args = [ev(a).v for i, a in enumerate(node.args) if i not in func.int_args]
            values = args if len(args) > 1 else [np.sort(args[0].reshape(args[0].shape[0], -1), axis=1)[:, -2:]]
            tie = np.isclose(values[0], values[-1]) if len(args) > 1 else np.isclose(values[0][:, 0], values[0][:, -1])
            flagged = flagged | (tie.reshape(tie.shape[0], -1).any(axis=1) if tie.ndim > 1 else tie)
            continue
        for index, need in rules:
            if need == "off_switch":  # where: at its switch the chosen piece may change
                flagged = flagged | per_sample(condition(ev, node.args[index])[1])
                continue
            value = ev(node.args[index])
            if need == "nonzero_array":
                surely = ~(value.v != 0).reshape(value.v.shape[0], -1).any(axis=1)
                flagged = flagged | surely
            else:
                surely, maybe = violates(need, value)
                flagged = flagged | surely | maybe
    return flagged


def _differentiated(f) -> list:
    """The nodes of f that are differentiated: not the extra arguments of a _guard."""
    out, stack = [], [f]
    while stack:
        node = stack.pop()
        out.append(node)
        children = list(ir.children(node))
        if isinstance(node, ir.Call) and node.fn == "_guard":
            children = children[:1]
        stack.extend(children)
    return out
