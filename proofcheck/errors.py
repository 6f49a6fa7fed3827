"""Diagnostics: every user mistake becomes one of these, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Loc:
    """A position in a claim file (1-based line and column)."""

    line: int
    col: int


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class Timeout(Exception):
    """A claim's time limit ran out (either engine)."""


class ClaimError(Exception):
    """A mistake in a claim file, located like a compiler error.

    Raised deep inside loading, parsing or shape checking and turned into a
    Diagnostic at the file boundary, where the path is known.
    """

    def __init__(self, message: str, loc: Loc | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc

    def at(self, loc: Loc | None) -> "ClaimError":
        """Fill in a location if the raiser did not know one."""
        if self.loc is None:
            self.loc = loc
        return self
