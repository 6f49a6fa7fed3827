"""One variable decided exactly, identities refuted exactly, and the gate's symbolic
`falsified` path (issue 12, items 6 and 7).

A counterexample the symbolic engine finds is reported like the numeric
engine's (values, both sides), says which engine found it, and counts only once
confirmed exactly: a rational point by the numeric engine's exact arithmetic,
an algebraic one by exact algebra.
"""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner

from proofcheck.cli import main
from proofcheck.gate.verify import Settings, combine, verify_claim, _confirm_symbolic
from proofcheck.symbolic.algebraic import real_roots
from proofcheck.symbolic.candidate import Candidate
from proofcheck.symbolic.engine import prove
from proofcheck.symbolic.univariate import Interval, decide, simplest_between
from proofcheck.api import check_paths
from claimtools import load

x = sp.Symbol("x", real=True)
CORPUS = Path(__file__).resolve().parent / "corpus_inequalities"


def test_real_roots_are_exact_sorted_and_shown_in_radicals():
    roots = real_roots([(x**2 - 2) * (x - 7), (3 * x - 1) * (x**3 - x - 1)], x)
    assert [r.text() for r in roots][:2] == ["-sqrt(2)", "1/3"] and roots[-1].text() == "7"
    root2 = roots[3]
    assert root2.text() == "sqrt(2)"
    assert root2.sign_of(sp.Poly(x**4 - 4, x)) == 0  # exactly zero at sqrt(2)
    assert root2.sign_of(sp.Poly(x - sp.Rational(141421, 100000), x)) == 1
    assert "x**3 - x - 1" in roots[2].text()


def test_simplest_rational_between():
    assert simplest_between(sp.Rational(-1, 2), sp.Rational(1, 2)) == 0
    assert simplest_between(sp.Rational(141, 100), sp.Rational(142, 100)) == sp.Rational(17, 12)
    assert simplest_between(sp.Integer(1), sp.Integer(2)) == sp.Rational(3, 2)
    assert simplest_between(sp.Integer(-3), sp.Integer(-1)) == -2


@pytest.mark.parametrize("expr, op, point", [
    ((x - 7)**2, ">", "7"), ((3 * x - 1)**2, ">", "1/3"), ((x**2 - 2)**2, ">", "sqrt(2)"),
    (x**2 - 2 * x, ">=", "1"), (sp.Abs(x - 1), ">", "1"), (x**3 - x - 1, ">=", "0"),
])
def test_one_variable_counterexamples(expr, op, point):
    decision = decide(expr, x, op, Interval())
    assert not decision.holds and decision.point.text() == point


@pytest.mark.parametrize("expr, op, domain", [
    ((x - 7)**2, ">=", Interval()), (x**2 - x + 1, ">", Interval()), (x**4 - 4 * x + 3, ">=", Interval()),
    (x - 1, ">", Interval(sp.Integer(1), None, True, True)), (x**2 - x, "<=", Interval(sp.Integer(0), sp.Integer(1), False, False)),
    (sp.Abs(x - 1) + sp.Max(x, 2), ">", Interval()),
])
def test_one_variable_proofs(expr, op, domain):
    decision = decide(expr, x, op, domain)
    assert decision.holds and "real-root isolation" in decision.lines[0]


def test_a_domain_end_or_an_excluded_point_decides():
    assert not decide(x - 1, x, ">", Interval(sp.Integer(1), None, False, True)).holds  # x = 1 is allowed
    assert decide(x**2, x, ">", Interval(exclude=(sp.Integer(0),))).holds  # x != 0


FALSE_ONE_VARIABLE = [
    ('symbols: {x: scalar}\nclaim: "(x - 7)**2 > 0"', {"x": 7}, 0),
    ('symbols: {x: scalar}\nclaim: "(3*x - 1)**2 > 0"', {"x": "1/3"}, 0),
    ('symbols: {x: scalar}\nclaim: "(x**2 - 2)**2 > 0"', {"x": "sqrt(2)"}, 0),
]


@pytest.mark.parametrize("body, values, lhs", FALSE_ONE_VARIABLE)
def test_single_point_traps_are_falsified_exactly_with_both_sides(tmp_path, body, values, lhs):
    result = verify_claim(load(tmp_path, body + "\nexpect: false"), Settings(engine="symbolic"))
    assert result.status == "falsified" and result.passed
    example = result.counterexample()
    assert example["values"] == values and example["lhs"] == lhs and example["rhs"] == 0
    assert example["exact"] is True and "one-variable" in example["found_by"]
    assert json.dumps(result.to_json())  # the symbolic candidate never leaks into the report


