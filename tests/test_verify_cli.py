"""`proofcheck verify` and `proofcheck explain`: verdicts, exit codes, reports."""

from __future__ import annotations

import json

from click.testing import CliRunner

from proofcheck.cli import main

TRUE = 'title: squares are nonnegative\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n'
UNDECIDED = 'title: hard\nsymbols: {x: positive}\nclaim: "sin(x) <= x"\n'
FALSE_EXPECTED = 'title: wrong\nsymbols: {x: scalar}\nclaim: "x**2 + 1 > 0"\nexpect: false\n'
MALFORMED = 'title: broken\nsymbols: {x: scalar}\nclaim: "x @ x >= 0"\n'


def corpus(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text)
    return str(tmp_path)


def run(*args):
    extra = ["--no-cache"] if args and args[0] == "verify" else []
    return CliRunner().invoke(main, list(args) + extra)


def test_all_passing_exits_zero_with_summary_last(tmp_path):
    result = run("verify", corpus(tmp_path, a=TRUE, b=UNDECIDED))
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("PROVED    a  positivity, all sizes")
    assert lines[1].startswith("UNPROVEN  b")
    assert lines[-1] == "2 passed, 0 failed"


def test_strict_fails_unproven(tmp_path):
    result = run("verify", "--strict", corpus(tmp_path, a=TRUE, b=UNDECIDED))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "1 passed, 1 failed"
    assert "b: unproven, expected a proof" in result.output


def test_malformed_file_is_an_error_verdict_and_others_still_run(tmp_path):
    result = run("verify", corpus(tmp_path, a=TRUE, bad=MALFORMED))
    assert result.exit_code == 1
    assert "PROVED    a" in result.output
    assert "ERROR     bad" in result.output
    assert "bad.yaml:3:9: error:" in result.output


def test_expect_false_without_a_counterexample_fails(tmp_path):
    result = run("verify", "--engine", "symbolic", corpus(tmp_path, f=FALSE_EXPECTED))
    assert result.exit_code == 1
    assert "expected a counterexample" in result.output


def test_json_report_follows_the_contract(tmp_path):
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    result = run("verify", corpus(tmp_path, a=TRUE, b=UNDECIDED, bad=MALFORMED), "--format", "json", "-o", str(out))
    assert result.exit_code == 1
    document = json.loads(out.read_text())
    assert document["version"] == 1
    assert document["summary"] == {"total": 3, "passed": 2, "failed": 1,
                                   "by_status": {"proved": 1, "falsified": 0, "unproven": 1, "error": 1}}
    first = document["claims"][0]
    assert {"id", "file", "line", "title", "expect", "status", "passed", "message", "symbolic", "numeric"} <= set(first)
    assert first["symbolic"]["status"] == "proved"
    assert first["symbolic"]["method"] == "positivity"
    assert first["symbolic"]["scope"] == "all sizes"
    assert isinstance(first["symbolic"]["seconds"], float)
    assert first["numeric"]["status"] == "passed"
    assert first["numeric"]["samples"] == 20000 and first["numeric"]["seed"] == 0
    assert first["numeric"]["counterexample"] is None


def test_json_and_text_together(tmp_path):
    # JSON shares standard output with nothing (it would not parse); FORMAT:FILE sends it to a file.
    path = corpus(tmp_path, a=TRUE)
    result = run("verify", path, "--format", "json", "--format", "text")
    assert result.exit_code == 2 and "json:FILE" in result.output
    out = tmp_path / "report.json"
    result = run("verify", path, "--format", f"json:{out}", "--format", "text")
    assert result.exit_code == 0
    assert json.loads(out.read_text())["claims"][0]["id"] == "a"
    assert result.output.startswith("PROVED")


def test_k_selects_by_id_and_nothing_selected_is_a_usage_error(tmp_path):
    path = corpus(tmp_path, alpha=TRUE, beta=UNDECIDED)
    result = run("verify", path, "-k", "alp")
    assert result.exit_code == 0
    assert "alpha" in result.output and "beta" not in result.output
    result = run("verify", path, "-k", "not alp")
    assert "beta" in result.output and "alpha" not in result.output
    assert run("verify", path, "-k", "zzz").exit_code == 2


def test_no_claim_files_is_exit_2(tmp_path):
    assert run("verify", str(tmp_path)).exit_code == 2
    assert run("verify", str(tmp_path / "missing")).exit_code == 2


def test_explain_prints_text_latex_and_certificate(tmp_path):
    path = corpus(tmp_path, lda="""\
title: LDA criterion is scale invariant
dims: {n: 1..2}
symbols: {Sb: "psd matrix[n, n]", Sw: "pd matrix[n, n]", w: "vector[n]", k: nonzero}
define: {J(u): "(u @ Sb @ u) / (u @ Sw @ u)"}
given: ["norm(w) > 0"]
claim: "J(k*w) == J(w)"
""")
    result = run("explain", f"{path}/lda.yaml")
    assert result.exit_code == 0, result.output
    assert "claim: J(k * w) == J(w)" in result.output  # definitions by their names
    assert "given: norm(w) > 0" in result.output and "for all k: nonzero scalar" in result.output
    assert r"k \in \mathbb{R} \setminus \{0\}" in result.output  # domains and givens in the LaTeX
    assert r"\left\lVert w \right\rVert > 0 \implies J\left(k \, w\right) = J\left(w\right)" in result.output
    assert r"J\left(u\right) := \frac{u^\top S_{b} u}{u^\top S_{w} u}" in result.output
    assert "Verdict: PROVED    lda  field, n=1..2" in result.output
    assert "numeric: passed, 20000 samples, seed 0" in result.output  # both engines ran
    assert "positive definite quadratic form of a nonzero vector" in result.output


def test_explain_runs_both_engines_and_agrees_with_verify(tmp_path):
    path = corpus(tmp_path, lda_any_k="""\
title: LDA criterion for any k (false at k = 0)
dims: {n: 1..2}
symbols: {Sb: "psd matrix[n, n]", Sw: "pd matrix[n, n]", w: "vector[n]", k: scalar}
define: {J(u): "(u @ Sb @ u) / (u @ Sw @ u)"}
given: ["norm(w) > 0"]
claim: "J(k*w) == J(w)"
""")
    verified = run("verify", path)
    explained = run("explain", "lda_any_k", path)
    assert verified.exit_code == explained.exit_code == 1
    assert verified.output.startswith("FALSIFIED lda_any_k  counterexample: ")
    assert "Verdict: FALSIFIED lda_any_k  counterexample: " in explained.output
    assert "      J(k * w) == J(w)" in explained.output and "      k = 0" in explained.output


def test_explain_unknown_target_is_a_usage_error_with_a_suggestion(tmp_path):
    assert run("explain", "no-such-claim").exit_code == 2
    path = corpus(tmp_path, squares=TRUE)
    result = run("explain", "square", path)
    assert result.exit_code == 2 and "did you mean 'squares'?" in result.output
