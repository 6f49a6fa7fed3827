"""A Markdown table of all verdicts, for a pull-request comment or a job summary.

Claim text is untrusted: it is escaped so that it cannot break the table or
inject HTML or links.
"""

from __future__ import annotations

import html

from ..verify import summary

_ICONS = {"proved": "✅", "falsified": "❌", "unproven": "⚠️", "error": "💥"}


def escape(text: str) -> str:
    text = html.escape(" ".join((text or "").split()), quote=True)
    for ch in "\\|`*_[]()<>!#":
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
        mark = "" if r.passed else " (failed)"
        detail = r.message if r.status != "proved" else f"{r.symbolic.get('method')}, {r.symbolic.get('scope')}"
        lines.append(f"| {_ICONS[r.status]} | {r.status}{mark} | {escape(r.id)} | {escape(r.path)}:{r.where()} "
                     f"| {escape(detail)[:300]} | {r.seconds:.2f}s |")
    return "\n".join(lines) + "\n"
