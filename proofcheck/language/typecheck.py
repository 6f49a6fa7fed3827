"""Shape checking of resolved expressions for concrete dims, before any engine runs.

Also the exact evaluation of constant integer expressions (sizes, indexes,
exponents), with caps so that `9**9**9` is refused rather than computed.
"""

from __future__ import annotations

from fractions import Fraction

from . import ir
from .catalog import BOOL, CATALOG, ShapeCall
from .errors import ClaimError
from .shape import SCALAR, Shape, broadcast, checked, describe, matmul

MAX_EXPONENT = 100
MAX_CONSTANT_BITS = 4096

_NON_CONVEX_DOMAINS = {"integer": "the integers", "nonzero": "the nonzero numbers"}


MAX_SHOWN_CHARS = 200


class _Undefined(ClaimError):
    """A constant that divides by zero."""



def _shown(expr: ir.Node) -> str:
    """An expression for a message: an inlined definition can print as pages of text."""
    text = ir.to_text(expr)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 5] + " ..."


def const_value(expr: ir.Expr, dims: dict, memo: dict | None = None) -> Fraction | None:
    """The exact value of an expression made of numbers and dims, else None.

    Every intermediate value is capped at MAX_CONSTANT_BITS. Pass `memo` (one
    per dims combination) when expressions share subtrees, so that each
    shared node is evaluated once rather than once per path to it.
    """
    if isinstance(expr, ir.Num):
        return expr.value
    if isinstance(expr, ir.Dim):
        return Fraction(dims[expr.name])
    if not isinstance(expr, (ir.Neg, ir.Bin)):
        return None
    if memo is not None and id(expr) in memo:
        return memo[id(expr)][1]
    value = _const_node(expr, dims, memo)
    if value is not None and max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_CONSTANT_BITS:
        raise ClaimError("constant too large", expr.loc)
    if memo is not None:
        memo[id(expr)] = (expr, value)  # the node is kept alive with its value, so its id stays unique
    return value


def _const_node(expr: ir.Expr, dims: dict, memo: dict | None) -> Fraction | None:
    if isinstance(expr, ir.Neg):
        inner = const_value(expr.operand, dims, memo)
        return None if inner is None else -inner
    if expr.op == "@":
        return None
    right = const_value(expr.right, dims, memo)
    if expr.op == "**" and right is not None:
        check_exponent(right, expr)
    left = const_value(expr.left, dims, memo)
    if left is None or right is None:
        return None
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    if expr.op == "/":
        if right == 0:
            raise _Undefined("division by zero in a constant", expr.loc)
        return left / right
    return _power(left, right, expr)


def check_exponent(value: Fraction, expr: ir.Expr) -> None:
    if abs(value) > MAX_EXPONENT:
        raise ClaimError(f"exponent {value} is too large (the limit is {MAX_EXPONENT})", expr.loc)


def _power(base: Fraction, exponent: Fraction, expr: ir.Expr) -> Fraction | None:
    if exponent.denominator != 1:
        return None  # possibly irrational: leave it to the engines
    bits = max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(exponent.numerator)
    if bits > MAX_CONSTANT_BITS:
        raise ClaimError("constant too large", expr.loc)
    if base == 0 and exponent < 0:
        raise _Undefined("division by zero in a constant (0 to a negative power)", expr.loc)
    return base ** int(exponent)


def const_int(expr: ir.Expr, dims: dict, memo: dict | None = None) -> int:
    value = const_value(expr, dims, memo)
    if value is None or value.denominator != 1:
        raise ClaimError(
            f"expected an integer built from numbers and dims, found `{_shown(expr)}`", expr.loc
        )
    return int(value)


