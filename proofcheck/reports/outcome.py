"""What a verdict means for a gate, the same in every report format.

A claim's status (proved, falsified, unproven, error) and whether it passed
give one of five outcomes, and each format shows these five, never the bare
status: an expected-false claim that was falsified passed (pytest's XFAIL);
an unproven claim passed but stays visible (a warning, a skipped test).
"""

from __future__ import annotations

PASSED, XFAIL, UNPROVEN, FAILED, ERROR = "passed", "xfail", "unproven", "failed", "error"
OUTCOMES = (PASSED, XFAIL, UNPROVEN, FAILED, ERROR)


def outcome(result) -> str:
    """passed (proved), xfail (falsified as expected), unproven (passed, not proved),
    failed, or error (could not be checked)."""
    if result.status == "error":
        return ERROR
    if not result.passed:
        return FAILED
    if result.status == "falsified":
        return XFAIL
    return UNPROVEN if result.status == "unproven" else PASSED


def label(result) -> str:
    """The status word of one-line reports: PROVED, XFAIL, UNPROVEN, FALSIFIED, ERROR."""
    return "XFAIL" if outcome(result) == XFAIL else result.status.upper()


COLORS = {PASSED: "green", XFAIL: "green", UNPROVEN: "yellow", FAILED: "red", ERROR: "red"}


def why(result) -> str:
    """One line saying what the outcome means, for reports that give a reason."""
    kind = outcome(result)
    if kind == XFAIL:
        return "falsified, as expected (expect: false)"
    if kind == UNPROVEN:
        return "unproven: no proof found and no counterexample"
    if kind == FAILED:
        wanted = "a proof" if result.expect else "a counterexample (expect: false)"
        return f"{result.status}, expected {wanted}"
    return result.status
