"""The symbolic engine: what each tactic proves, over which sizes, and what it must not."""

from __future__ import annotations


import pytest

from proofcheck.symbolic.engine import prove
from proofcheck.gate.verify import Settings, verify_claim
from claimtools import load


def result(tmp_path, text: str):
    return prove(load(tmp_path, text))


# (claim body, expected method, expected scope)
PROVED = [
    ('symbols: {x: scalar}\nclaim: "x**2 + 1 > 0"', "positivity", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "exp(x) > 0"', "positivity", "all sizes"),
    ('symbols: {y: nonnegative}\nclaim: "sqrt(y) >= 0"', "positivity", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {v: "vector[n]", M: "psd matrix[n, n]"}\nclaim: "v @ M @ v >= 0"',
     "positivity", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {v: "vector[n]", M: "pd matrix[n, n]"}\ngiven: ["norm(v) > 0"]\n'
     'claim: "v @ (M @ v) > 0"', "positivity", "all sizes"),
    ('dims: {n: 1..3, m: 1..2}\nsymbols: {A: "matrix[n, m]"}\nclaim: "psd(A.T @ A)"', "positivity", "all sizes"),
    ('dims: {n: 1..3, m: 1..2}\nsymbols: {B: "matrix[n, m]", P: "psd matrix[n, n]"}\nclaim: "psd(B.T @ P @ B)"',
     "positivity", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {P: "psd matrix[n, n]"}\nclaim: "pd(P + eye(n))"', "positivity", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {v: "vector[n]"}\nclaim: "psd(outer(v, v) / 2)"', "positivity", "all sizes"),
    ('symbols: {x: positive}\nclaim: "concave(log(x), x)"', "dcp", "all sizes"),
    ('symbols: {x: nonnegative}\nclaim: "concave(sqrt(x), x)"', "dcp", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "convex(maximum(x, 0)**2, x)"', "dcp", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {x: "vector[n]"}\nclaim: "convex(logsumexp(x), x)"', "dcp", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {x: "vector[n]", M: "psd matrix[n, n]", b: "vector[n]"}\n'
     'claim: "convex((x - b) @ M @ (x - b) + norm(x, 1), x)"', "dcp", "all sizes"),
    ('symbols: {x: scalar}\ngiven: ["x > 0"]\nclaim: "convex(1 / x, x)"', "dcp", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "convex(x**4 + x**2, x)"', "dcp", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "convex(exp(x) - x, x)"', "dcp", "all sizes"),
    ('symbols: {x: scalar, y: scalar}\nclaim: "convex(x**2 - x * y + y**2, x)"', "dcp", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "convex(x**4 - x**3 + x**2, x)"', "hessian", "all sizes"),
    ('dims: {n: [2]}\nclaim: "psd(2 * eye(n) - ones(n, n))"', "psd", "n=2"),
    ('symbols: {x: nonzero}\nclaim: "x / x == 1"', "ring", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "sqrt(x**2) == abs(x)"', "ring", "all sizes"),
    ('symbols: {x: positive}\nclaim: "log(x**2) == 2 * log(x)"', "ring", "all sizes"),
    ('symbols: {a: positive, b: positive}\nclaim: "1/a + 1/b == (a + b) / (a * b)"', "ring", "all sizes"),
    ('symbols: {x: {domain: [2, 3]}}\nclaim: "(x**2 - 1) / (x - 1) == x + 1"', "field", "all sizes"),
    ('dims: {n: 2..4, k: 1..n-1}\nsymbols: {y: "vector[n]"}\nclaim: "sum(y[:k]) + sum(y[k:]) == sum(y)"',
     "ring", "n=2..4, k=1..n-1"),
    ('symbols: {t: scalar}\ngiven: ["0 <= t <= 1"]\nclaim: "t * (1 - t) >= 0"', "positivity", "all sizes"),
    ('symbols: {x: scalar, y: scalar}\nclaim: "x**2 - 2*x*y + 2*y**2 >= 0"', "sign-analysis", "all sizes"),
    ('symbols: {x: scalar}\nclaim: "x == x"', "rfl", "all sizes"),
    ('dims: {n: 1..3, l: 1..2}\nsymbols: {X: "matrix[n, l]", w: "vector[n]", y: "vector[l]"}\n'
     'claim: "psd(hessian(sum((X.T @ w - y)**2) / (2*l), w))"', "dcp", "all sizes"),
    ('dims: {n: 1..3}\nsymbols: {w: "nonzero vector[n]"}\nclaim: "grad(norm(w, 1), w) == sign(w)"',
     "ring", "n=1..3"),
    ('symbols: {x: scalar}\nclaim: "diff(sin(x)**2 + cos(x)**2, x) == 0"', "ring", "all sizes"),
]


@pytest.mark.parametrize("body, method, scope", PROVED)
def test_proved_with_method_and_scope(tmp_path, body, method, scope):
    outcome = result(tmp_path, body)
    assert outcome.status == "proved", outcome.message
    assert outcome.method == method
    assert outcome.scope == scope
    assert outcome.certificate


# each: a false claim (or one the engine must not decide), and why
NOT_PROVED = [
    ('symbols: {x: scalar}\nclaim: "x / x == 1"', "0/0 at x = 0"),
    ('symbols: {x: nonzero}\nclaim: "log(x**2) == 2 * log(x)"', "log(x) undefined for x < 0"),
    ('symbols: {x: scalar}\nclaim: "sqrt(x)**2 == x"', "sqrt undefined for x < 0"),
    ('dims: {n: 1..3}\nsymbols: {v: "vector[n]", M: "pd matrix[n, n]"}\nclaim: "v @ M @ v > 0"', "v = 0"),
    ('dims: {n: 1..3}\nsymbols: {v: "vector[n]", M: "symmetric matrix[n, n]"}\nclaim: "v @ M @ v >= 0"',
     "M indefinite"),
    ('dims: {n: 2..3}\nclaim: "psd(2 * eye(n) - ones(n, n))"', "n = 3: eigenvalue -1"),
    ('symbols: {x: scalar}\nclaim: "convex(x**3, x)"', "x**3 is concave for x < 0"),
    ('symbols: {x: nonnegative}\nclaim: "convex(sqrt(x), x)"', "sqrt is concave"),
    ('symbols: {x: scalar}\nclaim: "convex(abs(x) - x**2, x)"', "difference of convex functions"),
    ('dims: {n: 1..3}\nsymbols: {w: "vector[n]"}\nclaim: "grad(norm(w, 1), w) == sign(w)"', "no gradient at 0"),
    ('symbols: {x: scalar}\nclaim: "diff(abs(x), x) == sign(x)"', "abs has no derivative at 0"),
    ('symbols: {x: scalar}\nclaim: "diff(maximum(x, 0), x) >= 0"', "maximum has no derivative at 0"),
    ('symbols: {t: scalar}\ngiven: ["0 <= t <= 2"]\nclaim: "t * (1 - t) >= 0"', "t = 2"),
    ('symbols: {x: scalar, y: scalar}\nclaim: "x**2 - 3*x*y + 2*y**2 >= 0"', "x = 3/2, y = 1"),
    ('symbols: {x: scalar}\nclaim: "x**2 > 0"', "x = 0"),
    ('dims: {n: 1..2}\nsymbols: {w: "vector[n]"}\nclaim: "psd(hessian(-sum(w**2), w))"', "concave"),
    ('dims: {n: 1..2}\nsymbols: {w: "vector[n]"}\nclaim: "psd(hessian(norm(w), w))"', "no Hessian at 0"),
    ('symbols: {k: scalar, a: positive}\nclaim: "(k * a) / (k * a) == 1"', "k = 0"),
    ('dims: {n: 1..2}\nsymbols: {A: "matrix[n, n]"}\nclaim: "inv(inv(A)) == A"', "A singular"),
    # found by the soundness audit: a 1x1 pd term broadcasts to a singular all-ones matrix
    ('claim: "pd(zeros(2, 2) + eye(1))"', "zeros(2,2) + eye(1) is [[1,1],[1,1]]"),
    ('symbols: {P: "psd matrix[2, 2]", x: "vector[2]"}\ngiven: ["norm(x) > 0"]\n'
     'claim: "x @ (P + eye(1)) @ x > 0"', "P = 0, x = (1, -1)"),
    # the order of a norm given by a dim: the 1-norm's kinks still count
    ('dims: {m: [1]}\nsymbols: {x: "vector[2]"}\ngiven: ["norm(x) > 0"]\n'
     'claim: "grad(norm(x, m), x) == sign(x)"', "no gradient at x = (1, 0)"),
    # an argument the function body ignores must still be defined
    ('symbols: {x: scalar, y: scalar}\ndefine:\n  first(u, v): "u"\nclaim: "first(x, log(y)) == x"',
     "log(y) undefined for y <= 0"),
    ('symbols: {x: scalar}\ndefine:\n  one(u): "1"\nclaim: "one(1 / x) == 1"', "1/x undefined at 0"),
    # a reduction along an axis: a row may be all zeros
    ('dims: {n: 2}\nsymbols: {W: "nonnegative symmetric matrix[n, n]"}\ngiven: ["norm(W) > 0"]\n'
     'claim: "pd(diag(sum(W, axis=1)))"', "W = [[1, 0], [0, 0]]"),
]


@pytest.mark.parametrize("body, why", NOT_PROVED)
def test_never_proved(tmp_path, body, why):
    outcome = result(tmp_path, body)
    assert outcome.status != "proved", f"{why}: {outcome.certificate}"


def test_wrong_proof_step_is_named_by_line(tmp_path):
    outcome = result(tmp_path, """\
        dims: {n: 1..3}
        symbols:
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
        define:
          L: "diag(sum(W, axis=1)) - W"
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2)   # the /2 is missing
          >= 0
    """)
    assert outcome.status == "falsified"  # refuted exactly: the step's two sides differ as polynomials
    assert outcome.candidate.goal.line == 11
    assert "proof step at line 11" in outcome.message


def test_calc_scope_is_the_narrowest_step(tmp_path):
    outcome = result(tmp_path, """\
        dims: {n: 1..2}
        symbols: {W: "nonnegative symmetric matrix[n, n]", f: "vector[n]"}
        define: {L: "diag(sum(W, axis=1)) - W"}
        claim: "f @ L @ f >= 0"
        proof: |
          f @ L @ f
          == sum(W * (f[:, None] - f[None, :])**2) / 2
          >= 0
    """)
    assert outcome.status == "proved"
    assert outcome.method == "calc(ring, positivity)"
    assert outcome.scope == "n=1..2"


def test_side_goals_come_from_the_tree_not_from_sympy(tmp_path):
    # sympy turns k**2 * q / (k**2 * q) into 1 as it builds; the tree keeps k != 0
    outcome = result(tmp_path, """\
        dims: {n: 1..2}
        symbols: {k: scalar, w: "vector[n]", S: "pd matrix[n, n]"}
        given: ["norm(w) > 0"]
        define: {q(u): "u @ S @ u"}
        claim: "q(k * w) / q(k * w) == 1"
    """)
    assert outcome.status == "unproven"
    assert "could not show `q(k * w)` != 0" in outcome.message  # definitions by their names


def test_given_nonzero_vector_discharges_a_quadratic_denominator(tmp_path):
    outcome = result(tmp_path, """\
        dims: {n: 1..2}
        symbols: {k: nonzero, w: "vector[n]", S: "pd matrix[n, n]"}
        given: ["norm(w) > 0"]
        define: {q(u): "u @ S @ u"}
        claim: "q(k * w) / q(k * w) == 1"
    """)
    assert outcome.status == "proved"
    assert any("positive definite quadratic form of a nonzero vector" in line for line in outcome.certificate)


def test_timeout_is_an_error_and_the_run_goes_on(tmp_path):
    claim = load(tmp_path, """\
        symbols: {a: scalar, b: scalar, c: scalar, d: scalar}
        claim: "(a + b + c + d)**10 * (a - b + c - d)**8 == (a + b + c + d)**8 * (a - b + c - d)**10"
    """)
    outcome = verify_claim(claim, Settings("symbolic", timeout=0.5))
    assert outcome.status == "error"
    assert outcome.message.startswith("timeout: the symbolic engine did not finish within 0.5 s")
    assert not outcome.passed


def test_an_engine_crash_is_an_error_verdict(tmp_path, monkeypatch):
    import proofcheck.symbolic.engine as engine

    def broken(claim, deadline=None):
        raise ValueError("boom")

    monkeypatch.setattr(engine, "prove", broken)
    claim = load(tmp_path, 'symbols: {x: scalar}\nclaim: "x**2 >= 0"')
    outcome = verify_claim(claim, Settings("symbolic"))
    assert outcome.status == "error"
    assert "internal error" in outcome.message and "boom" in outcome.message


def test_guarded_arguments_do_not_block_true_claims(tmp_path):
    outcome = result(tmp_path, 'symbols: {x: positive, y: scalar}\ndefine:\n  first(u, v): "u"\n'
                               'claim: "first(y, log(x)) == y"')
    assert outcome.status == "proved"


UNIT = 'define:\n  e0: "ones(2) - concat(zeros(1), ones(1))"\n  e1: "concat(zeros(1), ones(1))"\n'


def test_parametric_ldl_certificate(tmp_path):
    # [[a, b], [b, b**2/a + 1]]: pivots a and 1
    outcome = result(tmp_path, 'symbols: {a: positive, b: scalar}\n' + UNIT
                     + '  M: "a * outer(e0, e0) + b * (outer(e0, e1) + outer(e1, e0)) + (b**2/a + 1) * outer(e1, e1)"\n'
                     + 'claim: "pd(M)"')
    assert outcome.status == "proved", outcome.message
    assert any("LDL^T with pivots a, 1" in line for line in outcome.certificate)


def test_parametric_ldl_refuses_an_indefinite_matrix(tmp_path):
    # [[a, b], [b, a]] is indefinite when |b| > a
    outcome = result(tmp_path, 'symbols: {a: positive, b: scalar}\n' + UNIT
                     + '  M: "a * eye(2) + b * (outer(e0, e1) + outer(e1, e0))"\nclaim: "psd(M)"')
    assert outcome.status == "unproven"


def test_abs_in_sign_rules(tmp_path):
    assert result(tmp_path, 'symbols: {x: scalar}\nclaim: "abs(x) + 1 > 0"').status == "proved"
    assert result(tmp_path, 'symbols: {x: nonzero}\nclaim: "1 / abs(x) > 0"').status == "proved"


def test_vector_inequality_without_dims(tmp_path):
    outcome = result(tmp_path, 'symbols: {x: "vector[2]"}\nclaim: "x**2 - 2*x + 1 >= 0"')
    assert outcome.status == "proved", outcome.message


def test_a_psd_sum_whose_shapes_agree_only_at_the_declared_sizes_is_not_all_sizes(tmp_path):
    outcome = result(tmp_path, 'dims: {n: [2], m: [2]}\nsymbols: {P: "psd matrix[n, n]"}\nclaim: "pd(P + eye(m))"')
    assert outcome.status == "proved"
    assert outcome.scope == "n=2, m=2"
