"""The base of the claim-file loader: a file's text, its errors, and its scalars.

Every validation step raises a located ClaimError; `attempt` records it and
carries on, so that an author sees all of a file's mistakes at once.
"""

from __future__ import annotations

import difflib
import keyword
import re
from fractions import Fraction

from . import ir
from .catalog import BUILTIN_NAMES
from .errors import ClaimError, Loc, Silent
from .parser import NAME_RE, SrcMap, non_ascii_problem, parse_expression, read_number
from .yamlsafe import YNode

ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


def scalar_map(node: YNode, lines: list) -> SrcMap:
    """Where each character of a YAML string scalar lies in the file."""
    line, col = node.loc.line, node.loc.col
    if node.style == "|":  # literal block: text line i is file line (indicator line + i)
        indent = _block_indent(lines, line)
        return lambda l, c: Loc(line + l, indent + c + 1)
    if node.style in ("'", '"'):
        col += 1
    if "\n" in node.value or node.style == ">":
        return lambda l, c: Loc(line, col + c) if l == 1 else Loc(line, col)
    return lambda l, c: Loc(line, col + c)


def _block_indent(lines: list, indicator_line: int) -> int:
    for text in lines[indicator_line:]:
        if text.strip():
            return len(text) - len(text.lstrip(" "))
    return 0


class Reported(Silent):
    """Raised after the details were recorded one by one: nothing more to say."""


class Reader:
    """A claim file being read: its path, lines and the errors found so far."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.errors: list[ClaimError] = []
        self.failed_names: set = set()  # declared names whose declaration failed: their uses are not errors too

    def attempt(self, fn, *args):
        """Run one validation step; record its error and carry on."""
        try:
            return fn(*args)
        except Silent:
            return None
        except ClaimError as exc:
            self.errors.append(exc)
            return None

    # --- scalars

    def string(self, node: YNode, key: str, one_line: bool = False) -> str:
        if node.kind != "scalar" or not isinstance(node.value, str):
            raise ClaimError(f"`{key}` must be a string, not {node.describe()}", node.loc)
        if one_line and "\n" in node.value.strip():
            raise ClaimError(f"`{key}` must be one line", node.loc)
        return node.value

    def strings(self, node: YNode, key: str) -> list:
        """A string or a list of strings, as YNodes."""
        items = node.value if node.kind == "seq" else [node]
        if node.kind == "seq" and not items:
            raise ClaimError(f"`{key}` must not be an empty list", node.loc)
        for item in items:
            self.string(item, f"{key} entry")
        return items

    def expression(self, node: YNode, key: str) -> ir.Expr:
        self.string(node, key)
        return parse_expression(node.value, scalar_map(node, self.lines))

    def integer(self, node: YNode, key: str, lo: int, hi: int) -> int:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
            raise ClaimError(f"`{key}` must be an integer, not {node.describe()}", node.loc)
        if not lo <= value <= hi:
            raise ClaimError(f"`{key}` must be between {lo} and {hi:,}", node.loc)
        return value

    def number(self, node: YNode, key: str) -> Fraction:
        """An exact number; its text is checked for size before it is converted."""
        plain_text = node.kind == "scalar" and node.style is None and isinstance(node.value, str)
        if plain_text and node.value[:1] in ("+", "-", ".", *"0123456789"):
            pass  # `1e-7` is a string to YAML 1.1 but a number to its author (and to YAML 1.2)
        elif node.kind != "scalar" or isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ClaimError(f"`{key}` must be a number, not {node.describe()}", node.loc)
        try:
            return read_number(node.text)
        except ValueError as exc:
            raise ClaimError(f"`{key}`: {exc}", node.loc) from None

    def mapping(self, node: YNode, key: str) -> dict:
        if node.kind != "map":
            raise ClaimError(f"`{key}` must be a mapping, not {node.describe()}", node.loc)
        return node.value

    # --- the whole file

    def sequence(self, node: YNode, key: str) -> list:
        if node.kind != "seq":
            raise ClaimError(f"`{key}` must be a list, not {node.describe()}", node.loc)
        return node.value

    def boolean(self, node: YNode, key: str) -> bool:
        if node.kind != "scalar" or not isinstance(node.value, bool):
            raise ClaimError(f"`{key}` must be true or false, not {node.describe()}", node.loc)
        return node.value

    def claim_id(self, node: YNode, key: str) -> str:
        value = self.string(node, key)
        if not ID_RE.match(value):
            raise ClaimError(f"`{key}` '{value}' is not a valid id: use lowercase letters, digits, '_' and '-'", node.loc)
        return value


def check_name(name: str, loc: Loc, kind: str) -> None:
    found = non_ascii_problem(name)
    if found is not None:
        raise ClaimError(f"'{name}' is not a valid {kind} name: {found[1]}", loc)
    if not NAME_RE.match(name) or keyword.iskeyword(name):
        raise ClaimError(
            f"'{name}' is not a valid {kind} name (ASCII letters, digits and '_', starting with a letter; "
            "not a Python keyword)",
            loc,
        )
    if name in BUILTIN_NAMES:
        raise ClaimError(f"{kind} '{name}' would shadow the built-in '{name}'", loc)


def cap(entries, limit: int, what: str, loc: Loc) -> None:
    if len(entries) > limit:
        raise ClaimError(f"too many {what} ({len(entries):,}; the limit is {limit})", loc)


def did_you_mean(word: str, options) -> str:
    """`; did you mean 'x'?` with the closest option, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown(word: str, options, what: str, where: str = "") -> str:
    """`unknown <what> 'word'`, with the closest option or the list of them."""
    place = f" in `{where}`" if where else ""
    hint = did_you_mean(word, options) or f"; expected one of: {', '.join(options)}"
    return f"unknown {what} '{word}'{place}{hint}"


def unknown_key(key: str, options, where: str = "") -> str:
    return unknown(key, options, "key", where)
