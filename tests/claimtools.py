"""Helpers shared by the test modules: load a claim from text, find a line in a text."""

from __future__ import annotations

import textwrap

from proofcheck.api import check_paths


def load(tmp_path, text: str):
    """The claim of a file `title: t` + `text` (dedented); the file must load without error."""
    path = tmp_path / "claim.yaml"
    path.write_text("title: t\n" + textwrap.dedent(text), encoding="utf-8")
    report = check_paths([str(path)])
    assert report.ok, [str(d) for d in report.diagnostics]
    return report.claims[0]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the `nth` line of `text` containing `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} (#{nth}) not in test text")
