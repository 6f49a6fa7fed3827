"""Claim text to IR, through Python's `ast` with an explicit whitelist.

Nothing here evaluates claim text: `ast.parse` only builds a syntax tree, and
every node type not listed below is an error naming the construct. Size caps
are checked before and after parsing so hostile input fails at once.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from fractions import Fraction
from typing import Callable

from . import ir
from .errors import ClaimError, Loc

MAX_EXPR_CHARS = 4000
MAX_BRACKET_DEPTH = 48
MAX_AST_DEPTH = 120
MAX_AST_NODES = 3000
MAX_INT_LITERAL = 10**12
MAX_LITERAL_BITS = 128
# A number's text is checked before it is converted: converting `1e999999999999`
# exactly would compute 10**999999999999 and never finish.
MAX_NUMBER_CHARS = 100
MAX_NUMBER_DIGITS = 40
MAX_DECIMAL_EXPONENT = 30

MAX_LITERAL_ENTRIES = 1000
LITERAL = "_array"  # the catalog's internal entry for [a, b, ...]

NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

_DECIMAL_RE = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?)([0-9]+))?\Z")


def _decimal_parts(text: str):
    """(sign, integer digits, fraction digits, exponent sign, exponent digits) of a decimal, else None."""
    match = _DECIMAL_RE.match(text.replace("_", ""))
    if match is None or not (match.group(2) or match.group(3)):
        return None
    return match.groups()


def number_text_problem(text: str) -> str | None:
    """Why a decimal number's text is too large to convert, or None.

    Looks at the text only (digit count and exponent), so it is safe on any
    input; texts that are not decimal numbers are not its business.
    """
    if len(text) > MAX_NUMBER_CHARS:
        return f"number too long ({len(text):,} characters); numbers are limited to {MAX_NUMBER_DIGITS} digits"
    parts = _decimal_parts(text)
    if parts is None:
        return None
    _, whole, fraction, _, exponent = parts
    digits = len(whole or "") + len(fraction or "")
    if digits > MAX_NUMBER_DIGITS:
        return f"number '{text}' has {digits} digits; the limit is {MAX_NUMBER_DIGITS} digits"
    if exponent is not None:
        significant = exponent.lstrip("0")
        if len(significant) > 2 or int(significant or "0") > MAX_DECIMAL_EXPONENT:
            return (f"exponent of '{text}' is too large: decimal exponents are limited to "
                    f"-{MAX_DECIMAL_EXPONENT}..{MAX_DECIMAL_EXPONENT} (1e-{MAX_DECIMAL_EXPONENT} to "
                    f"1e{MAX_DECIMAL_EXPONENT})")
    return None


def read_number(text: str) -> Fraction:
    """The exact value of a decimal number written as text (`12`, `0.1`, `2.5e-3`).

    Its size is checked before anything is converted; raises ValueError with
    a message for the author.
    """
    problem = number_text_problem(text)
    if problem is not None:
        raise ValueError(problem)
    parts = _decimal_parts(text)
    if parts is None:
        raise ValueError(f"cannot read the number '{text}': write numbers in decimal, such as 12, 0.5 or 2.5e-3")
    sign, whole, fraction, exp_sign, exponent = parts
    fraction = fraction or ""
    mantissa = int((whole or "") + fraction or "0")
    power = (int(exponent) if exponent else 0) * (-1 if exp_sign == "-" else 1) - len(fraction)
    value = Fraction(mantissa * 10**power) if power >= 0 else Fraction(mantissa, 10**-power)
    return -value if sign == "-" else value


def non_ascii_problem(text: str) -> tuple | None:
    """(index, message) for the first non-ASCII character of `text`, else None.

    Python folds look-alike letters into ASCII ones (NFKC: 'ſ' becomes 's',
    a fullwidth or bold 'x' becomes 'x'), so a reviewer would read one claim
    and the tools check another: such characters are refused in the text.
    """
    if text.isascii():
        return None
    for index, ch in enumerate(text):
        if ord(ch) > 127:
            name = unicodedata.name(ch, "unnamed character")
            shown = "" if unicodedata.category(ch)[0] in "CZM" else f"'{ch}' "
            return index, (f"non-ASCII character {shown}(U+{ord(ch):04X} {name}) is not allowed: "
                           "identifiers are ASCII, and so is the rest of an expression")
    return None


# Maps a position inside the expression text (1-based line, 0-based column)
# to a position in the claim file.
SrcMap = Callable[[int, int], Loc]


def offset_map(line: int, col: int) -> SrcMap:
    """Expression text that starts at file position (line, col), 1-based."""

    def where(text_line: int, text_col: int) -> Loc:
        if text_line == 1:
            return Loc(line, col + text_col)
        return Loc(line + text_line - 1, text_col + 1)

    return where


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}
_UNSUPPORTED_BINOPS = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
}
_COMPARES = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_FORBIDDEN = {
    ast.Lambda: "lambda expressions are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions (generator expressions) are not allowed",
    ast.IfExp: "conditional expressions (`a if c else b`) are not allowed",
    ast.BoolOp: "`and`/`or` are not allowed; list several conditions under `given` instead",
    ast.Dict: "dict displays are not allowed",
    ast.Set: "set displays are not allowed",
    ast.Tuple: "tuples are not allowed outside indexing",
    ast.NamedExpr: "assignment expressions (`:=`) are not allowed",
    ast.JoinedStr: "string literals (f-strings) are not allowed in expressions",
    ast.Starred: "`*` unpacking is not allowed",
    ast.Await: "`await` is not allowed",
    ast.Yield: "`yield` is not allowed",
    ast.YieldFrom: "`yield` is not allowed",
    ast.Slice: "a slice is only allowed inside [...]",
}


class _Converter:
    def __init__(self, text: str, where: SrcMap) -> None:
        self.lines = text.split("\n")
        self.where = where

    def loc(self, node: ast.AST) -> Loc:
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        return self.where(lineno, _char_col(self.lines, lineno, col))

    def fail(self, message: str, node: ast.AST) -> ClaimError:
        return ClaimError(message, self.loc(node))

    def expr(self, node: ast.AST) -> ir.Expr:
        loc = self.loc(node)
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                symbol = _UNSUPPORTED_BINOPS.get(type(node.op), type(node.op).__name__)
                hint = "; write `**` for a power (`^` is not a power in Python)" if symbol == "^" else ""
                raise self.fail(f"operator `{symbol}` is not supported{hint}", node)
            return ir.Bin(op, self.expr(node.left), self.expr(node.right), loc)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return ir.Neg(self.expr(node.operand), loc)
            if isinstance(node.op, ast.UAdd):
                return self.expr(node.operand)
            word = "not" if isinstance(node.op, ast.Not) else "~"
            raise self.fail(f"`{word}` is not supported", node)
        if isinstance(node, ast.Compare):
            ops = []
            for op in node.ops:
                if type(op) not in _COMPARES:
                    raise self.fail(
                        f"`{type(op).__name__}` comparisons are not allowed; use == != < <= > >=", node
                    )
                ops.append(_COMPARES[type(op)])
            terms = [self.expr(node.left)] + [self.expr(c) for c in node.comparators]
            return ir.Compare(tuple(ops), tuple(terms), loc)
        if isinstance(node, ast.Name):
            return ir.Name(self.name(node.id, node), loc)
        if isinstance(node, ast.Constant):
            return self.constant(node, loc)
        if isinstance(node, ast.Call):
            return self.call(node, loc)
        if isinstance(node, ast.Attribute):
            if node.attr != "T":
                module = isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy", "math", "torch")
                hint = f"; write `{node.attr}(...)` without `{node.value.id}.`" if module else ""
                raise self.fail(
                    f"attribute access `.{node.attr}` is not allowed; only `.T` (transpose) is{hint}", node
                )
            return ir.Transpose(self.expr(node.value), loc)
        if isinstance(node, ast.Subscript):
            return ir.Index(self.expr(node.value), self.index_items(node.slice), loc)
        if isinstance(node, ast.List):
            return self.literal(node, loc)
        message = _FORBIDDEN.get(type(node), f"`{type(node).__name__}` is not allowed in expressions")
        raise self.fail(message, node)

    def name(self, name: str, node: ast.AST) -> str:
        if not NAME_RE.match(name):
            raise self.fail(
                f"name '{name}' is not allowed: names are ASCII letters, digits and '_', "
                "starting with a letter",
                node,
            )
        return name

    def constant(self, node: ast.Constant, loc: Loc) -> ir.Expr:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            what = "None (a new axis) is only allowed inside [...]" if value is None else f"`{value}` is not a number"
            raise self.fail(what, node)
        if isinstance(value, (str, bytes)):
            raise self.fail("string literals are not allowed in expressions", node)
        if isinstance(value, complex):
            raise self.fail("complex numbers are not supported", node)
        number = self._number(node)  # exact, from the digits as written
        if abs(number) > MAX_INT_LITERAL and number.denominator == 1:
            raise self.fail("integer literal too large (the limit is 10**12)", node)
        if number.numerator.bit_length() > MAX_LITERAL_BITS or number.denominator.bit_length() > MAX_LITERAL_BITS:
            raise self.fail("number literal too large or too precise", node)
        return ir.Num(number, loc)

    def _number(self, node: ast.Constant) -> Fraction:
        line = self.lines[node.lineno - 1].encode("utf-8")
        raw = line[node.col_offset : node.end_col_offset].decode("utf-8")
        try:
            return read_number(raw)
        except ValueError as exc:
            raise self.fail(str(exc), node) from None

    def literal(self, node: ast.List, loc: Loc) -> ir.Call:
        """`[a, b]` (a vector) and `[[a, b], [c, d]]` (a matrix, row by row)."""
        if not node.elts:
            raise self.fail("an empty literal [] has no shape; write at least one entry", node)
        if len(node.elts) > MAX_LITERAL_ENTRIES:
            raise self.fail(f"a literal has at most {MAX_LITERAL_ENTRIES} entries per level", node)
        for element in node.elts:
            if isinstance(element, ast.Starred):
                raise self.fail("`*` unpacking is not allowed in a literal", element)
        return ir.Call(LITERAL, tuple(self.expr(e) for e in node.elts), (), loc)

    def call(self, node: ast.Call, loc: Loc) -> ir.Call:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "T":
                raise self.fail("`.T` is not a method: write `A.T`, without parentheses", node)
            if isinstance(node.func, (ast.Lambda, ast.Attribute)):
                self.expr(node.func)  # raises its specific message
            raise self.fail("only built-in or defined functions can be called, by name", node)
        fn = self.name(node.func.id, node.func)
        args = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail("`*` unpacking is not allowed in calls", arg)
            args.append(self.expr(arg))
        kwargs = []
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail("`**` unpacking is not allowed in calls", kw.value)
            kwargs.append((self.name(kw.arg, kw.value), self.expr(kw.value)))
        return ir.Call(fn, tuple(args), tuple(kwargs), loc)

    def index_items(self, node: ast.AST) -> tuple:
        parts = node.elts if isinstance(node, ast.Tuple) else [node]
        items: list = []
        for part in parts:
            if isinstance(part, ast.Slice):
                if part.step is not None:
                    raise self.fail("slice steps are not supported", part.step)
                lo = None if part.lower is None else self.expr(part.lower)
                hi = None if part.upper is None else self.expr(part.upper)
                items.append(ir.Slice(lo, hi, self.loc(part)))
            elif isinstance(part, ast.Constant) and part.value is None:
                items.append(ir.NewAxis(self.loc(part)))
            else:
                items.append(self.expr(part))
        return tuple(items)


def _char_col(lines: list[str], lineno: int, byte_col: int) -> int:
    """ast columns count UTF-8 bytes; reports count characters."""
    if not 1 <= lineno <= len(lines):
        return byte_col
    return len(lines[lineno - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _check_ascii(text: str, where: SrcMap) -> None:
    """Any non-ASCII character is an error at its position (before `ast` folds it)."""
    found = non_ascii_problem(text)
    if found is not None:
        index, message = found
        before = text[:index]
        line = before.count("\n") + 1
        raise ClaimError(message, where(line, index - (before.rfind("\n") + 1)))


def _check_brackets(text: str, where: SrcMap) -> None:
    depth = 0
    line, col = 1, 0
    for ch in text:
        if ch in "([{":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                raise ClaimError(
                    f"brackets nested more than {MAX_BRACKET_DEPTH} deep", where(line, col)
                )
        elif ch in ")]}":
            depth -= 1
        if ch == "\n":
            line, col = line + 1, 0
        else:
            col += 1


def _check_tree_size(tree: ast.AST, conv: _Converter) -> None:
    count = 0
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_AST_NODES:
            raise conv.fail(f"expression too large (more than {MAX_AST_NODES} nodes)", tree)
        if depth > MAX_AST_DEPTH:
            raise conv.fail(f"expression nested more than {MAX_AST_DEPTH} levels deep", node)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


_MISTAKES = [
    (re.compile(r"=>"), "`=>` is not a relation; write `>=`"),
    (re.compile(r"=<"), "`=<` is not a relation; write `<=`"),
    (re.compile(r"(?<![=<>!])=(?![=<>])"), "`=` assigns; write `==` to state an equality"),
]


def _syntax_hint(body: str) -> tuple | None:
    """(index, message) for a common mistake in text that does not parse, else None
    (outside brackets only: `sum(x, axis=0)` is a keyword argument)."""
    depth = [0] * (len(body) + 1)
    for i, ch in enumerate(body):
        depth[i + 1] = depth[i] + (ch in "([{") - (ch in ")]}")
    for pattern, message in _MISTAKES:
        for found in pattern.finditer(body):
            if depth[found.start()] == 0:
                return found.start(), message
    return None


def parse_expression(text: str, where: SrcMap) -> ir.Expr:
    """Parse one expression of the claim language; raise ClaimError with a file position."""
    if len(text) > MAX_EXPR_CHARS:
        raise ClaimError(
            f"expression too long ({len(text):,} characters; the limit is {MAX_EXPR_CHARS:,})",
            where(1, 0),
        )
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if not stripped.strip():
        raise ClaimError("empty expression", where(1, 0))
    # keep positions right: a leading indent on line 1 shifts columns only there
    shifted: SrcMap = lambda l, c: where(l, c + lead if l == 1 else c)  # noqa: E731
    body = stripped.rstrip()
    _check_ascii(body, shifted)
    _check_brackets(body, shifted)
    if "\0" in body:
        raise ClaimError("NUL character in expression", where(1, 0))
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = max((exc.offset or 1) - 1, 0)
        reason = (exc.msg or "invalid syntax").replace("Perhaps you forgot a comma?", "").strip()
        reason = reason.split(". Maybe you meant")[0]
        hint = _syntax_hint(body)
        if hint is not None:
            index, reason = hint
            before = body[:index]
            line, col = before.count("\n") + 1, index - (before.rfind("\n") + 1)
        raise ClaimError(f"invalid syntax: {reason}", shifted(line, col)) from None
    except (RecursionError, MemoryError):
        raise ClaimError("expression nested too deeply to parse", where(1, 0)) from None
    except ValueError as exc:
        raise ClaimError(f"expression cannot be parsed: {exc}", where(1, 0)) from None
    conv = _Converter(body, shifted)
    _check_tree_size(tree.body, conv)
    return conv.expr(tree.body)
