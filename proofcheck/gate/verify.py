"""Run the engines on each claim and give it one verdict (SPEC section 8).

Engines are imported here, not at start-up: `proofcheck --help` and `check`
never load sympy or numpy. A run imports them once, in the parent, before its
workers fork (`warm_engines`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..language.model import Claim
from ..language.notes import cell_position

@dataclass
class Settings:
    engine: str = "both"
    timeout: float = 60.0
    strict: bool = False
    samples: int | None = None  # None: the claim's check.samples, else the engine's default
    seed: int | None = None  # None: the claim's check.seed, else 0


@dataclass
class ClaimResult:
    id: str
    path: str
    line: int
    title: str
    expect: bool
    status: str  # proved | falsified | unproven | error
    passed: bool
    message: str
    symbolic: dict = field(default_factory=lambda: {"status": "skipped"})
    numeric: dict = field(default_factory=lambda: {"status": "skipped"})
    certificate: list = field(default_factory=list)
    seconds: float = 0.0
    focus: int = 0  # the line to point at: the failing proof step, or the claim expression
    cell: tuple = ()  # in a notebook: (cell number, base), see language.notes.cell_position

    def where(self) -> int:
        return self.focus or self.line

    def counterexample(self) -> dict | None:
        """The confirmed counterexample, whichever engine found it (its `found_by` says which)."""
        return self.numeric.get("counterexample") or self.symbolic.get("counterexample")

    def place(self, line: int | None = None) -> str:
        """In a notebook, `cell 3, line 2` for a line of the file (default: where()); else ''."""
        return cell_position(self.cell, line or self.where())

    def in_cell(self, line: int | None = None) -> str:
        """` (cell 3, line 2)` after a file position in a notebook; else ''."""
        return f" ({self.place(line)})" if self.cell else ""

    def to_json(self) -> dict:
        data = {
            "id": self.id, "file": self.path, "line": self.line, "title": self.title,
            "expect": self.expect, "status": self.status, "passed": self.passed,
            "message": self.message, "symbolic": self.symbolic, "numeric": self.numeric,
            "seconds": round(self.seconds, 4),
        }
        if self.cell:  # `line` is the line of the notebook's file; these say where it is in Jupyter
            data["cell"], data["cell_line"] = self.cell[0], self.line - self.cell[1] + 1
        return data


class _Alarm(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Alarm()


@contextmanager
def _time_limit(seconds: float):
    """Interrupt a single long call (a sympy simplification, say) past the deadline."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


WARM_UP = ('title: warm-up\ndims: {n: [2]}\nsymbols: {w: "vector[n]", X: "matrix[n, n]", c: positive}\n'
           'claim: "grad(c * sum((X @ w)**2) / 2, w) == c * X.T @ X @ w"\n')
_warmed: set = set()


def warm_engines(engine: str, one_blas_thread: bool = False) -> None:
    """Import the engines `engine` names and run them once on a small claim, so that
    workers forked afterwards start warm (sympy's and numpy's first calls are slow).

    With `one_blas_thread` (the `verify` command: the workers are the parallelism),
    BLAS is limited to one thread unless the environment already says otherwise;
    this works only before numpy is first imported, hence here."""
    if one_blas_thread and "numpy" not in sys.modules:
        for name in BLAS_THREADS:
            os.environ.setdefault(name, "1")
    if engine in _warmed:
        return
    _warmed.add(engine)
    try:
        from ..language.loader import FileLoader
        from ..language.yamlsafe import load_yaml

        claim = FileLoader("warm-up.yaml", WARM_UP).load(load_yaml(WARM_UP))
        verify_claim(claim, Settings(engine, timeout=5.0, samples=256))
    except Exception:  # a broken installation: each claim's worker reports it as that claim's error
        pass


def passes(expect: bool, status: str, strict: bool) -> bool:
    if not expect:
        return status == "falsified"
    return status == "proved" or (status == "unproven" and not strict)


def combine(symbolic: dict, numeric: dict) -> tuple:
    """One status from both engines, and why (with the count of numeric candidates that
    exact arithmetic could neither confirm nor refute, when there were any: SPEC section 8)."""
    status, message = _combine(symbolic, numeric)
    unconfirmed = numeric.get("unconfirmed") or 0
    if unconfirmed > 0:
        noun = "candidate" if unconfirmed == 1 else "candidates"
        message = f"{message}; {unconfirmed} numeric {noun} could not be confirmed exactly"
    return status, message


def _combine(symbolic: dict, numeric: dict) -> tuple:
    sym, num = symbolic.get("status"), numeric.get("status")
    if sym == "proved" and num == "falsified":
        return "error", ("the engines contradict each other: a proof and a confirmed counterexample "
                         f"(a bug in proofcheck; please report it): {numeric.get('message', '')}")
    if num == "falsified":
        return "falsified", numeric.get("message", "counterexample found")
    if sym == "falsified":  # a counterexample the symbolic engine found and that was confirmed exactly
        return "falsified", symbolic.get("message", "counterexample found")
    if sym == "error" or num == "error":
        return "error", symbolic.get("message") if sym == "error" else numeric.get("message", "")
    if sym == "proved":
        return "proved", f"proved by {symbolic['method']} ({symbolic['scope']})"
    if sym == "skipped":
        return "unproven", numeric.get("message") or "no engine ran"
    return "unproven", symbolic.get("message") or "no proof found"


