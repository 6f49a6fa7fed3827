"""Sampling what the givens describe (issue 12, item 2) and exact arithmetic that cannot explode
(item 9): simplex and unit vectors by construction, equalities solved, open ends respected, the
`given` line named, bounded exact powers and sympy expansions."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest

from proofcheck.gate.verify import Settings, verify_claim
from proofcheck.language.model import Domain, Symbol
from proofcheck.language.errors import Loc
from proofcheck.numeric.confirm import Confirmer, Point
from proofcheck.numeric.engine import falsify
from proofcheck.numeric.exact import ExactMath, decide
from proofcheck.numeric.exact_values import Interval, Jet
from proofcheck.numeric.sampling import SymbolSampler, domain_holds, in_domain
from proofcheck.language.goals import claim_goals
from proofcheck.symbolic.engine import prove
from claimtools import load


# ------------------------------------------------------------------ simplex and unit vectors


@pytest.mark.parametrize("structure, domain", [("simplex", "real"), ("simplex", "positive"),
                                               ("unit", "real"), ("unit", "nonnegative")])
@pytest.mark.parametrize("n", [1, 2, 5])
def test_vector_structures_are_sampled_by_construction_and_exact(structure, domain, n):
    symbol = Symbol("p", ("n",), Domain(domain), structure, Loc(1, 1))
    sampler = SymbolSampler(symbol, {"n": n})
    rng = np.random.default_rng(n)
    params = sampler.sample(rng, 300)
    floats = sampler.build(params)
    assert floats.shape == (300, n)
    for row, value in zip(params[:60], floats[:60]):
        exact_row = [Fraction(float(v)) for v in row]
        assert sampler.params_valid(exact_row)
        entries = sampler.build_exact(exact_row).flat
        assert np.allclose([float(e) for e in entries], value)
        if structure == "simplex":
            assert sum(entries) == 1 and all(e >= 0 for e in entries)
            assert domain != "positive" or all(e > 0 for e in entries)
        else:
            assert sum(e * e for e in entries) == 1
            assert domain == "real" or all(e >= 0 for e in entries)
    if structure == "simplex" and domain == "real" and n > 1:
        assert (floats == 0).any() and (floats == 1).any()  # faces and vertices too


def test_shrinking_keeps_a_simplex_a_simplex(tmp_path):
    result = falsify(load(tmp_path, 'dims: {n: 3}\nsymbols: {p: "simplex vector[n]"}\nclaim: "max(p) >= 1/2"\n'))
    assert result.status == "falsified"
    values = result.exact_values["p"].flat
    assert sum(values) == 1 and min(values) >= 0 and max(values) < Fraction(1, 2)


def test_a_unit_vector_counterexample_is_exact(tmp_path):
    result = falsify(load(tmp_path, 'dims: {n: 2..3}\nsymbols: {u: "unit vector[n]"}\nclaim: "sum(u) <= 1"\n'))
    assert result.status == "falsified" and result.counterexample["exact"]
    values = result.exact_values["u"].flat
    assert sum(v * v for v in values) == 1 and sum(values) > 1


# ------------------------------------------------------------------ equalities solved


@pytest.mark.parametrize("body", [
    'symbols: {x: scalar}\ngiven: ["3*x == 1"]\nclaim: "x == 1/3"',
    'dims: {n: 3}\nsymbols: {p: "positive vector[n]"}\ngiven: ["sum(p) == 1"]\nclaim: "p < 1"',
    'dims: {n: 3}\nsymbols: {a: "vector[n]", x: "vector[n]", b: scalar}\ngiven: ["a @ x == b"]\n'
    'claim: "a @ (2*x) == 2*b"',
    'dims: {n: 3}\nsymbols: {x: "vector[n]", y: scalar}\ngiven: ["x[0] == 2", "x[1] - x[2] == y"]\n'
    'claim: "x[0] + x[1] + 1 > x[2] + y"',
    'symbols: {x: scalar, y: scalar}\ngiven: ["x * y == 7"]\nclaim: "x * y * 2 == 14"',
])
def test_equalities_are_solved_not_waited_for(tmp_path, body):
    result = falsify(load(tmp_path, body), samples=4000)
    assert result.status == "passed", result.message
    assert result.accepted > 0.9 * result.samples


@pytest.mark.parametrize("body, check", [
    ('symbols: {x: scalar}\ngiven: ["3*x == 1"]\nclaim: "x == 1/4"', lambda v: v["x"].value == Fraction(1, 3)),
    ('dims: {n: 3}\nsymbols: {p: "nonnegative vector[n]"}\ngiven: ["sum(p) == 1"]\nclaim: "p <= 1/2"',
     lambda v: sum(v["p"].flat) == 1),
    ('dims: {n: 3}\nsymbols: {a: "vector[n]", x: "vector[n]", b: scalar}\ngiven: ["a @ x == b"]\n'
     'claim: "a @ (2*x) == b"', lambda v: sum(a * x for a, x in zip(v["a"].flat, v["x"].flat)) == v["b"].value),
])
def test_counterexamples_satisfy_the_solved_equalities_exactly(tmp_path, body, check):
    result = falsify(load(tmp_path, body + "\nexpect: false\n"))
    assert result.status == "falsified" and result.counterexample["exact"]
    assert check(result.exact_values)


def test_an_unsolvable_given_names_its_line(tmp_path):
    claim = load(tmp_path, 'symbols: {x: scalar, y: scalar}\ngiven:\n  - "x > 0"\n  - "x**2 + y**4 == 3"\n'
                           'claim: "x + y >= 0"\n')
    result = verify_claim(claim, Settings(engine="numeric"))
    assert result.status == "error"
    assert f"{claim.path}:5 (`x**2 + y**4 == 3`)" in result.message
    assert "contradict" not in result.message  # failing to sample is not a contradiction


@pytest.mark.parametrize("domain, lo, hi, lo_open, hi_open", [
    ("(0, 1)", 0, 1, True, True), ("[0, 1)", 0, 1, False, True), ("(1, inf)", 1, None, True, True),
    ("(-inf, 2]", None, 2, True, False),
])
def test_sampling_respects_open_ends(domain, lo, hi, lo_open, hi_open):
    d = Domain("interval", None if lo is None else Fraction(lo), None if hi is None else Fraction(hi), lo_open, hi_open)
    x = in_domain(np.random.default_rng(0), d, (20000,))
    assert all(domain_holds(d, Fraction(float(v))) for v in x)
    if not lo_open:
        assert (x == lo).any()
    if hi is not None and not hi_open:
        assert (x == hi).any()


# ------------------------------------------------------------------ exact arithmetic that cannot explode


def test_exact_powers_exponentials_and_jets_stay_bounded():
    start = time.monotonic()
    assert isinstance(ExactMath.Pow(Fraction(2), Fraction(10**12)), Interval)
    assert decide(">=", ExactMath.Pow(Fraction(2), Fraction(10**12)), Fraction(10**12) + 1)
    assert isinstance(ExactMath.Pow(Fraction(3, 7), Fraction(-10**9)), Interval)
    assert ExactMath.Pow(Fraction(3, 2), Fraction(40)) == Fraction(3, 2) ** 40  # small ones stay exact
    assert decide(">", ExactMath.exp(Fraction(2) ** 100000), Fraction(10**100))
    assert decide("<", ExactMath.exp(-Fraction(2) ** 100000), Fraction(1, 10**100))
    assert decide("<", ExactMath.sin(Fraction(3) ** 50000), Fraction(2))
    jet = ExactMath.Pow(Jet.seed(Fraction(3, 2), 1, 0), Fraction(10**9))
    assert isinstance(jet.v, Interval) and decide(">", jet.g[0], Fraction(0))
    assert decide(">", ExactMath.Pow(Fraction(2), Interval(Fraction(1, 3))), Fraction(1))  # 2**x at an interval
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("body, values", [
    ('symbols: {x: scalar}\nclaim: "2**x >= 1 + x"', {"x": [Fraction(10**12)]}),
    ('symbols: {x: scalar, y: scalar}\nclaim: "x**y < 1000"', {"x": [Fraction(999)], "y": [Fraction(10**9)]}),
    ('symbols: {x: scalar, y: scalar}\nclaim: "x**y < 1000"', {"x": [Fraction(1001, 1000)], "y": [Fraction(7**20)]}),
    ('symbols: {x: positive}\nclaim: "diff(x**x, x) == x**x * (log(x) + 1)"', {"x": [Fraction(10**6)]}),
])
def test_confirming_at_huge_points_finishes(tmp_path, body, values):
    claim = load(tmp_path, body)
    start = time.monotonic()
    outcome, verdict = Confirmer(claim, claim.symbols).classify(claim_goals(claim)[0], Point({}, values))
    assert time.monotonic() - start < 5
    assert verdict in ("confirmed", "refuted", "undecided")
    if "2**x" in body:
        assert verdict == "refuted"  # 2**(10**12) >= 1 + 10**12, shown with rigorous intervals
    if "1000" in body:
        assert verdict == "confirmed"


@pytest.mark.parametrize("claim", ["2**x >= 1 + x", "x**y < 1000"])
def test_the_reported_power_claims_are_falsified(tmp_path, claim):
    outcome = verify_claim(load(tmp_path, f'symbols: {{x: positive, y: positive}}\nclaim: "{claim}"'), Settings())
    assert outcome.status == "falsified", outcome.message


@pytest.mark.parametrize("claim", [
    "((x + y + z + w)**100)**100 + x == x + ((x + y + z + w)**100)**100",
    "(x + y + z + w)**100 * (x - y)**100 == (x - y)**100 * (x + y + z + w)**100 + 0 * w",
])
def test_huge_expansions_are_unproven_not_a_blow_up(tmp_path, claim):
    start = time.monotonic()
    outcome = prove(load(tmp_path, f'symbols: {{x: scalar, y: scalar, z: scalar, w: scalar}}\nclaim: "{claim}"'))
    assert outcome.status == "unproven" and "expands to more than" in outcome.message
    assert time.monotonic() - start < 20
