"""Finding claim files and notes, and loading each one, in a worker under the run's limits when given."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..language.errors import Diagnostic
from ..language.loader import Loaded, load_claims
from ..language.reader import did_you_mean
from ..language.model import Claim
from ..language.notes import NOTES_SUFFIXES, cell_position
from ..language.safefiles import link_in_path

CLAIM_SUFFIXES = (".yaml", ".yml")
SEARCHED_SUFFIXES = CLAIM_SUFFIXES + NOTES_SUFFIXES  # notes count only when they hold a ```proofcheck block


class PathError(Exception):
    """A path given on the command line does not exist (a usage error)."""


@dataclass
class Discovery:
    files: list = field(default_factory=list)  # claim files and notes, linked or odd claim files included
    notes: list = field(default_factory=list)  # warnings: linked directories (and notes) not followed


def discover(paths: list) -> Discovery:
    """Claim files and notes under the given paths: directories recursively, files as given.

    Nothing is followed through a symbolic link: a linked claim file or one
    that is not a regular file is listed (its loading gives the error
    verdict); a linked directory is not entered, and linked notes found in a
    directory are not read (a warning: a notes file need not hold claims).
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
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.startswith(".") or not name.endswith(SEARCHED_SUFFIXES):
                continue
            if name.endswith(NOTES_SUFFIXES) and not _regular(path):
                found.notes.append(Diagnostic(path, 1, 1, "notes file that is a symbolic link or not a regular "
                                                          "file; not read", "warning"))
                continue
            found.files.append(path)


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@dataclass
class CheckReport:
    files: list = field(default_factory=list)  # claim files, and notes files that hold claims
    claims: list = field(default_factory=list)  # Claims that loaded without error
    diagnostics: list = field(default_factory=list)
    entries: list = field(default_factory=list)  # a Loaded per claim, in file order: what `verify` runs

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def failed_files(self) -> set:
        return {d.path for d in self.errors}


def load_files(files: list, limits=None, done=None) -> list:
    """A list of Loaded per file (loader.load_claims: one for a claim file, one per block of
    notes); with `limits` (a runner.Limits), each file is loaded in a worker under its time
    and memory limits, as a hostile file must be."""
    if limits is None:
        return [load_claims(path) for path in files]
    from .runner import run_isolated

    def failed(path: str, why: str, elapsed: float) -> list:
        return [Loaded(None, [Diagnostic(path, 1, 1, f"loading stopped: {why}")], Path(path).stem, path)]

    return run_isolated(files, load_claims, limits, seconds=lambda path: limits.timeout, failed=failed, done=done)


def check_paths(paths: list, limits=None) -> CheckReport:
    """Load, validate and shape-check every claim under `paths` (see `load_files`); notes
    without a claim are left out (with a warning when named on the command line)."""
    found = discover(paths)
    report = CheckReport(diagnostics=list(found.notes))
    for path, loaded in zip(found.files, load_files(found.files, limits)):
        if not loaded:
            if path in paths:
                report.diagnostics.append(Diagnostic(path, 1, 1, "no ```proofcheck block in this file", "warning"))
            continue
        report.files.append(path)
        for entry in loaded:
            report.entries.append(entry)
            report.diagnostics.extend(entry.diagnostics)
    _check_ids(report)
    return report


def _check_ids(report: CheckReport) -> None:
    """Ids are unique within a run; `uses` naming an unknown id is a warning
    (a pre-commit run may pass only some of the files)."""
    seen: dict = {}
    for index, entry in enumerate(report.entries):
        claim = entry.claim
        if claim is None:
            continue
        if claim.id in seen:
            duplicate = Diagnostic(claim.path, claim.line, 1,
                                   f"duplicate claim id '{claim.id}' (also used by {seen[claim.id].path})",
                                   cell=cell_position(claim.cell, claim.line))
            report.diagnostics.append(duplicate)
            report.entries[index] = Loaded(None, [*entry.diagnostics, duplicate], claim.id, entry.path)
        else:
            seen[claim.id] = claim
    report.claims = [entry.claim for entry in report.entries if entry.claim is not None]
    for claim in report.claims:
        for used in claim.uses:
            if used not in seen:
                report.diagnostics.append(Diagnostic(
                    claim.path, claim.line, 1,
                    f"`uses` names '{used}', which is not a claim of this run{did_you_mean(used, seen)}",
                    "warning", cell_position(claim.cell, claim.line),
                ))


__all__ = ["CLAIM_SUFFIXES", "SEARCHED_SUFFIXES", "Claim", "CheckReport", "Diagnostic", "Discovery", "Loaded",
           "PathError", "check_paths", "discover", "load_files"]
