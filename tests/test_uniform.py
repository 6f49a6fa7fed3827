"""The all-sizes argument (docs/all-sizes.md): true uniform identities are proved for
every size; identities that hold for small sizes only (traps) never are, and the
numeric engine falsifies them; constructs outside the argument fall back."""

from __future__ import annotations

import re

import pytest

from proofcheck.language import ir
from proofcheck.numeric.engine import falsify
from proofcheck.symbolic.engine import prove
from proofcheck.symbolic.uniform import cancel
from claimtools import load

E4 = "sum(x)**4 - 6*sum(x)**2*sum(x**2) + 3*sum(x**2)**2 + 8*sum(x)*sum(x**3) - 6*sum(x**4)"
E5 = ("sum(x)**5 - 10*sum(x)**3*sum(x**2) + 15*sum(x)*sum(x**2)**2 + 20*sum(x)**2*sum(x**3)"
      " - 20*sum(x**2)*sum(x**3) - 30*sum(x)*sum(x**4) + 24*sum(x**5)")
VEC = 'dims: {n: 1..}\nsymbols: {x: "vector[n]"}\n'
MATS = 'dims: {n: 1..}\nsymbols: {A: "matrix[n, n]", B: "matrix[n, n]", C: "matrix[n, n]", D: "matrix[n, n]"}\n'
SPLIT = 'dims: {n: 2.., k: 1..n-1}\nsymbols: {y: "vector[n]"}\n'

# identities that hold for the small sizes only, and the first size where each fails
TRAPS = [
    pytest.param(VEC + 'claim: "sum(x)**2 - sum(x**2) == 0"', 2, id="e2"),
    pytest.param(VEC + 'claim: "sum(x)**3 - 3*sum(x)*sum(x**2) + 2*sum(x**3) == 0"', 3, id="e3"),
    pytest.param(VEC + f'claim: "{E4} == 0"', 4, id="e4"),
    pytest.param(VEC + f'claim: "{E5} == 0"', 5, id="e5"),
    pytest.param(VEC + 'claim: "(n - 1) * (n - 2) * (n - 3) * sum(x) == 0"', 4, id="size-polynomial"),
    pytest.param(VEC + 'claim: "sum(ones(n)) * (sum(ones(n)) - 1) * (sum(ones(n)) - 2) * x == 0 * x"', 3,
                 id="counting"),
    pytest.param(VEC + 'claim: "trace(eye(n))**2 - 3*trace(eye(n)) + 2 == 0 * sum(x)"', 3, id="identity-trace"),
    pytest.param(MATS + 'claim: "trace(A)**3 - 3*trace(A)*trace(A @ A) + 2*trace(A @ A @ A) == 0"', 3,
                 id="eigenvalues-e3"),
    pytest.param(VEC + 'claim: "mean(x)**2 == mean(x**2)"', 2, id="mean"),
    pytest.param(VEC + 'claim: "sum(exp(x))**2 - sum(exp(x)**2) == 0"', 2, id="atoms"),
    pytest.param(VEC + 'claim: "grad(sum(x)**3 - 3*sum(x)*sum(x**2) + 2*sum(x**3), x) == zeros(n)"', 3,
                 id="gradient"),
    pytest.param(SPLIT + 'claim: "(k - 1) * (n - k - 1) * sum(y) == 0"', 4, id="split-point"),
    pytest.param(SPLIT + 'claim: "sum(y[:k])**2 - sum(y[:k]**2) == 0"', 3, id="split-block"),
    pytest.param('dims: {n: 1.., l: 1..}\nsymbols: {x: "vector[n]", z: "vector[l]"}\n'
                 'claim: "(sum(x)**2 - sum(x**2)) * (sum(z)**2 - sum(z**2)) == 0"', 2, id="two-dims"),
]


@pytest.mark.parametrize("body, first", TRAPS)
def test_an_identity_that_holds_for_small_sizes_only_is_never_proved(tmp_path, body, first):
    outcome = prove(load(tmp_path, body))
    assert outcome.status != "proved", "\n".join(outcome.certificate)
    assert outcome.method != "uniform"


