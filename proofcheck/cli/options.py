"""Parsing the command line's options: memory sizes, shards, and where each report goes
(`--format FORMAT[:FILE]` with the older `--output` pairing, SPEC 9)."""

from __future__ import annotations

import os

import click

from ..language.safetext import clean


def memory_size(text: str) -> int:
    from ..gate.runner import parse_memory

    try:
        return parse_memory(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def parse_shard(text: str | None):
    if text is None:
        return None
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise click.BadParameter("expected I/N, e.g. 1/4") from None
    if not 1 <= index <= count:
        raise click.BadParameter(f"shard {text}: need 1 <= I <= N")
    return index, count


FORMAT_NAMES = ["text", "json", "junit", "github", "markdown", "html"]
DIRECTORY_FORMATS = ("html",)  # a site: FORMAT:DIR
DOCUMENT_FORMATS = ("json", "junit")  # a whole document: alone on standard output, or it would not parse


class FormatChoice(click.Choice):
    """`FORMAT` or `FORMAT:FILE` (SPEC 9), FORMAT one of the choices: a (format, file or None) pair."""

    def get_metavar(self, param, ctx=None) -> str:
        try:
            choices = super().get_metavar(param, ctx)
        except TypeError:  # click 8.1: get_metavar(param)
            choices = super().get_metavar(param)
        return f"{choices}[:FILE]"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        name, colon, file = str(value).partition(":")
        fmt = super().convert(name, param, ctx)
        if colon and not file:
            self.fail(f"'{clean(value)}': no file name after ':'", param, ctx)
        return fmt, file or None


class OrderedCommand(click.Command):
    """Remembers the order of every option on the command line, so that each
    `--output` can be checked against the `--format` just before it."""

    def make_parser(self, ctx):
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args):
            opts, largs, order = parse(args=args)
            ctx.meta["proofcheck.option_order"] = [getattr(param, "name", None) for param in order]
            return opts, largs, order

        parser.parse_args = parse_args
        return parser


def report_targets(formats: tuple, outputs: tuple, order: list | None) -> list:
    """[(format, file or None)]: where each report goes (None: standard output).

    `--format F:FILE` names its file. `--output FILE` pairs, in order, with the
    formats that name none (the old syntax); that is accepted only when it is
    unambiguous: one such format and one file, or every `--output` right after
    the `--format` it pairs with. Two files the same, or a JSON/JUnit document
    sharing standard output with another report, are usage errors.
    """
    specs = [list(spec) for spec in formats] or [["text", None]]
    if outputs:
        free = [i for i, (_, file) in enumerate(specs) if file is None]
        if len(outputs) > len(free):
            raise click.UsageError("more --output files than --format options without a file "
                                   "(name each report's file: --format FORMAT:FILE)")
        ordered = dict(zip(free, range(len(outputs))))
        if not (len(free) == 1 and len(outputs) == 1) and _adjacent(specs, order, len(formats)) != ordered:
            raise click.UsageError("ambiguous --output: put each --output right after its --format, "
                                   "or name the file in the format: --format junit:junit.xml")
        for spec_index, output_index in ordered.items():
            specs[spec_index][1] = outputs[output_index]
    for fmt, file in specs:
        if fmt in DIRECTORY_FORMATS and file is None:
            raise click.UsageError(f"--format {fmt} writes a site into a directory: --format {fmt}:DIR")
    to_stdout = [fmt for fmt, file in specs if file is None]
    if len(to_stdout) > 1:
        if len(set(to_stdout)) < len(to_stdout):
            raise click.UsageError("the same --format twice on standard output")
        document = next((fmt for fmt in to_stdout if fmt in DOCUMENT_FORMATS), None)
        if document:
            raise click.UsageError(f"--format {document} on standard output must be the only report there; "
                                   f"give it a file: --format {document}:FILE")
    seen: set = set()
    for _, file in specs:
        if file is not None:
            key = os.path.normcase(os.path.abspath(file))
            if key in seen:
                raise click.UsageError(f"two reports to the same file {clean(file)}")
            seen.add(key)
    return [(fmt, file) for fmt, file in specs]


def _adjacent(specs: list, order: list | None, given: int) -> dict | None:
    """{format index: output index} pairing each --output with the --format right before it."""
    if order is None or given == 0:
        return None
    pairs: dict = {}
    latest = -1
    outputs = 0
    for name in order:
        if name == "formats":
            latest += 1
        elif name == "outputs":
            if latest < 0 or specs[latest][1] is not None or latest in pairs:
                return None
            pairs[latest] = outputs
            outputs += 1
    return pairs
