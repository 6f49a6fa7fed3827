"""Diagnostics: every user mistake becomes one of these, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

from .safetext import clean


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
    cell: str = ""  # in a notebook, where the line is: `cell 3, line 2` (`line` is the notebook file's)

    def __str__(self) -> str:
        """`path:line:col: severity: message` on one line, the path and message escaped
        (in a notebook: `path:line:col: severity: cell 3, line 2: message`)."""
        return f"{self.location()} {self.severity}: {self.text()}"

    def text(self) -> str:
        """The message, escaped, after the notebook cell it is about."""
        return clean(f"{self.cell}: {self.message}" if self.cell else self.message)

    def location(self) -> str:
        """`path:line:col:`, the path escaped (it comes from the repository)."""
        return f"{clean(self.path)}:{self.line}:{self.col}:"


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


class Silent(ClaimError):
    """An error that only echoes one already reported (a name whose declaration failed):
    recorded by no one, so that an author sees each mistake once."""

    def __init__(self) -> None:
        super().__init__("")