class ShapeChecker:
    """Shapes of the nodes of resolved expressions, for one combination of dims."""

    def __init__(self, symbols: dict, dims: dict) -> None:
        self.symbols = symbols
        self.dims = dims
        self.memo: dict = {}
        self._keep: list = []
        self.constants: dict = {}  # const_value's memo

    def const_int(self, expr: ir.Expr) -> int:
        return const_int(expr, self.dims, self.constants)

    def value(self, expr: ir.Expr) -> Shape:
        """Shape of an expression that must be a number or an array."""
        result = self.shape(expr)
        if result == BOOL:
            what = "a predicate" if isinstance(expr, ir.Call) else "a relation"
            raise ClaimError(f"{what} cannot be used inside an expression; it can only be a whole claim", expr.loc)
        return result

    def shape(self, expr: ir.Expr) -> "Shape | str":
        key = id(expr)
        if key not in self.memo:
            try:
                result = self._shape(expr)
            except ClaimError as exc:
                raise exc.at(expr.loc) from None
            self.memo[key] = result
            self._keep.append(expr)
        return self.memo[key]

    def _shape(self, expr: ir.Expr) -> "Shape | str":
        if isinstance(expr, (ir.Num, ir.Const, ir.Dim)):
            return SCALAR
        if isinstance(expr, ir.Sym):
            return self.symbols[expr.name].concrete_shape(self.dims)
        if isinstance(expr, ir.Name):
            raise ClaimError(f"'{expr.name}' is a function parameter here, where a value is needed")
        if isinstance(expr, ir.Neg):
            return self.value(expr.operand)
        if isinstance(expr, ir.Transpose):
            return tuple(reversed(self.value(expr.operand)))
        if isinstance(expr, ir.Bin):
            return self._binary(expr)
        if isinstance(expr, ir.Index):
            return self._index(expr)
        if isinstance(expr, ir.Call):
            return self._call(expr)
        if isinstance(expr, ir.Compare):
            return self._compare(expr)
        raise TypeError(f"unexpected node {expr!r}")  # pragma: no cover

    def _binary(self, expr: ir.Bin) -> Shape:
        left, right = self.value(expr.left), self.value(expr.right)
        if expr.op == "@":
            return matmul(left, right)
        if expr.op == "**":
            exponent = const_value(expr.right, self.dims, self.constants)
            if exponent is not None:
                check_exponent(exponent, expr.right)
                # a power of a constant is evaluated too, so its size is capped here, not in an engine
                # (an undefined one, such as 0**-1, may sit in a branch of where() that is not taken)
                try:
                    const_value(expr, self.dims, self.constants)
                except _Undefined:
                    pass
        verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide", "**": "raise"}[expr.op]
        return broadcast(left, right, verb)

    def _index(self, expr: ir.Index) -> Shape:
        base = self.value(expr.base)
        used = [i for i in expr.items if not isinstance(i, ir.NewAxis)]
        if len(used) > len(base):
            raise ClaimError(f"too many indexes ({len(used)}) for {describe(base)}")
        out: list = []
        axis = 0
        for item in expr.items:
            if isinstance(item, ir.NewAxis):
                out.append(1)
                continue
            size = base[axis]
            axis += 1
            if isinstance(item, ir.Slice):
                lo = 0 if item.lo is None else self._bound(item.lo, size, "slice start")
                hi = size if item.hi is None else self._bound(item.hi, size, "slice end")
                if hi <= lo:
                    raise ClaimError(f"slice {_shown(item)} is empty ({self._where()})", item.loc)
                out.append(hi - lo)
            else:
                self._position(item, size)
        out.extend(base[axis:])
        return checked(tuple(out))

    def _where(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.dims.items()) or "no dims"

    def _bound(self, expr: ir.Expr, size: int, what: str) -> int:
        value = self.const_int(expr)
        if value < 0:
            value += size
        if not 0 <= value <= size:
            raise ClaimError(f"{what} {_shown(expr)} is out of range for size {size} ({self._where()})", expr.loc)
        return value

    def _position(self, expr: ir.Expr, size: int) -> int:
        self.value(expr)
        value = self.const_int(expr)
        if not -size <= value < size:
            raise ClaimError(f"index {_shown(expr)} is out of range for size {size} ({self._where()})", expr.loc)
        return value

    def _call(self, expr: ir.Call) -> "Shape | str":
        func = CATALOG[expr.fn]
        n = len(expr.args)
        if not func.min_args <= n <= func.max_args:
            count = str(func.min_args) if func.min_args == func.max_args else f"{func.min_args} to {func.max_args}"
            raise ClaimError(f"{func.signature()} takes {count} argument(s), got {n}")
        kw: dict = {}
        for key, value in expr.kwargs:
            if key in kw:
                raise ClaimError(f"{expr.fn}() got the keyword '{key}' twice", value.loc)
            if key not in func.kwargs:
                allowed = ", ".join(sorted(func.kwargs)) or "none"
                raise ClaimError(f"{expr.fn}() has no keyword '{key}' (keywords: {allowed})", value.loc)
            kw[key] = self.const_int(value)
        ints: dict = {}
        shapes: list = []
        for i, arg in enumerate(expr.args):
            if i in func.int_args:
                ints[i] = self.const_int(arg)
                shapes.append(SCALAR)
            elif i == func.wrt:
                shapes.append(self._wrt_symbol(expr, arg))
            elif i in func.cond_args:
                shapes.append(self._condition(expr, arg))
            else:
                shapes.append(self.value(arg))
        return func.shape(ShapeCall(expr.fn, shapes, ints, kw))

    def _condition(self, call: ir.Call, arg: ir.Expr) -> Shape:
        """The shape of an elementwise condition (`x > 0`, `0 <= t <= 1`) used as an argument."""
        if not isinstance(arg, ir.Compare):
            raise ClaimError(f"the first argument of {call.fn} is a condition such as `x > 0`, "
                             f"not `{_shown(arg)}`", arg.loc)
        shapes = [self.value(t) for t in arg.terms]
        out = shapes[0]
        for shape, term in zip(shapes[1:], arg.terms[1:]):
            try:
                out = broadcast(out, shape, "compare")
            except ClaimError as exc:
                raise exc.at(term.loc) from None
        return out

    def _wrt_symbol(self, call: ir.Call, arg: ir.Expr) -> Shape:
        if not isinstance(arg, ir.Sym):
            raise ClaimError(
                f"the second argument of {call.fn} must name a declared symbol, not `{_shown(arg)}`", arg.loc
            )
        symbol = self.symbols[arg.name]
        if call.fn in ("convex", "concave") and symbol.structure == "unit":
            raise ClaimError(f"{call.fn}({_shown(call.args[0])}, {arg.name}) needs a convex domain for {arg.name}, "
                             "but unit vectors (the sphere) are not a convex set", arg.loc)
        if call.fn in ("convex", "concave") and symbol.domain.kind in _NON_CONVEX_DOMAINS:
            raise ClaimError(
                f"{call.fn}({_shown(call.args[0])}, {arg.name}) needs a convex domain for {arg.name}, "
                f"but it ranges over {_NON_CONVEX_DOMAINS[symbol.domain.kind]}",
                arg.loc,
            )
        if call.fn not in ("convex", "concave"):
            if symbol.domain.kind == "integer":
                raise ClaimError(f"cannot differentiate with respect to the integer symbol {arg.name}", arg.loc)
            if symbol.structure is not None:
                raise ClaimError(
                    f"{call.fn} with respect to a {symbol.structure} {'matrix' if len(symbol.shape) == 2 else 'vector'} "
                    "is not supported "
                    "(its entries are not independent)",
                    arg.loc,
                )
        return self.value(arg)

    def _compare(self, expr: ir.Compare) -> str:
        shapes = [self.value(t) for t in expr.terms]
        for (a, b), term in zip(zip(shapes, shapes[1:]), expr.terms[1:]):
            if a != b and a != SCALAR and b != SCALAR:
                raise ClaimError(f"cannot compare {describe(a)} with {describe(b)}", term.loc)
        return BOOL


