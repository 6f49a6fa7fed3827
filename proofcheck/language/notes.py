"""Claims inside course notes (SPEC 12): the ```proofcheck blocks of Markdown
files and Jupyter notebooks, each with the file lines it came from.

A block is read like a claim file, but its positions are the notes file's:
line numbers are lines of the file as stored, so an error, a report or a CI
annotation lands on the notes themselves. In a notebook that is the line of
the notebook's JSON on which the cell's source line is written (nbformat
writes one source line per JSON line: that is what a diff, an editor's
`path:line` and a GitHub annotation point at), and the cell and its line are
named as well (`cell 3, line 2`); columns there count within the cell's line.

Notebooks are read as JSON with the standard library, through its pure-Python
scanner so that every string keeps the offset it started at. The file is
never read through a link and never beyond a cap; a file that does not even
contain the word `proofcheck` is not parsed at all.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass

from .errors import ClaimError, Loc

NOTES_SUFFIXES = (".md", ".ipynb")
MAX_NOTES_BYTES = {".md": 4 * 1024**2, ".ipynb": 32 * 1024**2}
MAX_BLOCKS = 200
MARK = "proofcheck"
_FENCE = re.compile(r"(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)\Z")


@dataclass(frozen=True)
class Block:
    """One ```proofcheck block, or one `# proofcheck` raw cell."""

    index: int  # 1-based, in order of appearance in the file: the default id is `<stem>-<index>`
    text: str  # its YAML
    first_line: int  # the file line of the YAML's first line (of the fence, when `problem`)
    cell: tuple = ()  # in a notebook: (cell number, base), the cell's line being file line - base + 1
    problem: str = ""  # why the block cannot be read (then `text` is empty)


def cell_position(cell, line: int) -> str:
    """`cell 3, line 2` for a file line of a notebook claim; '' outside notebooks."""
    if not cell:
        return ""
    number, base = cell
    return f"cell {number}, line {line - base + 1}" if line >= base else f"cell {number}"


def is_notes(path) -> bool:
    return str(path).endswith(NOTES_SUFFIXES)


def find_blocks(path: str, text: str) -> list:
    """The blocks of a notes file, in order; a ClaimError for a notebook that cannot be read."""
    if MARK not in text:
        return []
    if str(path).endswith(".ipynb"):
        blocks = _notebook_blocks(text)
    else:
        lines = text.split("\n")
        blocks = _blocks(lines, list(range(1, len(lines) + 1)), (), markdown=True)
    if len(blocks) > MAX_BLOCKS:
        raise ClaimError(f"too many proofcheck blocks ({len(blocks):,}; the limit is {MAX_BLOCKS} a file)",
                         Loc(blocks[MAX_BLOCKS].first_line, 1))
    return [Block(i, b.text, b.first_line, b.cell, b.problem) for i, b in enumerate(blocks, start=1)]


def _blocks(lines: list, rows: list, cell: tuple, markdown: bool) -> list:
    """Blocks in the lines of a Markdown text (or a raw cell), `rows[i]` the file line of line i."""
    if not markdown:  # a raw cell whose first line is `# proofcheck`: the whole cell is the claim
        if lines and lines[0].strip() == f"# {MARK}":
            return [_block(lines, rows, 0, len(lines), cell)]
        return []
    found = []
    fence = None  # (character, length, ours, line index) of the open fence
    comment = False  # inside an HTML comment: a block commented out is not a claim
    for i, line in enumerate(lines):
        match = _FENCE.match(line.rstrip("\r"))
        if comment or (fence is None and line.lstrip().startswith("<!--")):
            comment = "-->" not in (line if comment else line.lstrip()[4:])
            continue
        if fence is None:
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                words = match["info"].split()
                fence = (match["fence"][0], len(match["fence"]), words[:1] == [MARK], i)
        elif match and match["fence"][0] == fence[0] and len(match["fence"]) >= fence[1] \
                and not match["info"].strip():
            if fence[2]:
                found.append(_block(lines, rows, fence[3] + 1, i, cell))
            fence = None
    if fence is not None and fence[2]:
        found.append(Block(0, "", rows[fence[3]], cell,
                           f"this ```{MARK} block is never closed (a line of {fence[1]} or more "
                           f"'{fence[0]}' ends it)"))
    return found


def _block(lines: list, rows: list, start: int, end: int, cell: tuple) -> Block:
    first = rows[start] if start < len(rows) else rows[-1] + 1
    base = first - start  # the file line the cell's first line would have, one source line per JSON line
    return Block(0, "\n".join(line.rstrip("\r") for line in lines[start:end]), first,
                 (cell[0], base) if cell else ())


# ------------------------------------------------------------------ notebooks


class _Located(str):
    """A JSON string that remembers the offset of its opening quote."""

    offset = 0


class _Decoder(json.JSONDecoder):
    """The standard library's JSON decoder, its string values located."""

    def __init__(self) -> None:
        super().__init__()

        def parse_string(text: str, end: int, strict: bool) -> tuple:
            value, stop = json.decoder.scanstring(text, end, strict)
            located = _Located(value)
            located.offset = end - 1
            return located, stop

        self.parse_string = parse_string
        self.scan_once = json.scanner.py_make_scanner(self)


def _notebook_blocks(text: str) -> list:
    try:
        notebook = _Decoder().decode(text)
    except json.JSONDecodeError as exc:
        raise ClaimError(f"not a readable notebook: invalid JSON ({exc.msg})", Loc(exc.lineno, exc.colno)) from None
    except (RecursionError, ValueError):
        raise ClaimError("not a readable notebook: JSON nested too deeply or a number too long", Loc(1, 1)) from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise ClaimError("not a Jupyter notebook (nbformat 4): no list of `cells`", Loc(1, 1))
    newlines = [match.start() for match in re.finditer("\n", text)]
    found = []
    for number, cell in enumerate(cells, start=1):
        kind = cell.get("cell_type") if isinstance(cell, dict) else None
        if kind not in ("markdown", "raw"):
            continue
        source = cell.get("source")
        parts = [source] if isinstance(source, str) else source
        if not isinstance(parts, list) or not all(isinstance(p, _Located) for p in parts) or not parts:
            continue
        lines, rows = _cell_lines(parts, newlines)
        found += _blocks(lines, rows, (number,), markdown=kind == "markdown")
    return found


def _cell_lines(parts: list, newlines: list) -> tuple:
    """A cell's lines, and the file line on which each one starts."""
    starts, part_rows, position = [], [], 0
    for part in parts:
        starts.append(position)
        part_rows.append(bisect.bisect_left(newlines, part.offset) + 1)
        position += len(part)
    text = "".join(parts)
    lines = text.split("\n")
    rows, at = [], 0
    for line in lines:
        rows.append(part_rows[max(0, bisect.bisect_right(starts, at) - 1)])
        at += len(line) + 1
    return lines, rows
