"""Claims inside course notes (SPEC 12): Markdown blocks, notebook cells, their positions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from proofcheck.api import check_paths
from proofcheck.cli import main
from proofcheck.language.notes import find_blocks

from claimtools import line_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "course-example"
CLAIM = 'title: {title}\nsymbols:\n  x: scalar\nclaim: "{claim}"\n'
WRONG = "wrong, squares are at least one"


def block(claim: str = "x**2 >= 0", title: str = "squares", fence: str = "```", extra: str = "") -> str:
    return f"{fence}proofcheck\n{extra}{CLAIM.format(title=title, claim=claim)}{fence}\n"


def verify(*args):
    return CliRunner().invoke(main, ["verify", *map(str, args), "--no-cache"])


def notebook(*cells) -> str:
    """A notebook as Jupyter writes it (one source line per JSON line, indent 1)."""
    def cell(kind, text):
        lines = text.split("\n")
        source = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
        return {"cell_type": kind, "metadata": {}, "source": source, **extra}

    return json.dumps({"cells": [cell(k, t) for k, t in cells], "metadata": {}, "nbformat": 4,
                       "nbformat_minor": 5}, indent=1) + "\n"


# ------------------------------------------------------------------ the course example


def test_the_course_example_is_checked_in_the_note_and_the_notebook():
    result = verify(EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    by_file: dict = {}
    for entry in claims:
        by_file.setdefault(Path(entry["file"]).name, []).append(entry)
        assert entry["passed"] and entry["status"] in ("proved", "falsified"), entry
    assert [c["id"] for c in by_file["lecture.md"]] == [
        "lecture-1", "lecture-2", "laplacian-form", "laplacian-psd", "lda-invariance"]
    assert [c["id"] for c in by_file["lab.ipynb"]] == ["lab-1", "lab-2", "lab-3", "lab-4"]
    assert sum(not c["expect"] for c in claims) == 2
    note = (EXAMPLE / "lecture.md").read_text().split("\n")
    for entry in by_file["lecture.md"]:  # a claim's line is its first YAML line, just after the fence
        assert note[entry["line"] - 2] == "```proofcheck", entry
        assert "cell" not in entry
    raw = (EXAMPLE / "lab.ipynb").read_text().split("\n")
    cells = json.loads((EXAMPLE / "lab.ipynb").read_text())["cells"]
    for entry in by_file["lab.ipynb"]:  # the notebook file's line, and the cell's own line
        shown = json.loads(raw[entry["line"] - 1].strip().rstrip(","))
        assert shown.split(":")[0] in ("title", "id"), entry
        assert cells[entry["cell"] - 1]["source"][entry["cell_line"] - 1] == shown


def test_a_wrong_claim_planted_in_the_note_is_annotated_on_its_own_line(tmp_path):
    copy = tmp_path / "lecture.md"
    text = (EXAMPLE / "lecture.md").read_text()
    planted = text.replace("## Graph Laplacians", block("x**2 >= 1", WRONG) + "\n## Graph Laplacians")
    copy.write_text(planted)
    result = verify(copy, "--format", "github", "-k", "lecture-3")  # the planted block is the third
    assert result.exit_code == 1
    [annotation] = [line for line in result.output.splitlines() if line.startswith("::error")]
    claim_line = line_of(planted, '"x**2 >= 1"')
    assert annotation.startswith(f"::error file={copy},line={claim_line},title=proofcheck%3A lecture-3 falsified")


def test_a_wrong_claim_in_a_notebook_cell_names_the_cell_and_the_file_line(tmp_path):
    copy = tmp_path / "lab.ipynb"
    data = json.loads((EXAMPLE / "lab.ipynb").read_text())
    data["cells"][-1]["source"][-1] = 'claim: "grad(norm(w)**2 / 2, w) == 2 * w"'
    copy.write_text(json.dumps(data, indent=1) + "\n")
    result = verify(copy, "--format", "github", "--format", f"text:{tmp_path / 'report.txt'}", "-k", "lab-4")
    claim_line = line_of(copy.read_text(), "== 2 * w")
    assert result.exit_code == 1
    cell = len(data["cells"])
    place = f"cell {cell}%2C line {len(data['cells'][-1]['source'])}"
    assert f"::error file={copy},line={claim_line},title=proofcheck%3A lab-4 falsified ({place})::" in result.output
    report = (tmp_path / "report.txt").read_text()
    assert f"{copy}:{claim_line} (cell {cell}, line {len(data['cells'][-1]['source'])}): lab-4: falsified" in report


# ------------------------------------------------------------------ Markdown


def test_blocks_in_markdown_get_numbered_ids_and_file_positions(tmp_path):
    note = tmp_path / "week1.md"
    text = ("# Week 1\n\n" + block() + "\n```python\n```proofcheck\nnot: ours\n```\n\n"
            + block(extra="id: named\n") + "\n~~~~ proofcheck  \n" + CLAIM.format(title="t", claim="x**2 + 1 > 0")
            + "~~~~\n\n````markdown\n" + block("x >= 0") + "````\n\n- item\n\n  " + block("x + >= 1").replace(
                "\n", "\n  ").rstrip(" "))
    note.write_text(text)
    report = check_paths([str(tmp_path)])
    assert [c.id for c in report.claims] == ["week1-1", "named", "week1-3"]
    assert [e.name for e in report.entries] == ["week1-1", "named", "week1-3", "week1-4"]
    first = report.claims[0]
    assert first.path == str(note) and first.line == 4 and first.claim_locs[0].line == 7
    [error] = report.errors
    assert (error.line, error.col) == (line_of(text, '"x + >= 1"'), 15)  # indented in a list item
    assert str(error).startswith(f"{note}:{error.line}:15: error: invalid syntax")


def test_an_unclosed_block_is_an_error_and_the_others_still_load(tmp_path):
    note = tmp_path / "notes.md"
    note.write_text(block() + "\ntext\n```proofcheck\ntitle: t\n")
    report = check_paths([str(note)])
    assert [c.id for c in report.claims] == ["notes-1"]
    [error] = report.errors
    assert error.line == 9 and "never closed" in error.message
    result = verify(note)
    assert result.exit_code == 1 and "ERROR     notes-2" in result.output and "PROVED    notes-1" in result.output


def test_notes_without_blocks_are_skipped_when_searched_and_named_with_a_warning(tmp_path):
    (tmp_path / "README.md").write_text("# course\n\n```python\nproofcheck = 1\n```\n")
    (tmp_path / "plain.ipynb").write_text(notebook(("markdown", "# nothing here")))
    (tmp_path / "broken.ipynb").write_text('{"cells": [')  # no claim could be in it: never parsed
    (tmp_path / "a.yaml").write_text(CLAIM.format(title="t", claim="x**2 >= 0"))
    report = check_paths([str(tmp_path)])
    assert report.ok and report.files == [str(tmp_path / "a.yaml")] and not report.diagnostics
    report = check_paths([str(tmp_path / "README.md")])
    assert not report.files and "no ```proofcheck block" in report.diagnostics[0].message
    result = CliRunner().invoke(main, ["check", str(tmp_path / "README.md")])
    assert result.exit_code == 2 and "notes with ```proofcheck blocks" in result.output


def test_duplicate_ids_across_blocks_fail_only_the_duplicate(tmp_path):
    (tmp_path / "n.md").write_text(block(extra="id: same\n") + block(extra="id: same\n") + block())
    report = check_paths([str(tmp_path)])
    assert [c.id for c in report.claims] == ["same", "n-3"]
    result = verify(tmp_path)
    assert "ERROR     same" in result.output and result.output.count("PROVED") == 2


def test_a_file_name_that_is_not_an_id_needs_explicit_ids(tmp_path):
    (tmp_path / "Week 1.md").write_text(block() + block(extra="id: fine\n"))
    report = check_paths([str(tmp_path)])
    assert [c.id for c in report.claims] == ["fine"]
    assert "'Week 1' is not a valid claim id" in report.errors[0].message


def test_a_moved_block_is_bound_to_its_new_place(tmp_path):
    """The cache binds a claim to its digest: the block's text and where it stands."""
    note = tmp_path / "n.md"
    note.write_text(block())
    before = check_paths([str(note)]).claims[0]
    again = check_paths([str(note)]).claims[0]
    note.write_text("moved down\n\n" + block())
    moved = check_paths([str(note)]).claims[0]
    assert before.digest == again.digest != moved.digest and moved.line == before.line + 2


