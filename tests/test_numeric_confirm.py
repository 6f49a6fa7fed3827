"""Exact confirmation of numeric candidates (issue 9, hole 7b).

A false claim that sampling finds must be confirmed exactly (or with rigorous
intervals) and reported; a true claim is never falsified; a candidate that
exact arithmetic can neither confirm nor refute is counted, in the message
and in JSON (SPEC section 8).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from proofcheck.numeric.engine import falsify
from proofcheck.numeric.exact import ExactMath, _iroot, _root
from proofcheck.numeric.exact_values import Interval
from proofcheck.gate.verify import Settings, combine, verify_claim
from claimtools import load

ROOT = Path(__file__).resolve().parents[1]


def scalar_claim(tmp_path, claim: str, domain: str = "scalar"):
    return load(tmp_path, f'symbols: {{x: {domain}}}\nclaim: "{claim}"\n')


def exact_x(example: dict) -> Fraction:
    return Fraction(str(example["values"]["x"]))


# ------------------------------------------------------------------ the hole itself


def test_square_root_of_a_square_is_falsified_exactly_at_a_negative_x(tmp_path):
    result = falsify(scalar_claim(tmp_path, "(x**2)**(1/2) == x"))
    assert result.status == "falsified", result.message
    example = result.counterexample
    assert example["exact"] is True
    x = exact_x(example)
    assert x < 0
    assert Fraction(str(example["lhs"])) == -x  # (x**2)**(1/2) = |x|, exactly
    assert Fraction(str(example["rhs"])) == x
    assert result.unconfirmed == 0


# Each false claim with the exact test a reported x must pass (computed here, independently).
FALSE_FAMILY = [
    ("(x**2)**(1/2) == x", lambda x: x < 0),
    ("sqrt(x**2) == x", lambda x: x < 0),
    ("(x**2)**(1/2) <= x", lambda x: x < 0),
    ("(x**4)**(1/4) == x", lambda x: x < 0),
    ("(x**2)**(3/2) == x**3", lambda x: x < 0),
    ("abs(x)**(1/2) * abs(x)**(1/2) == x", lambda x: x < 0),
    # a fractional power of a negative number is undefined (SPEC 6: no complex values)
    ("(x**3)**(1/3) == x", lambda x: x < 0),
    ("(x**(1/3))**3 == x", lambda x: x < 0),
    ("x**(2/3) == (x**(1/3))**2", lambda x: x < 0),
    ("exp(log(x)) == x", lambda x: x <= 0),
    ("(x**2)**(-1/2) == 1/x", lambda x: x <= 0),
    # irrational values: decided by rigorous intervals
    ("(x**2 + 1)**(1/2) <= x + 1", lambda x: x < 0),
    ("abs(x)**(1/3) <= abs(x)", lambda x: 0 < abs(x) < 1),
    # a side that overflows floats: the exact value is merely huge
    ("(((x/3)**100)**100)**3 < 10", lambda x: (x / 3) ** 30000 >= 10),
]


@pytest.mark.parametrize("claim,counterexample", FALSE_FAMILY, ids=[c for c, _ in FALSE_FAMILY])
def test_false_powers_and_roots_are_falsified_with_a_confirmed_counterexample(tmp_path, claim, counterexample):
    result = falsify(scalar_claim(tmp_path, claim))
    assert result.status == "falsified", (claim, result.message)
    example = result.counterexample
    x = exact_x(example)
    assert counterexample(x), (claim, example)
    if not example.get("reason"):  # not undefined: both sides were computed and differ
        assert example["lhs"] is not None and example["rhs"] is not None


def test_a_vector_of_square_roots_of_squares_is_falsified_exactly(tmp_path):
    claim = load(tmp_path, 'dims: {n: 1..4}\nsymbols: {w: "vector[n]"}\nclaim: "(w**2)**(1/2) == w"\n')
    result = falsify(claim)
    assert result.status == "falsified"
    example = result.counterexample
    assert example["exact"] is True
    assert any(Fraction(str(v)) < 0 for v in example["values"]["w"])


TRUE_COMPANIONS = [
    ("(x**2)**(1/2) == abs(x)", "scalar"),
    ("sqrt(x**2) == abs(x)", "scalar"),
    ("log(exp(x)) == x", "scalar"),
    ("sqrt(x)**2 == x", "nonnegative"),
    ("(x**(1/3))**3 == x", "nonnegative"),
    ("x**(1/2) * x**(1/2) == x", "nonnegative"),
    ("(x**6)**(1/3) == abs(x)**2", "scalar"),
    ("(x**2)**(3/2) == abs(x)**3", "scalar"),
    ("exp(log(x)) == x", "positive"),
    ("sqrt(x**2) >= x", "scalar"),
]


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("claim,domain", TRUE_COMPANIONS, ids=[c for c, _ in TRUE_COMPANIONS])
def test_true_companions_are_never_falsified(tmp_path, claim, domain, seed):
    result = falsify(scalar_claim(tmp_path, claim, domain), seed=seed)
    assert result.status == "passed", (claim, result.message, result.counterexample)


# ------------------------------------------------------------------ candidates that cannot be decided


UNDECIDABLE = "{x: {domain: [710, 800]}}"  # exp(x) overflows floats; a 1e-60 gap is below 160-bit intervals


def test_a_false_claim_whose_candidates_cannot_be_decided_reports_the_count(tmp_path):
    claim = load(tmp_path, f'symbols: {UNDECIDABLE}\nclaim: "log(exp(x)) == x + 10**(-60)"\n')
    result = verify_claim(claim, Settings(engine="numeric"))
    assert result.status == "unproven"  # never falsified without a confirmation
    count = result.numeric["unconfirmed"]
    assert count > 0
    assert f"{count} numeric candidates could not be confirmed exactly" in result.message
    assert json.loads(json.dumps(result.to_json()))["numeric"]["unconfirmed"] == count


def test_the_unconfirmed_count_is_in_the_cli_text_and_json(tmp_path):
    path = tmp_path / "claim.yaml"
    path.write_text(f'title: t\nsymbols: {UNDECIDABLE}\nclaim: "log(exp(x)) == x + 10**(-60)"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "proofcheck", "verify", str(path), "--no-cache", "--engine", "numeric"]
    data = json.loads(subprocess.run(run + ["--format", "json"], capture_output=True, text=True, env=env,
                                     timeout=120).stdout)
    claim = data["claims"][0]
    count = claim["numeric"]["unconfirmed"]
    assert claim["status"] == "unproven" and count > 0
    assert f"{count} numeric candidates could not be confirmed exactly" in claim["message"]
    text = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120).stdout
    assert f"{count} numeric candidates could not be confirmed exactly" in text


def test_a_true_claim_with_undecided_candidates_says_so_and_is_not_falsified(tmp_path):
    claim = scalar_claim(tmp_path, "log(exp(x)) == x")
    result = verify_claim(claim, Settings(engine="numeric"))
    assert result.status == "unproven"
    assert result.numeric["unconfirmed"] > 0
    assert "could not be confirmed exactly" in result.message


def test_candidates_refuted_exactly_are_not_counted_as_unconfirmed(tmp_path):
    result = verify_claim(scalar_claim(tmp_path, "(x**2)**(1/2) == abs(x)"), Settings(engine="numeric"))
    assert result.status == "unproven"
    assert result.numeric["unconfirmed"] == 0
    assert "could not be confirmed" not in result.message


def test_combine_names_the_unconfirmed_count_only_when_there_are_some():
    skipped = {"status": "skipped"}
    _, message = combine(skipped, {"status": "passed", "message": "no counterexample", "unconfirmed": 1})
    assert message == "no counterexample; 1 numeric candidate could not be confirmed exactly"
    _, message = combine({"status": "unproven", "message": "no proof found"}, {"status": "passed", "unconfirmed": 3})
    assert message == "no proof found; 3 numeric candidates could not be confirmed exactly"
    _, message = combine(skipped, {"status": "passed", "message": "no counterexample", "unconfirmed": 0})
    assert message == "no counterexample"


# ------------------------------------------------------------------ exact roots


def test_exact_integer_roots_beyond_float_precision():
    for n in (2, 3, 5, 7):
        for base in (3, 10**20 + 39, 2**200 + 1, 12345678901234567890123456789):
            assert _iroot(base**n, n) == base
            assert _iroot(base**n + 1, n) is None
    assert _iroot(2, 2) is None and _iroot(1, 9) == 1 and _iroot(0, 3) == 0


def test_a_rational_power_of_an_exact_power_is_exact():
    x = Fraction(-0.7234567891234567)  # a sampled float: a 53-bit numerator over 2**53
    assert ExactMath.Pow(x**6, Fraction(1, 3)) == x**2
    assert ExactMath.Pow(x**2, Fraction(3, 2)) == -(x**3)
    assert _root(x**4, 4) == -x
    assert isinstance(ExactMath.Pow(Fraction(2), Fraction(1, 2)), Interval)
    # a huge root index is not attempted as an integer root (a float exponent as a fraction)
    assert isinstance(ExactMath.Pow(Fraction(7, 3), Fraction(0.3)), Interval)


XENT = ('dims: {k: 1..}\nsymbols: {z: "vector[k]", y: "simplex vector[k]"}\n'
        'claim: "grad(-sum(y * log(softmax(z))), z) == softmax(z) - y"')


def test_exact_checks_stop_at_their_time_budget(tmp_path, monkeypatch):
    """Float false alarms near an overflow (softmax of z ~ 900, true claim) each cost up to half a
    second exactly; past CONFIRM_SECONDS of them no more are checked (it took 30 s before)."""
    from proofcheck.numeric import engine

    monkeypatch.setattr(engine, "CONFIRM_SECONDS", 1e-9)
    result = falsify(load(tmp_path, XENT))
    assert result.status == "passed" and result.unconfirmed + result.refuted == 1
    false = load(tmp_path, 'symbols: {x: scalar}\nclaim: "x**2 >= x"')  # the first candidate is confirmed
    assert falsify(false).status == "falsified"
