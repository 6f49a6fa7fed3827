"""Messages that help: definitions by their names, hints for common mistakes,
did-you-mean, and selection by pytest-style -k expressions and --tag."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimtools import load
from proofcheck.api import check_paths
from proofcheck.cli import main
from proofcheck.gate.session import has_tag, matcher
from proofcheck.language import ir

KL = """\
dims: {n: 1..3}
symbols: {a: "positive vector[n]", b: "positive vector[n]"}
define:
  p: a / sum(a)
  q: b / sum(b)
  kl(u, v): sum(u * log(u / v))
claim: "%s"
"""


def test_definitions_print_by_their_names_and_the_engines_see_the_same_tree(tmp_path):
    named = load(tmp_path, KL % "sum(p * log(p / q)) + kl(q, p) >= 0")
    assert ir.to_text(named.claims[0]) == "sum(p * log(p / q)) + kl(q, p) >= 0"
    (tmp_path / "inline").mkdir()
    inline = load(tmp_path / "inline", KL % (
        "sum(a / sum(a) * log(a / sum(a) / (b / sum(b)))) + sum(b / sum(b) * log(b / sum(b) / (a / sum(a)))) >= 0"))
    assert named.claims[0] == inline.claims[0]  # the names are for printing only
    assert ir.to_text(inline.claims[0]).startswith("sum(a / sum(a) * log(")


def test_a_function_called_inside_a_function_prints_its_argument_substituted(tmp_path):
    claim = load(tmp_path, """\
        symbols: {x: scalar, k: nonzero}
        define: {sq(u): "u * u", quad(v): "sq(v) + sq(2 * v)"}
        claim: "quad(k * x) >= 0"
    """)
    goal = claim.claims[0]
    assert ir.to_text(goal) == "quad(k * x) >= 0"
    assert ir.to_text(goal.terms[0], expand=True) == "sq(k * x) + sq(2 * (k * x))"


@pytest.mark.parametrize("text, hint, column", [
    ("x = 1", "`=` assigns; write `==` to state an equality", 3),
    ("sum(x, axis=0) = 1", "`=` assigns", 16),
    ("x^2 >= 0", "write `**` for a power", 1),
    ("x => 0", "`=>` is not a relation; write `>=`", 3),
    ("transpose(A) @ x >= 0", "write `A.T` for the transpose of A", 1),
    ("A.T() @ x >= 0", "`.T` is not a method", 1),
    ("np.sum(x) >= 0", "write `sum(...)` without `np.`", 1),
])
def test_parse_errors_hint_at_the_usual_fix(tmp_path, text, hint, column):
    path = tmp_path / "c.yaml"
    path.write_text(f'title: t\nsymbols: {{x: "vector[2]", A: "matrix[2, 2]"}}\nclaim: "{text}"\n')
    [diag] = check_paths([str(path)]).errors
    assert hint in diag.message and (diag.line, diag.col) == (3, 8 + column), str(diag)


@pytest.mark.parametrize("text, hint, line", [
    ('title: t\nsymbols:\n  x: scalar\n   y: scalar\nclaim: "x == x"\n', "check the indentation", 4),
    ('title: t\nsymbols:\n\tx: scalar\nclaim: "x == x"\n', "indent with spaces, not tabs", 3),
    ('title: t\ndims: {k: 1..3}\nsymbols: {y: simplex vector[k]}\nclaim: "y == y"\n',
     'quote a value with brackets inside `{...}`', 3),
])
def test_yaml_errors_hint_at_the_usual_fix(tmp_path, text, hint, line):
    path = tmp_path / "c.yaml"
    path.write_text(text)
    [diag] = check_paths([str(path)]).errors
    assert diag.message.startswith("invalid YAML: ") and hint in diag.message and diag.line == line, str(diag)


def test_uses_and_explain_suggest_the_closest_id(tmp_path, monkeypatch):
    (tmp_path / "laplacian_psd.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    (tmp_path / "other.yaml").write_text('title: t\nclaim: "1 >= 0"\nuses: [laplacian-psd]\n')
    [warning] = check_paths([str(tmp_path)]).diagnostics
    assert "did you mean 'laplacian_psd'?" in warning.message
    result = CliRunner().invoke(main, ["explain", "laplacian", str(tmp_path)])
    assert result.exit_code == 2 and "did you mean 'laplacian_psd'?" in result.output
    course = tmp_path / "course"  # an id outside the default claims/ of the working directory
    (course / "claims").mkdir(parents=True)
    (course / "claims" / "one.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["explain", "week2-1"])
    assert result.exit_code == 2 and "name its folder or file: proofcheck explain week2-1 notes/" in result.output


@pytest.mark.parametrize("pattern, selected", [
    ("LDA", {"lda_any", "lda_scale"}),
    ("lda and not any", {"lda_scale"}),
    ("(lda or tree) and not scale", {"lda_any", "tree_split"}),
    ("not (lda or tree)", {"laplacian"}),
    ("Split or LAP", {"tree_split", "laplacian"}),
])
def test_k_takes_pytest_expressions(pattern, selected):
    ids = {"lda_any", "lda_scale", "tree_split", "laplacian"}
    assert {i for i in ids if matcher(pattern)(i)} == selected


@pytest.mark.parametrize("pattern", ["lda and", "(lda", "lda)", "and lda", "lda tree", "not"])
def test_a_malformed_k_expression_is_a_usage_error(pattern, tmp_path):
    with pytest.raises(ValueError):
        matcher(pattern)
    (tmp_path / "a.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    result = CliRunner().invoke(main, ["verify", str(tmp_path), "--no-cache", "-k", pattern])
    assert result.exit_code == 2 and "-k" in result.output


def test_tags_select_any_of_them_and_keep_files_that_do_not_load(tmp_path):
    assert has_tag(("Week1",))(("week1", "lda")) and not has_tag(("week2",))(("week1",))
    assert has_tag(())(())
    (tmp_path / "one.yaml").write_text('title: t\ntags: [week1]\nclaim: "1 >= 0"\n')
    (tmp_path / "two.yaml").write_text('title: t\ntags: [week2]\nclaim: "2 >= 0"\n')
    (tmp_path / "three.yaml").write_text('title: t\ntags: [week3]\nclaim: "3 >= 0"\n')
    (tmp_path / "broken.yaml").write_text('title: t\ntags: [week3]\nclaim: "3 >= "\n')
    result = CliRunner().invoke(main, ["verify", str(tmp_path), "--no-cache", "--tag", "week1", "--tag", "WEEK2"])
    ids = [line.split()[1] for line in result.output.split("\n\n")[0].splitlines()]
    assert ids == ["broken", "one", "two"]
    none = CliRunner().invoke(main, ["verify", str(tmp_path), "--no-cache", "--tag", "x", "-k", "one"])
    assert none.exit_code == 2 and "by -k 'one' --tag x" in none.output
