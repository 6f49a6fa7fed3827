"""JUnit XML: one testcase per claim (classname the file, name the id), for GitLab and Jenkins.

Every text from a claim or a file name is cleaned by safetext first, which
also leaves only characters XML 1.0 allows; ElementTree escapes the markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..language.safetext import block, clean, lines as safe_lines
from .outcome import ERROR, FAILED, UNPROVEN, XFAIL, outcome
from .text import counterexample_lines, failure_details


def render(results: list, color: bool = False) -> str:
    """Failed claims are `failure` (or `error`), unproven ones `skipped` with the reason, and a
    claim falsified as expected a pass with its counterexample in `system-out`."""
    kinds = [outcome(r) for r in results]
    suite = ET.Element("testsuite", name="proofcheck", tests=str(len(results)), failures=str(kinds.count(FAILED)),
                       errors=str(kinds.count(ERROR)), skipped=str(kinds.count(UNPROVEN)),
                       time=f"{sum(r.seconds for r in results):.3f}")
    for result, kind in zip(results, kinds):
        case = ET.SubElement(suite, "testcase", classname=clean(result.path), name=clean(result.id),
                             time=f"{result.seconds:.3f}")
        if kind in (FAILED, ERROR):
            node = ET.SubElement(case, "error" if kind == ERROR else "failure", message=_one_line(result.message),
                                 type=result.status)
            node.text = "\n".join(failure_details(result))  # each line already cleaned
        elif kind == UNPROVEN:
            ET.SubElement(case, "skipped", message=_one_line(f"unproven: {result.message}"), type="unproven")
        elif kind == XFAIL:
            example = result.counterexample()
            lines = counterexample_lines(example) if example else [f"    {line}" for line in safe_lines(result.message)]
            head = f"falsified, as expected: {_one_line(result.message)}"
            ET.SubElement(case, "system-out").text = "\n".join([head, *lines])
        elif result.message:
            ET.SubElement(case, "system-out").text = block(f"{result.status}: {result.message}")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _one_line(text: str) -> str:
    lines = (text or "").splitlines()
    return clean(lines[0])[:500] if lines else ""
