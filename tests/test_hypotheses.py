"""`given` as hypotheses (issue 12, item 1): bounds with open ends, facts from `given` in every
sign analysis, contradictory assumptions, interval domains and vector structures in the language."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from proofcheck.api import check_paths
from proofcheck.gate.verify import Settings, verify_claim
from proofcheck.language import bounds as B
from proofcheck.symbolic.engine import prove
from claimtools import load


def proved(tmp_path, text: str):
    return prove(load(tmp_path, text))


# ------------------------------------------------------------------ bounds: sound by construction


def _random_bound(rng: random.Random) -> B.Bound:
    ends = sorted(Fraction(rng.randint(-6, 6), rng.choice([1, 2, 3])) for _ in range(2))
    lo = None if rng.random() < 0.2 else ends[0]
    hi = None if rng.random() < 0.2 else ends[1]
    return B.Bound(lo, hi, lo is None or rng.random() < 0.5, hi is None or rng.random() < 0.5)


def _inside(bound: B.Bound, rng: random.Random) -> list:
    """Points of the bound: its closed ends and points near open ones."""
    lo = bound.lo if bound.lo is not None else (bound.hi or 0) - 50
    hi = bound.hi if bound.hi is not None else lo + 50
    points = [lo + (hi - lo) * Fraction(k, 64) for k in range(65)]
    points += [lo + Fraction(1, 10**6), hi - Fraction(1, 10**6)]
    return [p for p in points if B.meet(bound, B.point(p)) == B.point(p)]


def _contains(bound: B.Bound, x: Fraction) -> bool:
    return not B.meet(bound, B.point(x)).empty()


@pytest.mark.parametrize("seed", range(4))
def test_bound_arithmetic_contains_every_value(seed):
    rng = random.Random(seed)
    for _ in range(150):
        a, b = _random_bound(rng), _random_bound(rng)
        if a.empty() or b.empty():
            continue
        xs, ys = _inside(a, rng), _inside(b, rng)
        for x in xs[::7]:
            for y in ys[::7]:
                assert _contains(B.add(a, b), x + y), (a, b, x, y)
                assert _contains(B.mul(a, b), x * y), (a, b, x, y)
                if y != 0:
                    assert _contains(B.divide(a, b), x / y), (a, b, x, y)
            for p in (2, 3, -1, -2):
                if x != 0 or p > 0:
                    assert _contains(B.power(a, Fraction(p)), x**p), (a, p, x)
            if x >= 0:
                for p in (Fraction(1, 2), Fraction(3, 2), Fraction(-1, 2)):
                    if x > 0 or p > 0:
                        root = float(x) ** float(p)
                        bound = B.power(a, p)
                        assert (bound.lo is None or root >= float(bound.lo) - 1e-9) and \
                               (bound.hi is None or root <= float(bound.hi) + 1e-9), (a, p, x)


def test_open_ends_give_strict_signs():
    half_open = B.Bound(Fraction(0), Fraction(1), False, True)  # [0, 1)
    assert B.sub(B.point(Fraction(1)), B.power(half_open, Fraction(2))).sign() == frozenset({1})
    assert B.Bound(Fraction(1), None, True).sign() == frozenset({1})
    assert B.sub(B.Bound(Fraction(1), None, True), B.point(Fraction(1))).sign() == frozenset({1})
    assert B.sub(B.Bound(Fraction(0), None, True), B.point(Fraction(1))).sign() == frozenset({-1, 0, 1})
    assert B.power(B.Bound(Fraction(-1), Fraction(1), True, True), Fraction(2)) == \
        B.Bound(Fraction(0), Fraction(1), False, True)


def test_huge_ends_are_widened_not_computed():
    big = B.Bound(Fraction(2) ** 1000, Fraction(3) ** 1000, False, False)
    result = B.power(B.power(B.power(big, Fraction(100)), Fraction(100)), Fraction(100))
    assert result.sign() == frozenset({1}) and result.hi is None


# ------------------------------------------------------------------ hypotheses in the prover


TRUE = [
    # a given that literally states a side goal discharges it
    ('dims: {n: 2}\nsymbols: {A: "matrix[n, n]", u: "vector[n]", v: "vector[n]"}\n'
     'given: ["det(A) != 0", "1 + v @ inv(A) @ u != 0"]\n'
     'claim: "inv(A) @ u / (1 + v @ inv(A) @ u) == inv(A) @ u / (1 + v @ inv(A) @ u)"'),
    'symbols: {x: scalar}\ngiven: ["x > 1"]\nclaim: "1 / (x - 1) > 0"',
    'symbols: {x: scalar}\ngiven: ["x != 3"]\nclaim: "(x - 3) / (x - 3) == 1"',
    'symbols: {x: scalar}\ngiven: ["x != -2"]\nclaim: "(x + 2) / (x + 2) == 1"',
    'symbols: {b1: {domain: "[0, 1)"}}\nclaim: "1 / (1 - b1**2) >= 1"',
    'symbols: {p: {domain: "(0, 1)"}}\nclaim: "p * (1 - p) > 0"',
    'symbols: {x: {domain: "(1, inf)"}}\nclaim: "x - 1 > 0"',
    'symbols: {x: scalar, y: scalar}\ngiven: ["x < y"]\nclaim: "y - x > 0"',
    'symbols: {x: scalar, y: scalar}\ngiven: ["x * y >= 2"]\nclaim: "x * y - 1 > 0"',
    'dims: {n: 2}\nsymbols: {A: "matrix[n, n]"}\ngiven: ["det(A) != 0"]\nclaim: "inv(inv(A)) == A"',
    'symbols: {x: scalar}\ngiven: ["x != 0"]\nclaim: "x**2 > 0"',
    'symbols: {x: scalar}\ngiven: ["abs(x) >= 2"]\nclaim: "x**2 / x**2 == 1"',  # abs(x) > 0: x != 0
    'symbols: {x: scalar}\nclaim: "where(abs(x) > 1, 1 / x, 0) * x >= 0"',  # the same under a switch
    'symbols: {x: scalar, y: scalar}\ngiven: ["0 < x < y"]\nclaim: "1 / y > 0"',  # a chain: 0 < y
    'symbols: {x: scalar, y: scalar, z: scalar}\ngiven: ["z >= x == y > 1"]\nclaim: "z - 1 > 0"',
]


@pytest.mark.parametrize("text", TRUE)
def test_the_givens_and_domains_prove_it(tmp_path, text):
    outcome = proved(tmp_path, text)
    assert outcome.status == "proved", outcome.message


# Each is FALSE: the hypothesis is used only in the direction it states.
FALSE = [
    'symbols: {x: scalar}\ngiven: ["x > 0"]\nclaim: "(x - 1) / (x - 1) == 1"',  # x = 1
    'symbols: {x: scalar}\ngiven: ["x != 0"]\nclaim: "sqrt(x) >= 0"',  # x = -1: undefined
    'symbols: {x: scalar}\ngiven: ["x >= 0"]\nclaim: "1 / x > 0"',  # x = 0
    'symbols: {x: scalar}\ngiven: ["x != 1"]\nclaim: "(x + 1) / (x + 1) == 1"',  # x = -1
    'symbols: {b1: nonnegative}\ngiven: ["b1 <= 1"]\nclaim: "1 / (1 - b1**2) >= 1"',  # b1 = 1
    'symbols: {b1: {domain: "(-1, 1]"}}\nclaim: "1 / (1 - b1**2) >= 1"',  # b1 = 1
    'symbols: {x: scalar, y: scalar}\ngiven: ["x < y"]\nclaim: "x - y > 0"',  # flipped
    'symbols: {x: scalar, y: scalar}\ngiven: ["x <= y"]\nclaim: "y - x > 0"',  # x = y
    'symbols: {x: scalar, y: scalar}\ngiven: ["x * y > 0"]\nclaim: "x * y - 1 > 0"',  # x = y = 1/2
    'dims: {n: 2}\nsymbols: {A: "matrix[n, n]"}\ngiven: ["det(A) >= 0"]\nclaim: "inv(inv(A)) == A"',  # A = 0
    'dims: {n: 1..3}\nsymbols: {w: "vector[n]"}\ngiven: ["norm(w) >= 0"]\nclaim: "w @ w > 0"',  # w = 0
    'symbols: {p: {domain: "[0, 1)"}}\nclaim: "p * (1 - p) > 0"',  # p = 0
    'symbols: {x: {domain: "[1, inf)"}}\nclaim: "x - 1 > 0"',  # x = 1
    'dims: {n: 2..3}\nsymbols: {p: "simplex vector[n]"}\nclaim: "p > 0"',  # a vertex
    'dims: {n: 2}\nsymbols: {u: "unit vector[n]"}\nclaim: "u > -1"',  # u = (-1, 0)
    'symbols: {x: positive, y: positive}\ngiven: ["x + y == 1"]\nclaim: "x * y <= 1/5"',  # x = y = 1/2
    'symbols: {x: scalar}\ngiven: ["3*x == 1"]\nclaim: "x == 1/4"',
    'symbols: {x: scalar, y: scalar}\ngiven: ["x * y == 1"]\nclaim: "x == 1"',  # x = 2
    'dims: {n: 3}\nsymbols: {p: "nonnegative vector[n]"}\ngiven: ["sum(p) == 1"]\nclaim: "p <= 1/2"',
    'symbols: {x: scalar}\ngiven: ["abs(x) >= 0"]\nclaim: "x**2 / x**2 == 1"',  # x = 0
    'symbols: {x: scalar}\nclaim: "where(abs(x) >= 0, 1 / x, 0) * x == 1"',  # x = 0
    'symbols: {x: scalar, y: scalar}\ngiven: ["0 <= x <= y"]\nclaim: "y > 0"',  # x = y = 0
    'symbols: {x: scalar, y: scalar}\ngiven: ["0 < x > y"]\nclaim: "1 / y > 0"',  # no order between 0 and y
    'symbols: {x: scalar, y: scalar, z: scalar}\ngiven: ["0 < x != y"]\nclaim: "y > 0"',  # y = -1
]


@pytest.mark.parametrize("text", FALSE)
def test_false_variants_are_never_proved(tmp_path, text):
    assert proved(tmp_path, text).status != "proved"


@pytest.mark.parametrize("text", FALSE[:4] + FALSE[6:9] + FALSE[11:])
def test_false_variants_are_falsified(tmp_path, text):
    outcome = verify_claim(load(tmp_path, text), Settings())
    assert outcome.status == "falsified", outcome.message


# ------------------------------------------------------------------ contradictory assumptions


CONTRADICTIONS = [
    ('symbols: {x: scalar}\ngiven: ["x > 1", "x < 0"]\nclaim: "x == 5"', ["`x > 1` (line 3)", "`x < 0`"]),
    ('symbols: {x: {domain: [0, 1]}}\ngiven: ["x > 2"]\nclaim: "x == 5"', ["`x > 2`", "in [0, 1]"]),
    ('symbols: {x: positive}\ngiven: ["x <= 0"]\nclaim: "x == 5"', ["`x <= 0`"]),
    ('symbols: {x: scalar}\ngiven: ["x**2 < 0"]\nclaim: "x == 5"', ["`x**2 < 0`", "nonnegative"]),
    ('symbols: {x: scalar}\ngiven: ["0 < x < 1", "x >= 1"]\nclaim: "x == 5"', ["`x >= 1`"]),
    ('dims: {n: 3}\nsymbols: {p: "simplex vector[n]"}\ngiven: ["sum(p) == 2"]\nclaim: "p == p"', ["`sum(p) == 2`"]),
]


@pytest.mark.parametrize("text, pieces", CONTRADICTIONS)
def test_assumptions_shown_to_contradict_each_other_are_an_error(tmp_path, text, pieces):
    outcome = verify_claim(load(tmp_path, text), Settings())
    assert outcome.status == "error" and not outcome.passed
    assert "the assumptions contradict each other" in outcome.message
    for piece in pieces:
        assert piece in outcome.message


@pytest.mark.parametrize("text", [
    'symbols: {x: scalar}\ngiven: ["x > 0", "x > 1", "x <= 1.5"]\nclaim: "x > 0"',
    'symbols: {x: scalar}\ngiven: ["x >= 1", "x <= 1"]\nclaim: "x == 1"',
    'dims: {n: 2}\nsymbols: {p: "simplex vector[n]"}\ngiven: ["sum(p) == 1", "p[0] > 0"]\nclaim: "p[0] > 0"',
    'symbols: {x: scalar, y: scalar}\ngiven: ["x < y", "y < x + 1"]\nclaim: "y - x > 0"',
])
def test_consistent_assumptions_are_not_a_contradiction(tmp_path, text):
    outcome = verify_claim(load(tmp_path, text), Settings())
    assert outcome.status == "proved", outcome.message


# ------------------------------------------------------------------ the language


def _errors(tmp_path, body: str) -> list:
    path = tmp_path / "claim.yaml"
    path.write_text("title: t\n" + body, encoding="utf-8")
    return [d.message for d in check_paths([str(path)]).diagnostics]


@pytest.mark.parametrize("domain, expected", [
    ('"(0, 1)"', "(0, 1)"), ('"[0, 1)"', "[0, 1)"), ('"(1, inf)"', "(1, inf)"), ('"(-inf, 0]"', "(-inf, 0]"),
    ('"[-1.5, 2.5]"', "[-3/2, 5/2]"),
])
def test_interval_domains_with_open_ends(tmp_path, domain, expected):
    claim = load(tmp_path, f'symbols:\n  x: {{domain: {domain}}}\nclaim: "x == x"')
    assert str(claim.symbols["x"].domain) == expected


@pytest.mark.parametrize("domain, message", [
    ('"[1, inf]"', "an infinite end is open"), ('"(1, 1)"', "empty or a single point"),
    ('"(inf, 2)"', "cannot be the lower end"), ('"(0; 1)"', "cannot read the interval"),
    ('"(-inf, inf)"', "write the domain `real`"), ('"(0, 1e99)"', "too large"), ('"(0, x)"', "cannot read"),
])
def test_malformed_interval_domains_are_errors(tmp_path, domain, message):
    errors = _errors(tmp_path, f'symbols:\n  x: {{domain: {domain}}}\nclaim: "x == x"\n')
    assert any(message in e for e in errors), errors


@pytest.mark.parametrize("body, message", [
    ('dims: {n: 2}\nsymbols: {p: "simplex matrix[n, n]"}\nclaim: "p == p"\n', "needs a vector"),
    ('symbols: {u: "unit scalar"}\nclaim: "u == u"\n', "needs a vector"),
    ('dims: {n: 2}\nsymbols: {p: "negative simplex vector[n]"}\nclaim: "p == p"\n', "entries >= 0"),
    ('dims: {n: 2}\nsymbols: {u: "integer unit vector[n]"}\nclaim: "u == u"\n', "norm 1"),
    ('dims: {n: 2}\nsymbols: {u: "unit vector[n]"}\nclaim: "convex(sum(u), u)"\n', "not a convex set"),
])
def test_vector_structures_are_checked(tmp_path, body, message):
    errors = _errors(tmp_path, body)
    assert any(message in e for e in errors), errors


def test_vector_structures_are_facts_of_the_sign_rules(tmp_path):
    outcome = proved(tmp_path, 'dims: {n: 1..5}\nsymbols: {p: "simplex vector[n]", u: "unit vector[n]"}\n'
                               'claim: ["sum(p) > 0", "p <= 1", "1 - p >= 0", "norm(u) == 1", "u @ u > 0", '
                               '"1 - u**2 >= 0"]')
    assert outcome.status == "proved" and outcome.scope == "all sizes", outcome.message


# ------------------------------------------------------------------ sizes where the assumptions cannot hold


def test_a_size_where_the_givens_cannot_hold_is_vacuous(tmp_path):
    outcome = proved(tmp_path, 'dims: {n: 2, l: 1..3}\nsymbols: {X: "matrix[l, n]", y: "vector[l]"}\n'
                               'given: ["det(X.T @ X) != 0"]\ndefine: {w: "inv(X.T @ X) @ X.T @ y"}\n'
                               'claim: "X.T @ (X @ w - y) == zeros(n)"')
    assert outcome.status == "proved", outcome.message
    assert any("l=1: `det(X.T @ X) != 0` cannot hold, so it holds vacuously" in line for line in outcome.certificate)


def test_an_inverse_singular_at_every_point_is_not_an_engine_error(tmp_path):
    claim = load(tmp_path, 'dims: {n: 2}\nsymbols: {v: "vector[n]"}\nclaim: "inv(outer(v, v)) @ outer(v, v) == eye(n)"')
    assert prove(claim).status == "unproven"
    assert verify_claim(claim, Settings()).status == "falsified"
