"""The command line: a thin layer over proofcheck.api.

Start-up stays light (no sympy, no numpy): engine modules are imported inside
the commands that run them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

DEFAULT_PATHS = ("claims",)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proofcheck")
def main() -> None:
    """Check the mathematics in course materials.

    Each claim is a YAML file; the symbolic engine (sympy) proves it and the
    numeric engine (numpy) tries to falsify it. Start with `proofcheck new ID`
    and `proofcheck check`.
    """


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_writable(paths: tuple) -> None:
    """Fail before a long run, not after it."""
    for path in paths:
        parent = Path(path).resolve().parent
        if not parent.is_dir():
            raise click.UsageError(f"cannot write {path}: no such directory {parent}")


def _discover_or_exit(paths: tuple) -> list:
    from .api import PathError, discover

    try:
        files = discover(list(paths or DEFAULT_PATHS))
    except PathError as exc:
        raise click.UsageError(str(exc)) from None
    if not files:
        click.echo(f"error: no claim files (*.yaml, *.yml) found in {', '.join(paths or DEFAULT_PATHS)}", err=True)
        sys.exit(EXIT_USAGE)
    return files


def _echo_diagnostic(diag) -> None:
    colour = "red" if diag.severity == "error" else "yellow"
    head = f"{diag.path}:{diag.line}:{diag.col}:"
    click.echo(f"{click.style(head, bold=True)} {click.style(diag.severity + ':', fg=colour)} {diag.message}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
def check(paths: tuple) -> None:
    """Load, validate and shape-check claim files; run no engine.

    PATHS are claim files or directories searched recursively (default: claims/).
    """
    from .api import check_paths

    files = _discover_or_exit(paths)
    report = check_paths(files)
    for diag in sorted(report.diagnostics, key=lambda d: (d.path, d.line, d.col)):
        _echo_diagnostic(diag)
    bad = report.failed_files()
    if bad:
        click.echo(
            f"Found {_plural(len(report.errors), 'error')} in {len(bad)} of {_plural(len(report.files), 'claim file')}."
        )
        sys.exit(EXIT_FAILED)
    click.echo(f"Checked {_plural(len(report.files), 'claim file')}: no errors.")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema to this file.")
def schema(output: str | None) -> None:
    """Print the JSON Schema (draft-07) of claim files, for editors.

    With yaml-language-server (VS Code's YAML extension), start a claim file
    with `# yaml-language-server: $schema=PATH/TO/proofcheck.schema.json`.
    """
    from .schema import schema_json

    text = schema_json()
    if output:
        _write(output, text)
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("claim_id")
@click.option("-d", "--dir", "directory", default="claims", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the claim file in.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(claim_id: str, directory: str, force: bool) -> None:
    """Write a commented claim template CLAIM_ID.yaml that passes `check`."""
    from .loader import ID_RE
    from .template import template

    if not ID_RE.match(claim_id):
        raise click.UsageError(f"'{claim_id}' is not a valid claim id: use lowercase letters, digits, '_' and '-'")
    path = Path(directory) / f"{claim_id}.yaml"
    if path.exists() and not force:
        raise click.UsageError(f"{path} already exists (use --force to overwrite)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    _write(str(path), template(claim_id))
    click.echo(f"wrote {path}; edit it, then run: proofcheck check {path}")


def _memory(text: str) -> int:
    """`2G`, `512M`, `1.5G` or a number of bytes."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = text.strip().upper().rstrip("B").rstrip("I")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise click.BadParameter(f"expected a size such as 2G or 512M, not {text!r}") from None


def _shard(text: str | None):
    if text is None:
        return None
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise click.BadParameter("expected I/N, e.g. 1/4") from None
    if not 1 <= index <= count:
        raise click.BadParameter(f"shard {text}: need 1 <= I <= N")
    return index, count


FORMAT_NAMES = ["text", "json", "junit", "github", "markdown"]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Count `unproven` as a failure.")
@click.option("--engine", type=click.Choice(["symbolic", "numeric", "both"]), default="both", show_default=True,
              help="Which engines to run.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Wall-clock limit per claim, in seconds.")
@click.option("--memory", default="2G", show_default=True, help="Memory limit per claim (e.g. 512M, 2G).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Claims checked in parallel [default: CPUs].")
@click.option("--samples", type=click.IntRange(min=1), help="Samples per claim for the numeric engine [default: 20000].")
@click.option("--seed", type=click.IntRange(min=0), help="Seed of the numeric engine (the report gives it) [default: 0].")
@click.option("-k", "pattern", metavar="PATTERN", help="Only claims whose id matches (substring; `or`, `and`, `not`).")
@click.option("--shard", metavar="I/N", help="Only the I-th of N shards (stable by claim id), for CI matrices.")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMAT_NAMES),
              help="Report format (repeatable; default text).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write the report of the matching --format to FILE (repeatable, in order).")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Where verdicts are cached [default: $XDG_CACHE_HOME/proofcheck/verdicts, else "
                   "~/.cache/proofcheck/verdicts]. Entries are signed with $PROOFCHECK_CACHE_KEY, else with the "
                   "key in .../proofcheck/key there; an entry that does not verify is ignored.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write cached verdicts.")
