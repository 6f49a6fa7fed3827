"""The course's claims tested the way an author would write it today, without proofcheck.

This file is the independent baseline of benchmarks/speed.py, written by hand
and committed as it is: for each claim, a sympy test (simplify or expand for
an identity, `is_positive_semidefinite` for psd, the sign of a simplified
difference for an inequality) at the small sizes sympy can handle, and a
Hypothesis property test over the sizes the claim file samples, with a
tolerance loose enough to avoid false alarms. The examples per property test
come from $HANDWRITTEN_SAMPLES (the benchmark sets it to proofcheck's sample
count).

Not collected by the project's own test run (pyproject's testpaths is tests/,
and the name does not start with test_): run it explicitly,
    python -m pytest benchmarks/handwritten/course_claims.py
"""

import os

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

EXAMPLES = int(os.environ.get("HANDWRITTEN_SAMPLES", "1000"))
examples = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

real = st.floats(-100, 100, allow_nan=False, allow_infinity=False)
nonneg = st.floats(0, 100, allow_nan=False, allow_infinity=False)


def vec(n, elements=real):
    return arrays(np.float64, n, elements=elements)


def mat(n, m, elements=real):
    return arrays(np.float64, (n, m), elements=elements)


@st.composite
def symmetric_nonneg(draw, n):
    a = draw(mat(n, n, nonneg))
    return np.triu(a) + np.triu(a, 1).T


@st.composite
def psd_matrix(draw, n, shift=0.0):
    f = draw(mat(n, n, st.floats(-10, 10)))
    return f @ f.T + shift * np.eye(n)


def close(a, b, rtol=1e-6, atol=1e-6):
    return np.allclose(a, b, rtol=rtol, atol=atol * (1 + np.max(np.abs(a), initial=0) + np.max(np.abs(b), initial=0)))


def numeric_grad(f, w, h=1e-6):
    g = np.zeros_like(w)
    for i in range(len(w)):
        e = np.zeros_like(w)
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


def numeric_hessian(f, w):
    n, h = len(w), 1e-3 * (1 + np.max(np.abs(w)))
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            ei, ej = np.eye(n)[i] * h, np.eye(n)[j] * h
            H[i, j] = (f(w + ei + ej) - f(w + ei - ej) - f(w - ei + ej) + f(w - ei - ej)) / (4 * h * h)
    return H


# ---------------------------------------------------------------- gradient step (Question 13)

def step_gap(a, x, s):
    """f(x - eta f'(x)) - f(x) for f(u) = a u^2 / 2 and eta = 2 s / a."""
    eta = 2 * s / a
    return a * (x - eta * a * x) ** 2 / 2 - a * x**2 / 2


def test_gradient_step_descent_sympy():
    x, s = sp.symbols("x s", real=True)
    gap = sp.simplify(step_gap(sp.Symbol("a", positive=True), x, s))
    assert gap.is_nonpositive  # sympy cannot see that s in [0, 1] makes (1 - 2s)^2 <= 1


@examples
@given(st.floats(1e-3, 100), real, st.floats(0, 1))
def test_gradient_step_descent_property(a, x, s):
    assert step_gap(a, x, s) <= 1e-9 * a * x**2


def test_gradient_step_too_large_sympy():
    x, s = sp.symbols("x s", real=True)
    assert sp.simplify(step_gap(sp.Symbol("a", positive=True), x, s)).is_nonpositive


@examples
@given(st.floats(1e-3, 100), real, st.floats(0, 2))
def test_gradient_step_too_large_property(a, x, s):
    assert step_gap(a, x, s) <= 1e-9 * a * x**2


# ---------------------------------------------------------------- Newton step (Question 14)

def newton_gap(x):
    f = lambda u: u**4 - 3 * u**2  # noqa: E731
    return f(x - (4 * x**3 - 6 * x) / (12 * x**2 - 6)) - f(x)


def test_newton_step_not_descent_sympy():
    x = sp.Symbol("x", real=True)
    assert sp.simplify(newton_gap(x)).is_nonpositive


@examples
@given(real)
def test_newton_step_not_descent_property(x):
    assume(abs(12 * x**2 - 6) > 1e-9)
    assert newton_gap(x) <= 1e-9 * (1 + x**4)


# ---------------------------------------------------------------- graph Laplacian (Question 6)

def laplacian(W):
    return np.diag(W.sum(axis=1)) - W


