"""Claim loading, name resolution and shape checking of well-meant but wrong files."""

from __future__ import annotations

import textwrap
from fractions import Fraction

import pytest

from proofcheck.language import ir
from proofcheck.api import check_paths
from proofcheck.language.model import Domain


def load(tmp_path, text: str, name: str = "claim.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return check_paths([str(path)])


def only_claim(tmp_path, text: str):
    report = load(tmp_path, text)
    assert report.ok, [str(d) for d in report.diagnostics]
    (claim,) = report.claims
    return claim


def only_error(tmp_path, text: str):
    report = load(tmp_path, text)
    errors = report.errors
    assert errors, "expected an error"
    assert not report.claims
    return errors[0]


# ------------------------------------------------------------------ symbols


@pytest.mark.parametrize(
    "decl, shape, domain, structure",
    [
        ("scalar", (), "real", None),
        ("nonzero", (), "nonzero", None),
        ("positive scalar", (), "positive", None),
        ("vector[n]", ("n",), "real", None),
        ("matrix[n, 3]", ("n", 3), "real", None),
        ("nonnegative symmetric matrix[n, n]", ("n", "n"), "nonnegative", None and "symmetric"),
        ("pd matrix[n, n]", ("n", "n"), "real", "pd"),
        ("integer vector[n]", ("n",), "integer", None),
    ],
)
def test_short_symbol_forms(tmp_path, decl, shape, domain, structure):
    claim = only_claim(tmp_path, f"""
        title: t
        dims: {{n: 2..3}}
        symbols:
          s: {decl}
        claim: "sum(s) == sum(s)"
    """)
    symbol = claim.symbols["s"]
    assert symbol.shape == shape
    assert symbol.domain.kind == domain
    if "symmetric" in decl:
        assert symbol.structure == "symmetric"
    else:
        assert symbol.structure == structure


def test_long_form_interval_is_exact(tmp_path):
    claim = only_claim(tmp_path, """
        title: t
        symbols:
          theta: {domain: [0, 0.1]}
          M: {shape: [2, 2], structure: psd}
        claim: "theta >= 0"
    """)
    assert claim.symbols["theta"].domain == Domain("interval", Fraction(0), Fraction(1, 10))
    assert claim.symbols["M"].shape == (2, 2)
    assert claim.symbols["M"].structure == "psd"


@pytest.mark.parametrize(
    "decl, fragment",
    [
        ("positve scalar", "did you mean 'positive'"),
        ("psd matrix[n, m]", "square"),
        ("vector[q]", "unknown dim 'q'"),
        ("vector[n, n]", "vector is written"),
        ("negative pd matrix[n, n]", "is pd: its diagonal must be positive"),
        ("{shape: [n, n], domain: [-2, -1], structure: psd}", "must be nonnegative"),
        ("positive real scalar", "a second domain"),
        ("pd nonnegative matrix[n, n]", "the domain after the structure"),
        ("{shape: [[1]]}", "a dim name or a number"),
        ("{domain: [1, 0]}", "empty"),
        ("{domain: [0, 1], shap: [n]}", "unknown key 'shap'"),
        ("{shape: [n], domain: reel}", "did you mean 'real'"),
        ("a b c d", "[domain] [structure] kind"),
    ],
)
def test_bad_symbol_declarations(tmp_path, decl, fragment):
    diag = only_error(tmp_path, f"""
        title: t
        dims: {{n: 2, m: 3}}
        symbols:
          s: {decl}
        claim: "1 >= 0"
    """)
    assert fragment in diag.message
    assert diag.line == 5


@pytest.mark.parametrize("name", ["sum", "pi", "lambda", "_x", "x.y"])
def test_symbol_names_cannot_shadow_builtins_or_be_keywords(tmp_path, name):
    diag = only_error(tmp_path, f"""
        title: t
        symbols:
          {name}: scalar
        claim: "1 >= 0"
    """)
    assert diag.line == 4
    assert name in diag.message


# ------------------------------------------------------------------ dims


def test_dependent_dims_enumerate_every_combination(tmp_path):
    claim = only_claim(tmp_path, """
        title: t
        dims:
          n: 2..4
          k: 1..n-1
          l: [1, 3]
        symbols: {y: "vector[n]"}
        claim: "sum(y[:k]) + sum(y[k:]) == sum(y)"
    """)
    combos = list(claim.dim_combinations())
    assert len(combos) == (1 + 2 + 3) * 2
    assert combos[0] == {"n": 2, "k": 1, "l": 1}
    assert {"n": 4, "k": 3, "l": 3} in combos
    assert all(1 <= c["k"] <= c["n"] - 1 for c in combos)


def test_sample_dims_override_and_dependent_ranges_follow(tmp_path):
    claim = only_claim(tmp_path, """
        title: t
        dims: {n: 2.., k: 1..n-1}
        symbols: {y: "vector[n]"}
        claim: "sum(y[:k]) + sum(y[k:]) == sum(y)"
        check: {sample_dims: {n: 10..12}}
    """)
    combos = list(claim.dim_combinations(sampling=True))
    assert {c["n"] for c in combos} == {10, 11, 12}
    assert len(combos) == 9 + 10 + 11


@pytest.mark.parametrize(
    "dims, fragment, line",
    [
        ("{n: 1, k: 1..n-1}", "empty", 3),
        ("{n: 0}", "between 1 and 1000", 3),
        ("{n: 2..m}", "earlier dims", 3),
        ("{n: 'two'}", "range such as", 3),
        ("{n: 1..5000}", "1,000", 3),
    ],
)
def test_bad_dims(tmp_path, dims, fragment, line):
    diag = only_error(tmp_path, f"""
        title: t
        dims: {dims}
        claim: "1 >= 0"
    """)
    assert fragment in diag.message
    assert diag.line == line


# ------------------------------------------------------------------ definitions


def test_definitions_are_inlined_and_functions_are_shape_polymorphic(tmp_path):
    claim = only_claim(tmp_path, """
        title: t
        dims: {n: 3..4, k: 1..n-1}
        symbols: {y: "vector[n]"}
        define:
          sse(v): "sum((v - mean(v))**2)"
          total: "sse(y[:k]) + sse(y[k:])"
        claim: "total >= 0"
    """)
    (goal,) = claim.claims
    names = [n for n in ir.walk(goal) if isinstance(n, ir.Name)]
    assert names == []
    assert any(isinstance(n, ir.Sym) and n.name == "y" for n in ir.walk(goal))
    assert any(isinstance(n, ir.Dim) and n.name == "k" for n in ir.walk(goal))


def test_shared_definition_is_one_object(tmp_path):
    claim = only_claim(tmp_path, """
        title: t
        symbols: {x: scalar}
        define:
          a: "x * x"
        claim: "a + a >= 0"
    """)
    lhs = claim.claims[0].terms[0]
    assert lhs.left is lhs.right


def test_exponential_definitions_are_capped(tmp_path):
    lines = ["  d0: \"x\""] + [f"  d{i}: \"d{i-1} + d{i-1}\"" for i in range(1, 30)]
    text = "title: t\nsymbols: {x: scalar}\ndefine:\n" + "\n".join(lines) + "\nclaim: \"d29 >= 0\"\n"
    diag = only_error(tmp_path, text)
    assert "too large" in diag.message or "too deeply" in diag.message


@pytest.mark.parametrize(
    "define, claim, fragment",
    [
        ('{f(u): "u**2"}', "f(x, x) >= 0", "takes 1 argument"),
        ('{f(u): "u**2"}', "f >= 0", "call it as f(u)"),
        ('{a: "x"}', "a(x) >= 0", "not a function"),
        ('{f(x): "x**2"}', "f(1) >= 0", "shadows the symbol 'x'"),
        ('{a: "b", b: "x"}', "a >= 0", "defined later"),
        ('{x: "1"}', "x >= 0", "declared both"),
        ('{mean: "1"}', "1 >= 0", "shadow the built-in"),
        ('{"f(u, u)": "u"}', "1 >= 0", "repeats"),
        ('{f(u): "sum(u, axis=2)"}', "f(x) >= 0", "out of range"),
        ('{}', "foo(x) >= 0", "unknown function 'foo'"),
        ('{}', "xx >= 0", "did you mean 'x'"),
        ('{}', "sum >= 0", "built-in function"),
    ],
)
def test_definition_errors(tmp_path, define, claim, fragment):
    diag = only_error(tmp_path, f"""
        title: t
        symbols: {{x: scalar}}
        define: {define}
        claim: "{claim}"
    """)
    assert fragment in diag.message


# ------------------------------------------------------------------ shapes


@pytest.mark.parametrize(
    "claim, fragment",
    [
        ("X @ w >= 0", "cannot multiply a 3x2 matrix @ a vector of length 3"),
        ("X + w == 0", "do not broadcast"),
        ("w == v", "cannot compare a vector of length 3 with a vector of length 2"),
        ("psd(X)", "square"),
        ("psd(outer(w, w)) + 1 >= 0", "predicate cannot be used inside"),
        ("(w >= 0) + 1 >= 0", "relation cannot be used inside"),
        ("grad(w, w) == w", "scalar function"),
        ("grad(sum(w), 2 * w) == w", "must name a declared symbol"),
        ("hessian(sum(X), X) == X", "not a matrix"),
        ("diff(sum(w), w) == w", "scalar symbol"),
        ("w[3] >= 0", "out of range"),
        ("w[:4] == w[:4]", "out of range"),
        ("w[2:1] == w[2:1]", "empty"),
        ("X[0, 0, 0] >= 0", "too many indexes"),
        ("sum(X, axis=2) >= 0", "out of range"),
        ("norm(X, 1) >= 0", "needs a vector"),
        ("norm(w, 3) >= 0", "1-norm and the 2-norm"),
        ("eye(n / 2) == eye(n / 2)", "integer"),
        ("w[x] >= 0", "integer built from numbers and dims"),
        ("x + 1", "must be a relation"),
        ("x != 1", "only allowed in `given`"),
        ("convex(x**2, j)", "convex domain"),
        ("concat(w, X) == w", "concat joins"),
        ("sum(w, foo=1) >= 0", "no keyword 'foo'"),
        ("exp(w, w) >= 0", "takes 1 argument"),
        ("x**(1000) >= 0", "exponent 1000 is too large"),
        ("x**(n*40) >= 0", "too large"),
        ("outer(w, X) == X", "two vectors"),
        ("inv(X) == X", "square"),
    ],
)
def test_shape_errors(tmp_path, claim, fragment):
    diag = only_error(tmp_path, f"""
        title: t
        dims: {{n: 3}}
        symbols:
          X: matrix[n, 2]
          w: vector[n]
          v: vector[2]
          x: scalar
          j: integer
        claim: "{claim}"
    """)
    assert fragment in diag.message
    assert diag.line == 10


def test_shape_error_names_the_dims_and_column(tmp_path):
    report = load(tmp_path, """\
        title: t
        dims: {n: 2..3, l: [1, 2]}
        symbols: {X: "matrix[n, l]", w: "vector[n]"}
        claim: "sum(X @ w) >= 0"
    """)
    (diag,) = report.errors
    assert (diag.line, diag.col) == (4, 13)
    assert "(for n=2, l=1)" in diag.message


def test_valid_shapes(tmp_path):
    only_claim(tmp_path, """
        title: t
        dims: {n: 1..3, l: 1..2}
        symbols:
          X: matrix[n, l]
          W: nonnegative symmetric matrix[n, n]
          f: vector[n]
          y: vector[l]
          w: vector[n]
        define:
          L: "diag(sum(W, axis=1)) - W"
          loss: "sum((X.T @ w - y)**2) / (2*l)"
        given: ["norm(f) != 0", "0 <= f[0] <= 1"]
        claim:
          - "f @ L @ f == sum(W * (f[:, None] - f[None, :])**2) / 2"
          - "grad(loss, w) == X @ (X.T @ w - y) / l"
          - "hessian(loss, w) == X @ X.T / l"
          - "psd(X @ X.T)"
          - "convex(loss, w)"
          - "outer(f, y).T @ f == y * (f @ f)"
          - "trace(eye(n)) == n"
          - "concat(f, y)[n:] == y"
          - "w >= 0"
          - "softmax(w) > 0"
          - "logsumexp(w) >= max(w)"
          - "det(W + eye(n)) == det((W + eye(n)).T)"
          - "zeros(n, l) == 0 * X"
    """)


# ------------------------------------------------------------------ proofs


PROOF_CLAIM = """\
title: t
dims: {n: 2}
symbols:
  W: nonnegative symmetric matrix[n, n]
  f: vector[n]
define:
  L: "diag(sum(W, axis=1)) - W"
claim: "f @ L @ f >= 0"
proof: |
  f @ L @ f
  == sum(W * (f[:, None] - f[None, :])**2) / 2   # expand
  %s
"""


def test_proof_steps_keep_relations_and_lines(tmp_path):
    claim = only_claim(tmp_path, PROOF_CLAIM % ">= 0  # nonnegative terms")
    assert [s.rel for s in claim.proof] == [None, "==", ">="]
    assert [s.line for s in claim.proof] == [10, 11, 12]
    assert claim.proof[0].expr == claim.claims[0].terms[0]


@pytest.mark.parametrize(
    "last, fragment, line",
    [
        ("<= 0", "establishes `<=`, which does not imply the claim's `>=`", 9),
        (">= 1", "must end with the claim's right side `0`", 12),
        ("== 0", None, None),
        ("!= 0", "cannot be a proof step", 12),
        ("0", "starts with a relation", 12),
    ],
)
def test_proof_errors(tmp_path, last, fragment, line):
    report = load(tmp_path, PROOF_CLAIM % last)
    if fragment is None:
        assert report.ok
        return
    (diag,) = report.errors
    assert fragment in diag.message
    assert diag.line == line


def test_proof_must_start_with_the_left_side_and_imply_the_claim(tmp_path):
    text = PROOF_CLAIM.replace("  f @ L @ f\n  ==", "  f @ f\n  ==") % ">= 0"
    diag = only_error(tmp_path, text)
    assert "must start with the claim's left side `f @ L @ f`" in diag.message  # by its name
    assert diag.line == 10
    text = PROOF_CLAIM.replace('"f @ L @ f >= 0"', '"f @ L @ f > 0"') % ">= 0"
    diag = only_error(tmp_path, text)
    assert "does not imply" in diag.message


def test_chain_composition():
    from proofcheck.language.errors import ClaimError
    from proofcheck.language.proofs import compose

    assert compose(["==", "=="]) == "=="
    assert compose(["==", "<=", "=="]) == "<="
    assert compose(["<=", "<", "=="]) == "<"
    assert compose([">", ">="]) == ">"
    with pytest.raises(ClaimError, match="cannot mix"):
        compose(["<=", ">="])


def test_proof_step_error_column(tmp_path):
    report = load(tmp_path, PROOF_CLAIM % ">= 0 + q")
    (diag,) = report.errors
    assert (diag.line, diag.col) == (12, 10)
    assert "unknown name 'q'" in diag.message


# ------------------------------------------------------------------ files and runs


def test_unknown_key_suggests_the_right_one(tmp_path):
    diag = only_error(tmp_path, """
        title: t
        symbol: {x: scalar}
        claim: "x >= 0"
    """)
    assert "unknown key 'symbol'; did you mean 'symbols'?" in diag.message
    assert (diag.line, diag.col) == (3, 1)


@pytest.mark.parametrize(
    "extra, fragment",
    [
        ("expect: maybe", "true or false"),
        ("check: {samples: 0}", "between 1"),
        ("check: {rtol: 2}", "between 0 and 1"),
        ("check: {sample_dims: {m: 2..3}}", "not a dim"),
        ("check: {samplez: 3}", "did you mean 'samples'"),
        ("tags: nope", "must be a list"),
        ("uses: [Bad_Id]", "not a valid id"),
        ("title2: x", "unknown key"),
        ("given: x > 0", None),
        ("given: ['x']", "must be a relation"),
    ],
)
def test_key_validation(tmp_path, extra, fragment):
    report = load(tmp_path, f"title: t\ndims: {{n: 2}}\nsymbols: {{x: scalar}}\nclaim: \"x**2 >= 0\"\n{extra}\n")
    if fragment is None:
        assert report.ok, [str(d) for d in report.diagnostics]
    else:
        assert fragment in report.errors[0].message
        assert report.errors[0].line == 5


def test_several_errors_in_one_file_are_all_reported(tmp_path):
    report = load(tmp_path, """\
        title: t
        sorce: "Question 1"
        expect: perhaps
        claim: "x >= 0"
    """)
    lines = sorted(d.line for d in report.errors)
    assert lines == [2, 3, 4]  # the misspelt key does not hide the undeclared x


def test_every_independent_problem_of_a_file_is_reported_once(tmp_path):
    report = load(tmp_path, """\
        title: many mistakes
        tittle: typo
        dims: {n: 1..2}
        symbols:
          x: vector[n]
          bad: vectr[n]
          A: matrix[n, n]
        define:
          f(u): u @ A @ u
          g: sum(bad) + 1
          h: x @ x @ x
        given: ["x[0] = 1", "norm(x) > 0"]
        claim:
          - "x^2 >= 0"
          - "f(x) >= A + g"
          - "f(x) * x >= A"
          - "x @ y >= 0"
        proof: |
          x @ x
          = 2
          >= 0
        check: {samples: 0}
    """)
    found = sorted((d.line, d.message) for d in report.errors)
    expected = [
        (2, "unknown key 'tittle'"),
        (6, "unknown domain, structure or kind 'vectr[n]'"),
        (11, "`@`"),  # h: x @ x is a scalar
        (12, "invalid syntax: `=` assigns; write `==`"),
        (14, "operator `^` is not supported; write `**`"),
        (16, "cannot compare a vector of length 1 with a 1x1 matrix"),
        (17, "unknown name 'y'"),
        (20, "each proof line after the first starts with a relation"),
        (22, "`check.samples` must be between 1"),
    ]
    assert len(found) == len(expected), found
    for (line, message), (want_line, fragment) in zip(found, expected):
        assert line == want_line and fragment in message, (line, message)
    assert not [m for _, m in found if "'bad'" in m or "'g'" in m]  # uses of a failed name are not errors again


def test_ids_default_to_file_name_and_must_be_unique(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "same.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    (tmp_path / "same.yml").write_text('title: t\nclaim: "1 >= 0"\n')
    (tmp_path / "Bad Name.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    (tmp_path / "other.yaml").write_text('title: t\nid: x-1\nclaim: "1 >= 0"\nuses: [same, nowhere]\n')
    report = check_paths([str(tmp_path)])
    messages = [d.message for d in report.diagnostics]
    assert any("duplicate claim id 'same'" in m for m in messages)
    assert any("'Bad Name' is not a valid claim id" in m for m in messages)
    warnings = [d for d in report.diagnostics if d.severity == "warning"]
    assert len(warnings) == 1 and "'nowhere'" in warnings[0].message
    assert sorted(c.id for c in report.claims) == ["same", "x-1"]


def test_course_claims_load_and_cover_the_text():
    report = check_paths(["claims"])
    assert report.ok, [str(d) for d in report.diagnostics]
    assert len(report.claims) >= 12
    questions = {c.source for c in report.claims}
    assert {f"Question {n}" for n in (1, 2, 6, 7, 8, 13, 14, 16)} <= questions
    assert sum(not c.expect for c in report.claims) >= 3
    assert any(c.proof for c in report.claims if c.source == "Question 6")


def test_every_combination_of_dims_is_shape_checked(tmp_path):
    diag = only_error(tmp_path, """
        title: t
        dims: {m: [1, 2], k: 1..200}
        symbols: {x: "vector[2]"}
        claim: "x[2*m - 2] + 0*k == x[0]"
    """)
    assert "out of range" in diag.message and "m=2" in diag.message


def test_too_many_combinations_of_dims(tmp_path):
    diag = only_error(tmp_path, """
        title: t
        dims: {a: 1..50, b: 1..50}
        claim: "a + b > 0"
    """)
    assert "more than 2,000 combinations" in diag.message and "unbounded dim" in diag.message


def test_flow_mapping_comma_hint(tmp_path):
    diag = only_error(tmp_path, """
        title: t
        symbols: {x: scalar}
        define: {f(u, v): "u"}
        claim: "f(x, x) == x"
    """)
    assert "a comma ends the key" in diag.message


def test_convexity_under_a_condition_that_may_cut_the_domain_is_an_error(tmp_path):
    diag = only_error(tmp_path, """
        title: t
        symbols: {x: scalar}
        given: ["x != 0"]
        claim: "convex(1 / x**2, x)"
    """)
    assert "may not be convex" in diag.message and diag.line == 5
    only_claim(tmp_path, """
        title: t
        symbols: {x: scalar}
        given: ["0 < x <= 3"]
        claim: "convex(1 / x**2, x)"
    """)


def test_symmetric_matrices_with_negative_entries_are_fine(tmp_path):
    only_claim(tmp_path, """
        title: t
        symbols: {S: {shape: [2, 2], domain: [-2, -1], structure: symmetric}}
        claim: "S[0, 1] == S[1, 0]"
    """)


@pytest.mark.parametrize("claim, fragment", [
    ("sum(zeros(-1)) >= 0", "between 1 and 1000"),
    ("trace(eye(0)) >= 0", "between 1 and 1000"),
    ("sum(w, axis=0, axis=0) >= 0", "twice"),
])
def test_constructor_sizes_and_repeated_keywords(tmp_path, claim, fragment):
    diag = only_error(tmp_path, f"""
        title: t
        dims: {{n: 2}}
        symbols: {{w: "vector[n]"}}
        claim: "{claim}"
    """)
    assert fragment in diag.message
