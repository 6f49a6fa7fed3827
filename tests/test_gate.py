"""proofcheck as a CI gate: isolation, parallelism, cache, reports, sharding, pytest plugin."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

import proofcheck.gate.runner as runner
import proofcheck.gate.session as session
from proofcheck.api import check_paths
from proofcheck.cli import main
from proofcheck.reports import github, markdown
from proofcheck.gate.runner import Limits, run_claims
from proofcheck.gate.verify import Settings

ROOT = Path(__file__).resolve().parent.parent
TRUE = 'title: squares are nonnegative\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n'
FALSE = 'title: "a false claim | with <b>markup</b> and 100%"\nsymbols: {x: scalar}\nclaim: "x**2 >= x"\n'
MALFORMED = 'title: broken\nsymbols: {x: scalar}\nclaim: "x @ x >= 0"\n'


def corpus(tmp_path, **files) -> str:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text)
    return str(tmp_path)


def cli(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


# ------------------------------------------------------------------ isolation


def _misbehave(real):
    def verify_claim(claim, settings):
        if claim.id == "hang":  # ignores the worker's own alarm: only the kill ends it
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            time.sleep(1000)
        if claim.id == "hog":
            blocks = []
            while True:
                blocks.append(bytearray(64 * 1024**2))
        if claim.id == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(claim, settings)

    return verify_claim


def test_hanging_hogging_and_crashing_claims_are_errors_and_the_others_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "verify_claim", _misbehave(runner.verify_claim))
    path = corpus(tmp_path, a=TRUE, hang=TRUE, b=TRUE, hog=TRUE, crash=TRUE, c=TRUE)
    claims = check_paths([path]).claims
    start = time.monotonic()
    results = run_claims(claims, Settings(), Limits(timeout=1.0, memory=256 * 1024**2, jobs=2))
    elapsed = time.monotonic() - start
    by_id = {r.id: r for r in results}
    assert [r.id for r in results] == [c.id for c in claims]  # stable order
    assert by_id["hang"].status == "error" and "timeout: killed after 1 s" in by_id["hang"].message
    assert by_id["hog"].status == "error" and "memory" in by_id["hog"].message
    assert by_id["crash"].status == "error" and "SIGSEGV" in by_id["crash"].message
    for name in "abc":
        assert by_id[name].status == "proved" and by_id[name].passed
    assert elapsed < 30


def test_a_real_claim_that_cannot_finish_is_stopped_at_the_timeout(tmp_path):
    slow = ('title: slow\nsymbols: {a: scalar, b: scalar, c: scalar, d: scalar, e: scalar}\n'
            'claim: "((a + b) * (c + d) + e)**30 == (a*c + a*d + b*c + b*d + e)**30"\n')
    path = corpus(tmp_path, slow=slow, ok=TRUE)
    start = time.monotonic()
    result = cli("verify", path, "--timeout", "2", "--engine", "symbolic", "--no-cache")
    elapsed = time.monotonic() - start
    assert result.exit_code == 1
    assert "ERROR     slow  timeout" in result.output
    assert "PROVED    ok" in result.output
    assert elapsed < 2 + runner.GRACE_SECONDS + 10


# ------------------------------------------------------------------ reports


def test_every_report_format_on_a_corpus_with_a_falsified_claim(tmp_path):
    path = corpus(tmp_path / "claims" if (tmp_path / "claims").mkdir() is None else tmp_path,
                  good=TRUE, wrong=FALSE, broken=MALFORMED)
    out = tmp_path / "out"
    out.mkdir()
    summary_file = tmp_path / "summary.md"
    result = cli("verify", path, "--no-cache",
                 "--format", "junit", "-o", str(out / "junit.xml"),
                 "--format", "json", "-o", str(out / "report.json"),
                 "--format", "markdown", "-o", str(out / "report.md"),
                 "--format", "github", "--format", "text",
                 env={"GITHUB_STEP_SUMMARY": str(summary_file)})
    assert result.exit_code == 1
    # junit: one testcase per claim file, classname the file, name the id
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"good", "wrong", "broken"}
    assert cases["wrong"].get("classname").endswith("wrong.yaml")
    assert cases["wrong"].find("failure") is not None and "counterexample" in cases["wrong"].find("failure").text
    assert cases["broken"].find("error") is not None
    assert cases["good"].find("failure") is None and cases["good"].find("error") is None
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "1"
    # json
    document = json.loads((out / "report.json").read_text())
    assert document["summary"]["by_status"] == {"proved": 1, "falsified": 1, "unproven": 0, "error": 1}
    # github annotations, escaped
    annotations = [line for line in result.output.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2
    wrong = next(a for a in annotations if "wrong.yaml" in a)
    assert wrong.startswith("::error file=") and ",line=3," in wrong
    assert "\n" not in wrong and "title=proofcheck%3A wrong falsified::" in wrong
    # markdown, here and in the job summary; untrusted text escaped
    table = (out / "report.md").read_text()
    assert "| ❌ | falsified (failed) | wrong |" in table
    assert summary_file.read_text().strip() == table.strip()
    # text last
    assert result.output.strip().splitlines()[-1] == "1 passed, 2 failed"


def test_github_escaping():
    assert github._data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github._property("a:b,c") == "a%3Ab%2Cc"
    assert markdown.escape("x | <script>alert(1)</script> [l](http://e)") == (
        "x \\| &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[l\\]\\(http://e\\)")


def test_junit_on_the_course_claims_has_one_testcase_per_file(tmp_path):
    out = tmp_path / "junit.xml"
    result = cli("verify", str(ROOT / "claims"), "--format", "junit", "-o", str(out), "--cache-dir",
                 str(tmp_path / "cache"))
    assert result.exit_code == 0
    cases = ET.parse(out).getroot().findall("testsuite/testcase")
    assert len(cases) == len(list((ROOT / "claims").glob("*.yaml")))


# ------------------------------------------------------------------ exit codes, selection


def test_exit_codes(tmp_path):
    assert cli("verify", corpus(tmp_path / "a" if (tmp_path / "a").mkdir() is None else "", ok=TRUE),
               "--no-cache").exit_code == 0
    (tmp_path / "b").mkdir()
    assert cli("verify", corpus(tmp_path / "b", ok=TRUE, bad=FALSE), "--no-cache").exit_code == 1
    (tmp_path / "empty").mkdir()
    assert cli("verify", str(tmp_path / "empty")).exit_code == 2
    assert cli("verify", str(tmp_path / "a"), "--shard", "3/2").exit_code == 2
    assert cli("verify", str(tmp_path / "a"), "--memory", "lots").exit_code == 2


def test_shards_split_the_claims_stably(tmp_path):
    names = {f"c{i}": TRUE for i in range(12)}
    path = corpus(tmp_path, **names)
    seen = []
    for index in (1, 2, 3):
        result = cli("verify", path, "--shard", f"{index}/3", "--engine", "symbolic", "--no-cache",
                     "--format", "json")
        if result.exit_code == 2:
            continue
        seen += [c["id"] for c in json.loads(result.output)["claims"]]
    assert sorted(seen) == sorted(names)


# ------------------------------------------------------------------ cache


def test_warm_runs_reuse_definitive_verdicts_only(tmp_path, monkeypatch):
    path = corpus(tmp_path / "claims" if (tmp_path / "claims").mkdir() is None else "", good=TRUE, wrong=FALSE)
    cache = str(tmp_path / "cache")
    calls = []
    real = session.run_claims

    def counting(claims, *args, **kwargs):
        calls.append([c.id for c in claims])
        return real(claims, *args, **kwargs)

    monkeypatch.setattr(session, "run_claims", counting)
    first = cli("verify", path, "--cache-dir", cache, "--format", "json")
    second = cli("verify", path, "--cache-dir", cache, "--format", "json")
    assert calls == [["good", "wrong"], []]
    strip = lambda doc: [{k: v for k, v in c.items() if k != "seconds"} for c in json.loads(doc)["claims"]]  # noqa: E731
    assert strip(first.output) == strip(second.output)
    assert (tmp_path / "cache" / ".gitignore").exists()
    cli("verify", path, "--cache-dir", cache, "--seed", "3")  # another setting: run again
    assert calls[-1] == ["good", "wrong"]
    (tmp_path / "claims" / "good.yaml").write_text(TRUE.replace("x**2", "x**4"))  # changed content
    cli("verify", path, "--cache-dir", cache)
    assert calls[-1] == ["good"]
    cli("verify", path, "--no-cache")
    assert calls[-1] == ["good", "wrong"]


def test_errors_are_never_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "verify_claim", _misbehave(runner.verify_claim))
    path = corpus(tmp_path / "claims" if (tmp_path / "claims").mkdir() is None else "", crash=TRUE)
    cache = tmp_path / "cache"
    cli("verify", path, "--cache-dir", str(cache))
    assert not [p for p in cache.glob("*") if p.name != ".gitignore"]


# ------------------------------------------------------------------ pytest plugin


def _pytest(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_pytest_plugin_on_the_course_claims(tmp_path):
    xml = tmp_path / "junit.xml"
    done = _pytest("--proofcheck", "claims/", "-v", f"--junitxml={xml}", "-n", "2")
    assert done.returncode == 0, done.stdout[-2000:]
    count = len(list((ROOT / "claims").glob("*.yaml")))
    assert f"{count - 3} passed, 3 xfailed" in done.stdout  # three claims are false on purpose
    # each claim as `verify` reports it (test_report_story): proved ones pass, expected-false ones xfail
    outcomes = dict((m.group(2), m.group(1)) for m in re.finditer(r"(PASSED|XFAIL)\S* \S+::(\S+)", done.stdout))
    assert outcomes == {c.id: "PASSED" if c.expect else "XFAIL" for c in check_paths([str(ROOT / "claims")]).claims}
    assert len(ET.parse(xml).getroot().findall(".//testcase")) == count
    selected = _pytest("--proofcheck", "claims/", "-q", "-k", "lda")
    assert "1 passed" in selected.stdout and "1 xfailed" in selected.stdout


def test_pytest_plugin_shows_the_counterexample_and_collects_nothing_without_the_flag(tmp_path):
    corpus(tmp_path, good=TRUE, wrong=FALSE)
    done = _pytest("--proofcheck", str(tmp_path), "-q")
    assert done.returncode == 1
    assert "counterexample" in done.stdout and "x = 0.5" in done.stdout
    assert "1 failed, 1 passed" in done.stdout
    nothing = _pytest(str(tmp_path), "-q")
    assert nothing.returncode == 5  # no tests collected
