"""Name resolution: parser names become symbols, dims and constants, and
definitions are inlined, so the engines see only symbols and built-ins.

Inlining shares subtrees (a definition used twice is one object, and a
function call copies only the paths of its body that lead to a parameter), so
the result is a DAG; its unshared size and depth are capped here, which bounds
every recursive walk done later. The nodes a claim creates in all (its own and
the copies made by function calls) are counted as they are made and capped,
which bounds the time and memory of loading one file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from . import ir
from .catalog import BUILTIN_NAMES, CATALOG, CONSTANTS
from .errors import ClaimError, Loc, Silent
from .model import Definition

# NumPy spellings that are written differently here
NUMPY_NAMES = {
    "transpose": "write `A.T` for the transpose of A",
    "matmul": "write `A @ B`",
    "power": "write `a ** b`", "pow": "write `a ** b`",
    "ln": "write `log(x)` (the natural logarithm)",
    "len": "sizes are dims: declare one under `dims` and use its name",
}
MAX_INLINED_NODES = 100_000  # unshared size of one expression
MAX_INLINED_DEPTH = 250
MAX_CLAIM_NODES = 100_000  # nodes made by resolution and function calls, for the whole claim


@dataclass
class _Resolved:
    params: tuple
    body: ir.Expr
    loc: Loc
    used: frozenset = frozenset()  # the parameters the body mentions


class Scope:
    """The names a claim declares, in the order definitions become visible."""

    def __init__(self, symbols: dict, dims: set, definitions: tuple) -> None:
        self.symbols = symbols
        self.dims = dims
        self.pending = {d.name: d for d in definitions}  # not yet visible
        self.defs: dict[str, _Resolved] = {}
        self.current: str | None = None
        self.failed: set = set()  # names whose declaration failed (already reported): their uses are Silent
        self.created = 0  # nodes made so far, for MAX_CLAIM_NODES
        self._sizes: dict = {}  # id -> (unshared size, depth), shared by every check_size
        self._keep: list = []  # keeps the measured nodes alive, so ids stay unique

    def grow(self, count: int, loc: Loc) -> None:
        """Count `count` new nodes against the claim's budget."""
        self.created += count
        if self.created > MAX_CLAIM_NODES:
            raise ClaimError(
                f"claim too large once definitions are expanded: more than {MAX_CLAIM_NODES:,} expression "
                "nodes in all (each call of a function copies its body)",
                loc,
            )

    def check_size(self, expr: ir.Expr, loc: Loc) -> None:
        """check_size, remembering what was measured: each node is measured once per claim."""
        _measure(expr, loc, self._sizes, self._keep)

    def known(self) -> list:
        return sorted(set(self.symbols) | self.dims | set(self.defs) | BUILTIN_NAMES)

    def define(self, definition: Definition) -> None:
        """Resolve one definition; only earlier ones are visible to it."""
        self.current = definition.name
        resolver = _Resolver(self, definition.params)
        try:
            body = resolver.expr(definition.body)
        except ClaimError:  # reported once; later uses of the name are not errors of their own
            del self.pending[definition.name]
            self.failed.add(definition.name)
            raise
        finally:
            self.current = None
        del self.pending[definition.name]
        if not definition.params:  # printed by its name wherever it is used (not for the engines)
            body = ir.annotate(body, ir.Shown(definition.name))
        self.check_size(body, definition.loc)
        # every parameter the resolver met is in the body (unused call arguments are kept by _guard)
        used = frozenset(resolver.seen)
        self.defs[definition.name] = _Resolved(definition.params, body, definition.loc, used)

    def resolve(self, expr: ir.Expr, params: tuple = ()) -> ir.Expr:
        return _Resolver(self, params).expr(expr)