def verify(paths: tuple, strict: bool, engine: str, timeout: float, memory: str, jobs: int | None,
           samples: int | None, seed: int | None, pattern: str | None, shard: str | None, formats: tuple,
           outputs: tuple, cache_dir: str | None, no_cache: bool) -> None:
    """Prove and falsify claims; exit 1 when any claim fails.

    PATHS are claim files or directories searched recursively (default: claims/).
    A claim passes when it is proved (or unproven, unless --strict), or, with
    `expect: false`, falsified. Each claim runs in its own worker process
    under --timeout and --memory.
    """
    import os

    from .api import check_paths
    from .cache import default_cache_dir
    from .reports import FORMATS
    from .runner import Limits
    from .session import Options
    from .session import verify as run
    from .verify import Settings

    if len(outputs) > max(len(formats), 1):
        raise click.UsageError("more --output files than --format options")
    _check_writable(outputs)
    options = Options(Settings(engine, timeout, strict, samples, seed),
                      Limits(timeout, _memory(memory), jobs or os.cpu_count() or 1),
                      None if no_cache else cache_dir or default_cache_dir(), pattern, _shard(shard))
    files = _discover_or_exit(paths)
    report = check_paths(files)
    for diag in report.diagnostics:
        if diag.severity == "warning":
            _echo_diagnostic(diag)
    progress = _Progress() if sys.stderr.isatty() else None
    results = run(report, options, progress)
    if progress:
        progress.clear()
    if not results:
        click.echo("error: no claims selected" + (f" by -k {pattern!r}" if pattern else ""), err=True)
        sys.exit(EXIT_USAGE)
    formats = formats or ("text",)
    for index, fmt in enumerate(formats):
        target = outputs[index] if index < len(outputs) else None
        text = FORMATS[fmt](results, color=target is None and sys.stdout.isatty())
        if target:
            _write(target, text)
        else:
            click.echo(text, nl=False)
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_FAILED)


class _Progress:
    """`[3/19] claim_id` on stderr while a run goes on, on a terminal only."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, result) -> None:
        self.count += 1
        click.echo(f"\r\033[K[{self.count}] {result.id} {result.status}", nl=False, err=True)

    def clear(self) -> None:
        if self.count:
            click.echo("\r\033[K", nl=False, err=True)


@main.command()
@click.argument("target")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True)
def explain(target: str, timeout: float) -> None:
    """Show a claim in plain text and LaTeX, and how it was proved.

    TARGET is a claim file, or a claim id looked up under claims/.
    """
    from .api import check_paths
    from .explain import render
    from .verify import Settings, verify_claim

    path = Path(target)
    report = check_paths([str(path)] if path.exists() else list(DEFAULT_PATHS) if Path("claims").is_dir() else [])
    claims = [c for c in report.claims if path.exists() or c.id == target]
    if not claims:
        errors = [d for d in report.errors if path.exists()]
        for diag in errors:
            _echo_diagnostic(diag)
        if errors:
            sys.exit(EXIT_FAILED)
        raise click.UsageError(f"no claim file or claim id '{target}' (ids are looked up under claims/)")
    claim = claims[0]
    click.echo(render(claim, verify_claim(claim, Settings("symbolic", timeout))), nl=False)
