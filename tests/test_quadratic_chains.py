"""psd(M) and pd(M) by a chain on the quadratic form v @ M @ v (SPEC section 7), with M
shown symmetric; the static rules of such chains; side goals shown for every size."""

from __future__ import annotations

import pytest

from proofcheck.api import check_paths
from proofcheck.gate.verify import Settings, verify_claim
from proofcheck.symbolic.engine import prove
from claimtools import line_of, load

LAPLACIAN = """\
title: t
dims: {n: 1..}
symbols:
  W: nonnegative symmetric matrix[n, n]
  f: vector[n]
define:
  L: "diag(sum(W, axis=1)) - W"
claim: "psd(L)"
proof: |
  f @ L @ f
  == sum(W * (f[:, None] - f[None, :])**2) / 2
  >= 0
"""


def errors(tmp_path, text: str) -> list:
    path = tmp_path / "claim.yaml"
    path.write_text(text, encoding="utf-8")
    return check_paths([str(path)]).errors


def test_the_laplacian_is_psd_for_every_size_by_its_quadratic_form(tmp_path):
    outcome = prove(load(tmp_path, LAPLACIAN.split("\n", 1)[1]))
    assert (outcome.status, outcome.scope) == ("proved", "all sizes"), outcome.message
    assert "symmetric" in outcome.method and "uniform" in outcome.method
    assert any("is symmetric: a difference of symmetric terms" in line for line in outcome.certificate)


def test_pd_by_a_chain_ending_in_a_strict_inequality(tmp_path):
    outcome = prove(load(tmp_path, """
        dims: {n: 1..}
        symbols: {A: "matrix[n, n]", v: "vector[n]"}
        given: ["norm(v) > 0"]
        claim: "pd(A.T @ A + eye(n))"
        proof: |
          v @ (A.T @ A + eye(n)) @ v
          == sum((A @ v)**2) + v @ v
          > 0
    """))
    assert (outcome.status, outcome.scope) == ("proved", "all sizes"), outcome.message


def test_a_nonnegative_quadratic_form_of_a_matrix_that_is_not_symmetric_is_not_psd(tmp_path):
    # v @ (A - A.T + I) @ v = v @ v >= 0, but the matrix is not symmetric: psd is false
    text = """\
        dims: {n: 1..}
        symbols: {A: "matrix[n, n]", v: "vector[n]"}
        claim: "psd(A - A.T + eye(n))"
        proof: |
          v @ (A - A.T + eye(n)) @ v
          == v @ v
          >= 0
    """
    claim = load(tmp_path, text)
    outcome = prove(claim)
    assert outcome.status != "proved"
    assert "symmetric" in outcome.message
    verdict = verify_claim(claim, Settings(samples=2000))
    assert verdict.status == "falsified"


def test_a_wrong_step_in_a_psd_chain_is_reported_at_its_line(tmp_path):
    text = LAPLACIAN.replace("nonnegative symmetric", "nonnegative")
    path = tmp_path / "claim.yaml"
    path.write_text(text)
    (claim,) = check_paths([str(path)]).claims
    outcome = prove(claim)
    assert outcome.status != "proved"
    assert f"line {line_of(text, '== sum(W')}" in outcome.message


@pytest.mark.parametrize("change, fragment, where", [
    (("  f @ L @ f\n", "  f @ W @ f\n"), "starts with the quadratic form", "f @ W @ f"),
    (("f: vector[n]", "f: nonnegative vector[n]"), "must be a real vector symbol", "f @ L @ f"),
    (('L: "diag(sum(W, axis=1)) - W"', 'L: "diag(sum(W, axis=1)) - W + 0 * outer(f, f)"'), "uses `f`", "f @ L @ f"),
    (("  >= 0\n", "  >= -1\n"), "ends with `0`", ">= -1"),
    (('claim: "psd(L)"', 'given: ["f @ f <= 1"]\nclaim: "psd(L)"'), "restricts `f`", "given"),
    (('claim: "psd(L)"', 'claim: "pd(L)"'), "pd(M) needs `> 0`", "proof: |"),
])
def test_the_static_rules_of_a_quadratic_form_chain(tmp_path, change, fragment, where):
    text = LAPLACIAN.replace(*change)
    (error,) = errors(tmp_path, text)
    assert fragment in error.message, error.message
    assert error.line == line_of(text, where)


def test_pd_needs_exactly_the_given_that_v_is_nonzero(tmp_path):
    text = LAPLACIAN.replace('claim: "psd(L)"', 'claim: "pd(L + eye(n))"').replace(
        "  f @ L @ f\n  == sum(W * (f[:, None] - f[None, :])**2) / 2\n  >= 0\n",
        "  f @ (L + eye(n)) @ f\n  == sum(W * (f[:, None] - f[None, :])**2) / 2 + f @ f\n  > 0\n")
    (error,) = errors(tmp_path, text)
    assert "needs `given: norm(f) > 0`" in error.message
    fixed = text.replace('claim: "pd', 'given: ["norm(f) > 0"]\nclaim: "pd')
    assert not errors(tmp_path, fixed)
    outcome = prove(check_paths([str(tmp_path / "claim.yaml")]).claims[0])
    assert (outcome.status, outcome.scope) == ("proved", "all sizes"), outcome.message


LDA = """\
dims: {n: 1..}
symbols: {Sb: "psd matrix[n, n]", Sw: "pd matrix[n, n]", w: "vector[n]", k: nonzero}
define:
  J(u): "(u @ Sb @ u) / (u @ Sw @ u)"
claim: "J(k*w) == J(w)"
"""


def test_the_side_goals_of_lda_are_shown_for_every_size(tmp_path):
    outcome = prove(load(tmp_path, LDA + 'given: ["norm(w) > 0"]\n'))
    assert (outcome.status, outcome.scope) == ("proved", "all sizes"), outcome.message
    shown = [line for line in outcome.certificate if line.strip().startswith("defined:")]
    assert len(shown) == 2 and all("positive definite quadratic form of a nonzero vector" in s for s in shown)


def test_without_the_nonzero_vector_the_lda_identity_is_not_proved(tmp_path):
    outcome = prove(load(tmp_path, LDA))
    assert outcome.status != "proved"