def sym_laplacian(n):
    W = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"w{min(i, j)}{max(i, j)}", nonnegative=True))
    return sp.diag(*[sum(W.row(i)) for i in range(n)]) - W


def test_laplacian_psd_sympy():
    for n in (1, 2, 3):
        assert sym_laplacian(n).is_positive_semidefinite


@examples
@given(st.integers(1, 30).flatmap(symmetric_nonneg))
def test_laplacian_psd_property(W):
    assert np.linalg.eigvalsh(laplacian(W)).min() >= -1e-9 * np.abs(W).sum()


def test_laplacian_quadratic_form_sympy():
    for n in (1, 2, 3):
        f = sp.Matrix(sp.symbols(f"f0:{n}", real=True))
        form = sp.expand((f.T * sym_laplacian(n) * f)[0])
        assert form.is_nonnegative  # true, but expand does not show it


@examples
@given(st.integers(1, 30).flatmap(lambda n: st.tuples(symmetric_nonneg(n), vec(n))))
def test_laplacian_quadratic_form_property(Wf):
    W, f = Wf
    assert f @ laplacian(W) @ f >= -1e-9 * np.abs(W).sum() * np.max(np.abs(f)) ** 2


# ---------------------------------------------------------------- LDA (Question 7)

def sym_lda(n, k):
    w = sp.Matrix(sp.symbols(f"w0:{n}", real=True))
    Sb = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"b{min(i, j)}{max(i, j)}", real=True))
    Sw = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"s{min(i, j)}{max(i, j)}", real=True))
    J = lambda u: (u.T * Sb * u)[0] / (u.T * Sw * u)[0]  # noqa: E731
    return sp.simplify(J(k * w) - J(w))


def test_lda_scale_invariant_sympy():
    for n in (1, 2, 3):
        assert sym_lda(n, sp.Symbol("k", nonzero=True)) == 0


def test_lda_scale_invariant_any_k_sympy():
    for n in (1, 2, 3):
        assert sym_lda(n, sp.Symbol("k", real=True)) == 0


def lda_gap(Sb, Sw, w, k):
    J = lambda u: (u @ Sb @ u) / (u @ Sw @ u)  # noqa: E731
    return J(k * w), J(w)


@st.composite
def lda_example(draw, k_values):
    n = draw(st.integers(1, 20))
    return draw(psd_matrix(n)), draw(psd_matrix(n, 1e-3)), draw(vec(n)), draw(k_values)


@examples
@given(lda_example(real.filter(lambda k: k != 0)))
def test_lda_scale_invariant_property(example):
    Sb, Sw, w, k = example
    assume(np.linalg.norm(w) > 1e-6 and abs(k) > 1e-6)  # no underflow
    assert close(*lda_gap(Sb, Sw, w, k))


@examples
@given(lda_example(real))
def test_lda_scale_invariant_any_k_property(example):
    Sb, Sw, w, k = example
    assume(np.linalg.norm(w) > 1e-6)
    with np.errstate(all="ignore"):
        assert close(*lda_gap(Sb, Sw, w, k))


# ---------------------------------------------------------------- linear regression (Question 1)

def sym_mse(n, l):
    X = sp.Matrix(n, l, lambda i, j: sp.Symbol(f"x{i}_{j}", real=True))
    w = sp.Matrix(sp.symbols(f"w0:{n}", real=True))
    y = sp.Matrix(sp.symbols(f"y0:{l}", real=True))
    r = X.T * w - y
    return X, w, y, (r.T * r)[0] / (2 * l)


def mse(X, w, y):
    return np.sum((X.T @ w - y) ** 2) / (2 * X.shape[1])


@st.composite
def regression(draw):
    n, l = draw(st.integers(1, 20)), draw(st.integers(1, 20))
    return draw(mat(n, l)), draw(vec(n)), draw(vec(l))


def test_linreg_gram_psd_sympy():
    for n in (1, 2, 3):
        for l in (1, 2, 3):
            X, _, _, _ = sym_mse(n, l)
            assert (X * X.T / l).is_positive_semidefinite


@examples
@given(regression())
def test_linreg_gram_psd_property(example):
    X, _, _ = example
    G = X @ X.T / X.shape[1]
    assert np.linalg.eigvalsh(G).min() >= -1e-9 * np.abs(G).sum()


