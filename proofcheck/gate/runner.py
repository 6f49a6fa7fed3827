"""Run work in worker processes: isolated, in parallel, and always to the end.

Every piece of work that touches a claim file (loading it, checking it) runs
in a forked worker with a memory limit (RLIMIT_AS) and a wall-clock deadline.
The worker sends its answer back through a pipe, size-capped; a worker that
runs past its deadline is killed, and one that dies without an answer (a
crash, the kernel's OOM killer) is reported as such. Workers die with the
parent (PR_SET_PDEATHSIG), so a killed run leaves nothing behind. Answers
come back in the tasks' order, whatever finishes first and whatever order
they started in (claims: the longest expected first).

Claim workers start warm: the engines are imported once, in the parent,
before the first fork (verify.warm_engines), not again in every worker.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable

from .schedule import estimate, longest_first
from .verify import ClaimResult, Settings, verify_claim, warm_engines

GRACE_SECONDS = 2.0  # the worker's own alarm fires at the limit; the kill comes after this
TICK_SECONDS = 0.5  # how often a progress display is refreshed while nothing finishes
MAX_ANSWER_BYTES = 64 * 1024**2  # what the parent accepts from a worker
MAX_DEFAULT_MEMORY = 2 * 1024**3
_PR_SET_PDEATHSIG = 1


def parse_memory(text: str) -> int:
    """`2G`, `512M`, `1.5G` or a number of bytes; ValueError otherwise."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    clean = text.strip().upper().rstrip("B").rstrip("I")
    try:
        value = float(clean[:-1]) * units[clean[-1]] if clean and clean[-1] in units else int(clean)
    except (ValueError, OverflowError):
        value = -1
    if not 0 < value < 2**62:
        raise ValueError(f"expected a size such as 2G or 512M, not {text!r}")
    return int(value)


def machine_memory() -> int | None:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux
        return None


def default_memory(jobs: int) -> int:
    """2 GiB per worker, or less so that `jobs` workers fit in the machine's memory."""
    total = machine_memory()
    if total is None:  # pragma: no cover
        return MAX_DEFAULT_MEMORY
    return max(256 * 1024**2, min(MAX_DEFAULT_MEMORY, total // max(1, jobs)))


@dataclass
class Limits:
    timeout: float = 60.0
    memory: int | None = None  # bytes a worker may use beyond what it starts with; None: default_memory(jobs)
    jobs: int = 1

    def __post_init__(self) -> None:
        if self.memory is None:
            self.memory = default_memory(self.jobs)


# ------------------------------------------------------------------ the worker


def _libc(name: str):
    """A libc function (prctl, mallopt), looked up once in the parent, so that workers start with it."""
    try:
        import ctypes

        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):  # pragma: no cover - not on Linux, or not glibc
        return None


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
KEEP_FREED = 32 * 1024**2  # the largest mmap threshold glibc accepts on 64-bit systems


def keep_freed_memory(mallopt=None) -> bool:
    """Let glibc's malloc serve arrays up to KEEP_FREED bytes from memory freed earlier.

    By default the thresholds move with what is freed, and freed memory at the top
    of the heap goes back to the system: then the arrays of every numpy operation
    are mapped afresh and faulted in page by page, which cost the numeric engine
    more than half its time at n = 1000. A worker is short-lived and runs under
    RLIMIT_AS, so keeping freed memory is safe there; the parent's settings are
    left alone. Returns whether it applied."""
    mallopt = mallopt or _libc("mallopt")
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, KEEP_FREED)) and bool(mallopt(_M_TRIM_THRESHOLD, 2 * KEEP_FREED))


def _prepare_worker(parent: int, memory: int, libc: tuple) -> None:
    prctl, mallopt = libc
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if mallopt is not None:
        keep_freed_memory(mallopt)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    try:
        import resource

        base = _virtual_size()
        resource.setrlimit(resource.RLIMIT_AS, (base + memory, base + memory))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on Linux
        pass


def _worker(work: Callable, task: Any, parent: int, memory: int, libc: tuple, conn) -> None:
    _prepare_worker(parent, memory, libc)
    try:
        answer: tuple = ("ok", work(task))
    except MemoryError:
        answer = ("error", "memory limit exceeded")
    try:
        conn.send_bytes(pickle.dumps(answer))
    except MemoryError:
        conn.send_bytes(pickle.dumps(("error", "memory limit exceeded")))
    conn.close()


def _virtual_size() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------ the pool


