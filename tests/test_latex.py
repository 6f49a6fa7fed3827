"""LaTeX of claims: valid (every claim of claims/ and of a tricky set converts to
MathML without error or leftover LaTeX) and conventional (x^T A x, operator
names, subscripts), with domains, givens, definitions by name and the proof."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from latex2mathml.converter import convert

from proofcheck.api import check_paths
from proofcheck.reports.latex import name
from proofcheck.reports.statement import claim_tex

ROOT = Path(__file__).resolve().parent.parent

TRICKY = """\
title: every construct
dims: {n: 2..3, c: 1..n}
symbols:
  x: vector[n]
  y: vector[n]
  A: matrix[n, n]
  Sb: psd matrix[n, n]
  W: nonnegative symmetric matrix[n, n]
  D: diagonal matrix[n, n]
  t: {domain: [0, 1]}
  a: positive
  k: nonzero
  x1: scalar
  lam: nonnegative
define:
  sse(v): sum((v - mean(v))**2)
  p: exp(x) / sum(exp(x))
  err_k: sse(x[:c]) + abs(x1)
given: ["0 < t <= 1", "norm(x) != 0"]
claim:
  - "x @ A @ x + x @ y + dot(x, y) == x @ A.T.T @ x + outer(x, y)[0, 1] * 0 + y @ x"
  - "eye(n)[c - 1] @ x == x[c - 1]"
  - "sum(W * (x[:, None] - x[None, :])**2) >= 0"
  - "diag(sum(W, axis=1))[0, 0] + sum(W, axis=0)[0] + trace(inv(Sb + eye(n))) + det(A) >= -1e3 - x1**2"
  - "Sb[0, 1]**2 + (A @ A.T)[0, 0]**2 + sqrt(a) + log(a) + maximum(a, t) + max(x) >= -lam * 2 * 3"
  - "norm(x, 1) + norm(A) + logsumexp(x) + softmax(x)[0] + sigmoid(t) + tanh(t) + sign(k) >= -10 + -x1"
  - "sum(p * log(p / (ones(n) / n))) >= 0.5 * 0"
  - "concat(x, y)[0] + sum(zeros(n)) + prod(x) + min(x) + minimum(t, a) + sin(t) * cos(t) >= -err_k - 100"
  - "grad(x @ A @ x, x) == (A + A.T) @ x"
  - "hessian(sum(x**2), x)[0, 0] + diff(t**3, t) >= 0"
  - "psd(Sb)"
  - "convex(norm(y)**2 / 2, y)"
proof: null
"""

PROOF = """\
title: a proof chain
dims: {n: 1..3}
symbols: {W: "nonnegative symmetric matrix[n, n]", f: "vector[n]"}
define: {D: "diag(sum(W, axis=1))", L: "D - W"}
claim: f @ L @ f >= 0
proof: |
  f @ L @ f
  == sum(W * (f[:, None] - f[None, :])**2) / 2
  >= 0
"""


def _claims(tmp_path, text: str) -> list:
    path = tmp_path / "c.yaml"
    path.write_text(textwrap.dedent(text).replace("proof: null\n", ""))
    report = check_paths([str(path)])
    assert report.ok, [str(d) for d in report.diagnostics]
    return report.claims


def _renders(formula: str) -> None:
    mathml = convert(formula)  # raises on double scripts, unknown groups, unbalanced \left
    assert "\\" not in mathml, (formula, mathml)  # no LaTeX command left unconverted
    assert formula.count("{") - formula.count("\\{") == formula.count("}") - formula.count("\\}"), formula


@pytest.mark.parametrize("claim", check_paths([str(ROOT / "claims")]).claims, ids=lambda c: c.id)
def test_every_course_claim_renders_as_mathml(claim):
    for formula in claim_tex(claim).all():
        _renders(formula)


def test_every_construct_renders_and_reads_as_mathematics(tmp_path):
    [claim] = _claims(tmp_path, TRICKY)
    tex = claim_tex(claim)
    for formula in tex.all():
        _renders(formula)
    goals = tex.goals
    assert goals[0].startswith(r"x^\top A x + x^\top y + x^\top y = x^\top {A^\top}^\top x")  # never A^\top^\top
    assert r"\left(I_{n}\right)_{c - 1}" in goals[1]  # was the invalid I_{n}_{c - 1}
    assert r"W \odot {\left(x - x^\top\right)}^{2}" in goals[2]
    assert r"\operatorname{diag}\left(W \mathbf{1}\right)_{0, 0}" in goals[3] or \
        r"\left(\operatorname{diag}\left(W \mathbf{1}\right)\right)_{0, 0}" in goals[3]
    assert r"\mathbf{1}^\top W" in goals[3] and r"{\left(S_{b} + I_{n}\right)}^{-1}" in goals[3]
    assert r"{\left(S_{b}\right)_{0, 1}}^{2}" in goals[4] and r"-\lambda \cdot 2 \cdot 3" in goals[4]
    assert r"\left\lVert x \right\rVert_{1}" in goals[5]
    assert r"\sum\left(p \odot \log\left(\frac{p}{\frac{\mathbf{1}}{n}}\right)\right) \ge 0.5 \cdot 0" in goals[6]
    assert r"\mathit{err}_{k}" in goals[7]
    assert r"\nabla_{x} \left(x^\top A x\right) = \left(A + A^\top\right) x" in goals[8]
    assert goals[10] == r"S_{b} \succeq 0"
    statement = tex.statement()
    for part in (r"n \in \{2, \dots, 3\}", r"c \in \{1, \dots, n\}", r"S_{b} \in \mathbb{S}^{n}_{+}",
                 r"W \in \mathbb{S}^{n} \cap \mathbb{R}_{\ge 0}^{n \times n}", r"t \in \left[0, 1\right]",
                 r"k \in \mathbb{R} \setminus \{0\}", r"0 < t \le 1,\ \left\lVert x \right\rVert \neq 0 \implies"):
        assert part in statement, part
    assert r"\mathit{sse}\left(v\right) := \sum\left(\left(v - \operatorname{mean}\left(v\right)\right)^{2}\right)" \
        in tex.definitions


def test_a_proof_chain_is_aligned_steps(tmp_path):
    [claim] = _claims(tmp_path, PROOF)
    tex = claim_tex(claim)
    _renders(tex.proof)
    assert tex.proof.startswith(r"\begin{aligned}  & f^\top L f \\ = {} & ")
    assert tex.proof.endswith(r"\\ \ge {} & 0 \end{aligned}")


def test_names_read_as_mathematics():
    assert [name(n) for n in ("Sw", "x1", "x_1", "lam", "alpha2", "err_k", "sse", "df", "loss", "X")] == [
        "S_{w}", "x_{1}", "x_{1}", r"\lambda", r"\alpha_{2}", r"\mathit{err}_{k}", r"\mathit{sse}",
        r"\mathit{df}", r"\mathit{loss}", "X"]