def _guarded(engine: str, run) -> tuple:
    """(engine data, certificate): an engine's failure is an `error`, never a lost run."""
    try:
        return run()
    except _Alarm:
        return {"status": "error", "message": "timeout"}, []
    except RecursionError:
        return {"status": "error", "message": f"expression too deep for the {engine} engine"}, []
    except MemoryError:
        return {"status": "error", "message": "out of memory"}, []
    except Exception as exc:  # an engine bug must not stop the other claims
        return {"status": "error", "message": f"internal error in the {engine} engine: {type(exc).__name__}: {exc}"}, []


def verify_claim(claim: Claim, settings: Settings) -> ClaimResult:
    """Both engines under one time limit: numeric first (cheap), then symbolic."""
    start = time.monotonic()
    limit = min(claim.check.timeout or settings.timeout, settings.timeout)  # a file cannot raise the limit
    deadline = start + limit
    symbolic: dict = {"status": "skipped"}
    numeric: dict = {"status": "skipped"}
    certificate: list = []
    with _time_limit(limit + 0.25):
        if settings.engine in ("numeric", "both"):
            numeric, _ = _guarded("numeric", lambda: _run_numeric(claim, settings, deadline))
        if settings.engine in ("symbolic", "both") and numeric.get("message") != "timeout":
            symbolic, certificate = _guarded("symbolic", lambda: _run_symbolic(claim, deadline))
            symbolic = _confirm_symbolic(claim, symbolic)
    status, message = combine(symbolic, numeric)
    if message == "timeout":
        engine = "numeric" if numeric.get("message") == "timeout" else "symbolic"
        message = (f"timeout: the {engine} engine did not finish within {limit:g} s (raise --timeout, or "
                   "bound the sampled sizes with check.sample_dims)")
    symbolic.pop("message", None)
    numeric.pop("message", None)
    example = numeric.get("counterexample") or symbolic.get("counterexample") or {}
    focus = example.get("step") or (claim.claim_locs[0].line if claim.claim_locs else claim.line)
    return ClaimResult(
        claim.id, claim.path, claim.line, claim.title, claim.expect, status,
        passes(claim.expect, status, settings.strict), message, symbolic, numeric, certificate,
        time.monotonic() - start, focus, claim.cell,
    )


def _run_symbolic(claim: Claim, deadline: float) -> tuple:
    from ..symbolic.engine import prove

    result = prove(claim, deadline)
    data = result.to_json()
    data["message"] = result.message
    if result.candidate is not None:
        data["candidate"] = result.candidate  # confirmed (or dropped) by _confirm_symbolic
    return data, result.certificate


def _confirm_symbolic(claim: Claim, symbolic: dict) -> dict:
    """A symbolic counterexample counts only once confirmed exactly: a rational point by the
    numeric engine's exact arithmetic, as a sampled candidate is (an algebraic one the symbolic
    engine confirmed itself). Unconfirmed, it is dropped and the claim stays unproven."""
    candidate = symbolic.pop("candidate", None)
    if symbolic.get("status") != "falsified" or candidate is None:
        return symbolic
    if candidate.example is not None:
        example = dict(candidate.example, found_by=candidate.found_by)
        where = f"proof step at line {candidate.goal.line}" if candidate.goal.line else "the claim"
        values = ", ".join(f"{k}={v}" for k, v in {**example["dims"], **example["values"]}.items())
        message = (f"counterexample to {where} (found by the {candidate.found_by}): {values}: "
                   f"lhs={example['lhs']}, rhs={example['rhs']}")
    else:
        from ..numeric.engine import confirm_candidate

        confirmed = confirm_candidate(claim, candidate.goal, candidate.dims, candidate.params, candidate.found_by)
        if confirmed is None:
            return {**symbolic, "status": "unproven", "method": None,
                    "message": f"a counterexample proposed by the {candidate.found_by} was not confirmed"}
        example, message = confirmed
    return {**symbolic, "counterexample": example, "message": message}


def _run_numeric(claim: Claim, settings: Settings, deadline: float) -> tuple:
    from ..numeric.engine import falsify

    result = falsify(claim, settings.samples, settings.seed, deadline)
    data = result.to_json()
    data["message"] = result.message
    return data, []


def error_result(path: str, diagnostics: list, name: str | None = None) -> ClaimResult:
    """A claim file (or block of notes) that could not be loaded: an `error` verdict naming
    its file and line, and going by `name` (default: the file's stem)."""
    errors = [d for d in diagnostics if d.severity == "error"] or diagnostics
    message = "; ".join(str(d) for d in errors)
    return ClaimResult(name or Path(path).stem, path, errors[0].line, "", True, "error", False, message,
                       {"status": "skipped"}, {"status": "skipped"})


def summary(results: list) -> dict:
    by_status = {s: 0 for s in ("proved", "falsified", "unproven", "error")}
    for r in results:
        by_status[r.status] += 1
    passed = sum(r.passed for r in results)
    return {"total": len(results), "passed": passed, "failed": len(results) - passed, "by_status": by_status}
