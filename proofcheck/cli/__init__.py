"""The command line: a thin layer over proofcheck.api.

Start-up stays light (no sympy, no numpy): engine modules are imported inside
the commands that run them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..language.safetext import clean, guard
from .options import DIRECTORY_FORMATS, FORMAT_NAMES, FormatChoice, OrderedCommand, memory_size, parse_shard, report_targets

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
    for stream in (sys.stdout, sys.stderr):  # output is escaped; still, never crash on an encoder
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def _write(path: str, text: str, replace: bool = True) -> None:
    """Write a new file and rename it into place: never through a symbolic link (SPEC 11)."""
    from ..language.safefiles import write_text

    try:
        write_text(path, text, replace=replace)
    except FileExistsError:
        raise click.UsageError(f"{clean(path)} already exists") from None
    except OSError as exc:
        raise click.UsageError(f"cannot write {clean(path)}: {clean(exc.strerror or exc)}") from None


def _check_writable(paths) -> None:
    """Fail before a long run, not after it."""
    for path in paths:
        parent = Path(path).absolute().parent
        if not parent.is_dir():
            raise click.UsageError(f"cannot write {clean(path)}: no such directory {clean(parent)}")
        if Path(path).is_dir() and not Path(path).is_symlink():
            raise click.UsageError(f"cannot write {clean(path)}: it is a directory")


def _check_or_exit(paths: tuple, limits):
    """Find and load the claim files, each in a worker under `limits`."""
    from ..gate.collect import PathError, check_paths

    try:
        report = check_paths(list(paths or DEFAULT_PATHS), limits)
    except PathError as exc:
        raise click.UsageError(clean(exc)) from None
    if not report.files:
        for diag in report.diagnostics:
            _echo_diagnostic(diag, err=True)
        where = ", ".join(clean(p) for p in (paths or DEFAULT_PATHS))
        click.echo(f"error: no claim files (*.yaml, *.yml) or notes with ```proofcheck blocks (*.md, *.ipynb) "
                   f"found in {where}", err=True)
        sys.exit(EXIT_USAGE)
    return report


def _limits(timeout: float = 60.0, memory: str | None = None, jobs: int | None = None):
    import os

    from ..gate.runner import Limits, machine_memory

    jobs = jobs or os.cpu_count() or 1
    limits = Limits(timeout, memory_size(memory) if memory else None, jobs)
    total = machine_memory()
    if memory and total and limits.memory * jobs > total:
        click.echo(f"warning: --jobs {jobs} times --memory {memory} exceeds this machine's memory", err=True)
    return limits


def _echo_diagnostic(diag, err: bool = False) -> None:
    """`path:line:col: severity: message`, escaped (Diagnostic.location and safetext)."""
    colour = "red" if diag.severity == "error" else "yellow"
    click.echo(f"{click.style(diag.location(), bold=True)} {click.style(diag.severity + ':', fg=colour)} "
               f"{diag.text()}", err=err)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
def check(paths: tuple) -> None:
    """Load, validate and shape-check claim files; run no engine.

    PATHS are claim files or directories searched recursively (default: claims/).
    """
    report = _check_or_exit(paths, _limits())
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
    from ..language.schema import schema_json

    _print_or_write(schema_json(), output)


def _print_or_write(text: str, output: str | None) -> None:
    if output:
        _write(output, text)
        click.echo(f"wrote {clean(output)}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the reference to this file.")
def builtins(output: str | None) -> None:
    """Print the reference of the built-in functions (Markdown), from the catalog.

    Each function's signature, shape rule, where it is defined and
    differentiable, its sign facts and its curvature; docs/builtins.md is
    this output.
    """
    from ..reports.builtins import render

    _print_or_write(render(), output)


@main.command()
@click.argument("claim_id")
@click.option("-d", "--dir", "directory", default="claims", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the claim file in.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(claim_id: str, directory: str, force: bool) -> None:
    """Write a commented claim template CLAIM_ID.yaml that passes `check`."""
    from ..language.loader import ID_RE
    from ..language.template import template

    if not ID_RE.match(claim_id):
        raise click.UsageError(
            f"'{clean(claim_id)}' is not a valid claim id: use lowercase letters, digits, '_' and '-'")
    path = Path(directory) / f"{claim_id}.yaml"
    if (path.exists() or path.is_symlink()) and not force:
        raise click.UsageError(f"{clean(path)} already exists (use --force to overwrite)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"cannot create {clean(path.parent)}: {clean(exc.strerror or exc)}") from None
    try:  # without --force, created with O_EXCL: a name that appeared meanwhile (or a link) is not overwritten
        _write(str(path), template(claim_id), replace=force)
    except click.UsageError as exc:
        if not force and "already exists" in exc.message:
            exc.message += " (use --force to overwrite)"
        raise
    click.echo(f"wrote {clean(path)}; edit it, then run: proofcheck check {clean(path)}")


def _engine_options(command):
    """The options that decide a verdict, shared by `verify` and `explain` (which must agree)."""
    for option in reversed([
        click.option("--strict", is_flag=True, help="Count `unproven` as a failure."),
        click.option("--engine", type=click.Choice(["symbolic", "numeric", "both"]), default="both",
                     show_default=True, help="Which engines to run."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
                     help="Wall-clock limit per claim, in seconds."),
        click.option("--memory", help="Memory limit per worker (e.g. 512M, 2G) [default: 2G, less when the jobs "
                                      "would not fit in the machine's memory]."),
        click.option("--samples", type=click.IntRange(min=1),
                     help="Samples per claim for the numeric engine [default: 20000]."),
        click.option("--seed", type=click.IntRange(min=0),
                     help="Seed of the numeric engine (the report gives it) [default: 0]."),
    ]):
        command = option(command)
    return command


@main.command(cls=OrderedCommand)
@click.argument("paths", nargs=-1, type=click.Path())
@_engine_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Claims checked in parallel [default: CPUs].")
@click.option("-k", "pattern", metavar="EXPRESSION",
              help="Only claims whose id matches: case-insensitive substrings joined by `and`, `or`, `not` and "
                   "parentheses, as pytest's -k (e.g. -k 'lda and not any').")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Only claims with this tag (repeatable: any of them). Files that do not load are kept.")
@click.option("--shard", metavar="I/N", help="Only the I-th of N shards (stable by claim id), for CI matrices.")
@click.option("--format", "formats", multiple=True, type=FormatChoice(FORMAT_NAMES),
              help="Report format: text, json, junit, github or markdown; FORMAT:FILE writes it to FILE "
                   "(repeatable, e.g. --format github --format junit:junit.xml; default text); "
                   "html:DIR writes a static status site into DIR.")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write the report of the --format just before it to FILE (or of the only --format).")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Where verdicts are cached [default: $XDG_CACHE_HOME/proofcheck/verdicts, else "
                   "~/.cache/proofcheck/verdicts]. Entries are signed with $PROOFCHECK_CACHE_KEY, else with the "
                   "key in .../proofcheck/key there; an entry that does not verify is ignored.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write cached verdicts.")
@click.pass_context
def verify(ctx: click.Context, paths: tuple, strict: bool, engine: str, timeout: float, memory: str | None,
           jobs: int | None, samples: int | None, seed: int | None, pattern: str | None, tags: tuple,
           shard: str | None, formats: tuple, outputs: tuple, cache_dir: str | None, no_cache: bool) -> None:
    """Prove and falsify claims; exit 1 when any claim fails.

    PATHS are claim files or directories searched recursively (default: claims/).
    A claim passes when it is proved (or unproven, unless --strict), or, with
    `expect: false`, falsified. Each claim runs in its own worker process
    under --timeout and --memory. Reports go to standard output, or to the
    files --format FORMAT:FILE names; warnings and progress to standard error.
    """
    from ..gate.cache_files import default_cache_dir
    from ..reports import FORMATS
    from ..gate.session import Options, matcher
    from ..gate.session import verify as run
    from ..gate.verify import Settings

    targets = report_targets(formats, outputs, ctx.meta.get("proofcheck.option_order"))
    _check_writable([file for fmt, file in targets if file is not None and fmt not in DIRECTORY_FORMATS])
    _site(None, [file for fmt, file in targets if fmt in DIRECTORY_FORMATS])
    try:
        matcher(pattern)
    except ValueError as exc:
        raise click.BadParameter(clean(exc), param_hint="-k") from None
    options = Options(Settings(engine, timeout, strict, samples, seed),
                      _limits(timeout, memory, jobs),
                      None if no_cache else cache_dir or default_cache_dir(), pattern, parse_shard(shard), tags)
    report = _check_or_exit(paths, options.limits)
    for diag in report.diagnostics:
        if diag.severity == "warning":
            _echo_diagnostic(diag, err=True)
    # the text report's claim lines are printed as they come (in order) when it opens standard output
    streamed = next((fmt for fmt, file in targets if file is None), None) == "text"
    progress = _progress(streamed)
    results = run(report, options, progress)
    if progress:
        progress.close()
    if not results:
        chosen = [f"-k {clean(repr(pattern))}"] * bool(pattern) + [f"--tag {clean(t)}" for t in tags]
        click.echo("error: no claims selected" + (f" by {' '.join(chosen)}" if chosen else ""), err=True)
        sys.exit(EXIT_USAGE)
    for fmt, target in targets:
        if fmt in DIRECTORY_FORMATS:
            _site((results, report.claims), [target])
            continue
        color = target is None and sys.stdout.isatty()
        if streamed and fmt == "text" and target is None:
            text = FORMATS["text"](results, color=color, head=False)
        else:
            text = FORMATS[fmt](results, color=color)
        if fmt != "json":  # JSON is safe by construction (every string cleaned, ASCII)
            text = guard(text, commands=fmt == "github")
        if target:
            _write(target, text)
        else:
            click.echo(text, nl=False)
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_FAILED)


def _site(run, directories: list) -> None:
    """Check where a site goes (run None, before the run), or write it there."""
    if not directories:
        return
    from ..reports.html import SiteError, check_site_dir, write_site

    for directory in directories:
        try:
            if run is None:
                check_site_dir(directory)
            else:
                write_site(directory, *run)
                index = os.path.join(directory, "index.html")
                click.echo(f"wrote the status site {clean(directory)}: open {clean(index)}", err=True)
        except SiteError as exc:
            raise click.UsageError(clean(exc)) from None
        except OSError as exc:
            why = clean(exc.strerror or exc)
            raise click.UsageError(f"cannot write the site in {clean(directory)}: {why}") from None


def _progress(streamed: bool):
    """Result lines on standard output as they come (when the text report is there), and a
    live status line on standard error when it is a terminal; None when neither applies."""
    from ..reports.progress import Progress
    from ..reports.text import claim_line

    color = sys.stdout.isatty()
    emit = (lambda result: click.echo(guard(claim_line(result, color)))) if streamed else None
    status = sys.stderr if sys.stderr.isatty() else None
    return Progress(emit, status) if emit or status else None


@main.command()
@click.argument("target")
@click.argument("paths", nargs=-1, type=click.Path())
@_engine_options
def explain(target: str, paths: tuple, strict: bool, engine: str, timeout: float, memory: str | None,
            samples: int | None, seed: int | None) -> None:
    """Check one claim as `verify` does and show it in full.

    Prints the claim in plain text and LaTeX (dims, domains, definitions,
    given, claim, proof), then the verdict of both engines with the
    counterexample or the certificate; exits 1 when the claim fails, as
    `verify` would. TARGET is a claim file or a directory (every claim in
    it, and in the PATHS that follow), or a claim id looked up in PATHS
    (default: claims/).
    """
    from ..gate.session import Options, plan, run_items
    from ..gate.verify import ClaimResult, Settings
    from ..reports.explain import render

    options = Options(Settings(engine, timeout, strict, samples, seed), _limits(timeout, memory), None)
    by_file = os.path.lexists(target)
    report = _check_or_exit((target, *paths) if by_file else paths, options.limits)
    items = plan(report, options)
    if not by_file:
        known = [item.id for item in items]
        items = [item for item in items if item.id == target]
        if not items:
            from ..language.reader import did_you_mean

            where = ", ".join(clean(p) for p in (paths or DEFAULT_PATHS))
            hint = did_you_mean(target, known) or (
                "" if paths else f" (for a claim elsewhere, name its folder or file: proofcheck explain "
                                 f"{clean(target)} notes/)")
            raise click.UsageError(f"no claim file or claim id '{clean(target)}' in {where}{hint}")
    claims = [None if isinstance(item, ClaimResult) else item for item in items]
    progress = _progress(streamed=False)
    results = run_items(items, options, progress)
    if progress:
        progress.close()
    color = sys.stdout.isatty()
    click.echo("\n".join(guard(render(c, r, color)) for c, r in zip(claims, results)), nl=False)
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_FAILED)
