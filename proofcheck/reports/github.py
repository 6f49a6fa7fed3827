"""GitHub Actions: an `::error` annotation per failed claim, and the Markdown
table appended to the job summary when GITHUB_STEP_SUMMARY is set."""

from __future__ import annotations

import os

from . import markdown


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list, color: bool = False) -> str:
    lines = []
    for r in results:
        if r.passed:
            continue
        title = f"proofcheck: {r.id} {r.status}"
        body = r.message or r.status
        lines.append(f"::error file={_property(r.path)},line={r.where()},title={_property(title)}::{_data(body)}")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as out:
                out.write(markdown.render(results) + "\n")
        except OSError:
            lines.append("::warning::proofcheck could not write the job summary")
    return "\n".join(lines) + ("\n" if lines else "")