# ------------------------------------------------------------------ notebooks


def test_notebook_cells_markdown_fences_and_raw_cells(tmp_path):
    path = tmp_path / "lab.ipynb"
    path.write_text(notebook(
        ("markdown", "# Lab"),
        ("code", "```proofcheck\nnot: a claim in a code cell\n```"),
        ("markdown", "Text\n\n" + block("x**2 >= 1", WRONG)),
        ("raw", "# proofcheck\n" + CLAIM.format(title="raw", claim="x**2 >= 0")),
        ("raw", "not ours\n" + CLAIM.format(title="raw", claim="x**2 >= 0")),
        ("raw", "# proofcheck\n" + CLAIM.format(title="raw", claim="x @ x >= 0")),
    ))
    text = path.read_text()
    report = check_paths([str(path)])
    assert [c.id for c in report.claims] == ["lab-1", "lab-2"]
    wrong, raw = report.claims
    assert wrong.claim_locs[0].line == line_of(text, "x**2 >= 1") and wrong.cell == (3, line_of(text, '"Text'))
    assert raw.line == line_of(text, '"title: raw') and raw.cell[0] == 4
    [error] = report.errors
    assert error.line == line_of(text, "x @ x") and error.cell == "cell 6, line 5"
    assert f"{path}:{error.line}:" in str(error) and "error: cell 6, line 5: " in str(error)


