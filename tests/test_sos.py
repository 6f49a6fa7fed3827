"""Sum-of-squares certificates: found by an SDP, but a proof only once checked exactly.

The solver is a search heuristic: these tests tamper with what it proposes and
see the exact check (LDL^T of the rational Gram matrix, the polynomial identity)
refuse it, and run false companions of every inequality family through the
prover to see that none is proved.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from proofcheck.exact.linalg import ldl, ldl_psd
from proofcheck.symbolic import sdp, sos
from proofcheck.symbolic.engine import prove
from proofcheck.symbolic.sos_exact import Block, Certificate, holds, squares
from claimtools import load

x, y = sp.symbols("x y", real=True)


def test_ldl_factors_rebuild_the_matrix_and_accept_singular_psd():
    m = [[Fraction(4), Fraction(2), Fraction(0)], [Fraction(2), Fraction(1), Fraction(0)], [Fraction(0), Fraction(0), Fraction(3)]]
    factors = ldl(m)
    assert factors is not None and len(factors) == 2  # rank 2: singular, still psd
    rebuilt = [[sum(d * c[i] * c[j] for d, c in factors) for j in range(3)] for i in range(3)]
    assert rebuilt == m
    assert ldl_psd(m) == "psd" and ldl_psd([[1, -1], [-1, 1]]) == "psd" and ldl_psd([[2, 1], [1, 2]]) == "pd"
    assert ldl([[1, 2], [2, 1]]) is None and ldl([[0, 1], [1, 0]]) is None and ldl([[1, 2], [0, 1]]) is None


def _difference_of_squares():
    gens = (x, y)
    f = sp.Poly(x**2 - 2 * x * y + y**2, *gens, domain="QQ")
    return f, [Block(sp.Poly(1, *gens, domain="QQ"), "", [(1, 0), (0, 1)])]


def _certificate(gram):
    f, blocks = _difference_of_squares()
    found = squares(gram, blocks[0].basis, f.gens)
    if found is None:
        return None
    return holds(Certificate(f, squares=[(0, d, p) for d, p in found]), blocks, strict=False)


def test_the_exact_check_accepts_the_true_gram_matrix_and_refuses_tampered_ones():
    F = Fraction
    assert _certificate([[F(1), F(-1)], [F(-1), F(1)]]) is True
    # not psd: the exact LDL^T refuses it before any identity is looked at
    assert _certificate([[F(1), F(-101, 100)], [F(-101, 100), F(1)]]) is None
    # psd, but not the polynomial: the identity check refuses it
    assert _certificate([[F(2), F(-1)], [F(-1), F(1)]]) is False
    # rounding noise the projection did not remove: refused too
    assert _certificate([[F(1), F(-1)], [F(-1), F(1) + F(1, 2**40)]]) is False


def test_a_negative_weight_or_a_missing_margin_is_refused():
    f, blocks = _difference_of_squares()
    p = sp.Poly(x - y, x, y, domain="QQ")
    assert holds(Certificate(f, squares=[(0, Fraction(1), p)]), blocks, strict=False)
    assert not holds(Certificate(f, squares=[(0, Fraction(1), p)]), blocks, strict=True)  # > 0 needs t > 0
    g = sp.Poly(-(x - y) ** 2, x, y, domain="QQ")
    assert not holds(Certificate(g, squares=[(0, Fraction(-1), p)]), blocks, strict=False)


def test_a_lying_solver_proves_nothing(monkeypatch):
    """Whatever Gram matrices the SDP returns, a false inequality gets no certificate."""
    def liar(problem, time_limit=None):
        grams = [np.eye(m) * 3 - 1 for m in problem.sizes]
        return sdp.Solution(grams, [1.0] * problem.free, 1.0)

    monkeypatch.setattr(sdp, "solve", liar)
    assert sos.certify(x**2 - 3 * x * y + y**2, [], [], False, lambda: None) is None
    assert sos.certify(x * y, [(x, "x >= 0")], [], False, lambda: None) is None
    assert sos.certify(x**2 + y**2 - 1, [], [], True, lambda: None) is None


def test_cauchy_schwarz_certificate_lists_the_lagrange_squares():
    xs, ys = sp.symbols("x0:3", real=True), sp.symbols("y0:3", real=True)
    f = sp.expand(sum(a * a for a in xs) * sum(b * b for b in ys) - sum(a * b for a, b in zip(xs, ys)) ** 2)
    lines = sos.certify(f, [], [], False, lambda: None)
    assert lines is not None
    text = "\n".join(lines)
    squares = text.split(" = ")[-1].split(" + ")
    assert sorted(squares) == ["(x0*y1 - x1*y0)**2", "(x0*y2 - x2*y0)**2", "(x1*y2 - x2*y1)**2"]


def test_hypotheses_and_equations_are_multipliers():
    a, b = sp.symbols("a b", nonnegative=True)
    lines = sos.certify(a * b, [(a, "a >= 0"), (b, "b >= 0")], [], False, lambda: None)
    assert lines and "a >= 0" in lines[-1]
    r = sp.Symbol("r", nonnegative=True)  # r = sqrt(x): r**2 - x == 0
    lines = sos.certify(x - 2 * r + 1, [(r, "r >= 0")], [(r**2 - x, "r**2 = x")], False, lambda: None)
    assert lines and "(r - 1)**2" in lines[0] and "r**2 = x" in lines[-1]


TRUE = [
    ('symbols: {x: nonnegative, y: nonnegative}\nclaim: "sqrt(x*y) <= (x + y)/2"', "(sqrt(x) - sqrt(y))**2"),
    ('dims: {n: [3]}\nsymbols: {x: "vector[n]", y: "vector[n]"}\nclaim: "(x @ y)**2 <= (x @ x) * (y @ y)"',
     "(x[0]*y[1] - x[1]*y[0])**2"),
    ('symbols: {x: scalar, y: scalar}\nclaim: "abs(x + y) <= abs(x) + abs(y)"', "by cases"),
    ('dims: {n: [2, 3]}\nsymbols: {w: "vector[n]"}\nclaim: "norm(w, 1) >= norm(w)"', "A + B*r"),
    ('dims: {n: [2, 3]}\nsymbols: {w: "vector[n]"}\nclaim: "norm(w, 1) <= sqrt(n) * norm(w)"', "sqrt(3)"),
    ('dims: {n: [2, 3, 4]}\nsymbols: {x: "vector[n]"}\nclaim: "max(x) >= mean(x)"', ">= x[3]"),
    ('dims: {n: [2, 3]}\nsymbols: {x: "vector[n]"}\nclaim: "min(x) <= max(x)"', "max(x[0], x[1], x[2])"),
    ('dims: {n: [2]}\nsymbols: {x: "vector[n]", y: "vector[n]"}\nclaim: "norm(x + y) <= norm(x) + norm(y)"', "**2"),
]


@pytest.mark.parametrize("body, shown", TRUE)
def test_inequalities_proved_with_readable_certificates(tmp_path, body, shown):
    outcome = prove(load(tmp_path, body))
    assert outcome.status == "proved", outcome.message
    assert outcome.method == "sos"
    assert shown in "\n".join(outcome.certificate)


# False companions: a wrong constant, a missing condition, a flipped direction.
FALSE = [
    'symbols: {x: nonnegative, y: nonnegative}\nclaim: "sqrt(x*y) <= (x + y)/3"',
    'symbols: {x: scalar, y: scalar}\nclaim: "sqrt(x*y) <= (x + y)/2"',
    'symbols: {x: nonnegative, y: nonnegative}\nclaim: "sqrt(x*y) >= (x + y)/2"',
    'dims: {n: [3]}\nsymbols: {x: "vector[n]", y: "vector[n]"}\nclaim: "(x @ y)**2 <= (x @ x) * (y @ y) / 2"',
    'dims: {n: [3]}\nsymbols: {x: "vector[n]", y: "vector[n]"}\nclaim: "(x @ y)**2 >= (x @ x) * (y @ y)"',
    'symbols: {x: scalar, y: scalar}\nclaim: "abs(x + y) >= abs(x) + abs(y)"',
    'symbols: {x: scalar, y: scalar}\nclaim: "abs(x + y) < abs(x) + abs(y)"',
    'dims: {n: [2, 3]}\nsymbols: {w: "vector[n]"}\nclaim: "norm(w, 1) <= norm(w)"',
    'dims: {n: [2, 3]}\nsymbols: {w: "vector[n]"}\nclaim: "norm(w, 1) <= sqrt(n - 1) * norm(w)"',
    'dims: {n: [2, 3]}\nsymbols: {w: "vector[n]"}\nclaim: "norm(w, 1) < sqrt(n) * norm(w)"',
    'dims: {n: [2, 3]}\nsymbols: {x: "vector[n]"}\nclaim: "max(x) <= mean(x)"',
    'dims: {n: [2, 3]}\nsymbols: {x: "vector[n]"}\nclaim: "min(x) < max(x)"',
    'dims: {n: [2]}\nsymbols: {x: "vector[n]", y: "vector[n]"}\nclaim: "norm(x + y) <= (norm(x) + norm(y))/2"',
    'symbols: {x: nonnegative, y: nonnegative}\nclaim: "sqrt(x) <= sqrt(y)"',
    'symbols: {x: nonnegative, y: nonnegative}\nclaim: "sqrt(x + y) >= sqrt(x) + sqrt(y)"',
    'symbols: {x: scalar, y: scalar}\nclaim: "x**4 + y**4 >= x**3*y + x*y**3 + 1"',
    'symbols: {x: scalar, y: scalar}\nclaim: "x**2 + y**2 > 2*x*y"',
]


@pytest.mark.parametrize("body", FALSE)
def test_false_companions_are_never_proved(tmp_path, body):
    assert prove(load(tmp_path, body)).status != "proved"