def check_goal(checker: ShapeChecker, expr: ir.Expr) -> None:
    """A claim is a relation (no `!=`) or a predicate, never a bare value."""
    if isinstance(expr, ir.Compare):
        if "!=" in expr.ops:
            raise ClaimError("`!=` is only allowed in `given`, not in a claim", expr.loc)
        checker.shape(expr)
        return
    if isinstance(expr, ir.Call) and expr.fn in CATALOG and CATALOG[expr.fn].kind == "predicate":
        checker.shape(expr)
        return
    shape = checker.shape(expr)
    raise ClaimError(
        f"a claim must be a relation (==, <, <=, >, >=) or a predicate (psd, pd, convex, concave), "
        f"not {describe(shape) if shape != BOOL else 'this'}",
        expr.loc,
    )


def check_condition(checker: ShapeChecker, expr: ir.Expr) -> None:
    if not isinstance(expr, ir.Compare):
        raise ClaimError("a `given` condition must be a relation such as `x > 0` or `0 <= t <= 1`", expr.loc)
    checker.shape(expr)


def check_claim(claim, dims: dict, extra: list = ()) -> None:
    """Every expression of a claim (and `extra` values) at one combination of dims."""
    checker = ShapeChecker(claim.symbols, dims)
    for expr in claim.claims:
        check_goal(checker, expr)
    for expr in claim.given:
        check_condition(checker, expr)
    for step in claim.proof or ():
        checker.value(step.expr)
    for expr in extra:
        checker.value(expr)
