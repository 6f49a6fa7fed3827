"""Expressions as conventional LaTeX: `x^\\top A x`, `\\operatorname{diag}`, subscripts.

Shapes decide the notation (a vector on the left of `@` is transposed, `*` of
two arrays is the Hadamard product `\\odot`), so a printer is made for one
claim: it asks the shape checker, at the claim's first combination of dims,
for the rank of each node. Definitions print by their names (ir.Shown). The
output is valid LaTeX (no double scripts, balanced groups): the test suite
converts every claim to MathML.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..language import ir
from ..language.catalog import BOOL
from ..language.errors import ClaimError

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
          "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
          "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
_ALIASES = {"lam": "lambda", "eps": "epsilon"}
RELATIONS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
_NAMED = {"exp": r"\exp", "log": r"\log", "sin": r"\sin", "cos": r"\cos", "tanh": r"\tanh", "det": r"\det",
          "max": r"\max", "min": r"\min", "maximum": r"\max", "minimum": r"\min", "sigmoid": r"\sigma",
          "trace": r"\operatorname{tr}", "var": r"\operatorname{Var}"}
_PREC = {"+": 1, "-": 1, "*": 2, "@": 2, "/": 3, "neg": 2, "**": 4}
ATOM = 5


def name(text: str) -> str:
    """`Sw` -> `S_{w}`, `x1` -> `x_{1}`, `err_k` -> `\\mathit{err}_{k}`, `lam` -> `\\lambda`,
    `loss` -> `\\mathit{loss}`: a subscript where the name reads as one."""
    text = _ALIASES.get(text, text)
    if text in _GREEK:
        return "\\" + text
    head, underscore, tail = text.rpartition("_")
    if underscore and head and tail and re.fullmatch(r"[A-Za-z0-9]+", tail):
        return f"{name(head)}_{{{tail}}}"
    match = re.fullmatch(r"([A-Za-z]+?)(\d+)", text) or re.fullmatch(r"([A-Z])([a-z]{1,2})", text)
    if match and (len(match.group(1)) == 1 or match.group(1) in _GREEK or match.group(1) in _ALIASES):
        return f"{name(match.group(1))}_{{{match.group(2)}}}"
    escaped = text.replace("_", r"\_")
    return escaped if len(text) == 1 else rf"\mathit{{{escaped}}}"


def number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    power = 0
    while 10**power % value.denominator and power < 6:
        power += 1
    if 10**power % value.denominator == 0:  # 1/10 was written 0.1
        digits = str(abs(value.numerator) * 10**power // value.denominator).rjust(power + 1, "0")
        return ("-" if value < 0 else "") + digits[:-power] + "." + digits[-power:]
    return rf"\frac{{{value.numerator}}}{{{value.denominator}}}"


def _scripted(text: str) -> bool:
    """Whether `text` already carries a sub- or superscript at its top level."""
    depth = 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and ch in "^_":
            return True
    return False


def _group(text: str) -> str:
    """`text` ready for a script: braced when it has one already (no double scripts)."""
    return f"{{{text}}}" if _scripted(text) else text


class Printer:
    """LaTeX of one claim's expressions; `rank(node)` from the claim's shapes."""

    def __init__(self, claim=None) -> None:
        self.checker = None
        if claim is not None:
            from ..language.typecheck import ShapeChecker

            try:
                dims = next(iter(claim.dim_combinations()))
            except (StopIteration, ClaimError):
                dims = {}
            self.checker = ShapeChecker(claim.symbols, dims)

    def rank(self, node: ir.Node) -> int:
        if self.checker is not None and not isinstance(node, ir.Name):
            try:
                shape = self.checker.shape(node)
                return 0 if shape == BOOL else len(shape)
            except (ClaimError, KeyError, TypeError, ValueError):
                pass
        return self._guess(node)

    def _guess(self, node: ir.Node) -> int:
        """A rank where shapes are unknown (a function's parameters): the usual letters."""
        if isinstance(node, ir.Name):
            return 2 if node.name[:1].isupper() else 1
        if isinstance(node, ir.Bin) and node.op == "@":
            return max(0, self.rank(node.left) + self.rank(node.right) - 2)
        kids = [k for k in ir.children(node) if not isinstance(k, (ir.Slice, ir.NewAxis))]
        if isinstance(node, (ir.Neg, ir.Transpose, ir.Bin)):
            return max(self.rank(k) for k in kids)
        return 0

    def __call__(self, node: ir.Node, expand: bool = False) -> str:
        """LaTeX of `node`; `expand` prints a definition's own body rather than its name."""
        if expand and getattr(node, "shown", None) is not None:
            from dataclasses import replace

            node = replace(node, shown=None)
        return self.tex(node, 0)

    def tex(self, node: ir.Node, outer: int) -> str:
        shown = getattr(node, "shown", None)
        if shown is not None:
            args = [self.tex(a, 0) for a in shown.args]
            return name(shown.name) + (r"\left(" + ", ".join(args) + r"\right)" if shown.call else "")
        if isinstance(node, ir.Num):
            return _paren(number(node.value), 2 if node.value.denominator != 1 else ATOM, outer)
        if isinstance(node, ir.Const):
            return r"\pi"
        if isinstance(node, (ir.Name, ir.Sym, ir.Dim)):
            return name(node.name)
        if isinstance(node, ir.Neg):
            return _paren("-" + self.tex(node.operand, _PREC["neg"] + 1), _PREC["neg"], outer)
        if isinstance(node, ir.Bin):
            return self._binary(node, outer)
        if isinstance(node, ir.Transpose):
            return _group(self.tex(node.operand, ATOM)) + r"^\top"
        if isinstance(node, ir.Index):
            return self._index(node)
        if isinstance(node, ir.Slice):
            lo = "" if node.lo is None else self.tex(node.lo, 0)
            hi = "" if node.hi is None else self.tex(node.hi, 0)
            return f"{lo}:{hi}"
        if isinstance(node, ir.NewAxis):
            return r"\varnothing"
        if isinstance(node, ir.Call):
            return self.tex(node.args[0], outer) if node.fn == "_guard" else self._call(node, outer)
        if isinstance(node, ir.Compare):
            text = self.tex(node.terms[0], 1)
            for op, term in zip(node.ops, node.terms[1:]):
                text += f" {RELATIONS[op]} {self.tex(term, 1)}"
            return _paren(text, 0, outer)
        return rf"\text{{{type(node).__name__}}}"

    def _binary(self, node: ir.Bin, outer: int) -> str:
        prec = _PREC[node.op]
        left, right = node.left, node.right
        if node.op == "/":
            return _paren(rf"\frac{{{self.tex(left, 0)}}}{{{self.tex(right, 0)}}}", prec, outer)
        if node.op == "**":
            return f"{_group(self.tex(left, ATOM))}^{{{self.tex(right, 0)}}}"
        if node.op == "@":
            return _paren(self._matmul(node), prec, outer)
        a, b = self.tex(left, prec), self.tex(right, prec + 1)
        if node.op == "*":
            hadamard = self.rank(left) > 0 and self.rank(right) > 0
            sep = r" \odot " if hadamard else r" \cdot " if b[:1].isdigit() or b.startswith("-") else r" \, "
            return _paren(a + sep + b, prec, outer)
        return _paren(f"{a} {node.op} {b}", prec, outer)

    def _row(self, node: ir.Node) -> bool:
        """A vector that prints as a row: `x^\\top A`, or a row's entries."""
        if isinstance(node, ir.Bin) and node.op == "@" and getattr(node, "shown", None) is None:
            return self.rank(node.left) == 1 and self.rank(node.right) == 2
        return False

    def _matmul(self, node: ir.Bin) -> str:
        """`x^\\top A y`: a vector on the left is transposed unless it is a row already."""
        left, right = node.left, node.right
        a = self.tex(left, _PREC["@"])
        if self.rank(left) == 1 and not self._row(left):
            a = _group(self.tex(left, ATOM)) + r"^\top"
        b = self.tex(right, _PREC["@"] + 1)
        if self.rank(right) == 1 and self._row(right):
            b = rf"\left({self.tex(right, 0)}\right)^\top"
        return f"{a} {b}"

    def _index(self, node: ir.Index) -> str:
        base = self.tex(node.base, ATOM)
        axes = tuple(type(i) for i in node.items)
        full = all(i.lo is None and i.hi is None for i in node.items if isinstance(i, ir.Slice))
        if full and self.rank(node.base) == 1 and axes in ((ir.Slice, ir.NewAxis), (ir.NewAxis, ir.Slice)):
            return base if axes[0] is ir.Slice else _group(base) + r"^\top"  # a column, a row
        if _scripted(base) or not _is_name(base):  # `(S_{b})_{i, j}`, `(A B)_{i}`: never a double script
            base = rf"\left({self.tex(node.base, 0)}\right)"
        return base + "_{" + ", ".join(self.tex(i, 0) for i in node.items) + "}"

    def _call(self, node: ir.Call, outer: int) -> str:
        fn = node.fn
        args = [self.tex(a, 0) for a in node.args]
        special = _SPECIAL.get(fn)
        if special is not None:
            text = special(self, node, args)
            if text is not None:
                return _paren(text, 2, outer) if fn in _LOOSE else text
        head = _NAMED.get(fn, rf"\operatorname{{{fn}}}")
        parts = args + [f"\\mathrm{{{k}}}={self.tex(v, 0)}" for k, v in node.kwargs]
        return head + r"\left(" + ", ".join(parts) + r"\right)"


def _is_name(text: str) -> bool:
    return re.fullmatch(r"\\?[A-Za-z]+(_\{[0-9a-z]+\})?|\\mathit\{[A-Za-z0-9\\_]+\}", text) is not None


def _paren(text: str, inner: int, outer: int) -> str:
    return rf"\left({text}\right)" if inner < outer else text


def _sum(p: Printer, node: ir.Call, args: list) -> str | None:
    x = node.args[0]
    axis = node.kwarg("axis")
    rank = p.rank(x)
    plain = isinstance(x, ir.Sym) and getattr(x, "shown", None) is None
    if axis is None and node.fn == "sum" and plain and rank == 1:
        return rf"\sum_{{i}} {name(x.name)}_{{i}}"
    if axis is None and node.fn == "sum" and plain and rank == 2:
        return rf"\sum_{{i, j}} {name(x.name)}_{{i j}}"
    if node.fn == "sum" and axis is not None and rank == 2 and isinstance(axis, ir.Num):
        inner = p.tex(x, _PREC["@"])
        return rf"{inner} \mathbf{{1}}" if axis.value == 1 else rf"\mathbf{{1}}^\top {inner}"
    if node.fn == "sum" and axis is None:
        return rf"\sum\left({args[0]}\right)"
    return None


def _norm(p: Printer, node: ir.Call, args: list) -> str:
    sub = f"_{{{args[1]}}}" if len(args) > 1 else ""
    return rf"\left\lVert {args[0]} \right\rVert{sub}"


def _literal(p: Printer, node: ir.Call, args: list) -> str:
    """A vector literal as a column, a matrix literal (of vector literals) row by row."""
    if all(isinstance(a, ir.Call) and a.fn == "_array" for a in node.args):
        rows = [" & ".join(p.tex(e, 0) for e in row.args) for row in node.args]
    else:
        rows = args
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


_SPECIAL = {
    "abs": lambda p, n, a: rf"\left|{a[0]}\right|",
    "norm": _norm,
    "sqrt": lambda p, n, a: rf"\sqrt{{{a[0]}}}",
    "sum": _sum,
    "dot": lambda p, n, a: rf"{_group(p.tex(n.args[0], ATOM))}^\top {p.tex(n.args[1], ATOM)}",
    "outer": lambda p, n, a: rf"{p.tex(n.args[0], ATOM)} {_group(p.tex(n.args[1], ATOM))}^\top",
    "inv": lambda p, n, a: rf"{_group(p.tex(n.args[0], ATOM))}^{{-1}}",
    "eye": lambda p, n, a: f"I_{{{a[0]}}}",
    "ones": lambda p, n, a: r"\mathbf{1}",
    "zeros": lambda p, n, a: r"\mathbf{0}",
    "concat": lambda p, n, a: r"\begin{pmatrix} " + r" \\ ".join(a) + r" \end{pmatrix}",
    "grad": lambda p, n, a: rf"\nabla_{{{a[1]}}} {p.tex(n.args[0], ATOM)}",
    "hessian": lambda p, n, a: rf"\nabla^2_{{{a[1]}}} {p.tex(n.args[0], ATOM)}",
    "diff": lambda p, n, a: rf"\frac{{\partial}}{{\partial {a[1]}}} {p.tex(n.args[0], ATOM)}",
    "convex": lambda p, n, a: rf"{a[1]} \mapsto {a[0]} \text{{ is convex}}",
    "concave": lambda p, n, a: rf"{a[1]} \mapsto {a[0]} \text{{ is concave}}",
    "psd": lambda p, n, a: rf"{a[0]} \succeq 0",
    "pd": lambda p, n, a: rf"{a[0]} \succ 0",
    "_array": _literal,
    "where": lambda p, n, a: (rf"\begin{{cases}} {a[1]} & \text{{if }} {a[0]} \\ {a[2]} & \text{{otherwise}}"
                              r" \end{cases}"),
    "log1p": lambda p, n, a: rf"\log\left(1 + {a[0]}\right)",
}
_LOOSE = {"grad", "hessian", "diff", "dot", "outer"}  # juxtapositions: parenthesized inside products


def to_latex(node: ir.Node, claim=None) -> str:
    """LaTeX of one expression (of `claim`, whose shapes choose the notation)."""
    return Printer(claim)(node)
