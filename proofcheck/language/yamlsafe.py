"""A YAML reader for untrusted claim files.

Built from PyYAML's event stream rather than its constructors, so that no tag
is ever honoured, anchors and aliases (billion laughs, recursion) are refused
at the first one, duplicate keys are errors, nesting is bounded without
recursion, and every node keeps its position for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ClaimError, Loc
from .parser import number_text_problem

MAX_FILE_BYTES = 128 * 1024
MAX_YAML_DEPTH = 32
MAX_SCALAR_NUMBER_CHARS = 40


@dataclass
class YNode:
    """A YAML node with its position: a mapping, a sequence or a scalar."""

    kind: str  # "map" | "seq" | "scalar"
    loc: Loc
    value: Any = None  # dict[str, YNode] | list[YNode] | str | int | float | bool | None
    text: str = ""  # the scalar as written (for exact decimals)
    style: str | None = None  # scalar style: None (plain), "'", '"', "|", ">"
    key_locs: dict[str, Loc] = field(default_factory=dict)

    def describe(self) -> str:
        if self.kind == "map":
            return "a mapping"
        if self.kind == "seq":
            return "a list"
        if self.value is None:
            return "an empty value"
        return {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}.get(
            type(self.value), "a scalar"
        )


def _loc(mark: Any) -> Loc:
    return Loc(mark.line + 1, mark.column + 1)


def decode(data: bytes, limit: int = MAX_FILE_BYTES, what: str = "claim files") -> str:
    """UTF-8 text of a claim file (or of `what`, at most `limit` bytes), or an error at the first bad byte."""
    if len(data) > limit:
        raise ClaimError(
            f"file too large: {what} are limited to {limit:,} bytes",
            Loc(1, 1),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ClaimError(
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}; claim files must be UTF-8 text",
            Loc(line, col),
        ) from None


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(event: Any) -> YNode:
    loc = _loc(event.start_mark)
    text = event.value
    if event.style:  # quoted or block scalars are always strings
        return YNode("scalar", loc, text, text, event.style)
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    kind = tag.rsplit(":", 1)[-1]
    if kind in ("int", "float"):
        if len(text) > MAX_SCALAR_NUMBER_CHARS:
            raise ClaimError(f"number too long ({len(text)} characters; the limit is {MAX_SCALAR_NUMBER_CHARS})", loc)
        problem = number_text_problem(text)  # before anything converts it
        if problem is not None:
            raise ClaimError(problem, loc)
    node = yaml.ScalarNode(tag, text)
    if kind == "null":
        value: Any = None
    elif kind == "bool":
        value = _CONSTRUCTOR.construct_yaml_bool(node)
    elif kind == "int":
        value = _CONSTRUCTOR.construct_yaml_int(node)
    elif kind == "float":
        value = _CONSTRUCTOR.construct_yaml_float(node)
    else:
        value = text
    return YNode("scalar", loc, value, text, None)


def _refuse_tag_and_anchor(event: Any) -> None:
    if getattr(event, "anchor", None) is not None:
        raise ClaimError(
            f"YAML anchors (&{event.anchor}) are not allowed in claim files", _loc(event.start_mark)
        )
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!":
        raise ClaimError(f"YAML tags ({tag}) are not allowed in claim files", _loc(event.start_mark))


class _Builder:
    """Assembles nodes from events with an explicit stack (no recursion)."""

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [node, pending_key_node | None]
        self.root: YNode | None = None

    def push(self, node: YNode) -> None:
        if len(self.stack) >= MAX_YAML_DEPTH:
            raise ClaimError(f"YAML nested more than {MAX_YAML_DEPTH} levels deep", node.loc)
        self.add(node)
        self.stack.append([node, None])

    def pop(self) -> None:
        entry = self.stack.pop()
        if entry[0].kind == "map" and entry[1] is not None:  # pragma: no cover - parser forbids
            raise ClaimError("mapping key without value", entry[1].loc)

    def add(self, node: YNode) -> None:
        if not self.stack:
            self.root = node
            return
        entry = self.stack[-1]
        parent = entry[0]
        if parent.kind == "seq":
            parent.value.append(node)
        elif entry[1] is None:
            if node.kind != "scalar" or not isinstance(node.value, (str, int)) or isinstance(
                node.value, bool
            ):
                raise ClaimError(f"mapping keys must be plain names, found {node.describe()}", node.loc)
            key = str(node.value)
            if key in parent.value:
                first = parent.key_locs[key]
                raise ClaimError(
                    f"duplicate key '{key}' (first given at line {first.line})", node.loc
                )
            entry[1] = node
        else:
            key = str(entry[1].value)
            parent.value[key] = node
            parent.key_locs[key] = entry[1].loc
            entry[1] = None


class _Loader(yaml.SafeLoader):
    """PyYAML's safe parser; its positions count from `first_line` (a claim inside a notes file)."""

    first_line = 1

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.line = self.first_line - 1


def load_yaml(text: str, first_line: int = 1) -> YNode:
    """Parse one YAML document into YNodes, refusing anything but plain data.

    Positions are lines of the file: the text's first line is line `first_line`."""
    builder = _Builder()
    documents = 0
    loader = type("_Loader", (_Loader,), {"first_line": first_line})
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ClaimError(
                        "a claim file holds one YAML document; found a second one",
                        _loc(event.start_mark),
                    )
            elif isinstance(event, yaml.AliasEvent):
                raise ClaimError(
                    f"YAML aliases (*{event.anchor}) are not allowed in claim files",
                    _loc(event.start_mark),
                )
            elif isinstance(event, yaml.ScalarEvent):
                _refuse_tag_and_anchor(event)
                builder.add(_scalar(event))
            elif isinstance(event, yaml.MappingStartEvent):
                _refuse_tag_and_anchor(event)
                builder.push(YNode("map", _loc(event.start_mark), {}))
            elif isinstance(event, yaml.SequenceStartEvent):
                _refuse_tag_and_anchor(event)
                builder.push(YNode("seq", _loc(event.start_mark), []))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                builder.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(mark) if mark is not None else Loc(1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise ClaimError(f"invalid YAML: {problem}{_hint(problem)}", loc) from None
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        position = getattr(exc, "position", None)
        loc = Loc(first_line, 1)
        if position is not None:
            before = text[:position]
            loc = Loc(first_line + before.count("\n"), position - (before.rfind("\n") + 1) + 1)
        raise ClaimError(f"invalid YAML: {getattr(exc, 'reason', exc)}", loc) from None
    except (ValueError, OverflowError) as exc:  # a scalar PyYAML could not convert
        raise ClaimError(f"invalid YAML value: {exc}", Loc(first_line, 1)) from None
    if builder.root is None:
        raise ClaimError("empty claim; expected a mapping with at least 'title' and 'claim'", Loc(first_line, 1))
    return builder.root


_HINTS = (  # PyYAML's words for the usual slips, and what to do
    ("'\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed here", "check the indentation, and quote a value that holds ': '"),
    ("but got '['", 'quote a value with brackets inside `{...}`: `x: "vector[n]"`'),
    ("expected ',' or '}'", "quote a value with brackets or commas inside `{...}`"),
    ("could not find expected ':'", "check the indentation, and that each key ends with ':'"),
)


def _hint(problem: str) -> str:
    """A hint after PyYAML's message for the usual slips, or ''."""
    for words, hint in _HINTS:
        if words in problem:
            return f"; {hint}"
    return ""