def test_a_notebook_source_stored_as_one_string_still_names_cell_and_line(tmp_path):
    path = tmp_path / "odd.ipynb"
    cell = {"cell_type": "raw", "metadata": {}, "source": "# proofcheck\n" + CLAIM.format(title="t", claim="x @ x")}
    path.write_text(json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5}, indent=1))
    [error] = check_paths([str(path)]).errors
    assert error.cell == "cell 1, line 5"


@pytest.mark.parametrize("text, expected", [
    ('{"cells": [1, 2, "proofcheck"', "invalid JSON"),
    ('["proofcheck"]', "no list of `cells`"),
    ('{"proofcheck": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"cells": [], "n": 1' + "0" * 10_000 + ', "x": "proofcheck"}', "number too long"),
])
def test_a_broken_notebook_that_may_hold_claims_is_an_error(tmp_path, text, expected):
    path = tmp_path / "nb.ipynb"
    path.write_text(text)
    report = check_paths([str(tmp_path)])
    assert report.files == [str(path)] and expected in report.errors[0].message
    assert verify(tmp_path).exit_code == 1


def test_caps_on_notes(tmp_path):
    many = tmp_path / "many.md"
    many.write_text(block() * 201)
    assert "too many proofcheck blocks (201" in check_paths([str(many)]).errors[0].message
    big = tmp_path / "big.md"
    big.write_text("```proofcheck\n" + "# padding\n" * 20_000 + CLAIM.format(title="t", claim="x**2 >= 0") + "```\n")
    assert "a block is limited to" in check_paths([str(big)]).errors[0].message
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"proofcheck " * (4 * 1024**2 // 11 + 1))
    assert "notes files are limited to" in check_paths([str(huge)]).errors[0].message


def test_linked_notes_are_not_read(tmp_path):
    secret = tmp_path / "outside.md"
    secret.write_text(block("x**2 >= 1"))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "notes.md").symlink_to(secret)
    (repo / "real.md").write_text(block())
    os.mkfifo(repo / "pipe.md")
    report = check_paths([str(repo)])
    assert [c.id for c in report.claims] == ["real-1"] and report.ok
    warnings = sorted(Path(d.path).name for d in report.diagnostics if d.severity == "warning")
    assert warnings == ["notes.md", "pipe.md"]
    named = check_paths([str(repo / "notes.md")])
    assert not named.claims and "symbolic link" in named.errors[0].message


def test_a_block_in_an_html_comment_is_not_a_claim():
    text = "<!--\n" + block("x**2 >= 1") + "-->\n<!-- one line -->\n" + block() + "<!-- " + block()[:-1] + " -->\n"
    [found] = find_blocks("n.md", text)
    assert found.first_line == line_of(text, "title: squares", 2)


def test_find_blocks_handles_crlf_and_fence_lengths():
    text = "````proofcheck\r\ntitle: t\r\n```\r\nclaim: x\r\n````\r\n"
    [found] = find_blocks("n.md", text)
    assert found.text == "title: t\n```\nclaim: x" and found.first_line == 2
    [unclosed] = find_blocks("n.md", "```` proofcheck\n```\n")
    assert "never closed" in unclosed.problem and unclosed.first_line == 1
    assert find_blocks("n.md", "no blocks here") == []


def test_the_pytest_plugin_collects_claims_in_notes(tmp_path):
    shutil.copy(EXAMPLE / "lecture.md", tmp_path / "lecture.md")
    (tmp_path / "claims").mkdir()
    shutil.copy(EXAMPLE / "lab.ipynb", tmp_path / "claims" / "lab.ipynb")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--proofcheck", "-q",
                           "-p", "no:xdist", "--collect-only", "claims"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "4 tests collected" in done.stdout, done.stdout[-2000:]
