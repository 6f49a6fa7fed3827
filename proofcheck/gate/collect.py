"""Finding claim files and loading each one, in a worker under the run's limits when given."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..language.errors import Diagnostic
from ..language.loader import load_file
from ..language.reader import did_you_mean
from ..language.model import Claim
from ..language.safefiles import link_in_path

CLAIM_SUFFIXES = (".yaml", ".yml")


class PathError(Exception):
    """A path given on the command line does not exist (a usage error)."""


@dataclass
class Discovery:
    files: list = field(default_factory=list)  # claim files, links and odd files included: they get errors
    notes: list = field(default_factory=list)  # warnings: linked directories not followed


def discover(paths: list) -> Discovery:
    """Claim files under the given paths: directories recursively, files as given.

    Nothing is followed through a symbolic link: a linked claim file or one
    that is not a regular file is listed (its loading gives the error
    verdict), a linked directory is not entered.
    """
    found = Discovery()
    for raw in paths:
        link = link_in_path(raw)
        if link is not None and link != os.path.abspath(raw):
            found.notes.append(Diagnostic(raw, 1, 1, f"reached through the symbolic link {link}; not followed",
                                          "warning"))
        elif os.path.lexists(raw) and not os.path.islink(raw) and os.path.isdir(raw):
            _walk(raw, found)
        elif os.path.lexists(raw):
            found.files.append(raw)
        else:
            raise PathError(f"no such file or directory: {raw}")
    found.files = list(dict.fromkeys(found.files))
    return found


def _walk(top: str, found: Discovery) -> None:
    for folder, subdirs, names in os.walk(top, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in subdirs:
            if os.path.islink(os.path.join(folder, name)):
                found.notes.append(Diagnostic(os.path.join(folder, name), 1, 1,
                                              "symbolic link to a directory; not followed", "warning"))
        found.files.extend(os.path.join(folder, name) for name in sorted(names)
                           if name.endswith(CLAIM_SUFFIXES) and not name.startswith("."))


@dataclass
class CheckReport:
    files: list = field(default_factory=list)
    claims: list = field(default_factory=list)  # Claims that loaded without error
    diagnostics: list = field(default_factory=list)

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def failed_files(self) -> set:
        return {d.path for d in self.errors}


def load_files(files: list, limits=None, done=None) -> list:
    """(claim or None, diagnostics) per file; with `limits` (a runner.Limits), each file is
    loaded in a worker under its time and memory limits, as a hostile file must be."""
    if limits is None:
        return [load_file(path) for path in files]
    from .runner import run_isolated

    def failed(path: str, why: str, elapsed: float) -> tuple:
        return None, [Diagnostic(path, 1, 1, f"loading stopped: {why}")]

    return run_isolated(files, load_file, limits, seconds=lambda path: limits.timeout, failed=failed, done=done)


def check_paths(paths: list, limits=None) -> CheckReport:
    """Load, validate and shape-check every claim file under `paths` (see `load_files`)."""
    found = discover(paths)
    report = CheckReport(files=found.files, diagnostics=list(found.notes))
    for claim, diagnostics in load_files(found.files, limits):
        report.diagnostics.extend(diagnostics)
        if claim is not None:
            report.claims.append(claim)
    _check_ids(report)
    return report


def _check_ids(report: CheckReport) -> None:
    """Ids are unique within a run; `uses` naming an unknown id is a warning
    (a pre-commit run may pass only some of the files)."""
    seen: dict = {}
    unique: list = []
    for claim in report.claims:
        if claim.id in seen:
            report.diagnostics.append(Diagnostic(
                claim.path, claim.line, 1,
                f"duplicate claim id '{claim.id}' (also used by {seen[claim.id].path})",
            ))
        else:
            seen[claim.id] = claim
            unique.append(claim)
    report.claims = unique
    for claim in unique:
        for used in claim.uses:
            if used not in seen:
                report.diagnostics.append(Diagnostic(
                    claim.path, claim.line, 1,
                    f"`uses` names '{used}', which is not a claim of this run{did_you_mean(used, seen)}",
                    "warning",
                ))


__all__ = ["Claim", "CheckReport", "Diagnostic", "Discovery", "PathError", "check_paths", "discover", "load_files"]
