"""Progress of a run: each claim's result line as soon as it and every claim
before it are done (a stable order, whatever finishes first), and, on a
terminal only, a live status line on standard error: done/total, the claims
running now with their time so far, and an estimate of the time left.

The status line is redrawn in place (carriage return, erase line) and erased
before each result line, so a terminal shows the results above one status
line; a log or a pipe gets the result lines only.
"""

from __future__ import annotations

import shutil
import time
from typing import Callable

from ..language.safetext import clean


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Listens to gate.session.run_items: begin, started, finished, tick."""

    def __init__(self, emit: Callable[[object], None] | None = None, status=None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.emit = emit  # writes one result's line (in order)
        self.status = status  # a terminal stream for the status line, or None
        self.clock = clock
        self.total = 0
        self.results: dict = {}
        self.next = 0  # the first index not emitted yet
        self.running: dict = {}  # index -> (id, start time)
        self.fresh_done = 0
        self.began = clock()
        self.drawn = False

    def begin(self, total: int) -> None:
        self.total = total
        self.began = self.clock()

    def started(self, index: int, claim) -> None:
        self.running[index] = (claim.id, self.clock())
        self.draw()

    def finished(self, index: int, result) -> None:
        if self.running.pop(index, None) is not None:
            self.fresh_done += 1
        self.results[index] = result
        while self.next in self.results:
            self.erase()
            if self.emit:
                self.emit(self.results[self.next])
            self.next += 1
        self.draw()

    def tick(self) -> None:
        self.draw()

    def line(self) -> str:
        """`[3/19] running lda (4s), tree_split (1s); about 0:12 left`."""
        now = self.clock()
        done = len(self.results)
        running = sorted(self.running.values(), key=lambda item: item[1])
        names = ", ".join(f"{clean(claim_id)} ({_duration(now - start)})" for claim_id, start in running)
        text = f"[{done}/{self.total}]" + (f" running {names}" if names else "")
        left = self.total - done
        if self.fresh_done and left:
            text += f"; about {_duration((now - self.began) / self.fresh_done * left)} left"
        return text

    def draw(self) -> None:
        if self.status is None or self.next >= self.total:
            return
        width = shutil.get_terminal_size((80, 24)).columns - 1
        text = self.line()
        text = text if len(text) <= width else text[: max(0, width - 3)] + "..."
        self.status.write("\r\033[K" + text)
        self.status.flush()
        self.drawn = True

    def erase(self) -> None:
        if self.status is not None and self.drawn:
            self.status.write("\r\033[K")
            self.status.flush()
            self.drawn = False

    def close(self) -> None:
        self.erase()
