"""JUnit XML: one testcase per claim (classname the file, name the id), for GitLab and Jenkins."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..verify import summary
from .text import failure_details


def render(results: list, color: bool = False) -> str:
    counts = summary(results)
    errors = sum(1 for r in results if not r.passed and r.status == "error")
    failures = counts["failed"] - errors
    suite = ET.Element("testsuite", name="proofcheck", tests=str(len(results)), failures=str(failures),
                       errors=str(errors), skipped="0", time=f"{sum(r.seconds for r in results):.3f}")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=result.path, name=result.id, time=f"{result.seconds:.3f}")
        if not result.passed:
            tag = "error" if result.status == "error" else "failure"
            node = ET.SubElement(case, tag, message=_one_line(result.message), type=result.status)
            node.text = "\n".join(failure_details(result))
        elif result.message:
            ET.SubElement(case, "system-out").text = f"{result.status}: {result.message}"
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _one_line(text: str) -> str:
    line = (text or "").splitlines()[0] if text else ""
    return line[:500]
