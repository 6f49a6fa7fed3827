"""Numeric derivatives by jets agree with central differences, rule by rule, and fall back
to them where a node has no rule."""

from __future__ import annotations

import numpy as np
import pytest

from proofcheck.language.goals import claim_goals
from proofcheck.numeric import derivatives
from proofcheck.numeric.evaluate import NumEval
from proofcheck.numeric.jets import NoJet, jet_derivative
from claimtools import load

SYMBOLS = 'symbols: {w: "vector[n]", X: "matrix[n, m]", y: "vector[m]", c: positive, t: scalar}'
FUNCTIONS = [
    "sum((X.T @ w - y)**2) / (2*m)",
    "norm(w)**2 / 2",
    "norm(w)",
    "norm(w, 1) + 3 * sum(abs(w))",
    "c / 2 * norm(w)**4 - w @ w",
    "sum(exp(w / 8)) + sum(sin(w) * cos(w)) + sum(tanh(w)) + sum(sigmoid(w))",
    "log(1 + w @ w) + sqrt(2 + sum(w**2))",
    "(w @ X @ y) / (1 + w @ w)",
    "sum(outer(w, w) * (X @ X.T)) + trace(outer(w, w))",
    "sum(diag(w) @ X) + sum(diag(outer(w, w)))",
    "sum(maximum(w, 0.5 * w)) - sum(minimum(w, -w))",
    "mean(w**3) - sum(w[:2] * w[1:]) + sum(w[:, None] * w[None, :])",
    "sum(X.T @ w, axis=0) + mean((X.T @ w)**2)",
    "-(w @ w) * c + sum((-w)**2)",
    "sum(relu(w) * w) + sum(softplus(w)) + sum(log1p(w * w))",
    "sum(where(w > 0, w**3, 0.5 * w)) + sum(where(X.T @ w <= y, exp(X.T @ w), y))",
    "sum(where(w > 0, t * w, w * w))",
    "[1, 2, 3] @ w + [[1, 2], [3, 4], [5, 6]].T @ w @ y",
]


def _call(tmp_path, fn: str, f: str, wrt: str = "w"):
    claim = load(tmp_path, f'dims: {{n: [3], m: [2]}}\n{SYMBOLS}\nclaim: "{fn}({f}, {wrt}) == {fn}({f}, {wrt})"\n')
    return claim_goals(claim)[0].lhs


def _evaluator(batch: int = 64) -> NumEval:
    rng = np.random.default_rng(1)
    values = {"w": rng.normal(size=(batch, 3)), "X": rng.normal(size=(batch, 3, 2)), "y": rng.normal(size=(batch, 2)),
              "c": rng.uniform(0.5, 2, batch), "t": rng.normal(size=batch)}
    values["w"][:, 0] += np.sign(values["w"][:, 0])  # away from the kinks of abs, max and min
    return NumEval(values, {"n": 3, "m": 2}, batch)


@pytest.mark.parametrize("fn", ["grad", "hessian"])
@pytest.mark.parametrize("f", FUNCTIONS)
def test_jets_agree_with_central_differences(tmp_path, fn, f):
    call = _call(tmp_path, fn, f)
    ev = _evaluator()
    jet, magnitude = jet_derivative(ev, call)
    differences = derivatives._differences(ev, call, ev(call.args[0]))
    ok = ~(differences.undefined | differences.maybe)
    assert ok.sum() > 32
    scale = np.abs(differences.v).max() + 1
    np.testing.assert_allclose(jet[ok], differences.v[ok], rtol=1e-5, atol=1e-5 * scale)
    assert (magnitude >= 0).all() and (magnitude[ok] >= 0.5 * np.abs(jet[ok])).all()


def test_diff_of_an_array_by_jets(tmp_path):
    call = _call(tmp_path, "diff", "t**3 * w + exp(t) * X @ y", "t")
    ev = _evaluator()
    jet, _ = jet_derivative(ev, call)
    t, w, X, y = ev.values["t"], ev.values["w"], ev.values["X"], ev.values["y"]
    expected = 3 * t[:, None] ** 2 * w + np.exp(t)[:, None] * np.einsum("bij,bj->bi", X, y)
    np.testing.assert_allclose(jet, expected, rtol=1e-12)


@pytest.mark.parametrize("f", ["prod(w)", "logsumexp(w)", "det(outer(w, w) + X @ X.T)", "max(w)", "var(w)",
                               "std(w) + c", "sum([w[0], w[1]] * [t, 2])"])
def test_nodes_without_a_rule_fall_back_to_central_differences(tmp_path, f):
    call = _call(tmp_path, "grad", f)
    ev = _evaluator()
    with pytest.raises(NoJet):
        jet_derivative(ev, call)
    value = derivatives.derivative(ev, call)  # still a derivative, by central differences
    assert value.v.shape == (64, 3) and np.isfinite(value.v).all()


def test_central_differences_give_the_whole_hessian_from_directional_second_differences(tmp_path):
    call = _call(tmp_path, "hessian", "logsumexp(w) + prod(w)")
    ev = _evaluator()
    value = derivatives.derivative(ev, call)  # no jet rule for either: central differences
    w = ev.values["w"]
    s = np.exp(w) / np.exp(w).sum(axis=1, keepdims=True)
    prod_h = np.array([[[0.0 if i == j else np.prod(np.delete(row, [i, j])) for j in range(3)] for i in range(3)]
                       for row in w])
    expected = s[:, :, None] * np.eye(3) - s[:, :, None] * s[:, None, :] + prod_h
    ok = ~(value.undefined | value.maybe)
    np.testing.assert_allclose(value.v[ok], expected[ok], rtol=1e-5, atol=1e-5)
