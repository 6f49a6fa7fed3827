"""A Markdown table of all verdicts, for a pull-request comment or a job summary.

Claim text is untrusted: it is cleaned (safetext: no control characters, no
workflow commands), then escaped so that it cannot break the table or inject
HTML or links.
"""

from __future__ import annotations

import html

from ..language.safetext import clean
from ..gate.verify import summary
from .outcome import ERROR, FAILED, PASSED, UNPROVEN, XFAIL, outcome

_ICONS = {PASSED: "✅", XFAIL: "✅", UNPROVEN: "⚠️", FAILED: "❌", ERROR: "💥"}


def escape(text: str) -> str:
    text = html.escape(" ".join(clean(text).split()), quote=True)
    for ch in "\\|`*_[]()<>!#~":
        text = text.replace(ch, "\\" + ch)
    return text


def render(results: list, color: bool = False) -> str:
    counts = summary(results)
    by_status = ", ".join(f"{n} {s}" for s, n in counts["by_status"].items())
    lines = [
        "## proofcheck",
        "",
        f"**{counts['passed']} passed, {counts['failed']} failed** ({by_status})",
        "",
        "| | status | claim | file | detail | time |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        kind = outcome(r)
        mark = " (failed)" if not r.passed else " (as expected)" if kind == XFAIL else ""
        detail = r.message if r.status != "proved" else f"{r.symbolic.get('method')}, {r.symbolic.get('scope')}"
        lines.append(f"| {_ICONS[kind]} | {r.status}{mark} | {escape(r.id)} | {escape(r.path)}:{r.where()}{r.in_cell()} "
                     f"| {_cut(escape(detail), 300)} | {r.seconds:.2f}s |")
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    """At most `width` characters, never ending in a lone escaping backslash or inside an entity."""
    if len(text) <= width:
        return text
    text = text[:width]
    amp = text.rfind("&")
    if amp > text.rfind(";"):
        text = text[:amp]
    backslashes = len(text) - len(text.rstrip("\\"))
    if backslashes % 2:
        text = text[:-1]
    return text + "…"
