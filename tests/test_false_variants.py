"""Soundness of the symbolic engine: false variants of the course claims are never `proved`.

Each variant below is a small, well-formed claim file derived from one of the
true course claims in claims/ by a typical mistake: a flipped sign, a wrong
factor or exponent, a dropped term, a forgotten condition, a wrong step in a
calculational proof, a non-convex function claimed convex, a non-psd matrix
claimed psd, a strict inequality where only a weak one holds. Every variant is
FALSE for some values in its domains (SPEC §6: an expression that is undefined
somewhere, e.g. a division by zero or a derivative that does not exist, also
makes a claim false); the comment above each one gives a counterexample. For the
proof-chain variants it is the marked step that is false.

The test checks that each variant loads cleanly (so the engine really looks at
it instead of rejecting the file) and that the engine does not report it as
proved. A second test checks that the true course claims ARE proved, so this
file can fail both ways.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
import yaml

from proofcheck.api import check_paths
from proofcheck.symbolic.engine import prove

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0  # seconds per claim; a timeout is an `error`, which is not `proved` either


def _variant(vid: str, text: str):
    return pytest.param(textwrap.dedent(text), id=vid)


VARIANTS = [
    # ------------------------------------------------------------------ linear regression: gradient
    # n = l = 1, X = 1, w = 1, y = 0: the gradient is 1, the right side is -1.
    _variant("linreg_gradient_sign_flipped", """
        title: "False: the gradient of the MSE is X (y - X^T w) / l"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "grad(f, w) == X @ (y - X.T @ w) / l"
    """),
    # n = l = 1, X = 1, w = 1, y = 0: the gradient is 1, the right side is 2.
    _variant("linreg_gradient_factor_2", """
        title: "False: the gradient of the MSE is 2 X (X^T w - y) / l"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "grad(f, w) == 2 * X @ (X.T @ w - y) / l"
    """),
    # l = 2, n = 1, X = [[1, 0]], w = 1, y = 0: the gradient is 1/2, the right side is 1.
    _variant("linreg_gradient_missing_1_over_l", """
        title: "False: the gradient of the MSE is X (X^T w - y)"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "grad(f, w) == X @ (X.T @ w - y)"
    """),
    # n = l = 1, X = 1, w = 0, y = 1: the gradient is -1, the right side is 0.
    _variant("linreg_gradient_dropped_y", """
        title: "False: the gradient of the MSE is X X^T w / l"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "grad(f, w) == X @ X.T @ w / l"
    """),
    # Without the 1/2 in f: n = l = 1, X = 1, w = 1, y = 0: the gradient is 2, the right side is 1.
    _variant("linreg_gradient_loss_without_half", """
        title: "False: the gradient of ||X^T w - y||^2 / l is X (X^T w - y) / l"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / l"
        claim: "grad(f, w) == X @ (X.T @ w - y) / l"
    """),
    # lam = 1, n = l = 1, X = 0, w = 1, y = 0: the gradient is lam w = 1, the right side is 0.
    _variant("linreg_ridge_gradient_dropped_penalty", """
        title: "False: the gradient of the ridge loss is X (X^T w - y) / l (penalty term dropped)"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
          lam: positive
        define:
          f: "sum((X.T @ w - y)**2) / (2*l) + lam / 2 * norm(w)**2"
        claim: "grad(f, w) == X @ (X.T @ w - y) / l"
    """),
    # ------------------------------------------------------------------ linear regression: Hessian
    # n = l = 1, X = 1: the Hessian is 1, the right side is 2.
    _variant("linreg_hessian_factor_2", """
        title: "False: the Hessian of the MSE is 2 X X^T / l"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "hessian(f, w) == 2 * X @ X.T / l"
    """),
    # l = 2, n = 1, X = [[1, 0]]: the Hessian is 1/2, the right side is 1.
    _variant("linreg_hessian_missing_1_over_l", """
        title: "False: the Hessian of the MSE is X X^T"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "hessian(f, w) == X @ X.T"
    """),
    # lam = 1, X = 0: the Hessian of the ridge loss is lam I = I, the right side is 0.
    _variant("linreg_ridge_hessian_dropped_penalty", """
        title: "False: the Hessian of the ridge loss is X X^T / l (lam I dropped)"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
          lam: positive
        define:
          f: "sum((X.T @ w - y)**2) / (2*l) + lam / 2 * norm(w)**2"
        claim: "hessian(f, w) == X @ X.T / l"
    """),
    # ------------------------------------------------------------------ linear regression: convexity
    # n = l = 1, X = 1, y = 0: -f = -w^2/2 is strictly concave.
    _variant("linreg_negated_mse_convex", """
        title: "False: the negated MSE is convex in w"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "convex(-f, w)"
    """),
    # n = l = 1, X = 1, y = 0: f = w^2/2; at w = -1, 1 it is 1/2, at the midpoint 0 it is 0 < 1/2.
    _variant("linreg_mse_concave", """
        title: "False: the MSE is concave in w"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        define:
          f: "sum((X.T @ w - y)**2) / (2*l)"
        claim: "concave(f, w)"
    """),
    # Missing condition c > 0: c = -1, X = 1, y = 0 gives -w^2/2 (concave); c = 0 divides by zero.
    _variant("linreg_mse_convex_any_scale", """
        title: "False: ||X^T w - y||^2 / (2c) is convex in w for every real c"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
          c: scalar
        claim: "convex(sum((X.T @ w - y)**2) / (2*c), w)"
    """),
    # Cubed residuals: n = l = 1, X = 1, y = 0 gives w^3, and w^3 is concave for w < 0
    # (f(-1) = -1 > (f(-2) + f(0)) / 2 = -4).
    _variant("linreg_cubed_residuals_convex", """
        title: "False: the mean cubed residual is convex in w"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          w: vector[n]
          y: vector[l]
        claim: "convex(sum((X.T @ w - y)**3) / l, w)"
    """),
    # ------------------------------------------------------------------ linear regression: psd
    # n = l = 1, X = 1: -X X^T / l = -1 < 0.
    _variant("gram_negated_psd", """
        title: "False: -X X^T / l is positive semidefinite"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
        claim: "psd(-X @ X.T / l)"
    """),
    # X = 0: X X^T - I = -I.
    _variant("gram_minus_identity_psd", """
        title: "False: X X^T - I is positive semidefinite"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
        claim: "psd(X @ X.T - eye(n))"
    """),
    # Strict instead of non-strict: X = 0 (or any n > l) makes X X^T / l singular.
    _variant("gram_pd", """
        title: "False: X X^T / l is positive definite"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
        claim: "pd(X @ X.T / l)"
    """),
    # Missing transpose: n = 2, X = [[0, 1], [-1, 0]] gives X @ X = -I.
    _variant("square_of_matrix_psd", """
        title: "False: X X is positive semidefinite for a square X"
        dims: {n: 1..3}
        symbols:
          X: matrix[n, n]
        claim: "psd(X @ X)"
    """),
    # X = -I: X + X^T = -2I.
    _variant("symmetric_part_psd", """
        title: "False: X + X^T is positive semidefinite"
        dims: {n: 1..3}
        symbols:
          X: matrix[n, n]
        claim: "psd(X + X.T)"
    """),
    # A nonnegative symmetric middle matrix is not psd: n = 2, l = 1, W = [[0, 1], [1, 0]],
    # X = [[1], [-1]] gives X^T W X = -2.
    _variant("congruence_nonnegative_psd", """
        title: "False: X^T W X is positive semidefinite for a nonnegative symmetric W"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          W: nonnegative symmetric matrix[n, n]
        claim: "psd(X.T @ W @ X)"
    """),
    # n = 1, u = 1, v = -1: outer(u, v) = [[-1]]; for n >= 2 it need not even be symmetric.
    _variant("outer_of_two_vectors_psd", """
        title: "False: outer(u, v) is positive semidefinite"
        dims: {n: 1..3}
        symbols:
          u: vector[n]
          v: vector[n]
        claim: "psd(outer(u, v))"
    """),
    # Missing condition c > 0: c = -1, X = 1 gives [[-1]].
    _variant("gram_over_nonzero_scalar_psd", """
        title: "False: X X^T / c is positive semidefinite for every nonzero c"
        dims: {n: 1..3, l: 1..3}
        symbols:
          X: matrix[n, l]
          c: nonzero
        claim: "psd(X @ X.T / c)"
    """),
    # ------------------------------------------------------------------ LDA scale invariance
    # Missing condition k != 0: at k = 0 the left side is 0/0.
    _variant("lda_k_any_real", """
        title: "False: J(k w) = J(w) for every real k"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: pd matrix[n, n]
          w: vector[n]
          k: scalar
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
        given:
          - "norm(w) > 0"
        claim: "J(k*w) == J(w)"
    """),
    # Missing condition w != 0: at w = 0 both sides are 0/0.
    _variant("lda_w_may_be_zero", """
        title: "False: J(k w) = J(w) without w != 0"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: pd matrix[n, n]
          w: vector[n]
          k: nonzero
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
        claim: "J(k*w) == J(w)"
    """),
    # Sw psd instead of pd: Sw = 0 makes both denominators 0.
    _variant("lda_sw_only_psd", """
        title: "False: J(k w) = J(w) with Sw only positive semidefinite"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: psd matrix[n, n]
          w: vector[n]
          k: nonzero
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
        given:
          - "norm(w) > 0"
        claim: "J(k*w) == J(w)"
    """),
    # Sw only symmetric: n = 1, Sw = 0 (or n = 2, Sw = diag(1, -1), w = (1, 1)) makes w^T Sw w = 0.
    _variant("lda_sw_only_symmetric", """
        title: "False: J(k w) = J(w) with Sw only symmetric"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: symmetric matrix[n, n]
          w: vector[n]
          k: nonzero
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
        given:
          - "norm(w) > 0"
        claim: "J(k*w) == J(w)"
    """),
    # Wrong factor: n = 1, Sb = Sw = 1, w = 1, k = 2: J(2w) = 1 but k^2 J(w) = 4.
    _variant("lda_k_squared_factor", """
        title: "False: J(k w) = k^2 J(w)"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: pd matrix[n, n]
          w: vector[n]
          k: nonzero
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
        given:
          - "norm(w) > 0"
        claim: "J(k*w) == k**2 * J(w)"
    """),
    # k nonzero does not make k + 1 nonzero: at k = -1 the left side is 0/0.
    _variant("lda_shifted_k", """
        title: "False: J((k + 1) w) = J(w) for every nonzero k"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: pd matrix[n, n]
          w: vector[n]
          k: nonzero
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
        given:
          - "norm(w) > 0"
        claim: "J((k + 1)*w) == J(w)"
    """),
    # Typo w for u in the denominator: J(k w) = k J(w); n = 1, Sb = Sw = 1, w = 1, k = 2: 2 != 1.
    _variant("lda_denominator_typo", """
        title: "False: J(k w) = J(w) with J(u) = u'Sb u / (u'Sw w)"
        dims: {n: 1..3}
        symbols:
          Sb: psd matrix[n, n]
          Sw: pd matrix[n, n]
          w: vector[n]
          k: nonzero
        define:
          J(u): "(u @ Sb @ u) / (u @ Sw @ w)"
        given:
          - "norm(w) > 0"
        claim: "J(k*w) == J(w)"
    """),
    # ------------------------------------------------------------------ graph Laplacian psd
    # n = 2, W = [[0, 1], [1, 0]]: eigenvalues 1 and -1.
    _variant("adjacency_psd", """
        title: "False: a nonnegative symmetric weight matrix W is positive semidefinite"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        claim: "psd(W)"
    """),
    # W symmetric but not nonnegative: n = 2, W = [[0, -1], [-1, 0]]: D = -I,
    # L = [[-1, 1], [1, -1]], f = (1, -1): f^T L f = -4.
    _variant("laplacian_psd_signed_weights", """
        title: "False: the Laplacian of a symmetric (possibly negative) W is psd"
        dims: {n: 1..3}
        symbols:
          W: symmetric matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "psd(L)"
    """),
    # W not symmetric: n = 2, W = [[0, 1], [0, 0]] gives L = [[1, -1], [0, 0]], not symmetric.
    _variant("laplacian_psd_directed", """
        title: "False: the Laplacian of a nonnegative (not symmetric) W is psd"
        dims: {n: 1..3}
        symbols:
          W: nonnegative matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "psd(L)"
    """),
    # Strict instead of non-strict: L @ ones(n) = 0, so f = ones(n) gives f^T L f = 0.
    _variant("laplacian_pd", """
        title: "False: the graph Laplacian is positive definite"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "pd(L)"
    """),
    # Flipped sign: n = 2, W = [[0, 1], [1, 0]]: W - D = [[-1, 1], [1, -1]], f = (1, -1) gives -4.
    _variant("laplacian_flipped_psd", """
        title: "False: W - D is positive semidefinite"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
        claim: "psd(W - D)"
    """),
    # Wrong factor: n = 2, W = [[0, 1], [1, 0]]: D - 2W = [[1, -2], [-2, 1]], f = (1, 1) gives -2.
    _variant("laplacian_double_weights_psd", """
        title: "False: D - 2 W is positive semidefinite"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
        claim: "psd(D - 2 * W)"
    """),
    # W = 0: L - I = -I.
    _variant("laplacian_minus_identity_psd", """
        title: "False: L - I is positive semidefinite"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "psd(L - eye(n))"
    """),
    # A graph with an edge can still have an isolated vertex: n = 2, W = [[1, 0], [0, 0]]
    # (norm(W) = 1 > 0) gives D = diag(1, 0), which is singular.
    _variant("degree_matrix_pd", """
        title: "False: the degree matrix of a nonzero weight matrix is positive definite"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        define:
          D: "diag(sum(W, axis=1))"
        given:
          - "norm(W) > 0"
        claim: "pd(D)"
    """),
    # Same counterexample: W = [[1, 0], [0, 0]] has degrees (1, 0); the second is not > 0.
    _variant("degrees_positive", """
        title: "False: every degree of a nonzero nonnegative weight matrix is positive"
        dims: {n: 1..3}
        symbols:
          W: nonnegative matrix[n, n]
        given:
          - "norm(W) > 0"
        claim: "sum(W, axis=1) > 0"
    """),
    # Same counterexample with column means: W = [[1, 0], [0, 0]] has column means (1/2, 0).
    _variant("mean_degrees_positive", """
        title: "False: every column mean of a nonzero nonnegative weight matrix is positive"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
        given:
          - "norm(W) > 0"
        claim: "mean(W, axis=0) > 0"
    """),
    # ------------------------------------------------------------------ Laplacian quadratic form
    # Strict instead of non-strict: f = 0 (or f = ones(n)) gives f^T L f = 0.
    _variant("laplacian_form_strict", """
        title: "False: the Laplacian quadratic form is positive"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f > 0"
    """),
    # Flipped sign L = D + W: n = 1, W = [[1]], f = (1): f^T (D + W) f = 2, the right side is 0.
    _variant("laplacian_form_identity_signless", """
        title: "False: f^T (D + W) f = sum W_ij (f_i - f_j)^2 / 2"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D + W"
        claim: "f @ L @ f == sum(W * (f[:, None] - f[None, :])**2) / 2"
    """),
    # W not symmetric: n = 2, W = [[0, 1], [0, 0]], f = (1, 0): the left side is 1, the right 1/2.
    _variant("laplacian_form_identity_directed", """
        title: "False: f^T L f = sum W_ij (f_i - f_j)^2 / 2 for a nonsymmetric W"
        dims: {n: 1..3}
        symbols:
          W: nonnegative matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f == sum(W * (f[:, None] - f[None, :])**2) / 2"
    """),
    # Wrong step (line 2, the /2 is missing): n = 2, W = [[0, 1], [1, 0]], f = (1, 0):
    # f^T L f = 1 but sum W_ij (f_i - f_j)^2 = 2.
    _variant("laplacian_chain_missing_half", """
        title: "Wrong proof: the expansion of f^T L f without the 1/2"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2)
          >= 0
    """),
    # Wrong step (line 3, `>= 1`): f = 0 makes the previous line 0.
    _variant("laplacian_chain_at_least_one", """
        title: "Wrong proof: a step claims the quadratic form is at least 1"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          >= 1
          >= 0
    """),
    # Wrong step (line 2, + instead of -): n = 1, W = [[1]], f = (1): f^T L f = 0 but the
    # right side is (1 + 1)^2 / 2 = 2.
    _variant("laplacian_chain_sum_not_difference", """
        title: "Wrong proof: the expansion of f^T L f with (f_i + f_j)^2"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] + f[None, :])**2) / 2
          >= 0
    """),
    # W symmetric but not nonnegative: the step `>= 0` (line 3) fails, and so does the claim:
    # n = 2, W = [[0, -1], [-1, 0]], f = (1, -1): sum W_ij (f_i - f_j)^2 / 2 = -4.
    _variant("laplacian_chain_signed_weights", """
        title: "Wrong proof: the Laplacian quadratic form chain for a signed W"
        dims: {n: 1..3}
        symbols:
          W: symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          >= 0
    """),
    # W nonnegative but not symmetric: the expansion (line 2) fails, and so does the claim:
    # n = 2, W = [[0, 1], [0, 0]], f = (1, 2): f^T L f = 1 - 2 = -1.
    _variant("laplacian_chain_directed", """
        title: "Wrong proof: the Laplacian quadratic form chain for a nonsymmetric W"
        dims: {n: 1..3}
        symbols:
          W: nonnegative matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          >= 0
    """),
    # Wrong strict step (line 3, `> 0`) and a false strict claim: f = 0 gives 0 > 0.
    _variant("laplacian_chain_strict", """
        title: "Wrong proof: the Laplacian quadratic form is positive"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f > 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          > 0
    """),
    # With L = D + W the claim f^T L f >= 0 happens to be true (signless Laplacian), but the
    # expansion (line 2) is wrong: n = 1, W = [[1]], f = (1): 2 on the left, 0 on the right.
    _variant("laplacian_chain_signless_expansion", """
        title: "Wrong proof: the difference expansion used for D + W"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D + W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          >= 0
    """),
    # Wrong step (line 3): S / 2 >= S fails whenever S = sum W_ij (f_i - f_j)^2 > 0:
    # n = 2, W = [[0, 1], [1, 0]], f = (1, 0): 1 >= 2 is false.
    _variant("laplacian_chain_half_at_least_whole", """
        title: "Wrong proof: half the weighted sum of squares is at least the whole"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          >= sum(W * (f[:, None] - f[None, :])**2)
          >= 0
    """),
    # n = 1, W = [[1]] gives L = 0 (affine, fine), but n = 2, W = [[0, 1], [1, 0]]: along f = t (1, -1)
    # the function is -4 t^2, which is strictly concave (at t = -1, 1 it is -4, at t = 0 it is 0).
    _variant("laplacian_form_negated_convex", """
        title: "False: -f^T L f is convex in f"
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          D: "diag(sum(W, axis=1))"
          L: "D - W"
        claim: "convex(-(f @ L @ f), f)"
    """),
    # ------------------------------------------------------------------ momentum
    # eta = mu = 1, g1 = g3 = 0, g2 = 1: v3 = -1, the right side is +1.
    _variant("momentum_sign_flipped", """
        title: "False: v3 = -eta (mu^2 g1 - mu g2 + g3)"
        dims: {n: 1..3}
        symbols:
          eta: scalar
          mu: scalar
          g1: vector[n]
          g2: vector[n]
          g3: vector[n]
        define:
          v1: "-eta * g1"
          v2: "mu * v1 - eta * g2"
          v3: "mu * v2 - eta * g3"
        claim: "v3 == -eta * (mu**2 * g1 - mu * g2 + g3)"
    """),
    # Wrong exponent: eta = 1, mu = 2, g1 = 1, g2 = g3 = 0: v3 = -4, the right side is -8.
    _variant("momentum_mu_cubed", """
        title: "False: v3 = -eta (mu^3 g1 + mu g2 + g3)"
        dims: {n: 1..3}
        symbols:
          eta: scalar
          mu: scalar
          g1: vector[n]
          g2: vector[n]
          g3: vector[n]
        define:
          v1: "-eta * g1"
          v2: "mu * v1 - eta * g2"
          v3: "mu * v2 - eta * g3"
        claim: "v3 == -eta * (mu**3 * g1 + mu * g2 + g3)"
    """),
    # Dropped term: eta = mu = 1, g2 = 1, g1 = g3 = 0: v3 = -1, the right side is 0.
    _variant("momentum_dropped_g2", """
        title: "False: v3 = -eta (mu^2 g1 + g3)"
        dims: {n: 1..3}
        symbols:
          eta: scalar
          mu: scalar
          g1: vector[n]
          g2: vector[n]
          g3: vector[n]
        define:
          v1: "-eta * g1"
          v2: "mu * v1 - eta * g2"
          v3: "mu * v2 - eta * g3"
        claim: "v3 == -eta * (mu**2 * g1 + g3)"
    """),
    # Overall sign: eta = 1, g3 = 1, g1 = g2 = 0: v3 = -1, the right side is +1.
    _variant("momentum_overall_sign", """
        title: "False: v3 = eta (mu^2 g1 + mu g2 + g3)"
        dims: {n: 1..3}
        symbols:
          eta: scalar
          mu: scalar
          g1: vector[n]
          g2: vector[n]
          g3: vector[n]
        define:
          v1: "-eta * g1"
          v2: "mu * v1 - eta * g2"
          v3: "mu * v2 - eta * g3"
        claim: "v3 == eta * (mu**2 * g1 + mu * g2 + g3)"
    """),
    # Wrong update rule v2 = mu v1 + eta g2: eta = mu = 1, g2 = 1, g1 = g3 = 0: v3 = 1, claimed -1.
    _variant("momentum_wrong_update", """
        title: "False: v3 = -eta (mu^2 g1 + mu g2 + g3) with a sign slip in the second update"
        dims: {n: 1..3}
        symbols:
          eta: scalar
          mu: scalar
          g1: vector[n]
          g2: vector[n]
          g3: vector[n]
        define:
          v1: "-eta * g1"
          v2: "mu * v1 + eta * g2"
          v3: "mu * v2 - eta * g3"
        claim: "v3 == -eta * (mu**2 * g1 + mu * g2 + g3)"
    """),
    # Dropped factor eta: eta = 2, g3 = 1, g1 = g2 = 0: v3 = -2, the right side is -1.
    _variant("momentum_missing_eta", """
        title: "False: v3 = -(mu^2 g1 + mu g2 + g3)"
        dims: {n: 1..3}
        symbols:
          eta: scalar
          mu: scalar
          g1: vector[n]
          g2: vector[n]
          g3: vector[n]
        define:
          v1: "-eta * g1"
          v2: "mu * v1 - eta * g2"
          v3: "mu * v2 - eta * g3"
        claim: "v3 == -(mu**2 * g1 + mu * g2 + g3)"
    """),
    # ------------------------------------------------------------------ regression-tree splits
    # (n - k) replaced by n: n = 2, k = 1, y = (0, 1): the left side is 0, the right 1 - 0 - 1/2.
    _variant("tree_sse_n_instead_of_n_minus_k", """
        title: "False: the split squared error with n instead of n - k"
        dims:
          n: 2..6
          k: 1..n-1
        symbols:
          y: vector[n]
        define:
          sse(v): "sum((v - mean(v))**2)"
        claim: "sse(y[:k]) + sse(y[k:]) == sum(y**2) - sum(y[:k])**2 / k - sum(y[k:])**2 / n"
    """),
    # Dropped term sum(y^2): n = 2, k = 1, y = (1, 0): the left side is 0, the right -1.
    _variant("tree_sse_dropped_sum_of_squares", """
        title: "False: the split squared error without sum(y^2)"
        dims:
          n: 2..6
          k: 1..n-1
        symbols:
          y: vector[n]
        define:
          sse(v): "sum((v - mean(v))**2)"
        claim: "sse(y[:k]) + sse(y[k:]) == -sum(y[:k])**2 / k - sum(y[k:])**2 / (n - k)"
    """),
    # Flipped sign: n = 2, k = 1, y = (1, 0): the left side is 0, the right 1 + 1 - 0 = 2.
    _variant("tree_sse_sign_flipped", """
        title: "False: the split squared error with +(sum of left part)^2 / k"
        dims:
          n: 2..6
          k: 1..n-1
        symbols:
          y: vector[n]
        define:
          sse(v): "sum((v - mean(v))**2)"
        claim: "sse(y[:k]) + sse(y[k:]) == sum(y**2) + sum(y[:k])**2 / k - sum(y[k:])**2 / (n - k)"
    """),
    # Division by zero: at k = 1 the denominator k - 1 is 0 (and for k >= 2 the value is wrong).
    _variant("tree_sse_k_minus_one", """
        title: "False: the split squared error with k - 1 in a denominator"
        dims:
          n: 2..6
          k: 1..n-1
        symbols:
          y: vector[n]
        define:
          sse(v): "sum((v - mean(v))**2)"
        claim: "sse(y[:k]) + sse(y[k:]) == sum(y**2) - sum(y[:k])**2 / (k - 1) - sum(y[k:])**2 / (n - k)"
    """),
    # Sign of the score difference flipped: n = 3, k = 1, m = 2, y = (1, 0, 0):
    # err_1 - err_2 = 0 - 1/2 = -1/2 but score_1 - score_2 = 1 - 1/2 = 1/2.
    _variant("tree_score_sign_flipped", """
        title: "False: err(k) - err(m) = score(k) - score(m)"
        dims:
          n: 2..6
          k: 1..n-1
          m: 1..n-1
        symbols:
          y: vector[n]
        define:
          sse(v): "sum((v - mean(v))**2)"
          err_k: "sse(y[:k]) + sse(y[k:])"
          err_m: "sse(y[:m]) + sse(y[m:])"
          score_k: "sum(y[:k])**2 / k + sum(y[k:])**2 / (n - k)"
          score_m: "sum(y[:m])**2 / m + sum(y[m:])**2 / (n - m)"
        claim: "err_k - err_m == score_k - score_m"
    """),
    # Score with (n - k) replaced by n: n = 3, k = 1, m = 2, y = (0, 0, 1): err_1 - err_2 = 1/2 - 0
    # = 1/2, score_2 - score_1 = (0 + 1/3) - (0 + 1/3) = 0.
    _variant("tree_score_n_instead_of_n_minus_k", """
        title: "False: the split score with n instead of n - k"
        dims:
          n: 2..6
          k: 1..n-1
          m: 1..n-1
        symbols:
          y: vector[n]
        define:
          sse(v): "sum((v - mean(v))**2)"
          err_k: "sse(y[:k]) + sse(y[k:])"
          err_m: "sse(y[:m]) + sse(y[m:])"
          score_k: "sum(y[:k])**2 / k + sum(y[k:])**2 / n"
          score_m: "sum(y[:m])**2 / m + sum(y[m:])**2 / n"
        claim: "err_k - err_m == score_m - score_k"
    """),
    # ------------------------------------------------------------------ gradient step on a x^2 / 2
    # s in [-1, 1]: a = 1, x = 1, s = -1: eta = -2, the step goes to 3 and f rises from 1/2 to 9/2.
    _variant("gradient_step_s_negative", """
        title: "False: a gradient step with eta = 2s/a, s in [-1, 1], does not increase a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: {domain: [-1, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # s in [0, 2]: a = 1, x = 1, s = 2: the step goes to -3 and f rises from 1/2 to 9/2.
    _variant("gradient_step_s_up_to_2", """
        title: "False: a gradient step with eta = 2s/a, s in [0, 2], does not increase a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: {domain: [0, 2]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # s unbounded above: a = 1, x = 1, s = 3: the step goes to -5.
    _variant("gradient_step_s_nonnegative", """
        title: "False: a gradient step with eta = 2s/a, s >= 0, does not increase a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: nonnegative
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # Wrong factor eta = 4s/a: a = 1, x = 1, s = 1: the step goes to -3.
    _variant("gradient_step_eta_4s", """
        title: "False: a gradient step with eta = 4s/a, s in [0, 1], does not increase a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "4 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # Dropped 1/a: a = 3, x = 1, s = 1: eta = 2, the step goes to 1 - 6 = -5 and f rises 3/2 -> 75/2.
    _variant("gradient_step_eta_without_a", """
        title: "False: a gradient step with eta = 2s, s in [0, 1], does not increase a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # a real instead of positive: a = 0 divides by zero; a = -1, s = 1/2, x = 1: f rises -1/2 -> 0.
    _variant("gradient_step_a_real", """
        title: "False: the gradient step bound for any real curvature a"
        symbols:
          a: scalar
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # a nonnegative instead of positive: a = 0 makes eta = 2s/0 undefined.
    _variant("gradient_step_a_nonnegative", """
        title: "False: the gradient step bound for a >= 0"
        symbols:
          a: nonnegative
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # Flipped step direction: a = 1, x = 1, s = 1: x + eta f'(x) = 3, f rises 1/2 -> 9/2.
    _variant("gradient_step_ascent", """
        title: "False: a step along +f'(x) does not increase a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x + eta * diff(f(x), x)) <= f(x)"
    """),
    # Strict instead of non-strict: x = 0 (or s = 0, or s = 1) gives equality.
    _variant("gradient_step_strict", """
        title: "False: a gradient step with eta = 2s/a, s in [0, 1], strictly decreases a x^2 / 2"
        symbols:
          a: positive
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**2 / 2"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) < f(x)"
    """),
    # Wrong exponent f = a x^4 / 4: a = 1, x = 2, s = 1: the step goes to 2 - 2 * 8 = -14,
    # and f rises from 4 to 14^4 / 4.
    _variant("gradient_step_quartic", """
        title: "False: a gradient step with eta = 2s/a, s in [0, 1], does not increase a x^4 / 4"
        symbols:
          a: positive
          x: scalar
          s: {domain: [0, 1]}
        define:
          f(u): "a * u**4 / 4"
          eta: "2 * s / a"
        claim: "f(x - eta * diff(f(x), x)) <= f(x)"
    """),
    # ------------------------------------------------------------------ L1 / L2 regularizers
    # Missing condition w != 0: |w_i| has no derivative at w_i = 0 (n = 1, w = 0).
    _variant("l1_gradient_at_zero", """
        title: "False: the gradient of ||w||_1 is sign(w) for every real w"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "grad(norm(w, 1), w) == sign(w)"
    """),
    # Flipped sign: n = 1, w = 1: the gradient is 1, the right side -1.
    _variant("l1_gradient_sign_flipped", """
        title: "False: the gradient of ||w||_1 is -sign(w)"
        dims: {n: 1..3}
        symbols:
          w: nonzero vector[n]
        claim: "grad(norm(w, 1), w) == -sign(w)"
    """),
    # n = 1, w = -1: the gradient is -1, the right side 1.
    _variant("l1_gradient_ones", """
        title: "False: the gradient of ||w||_1 is the all-ones vector"
        dims: {n: 1..3}
        symbols:
          w: nonzero vector[n]
        claim: "grad(norm(w, 1), w) == ones(n)"
    """),
    # Missing condition w != 0: norm(w) has no gradient at 0, and w / norm(w) is 0/0 there.
    _variant("l2_norm_gradient_at_zero", """
        title: "False: the gradient of ||w|| is w / ||w|| for every w"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "grad(norm(w), w) == w / norm(w)"
    """),
    # Wrong factor: n = 1, w = 1: the gradient is 1, the right side 2.
    _variant("l2_gradient_factor_2", """
        title: "False: the gradient of ||w||^2 / 2 is 2 w"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "grad(norm(w)**2 / 2, w) == 2 * w"
    """),
    # Dropped 1/2: n = 1, w = 1: the gradient of ||w||^2 is 2, the right side 1.
    _variant("l2_gradient_without_half", """
        title: "False: the gradient of ||w||^2 is w"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "grad(norm(w)**2, w) == w"
    """),
    # Wrong exponent (norm not squared): not differentiable at w = 0; n = 1, w = 2: 1/2 vs 2.
    _variant("l2_unsquared_gradient", """
        title: "False: the gradient of ||w|| / 2 is w"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "grad(norm(w) / 2, w) == w"
    """),
    # Concave: n = 1, -w^2/2 at w = -1, 1 is -1/2, at the midpoint 0 it is 0 > -1/2.
    _variant("l2_negated_convex", """
        title: "False: -||w||^2 / 2 is convex"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(-norm(w)**2 / 2, w)"
    """),
    # n = 2: g(w) = ||w||_2 - ||w||_1 has g(1, 1) = g(1, -1) = sqrt(2) - 2 but g(1, 0) = 0 at the
    # midpoint, above the chord.
    _variant("l2_minus_l1_convex", """
        title: "False: ||w||_2 - ||w||_1 is convex"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(norm(w) - norm(w, 1), w)"
    """),
    # n = 1: |w| - w^2 is -2 at w = -2 and w = 2 but 0 at the midpoint 0.
    _variant("l1_minus_l2_squared_convex", """
        title: "False: ||w||_1 - ||w||^2 is convex"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(norm(w, 1) - norm(w)**2, w)"
    """),
    # n = 1: |w| is 1 at w = -1 and w = 1 but 0 at the midpoint, below the chord.
    _variant("l1_concave", """
        title: "False: ||w||_1 is concave"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "concave(norm(w, 1), w)"
    """),
    # n = 1: w^3 at -2, 0 is -8, 0; at the midpoint -1 it is -1 > -4.
    _variant("sum_of_cubes_convex", """
        title: "False: sum(w^3) is convex for real w"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(sum(w**3), w)"
    """),
    # n = 1: -w^2 is strictly concave.
    _variant("negated_sum_of_squares_convex", """
        title: "False: -sum(w^2) is convex"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(-sum(w**2), w)"
    """),
    # n = 1: sqrt|w| at 0, 1 is 0, 1; at the midpoint 1/2 it is 0.707 > 1/2.
    _variant("sqrt_of_norm_convex", """
        title: "False: sqrt(||w||) is convex"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(sqrt(norm(w)), w)"
    """),
    # ------------------------------------------------------------------ weight decay
    # Wrong factor: lam = 1, n = 1, w = 1: the gradient is 1, the right side 2.
    _variant("weight_decay_factor_2", """
        title: "False: the gradient of (lam/2) ||w||^2 is 2 lam w"
        dims: {n: 1..3}
        symbols:
          lam: nonnegative
          w: vector[n]
        claim: "grad(lam / 2 * norm(w)**2, w) == 2 * lam * w"
    """),
    # Dropped 1/2 in the penalty: lam = 1, w = 1: the gradient of lam ||w||^2 is 2, claimed 1.
    _variant("weight_decay_penalty_without_half", """
        title: "False: the gradient of lam ||w||^2 is lam w"
        dims: {n: 1..3}
        symbols:
          lam: nonnegative
          w: vector[n]
        claim: "grad(lam * norm(w)**2, w) == lam * w"
    """),
    # Flipped sign: lam = 1, w = 1: 1 vs -1.
    _variant("weight_decay_sign_flipped", """
        title: "False: the gradient of (lam/2) ||w||^2 is -lam w"
        dims: {n: 1..3}
        symbols:
          lam: nonnegative
          w: vector[n]
        claim: "grad(lam / 2 * norm(w)**2, w) == -lam * w"
    """),
    # Dropped factor lam: lam = 0, w = 1: the gradient is 0, the right side 1.
    _variant("weight_decay_dropped_lam", """
        title: "False: the gradient of (lam/2) ||w||^2 is w"
        dims: {n: 1..3}
        symbols:
          lam: nonnegative
          w: vector[n]
        claim: "grad(lam / 2 * norm(w)**2, w) == w"
    """),
    # Wrong exponent (norm not squared): lam = 1, n = 1, w = 2: the gradient is 1/2, claimed 2;
    # and at w = 0 there is no gradient at all (for lam > 0).
    _variant("weight_decay_unsquared_norm", """
        title: "False: the gradient of (lam/2) ||w|| is lam w"
        dims: {n: 1..3}
        symbols:
          lam: nonnegative
          w: vector[n]
        claim: "grad(lam / 2 * norm(w), w) == lam * w"
    """),
    # Elastic net without w != 0: ||w||_1 has no gradient at w = 0.
    _variant("elastic_net_gradient_at_zero", """
        title: "False: the gradient of (lam/2) ||w||^2 + ||w||_1 is lam w + sign(w) for every w"
        dims: {n: 1..3}
        symbols:
          lam: nonnegative
          w: vector[n]
        claim: "grad(lam / 2 * norm(w)**2 + norm(w, 1), w) == lam * w + sign(w)"
    """),
    # ------------------------------------------------------------------ scalar curvature
    # f''(0) = -2 < 0: exp(-x^2) is concave near 0.
    _variant("gaussian_convex", """
        title: "False: exp(-x^2) is convex"
        symbols:
          x: scalar
        claim: "convex(exp(-x**2), x)"
    """),
    # sqrt is concave: sqrt at 1, 9 is 1, 3; at the midpoint 5 it is 2.236 > 2.
    _variant("sqrt_convex", """
        title: "False: sqrt(x) is convex on x > 0"
        symbols:
          x: positive
        claim: "convex(sqrt(x), x)"
    """),
    # x^2 at -1, 1 is 1; at the midpoint 0 it is 0 < 1.
    _variant("square_concave", """
        title: "False: x^2 is concave"
        symbols:
          x: scalar
        claim: "concave(x**2, x)"
    """),
    # log is concave: log at 1, e^2 is 0, 2; at the midpoint (1 + e^2)/2 ~ 4.19 it is 1.43 > 1.
    _variant("log_convex", """
        title: "False: log(x) is convex on x > 0"
        symbols:
          x: positive
        claim: "convex(log(x), x)"
    """),
    # 1/x is concave for x < 0: at -1, -3 it is -1, -1/3; at the midpoint -2 it is -1/2 > -2/3.
    _variant("reciprocal_convex_on_negatives", """
        title: "False: 1/x is convex on x < 0"
        symbols:
          x: negative
        claim: "convex(1/x, x)"
    """),
    # Missing condition a >= 0: a = -1 gives -x^2.
    _variant("scaled_square_convex_any_a", """
        title: "False: a x^2 is convex in x for every real a"
        symbols:
          a: scalar
          x: scalar
        claim: "convex(a * x**2, x)"
    """),
    # f''(0) = -6 < 0: x^4 - 3x^2 at -1, 1 is -2, at the midpoint 0 it is 0 > -2.
    _variant("double_well_convex", """
        title: "False: x^4 - 3 x^2 is convex"
        symbols:
          x: scalar
        claim: "convex(x**4 - 3*x**2, x)"
    """),
    # sigmoid is concave for x > 0: at 0, 4 it is 0.5, 0.982; at 2 it is 0.881 > 0.741.
    _variant("sigmoid_convex", """
        title: "False: sigmoid(x) is convex"
        symbols:
          x: scalar
        claim: "convex(sigmoid(x), x)"
    """),
    # x^3 on [-1, 1]: at -1, 0 it is -1, 0; at the midpoint -1/2 it is -1/8 > -1/2.
    _variant("cube_convex_on_interval", """
        title: "False: x^3 is convex on [-1, 1]"
        symbols:
          x: {domain: [-1, 1]}
        claim: "convex(x**3, x)"
    """),
    # n = 2: min(w) at (1, 0) and (0, 1) is 0, at the midpoint (1/2, 1/2) it is 1/2 > 0.
    _variant("min_convex", """
        title: "False: min(w) is convex"
        dims: {n: 1..3}
        symbols:
          w: vector[n]
        claim: "convex(min(w), w)"
    """),
]


def _load(tmp_path: Path, text: str, name: str = "variant.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check_paths([str(path)])
    assert not report.errors and len(report.claims) == 1, (
        "the variant must load cleanly, or it is rejected instead of checked:\n"
        + "\n".join(str(d) for d in report.diagnostics)
    )
    return report.claims[0]


def test_there_are_enough_variants():
    assert len(VARIANTS) >= 40


@pytest.mark.parametrize("text", VARIANTS)
def test_false_variant_is_not_proved(tmp_path, text):
    claim = _load(tmp_path, text)
    result = prove(claim, deadline=time.monotonic() + TIMEOUT)
    assert result.status != "proved", (
        f"SOUNDNESS BUG: a false claim was proved by {result.method} ({result.scope})\n"
        + "\n".join(result.certificate)
    )


TRUE_CLAIMS = sorted(
    p for p in (ROOT / "claims").glob("*.y*ml")
    if (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("expect", True) is not False
)


def test_the_course_has_true_claims():
    assert len(TRUE_CLAIMS) >= 10


@pytest.mark.parametrize("path", TRUE_CLAIMS, ids=[p.stem for p in TRUE_CLAIMS])
def test_true_course_claim_is_proved(path):
    report = check_paths([str(path)])
    assert not report.errors, [str(d) for d in report.diagnostics]
    (claim,) = report.claims
    assert claim.expect
    result = prove(claim)
    assert result.status == "proved", result.message


@pytest.mark.parametrize("text", VARIANTS)
def test_false_variant_is_falsified_by_the_numeric_engine_alone(tmp_path, text):
    from proofcheck.numeric.engine import falsify

    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_paths([str(path)])
    assert not report.errors, [str(d) for d in report.errors]
    result = falsify(report.claims[0], deadline=time.monotonic() + TIMEOUT)
    assert result.status == "falsified", (result.status, result.message)
    example = result.counterexample
    assert example["seed"] == 0 and "values" in example and "dims" in example


def _unbounded(text: str) -> str:
    """The variant stated for every size: `n: 1..3` becomes `n: 1..`, `n: 2..6` becomes `n: 2..`."""
    import re

    return re.sub(r"\b([nl]): ([12])\.\.[0-9]+\b", r"\1: \2..", text)


UNBOUNDED = [pytest.param(_unbounded(p.values[0]), id=p.id) for p in VARIANTS if _unbounded(p.values[0]) != p.values[0]]


def test_most_variants_have_an_unbounded_form():
    assert len(UNBOUNDED) >= 60


@pytest.mark.parametrize("text", UNBOUNDED)
def test_false_variant_stated_for_every_size_is_not_proved(tmp_path, text):
    """The all-sizes argument (docs/all-sizes.md) must not prove a false identity either."""
    claim = _load(tmp_path, text)
    assert claim.unbounded
    result = prove(claim, deadline=time.monotonic() + TIMEOUT)
    assert result.status != "proved", (
        f"SOUNDNESS BUG: a false claim was proved by {result.method} ({result.scope})\n"
        + "\n".join(result.certificate)
    )
