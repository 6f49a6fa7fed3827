"""Run claims in worker processes: isolated, in parallel, and always to the end.

Each claim gets a forked worker with a memory limit (RLIMIT_AS) and a
wall-clock deadline. The worker sends its result back through a pipe; a
worker that runs past its deadline is killed, and one that dies without a
result (a crash, the kernel's OOM killer) is reported as such. Either way the
claim gets an `error` verdict and the other claims go on. Results come back in
the claims' order, whatever finishes first.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import wait

from .verify import ClaimResult, Settings, verify_claim

GRACE_SECONDS = 2.0  # the worker's own alarm fires at the limit; the kill comes after this


@dataclass
class Limits:
    timeout: float = 60.0
    memory: int = 2 * 1024**3  # bytes a worker may use beyond what it starts with
    jobs: int = 1


def _worker(claim, settings: Settings, memory: int, conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    try:
        import resource

        base = _virtual_size()
        resource.setrlimit(resource.RLIMIT_AS, (base + memory, base + memory))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on Linux
        pass
    try:
        result = verify_claim(claim, settings)
    except MemoryError:
        result = _error(claim, "memory limit exceeded")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(_error(claim, "memory limit exceeded"))
    conn.close()


def _virtual_size() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _error(claim, message: str, seconds: float = 0.0) -> ClaimResult:
    return ClaimResult(claim.id, claim.path, claim.line, claim.title, claim.expect, "error", False, message,
                       {"status": "skipped"}, {"status": "skipped"}, [], seconds)


def run_claims(claims: list, settings: Settings, limits: Limits, done=None) -> list:
    """Results for `claims`, in order; `done(result)` is called as each one finishes."""
    context = multiprocessing.get_context("fork")
    results: list = [None] * len(claims)
    pending = list(range(len(claims)))
    running: dict = {}  # connection -> (index, process, started)
    try:
        while pending or running:
            while pending and len(running) < max(1, limits.jobs):
                index = pending.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_worker, args=(claims[index], settings, limits.memory, send),
                                          daemon=True)
                process.start()
                send.close()
                running[receive] = (index, process, time.monotonic())
            _collect(running, results, claims, limits, done)
    finally:
        for _, process, _ in running.values():
            process.kill()
    return results


def _limit(claim, limits: Limits) -> float:
    return min(claim.check.timeout or limits.timeout, limits.timeout) + GRACE_SECONDS


def _collect(running: dict, results: list, claims: list, limits: Limits, done) -> None:
    now = time.monotonic()
    next_deadline = min(started + _limit(claims[i], limits) for i, _, started in running.values())
    ready = wait(list(running) + [p.sentinel for _, p, _ in running.values()], timeout=max(0.0, next_deadline - now))
    for conn in list(running):
        index, process, started = running[conn]
        claim = claims[index]
        result = None
        if conn in ready or process.sentinel in ready:
            try:
                if conn.poll():
                    result = conn.recv()
            except (EOFError, OSError):
                result = None
            if result is None and not process.is_alive():
                result = _error(claim, _death(process), time.monotonic() - started)
        if result is None and time.monotonic() - started > _limit(claim, limits):
            process.kill()
            result = _error(claim, f"timeout: killed after {_limit(claim, limits) - GRACE_SECONDS:g} s",
                            time.monotonic() - started)
        if result is not None:
            process.join(timeout=1)
            conn.close()
            del running[conn]
            results[index] = result
            if done:
                done(result)


def _death(process) -> str:
    process.join(timeout=1)
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (likely the memory limit or the system's OOM killer)" if -code == signal.SIGKILL else ""
        return f"the worker crashed: killed by {name}{hint}"
    return f"the worker crashed: exit code {code}"
