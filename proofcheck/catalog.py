"""The function catalog: every built-in of the expression language, declared once.

An entry says how the function is called (arity, keywords, which arguments are
integer sizes and which must name a symbol), what shape it returns, and what
kind of function it is. Engines attach what they need to the same entries by
name (sympy form, numpy form, curvature, monotonicity, sign rule) in their own
modules, so importing the catalog imports neither sympy nor numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .errors import ClaimError
from .shape import SCALAR, Shape, broadcast, checked, describe, matmul, square

BOOL = "bool"  # the type of relations and predicates


@dataclass
class ShapeCall:
    """What a shape rule sees of a call: argument shapes and constant integers."""

    fn: str
    shapes: list  # Shape per argument (() for integer arguments)
    ints: dict  # argument index -> int, for the entry's int_args
    kw: dict  # keyword -> int


@dataclass(frozen=True)
class Func:
    name: str
    kind: str  # elementwise | reduction | linalg | constructor | calculus | predicate
    min_args: int
    max_args: int
    shape: Callable[[ShapeCall], "Shape | str"]
    doc: str
    kwargs: frozenset = field(default_factory=frozenset)
    int_args: tuple = ()  # arguments that are integer constants (sizes, orders)
    wrt: int | None = None  # the argument that must name a declared symbol

    def signature(self) -> str:
        return self.doc.split(":", 1)[0]


def _same(c: ShapeCall) -> Shape:
    return c.shapes[0]


def _broadcast2(c: ShapeCall) -> Shape:
    return broadcast(c.shapes[0], c.shapes[1], f"apply {c.fn} to")


def _axis_reduce(c: ShapeCall) -> Shape:
    shape = c.shapes[0]
    if "axis" not in c.kw:
        return SCALAR
    axis = c.kw["axis"]
    if not shape or not -len(shape) <= axis < len(shape):
        raise ClaimError(f"{c.fn}(..., axis={axis}) is out of range for {describe(shape)}")
    axis %= len(shape)
    return shape[:axis] + shape[axis + 1 :]


def _to_scalar(c: ShapeCall) -> Shape:
    return SCALAR


def _nonempty_array(c: ShapeCall) -> Shape:
    if not c.shapes[0]:
        raise ClaimError(f"{c.fn} needs a vector or matrix, not a scalar")
    return SCALAR


def _norm(c: ShapeCall) -> Shape:
    shape = c.shapes[0]
    order = c.ints.get(1)
    if order is not None:
        if order not in (1, 2):
            raise ClaimError(f"norm(x, {order}): only the 1-norm and the 2-norm are supported")
        if len(shape) != 1:
            raise ClaimError(f"norm(x, {order}) needs a vector, not {describe(shape)}")
    return SCALAR


def _matmul(c: ShapeCall) -> Shape:
    return matmul(c.shapes[0], c.shapes[1])


def _outer(c: ShapeCall) -> Shape:
    a, b = c.shapes
    if len(a) != 1 or len(b) != 1:
        raise ClaimError(f"outer needs two vectors, not {describe(a)} and {describe(b)}")
    return checked((a[0], b[0]))


def _square_to_scalar(c: ShapeCall) -> Shape:
    square(c.shapes[0], c.fn)
    return SCALAR


def _trace(c: ShapeCall) -> Shape:
    if len(c.shapes[0]) != 2:
        raise ClaimError(f"trace needs a matrix, not {describe(c.shapes[0])}")
    return SCALAR


def _inv(c: ShapeCall) -> Shape:
    square(c.shapes[0], "inv")
    return c.shapes[0]


def _diag(c: ShapeCall) -> Shape:
    shape = c.shapes[0]
    if len(shape) == 1:
        return checked((shape[0], shape[0]))
    if len(shape) == 2:
        return (min(shape),)
    raise ClaimError("diag needs a vector (to build a diagonal matrix) or a matrix (to take its diagonal)")


def _eye(c: ShapeCall) -> Shape:
    n = c.ints[0]
    return checked((n, n))


def _filled(c: ShapeCall) -> Shape:
    return checked(tuple(c.ints[i] for i in range(len(c.shapes))))


def _concat(c: ShapeCall) -> Shape:
    shapes = c.shapes
    if all(len(s) == 1 for s in shapes):
        return checked((sum(s[0] for s in shapes),))
    if all(len(s) == 2 for s in shapes) and len({s[1] for s in shapes}) == 1:
        return checked((sum(s[0] for s in shapes), shapes[0][1]))
    raise ClaimError(
        "concat joins vectors, or matrices with the same number of columns; got "
        + ", ".join(describe(s) for s in shapes)
    )


def _vector(c: ShapeCall) -> Shape:
    if len(c.shapes[0]) != 1:
        raise ClaimError(f"{c.fn} needs a vector, not {describe(c.shapes[0])}")
    return c.shapes[0]


def _scalar_function(c: ShapeCall) -> None:
    if c.shapes[0] != SCALAR:
        raise ClaimError(f"{c.fn} needs a scalar function as its first argument, not {describe(c.shapes[0])}")


def _grad(c: ShapeCall) -> Shape:
    _scalar_function(c)
    return c.shapes[1]


def _hessian(c: ShapeCall) -> Shape:
    _scalar_function(c)
    x = c.shapes[1]
    if len(x) > 1:
        raise ClaimError("hessian is defined with respect to a scalar or vector symbol, not a matrix")
    return checked(x + x)


def _diff(c: ShapeCall) -> Shape:
    if c.shapes[1] != SCALAR:
        raise ClaimError(f"diff is with respect to a scalar symbol; use grad for {describe(c.shapes[1])}")
    return c.shapes[0]


def _matrix_predicate(c: ShapeCall) -> str:
    square(c.shapes[0], c.fn)
    return BOOL


def _curvature_predicate(c: ShapeCall) -> str:
    _scalar_function(c)
    return BOOL


_AXIS = frozenset({"axis"})

_ENTRIES = [
    # elementwise
    Func("abs", "elementwise", 1, 1, _same, "abs(x): absolute value"),
    Func("sign", "elementwise", 1, 1, _same, "sign(x): -1, 0 or 1"),
    Func("sqrt", "elementwise", 1, 1, _same, "sqrt(x): square root (undefined below 0)"),
    Func("exp", "elementwise", 1, 1, _same, "exp(x): exponential"),
    Func("log", "elementwise", 1, 1, _same, "log(x): natural logarithm (undefined at or below 0)"),
    Func("sin", "elementwise", 1, 1, _same, "sin(x): sine"),
    Func("cos", "elementwise", 1, 1, _same, "cos(x): cosine"),
    Func("tanh", "elementwise", 1, 1, _same, "tanh(x): hyperbolic tangent"),
    Func("sigmoid", "elementwise", 1, 1, _same, "sigmoid(x): 1 / (1 + exp(-x))"),
    Func("maximum", "elementwise", 2, 2, _broadcast2, "maximum(a, b): elementwise maximum"),
    Func("minimum", "elementwise", 2, 2, _broadcast2, "minimum(a, b): elementwise minimum"),
    # reductions
    Func("sum", "reduction", 1, 1, _axis_reduce, "sum(x, axis=None): sum of entries", _AXIS),
    Func("mean", "reduction", 1, 1, _axis_reduce, "mean(x, axis=None): mean of entries", _AXIS),
    Func("prod", "reduction", 1, 1, _to_scalar, "prod(x): product of entries"),
    Func("max", "reduction", 1, 1, _nonempty_array, "max(x): largest entry"),
    Func("min", "reduction", 1, 1, _nonempty_array, "min(x): smallest entry"),
    Func("norm", "reduction", 1, 2, _norm, "norm(x, ord=2): 2-norm (Frobenius for matrices) or 1-norm", int_args=(1,)),
    Func("logsumexp", "reduction", 1, 1, _to_scalar, "logsumexp(x): log(sum(exp(x)))"),
    # linear algebra
    Func("dot", "linalg", 2, 2, _matmul, "dot(a, b): as a @ b"),
    Func("outer", "linalg", 2, 2, _outer, "outer(a, b): the matrix a_i b_j"),
    Func("trace", "linalg", 1, 1, _trace, "trace(A): sum of the diagonal"),
    Func("det", "linalg", 1, 1, _square_to_scalar, "det(A): determinant"),
    Func("inv", "linalg", 1, 1, _inv, "inv(A): matrix inverse (undefined when singular)"),
    Func("diag", "linalg", 1, 1, _diag, "diag(v): diagonal matrix of a vector, or diagonal of a matrix"),
    Func("softmax", "linalg", 1, 1, _vector, "softmax(x): exp(x) / sum(exp(x))"),
    Func("concat", "linalg", 2, 8, _concat, "concat(a, b, ...): join vectors (or matrix rows)"),
    Func("eye", "constructor", 1, 1, _eye, "eye(n): the n-by-n identity", int_args=(0,)),
    Func("zeros", "constructor", 1, 2, _filled, "zeros(d...): array of zeros", int_args=(0, 1)),
    Func("ones", "constructor", 1, 2, _filled, "ones(d...): array of ones", int_args=(0, 1)),
    # calculus
    Func("grad", "calculus", 2, 2, _grad, "grad(f, x): gradient of scalar f in symbol x", wrt=1),
    Func("hessian", "calculus", 2, 2, _hessian, "hessian(f, x): Hessian of scalar f in symbol x", wrt=1),
    Func("diff", "calculus", 2, 2, _diff, "diff(f, x): derivative in scalar symbol x", wrt=1),
    # predicates: a whole claim only
    Func("psd", "predicate", 1, 1, _matrix_predicate, "psd(M): M is symmetric positive semidefinite"),
    Func("pd", "predicate", 1, 1, _matrix_predicate, "pd(M): M is symmetric positive definite"),
    Func("convex", "predicate", 2, 2, _curvature_predicate, "convex(f, x): f is convex in symbol x", wrt=1),
    Func("concave", "predicate", 2, 2, _curvature_predicate, "concave(f, x): f is concave in symbol x", wrt=1),
]

CATALOG: dict[str, Func] = {f.name: f for f in _ENTRIES}
CONSTANTS = ("pi",)
BUILTIN_NAMES = frozenset(CATALOG) | frozenset(CONSTANTS)