def run_isolated(tasks: list, work: Callable, limits: Limits, seconds: Callable[[Any], float],
                 failed: Callable[[Any, str, float], Any], done: Callable[[Any], None] | None = None,
                 order: list | None = None, started: Callable[[Any], None] | None = None,
                 tick: Callable[[], None] | None = None) -> list:
    """`work(task)` for each task in a worker; `failed(task, why, elapsed)` stands in for
    an answer that did not come (timeout, crash, memory). `done(answer)` is called as each
    one finishes, `started(task)` as each one starts, and `tick()` every TICK_SECONDS at
    least while work goes on (a progress display). Tasks start in `order` (indices;
    default: as given); answers come back in the tasks' order."""
    if not tasks:
        return []
    libc = (_libc("prctl"), _libc("mallopt"))
    context = multiprocessing.get_context("fork")
    parent = os.getpid()
    answers: list = [None] * len(tasks)
    pending = list(order) if order is not None else list(range(len(tasks)))
    running: dict = {}  # connection -> (index, process, started)
    try:
        while pending or running:
            while pending and len(running) < max(1, limits.jobs):
                index = pending.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_worker, args=(work, tasks[index], parent, limits.memory, libc, send),
                                          daemon=True)
                process.start()
                send.close()
                running[receive] = (index, process, time.monotonic())
                if started:
                    started(tasks[index])
            _collect(running, answers, tasks, seconds, failed, done, TICK_SECONDS if tick else None)
            if tick:
                tick()
    finally:
        for _, process, _ in running.values():
            process.kill()
    return answers


def _collect(running: dict, answers: list, tasks: list, seconds, failed, done, poll: float | None = None) -> None:
    now = time.monotonic()
    next_deadline = min(started + seconds(tasks[i]) + GRACE_SECONDS for i, _, started in running.values())
    timeout = max(0.0, next_deadline - now) if poll is None else min(poll, max(0.0, next_deadline - now))
    ready = wait(list(running) + [p.sentinel for _, p, _ in running.values()], timeout=timeout)
    for conn in list(running):
        index, process, started = running[conn]
        task, limit = tasks[index], seconds(tasks[index])
        answer, elapsed = None, time.monotonic() - started
        if conn in ready or process.sentinel in ready:
            answer = _receive(conn, task, failed, elapsed)
            if answer is None and not process.is_alive():
                answer = failed(task, _death(process), elapsed)
        if answer is None and elapsed > limit + GRACE_SECONDS:
            process.kill()
            answer = failed(task, f"timeout: killed after {limit:g} s", elapsed)
        if answer is not None:
            process.join(timeout=1)
            conn.close()
            del running[conn]
            answers[index] = answer
            if done:
                done(answer)


def _receive(conn, task, failed, elapsed: float):
    try:
        if not conn.poll():
            return None
        kind, payload = pickle.loads(conn.recv_bytes(MAX_ANSWER_BYTES))
    except (EOFError, ConnectionError):
        return None
    except OSError:  # longer than MAX_ANSWER_BYTES
        return failed(task, f"the answer exceeded {MAX_ANSWER_BYTES // 1024**2} MiB", elapsed)
    return payload if kind == "ok" else failed(task, payload, elapsed)


def _death(process) -> str:
    process.join(timeout=1)
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (likely the memory limit or the system's OOM killer)" if -code == signal.SIGKILL else ""
        return f"the worker crashed: killed by {name}{hint}"
    return f"the worker crashed: exit code {code}"


# ------------------------------------------------------------------ claims


def _verify(item: tuple) -> ClaimResult:
    claim, settings = item
    return verify_claim(claim, settings)  # looked up at call time: tests replace it


def claim_seconds(claim, limits: Limits) -> float:
    """A file's check.timeout can only lower the run's limit."""
    return min(claim.check.timeout or limits.timeout, limits.timeout)


def error_for(claim, message: str, seconds: float = 0.0) -> ClaimResult:
    return ClaimResult(claim.id, claim.path, claim.line, claim.title, claim.expect, "error", False, message,
                       {"status": "skipped"}, {"status": "skipped"}, [], seconds, cell=claim.cell)


def run_claims(claims: list, settings: Settings, limits: Limits, done=None, started=None, tick=None, *,
               expected: list | None = None) -> list:
    """Results for `claims`, in order; `done(result)` is called as each one finishes,
    `started(claim)` as each one starts, `tick()` regularly (see run_isolated).

    Claims start longest first: `expected` gives each one's expected seconds (None
    entries, or no list: estimated from the claim). The engines are imported here,
    once, so that every worker forks warm."""
    if not claims:
        return []
    warm_engines(settings.engine)
    expected = expected or [None] * len(claims)
    costs = [e if e is not None else estimate(c, settings.samples) for c, e in zip(claims, expected)]
    return run_isolated(
        [(claim, settings) for claim in claims], _verify, limits,
        seconds=lambda item: claim_seconds(item[0], limits),
        failed=lambda item, why, elapsed: error_for(item[0], why, elapsed),
        done=done, order=longest_first(costs),
        started=(lambda item: started(item[0])) if started else None, tick=tick,
    )
