"""The expression tree (IR) shared by the parser, the shape checker and both engines.

Nodes are immutable; `loc` (where the node was written) takes no part in
equality, so two spellings of the same expression compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Iterator, Union

from .errors import Loc

_NOWHERE = Loc(0, 0)


def _loc_field() -> Loc:
    return field(default=_NOWHERE, compare=False, repr=False)  # type: ignore[return-value]


@dataclass(frozen=True)
class Shown:
    """How a resolved node is printed: the definition it came from, `p` or `J(k * w)`.

    Resolution inlines definitions, so the engines see only symbols and
    built-ins; messages and certificates print the names the author wrote.
    """

    name: str
    args: tuple = ()  # resolved argument nodes of a function call
    call: bool = False


def _shown_field() -> "Shown | None":
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


def annotate(node: "Expr", shown: Shown) -> "Expr":
    """A copy of `node` printed as `shown` (the original may be shared: it is left alone)."""
    if "shown" not in getattr(node, "__dataclass_fields__", {}):
        return node
    return replace(node, shown=shown)


@dataclass(frozen=True)
class Num:
    value: Fraction
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Const:
    """A named constant: only `pi` for now."""

    name: str
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Name:
    """A name as written; resolution turns it into Sym, Dim, Const or an inlined definition."""

    name: str
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Sym:
    """A universally quantified symbol of the claim."""

    name: str
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Dim:
    """A size used as a number (e.g. `1/l`)."""

    name: str
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Neg:
    operand: "Expr"
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Bin:
    op: str  # + - * / ** @
    left: "Expr"
    right: "Expr"
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Transpose:
    operand: "Expr"
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Slice:
    lo: "Expr | None"
    hi: "Expr | None"
    loc: Loc = _loc_field()


@dataclass(frozen=True)
class NewAxis:
    loc: Loc = _loc_field()


@dataclass(frozen=True)
class Index:
    base: "Expr"
    items: "tuple[Expr | Slice | NewAxis, ...]"
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()


@dataclass(frozen=True)
class Call:
    """A call of a built-in (after resolution) or of a user function (before)."""

    fn: str
    args: "tuple[Expr, ...]"
    kwargs: "tuple[tuple[str, Expr], ...]" = ()
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()

    def kwarg(self, key: str) -> "Expr | None":
        for k, v in self.kwargs:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class Compare:
    """A relation or a chain of relations: `a <= b < c` has ops ('<=', '<')."""

    ops: "tuple[str, ...]"
    terms: "tuple[Expr, ...]"
    loc: Loc = _loc_field()
    shown: "Shown | None" = _shown_field()

    def links(self) -> "list[tuple[str, Expr, Expr]]":
        """(op, left, right) for each relation of the chain: `a <= b < c` gives two."""
        return list(zip(self.ops, self.terms, self.terms[1:]))


FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}  # a op b is b FLIPPED[op] a


Expr = Union[Num, Const, Name, Sym, Dim, Neg, Bin, Transpose, Index, Call, Compare]
Node = Union[Expr, Slice, NewAxis]

def exponent_value(expr: "Expr") -> Fraction | None:
    """The value of a literal number such as 2, -1 or 1/2 (an exponent), else None."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Neg) and isinstance(expr.operand, Num):
        return -expr.operand.value
    if isinstance(expr, Bin) and expr.op == "/":
        a, b = exponent_value(expr.left), exponent_value(expr.right)
        if a is not None and b:
            return a / b
    return None


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def negated(relation: "Compare") -> "Compare | None":
    """The relation that holds exactly where `relation` fails (None for a chain: a disjunction)."""
    if len(relation.ops) != 1:
        return None
    return Compare((_NEGATED[relation.ops[0]],), relation.terms, relation.loc)


def children(node: Node) -> Iterator[Node]:
    """Direct subnodes, in source order."""
    if isinstance(node, (Neg, Transpose)):
        yield node.operand
    elif isinstance(node, Bin):
        yield node.left
        yield node.right
    elif isinstance(node, Index):
        yield node.base
        yield from node.items
    elif isinstance(node, Slice):
        if node.lo is not None:
            yield node.lo
        if node.hi is not None:
            yield node.hi
    elif isinstance(node, Call):
        yield from node.args
        for _, value in node.kwargs:
            yield value
    elif isinstance(node, Compare):
        yield from node.terms


def walk(node: Node) -> Iterator[Node]:
    """Every node, parents before children, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


# ---------------------------------------------------------------- printing

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "neg": 3, "**": 4}


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def to_text(node: Node, expand: bool = False) -> str:
    """The expression in the claim language (round-trips through the parser, in the
    claim's scope): definitions by their names (`J(k * w)`), except at the root when
    `expand` (to print a definition's own body)."""
    if expand and getattr(node, "shown", None) is not None:
        node = replace(node, shown=None)
    return _text(node, 0)


def _text(node: Node, outer: int) -> str:
    shown = getattr(node, "shown", None)
    if shown is not None:
        args = f"({', '.join(_text(a, 0) for a in shown.args)})" if shown.call else ""
        return shown.name + args
    if isinstance(node, Num):
        text = _fraction_text(node.value)
        prec = 2 if node.value.denominator != 1 else 5
        return f"({text})" if prec < outer else text
    if isinstance(node, (Const, Name, Sym, Dim)):
        return node.name
    if isinstance(node, Neg):
        text = "-" + _text(node.operand, _PRECEDENCE["neg"])
        return f"({text})" if _PRECEDENCE["neg"] < outer else text
    if isinstance(node, Bin):
        prec = _PRECEDENCE[node.op]
        if node.op == "**":  # right-associative, binds tighter than unary minus on its left
            text = f"{_text(node.left, prec + 1)}**{_text(node.right, _PRECEDENCE['neg'])}"
        else:
            text = f"{_text(node.left, prec)} {node.op} {_text(node.right, prec + 1)}"
        return f"({text})" if prec < outer else text
    if isinstance(node, Transpose):
        return _text(node.operand, 5) + ".T"
    if isinstance(node, Index):
        return _text(node.base, 5) + "[" + ", ".join(_text(i, 0) for i in node.items) + "]"
    if isinstance(node, Slice):
        lo = "" if node.lo is None else _text(node.lo, 0)
        hi = "" if node.hi is None else _text(node.hi, 0)
        return f"{lo}:{hi}"
    if isinstance(node, NewAxis):
        return "None"
    if isinstance(node, Call) and node.fn == "_guard":
        return _text(node.args[0], outer)
    if isinstance(node, Call) and node.fn == "_array":
        return "[" + ", ".join(_text(a, 0) for a in node.args) + "]"
    if isinstance(node, Call):
        parts = [_text(a, 0) for a in node.args] + [f"{k}={_text(v, 0)}" for k, v in node.kwargs]
        return f"{node.fn}({', '.join(parts)})"
    if isinstance(node, Compare):
        text = _text(node.terms[0], 1)
        for op, term in zip(node.ops, node.terms[1:]):
            text += f" {op} {_text(term, 1)}"
        return f"({text})" if outer else text
    raise TypeError(f"not an expression node: {node!r}")
