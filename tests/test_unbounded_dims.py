"""Unbounded dims (SPEC section 3): `n: 1..`, dependent ranges under them, which
sizes each engine uses, and `check.sample_dims` kept inside the claim's dims."""

from __future__ import annotations

import numpy as np
import pytest

from proofcheck.api import check_paths
from proofcheck.numeric.engine import falsify
from proofcheck.numeric.plan import ordered
from proofcheck.symbolic.engine import prove
from claimtools import line_of, load


def errors(tmp_path, text: str) -> list:
    path = tmp_path / "claim.yaml"
    path.write_text(text, encoding="utf-8")
    return check_paths([str(path)]).errors


def test_an_unbounded_dim_is_checked_at_its_first_sizes_and_sampled_up_to_32(tmp_path):
    claim = load(tmp_path, """
        dims: {n: 2.., k: 1..n-1, m: [1, 4]}
        symbols: {y: "vector[n]", z: "vector[m]"}
        claim: "sum(y[:k]) + sum(y[k:]) + sum(z) == sum(y) + sum(z)"
    """)
    assert claim.unbounded and claim.dims[0].unbounded and not claim.dims[1].unbounded
    checked = list(claim.dim_combinations())
    assert {c["n"] for c in checked} == {2, 3, 4}
    assert len(checked) == (1 + 2 + 3) * 2
    sampled = list(claim.dim_combinations(sampling=True))
    assert {c["n"] for c in sampled} == set(range(2, 34))
    assert all(1 <= c["k"] <= c["n"] - 1 for c in sampled)


def test_sample_dims_inside_an_unbounded_dim_are_used(tmp_path):
    claim = load(tmp_path, """
        dims: {n: 1..}
        symbols: {x: "vector[n]"}
        claim: "x @ x >= 0"
        check: {sample_dims: {n: 40..60}}
    """)
    assert {c["n"] for c in claim.dim_combinations(sampling=True)} == set(range(40, 61))


@pytest.mark.parametrize("dims, sample, fragment", [
    ("{n: 1..3}", "{n: 1..30}", "n=4 is not a size of this claim"),
    ("{n: 2..}", "{n: 1..10}", "n=1 is not a size of this claim"),
    ("{n: 2.., k: 1..n-1}", "{k: 1..n}", "k=2 when n=2 is not a size"),
    ("{n: [2, 4]}", "{n: 2..4}", "n=3 is not a size"),
    ("{n: 1..}", "{n: 5..}", "must be bounded"),
])
def test_sample_dims_outside_the_claims_dims_are_an_error_naming_the_line(tmp_path, dims, sample, fragment):
    text = (f"title: t\ndims: {dims}\nsymbols: {{x: \"vector[n]\"}}\nclaim: \"x @ x >= 0\"\n"
            f"check:\n  sample_dims: {sample}\n")
    (error,) = errors(tmp_path, text)
    assert fragment in error.message, error.message
    assert error.line == line_of(text, "sample_dims")


def test_an_empty_dependent_range_under_an_unbounded_dim_is_an_error(tmp_path):
    (error,) = errors(tmp_path, 'title: t\ndims: {n: 1.., k: 1..n-1}\nclaim: "k >= 1"\n')
    assert "empty when n=1" in error.message and error.line == 2


def test_a_claim_checked_at_some_sizes_only_is_unproven_and_names_them(tmp_path):
    # a fixed index is not uniform in n: only per-size tactics apply
    outcome = prove(load(tmp_path, """
        dims: {n: 2..}
        symbols: {x: "vector[n]"}
        claim: "x[0] + sum(x[1:]) == sum(x)"
    """))
    assert outcome.status == "unproven"
    assert "n=2..4 only" in outcome.message and "n: 2.." in outcome.message
    assert outcome.scope == "n=2..4"


def test_sign_rules_prove_an_unbounded_claim_for_all_sizes(tmp_path):
    outcome = prove(load(tmp_path, 'dims: {n: 1..}\nsymbols: {x: "vector[n]"}\nclaim: "x @ x >= 0"\n'))
    assert (outcome.status, outcome.scope) == ("proved", "all sizes")


def test_the_sampler_tries_every_small_size_early_and_large_ones_too():
    combos = [{"n": n} for n in range(1, 33)]
    order = ordered(combos, np.random.default_rng(0), ("n",))
    assert [c["n"] for c in order[:8]] == list(range(1, 9))
    assert sorted(c["n"] for c in order) == list(range(1, 33))
    two = [{"n": n, "l": l} for n in range(1, 33) for l in range(1, 33)]
    early = ordered(two, np.random.default_rng(0), ("n", "l"))[:16]
    assert {c["n"] for c in early} >= set(range(1, 9)) and {c["l"] for c in early} >= set(range(1, 9))


def test_an_identity_that_fails_only_from_n_4_on_is_falsified(tmp_path):
    claim = load(tmp_path, """
        dims: {n: 1..}
        symbols: {x: "vector[n]"}
        claim: "sum(x)**4 - 6*sum(x)**2*sum(x**2) + 3*sum(x**2)**2 + 8*sum(x)*sum(x**3) - 6*sum(x**4) == 0"
        expect: false
    """)
    outcome = falsify(claim)
    assert outcome.status == "falsified"
    assert outcome.counterexample["dims"]["n"] >= 4
