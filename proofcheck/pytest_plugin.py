"""pytest plugin: `pytest --proofcheck` collects claim files as tests.

Registered through the `pytest11` entry point; without `--proofcheck` it
collects nothing. Claim files are collected only under the ini option
`proofcheck_paths` (default `claims`) and under paths named on the command
line, never through a symbolic link, so a course repository's other YAML
files (`mkdocs.yml`, `.pre-commit-config.yaml`) are left alone. Items are
named by claim id (so `-k` works). A claim falsified as expected (`expect:
false`) is an xfail; an unproven claim is skipped with the reason (a failure
under --proofcheck-strict). Each file is loaded, and each claim
checked, in a worker process under the same time and memory limits as
`proofcheck verify` (pytest-xdist gives the parallelism).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_addoption(parser) -> None:
    group = parser.getgroup("proofcheck", "proofcheck claim files")
    group.addoption("--proofcheck", action="store_true",
                    help="collect proofcheck claim files (*.yaml, *.yml) and the claims in notes (*.md, *.ipynb)")
    group.addoption("--proofcheck-strict", action="store_true", help="count unproven claims as failures")
    group.addoption("--proofcheck-engine", default="both", choices=["symbolic", "numeric", "both"],
                    help="which proofcheck engines to run (default: both)")
    group.addoption("--proofcheck-timeout", type=float, default=60.0, help="time limit per claim in seconds")
    group.addoption("--proofcheck-memory", default=None,
                    help="memory limit per claim (e.g. 512M, 2G; default: as `proofcheck verify`)")
    parser.addini("proofcheck_paths", "folders (relative to the rootdir) holding proofcheck claim files",
                  type="args", default=["claims"])


def _limits(config):
    from .gate.runner import Limits, parse_memory

    cached = getattr(config, "_proofcheck_limits", None)
    if cached is None:
        memory = config.getoption("proofcheck_memory")
        try:
            cached = Limits(config.getoption("proofcheck_timeout"), parse_memory(memory) if memory else None, 1)
        except ValueError as exc:
            raise pytest.UsageError(f"--proofcheck-memory: {exc}") from None
        config._proofcheck_limits = cached
    return cached


def _roots(config) -> list:
    """Where claim files are collected: the configured folders, and the paths named on the
    command line other than the working directory itself (`pytest --proofcheck .` at a
    repository's root must not take `mkdocs.yml` for a claim)."""
    roots = [os.path.normpath(config.rootpath / p) for p in config.getini("proofcheck_paths")]
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        here = config.invocation_params.dir
        for arg in config.args:
            path = os.path.normpath(here / arg.split("::")[0])
            if path != os.path.normpath(here):
                roots.append(path)
    return roots


def _collectable(file_path: Path, config) -> bool:
    """Under a root, and reached through no symbolic link below the rootdir (or the root)."""
    from .language.safefiles import link_in_path

    path = os.path.normpath(file_path)
    rootdir = os.path.normpath(config.rootpath)
    for root in _roots(config):
        if path.startswith(root.rstrip(os.sep) + os.sep):
            base = rootdir if path.startswith(rootdir + os.sep) else root
            return link_in_path(os.path.dirname(path), base) is None
    return False


def pytest_collect_file(file_path, parent):
    if not parent.config.getoption("proofcheck"):
        return None
    from .gate.collect import SEARCHED_SUFFIXES  # the same files `proofcheck verify` finds

    if file_path.suffix in SEARCHED_SUFFIXES and _collectable(file_path, parent.config):
        return ClaimFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """An unproven claim's skip is reported at the claim, not at the line of this plugin
    that called pytest.skip."""
    outcome = yield
    report = outcome.get_result()
    if isinstance(item, ClaimItem) and report.skipped and isinstance(report.longrepr, tuple):
        path, line, _ = item.reportinfo()
        report.longrepr = (str(path), line + 1, report.longrepr[2])


class ClaimFile(pytest.File):
    def collect(self):
        from .gate.collect import load_files

        from .language.safetext import clean

        [loaded] = load_files([str(self.path)], _limits(self.config))
        for entry in loaded:  # one claim of a claim file; one per block of notes (none without)
            errors = [d for d in entry.diagnostics if d.severity == "error"]
            line = entry.claim.line if entry.claim is not None else (errors[0].line if errors else 1)
            yield ClaimItem.from_parent(self, name=clean(entry.name), claim=entry.claim, errors=errors, line=line)


class ClaimFailure(Exception):
    pass


class ClaimItem(pytest.Item):
    def __init__(self, *, claim, errors, line: int = 1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.errors = errors
        self.line = line

    def runtest(self) -> None:
        from .language.safetext import clean
        from .reports.outcome import UNPROVEN, XFAIL, outcome
        from .reports.text import failure_details, first_line
        from .gate.runner import run_claims
        from .gate.verify import Settings

        if self.errors:
            raise ClaimFailure("\n".join(str(d) for d in self.errors))
        config = self.config
        settings = Settings(config.getoption("proofcheck_engine"), config.getoption("proofcheck_timeout"),
                            config.getoption("proofcheck_strict"))
        [result] = run_claims([self.claim], settings, _limits(config))
        kind = outcome(result)
        if kind == XFAIL:  # expect: false, and falsified: an expected failure that happened
            pytest.xfail(clean(f"falsified, as expected: {first_line(result.message)}"))
        if kind == UNPROVEN:  # passes unless --proofcheck-strict, but must not look like a proof
            pytest.skip(clean(f"unproven: {first_line(result.message)}"))
        if not result.passed:
            raise ClaimFailure("\n".join(failure_details(result)))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ClaimFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.line - 1, f"claim {self.name}"
