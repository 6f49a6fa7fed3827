"""Progress: result lines in file order as soon as they can be, a live status
line (done/total, running claims, time left) on a terminal only."""

from __future__ import annotations

import io
from types import SimpleNamespace

from click.testing import CliRunner

from proofcheck.api import check_paths
from proofcheck.cli import main
from proofcheck.gate.runner import Limits, run_claims
from proofcheck.gate.verify import Settings
from proofcheck.reports.progress import Progress


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def test_results_come_out_in_order_and_the_status_line_says_what_runs():
    emitted, status, clock = [], io.StringIO(), Clock()
    progress = Progress(emitted.append, status, clock)
    progress.begin(3)
    claim = lambda i: SimpleNamespace(id=i)  # noqa: E731
    progress.started(0, claim("slow"))
    progress.started(1, claim("fast"))
    clock.now += 4
    progress.finished(1, "result-1")
    assert emitted == []  # the claim before it is still running
    assert status.getvalue().endswith("\r\033[K[1/3] running slow (4s); about 8s left")
    progress.finished(2, "cached-2")
    clock.now += 61
    progress.tick()
    assert status.getvalue().endswith("[2/3] running slow (1:05); about 1:05 left")
    progress.finished(0, "result-0")
    assert emitted == ["result-0", "result-1", "cached-2"]
    progress.close()
    assert status.getvalue().endswith("\r\033[K")


def test_no_status_line_without_a_terminal():
    emitted = []
    progress = Progress(emitted.append, None)
    progress.begin(1)
    progress.started(0, SimpleNamespace(id="a"))
    progress.finished(0, "r")
    assert emitted == ["r"]
    result = CliRunner().invoke(main, ["verify", "claims", "--no-cache", "-k", "momentum"])
    assert "\033[K" not in result.output and "[1/1]" not in result.output
    assert result.output.startswith("PROVED    momentum_unrolled")


def test_the_runner_tells_when_each_claim_starts_and_ends(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text('title: t\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n')
    claims = check_paths([str(tmp_path)]).claims
    events = []
    run_claims(claims, Settings(), Limits(jobs=1), done=lambda r: events.append(("done", r.id)),
               started=lambda c: events.append(("started", c.id)), tick=lambda: events.append(("tick",)))
    assert [e for e in events if e[0] != "tick"] == [("started", "a"), ("done", "a"), ("started", "b"),
                                                      ("done", "b")]
    assert ("tick",) in events
