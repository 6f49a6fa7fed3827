"""The function catalog: every built-in of the expression language, declared once.

An entry says how the function is called (arity, keywords, which arguments are
integer sizes and which must name a symbol), what shape it returns, and what
each engine needs: the sympy form, the sign rule for positivity, curvature and
monotonicity for convexity by composition, the conditions under which it is
defined and differentiable. Engine forms receive the engine's module as their
first argument (`sp`), so importing the catalog imports neither sympy nor numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

from . import ir
from .errors import ClaimError
from .laws import Law
from .signs import NONNEG, POS, UNKNOWN, ZERO, Fact, is_nonneg, is_nonzero, mul, power, repeated_sum, square
from .shape import SCALAR, Shape, broadcast, checked, describe, matmul
from .shape import square as square_matrix

BOOL = "bool"  # the type of relations and predicates


@dataclass
class ShapeCall:
    """What a shape rule sees of a call: argument shapes and constant integers."""

    fn: str
    shapes: list  # Shape per argument (() for integer arguments)
    ints: dict  # argument index -> int, for the entry's int_args
    kw: dict  # keyword -> int


@dataclass(frozen=True)
class Uniform:
    """How a built-in treats the indices 1..n of a size, for the all-sizes argument
    (docs/all-sizes.md, which says what each kind contributes to the degree bound).

    kind: "elementwise" (an atom per entry, indexed like its arguments: like a new
    symbol), "reduce" (one summation index per reduced axis of size n; `per_count`:
    divided by the number of entries, a denominator of degree 1 in n), "contract"
    (`a @ b`: one summation index), "outer", "trace" (one summation index), "diag",
    "eye" and "filled" (constants), "norm" (the 1-norm: abs atoms, summed; even
    powers of the 2-norm are sums of squares), "calculus" (no new summation index),
    "guard" (the value). A built-in without this field is not uniform (its degree
    grows with n, or no bound is known): the argument does not apply to it.
    `derivative`: for an elementwise f, f'(u) as an expression in the argument that
    is a polynomial in atoms, so that derivatives stay inside the argument.
    """

    kind: str
    per_count: bool = False
    derivative: Callable | None = None


def _atom(derivative: Callable | None = None) -> Uniform:
    return Uniform("elementwise", derivative=derivative)


def _call(name: str, *args) -> ir.Call:
    return ir.Call(name, tuple(args))


_ONE = ir.Num(Fraction(1))


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
    # the form over scalars of a sympy-like math module `sp` (sympy itself, or the
    # numeric engine's exact arithmetic); elementwise ones map one scalar, others
    # take ListArrays, constructors take (sp, make, *sizes)
    sym: Callable | None = None
    # positivity: (argument Facts, argument ranks) -> Fact of the result
    sign: Callable | None = None
    # convexity by composition (DCP)
    curvature: str | None = None  # "convex" | "concave" | "affine" | None (no rule)
    mono: Callable | None = None  # argument sign -> +1 increasing, -1 decreasing, 0 neither
    # conditions on arguments: (index, "nonneg" | "pos" | "nonzero" | "nonzero_array" | "invertible"),
    # or (index, need, shift): the argument plus `shift` meets the need (log1p: u + 1 > 0)
    requires: tuple = ()  # for the value to be defined
    smooth: "tuple | Callable | None" = ()  # for derivatives to exist; None: never; callable(ints)
    # continuous wherever it is defined, and defined on an open set (`requires` has no "nonneg"):
    # a `where` switch built from such functions is locally constant where its sides differ, so
    # a derivative of the where needs no smoothness inside its switch (conditions.py)
    continuous: bool = False
    # numeric engine, on arrays whose axis 0 is the batch of samples
    num: Callable | None = None  # (np, *args, **kw) -> values
    # rounding-error magnitude of the result: "linear" applies `num` to the arguments'
    # magnitudes (maps with nonnegative coefficients); else (np, args, mags, value, **kw)
    num_mag: "str | Callable" = "linear"
    uniform: Uniform | None = None  # the all-sizes argument (None: not uniform in the sizes)
    # arguments that are conditions (relations, elementwise), not values: where's switch
    cond_args: tuple = ()
    # inequalities the function satisfies (language/laws.py), for the sign rules and proof steps
    laws: tuple = ()
    # f'(u) in the claim language, for the tangent-line law of a convex or concave f, where the
    # uniform entry gives none (its derivative must be a polynomial in atoms; 1/u is not)
    derivative: str | None = None

    def signature(self) -> str:
        return self.doc.split(":", 1)[0]


def _same(c: ShapeCall) -> Shape:
    """Shape: the shape of its (first) argument."""
    return c.shapes[0]


def _broadcast2(c: ShapeCall) -> Shape:
    """Shape: its arguments broadcast together (NumPy rules)."""
    return broadcast(c.shapes[0], c.shapes[1], f"apply {c.fn} to")


def _axis_reduce(c: ShapeCall) -> Shape:
    """Shape: a scalar; with axis=k, the shape without axis k."""
    shape = c.shapes[0]
    if "axis" not in c.kw:
        return SCALAR
    axis = c.kw["axis"]
    if not shape or not -len(shape) <= axis < len(shape):
        raise ClaimError(f"{c.fn}(..., axis={axis}) is out of range for {describe(shape)}")
    axis %= len(shape)
    return shape[:axis] + shape[axis + 1 :]


def _array_reduce(c: ShapeCall) -> Shape:
    """Shape: a scalar, from a vector or a matrix; with axis=k, the shape without axis k."""
    if not c.shapes[0]:
        raise ClaimError(f"{c.fn} needs a vector or matrix, not a scalar")
    return _axis_reduce(c)


def _literal(c: ShapeCall) -> Shape:
    """Shape: a vector of its k scalar entries, or a k-by-m matrix of its k rows of length m."""
    first = c.shapes[0]
    for shape in c.shapes[1:]:
        if shape != first:
            raise ClaimError(f"the entries of a literal [...] must have one shape: {describe(first)} "
                             f"and {describe(shape)} differ")
    if len(first) > 1:
        raise ClaimError("a literal [...] holds numbers (a vector) or vectors (the rows of a matrix)")
    return checked((len(c.shapes),) + first)


def _where(c: ShapeCall) -> Shape:
    """Shape: the condition, a and b broadcast together (NumPy rules)."""
    condition, a, b = c.shapes
    return broadcast(broadcast(condition, a, "apply where to"), b, "apply where to")


def _to_scalar(c: ShapeCall) -> Shape:
    """Shape: a scalar."""
    return SCALAR


def _nonempty_array(c: ShapeCall) -> Shape:
    """Shape: a scalar, from a vector or a matrix."""
    if not c.shapes[0]:
        raise ClaimError(f"{c.fn} needs a vector or matrix, not a scalar")
    return SCALAR


def _norm(c: ShapeCall) -> Shape:
    """Shape: a scalar; the 1-norm (ord=1) of a vector only."""
    shape = c.shapes[0]
    order = c.ints.get(1)
    if order is not None:
        if order not in (1, 2):
            raise ClaimError(f"norm(x, {order}): only the 1-norm and the 2-norm are supported")
        if len(shape) != 1:
            raise ClaimError(f"norm(x, {order}) needs a vector, not {describe(shape)}")
    return SCALAR


def _matmul(c: ShapeCall) -> Shape:
    """Shape: as `a @ b`: vector @ vector is a scalar, matrix @ vector a vector, matrix @ matrix a matrix."""
    return matmul(c.shapes[0], c.shapes[1])


def _outer(c: ShapeCall) -> Shape:
    """Shape: an n-by-m matrix, from vectors of lengths n and m."""
    a, b = c.shapes
    if len(a) != 1 or len(b) != 1:
        raise ClaimError(f"outer needs two vectors, not {describe(a)} and {describe(b)}")
    return checked((a[0], b[0]))


def _square_to_scalar(c: ShapeCall) -> Shape:
    """Shape: a scalar, from a square matrix."""
    square_matrix(c.shapes[0], c.fn)
    return SCALAR


def _trace(c: ShapeCall) -> Shape:
    """Shape: a scalar, from a matrix."""
    if len(c.shapes[0]) != 2:
        raise ClaimError(f"trace needs a matrix, not {describe(c.shapes[0])}")
    return SCALAR


def _inv(c: ShapeCall) -> Shape:
    """Shape: a square matrix, the shape of its argument."""
    square_matrix(c.shapes[0], "inv")
    return c.shapes[0]


def _diag(c: ShapeCall) -> Shape:
    """Shape: a vector of length n gives an n-by-n matrix; a matrix gives the vector of its diagonal."""
    shape = c.shapes[0]
    if len(shape) == 1:
        return checked((shape[0], shape[0]))
    if len(shape) == 2:
        return (min(shape),)
    raise ClaimError("diag needs a vector (to build a diagonal matrix) or a matrix (to take its diagonal)")


def _sizes(c: ShapeCall) -> tuple:
    sizes = tuple(c.ints[i] for i in range(len(c.shapes)))
    for size in sizes:
        if not 1 <= size <= 1000:
            raise ClaimError(f"{c.fn}: sizes must be between 1 and 1000, not {size}")
    return sizes


def _eye(c: ShapeCall) -> Shape:
    """Shape: an n-by-n matrix."""
    (n,) = _sizes(c)
    return checked((n, n))


def _filled(c: ShapeCall) -> Shape:
    """Shape: a vector of length d, or a d1-by-d2 matrix."""
    return checked(_sizes(c))


def _concat(c: ShapeCall) -> Shape:
    """Shape: vectors of lengths n, m, ... give one of length n + m + ...; matrices stack their rows."""
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
    """Shape: a vector, the shape of its argument."""
    if len(c.shapes[0]) != 1:
        raise ClaimError(f"{c.fn} needs a vector, not {describe(c.shapes[0])}")
    return c.shapes[0]


def _scalar_function(c: ShapeCall) -> None:
    if c.shapes[0] != SCALAR:
        raise ClaimError(f"{c.fn} needs a scalar function as its first argument, not {describe(c.shapes[0])}")


def _grad(c: ShapeCall) -> Shape:
    """Shape: the shape of the symbol x (f must be a scalar)."""
    _scalar_function(c)
    return c.shapes[1]


def _hessian(c: ShapeCall) -> Shape:
    """Shape: an n-by-n matrix for a vector x of length n (f must be a scalar)."""
    _scalar_function(c)
    x = c.shapes[1]
    if len(x) > 1:
        raise ClaimError("hessian is defined with respect to a scalar or vector symbol, not a matrix")
    return checked(x + x)


def _diff(c: ShapeCall) -> Shape:
    """Shape: the shape of f (x must be a scalar symbol)."""
    if c.shapes[1] != SCALAR:
        raise ClaimError(f"diff is with respect to a scalar symbol; use grad for {describe(c.shapes[1])}")
    return c.shapes[0]


def _matrix_predicate(c: ShapeCall) -> str:
    """Shape: a whole claim, about a square matrix."""
    square_matrix(c.shapes[0], c.fn)
    return BOOL


def _curvature_predicate(c: ShapeCall) -> str:
    """Shape: a whole claim, about a scalar function f."""
    _scalar_function(c)
    return BOOL


def _inc(sign) -> int:
    return 1


def _abs_mono(sign) -> int:
    return 1 if is_nonneg(sign) else -1 if sign <= frozenset({-1, 0}) else 0


def _same_sign(f, r) -> Fact:
    return Fact(f[0].sign, nonzero_array=f[0].nonzero_array)


def _abs_sign(f, r) -> Fact:
    return Fact(square(f[0].sign), nonzero_array=f[0].nonzero_array)


def _sqrt_sign(f, r) -> Fact:
    from fractions import Fraction

    return Fact(power(f[0].sign, Fraction(1, 2)), nonzero_array=f[0].nonzero_array)


def _positive(f, r) -> Fact:
    return Fact(POS, nonzero_array=True)


def _unknown(f, r) -> Fact:
    return Fact(UNKNOWN)


def _relu_sign(f, r) -> Fact:
    return Fact(frozenset(max(x, 0) for x in f[0].sign))


def _nonneg(f, r) -> Fact:
    return Fact(NONNEG)


def _where_sign(f, r) -> Fact:
    """One of the two pieces (the engines refine this with the switch as a hypothesis)."""
    return Fact(f[1].sign | f[2].sign)


def _literal_sign(f, r) -> Fact:
    return Fact(frozenset().union(*(x.sign for x in f)), nonzero_array=any(x.nonzero_array for x in f))


def _maximum_sign(f, r) -> Fact:
    return Fact(frozenset(max(x, y) for x in f[0].sign for y in f[1].sign))


def _minimum_sign(f, r) -> Fact:
    return Fact(frozenset(min(x, y) for x in f[0].sign for y in f[1].sign))


def _sum_sign(f, r) -> Fact:
    entries = f[0].sign
    if is_nonneg(entries) and f[0].nonzero_array and r[0] > 0:
        return Fact(POS, nonzero_array=True)
    return Fact(repeated_sum(entries))


def _prod_sign(f, r) -> Fact:
    total = f[0].sign
    while True:
        nxt = mul(total, f[0].sign) | total
        if nxt == total:
            return Fact(total)
        total = nxt


def _extreme_sign(f, r) -> Fact:
    if f[0].nonzero_array and is_nonneg(f[0].sign) and r[0] > 0:
        return Fact(POS if f[0].sign == POS else NONNEG)
    return Fact(f[0].sign)


def _max_sign(f, r) -> Fact:
    if f[0].nonzero_array and is_nonneg(f[0].sign):
        return Fact(POS)
    return Fact(f[0].sign)


def _norm_sign(f, r) -> Fact:
    nonzero = f[0].nonzero_array or is_nonzero(f[0].sign)
    return Fact(POS if nonzero else NONNEG, nonzero_array=nonzero)


def _dot_sign(f, r) -> Fact:
    return Fact(repeated_sum(mul(f[0].sign, f[1].sign)))


def _outer_sign(f, r) -> Fact:
    return Fact(mul(f[0].sign, f[1].sign))


def _trace_sign(f, r) -> Fact:
    if f[0].pd:
        return Fact(POS)
    if f[0].psd:
        return Fact(NONNEG)
    return Fact(repeated_sum(f[0].sign))


def _det_sign(f, r) -> Fact:
    return Fact(POS if f[0].pd else NONNEG if f[0].psd else UNKNOWN)


def _inv_sign(f, r) -> Fact:
    return Fact(UNKNOWN, psd=f[0].pd, pd=f[0].pd)


def _diag_sign(f, r) -> Fact:
    entries = f[0].sign
    if r[0] == 1:  # vector -> diagonal matrix
        return Fact(entries | ZERO, nonzero_array=f[0].nonzero_array,
                    psd=is_nonneg(entries), pd=entries == POS)
    if f[0].pd:
        return Fact(POS, nonzero_array=True)
    return Fact(NONNEG if f[0].psd else entries)


def _eye_sign(f, r) -> Fact:
    return Fact(NONNEG, nonzero_array=True, psd=True, pd=True)


def _concat_sign(f, r) -> Fact:
    sign = frozenset().union(*(x.sign for x in f))
    return Fact(sign, nonzero_array=any(x.nonzero_array for x in f))


def _norm_sym(sp, x, order=2):
    entries = x.flat if hasattr(x, "flat") else [x]
    if order == 1:
        return sp.Add(*[sp.Abs(e) for e in entries])
    return sp.sqrt(sp.Add(*[e**2 for e in entries]))


def _logsumexp(sp, x):
    entries = x.flat if hasattr(x, "flat") else [x]
    return sp.log(sp.Add(*[sp.exp(e) for e in entries]))


def _variance(sp, entries):
    """Population variance: mean((e - mean(e))**2)."""
    n = len(entries)
    centre = sp.Add(*entries) / n
    return sp.Add(*[(e - centre) ** 2 for e in entries]) / n


def _stack(sp, *rows):
    """A literal: the entries (scalars) or rows (vectors) stacked along a new first axis."""
    first = rows[0]
    return type(first)((len(rows),) + first.shape, [e for row in rows for e in row.flat])


def _count(dims) -> int:
    total = 1
    for d in dims:
        total *= d
    return total


_AXIS = frozenset({"axis"})

def _axes(x, axis=None):
    """Claim axes of a batched array (axis 0 is the batch)."""
    if axis is None:
        return tuple(range(1, x.ndim))
    return axis % (x.ndim - 1) + 1


def _deriv(d):
    """Magnitude |f(x)| + |f'(x)| m for an elementwise f with |f'| = d(np, x, value)."""
    return lambda np, a, m, v: np.abs(v) + d(np, a[0], v) * m[0]


def _kink(np, a, m, v):
    """sign: exact away from 0; where the argument is a rounded value near 0, unknown."""
    return np.where((np.abs(a[0]) <= 1e-12 * m[0]) & (m[0] > 0), np.inf, np.abs(v))


def _np_norm(np, x, order=2):
    if order == 1:
        return np.abs(x).sum(axis=_axes(x))
    return np.sqrt((x * x).sum(axis=_axes(x)))


def _np_logsumexp(np, x):
    top = x.max(axis=_axes(x), keepdims=True)
    top = np.where(np.isfinite(top), top, 0)
    return (np.log(np.exp(x - top).sum(axis=_axes(x), keepdims=True)) + top).reshape(x.shape[0])


def _np_softmax(np, x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _np_matmul(np, a, b):
    if a.ndim == 2 and b.ndim == 2:
        return np.einsum("...i,...i->...", a, b)
    return np.matmul(a[..., None, :] if a.ndim == 2 else a, b[..., None] if b.ndim == 2 else b).reshape(
        (max(a.shape[0], b.shape[0]),) + a.shape[1:-1] + b.shape[2:])


def _np_diag(np, x):
    if x.ndim == 2:
        batch, n = x.shape
        out = np.zeros((batch, n, n))
        out.reshape(batch, n * n)[:, :: n + 1] = x
        return out
    return np.diagonal(x, axis1=1, axis2=2).copy()


def _np_concat(np, *xs):
    batch = max(x.shape[0] for x in xs)
    return np.concatenate([np.broadcast_to(x, (batch,) + x.shape[1:]) for x in xs], axis=1)


def _np_stack(np, *xs):
    batch = max(x.shape[0] for x in xs)
    return np.stack([np.broadcast_to(x, (batch,) + x.shape[1:]) for x in xs], axis=1)


def _var_mag(np, a, m, v, axis=None):
    """|error| / eps of a variance: at most a few times the mean of (|x| + mean |x|)**2."""
    axes = _axes(m[0], axis)
    spread = m[0] + m[0].mean(axis=axes, keepdims=True)
    return 4 * (spread * spread).mean(axis=axes)


def _std_mag(np, a, m, v, axis=None):
    """sqrt turns a variance error e into at most min(e / std, sqrt(e))."""
    var_mag = _var_mag(np, a, m, v, axis)
    eps = np.finfo(float).eps
    return np.abs(v) + np.minimum(var_mag / np.maximum(v, 1e-300), np.sqrt(var_mag / eps))


def _det_mag(np, a, m, v):
    return np.prod(np.sqrt((m[0] * m[0]).sum(axis=2)), axis=1)


def _inv_mag(np, a, m, v):
    return np.abs(v) + np.abs(v) @ m[0] @ np.abs(v)


_ENTRIES = [
    # elementwise
    Func("abs", "elementwise", 1, 1, _same, "abs(x): absolute value",
         sym=lambda sp, x: sp.Abs(x), sign=_abs_sign, curvature="convex", mono=_abs_mono,
         smooth=((0, "nonzero"),), num=lambda np, x: np.abs(x), num_mag=_deriv(lambda np, x, v: 1),
         uniform=_atom(lambda u: _call("sign", u)), continuous=True),
    Func("sign", "elementwise", 1, 1, _same, "sign(x): -1, 0 or 1",
         sym=lambda sp, x: sp.sign(x), sign=_same_sign, smooth=((0, "nonzero"),),
         num=lambda np, x: np.sign(x), num_mag=_kink,
         uniform=_atom(lambda u: ir.Num(Fraction(0)))),
    Func("sqrt", "elementwise", 1, 1, _same, "sqrt(x): square root (undefined below 0)",
         sym=lambda sp, x: sp.sqrt(x), sign=_sqrt_sign, curvature="concave", mono=_inc,
         requires=((0, "nonneg"),), smooth=((0, "pos"),), derivative="1/(2*sqrt(u))",
         num=lambda np, x: np.sqrt(np.maximum(x, 0)),
         num_mag=_deriv(lambda np, x, v: np.where(v > 0, 0.5 / np.where(v > 0, v, 1), np.inf)),
         uniform=_atom()),
    Func("exp", "elementwise", 1, 1, _same, "exp(x): exponential",
         sym=lambda sp, x: sp.exp(x), sign=_positive, curvature="convex", mono=_inc,
         laws=(Law("exp(u) >= 1 + u", why="exp is convex and 1 + u is its tangent line at 0"),),
         num=lambda np, x: np.exp(x), num_mag=_deriv(lambda np, x, v: np.abs(v)),
         uniform=_atom(lambda u: _call("exp", u)), continuous=True),
    Func("log", "elementwise", 1, 1, _same, "log(x): natural logarithm (undefined at or below 0)",
         sym=lambda sp, x: sp.log(x), sign=_unknown, curvature="concave", mono=_inc, derivative="1/u",
         laws=(Law("log(u) <= u - 1", ("u > 0",), "log is concave and u - 1 is its tangent line at 1"),
               Law("log(u) >= 1 - 1/u", ("u > 0",), "log(1/u) <= 1/u - 1 (the law above at 1/u), negated")),
         requires=((0, "pos"),), num=lambda np, x: np.log(np.where(x > 0, x, 1)),
         num_mag=_deriv(lambda np, x, v: 1 / np.where(x > 0, x, np.inf)),
         uniform=_atom(), continuous=True),
    Func("sin", "elementwise", 1, 1, _same, "sin(x): sine", sym=lambda sp, x: sp.sin(x), sign=_unknown,
         num=lambda np, x: np.sin(x), num_mag=_deriv(lambda np, x, v: 1),
         uniform=_atom(lambda u: _call("cos", u)), continuous=True),
    Func("cos", "elementwise", 1, 1, _same, "cos(x): cosine", sym=lambda sp, x: sp.cos(x), sign=_unknown,
         num=lambda np, x: np.cos(x), num_mag=_deriv(lambda np, x, v: 1),
         uniform=_atom(lambda u: ir.Neg(_call("sin", u))), continuous=True),
    Func("tanh", "elementwise", 1, 1, _same, "tanh(x): hyperbolic tangent",
         sym=lambda sp, x: sp.tanh(x), sign=_same_sign, num=lambda np, x: np.tanh(x),
         laws=(Law("-1 < tanh(u)", why="tanh(u) = 1 - 2/(exp(2*u) + 1), and 2/(exp(2*u) + 1) < 2"),
               Law("tanh(u) < 1", why="tanh(u) = 1 - 2/(exp(2*u) + 1), and 2/(exp(2*u) + 1) > 0")),
         num_mag=_deriv(lambda np, x, v: 1),
         uniform=_atom(lambda u: ir.Bin("-", _ONE, ir.Bin("**", _call("tanh", u), ir.Num(Fraction(2))))),
         continuous=True),
    Func("sigmoid", "elementwise", 1, 1, _same, "sigmoid(x): 1 / (1 + exp(-x))",
         sym=lambda sp, x: 1 / (1 + sp.exp(-x)), sign=_positive,
         laws=(Law("0 < sigmoid(u)", why="sigmoid(u) = 1/(1 + exp(-u)), and 1 + exp(-u) > 0"),
               Law("sigmoid(u) < 1", why="sigmoid(u) = 1/(1 + exp(-u)), and 1 + exp(-u) > 1")),
         num=lambda np, x: 0.5 * (1 + np.tanh(x / 2)), num_mag=_deriv(lambda np, x, v: 0.25),
         uniform=_atom(lambda u: ir.Bin("*", _call("sigmoid", u), ir.Bin("-", _ONE, _call("sigmoid", u)))),
         continuous=True),
    Func("relu", "elementwise", 1, 1, _same, "relu(x): max(x, 0)",
         sym=lambda sp, x: sp.Max(x, sp.Integer(0)), sign=_relu_sign, curvature="convex", mono=_inc,
         smooth=((0, "nonzero"),), laws=(Law("relu(u) >= u", why="relu(u) = max(u, 0)"),),
         num=lambda np, x: np.maximum(x, 0), uniform=_atom(), continuous=True),
    Func("softplus", "elementwise", 1, 1, _same, "softplus(x): log(1 + exp(x))",
         sym=lambda sp, x: sp.log(1 + sp.exp(x)), sign=_positive, curvature="convex", mono=_inc,
         laws=(Law("softplus(u) > u", why="1 + exp(u) > exp(u), and log is increasing"),
               Law("softplus(u) > relu(u)", why="1 + exp(u) > max(1, exp(u)), and log is increasing"),
               Law("softplus(u) <= relu(u) + log(2)", why="1 + exp(u) <= 2*max(1, exp(u))")),
         num=lambda np, x: np.logaddexp(0, x), num_mag=_deriv(lambda np, x, v: 1),
         uniform=_atom(lambda u: _call("sigmoid", u)), continuous=True),
    Func("log1p", "elementwise", 1, 1, _same, "log1p(x): log(1 + x) (undefined at or below -1)",
         sym=lambda sp, x: sp.log(1 + x), sign=_same_sign, curvature="concave", mono=_inc,
         requires=((0, "pos", 1),), derivative="1/(1 + u)",
         laws=(Law("log1p(u) <= u", ("u + 1 > 0",), "log(v) <= v - 1 at v = u + 1"),
               Law("log1p(u) >= u/(u + 1)", ("u + 1 > 0",), "log(v) >= 1 - 1/v at v = u + 1")),
         num=lambda np, x: np.log1p(np.where(x > -1, x, 0)),
         num_mag=_deriv(lambda np, x, v: 1 / np.where(x > -1, 1 + x, np.inf)), uniform=_atom(), continuous=True),
    Func("maximum", "elementwise", 2, 2, _broadcast2, "maximum(a, b): elementwise maximum",
         sym=lambda sp, a, b: sp.Max(a, b), sign=_maximum_sign, curvature="convex", mono=_inc, smooth=None,
         num=lambda np, a, b: np.maximum(a, b), num_mag=lambda np, a, m, v: np.maximum(m[0], m[1]),
         uniform=_atom(), continuous=True),
    Func("minimum", "elementwise", 2, 2, _broadcast2, "minimum(a, b): elementwise minimum",
         sym=lambda sp, a, b: sp.Min(a, b), sign=_minimum_sign, curvature="concave", mono=_inc, smooth=None,
         num=lambda np, a, b: np.minimum(a, b), num_mag=lambda np, a, m, v: np.maximum(m[0], m[1]),
         uniform=_atom(), continuous=True),
    # a is taken where the condition holds, else b, entry by entry; only the chosen piece must be
    # defined, and it is differentiable where the switch does not flip (off the boundary)
    Func("where", "piecewise", 3, 3, _where,
         "where(condition, a, b): the entries of a where the condition holds, of b elsewhere", cond_args=(0,),
         sym=lambda sp, c, a, b: sp.Piecewise((a, c), (b, True)), sign=_where_sign,
         smooth=((0, "off_switch"),), num=lambda np, c, a, b: np.where(c, a, b)),
    # reductions
    Func("sum", "reduction", 1, 1, _axis_reduce, "sum(x) or sum(x, axis=k): sum of entries", _AXIS,
         sym=lambda sp, x, axis=None: x.reduce(sp.Add, axis), sign=_sum_sign, curvature="affine", mono=_inc,
         num=lambda np, x, axis=None: x.sum(axis=_axes(x, axis)),
         uniform=Uniform("reduce"), continuous=True),
    Func("mean", "reduction", 1, 1, _axis_reduce, "mean(x) or mean(x, axis=k): mean of entries", _AXIS,
         sym=lambda sp, x, axis=None: x.reduce(lambda *e: sp.Add(*e) / len(e), axis),
         sign=_sum_sign, curvature="affine", mono=_inc, num=lambda np, x, axis=None: x.mean(axis=_axes(x, axis)),
         uniform=Uniform("reduce", per_count=True), continuous=True),
    Func("var", "reduction", 1, 1, _array_reduce, "var(x) or var(x, axis=k): population variance", _AXIS,
         sym=lambda sp, x, axis=None: x.reduce(lambda *e: _variance(sp, e), axis), sign=_nonneg,
         curvature="convex", mono=lambda sign: 0,
         laws=(Law("var(x) <= mean(x**2)", why="var(x) = mean(x**2) - mean(x)**2"),),
         num=lambda np, x, axis=None: x.var(axis=_axes(x, axis)), num_mag=_var_mag, continuous=True),
    Func("std", "reduction", 1, 1, _array_reduce, "std(x) or std(x, axis=k): population standard deviation",
         _AXIS, sym=lambda sp, x, axis=None: x.reduce(lambda *e: sp.sqrt(_variance(sp, e)), axis), sign=_nonneg,
         curvature="convex", mono=lambda sign: 0, smooth=None,
         num=lambda np, x, axis=None: x.std(axis=_axes(x, axis)), num_mag=_std_mag, continuous=True),
    Func("prod", "reduction", 1, 1, _to_scalar, "prod(x): product of entries",
         sym=lambda sp, x: x.reduce(sp.Mul, None), sign=_prod_sign,
         num=lambda np, x: x.prod(axis=_axes(x)), num_mag="linear", continuous=True),
    Func("max", "reduction", 1, 1, _nonempty_array, "max(x): largest entry",
         sym=lambda sp, x: sp.Max(*x.flat), sign=_max_sign, curvature="convex", mono=_inc, smooth=None,
         num=lambda np, x: x.max(axis=_axes(x)), num_mag=lambda np, a, m, v: m[0].max(axis=_axes(m[0])),
         continuous=True),
    Func("min", "reduction", 1, 1, _nonempty_array, "min(x): smallest entry",
         sym=lambda sp, x: sp.Min(*x.flat), sign=_extreme_sign, curvature="concave", mono=_inc, smooth=None,
         num=lambda np, x: x.min(axis=_axes(x)), num_mag=lambda np, a, m, v: m[0].max(axis=_axes(m[0])),
         continuous=True),
    Func("norm", "reduction", 1, 2, _norm, "norm(x, ord=2): 2-norm (Frobenius for matrices) or 1-norm",
         int_args=(1,), sym=_norm_sym, sign=_norm_sign, curvature="convex", mono=_abs_mono,
         smooth=lambda ints: ((0, "nonzero_array"),) if ints.get(1, 2) == 2 else ((0, "nonzero"),),
         num=_np_norm,
         uniform=Uniform("norm"), continuous=True),
    Func("logsumexp", "reduction", 1, 1, _to_scalar, "logsumexp(x): log(sum(exp(x)))",
         sym=_logsumexp, sign=_unknown, curvature="convex", mono=_inc, num=_np_logsumexp,
         laws=(Law("max(x) <= logsumexp(x)", why="sum(exp(x)) >= exp(max(x)): every term is positive"),
               Law("logsumexp(x) <= max(x) + log(n)", counts=(("n", "x"),),
                   why="each of the n terms of sum(exp(x)) is at most exp(max(x))")),
         num_mag=lambda np, a, m, v: np.abs(v) + m[0].max(axis=_axes(m[0])), continuous=True),
    # linear algebra
    Func("dot", "linalg", 2, 2, _matmul, "dot(a, b): as a @ b",
         sym=lambda sp, a, b: a.matmul(b, lambda xs: sp.Add(*xs)), sign=_dot_sign, num=_np_matmul,
         uniform=Uniform("contract"), continuous=True),
    Func("outer", "linalg", 2, 2, _outer, "outer(a, b): the matrix a_i b_j",
         sym=lambda sp, a, b: a.outer(b), sign=_outer_sign, num=lambda np, a, b: a[:, :, None] * b[:, None, :],
         uniform=Uniform("outer"), continuous=True),
    Func("trace", "linalg", 1, 1, _trace, "trace(A): sum of the diagonal",
         sym=lambda sp, a: sp.Add(*a.diagonal().flat), sign=_trace_sign, curvature="affine", mono=_inc,
         num=lambda np, a: np.trace(a, axis1=1, axis2=2),
         uniform=Uniform("trace"), continuous=True),
    Func("det", "linalg", 1, 1, _square_to_scalar, "det(A): determinant",
         sym=lambda sp, a: a.to_matrix(sp).det(method="berkowitz"), sign=_det_sign,
         num=lambda np, a: np.linalg.det(a), num_mag=_det_mag, continuous=True),
    Func("inv", "linalg", 1, 1, _inv, "inv(A): matrix inverse (undefined when singular)",
         sym=lambda sp, a: a.from_matrix(a.to_matrix(sp).inv(method="LU")), sign=_inv_sign,
         requires=((0, "invertible"),), num=lambda np, a: np.linalg.pinv(a), num_mag=_inv_mag, continuous=True),
    Func("diag", "linalg", 1, 1, _diag, "diag(v): diagonal matrix of a vector, or diagonal of a matrix",
         sym=lambda sp, a: a.diag(sp.Integer(0)), sign=_diag_sign, curvature="affine", mono=_inc,
         num=_np_diag,
         uniform=Uniform("diag"), continuous=True),
    Func("softmax", "linalg", 1, 1, _vector, "softmax(x): exp(x) / sum(exp(x))",
         sym=lambda sp, x: x.map(sp.exp).scale_by(1 / sp.Add(*[sp.exp(e) for e in x.flat])), sign=_positive,
         num=_np_softmax, num_mag=lambda np, a, m, v: v * (1 + 2 * m[0].max(axis=1, keepdims=True)), continuous=True),
    Func("concat", "linalg", 2, 8, _concat, "concat(a, b, ...): join vectors (or matrix rows)",
         sym=lambda sp, *xs: xs[0].concat(xs[1:]), sign=_concat_sign, curvature="affine", mono=_inc,
         num=_np_concat, continuous=True),
    Func("eye", "constructor", 1, 1, _eye, "eye(n): the n-by-n identity", int_args=(0,),
         sym=lambda sp, make, n: make((n, n), [sp.Integer(int(i == j)) for i in range(n) for j in range(n)]),
         sign=_eye_sign, curvature="affine", num=lambda np, n: np.eye(n)[None],
         uniform=Uniform("eye"), continuous=True),
    Func("zeros", "constructor", 1, 2, _filled, "zeros(d...): array of zeros", int_args=(0, 1),
         sym=lambda sp, make, *d: make(d, [sp.Integer(0)] * _count(d)),
         sign=lambda f, r: Fact(ZERO), curvature="affine", num=lambda np, *d: np.zeros((1,) + d),
         uniform=Uniform("filled"), continuous=True),
    Func("ones", "constructor", 1, 2, _filled, "ones(d...): array of ones", int_args=(0, 1),
         sym=lambda sp, make, *d: make(d, [sp.Integer(1)] * _count(d)),
         sign=lambda f, r: Fact(POS, nonzero_array=True), curvature="affine", num=lambda np, *d: np.ones((1,) + d),
         uniform=Uniform("filled"), continuous=True),
    # calculus
    Func("grad", "calculus", 2, 2, _grad, "grad(f, x): gradient of scalar f in symbol x", wrt=1, sign=_unknown,
         uniform=Uniform("calculus")),
    Func("hessian", "calculus", 2, 2, _hessian, "hessian(f, x): Hessian of scalar f in symbol x", wrt=1,
         sign=_unknown,
         uniform=Uniform("calculus")),
    Func("diff", "calculus", 2, 2, _diff, "diff(f, x): derivative in scalar symbol x", wrt=1, sign=_unknown,
         uniform=Uniform("calculus")),
    # internal: a call of a defined function whose body ignores some arguments keeps
    # them here, so that they must still be defined (SPEC section 6); not writable
    # in claims, since names may not start with "_"
    Func("_guard", "internal", 1, 16, _same, "_guard(value, args...): value, where every arg is defined",
         sym=lambda sp, value, *guards: value, sign=lambda f, r: f[0],
         num=lambda np, value, *guards: value, num_mag=lambda np, a, m, v: m[0],
         uniform=Uniform("guard")),
    # internal: a literal [a, b, ...] (the parser writes it as this call)
    Func("_array", "literal", 1, 1000, _literal, "[a, b, ...]: a vector of numbers or a matrix of rows",
         sym=_stack, sign=_literal_sign, curvature="affine", mono=_inc, num=_np_stack),
    # predicates: a whole claim only
    Func("psd", "predicate", 1, 1, _matrix_predicate, "psd(M): M is symmetric positive semidefinite"),
    Func("pd", "predicate", 1, 1, _matrix_predicate, "pd(M): M is symmetric positive definite"),
    Func("convex", "predicate", 2, 2, _curvature_predicate, "convex(f, x): f is convex in symbol x", wrt=1),
    Func("concave", "predicate", 2, 2, _curvature_predicate, "concave(f, x): f is concave in symbol x", wrt=1),
]

CATALOG: dict[str, Func] = {f.name: f for f in _ENTRIES}


def even_power_of_kink(expr) -> int | None:
    """k when expr is abs(u)**(2k) or norm(u)**(2k): a polynomial, smooth despite the kink."""
    if not (isinstance(expr, ir.Bin) and expr.op == "**" and isinstance(expr.left, ir.Call)):
        return None
    base, p = expr.left, ir.exponent_value(expr.right)
    if p is None or p.denominator != 1 or p <= 0 or p % 2 != 0:
        return None
    two_norm = base.fn == "norm" and (len(base.args) == 1 or ir.exponent_value(base.args[1]) == 2)
    if base.fn == "abs" or two_norm:
        return int(p) // 2
    return None
CONSTANTS = ("pi",)
BUILTIN_NAMES = frozenset(CATALOG) | frozenset(CONSTANTS)
