"""grad, hessian and diff by central differences, vectorized over the batch.

All perturbed points are stacked along the batch axis and the function is
evaluated once on them. Each derivative is taken at two step sizes (h and 2h,
h scaled to the point and a power of two, so x + h is exact); their
disagreement and the rounding error eps * mag / h go into the result's
magnitude, so an unreliable derivative widens the tolerance instead of
producing a false alarm. Exact confirmation later uses jets, not these.
"""

from __future__ import annotations

import numpy as np

from ..language import ir
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
    xv = np.broadcast_to(ev.values[x.name], (max(ev.batch, 1),) + ev.values[x.name].shape[1:])
    fmag = base.mag
    if expr.fn == "hessian":
        estimates = [_hessian(ev, f, x.name, xv, s, fmag) for s in (SECOND_STEP, 2 * SECOND_STEP)]
    else:
        estimates = [_gradient(ev, f, x.name, xv, s, expr.fn == "diff", fmag) for s in (FIRST_STEP, 2 * FIRST_STEP)]
    (g, noise, bad), (g2, _, bad2) = estimates
    mag = np.abs(g) + (np.abs(g - g2) + noise) / RTOL0
    unusable = ~np.isfinite(g).reshape(g.shape[0], -1).all(axis=1)
    return Val(g, mag, base.undefined, base.maybe | bad | bad2 | unusable | _kinks(ev, f))


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


def _gradient(ev, f, name: str, xv: np.ndarray, step: float, elementwise: bool, fmag) -> tuple:
    batch, shape = xv.shape[0], xv.shape[1:]
    flat = xv.reshape(batch, -1)
    n = flat.shape[1]
    h = step * np.maximum(1.0, np.abs(flat))
    points = []
    for i in range(n):
        for sign in (1.0, -1.0):
            p = flat.copy()
            p[:, i] += sign * h[:, i]
            points.append(p.reshape(xv.shape))
    child, batch, k = _stacked(ev, name, points)
    v, bad = _split(child(f), batch, k)
    diffs = [(v[2 * i] - v[2 * i + 1]) / (2 * h[:, i].reshape((batch,) + (1,) * (v.ndim - 2))) for i in range(n)]
    if elementwise:  # diff: f may be an array; x is a scalar
        hx = h[:, 0].reshape((batch,) + (1,) * (v.ndim - 2))
        return diffs[0], 16 * EPS * np.broadcast_to(fmag, diffs[0].shape) / hx, bad
    g = np.stack(diffs, axis=1).reshape((batch,) + shape)
    total = np.broadcast_to(fmag, (batch,)).reshape(batch, 1)
    return g, (16 * EPS * total / h).reshape(g.shape), bad


def _hessian(ev, f, name: str, xv: np.ndarray, step: float, fmag) -> tuple:
    batch = xv.shape[0]
    flat = xv.reshape(batch, -1)
    n = flat.shape[1]
    h = step * np.maximum(1.0, np.abs(flat))
    points, index = [flat.reshape(xv.shape)], {}
    for i in range(n):
        for j in range(i, n):
            for si in (1.0, -1.0):
                for sj in (1.0, -1.0):
                    p = flat.copy()
                    p[:, i] += si * h[:, i]
                    p[:, j] += sj * h[:, j]
                    index[i, j, si, sj] = len(points)
                    points.append(p.reshape(xv.shape))
    child, batch, k = _stacked(ev, name, points)
    v, bad = _split(child(f), batch, k)
    out = np.empty((batch, n, n))
    for i in range(n):
        for j in range(i, n):
            pp, pm = v[index[i, j, 1.0, 1.0]], v[index[i, j, 1.0, -1.0]]
            mp, mm = v[index[i, j, -1.0, 1.0]], v[index[i, j, -1.0, -1.0]]
            if i == j:  # f(x + 2h) - 2 f(x) + f(x - 2h), over (2h)^2
                value = (pp - 2 * v[0] + mm) / (4 * h[:, i] ** 2)
            else:
                value = (pp - pm - mp + mm) / (4 * h[:, i] * h[:, j])
            out[:, i, j] = out[:, j, i] = value
    total = np.broadcast_to(fmag, (batch,)).reshape(batch, 1, 1)
    noise = 64 * EPS * total / (h[:, :, None] * h[:, None, :])
    return out, noise, bad