@pytest.mark.parametrize("body, first", TRAPS)
def test_the_numeric_engine_falsifies_each_trap_at_or_after_its_first_failing_size(tmp_path, body, first):
    outcome = falsify(load(tmp_path, body + "\nexpect: false\n"))
    assert outcome.status == "falsified", outcome.message
    assert outcome.counterexample["exact"]
    assert max(outcome.counterexample["dims"].values()) >= first - (1 if "k" in body else 0)


# true identities: (body, index variables per dim as the certificate states them)
TRUE = [
    pytest.param(MATS + 'claim: "trace(A @ B @ C @ D) == trace(D @ A @ B @ C)"', "4 index variables",
                 id="trace-cyclic"),
    pytest.param(VEC + 'claim: "sum(x)**5 == sum(outer(x, x))**2 * sum(x)"', "5 index variables", id="fifth-power"),
    pytest.param('dims: {n: 1..}\nsymbols: {x: "vector[n]", y: "vector[n]", z: "vector[n]", A: "matrix[n, n]",'
                 ' B: "matrix[n, n]"}\nclaim: "(x @ A @ y) * (y @ B @ z) * sum(x) == x @ A @ outer(y, y) @ B @ z * sum(x)"',
                 "5 index variables", id="five-indices"),
    pytest.param('dims: {n: 1..}\nsymbols: {x: "vector[n]", A: "matrix[n, n]"}\n'
                 'claim: "grad(x @ A @ x, x) == (A + A.T) @ x"', "3 index variables", id="gradient"),
    pytest.param(VEC + 'claim: "hessian((x @ x)**2, x) == 4 * (x @ x) * eye(n) + 8 * outer(x, x)"',
                 "4 index variables", id="hessian"),
    pytest.param(VEC + 'claim: "sum((x - mean(x))**2) == sum(x**2) - n * mean(x)**2"', "degree", id="mean"),
    pytest.param(SPLIT + 'claim: "sum(y[:k])**2 + sum(y[k:])**2 + 2 * sum(y[:k]) * sum(y[k:]) == sum(y)**2"',
                 "n cut at k into parts", id="split"),
    pytest.param('dims: {n: 1.., l: 1.., m: 1..}\nsymbols: {X: "matrix[n, l]", Y: "matrix[l, m]"}\n'
                 'claim: "sum(X @ Y) == sum(X, axis=0) @ sum(Y, axis=1)"', "uniform in m", id="three-dims"),
    pytest.param('dims: {n: 1.., m: [2, 3]}\nsymbols: {X: "matrix[n, m]", x: "vector[n]"}\n'
                 'claim: "sum(X.T @ x) == sum(x @ X)"', "for each m=[2, 3]", id="fixed-dim"),
    pytest.param(VEC + 'claim: "grad(sum(exp(2 * x)), x) == 2 * exp(2 * x)"', "uniform in n", id="atom-exp"),
    pytest.param(VEC + 'claim: "grad(sum(sin(x)**2 + cos(x)**2), x) == zeros(n)"', "uniform in n", id="atom-trig"),
    pytest.param(VEC + 'given: ["norm(x) > 0"]\nclaim: "sum(x / (x @ x)) * (x @ x) == sum(x)"', "uniform in n",
                 id="quotient"),
    pytest.param(VEC + 'claim: "pi * sum(x) == sum(pi * x)"', "uniform in n", id="pi"),
]


@pytest.mark.parametrize("body, fragment", TRUE)
def test_a_true_uniform_identity_is_proved_for_all_sizes(tmp_path, body, fragment):
    outcome = prove(load(tmp_path, body))
    assert outcome.status == "proved", outcome.message
    assert (outcome.method, outcome.scope) == ("uniform", "all sizes")
    text = "\n".join(outcome.certificate)
    assert fragment in text and "docs/all-sizes.md" in text


def test_the_certificate_states_the_bound_and_the_sizes_checked(tmp_path):
    outcome = prove(load(tmp_path, VEC + 'claim: "mean(x) * n == sum(x)"'))
    line = outcome.certificate[1]
    assert "uniform in n (1 index variable, degree 1 in n): checked exactly at n=1..3 (3 sizes)" in line, line


