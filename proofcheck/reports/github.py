"""GitHub Actions: an `::error` annotation per failed claim, a `::warning` per
unproven one (it passes, but must be seen), a `::notice` per claim falsified
as expected (a pass), and the Markdown
table appended to the job summary when GITHUB_STEP_SUMMARY is set.

Claim text and file names are escaped twice: first by safetext (no control
characters, no `::` or `##[`, so nothing can end the annotation's line or
start a command of its own), then with GitHub's own escaping of command data
(`%`, CR, LF) and properties (also `:` and `,`), so the runner decodes it back
to the safe text. A multi-line message becomes one annotation with %0A breaks.
"""

from __future__ import annotations

import os

from ..language.safetext import clean, lines as safe_lines
from . import markdown
from .outcome import ERROR, FAILED, UNPROVEN, XFAIL, outcome


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int, title: str, message: str) -> str:
    """`::error file=...,line=...,title=...::message`, every part escaped."""
    body = "\n".join(safe_lines(message)) or "-"
    return (f"::{level} file={_property(clean(path))},line={int(line)},title={_property(clean(title))}"
            f"::{_data(body)}")


def render(results: list, color: bool = False) -> str:
    lines = []
    for r in results:
        kind = outcome(r)
        if kind in (FAILED, ERROR):
            lines.append(annotation("error", r.path, r.where(), f"proofcheck: {r.id} {r.status}{r.in_cell()}", r.message or r.status))
        elif kind == UNPROVEN:  # passes, but must not go unseen
            lines.append(annotation("warning", r.path, r.where(), f"proofcheck: {r.id} unproven{r.in_cell()}",
                                    r.message or "no proof found"))
        elif kind == XFAIL:  # passes: the counterexample the author expected
            lines.append(annotation("notice", r.path, r.where(), f"proofcheck: {r.id} falsified{r.in_cell()}",
                                    f"falsified, as expected (expect: false): {r.message}"))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:  # the Markdown is escaped ASCII-safe text; never crash on an odd byte anyway
            with open(summary_file, "a", encoding="utf-8", errors="backslashreplace") as out:
                out.write(markdown.render(results) + "\n")
        except OSError:
            lines.append("::warning::proofcheck could not write the job summary")
    return "\n".join(lines) + ("\n" if lines else "")
