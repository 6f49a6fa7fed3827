"""Text report: one line per claim, the details of every failure, a summary last.

Every piece of claim or file-name text goes through safetext: one line stays
one line, multi-line messages are split and each line escaped.
"""

from __future__ import annotations

from ..language.safetext import clean, lines as safe_lines
from ..gate.verify import summary
from .outcome import COLORS, ERROR, FAILED, XFAIL, label, outcome

_ANSI = {"red": 31, "green": 32, "yellow": 33}


def _style(text: str, color: str, bold: bool = False) -> str:
    """ANSI colour for a terminal (the caller decides when colour is wanted)."""
    return f"\033[{'1;' if bold else ''}{_ANSI[color]}m{text}\033[0m"


def claim_line(result, color: bool) -> str:
    """`PROVED    id  method, scope  (0.12s)`: the outcome's word (XFAIL for a claim
    falsified as expected), green for a pass, yellow for unproven, red for a failure."""
    kind = outcome(result)
    status = label(result).ljust(9)
    if color:
        status = _style(status, COLORS[kind], bold=kind in (FAILED, ERROR))
    mark = "" if result.passed else "  FAILED"
    if result.status == "proved":
        detail = clean(f"{result.symbolic.get('method')}, {result.symbolic.get('scope')}")
    elif result.status == "falsified" and result.counterexample():
        detail = ("as expected; " if kind == XFAIL else "") + "counterexample: " + _brief(result.counterexample())
    else:
        detail = first_line(result.message)
    return f"{status} {clean(result.id)}  {detail}  ({result.seconds:.2f}s){mark}"


def _brief(example: dict) -> str:
    values = {**example.get("dims", {}), **example.get("values", {})}
    text = ", ".join(f"{k}={_value(v, True)}" for k, v in values.items())
    return first_line(text, 80)


def first_line(text: str, width: int = 100) -> str:
    """The first line, escaped, cut at `width` characters."""
    first = safe_lines(text)
    line = first[0] if first else ""
    return line if len(line) <= width else line[: width - 3] + "..."


def failure_details(result) -> list:
    expected = "a proof" if result.expect else "a counterexample (expect: false)"
    lines = [f"{clean(result.path)}:{result.where()}{result.in_cell()}: {clean(result.id)}: {result.status}, expected {expected}"]
    if result.title:
        lines.append(f"    {clean(result.title)}")
    example = result.counterexample()
    if example:
        lines += counterexample_lines(example)
    else:
        lines += [f"    {line}" for line in safe_lines(result.message)]
    return lines


def counterexample_lines(example: dict) -> list:
    """A counterexample a student can check by hand, one escaped line per item."""
    return [clean(line) for line in _counterexample_lines(example)]


def _counterexample_lines(example: dict) -> list:
    where = f" to the proof step at line {example['step']}" if example.get("step") else ""
    exact = "confirmed exactly" if example.get("exact") else "confirmed with rigorous intervals"
    found = f"found by the {example['found_by']}; " if example.get("found_by") else ""
    seed = f"; seed {example.get('seed')}" if example.get("seed") is not None else ""
    lines = [f"    counterexample{where} ({found}{exact}{seed}):", f"      {example.get('goal')}"]
    if example.get("dims"):
        lines.append("      dims: " + ", ".join(f"{k} = {v}" for k, v in example["dims"].items()))
    for name, value in example.get("values", {}).items():
        lines.append(f"      {name} = {_value(value)}")
    for name, value in (example.get("second_point") or {}).items():
        lines.append(f"      second point: {name} = {_value(value)}, weight t = {_value(example.get('weight'))}")
    if example.get("reason"):
        lines.append(f"      {example['reason']}")
    if example.get("lhs") is not None:
        lines.append(f"      left side  = {_value(example['lhs'])}")
    if example.get("rhs") is not None:
        lines.append(f"      right side = {_value(example['rhs'])}")
    return lines


def _value(value, brief: bool = False) -> str:
    """A value as shown in the counterexample: numbers and nested lists as they are; a
    large array or a very long number is an object saying what is shown (numeric/shown.py)."""
    if isinstance(value, dict):
        if value.get("shown") == "part":
            shape = "x".join(str(n) for n in value.get("shape", []))
            if brief:
                return f"<{shape} array shown in part>"
            return (f"{value.get('note')}: first entries {_value(value.get('head'), True)}, "
                    f"least {_value(value.get('min'), True)}, greatest {_value(value.get('max'), True)}")
        if value.get("shown") == "approximately":
            return f"~{value.get('approx')}" + ("" if brief else f" ({value.get('note')})")
        return str(value.get("note") or "(left out: the counterexample is too large to show in full)")
    if isinstance(value, list):
        return "[" + ", ".join(repr(e) if isinstance(e, str) else _value(e, True) for e in value) + "]"
    return str(value)


def render(results: list, color: bool = False, head: bool = True) -> str:
    """The report; without `head`, only what follows the claim lines (they were streamed)."""
    lines = [claim_line(r, color) for r in results] if head else []
    failures = [r for r in results if not r.passed]
    if failures:
        lines += ["", "Failures:"]
        for result in failures:
            lines += failure_details(result)
    counts = summary(results)
    by_status = ", ".join(f"{n} {s}" for s, n in counts["by_status"].items())
    lines += ["", f"({by_status})", f"{counts['passed']} passed, {counts['failed']} failed"]
    return "\n".join(lines) + "\n"
