"""Shape algebra (NumPy rules, at most two axes), for the catalog's shape rules."""

from __future__ import annotations

from .errors import ClaimError

Shape = tuple  # tuple[int, ...], length 0, 1 or 2
SCALAR: Shape = ()
MAX_ELEMENTS = 1_000_000


def describe(shape: Shape) -> str:
    if len(shape) == 0:
        return "a scalar"
    if len(shape) == 1:
        return f"a vector of length {shape[0]}"
    if len(shape) == 2:
        return f"a {shape[0]}x{shape[1]} matrix"
    return f"an array of shape {shape}"


def checked(shape: Shape) -> Shape:
    """Refuse ranks and sizes the engines are not built for."""
    if len(shape) > 2:
        raise ClaimError(f"arrays of more than 2 axes are not supported (shape {shape})")
    count = 1
    for size in shape:
        count *= size
    if count > MAX_ELEMENTS:
        raise ClaimError(f"array of shape {shape} has more than {MAX_ELEMENTS:,} entries")
    return shape


def broadcast(a: Shape, b: Shape, what: str = "combine") -> Shape:
    """NumPy broadcasting of two shapes."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x != y and 1 not in (x, y):
            raise ClaimError(f"cannot {what} {describe(a)} and {describe(b)}: shapes do not broadcast")
        out.append(max(x, y) if 1 in (x, y) else x)
    return checked(tuple(reversed(out)))


def matmul(a: Shape, b: Shape) -> Shape:
    """NumPy's `@` for vectors and matrices."""
    if not a or not b:
        raise ClaimError(f"`@` needs vectors or matrices, not {describe(a if not a else b)}; use `*` for scalars")
    inner_a = a[-1]
    inner_b = b[0] if len(b) == 1 else b[-2]
    if inner_a != inner_b:
        raise ClaimError(
            f"cannot multiply {describe(a)} @ {describe(b)}: inner sizes {inner_a} and {inner_b} differ"
        )
    return checked(a[:-1] + (b[1:] if len(b) == 2 else ()))


def square(shape: Shape, what: str) -> int:
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ClaimError(f"{what} needs a square matrix, not {describe(shape)}")
    return shape[0]
