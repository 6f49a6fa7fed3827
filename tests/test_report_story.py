"""One story in every format: text, json, junit, github, markdown, pytest and
`explain` give every claim the same outcome (proved, falsified as expected,
unproven, failed, error), on the course claims and on a set with every kind."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from proofcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
KINDS = {
    "s_proved": 'title: squares\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n',
    "s_wrong": 'title: wrong\nsymbols: {x: scalar}\nclaim: "x**2 >= x"\n',
    "s_xfail": 'title: false on purpose\nsymbols: {x: scalar}\nclaim: "x**2 > 0"\nexpect: false\n',
    "s_unproven": 'title: hard\nsymbols: {x: positive}\nclaim: "sin(x) <= x"\n',
    "s_true_but_expected_false": 'title: t\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\nexpect: false\n',
    "s_broken": 'title: broken\nsymbols: {x: scalar}\nclaim: "x @ x >= 0"\n',
}
EXPECTED = {"s_proved": "passed", "s_wrong": "failed", "s_xfail": "xfail", "s_unproven": "unproven",
            "s_true_but_expected_false": "failed", "s_broken": "error"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The set with every kind of outcome, in a folder `claims` (the course claims sit beside it)."""
    folder = tmp_path_factory.mktemp("story") / "claims"
    folder.mkdir()
    for name, text in KINDS.items():
        (folder / f"{name}.yaml").write_text(text)
    return folder


def _from_json(claim: dict) -> str:
    """The outcome from the JSON contract's fields, by SPEC section 8."""
    if claim["status"] == "error":
        return "error"
    if not claim["passed"]:
        return "failed"
    return {"falsified": "xfail", "unproven": "unproven", "proved": "passed"}[claim["status"]]


def _from_line(line: str) -> tuple:
    """(id, outcome) of a text report line: `LABEL id  detail  (time)[  FAILED]`."""
    word, claim_id = line.split()[:2]
    if word == "ERROR":
        return claim_id, "error"
    if line.endswith("FAILED"):
        return claim_id, "failed"
    return claim_id, {"PROVED": "passed", "XFAIL": "xfail", "UNPROVEN": "unproven"}[word]


def _from_junit(case) -> str:
    if case.find("error") is not None:
        return "error"
    if case.find("failure") is not None:
        return "failed"
    if case.find("skipped") is not None:
        return "unproven"
    out = case.find("system-out")
    return "xfail" if out is not None and out.text.startswith("falsified, as expected") else "passed"


def _from_github(lines: list) -> dict:
    found = {}
    for line in lines:
        match = re.match(r"::(error|warning|notice) file=[^,]*,line=\d+,title=proofcheck%3A (\S+) (\S+)::", line)
        if match:
            level, claim_id, status = match.groups()
            found[claim_id] = {"warning": "unproven", "notice": "xfail"}.get(level) or (
                "error" if status == "error" else "failed")
    return found


def _from_markdown(table: str) -> dict:
    found = {}
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) == 6 and cells[2] not in ("claim", "---"):
            icon, status = cells[0], cells[1]
            claim_id = cells[2].replace("\\_", "_").replace("\\-", "-")
            found[claim_id] = {"✅": "xfail" if "as expected" in status else "passed", "⚠️": "unproven",
                               "❌": "failed", "💥": "error"}[icon]
    return found


def _pytest_outcomes(folder: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--proofcheck", folder.name,
                           "-v", "-n", "2", "--rootdir", str(folder.parent)],
                          cwd=folder.parent, capture_output=True, text=True, env=env, timeout=300)
    found = {}
    for match in re.finditer(r"(PASSED|FAILED|XFAIL|SKIPPED)\S* \S+::(\S+)", done.stdout):
        word, claim_id = match.groups()
        found[claim_id] = {"PASSED": "passed", "XFAIL": "xfail", "SKIPPED": "unproven", "FAILED": "failed"}[word]
    return found


def test_every_format_and_explain_tell_the_same_story(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    paths = [str(ROOT / "claims"), str(corpus)]
    result = CliRunner().invoke(main, [
        "verify", *paths, "--no-cache", "--format", "text",
        "--format", f"json:{out / 'r.json'}", "--format", f"junit:{out / 'r.xml'}",
        "--format", f"markdown:{out / 'r.md'}", "--format", f"github:{out / 'gh.txt'}"])
    assert result.exit_code == 1, result.output
    truth = {c["id"]: _from_json(c) for c in json.loads((out / "r.json").read_text())["claims"]}
    assert {k: truth[k] for k in EXPECTED} == EXPECTED
    assert sum(v == "xfail" for v in truth.values()) == 4  # three course claims are false on purpose

    text = dict(_from_line(line) for line in result.output.split("\n\n")[0].splitlines())
    junit = {c.get("name"): _from_junit(c) for c in ET.parse(out / "r.xml").getroot().iter("testcase")}
    github = _from_github((out / "gh.txt").read_text().splitlines())
    markdown = _from_markdown((out / "r.md").read_text())
    assert text == truth
    assert junit == truth
    assert markdown == truth
    assert github == {k: v for k, v in truth.items() if v != "passed"}  # a proof needs no annotation

    explained = CliRunner().invoke(main, ["explain", *paths])
    assert explained.exit_code == 1
    verdicts = dict(_from_line(line[len("Verdict: "):]) for line in explained.output.splitlines()
                    if line.startswith("Verdict: "))
    assert verdicts == truth

    # pytest on the set (test_gate runs it on the course claims: all passed or xfailed, as here)
    outcomes = _pytest_outcomes(corpus)
    assert outcomes == {k: ("failed" if v == "error" else v) for k, v in EXPECTED.items()}  # an error fails


def test_junit_and_pytest_show_unproven_as_skipped_with_the_reason(corpus, tmp_path):
    from proofcheck.api import check_paths
    from proofcheck.gate.runner import Limits, run_claims
    from proofcheck.gate.verify import Settings
    from proofcheck.reports import junit

    [claim] = check_paths([str(corpus / "s_unproven.yaml")]).claims
    [result] = run_claims([claim], Settings(), Limits(jobs=1))
    case = ET.fromstring(junit.render([result])).find("testsuite/testcase")
    assert case.find("skipped").get("message").startswith("unproven: ")
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--proofcheck", "claims/s_unproven.yaml",
            "-q", "-rs", "--rootdir", str(corpus.parent)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    plain = subprocess.run(args, cwd=corpus.parent, capture_output=True, text=True, env=env, timeout=120)
    assert plain.returncode == 0 and "1 skipped" in plain.stdout and "unproven: " in plain.stdout
    assert "SKIPPED [1] claims/s_unproven.yaml:" in plain.stdout, plain.stdout  # at the claim, not the plugin
    strict = subprocess.run(args + ["--proofcheck-strict"], cwd=corpus.parent, capture_output=True, text=True,
                            env=env, timeout=120)
    assert strict.returncode == 1 and "1 failed" in strict.stdout