def test_linreg_mse_gradient_sympy():
    for n in (1, 2, 3):
        for l in (1, 2, 3):
            X, w, y, f = sym_mse(n, l)
            grad = sp.Matrix([sp.diff(f, wi) for wi in w])
            assert sp.simplify(grad - X * (X.T * w - y) / l) == sp.zeros(n, 1)


@examples
@given(regression())
def test_linreg_mse_gradient_property(example):
    X, w, y = example
    grad = numeric_grad(lambda v: mse(X, v, y), w)
    assert close(grad, X @ (X.T @ w - y) / X.shape[1], rtol=1e-4, atol=1e-4)


def test_linreg_mse_hessian_sympy():
    for n in (1, 2, 3):
        for l in (1, 2, 3):
            X, w, _, f = sym_mse(n, l)
            assert sp.simplify(sp.hessian(f, w) - X * X.T / l) == sp.zeros(n, n)


@examples
@given(regression())
def test_linreg_mse_hessian_property(example):
    X, w, y = example
    H = numeric_hessian(lambda v: mse(X, v, y), w)
    assert close(H, X @ X.T / X.shape[1], rtol=1e-3, atol=1e-3)


def test_linreg_mse_convex_sympy():
    for n in (1, 2, 3):
        for l in (1, 2, 3):
            _, w, _, f = sym_mse(n, l)
            assert sp.hessian(f, w).is_positive_semidefinite


@examples
@given(regression(), st.floats(0, 1))
def test_linreg_mse_convex_property(example, t):
    X, w, y = example
    v = np.random.default_rng(0).standard_normal(len(w)) * 10
    left = mse(X, t * w + (1 - t) * v, y)
    right = t * mse(X, w, y) + (1 - t) * mse(X, v, y)
    assert left <= right + 1e-9 * (abs(left) + abs(right))


# ---------------------------------------------------------------- momentum (Question 16)

def test_momentum_unrolled_sympy():
    eta, mu, g1, g2, g3 = sp.symbols("eta mu g1 g2 g3", real=True)
    v1 = -eta * g1
    v2 = mu * v1 - eta * g2
    v3 = mu * v2 - eta * g3
    assert sp.expand(v3 - (-eta * (mu**2 * g1 + mu * g2 + g3))) == 0


@examples
@given(st.integers(1, 30).flatmap(lambda n: st.tuples(real, real, vec(n), vec(n), vec(n))))
def test_momentum_unrolled_property(example):
    eta, mu, g1, g2, g3 = example
    v1 = -eta * g1
    v2 = mu * v1 - eta * g2
    v3 = mu * v2 - eta * g3
    assert close(v3, -eta * (mu**2 * g1 + mu * g2 + g3))


# ---------------------------------------------------------------- regression trees (Question 8)

def sse(v):
    return np.sum((v - v.mean()) ** 2)


def test_tree_split_sse_sympy():
    for n in range(2, 7):
        y = sp.symbols(f"y0:{n}", real=True)
        for k in range(1, n):
            left, right = y[:k], y[k:]
            sym_sse = lambda v: sum((e - sum(v) / len(v)) ** 2 for e in v)  # noqa: E731
            closed = sum(e**2 for e in y) - sum(left) ** 2 / k - sum(right) ** 2 / (n - k)
            assert sp.simplify(sym_sse(left) + sym_sse(right) - closed) == 0


@examples
@given(st.integers(2, 30).flatmap(lambda n: st.tuples(vec(n), st.integers(1, n - 1))))
def test_tree_split_sse_property(example):
    y, k = example
    n = len(y)
    closed = np.sum(y**2) - np.sum(y[:k]) ** 2 / k - np.sum(y[k:]) ** 2 / (n - k)
    assert close(sse(y[:k]) + sse(y[k:]), closed)


# ---------------------------------------------------------------- weight decay (Question 16)

def test_weight_decay_gradient_sympy():
    lam = sp.Symbol("lam", nonnegative=True)
    for n in (1, 2, 3):
        w = sp.symbols(f"w0:{n}", real=True)
        penalty = lam / 2 * sum(e**2 for e in w)
        assert all(sp.simplify(sp.diff(penalty, e) - lam * e) == 0 for e in w)


@examples
@given(nonneg, st.integers(1, 30).flatmap(vec))
def test_weight_decay_gradient_property(lam, w):
    grad = numeric_grad(lambda v: lam / 2 * np.sum(v**2), w)
    assert close(grad, lam * w, rtol=1e-4, atol=1e-4)
