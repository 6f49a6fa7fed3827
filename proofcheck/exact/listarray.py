"""A small array of Python scalars with NumPy's semantics (at most two axes).

The scalars may be sympy expressions (the symbolic engine) or exact numbers
(the numeric engine's confirmation). sympy's Matrix has no broadcasting, no
vectors distinct from matrices and no `None` axes; this class gives exactly
the NumPy rules the shape checker already validated, and nothing more.
"""

from __future__ import annotations

from itertools import product


class ListArray:
    __slots__ = ("shape", "flat")

    def __init__(self, shape: tuple, flat: list) -> None:
        self.shape = tuple(shape)
        self.flat = list(flat)

    @staticmethod
    def scalar(value) -> "ListArray":
        return ListArray((), [value])

    @property
    def value(self):
        """The scalar, for a 0-d array."""
        assert not self.shape
        return self.flat[0]

    def _offset(self, index: tuple) -> int:
        if len(self.shape) == 2:
            return index[0] * self.shape[1] + index[1]
        return index[0] if self.shape else 0

    def at(self, *index: int):
        return self.flat[self._offset(index)]

    def indices(self):
        return product(*(range(n) for n in self.shape))

    def map(self, fn) -> "ListArray":
        return ListArray(self.shape, [fn(e) for e in self.flat])

    def scale_by(self, factor) -> "ListArray":
        return self.map(lambda e: e * factor)

    @staticmethod
    def binary(a: "ListArray", b: "ListArray", fn) -> "ListArray":
        """Elementwise with broadcasting."""
        rank = max(len(a.shape), len(b.shape))
        sa = (1,) * (rank - len(a.shape)) + a.shape
        sb = (1,) * (rank - len(b.shape)) + b.shape
        if any(x != y and 1 not in (x, y) for x, y in zip(sa, sb)):
            raise ValueError(f"shapes {a.shape} and {b.shape} do not broadcast")
        shape = tuple(max(x, y) for x, y in zip(sa, sb))
        out = []
        for index in product(*(range(n) for n in shape)):
            ia = tuple(i if n > 1 else 0 for i, n in zip(index, sa))[rank - len(a.shape):]
            ib = tuple(i if n > 1 else 0 for i, n in zip(index, sb))[rank - len(b.shape):]
            out.append(fn(a.flat[a._offset(ia)], b.flat[b._offset(ib)]))
        return ListArray(shape, out)

    def transpose(self) -> "ListArray":
        if len(self.shape) < 2:
            return self
        n, m = self.shape
        return ListArray((m, n), [self.flat[i * m + j] for j in range(m) for i in range(n)])

    def matmul(self, other: "ListArray", add=sum) -> "ListArray":
        """`@`; `add` sums a list of products (sympy's Add is much faster than sum)."""
        a = self if len(self.shape) == 2 else ListArray((1, self.shape[0]), self.flat)
        b = other if len(other.shape) == 2 else ListArray((other.shape[0], 1), other.flat)
        n, k = a.shape
        if b.shape[0] != k:
            raise ValueError(f"matmul of {self.shape} and {other.shape}")
        m = b.shape[1]
        out = [add([a.flat[i * k + t] * b.flat[t * m + j] for t in range(k)]) for i in range(n) for j in range(m)]
        shape = (n if len(self.shape) == 2 else None, m if len(other.shape) == 2 else None)
        return ListArray(tuple(s for s in shape if s is not None), out)

    def outer(self, other: "ListArray") -> "ListArray":
        return ListArray((len(self.flat), len(other.flat)), [x * y for x in self.flat for y in other.flat])

    def index(self, items: list) -> "ListArray":
        """items: ("at", i) | ("slice", lo, hi) | ("new",), already in range."""
        axes: list = []  # per output axis: list of source positions, or None for a new axis
        fixed: list = []
        axis = 0
        for item in items:
            if item[0] == "new":
                axes.append(None)
                continue
            size = self.shape[axis]
            if item[0] == "at":
                if not -size <= item[1] < size:
                    raise IndexError(f"index {item[1]} out of range for size {size}")
                fixed.append((axis, item[1] % size))
            else:
                if not 0 <= item[1] < item[2] <= size:
                    raise IndexError(f"slice {item[1]}:{item[2]} out of range for size {size}")
                axes.append((axis, list(range(item[1], item[2]))))
            axis += 1
        for rest in range(axis, len(self.shape)):
            axes.append((rest, list(range(self.shape[rest]))))
        shape = tuple(1 if a is None else len(a[1]) for a in axes)
        out = []
        for index in product(*(range(n) for n in shape)):
            source = [0] * len(self.shape)
            for ax, pos in fixed:
                source[ax] = pos
            for a, i in zip(axes, index):
                if a is not None:
                    source[a[0]] = a[1][i]
            out.append(self.flat[self._offset(tuple(source))])
        return ListArray(shape, out)

    def reduce(self, fn, axis) -> "ListArray":
        if axis is None or len(self.shape) <= 1:
            return ListArray.scalar(fn(*self.flat))
        n, m = self.shape
        if axis % 2 == 0:
            return ListArray((m,), [fn(*[self.flat[i * m + j] for i in range(n)]) for j in range(m)])
        return ListArray((n,), [fn(*self.flat[i * m:(i + 1) * m]) for i in range(n)])

    def diagonal(self) -> "ListArray":
        n, m = self.shape
        return ListArray((min(n, m),), [self.flat[i * m + i] for i in range(min(n, m))])

    def diag(self, zero=0) -> "ListArray":
        if len(self.shape) == 2:
            return self.diagonal()
        n = self.shape[0]
        return ListArray((n, n), [self.flat[i] if i == j else zero for i in range(n) for j in range(n)])

    def concat(self, others) -> "ListArray":
        flat = list(self.flat)
        rows = self.shape[0]
        for other in others:
            flat.extend(other.flat)
            rows += other.shape[0]
        return ListArray((rows,) + self.shape[1:], flat)

    def to_matrix(self, sp):
        return sp.Matrix(self.shape[0], self.shape[1], self.flat)

    def from_matrix(self, matrix) -> "ListArray":
        return ListArray(matrix.shape, list(matrix))

    def __repr__(self) -> str:
        return f"ListArray({self.shape}, {self.flat})"
