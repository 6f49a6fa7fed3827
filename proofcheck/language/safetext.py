"""Untrusted text made safe to print: the one escaping function of every output.

Titles, messages, ids, YAML keys and file names come from pull requests. Every
report and message (text, GitHub annotations, JUnit, Markdown, JSON, check
diagnostics, warnings, explain) passes such text through `clean` (one line)
or `lines` (legitimately multi-line text, one safe line each), so that:

- no control character (C0, DEL, C1), line or paragraph separator (U+2028,
  U+2029), bidi override (U+061C, U+200E-U+200F, U+202A-U+202E,
  U+2066-U+2069), lone surrogate or non-character (U+FFFE, U+FFFF) reaches a
  terminal, a CI log or an XML file: each is shown as a visible escape, `\\r`,
  `\\x1b`, `\\u2028`; a file-name byte that is not UTF-8 (a surrogateescape
  surrogate) is shown as the byte, `\\xff`. So no terminal escape sequence,
  no line break inside one line, and the result is valid in XML 1.0 and
  encodes as UTF-8;
- no CI workflow command can start: a GitHub runner reads a line as a command
  when, after leading white space, it starts with `::`, or when it contains
  `##[` anywhere (the legacy syntax). Every `::` becomes `:\\:` and every `##[`
  becomes `#\\#[`, wherever they are, so that no concatenation of cleaned
  pieces can form one.

Cleaning is idempotent (clean(clean(s)) == clean(s)), so a message that
embeds an already cleaned piece can be cleaned again. Backslashes are kept as
they are (for LaTeX and paths): a visible escape is for reading, not for
decoding. This module imports nothing heavy; the language layer uses it too.
"""

from __future__ import annotations

import os
import re

# Control characters, separators, bidi controls, surrogates, non-characters.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A colon followed by a colon; `##[` (never re-created by its replacement).
_COMMAND = re.compile(r":(?=:)")


def _visible(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, decoded with surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def clean(text: object) -> str:
    """One line of untrusted text, safe for any terminal, CI log, XML or JSON."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = _UNSAFE.sub(_visible, text)
    text = _COMMAND.sub(":\\\\", text)
    return text.replace("##[", "#\\#[")


def lines(text: object) -> list:
    """Legitimately multi-line untrusted text: one cleaned line per line.

    Every line break a log reader or terminal knows (`\\n`, `\\r`, `\\r\\n`,
    U+2028, ...) splits; what is left of each line is cleaned."""
    if text is None:
        return []
    if not isinstance(text, str):
        text = str(text)
    return [clean(line) for line in text.splitlines()]


def block(text: object) -> str:
    """Multi-line untrusted text as one string: cleaned lines joined by `\\n`."""
    return "\n".join(lines(text))


def fspath(path: object) -> str:
    """A file name for display: str, or bytes decoded as the OS does, then cleaned."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    return clean(path if isinstance(path, str) else str(path))


def is_command_line(line: str) -> bool:
    """Would a GitHub runner read this output line as a workflow command?"""
    return line.lstrip().startswith("::") or "##[" in line


def guard(text: str, commands: bool = False) -> str:
    """A last line of defence over a whole report before it is written.

    Reports clean every untrusted piece; this also catches a piece someone
    forgot. A line a runner would read as a command gets its `::`/`##[`
    neutralised, unless `commands` (the GitHub format: its `::error` lines are
    proofcheck's own, their data escaped) and the line is one of ours.
    Control characters other than `\\n` (and our own colours: ESC on a
    terminal) are the renderers' business, not this function's.
    """
    out = []
    for line in text.split("\n"):
        if "##[" in line:
            line = line.replace("##[", "#\\#[")
        stripped = line.lstrip()
        if stripped.startswith("::") and not (commands and stripped.startswith(_OWN_COMMANDS)):
            line = _COMMAND.sub(":\\\\", line)
        out.append(line)
    return "\n".join(out)


_OWN_COMMANDS = ("::error ", "::warning ", "::notice ", "::error::", "::warning::", "::notice::")
