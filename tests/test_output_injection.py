"""Output injection and report files (SPEC §9, §11; issue 9, holes 4 and 5).

A corpus of real claim files carries CI workflow commands, terminal escapes,
control characters and odd file names in every place a student controls
(title, source, description, `uses`, YAML keys, the file name itself, with
and without `id:`). The real CLI runs on it in a subprocess, under a UTF-8
locale as on a CI runner, once per group of formats; every line of standard
output and standard error must be something a GitHub runner and a terminal
take as plain text. Report files are never written through a symbolic link.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import click
import pytest
from click.testing import CliRunner

from proofcheck.language import safetext
from proofcheck.cli import main, report_targets

ROOT = Path(__file__).resolve().parent.parent

PAYLOADS = [
    "\r::error file=x::pwned",
    "\r::add-mask::FAILED",
    "##[error]x",
    "\n::stop-commands::tok",
    "##[stop-commands]",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\r\x1b[K19 passed, 0 failed",
    "\x00\x01\x08\t\x0b\x0c\x7f\x85\x9b",
    "a\u2028::error::b\u2029",
    "\u202etxt.exe\u2066",
]
# The same, fit for a file name (no NUL, no '/').
NAME_PAYLOADS = [p.replace("\x00", "") for p in PAYLOADS] + [os.fsdecode(b"\xff\xfe")]
FALSE = 'symbols: {x: scalar}\nclaim: "x**2 >= x"\n'  # falsified: its title and path reach the failure report
TRUE = 'title: t\nclaim: "1 >= 0"\n'
CLAIMS = 2 * len(PAYLOADS) + 1 + 2 * len(NAME_PAYLOADS)  # files in the hostile corpus
FAILING = CLAIMS - len(NAME_PAYLOADS)  # all but the named ones

# What must never reach a log line: control characters (\n only between lines), separators, bidi, surrogates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff\ufffe\uffff]")
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ANNOTATION = re.compile(r"::(error|warning) file=([^,:]*),line=(\d+),title=([^,:]*)::(.*)")


def q(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly (JSON escapes are YAML escapes)."""
    return json.dumps(text)


def write_corpus(root: Path) -> Path:
    claims = root / "claims"
    (claims / "named").mkdir(parents=True)
    for i, payload in enumerate(PAYLOADS):
        (claims / f"title-{i}.yaml").write_text(f"title: {q(payload)}\nsource: {q(payload)}\n"
                                               f"description: {q(payload)}\n" + FALSE)
        (claims / f"uses-{i}.yaml").write_text(f"title: t\nuses: [{q(payload)}]\n" + FALSE)
    (claims / "keys.yaml").write_text("title: t\n" + "".join(f"{q('k' + p)}: 1\n" for p in PAYLOADS) + FALSE)
    for i, payload in enumerate(NAME_PAYLOADS):
        # no `id:`: the file name is the id, an invalid one, echoed in the error and used as the id
        (claims / os.fsdecode(os.fsencode(payload) + b".yaml")).write_text(TRUE)
        # with an id: a passing claim whose path is the payload, and a `uses` warning naming the file
        (claims / "named" / f"{payload}.yaml").write_text(f"id: named-{i}\nuses: [missing]\n" + TRUE)
    return claims


