"""The library API behind the CLI: find claim files, load and check them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic
from .loader import load_file
from .model import Claim

CLAIM_SUFFIXES = (".yaml", ".yml")


class PathError(Exception):
    """A path given on the command line does not exist (a usage error)."""


def discover(paths: list) -> list:
    """Claim files under the given paths: directories recursively, files as given."""
    found: list = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.suffix in CLAIM_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(str(path))
        else:
            raise PathError(f"no such file or directory: {raw}")
    return list(dict.fromkeys(found))


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


def check_paths(paths: list) -> CheckReport:
    """Load, validate and shape-check every claim file under `paths`."""
    report = CheckReport(files=discover(paths))
    for path in report.files:
        claim, diagnostics = load_file(path)
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
                    claim.path, claim.line, 1, f"`uses` names '{used}', which is not a claim of this run",
                    "warning",
                ))


__all__ = ["Claim", "CheckReport", "Diagnostic", "PathError", "check_paths", "discover"]
