"""JUnit XML: one testcase per claim (classname the file, name the id), for GitLab and Jenkins.

Every text from a claim or a file name is cleaned by safetext first, which
also leaves only characters XML 1.0 allows; ElementTree escapes the markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..language.safetext import block, clean
from ..gate.verify import summary
from .text import failure_details


def render(results: list, color: bool = False) -> str:
    counts = summary(results)
    errors = sum(1 for r in results if not r.passed and r.status == "error")
    failures = counts["failed"] - errors
    suite = ET.Element("testsuite", name="proofcheck", tests=str(len(results)), failures=str(failures),
                       errors=str(errors), skipped="0", time=f"{sum(r.seconds for r in results):.3f}")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=clean(result.path), name=clean(result.id),
                             time=f"{result.seconds:.3f}")
        if not result.passed:
            tag = "error" if result.status == "error" else "failure"
            node = ET.SubElement(case, tag, message=_one_line(result.message), type=result.status)
            node.text = "\n".join(failure_details(result))  # each line already cleaned
        elif result.message:
            ET.SubElement(case, "system-out").text = block(f"{result.status}: {result.message}")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _one_line(text: str) -> str:
    lines = (text or "").splitlines()
    return clean(lines[0])[:500] if lines else ""
