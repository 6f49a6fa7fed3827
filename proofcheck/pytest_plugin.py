"""pytest plugin: `pytest --proofcheck claims/` collects every claim file as a test.

Registered through the `pytest11` entry point; without `--proofcheck` it
collects nothing. Items are named by claim id (so `-k` works), run both
engines in-process under the claim's time limit (pytest-xdist gives the
parallelism), and a failure shows the counterexample or the reason.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser) -> None:
    group = parser.getgroup("proofcheck", "proofcheck claim files")
    group.addoption("--proofcheck", action="store_true", help="collect proofcheck claim files (*.yaml, *.yml)")
    group.addoption("--proofcheck-strict", action="store_true", help="count unproven claims as failures")
    group.addoption("--proofcheck-engine", default="both", choices=["symbolic", "numeric", "both"],
                    help="which proofcheck engines to run (default: both)")
    group.addoption("--proofcheck-timeout", type=float, default=60.0, help="time limit per claim in seconds")


def pytest_collect_file(file_path, parent):
    if not parent.config.getoption("proofcheck"):
        return None
    from .api import CLAIM_SUFFIXES  # the same files `proofcheck verify` finds

    if file_path.suffix in CLAIM_SUFFIXES:
        return ClaimFile.from_parent(parent, path=file_path)
    return None


class ClaimFile(pytest.File):
    def collect(self):
        from .loader import load_file

        claim, diagnostics = load_file(str(self.path))
        errors = [d for d in diagnostics if d.severity == "error"]
        name = claim.id if claim is not None else self.path.stem
        yield ClaimItem.from_parent(self, name=name, claim=claim, errors=errors)


class ClaimFailure(Exception):
    pass


class ClaimItem(pytest.Item):
    def __init__(self, *, claim, errors, **kwargs) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.errors = errors

    def runtest(self) -> None:
        from .reports.text import failure_details
        from .verify import Settings, verify_claim

        if self.errors:
            raise ClaimFailure("\n".join(str(d) for d in self.errors))
        config = self.config
        settings = Settings(config.getoption("proofcheck_engine"), config.getoption("proofcheck_timeout"),
                            config.getoption("proofcheck_strict"))
        result = verify_claim(self.claim, settings)
        if not result.passed:
            raise ClaimFailure("\n".join(failure_details(result)))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ClaimFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        line = self.claim.line if self.claim is not None else 1
        return self.path, line - 1, f"claim {self.name}"
