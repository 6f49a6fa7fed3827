"""The numeric engine: sampling, tolerance, undefined values, exact confirmation, shrinking."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from proofcheck.language.model import Domain
from proofcheck.numeric.engine import falsify
from proofcheck.numeric.sampling import SymbolSampler, in_domain
from proofcheck.gate.verify import Settings, verify_claim
from claimtools import load


def run(tmp_path, text: str, **options):
    return falsify(load(tmp_path, text), **options)


# ------------------------------------------------------------------ tolerance


@pytest.mark.parametrize("claim", [
    "(x + 100000000) - 100000000 == x",
    "(x + 100000000)**2 - (x + 100000000) * (x + 100000000) == 0",
    "(x + 100000000)**2 == x**2 + 200000000 * x + 100000000**2",
    "exp(x) * exp(-x) == 1",
    "sqrt(x**2) == abs(x)",
    "sin(x)**2 + cos(x)**2 == 1",
    "logsumexp(concat(ones(1) * x, ones(1) * x)) == x + log(2)",
])
def test_true_identities_with_large_offsets_are_never_falsified(tmp_path, claim):
    result = run(tmp_path, f'symbols: {{x: scalar}}\nclaim: "{claim}"')
    assert result.status == "passed", result.message
    assert result.accepted >= 19_000


def test_a_relative_error_of_one_in_a_million_is_caught(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar}\nclaim: "x * 1.000001 == x"')
    assert result.status == "falsified"
    assert result.counterexample["exact"] is True
    assert result.counterexample["values"] == {"x": 1}


def test_gradient_errors_are_caught_but_rounding_is_not(tmp_path):
    true = run(tmp_path, 'dims: {n: 1..4}\nsymbols: {w: "vector[n]", a: scalar}\n'
                         'claim: "grad(exp(a * sum(w)) + sum(w**4), w) == a * exp(a * sum(w)) + 4 * w**3"')
    assert true.status == "passed", true.message
    false = run(tmp_path, 'dims: {n: 1..4}\nsymbols: {w: "vector[n]"}\nclaim: "grad(sum(w**4), w) == 4.001 * w**3"')
    assert false.status == "falsified"


# ------------------------------------------------------------------ undefined values and overflow


def test_an_undefined_value_is_a_counterexample(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar}\nclaim: "x / x == 1"')
    assert result.status == "falsified"
    example = result.counterexample
    assert example["values"] == {"x": 0}
    assert "division by zero" in example["reason"]


def test_log_of_a_nonpositive_number_is_a_counterexample(tmp_path):
    result = run(tmp_path, 'symbols: {x: nonzero}\nclaim: "log(x**2) == 2 * log(x)"')
    assert result.status == "falsified"
    assert "log" in result.counterexample["reason"]
    assert result.counterexample["values"]["x"] < 0


def test_overflow_is_not_a_counterexample(tmp_path):
    result = run(tmp_path, 'symbols: {x: {domain: [600, 800]}}\nclaim: "exp(x) / exp(x) == 1"')
    assert result.status == "passed"


# ------------------------------------------------------------------ confirmation and shrinking


def test_counterexamples_are_exact_and_shrunk(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar}\nclaim: "x**2 >= x"')
    assert result.status == "falsified"
    assert result.counterexample["values"] == {"x": 0.5}
    assert result.counterexample["lhs"] == 0.25 and result.counterexample["rhs"] == 0.5


def test_shrinking_keeps_structures(tmp_path):
    result = run(tmp_path, 'dims: {n: 1..4}\nsymbols: {S: "pd matrix[n, n]", v: "vector[n]"}\n'
                           'claim: "v @ S @ v > 0"')
    assert result.status == "falsified"
    example = result.counterexample
    assert example["dims"] == {"n": 1}
    assert example["values"]["v"] == [0]
    assert example["values"]["S"][0][0] > 0  # still positive definite


def test_irrational_values_are_confirmed_with_intervals(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar}\nclaim: "exp(x) >= 1 + x + x**2"')
    assert result.status == "falsified"
    assert result.counterexample["exact"] is False


def test_psd_claims_are_decided_by_exact_ldl(tmp_path):
    result = run(tmp_path, 'dims: {n: 2..3}\nsymbols: {W: "nonnegative symmetric matrix[n, n]"}\nclaim: "psd(W)"')
    assert result.status == "falsified"
    assert result.counterexample["dims"] == {"n": 2}


def test_convexity_by_jensen(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar}\nclaim: "convex(x**3, x)"')
    assert result.status == "falsified"
    example = result.counterexample
    assert set(example["values"]) == {"x"} and set(example["second_point"]) == {"x"}
    assert example["weight"] in (0.5, 0.25, 0.75, 0.125, 0.875)
    assert run(tmp_path, 'symbols: {x: scalar}\nclaim: "convex(x**4 + abs(x), x)"').status == "passed"


def test_a_wrong_proof_step_is_named(tmp_path):
    result = run(tmp_path, """\
        dims: {n: 1..3}
        symbols: {W: "nonnegative symmetric matrix[n, n]", f: "vector[n]"}
        define: {L: "diag(sum(W, axis=1)) - W"}
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2)
          >= 0
    """)
    assert result.status == "falsified"
    assert result.counterexample["step"] == 8


def test_a_kink_inside_a_gradient_is_a_counterexample(tmp_path):
    result = run(tmp_path, 'dims: {n: 1..2}\nsymbols: {w: "vector[n]"}\nclaim: "grad(norm(w, 1), w) == sign(w)"')
    assert result.status == "falsified"
    assert "not differentiable" in result.counterexample["reason"]


# ------------------------------------------------------------------ reproducibility and budget


def _without_times(data):
    if isinstance(data, dict):
        return {k: _without_times(v) for k, v in data.items() if k != "seconds"}
    return data


def test_the_same_seed_gives_the_same_result(tmp_path):
    claim = load(tmp_path, 'dims: {n: 2..5}\nsymbols: {A: "matrix[n, n]"}\nclaim: "det(A + A.T) >= 0"')
    first, second = falsify(claim, seed=7), falsify(claim, seed=7)
    assert first.status == "falsified"
    assert _without_times(first.to_json()) == _without_times(second.to_json())
    assert first.counterexample["seed"] == 7


def test_samples_sets_the_budget(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar}\nclaim: "x**2 >= 0"', samples=1000)
    assert result.samples == 1000


def test_a_given_that_rejects_nearly_everything_is_an_error(tmp_path):
    result = run(tmp_path, 'symbols: {x: scalar, y: scalar}\ngiven: ["x**2 + y**2 == 7"]\nclaim: "x + y >= 0"')
    assert result.status == "error"
    assert "rejected nearly all" in result.message and ":3 (`x**2 + y**2 == 7`)" in result.message


def test_given_bounds_narrow_the_sampling(tmp_path):
    result = run(tmp_path, 'symbols: {t: scalar}\ngiven: ["0 <= t <= 1"]\nclaim: "t * (1 - t) >= 0"')
    assert result.status == "passed"
    assert result.accepted == result.samples


def test_large_sizes(tmp_path):
    result = run(tmp_path, """\
        dims: {n: [100]}
        symbols: {W: "nonnegative symmetric matrix[n, n]", f: "vector[n]"}
        define: {L: "diag(sum(W, axis=1)) - W"}
        claim: "f @ L @ f == sum(W * (f[:, None] - f[None, :])**2) / 2"
    """, samples=2000)
    assert result.status == "passed", result.message


# ------------------------------------------------------------------ sampling


def test_samples_respect_domains():
    rng = np.random.default_rng(0)
    assert (in_domain(rng, Domain("positive"), (5000,)) > 0).all()
    assert (in_domain(rng, Domain("nonpositive"), (5000,)) <= 0).all()
    assert (in_domain(rng, Domain("nonzero"), (5000,)) != 0).all()
    x = in_domain(rng, Domain("integer"), (5000,))
    assert (x == np.round(x)).all()
    x = in_domain(rng, Domain("interval", Fraction(-1), Fraction(3)), (5000,))
    assert x.min() == -1 and x.max() == 3
    x = in_domain(rng, Domain("interval", Fraction(0), None, True, False), (5000,))
    assert (x > 0).all()
    specials = in_domain(rng, Domain("real"), (20000,))
    assert {0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5} <= set(specials.tolist())


@pytest.mark.parametrize("structure", ["symmetric", "diagonal", "psd", "pd"])
def test_samples_respect_structures(structure):
    from proofcheck.language.model import Symbol
    from proofcheck.language.errors import Loc

    symbol = Symbol("M", ("n", "n"), Domain("real"), structure, Loc(1, 1))
    sampler = SymbolSampler(symbol, {"n": 4})
    values = sampler.build(sampler.sample(np.random.default_rng(1), 2000))
    assert np.allclose(values, np.swapaxes(values, 1, 2))
    eigenvalues = np.linalg.eigvalsh(values)
    if structure == "diagonal":
        assert (values[:, 0, 1] == 0).all()
    if structure == "psd":
        assert eigenvalues.min() > -1e-6 * np.abs(values).max()
        ranks = {int(np.linalg.matrix_rank(v)) for v in values}
        assert ranks == {0, 1, 2, 3, 4}  # singular ones of every rank
    if structure == "pd":
        assert (eigenvalues[:, 0] > 0).all()
        assert eigenvalues[:, 0].min() < 1e-4  # nearly singular ones too


# ------------------------------------------------------------------ one verdict


def test_a_proof_meeting_a_counterexample_is_an_error(tmp_path, monkeypatch):
    import proofcheck.symbolic.engine as engine

    real = engine.prove

    def overconfident(claim, deadline=None):
        result = real(claim, deadline)
        result.status, result.method, result.scope = "proved", "bug", "all sizes"
        return result

    monkeypatch.setattr(engine, "prove", overconfident)
    claim = load(tmp_path, 'symbols: {x: scalar}\nclaim: "x**2 >= x"')
    outcome = verify_claim(claim, Settings())
    assert outcome.status == "error"
    assert "contradict" in outcome.message
    assert outcome.numeric["counterexample"]["values"] == {"x": 0.5}


# found by the numeric soundness audit: true claims that must never be falsified
AUDIT_TRUE = [
    'symbols: {x: scalar}\nclaim: "diff(abs(x)**3, x) == 3*x*abs(x)"',
    'symbols: {x: scalar}\nclaim: "diff(x*abs(x), x) == 2*abs(x)"',
    'symbols: {x: scalar}\nclaim: "diff(x**2*sign(x), x) == 2*abs(x)"',
    'dims: {n: 1..2}\nsymbols: {w: "vector[n]"}\nclaim: "grad(norm(w)**3, w) == 3*norm(w)*w"',
    'dims: {n: 1..2}\nsymbols: {w: "vector[n]"}\nclaim: "grad(norm(w, 2)**2, w) == 2*w"',
    'symbols: {x: scalar}\nclaim: "diff(maximum(0*x, 1 - x)**2, x) == -2*maximum(0*x, 1 - x)"',
    'symbols: {x: scalar}\nclaim: "hessian(maximum(-x**2, 0*x), x) == 0"',
    'dims: {n: 1..2}\nsymbols: {w: "vector[n]", c: nonpositive}\nclaim: "hessian(minimum(w @ w, c), w) == zeros(n, n)"',
    'symbols: {x: scalar}\ndefine:\n  f(u, v): "u"\nclaim: "diff(f(x**2, abs(x)), x) == 2*x"',
    'symbols: {x: scalar}\nclaim: "abs(tanh(x)) < 1"',
    'symbols: {x: scalar}\nclaim: "maximum(x, 0) >= x"',
    'dims: {n: 1..3}\nsymbols: {x: "vector[n]"}\nclaim: "dot(x, ones(n)) == sum(x)"',
    'symbols: {x: {domain: [0, 0.1]}}\nclaim: "10 * x <= 1"',
    'symbols: {x: scalar}\ngiven: ["x == 0.1"]\nclaim: "10 * x == 1"',
    'symbols: {x: scalar, y: scalar}\ngiven: ["y == 0"]\n'
    'claim: "diff(det(x*eye(2) + diag(concat(zeros(1), ones(1)))) + abs(y), x) == 2*x + 1"',
]


@pytest.mark.parametrize("text", AUDIT_TRUE)
def test_true_claims_from_the_audit_are_not_falsified(tmp_path, text):
    result = run(tmp_path, text)
    assert result.status == "passed", result.counterexample


def test_false_claims_from_the_audit_are_still_falsified(tmp_path):
    assert run(tmp_path, 'symbols: {x: positive}\nclaim: "tanh(x) <= x/2"').status == "falsified"
    assert run(tmp_path, 'symbols: {x: scalar}\ngiven: ["x == 0.1"]\nclaim: "10 * x == 1.0001"').status == "falsified"


def test_a_small_budget_is_spread_over_the_sizes(tmp_path):
    # true at n = 1, false from n = 2 on: the first size must not take the whole budget
    result = run(tmp_path, 'dims: {n: 1..3}\nsymbols: {W: "symmetric matrix[n, n]"}\n'
                           'define: {L: "diag(sum(W, axis=1)) - W"}\nclaim: "psd(L)"', samples=1000)
    assert result.status == "falsified"
    assert result.counterexample["dims"] == {"n": 2}


def test_one_draw_per_entry_mixes_every_kind_of_value():
    from proofcheck.numeric.sampling import real_entries

    x = real_entries(np.random.default_rng(0), (200_000,))
    assert set(range(-5, 6)) <= set(x[x == np.round(x)].astype(int).tolist())  # small integers, 0 included
    magnitudes = np.abs(x[x != 0])
    assert magnitudes.min() < 2e-3 and magnitudes.max() > 709  # tiny ones, and past exp's overflow
    assert 0.2 < (x < 0).mean() < 0.5 and len(np.unique(x)) > 100_000  # both signs; continuous values too
    checks = {"positive": lambda v: v > 0, "nonpositive": lambda v: v <= 0, "nonzero": lambda v: v != 0}
    for kind, check in checks.items():
        assert check(real_entries(np.random.default_rng(1), (50_000,), kind)).all()