class _Resolver:
    def __init__(self, scope: Scope, params: tuple) -> None:
        self.scope = scope
        self.params = params
        self.seen: set = set()  # the parameters met

    def expr(self, node):
        if isinstance(node, ir.Name):
            return self.name(node)
        if isinstance(node, ir.Call):
            return self.call(node)
        if isinstance(node, (ir.Num, ir.Const, ir.Sym, ir.Dim, ir.NewAxis)) or node is None:
            return node
        self.scope.grow(1, node.loc)
        if isinstance(node, ir.Neg):
            return replace(node, operand=self.expr(node.operand))
        if isinstance(node, ir.Transpose):
            return replace(node, operand=self.expr(node.operand))
        if isinstance(node, ir.Bin):
            return replace(node, left=self.expr(node.left), right=self.expr(node.right))
        if isinstance(node, ir.Index):
            return replace(node, base=self.expr(node.base), items=tuple(self.expr(i) for i in node.items))
        if isinstance(node, ir.Slice):
            return replace(node, lo=self.expr(node.lo), hi=self.expr(node.hi))
        if isinstance(node, ir.Compare):
            return replace(node, terms=tuple(self.expr(t) for t in node.terms))
        raise TypeError(f"unexpected node {node!r}")  # pragma: no cover

    def name(self, node: ir.Name) -> ir.Expr:
        name, scope = node.name, self.scope
        if name in self.params:
            self.seen.add(name)
            return node
        if name in scope.failed:
            raise Silent()
        if name in scope.symbols:
            scope.grow(1, node.loc)
            return ir.Sym(name, node.loc)
        if name in scope.dims:
            scope.grow(1, node.loc)
            return ir.Dim(name, node.loc)
        if name in CONSTANTS:
            scope.grow(1, node.loc)
            return ir.Const(name, node.loc)
        if name in scope.defs:
            definition = scope.defs[name]
            if definition.params:
                raise ClaimError(
                    f"'{name}' is a function of {len(definition.params)} argument(s); "
                    f"call it as {name}({', '.join(definition.params)})",
                    node.loc,
                )
            return definition.body
        if name in CATALOG:
            raise ClaimError(f"'{name}' is a built-in function; call it as {CATALOG[name].signature()}", node.loc)
        raise self.unknown(name, node.loc, "name")

    def unknown(self, name: str, loc: Loc, what: str) -> ClaimError:
        scope = self.scope
        if name == scope.current:
            return ClaimError(f"recursive definition: '{name}' uses itself", loc)
        if name in scope.pending:
            later = scope.pending[name].loc.line
            return ClaimError(
                f"'{name}' is defined later (line {later}); definitions are evaluated in order "
                "and cannot be recursive",
                loc,
            )
        candidates = scope.known() + list(self.params)
        close = difflib.get_close_matches(name, candidates, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; declare it under `symbols`, `dims` or `define`"
        hint = f"; {NUMPY_NAMES[name]}" if name in NUMPY_NAMES else hint
        return ClaimError(f"unknown {what} '{name}'{hint}", loc)

    def call(self, node: ir.Call) -> ir.Expr:
        fn, scope = node.fn, self.scope
        if fn in scope.failed:
            raise Silent()
        args = tuple(self.expr(a) for a in node.args)
        if fn in CATALOG:
            kwargs = tuple((k, self.expr(v)) for k, v in node.kwargs)
            scope.grow(1, node.loc)
            return replace(node, args=args, kwargs=kwargs)
        if fn in scope.defs and scope.defs[fn].params:
            definition = scope.defs[fn]
            if node.kwargs:
                raise ClaimError(f"{fn} takes positional arguments only", node.loc)
            if len(args) != len(definition.params):
                raise ClaimError(
                    f"{fn}({', '.join(definition.params)}) takes {len(definition.params)} argument(s), "
                    f"got {len(args)}",
                    node.loc,
                )
            result = substitute(
                definition.body, dict(zip(definition.params, args)), lambda: scope.grow(1, node.loc)
            )
            unused = [a for p, a in zip(definition.params, args) if p not in definition.used]
            if unused:  # the arguments are still part of the claim and must be defined
                scope.grow(1, node.loc)
                result = ir.Call("_guard", (result, *unused), (), node.loc)
            scope.grow(1, node.loc)
            result = ir.annotate(result, ir.Shown(fn, args, call=True))  # printed as the call written
            scope.check_size(result, node.loc)
            return result
        if fn in scope.symbols or fn in scope.dims or fn in scope.defs or fn in self.params:
            raise ClaimError(f"'{fn}' is not a function and cannot be called", node.loc)
        raise self.unknown(fn, node.loc, "function")


def substitute(body: ir.Expr, values: dict, made=None) -> ir.Expr:
    """Replace parameter names by argument trees.

    Only the nodes on a path to a parameter are copied; every other subtree
    is shared with the body. `made()` is called once for each new node.
    """
    memo: dict = {}

    def sub(node):
        if node is None:
            return None
        key = id(node)
        if key in memo:
            return memo[key]
        if isinstance(node, ir.Name):
            out = values.get(node.name, node)
        elif isinstance(node, (ir.Num, ir.Const, ir.Sym, ir.Dim, ir.NewAxis)):
            out = node
        elif isinstance(node, (ir.Neg, ir.Transpose)):
            out = _remake(node, made, operand=sub(node.operand))
        elif isinstance(node, ir.Bin):
            out = _remake(node, made, left=sub(node.left), right=sub(node.right))
        elif isinstance(node, ir.Index):
            out = _remake(node, made, base=sub(node.base), items=tuple(sub(i) for i in node.items))
        elif isinstance(node, ir.Slice):
            out = _remake(node, made, lo=sub(node.lo), hi=sub(node.hi))
        elif isinstance(node, ir.Call):
            out = _remake(node, made, args=tuple(sub(a) for a in node.args),
                          kwargs=tuple((k, sub(v)) for k, v in node.kwargs))
        elif isinstance(node, ir.Compare):
            out = _remake(node, made, terms=tuple(sub(t) for t in node.terms))
        else:  # pragma: no cover
            raise TypeError(f"unexpected node {node!r}")
        shown = getattr(node, "shown", None)
        if shown is not None and shown.args:  # `g(u)` inside a body prints its argument substituted
            args = tuple(sub(a) for a in shown.args)
            if not _same(shown.args, args):
                out = ir.annotate(out, replace(shown, args=args))
        memo[key] = out
        return out

    return sub(body)


def _remake(node, made, **fields):
    """`node` with new children, or `node` itself when no child changed."""
    if all(_same(getattr(node, k), v) for k, v in fields.items()):
        return node
    if made is not None:
        made()
    return replace(node, **fields)


def _same(old, new) -> bool:
    if isinstance(old, tuple):
        return len(old) == len(new) and all(
            (a is b) if not isinstance(a, tuple) else (a[0] == b[0] and a[1] is b[1]) for a, b in zip(old, new)
        )
    return old is new


def check_size(expr: ir.Expr, loc: Loc) -> None:
    """Cap the unshared size and the depth of an inlined tree, bottom-up without recursion."""
    _measure(expr, loc, {}, [])


def _measure(expr: ir.Expr, loc: Loc, measured: dict, keep: list) -> None:
    """check_size with a memo: id -> (size, depth) of the nodes measured before."""
    stack = [(expr, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in measured:
            continue
        kids = list(ir.children(node))
        if not done:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in measured)
            continue
        keep.append(node)  # keep nodes alive so ids stay unique
        size = 1 + sum(measured[id(k)][0] for k in kids)
        depth = 1 + max((measured[id(k)][1] for k in kids), default=0)
        measured[key] = (size, depth)
        if size > MAX_INLINED_NODES:
            raise ClaimError(
                f"expression too large once definitions are expanded (over {MAX_INLINED_NODES:,} nodes)", loc
            )
        if depth > MAX_INLINED_DEPTH:
            raise ClaimError(
                f"expression nested too deeply once definitions are expanded (over {MAX_INLINED_DEPTH} levels)",
                loc,
            )