@pytest.mark.parametrize("claim", ["1.000000001*x == x", "x*y*(1 + 1e-12) == x*y", "pi*x**2*y == 3.14159265*x**2*y"])
def test_identities_below_the_tolerance_are_refuted_exactly(tmp_path, claim):
    body = f'symbols: {{x: scalar, y: scalar}}\nclaim: "{claim}"\n'
    both = verify_claim(load(tmp_path, body), Settings())
    assert both.numeric["status"] == "passed"  # below the sampling tolerance
    assert both.status == "falsified"
    example = both.counterexample()
    assert example["found_by"].startswith("symbolic engine") and example["lhs"] != example["rhs"]


TRUE_IDENTITIES = [
    'symbols: {x: scalar}\nclaim: "sin(x)**2 + cos(x)**2 == 1"',
    'symbols: {x: scalar, y: scalar}\nclaim: "(x + y)**2 == x**2 + 2*x*y + y**2"',
    'symbols: {x: positive}\nclaim: "sqrt(x)**2 == x"',
    'symbols: {x: nonzero}\nclaim: "x / x == 1"',
    'symbols: {x: scalar}\nclaim: "(x - 7)**2 >= 0"',
    'symbols: {x: scalar}\ngiven: ["x > 7"]\nclaim: "(x - 7)**2 > 0"',
    'symbols: {x: {domain: [0, 1]}}\nclaim: "x**2 <= x"',
]


@pytest.mark.parametrize("body", TRUE_IDENTITIES)
def test_true_claims_are_never_refuted(tmp_path, body):
    assert prove(load(tmp_path, body)).status != "falsified"


def test_an_unconfirmed_symbolic_candidate_is_dropped(tmp_path):
    """A candidate the numeric engine's exact check refutes is no counterexample."""
    claim = load(tmp_path, 'symbols: {x: scalar}\nclaim: "(x - 7)**2 >= 0"')
    from proofcheck.language.goals import claim_goals
    from fractions import Fraction

    wrong = Candidate(claim_goals(claim)[0], {}, "symbolic engine: a bug", params={"x": [Fraction(7)]})
    data = _confirm_symbolic(claim, {"status": "falsified", "method": "x", "candidate": wrong})
    assert data["status"] == "unproven" and "not confirmed" in data["message"]


def test_combine_takes_a_confirmed_symbolic_counterexample_and_keeps_the_contradiction_check():
    assert combine({"status": "falsified", "message": "m"}, {"status": "passed"})[0] == "falsified"
    assert combine({"status": "falsified", "message": "m"}, {"status": "error"})[0] == "falsified"
    assert combine({"status": "proved", "method": "m", "scope": "s"}, {"status": "falsified"})[0] == "error"


def test_explain_shows_the_squares_and_the_root_isolation(tmp_path):
    amgm = tmp_path / "amgm.yaml"
    amgm.write_text('title: AM-GM\nsymbols: {x: nonnegative, y: nonnegative}\nclaim: "sqrt(x*y) <= (x + y)/2"\n')
    trap = tmp_path / "trap.yaml"
    trap.write_text('title: trap\nsymbols: {x: scalar}\nclaim: "(x**2 - 2)**2 > 0"\nexpect: false\n')
    shown = CliRunner().invoke(main, ["explain", str(amgm)]).output
    assert "(sqrt(x) - sqrt(y))**2" in shown and "using (sqrt(x))**2 = x" in shown
    shown = CliRunner().invoke(main, ["explain", str(trap)]).output
    assert "real-root isolation in x: the critical points are -sqrt(2), sqrt(2)" in shown
    assert "x = sqrt(2)" in shown and "found by the symbolic engine" in shown
    assert "symbolic: falsified, by symbolic engine: one-variable real-root isolation (" in shown
    assert "(None)" not in shown  # a counterexample has no scope


def test_the_certificate_corpus_true_claims_proved_false_never_proved():
    """The cert_* claims of the inequality corpus, through the prover alone (fast)."""
    report = check_paths(sorted(glob.glob(str(CORPUS / "cert_*.yaml"))))
    assert report.ok and len(report.claims) >= 60
    proved = {c.id: prove(c).status for c in report.claims}
    wrong = [i for c, i in ((c, c.id) for c in report.claims) if not c.expect and proved[i] == "proved"]
    missed = [i for c, i in ((c, c.id) for c in report.claims) if c.expect and proved[i] != "proved"]
    assert not wrong and not missed, (wrong, missed)