# true, but outside the argument: per-size checks only, so unproven for unbounded dims
OUTSIDE = [
    ('dims: {n: 2..}\nsymbols: {x: "vector[n]"}\nclaim: "x[0] + sum(x[1:]) == sum(x)"', "fixed index"),
    ('dims: {n: 1..}\nsymbols: {A: "matrix[n, n]"}\nclaim: "det(A.T) == det(A)"', "det"),
    (VEC + 'claim: "prod(x)**2 == prod(x**2)"', "prod"),
    (VEC + 'claim: "max(x + 1) == max(x) + 1"', "max"),
    ('dims: {n: 1..}\nsymbols: {x: "vector[n]", y: "vector[n]"}\n'
     'claim: "concat(x, y) @ concat(x, y) == x @ x + y @ y"', "concat"),
    (VEC + 'claim: "norm(x)**3 == norm(x) * (x @ x)"', "2-norm"),
    ('dims: {n: 1.., l: 1..}\nsymbols: {X: "matrix[n, l]", w: "vector[n]"}\n'
     'claim: "grad(sum(log(1 + exp(X.T @ w))), w) == X @ sigmoid(X.T @ w)"', "atom of a sum"),
]


@pytest.mark.parametrize("body, why", OUTSIDE, ids=[w for _, w in OUTSIDE])
def test_constructs_outside_the_argument_leave_an_unbounded_claim_unproven(tmp_path, body, why):
    outcome = prove(load(tmp_path, body))
    assert outcome.status == "unproven"
    assert outcome.method != "uniform"


def test_bounded_dims_keep_their_per_size_scope(tmp_path):
    outcome = prove(load(tmp_path, 'dims: {n: 1..3}\nsymbols: {x: "vector[n]"}\n'
                                   'claim: "sum(outer(x, x)) == sum(x)**2"'))
    assert (outcome.status, outcome.method, outcome.scope) == ("proved", "ring", "n=1..3")


@pytest.mark.parametrize("dims, shown", [("{n: 2.., k: 1..n-1}", True), ("{n: 1..}", False), ("{n: 2..}", True)])
def test_conditions_on_sizes_are_shown_from_the_ranges_of_the_dims(tmp_path, dims, shown):
    denominator = "(n - k)" if "k" in dims else "(n - 1)"
    outcome = prove(load(tmp_path, f'dims: {dims}\nsymbols: {{x: "vector[n]"}}\n'
                                   f'claim: "sum(x) / {denominator} * {denominator} == sum(x)"'))
    if dims == "{n: 1..}":
        assert outcome.status != "proved"  # at n = 1 the left side is 0/0
    else:
        assert outcome.status == "proved" and outcome.scope == "all sizes", outcome.message
        assert any("at every size" in line for line in outcome.certificate)


def test_shared_terms_cancel_before_the_bound_is_computed():
    t, a, b = ir.Sym("t"), ir.Sym("a"), ir.Sym("b")
    left, right = cancel(ir.Bin("-", ir.Bin("+", a, t), ir.Neg(b)), ir.Bin("+", t, ir.Bin("-", b, a)))
    assert (left, right) == ([(1, a)], [(-1, a)])
    left, right = cancel(ir.Bin("-", a, t), ir.Bin("-", b, t))
    assert (left, right) == ([(1, a)], [(1, b)])


def test_a_chain_step_with_two_split_points_uses_the_one_it_needs(tmp_path):
    outcome = prove(load(tmp_path, """
        dims: {n: 2.., k: 1..n-1, m: 1..n-1}
        symbols: {y: "vector[n]"}
        claim: "sum(y[:k])**2 - sum(y[:m])**2 == (sum(y) - sum(y[k:]))**2 - sum(y[:m])**2"
    """))
    assert outcome.status == "proved" and outcome.method == "uniform"
    assert "cut at k" in outcome.certificate[1] and "cut at m" not in outcome.certificate[1]


def test_the_course_claims_state_the_bound_for_every_uniform_proof():
    from proofcheck.api import check_paths

    for claim in check_paths(["claims"]).claims:
        outcome = prove(claim)
        for line in outcome.certificate:
            if "uniform in" in line:
                assert re.search(r"\d+ index variables?, degree \d+", line), line