def start(*args, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    """The real CLI, as CI runs it: a UTF-8 locale (so Python's stdout is strict about encoding)."""
    full = {k: v for k, v in os.environ.items()
            if k not in ("GITHUB_STEP_SUMMARY", "PYTHONUTF8", "PYTHONIOENCODING", "PYTHONWARNINGS")}
    full.update({"PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}, **(env or {}))
    return subprocess.Popen([sys.executable, "-m", "proofcheck", *args], cwd=cwd, env=full,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def proofcheck(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return finish(start(*args, cwd=cwd, env=env))


VERIFY = ("--engine", "numeric", "--samples", "200", "--no-cache", "--timeout", "20")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One subprocess run per group of formats, on the same hostile corpus."""
    root = tmp_path_factory.mktemp("hostile")
    claims = write_corpus(root)
    summary = root / "summary.md"
    (root / "out").mkdir()
    started = {  # all at once: the runs are independent
        "json": start("verify", "claims", *VERIFY, "--format", "json",
                      "--format", "junit:out/junit.xml", "--format", "markdown:out/report.md", cwd=root),
        "junit": start("verify", "claims", *VERIFY, "--format", "junit", cwd=root),
        "lines": start("verify", "claims", *VERIFY, "--format", "github", "--format", "text",
                       "--format", "markdown", cwd=root, env={"GITHUB_STEP_SUMMARY": str(summary)}),
        "check": start("check", "claims", cwd=root),
        "explain": start("explain", "claims/title-0.yaml", "--timeout", "10", cwd=root),
    }
    return root, claims, summary, {name: finish(process) for name, process in started.items()}


def decode(data: bytes) -> str:
    return data.decode("utf-8")  # strict: the output is valid UTF-8 whatever the file names


def assert_safe(text: str, annotations: bool = False) -> None:
    """Every line is plain text to a terminal and to a GitHub runner."""
    for line in text.split("\n"):
        assert not UNSAFE.search(line), repr(line)
        assert "##[" not in line, repr(line)
        if line.lstrip().startswith("::"):
            assert annotations, f"a workflow command in a report: {line!r}"
            match = ANNOTATION.fullmatch(line)
            assert match, f"not one of proofcheck's annotations: {line!r}"
            for part in (match.group(2), match.group(4)):
                assert not UNSAFE.search(unquote(part)) and "::" not in unquote(part), repr(line)
            data = match.group(5)
            assert "::" not in data and "%0D" not in data, repr(line)
            for shown in unquote(data).split("\n"):  # as GitHub shows the annotation's message
                assert not UNSAFE.search(shown) and not shown.lstrip().startswith("::"), repr(line)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


# ------------------------------------------------------------------ the escaping function


def test_clean_escapes_every_payload_and_is_idempotent():
    for payload in PAYLOADS + NAME_PAYLOADS:
        shown = safetext.clean(payload)
        assert not UNSAFE.search(shown) and "::" not in shown and "##[" not in shown, repr(shown)
        assert safetext.clean(shown) == shown
    assert safetext.clean("\r::error file=x::pwned") == "\\r:\\:error file=x:\\:pwned"
    assert safetext.clean(":::") == ":\\:\\:" and safetext.clean("###[") == "##\\#["
    assert safetext.clean(os.fsdecode(b"a\xff.yaml")) == "a\\xff.yaml"
    assert safetext.clean("\x1b[2J\u2028\u202e") == "\\x1b[2J\\u2028\\u202e"
    assert safetext.clean("x ≥ 0, \\frac{a}{b}, é") == "x ≥ 0, \\frac{a}{b}, é"  # printable text is kept
    assert safetext.lines("a\r\n::b\rc\u2028d") == ["a", ":\\:b", "c", "d"]


def hostile_results() -> list:
    """Results whose every field holds every payload raw, as if a layer below forgot to escape."""
    from proofcheck.gate.verify import ClaimResult

    everything = "".join(NAME_PAYLOADS)
    example = {"goal": everything, "dims": {everything: 2}, "values": {everything: everything},
               "lhs": everything, "rhs": float("nan"), "reason": everything, "seed": 0, "exact": True}
    return [
        ClaimResult(everything, everything + ".yaml", 1, everything, True, "error", False, "\n".join(PAYLOADS)),
        ClaimResult(everything, everything + ".yaml", 1, everything, True, "falsified", False, everything,
                    numeric={"status": "falsified", "counterexample": example}),
        ClaimResult(everything, everything + ".yaml", 1, everything, True, "proved", True, everything,
                    symbolic={"status": "proved", "method": everything, "scope": everything}),
    ]


def test_every_renderer_escapes_raw_fields_by_itself(monkeypatch, tmp_path):
    from proofcheck.language.errors import Diagnostic
    from proofcheck.reports import FORMATS

    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    results = hostile_results()
    for name, render in FORMATS.items():
        out = render(results)
        out.encode("utf-8")  # no lone surrogate left
        assert_safe(out, annotations=name == "github")
        if name == "json":
            assert out.isascii()
            for text in strings(json.loads(out)):
                assert_safe(text)
        if name == "junit":
            assert not NOT_XML.search(out)
            ET.fromstring(out)
    assert_safe(summary.read_text())
    everything = "".join(NAME_PAYLOADS)
    assert_safe(str(Diagnostic(everything, 1, 2, "\n".join(PAYLOADS))))


# ------------------------------------------------------------------ every format, for real


def test_json_on_stdout_parses_and_warnings_go_to_stderr(runs):
    root, _, _, done = runs
    result = done["json"]
    assert result.returncode == 1, decode(result.stderr)
    out, err = decode(result.stdout), decode(result.stderr)
    assert out.isascii()
    document = json.loads(out)  # stdout alone, though there are warnings
    assert len(document["claims"]) == CLAIMS
    for text in strings(document):
        assert_safe(text)
        assert "::" not in text
    titles = {c["title"] for c in document["claims"]}
    assert "\\r:\\:error file=x:\\:pwned" in titles
    assert "warning:" in err and "`uses` names 'missing'" in err
    assert_safe(err)


def test_report_files_are_well_formed_whatever_the_file_names(runs):
    root, _, _, done = runs
    junit = (root / "out" / "junit.xml").read_bytes()
    text = decode(junit)
    assert not NOT_XML.search(text)
    cases = ET.fromstring(junit).find("testsuite").findall("testcase")
    assert len(cases) == CLAIMS
    assert any(c.get("classname").endswith("\\xff\\xfe.yaml") for c in cases)  # the non-UTF-8 name, shown
    assert_safe(text)
    markdown = decode((root / "out" / "report.md").read_bytes())
    assert_safe(markdown)
    assert "\\\\xff\\\\xfe.yaml" in markdown  # escaped once for safety, once for Markdown


def test_junit_on_stdout_parses(runs):
    _, _, _, done = runs
    result = done["junit"]
    assert result.returncode == 1, decode(result.stderr)
    out = decode(result.stdout)
    assert not NOT_XML.search(out)
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite.get("failures") and suite.get("errors")
    assert_safe(out)
    assert_safe(decode(result.stderr))


def test_github_text_and_markdown_lines_start_no_command(runs):
    root, claims, summary, done = runs
    result = done["lines"]
    assert result.returncode == 1, decode(result.stderr)
    out, err = decode(result.stdout), decode(result.stderr)
    assert_safe(out, annotations=True)
    assert_safe(err)
    annotations = [line for line in out.split("\n") if line.startswith("::")]
    assert len([line for line in annotations if line.startswith("::error file=")]) == FAILING
    # the passing ones: a warning if unproven, a notice if falsified as expected
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in annotations)
    # the text report: a newline in a file name cannot break its line, the summary cannot be faked
    assert any(":\\:stop-commands:\\:tok.yaml" in line and "\\n" in line for line in out.split("\n"))
    text_lines = out.split("\n")
    assert f"{CLAIMS - FAILING} passed, {FAILING} failed" in text_lines
    assert not any(line.lstrip().startswith("19 passed") for line in text_lines)
    assert "\\r\\x1b[K19 passed, 0 failed" in out
    # the job summary, with a non-UTF-8 file name in it
    table = decode(summary.read_bytes())
    assert_safe(table)
    assert "\\\\xff\\\\xfe.yaml" in table


def test_check_diagnostics_and_explain_are_escaped(runs):
    _, _, _, done = runs
    check = done["check"]
    assert check.returncode == 1
    out = decode(check.stdout)
    assert_safe(out)
    assert_safe(decode(check.stderr))
    assert "unknown key 'k\\n:\\:stop-commands:\\:tok'" in out  # the quoted YAML key, on one line
    assert "error: `uses entry` '#\\#[error]x' is not a valid id" in out
    assert re.search(r"^claims/\\r:\\:error file=x:\\:pwned\.yaml:\d+:\d+: error: the file name", out, re.M)
    explain = done["explain"]
    assert_safe(decode(explain.stdout))
    assert_safe(decode(explain.stderr))
    assert "\\r:\\:error file=x:\\:pwned" in decode(explain.stdout)


# ------------------------------------------------------------------ report files and links


@pytest.fixture()
def repo(tmp_path):
    """A checkout whose committed report names are links to a victim's files."""
    (tmp_path / "repo" / "claims").mkdir(parents=True)
    (tmp_path / "repo" / "claims" / "ok.yaml").write_text(TRUE)
    victim = tmp_path / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA victim\n")
    return tmp_path / "repo", victim


def assert_replaced_link(link: Path, victim: Path, before: str) -> None:
    assert victim.read_text() == before
    assert not link.is_symlink() and link.is_file()


@pytest.mark.parametrize("how", [("--format", "junit", "--output", "junit.xml"), ("--format", "junit:junit.xml")])
def test_output_never_writes_through_a_committed_symlink(repo, how):
    repo, victim = repo
    (repo / "junit.xml").symlink_to(victim)
    (repo / "report.json").symlink_to(repo.parent / "created-by-proofcheck")  # dangling: must not be created
    result = proofcheck("verify", "claims", *VERIFY, *how, "--format", "json:report.json", cwd=repo)
    assert result.returncode == 0, decode(result.stderr)
    assert_replaced_link(repo / "junit.xml", victim, "ssh-ed25519 AAAA victim\n")
    ET.parse(repo / "junit.xml")
    assert not (repo.parent / "created-by-proofcheck").exists()
    assert json.loads((repo / "report.json").read_text())["summary"]["passed"] == 1
    assert not [p for p in os.listdir(repo) if p.endswith(".tmp")]  # no temporary file left behind


def test_schema_output_never_writes_through_a_symlink(repo):
    repo, victim = repo
    (repo / "proofcheck.schema.json").symlink_to(victim)
    result = proofcheck("schema", "-o", "proofcheck.schema.json", cwd=repo)
    assert result.returncode == 0, decode(result.stderr)
    assert_replaced_link(repo / "proofcheck.schema.json", victim, "ssh-ed25519 AAAA victim\n")
    assert json.loads((repo / "proofcheck.schema.json").read_text())["$schema"]


def test_new_refuses_a_link_and_force_replaces_the_link_itself(repo):
    repo, victim = repo
    (repo / "claims" / "mine.yaml").symlink_to(victim)
    (repo / "claims" / "dangling.yaml").symlink_to(repo.parent / "created-by-new")
    refused = proofcheck("new", "mine", cwd=repo)
    assert refused.returncode == 2 and "already exists" in decode(refused.stderr)
    assert proofcheck("new", "dangling", cwd=repo).returncode == 2
    assert not (repo.parent / "created-by-new").exists()
    assert victim.read_text() == "ssh-ed25519 AAAA victim\n"
    forced = proofcheck("new", "mine", "--force", cwd=repo)
    assert forced.returncode == 0, decode(forced.stderr)
    assert_replaced_link(repo / "claims" / "mine.yaml", victim, "ssh-ed25519 AAAA victim\n")


def test_a_non_utf8_file_name_with_output_files_and_a_step_summary(tmp_path):
    name = os.fsdecode(b"\xff.yaml")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / name).write_text("id: odd\n" + TRUE)
    summary = tmp_path / "summary.md"
    result = proofcheck("verify", "claims", *VERIFY, "--format", "markdown", "-o", "report.md",
                        "--format", "github", "--format", "junit:junit.xml", "--format", "text:report.txt",
                        cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, decode(result.stderr)
    for path in ("junit.xml", "report.md", "report.txt", "summary.md"):
        assert_safe(decode((tmp_path / path).read_bytes()))
    assert 'classname="claims/\\xff.yaml"' in (tmp_path / "junit.xml").read_text()
    assert "claims/\\\\xff.yaml" in summary.read_text()


# ------------------------------------------------------------------ --format FORMAT:FILE


def test_format_file_pairing():
    order = ["formats", "outputs", "formats", "outputs", "formats"]
    # the old ordered pairing, when each --output follows its --format
    assert report_targets((("junit", None), ("json", None), ("text", None)), ("j.xml", "r.json"), order) == [
        ("junit", "j.xml"), ("json", "r.json"), ("text", None)]
    # FORMAT:FILE, and a single format with a single --output wherever it is
    assert report_targets((("github", None), ("junit", "j.xml")), (), ["formats", "formats"]) == [
        ("github", None), ("junit", "j.xml")]
    assert report_targets((("json", None),), ("r.json",), ["outputs", "formats"]) == [("json", "r.json")]
    assert report_targets((), ("out.txt",), ["outputs"]) == [("text", "out.txt")]
    for formats, outputs, order, why in [
        ((("text", None), ("json", None)), ("r.json",), ["formats", "formats", "outputs"], "ambiguous"),
        ((("json", None), ("text", None)), ("a", "b"), ["formats", "formats", "outputs", "outputs"], "ambiguous"),
        ((("json", None),), ("a", "b"), ["formats", "outputs", "outputs"], "more --output"),
        ((("json", None), ("text", None)), (), ["formats", "formats"], "only report"),
        ((("text", None), ("text", None)), (), ["formats", "formats"], "twice"),
        ((("json", "x.out"), ("junit", "./x.out")), (), ["formats", "formats"], "same file"),
    ]:
        with pytest.raises(click.UsageError, match=why):
            report_targets(formats, outputs, order)


def test_format_file_on_the_command_line(tmp_path):
    (tmp_path / "c.yaml").write_text(TRUE)
    runner = CliRunner()
    ok = runner.invoke(main, ["verify", str(tmp_path / "c.yaml"), "--no-cache", "--engine", "numeric",
                              "--samples", "50", "--format", "github", "--format", f"junit:{tmp_path / 'j.xml'}"])
    assert ok.exit_code == 0, ok.output
    assert ET.parse(tmp_path / "j.xml").getroot().find("testsuite").get("tests") == "1"
    usage = runner.invoke(main, ["verify", str(tmp_path), "--format", "text", "--format", "json", "-o",
                                 str(tmp_path / "r.json")])
    assert usage.exit_code == 2 and "ambiguous" in usage.output
    assert runner.invoke(main, ["verify", str(tmp_path), "--format", "yaml:x"]).exit_code == 2
    assert runner.invoke(main, ["verify", str(tmp_path), "--format", "junit:"]).exit_code == 2
    assert "[text|json|junit|github|markdown|html][:FILE]" in runner.invoke(main, ["verify", "--help"]).output
