"""The expression tree as LaTeX, for `proofcheck explain`."""

from __future__ import annotations

import re

from ..language import ir

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
          "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega"}
_ALIASES = {"lam": "lambda"}
_RELATIONS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
_NAMED = {"exp": r"\exp", "log": r"\log", "sin": r"\sin", "cos": r"\cos", "tanh": r"\tanh", "det": r"\det",
          "max": r"\max", "min": r"\min"}


def name(text: str) -> str:
    text = _ALIASES.get(text, text)
    if text in _GREEK:
        return "\\" + text
    match = re.fullmatch(r"([A-Za-z]+?)_?(\d+|[a-z]{1,2})?", text)
    if match and match.group(2) and len(match.group(1)) == 1:
        return f"{name(match.group(1))}_{{{match.group(2)}}}"
    return text if len(text) == 1 else rf"\mathit{{{text}}}"


def to_latex(node: ir.Node) -> str:
    return _tex(node, 0)


_PREC = {"+": 1, "-": 1, "*": 2, "@": 2, "/": 3, "neg": 2, "**": 4}


def _paren(text: str, inner: int, outer: int) -> str:
    return rf"\left({text}\right)" if inner < outer else text


def _tex(node: ir.Node, outer: int) -> str:
    if isinstance(node, ir.Num):
        v = node.value
        return str(v.numerator) if v.denominator == 1 else rf"\frac{{{v.numerator}}}{{{v.denominator}}}"
    if isinstance(node, ir.Const):
        return r"\pi"
    if isinstance(node, (ir.Name, ir.Sym, ir.Dim)):
        return name(node.name)
    if isinstance(node, ir.Neg):
        return _paren("-" + _tex(node.operand, _PREC["neg"]), _PREC["neg"], outer)
    if isinstance(node, ir.Bin):
        return _binary(node, outer)
    if isinstance(node, ir.Transpose):
        return _tex(node.operand, 5) + r"^\top"
    if isinstance(node, ir.Index):
        return _tex(node.base, 5) + "_{" + ", ".join(_tex(i, 0) for i in node.items) + "}"
    if isinstance(node, ir.Slice):
        lo = "" if node.lo is None else _tex(node.lo, 0)
        hi = "" if node.hi is None else _tex(node.hi, 0)
        return f"{lo}:{hi}"
    if isinstance(node, ir.NewAxis):
        return r"\mathrm{new}"
    if isinstance(node, ir.Call):
        return _tex(node.args[0], outer) if node.fn == "_guard" else _call(node)
    if isinstance(node, ir.Compare):
        text = _tex(node.terms[0], 0)
        for op, term in zip(node.ops, node.terms[1:]):
            text += f" {_RELATIONS[op]} {_tex(term, 0)}"
        return text
    raise TypeError(node)


def _binary(node: ir.Bin, outer: int) -> str:
    prec = _PREC[node.op]
    if node.op == "/":
        return rf"\frac{{{_tex(node.left, 0)}}}{{{_tex(node.right, 0)}}}"
    if node.op == "**":
        return f"{{{_tex(node.left, 5)}}}^{{{_tex(node.right, 0)}}}"
    sep = {"+": " + ", "-": " - ", "*": r" \, ", "@": " "}[node.op]
    return _paren(_tex(node.left, prec) + sep + _tex(node.right, prec + 1), prec, outer)


def _call(node: ir.Call) -> str:
    args = [_tex(a, 0) for a in node.args]
    fn = node.fn
    if fn == "abs":
        return rf"\left|{args[0]}\right|"
    if fn == "norm":
        sub = f"_{{{args[1]}}}" if len(args) > 1 else ""
        return rf"\left\lVert {args[0]} \right\rVert{sub}"
    if fn == "sqrt":
        return rf"\sqrt{{{args[0]}}}"
    if fn in ("sum", "mean"):
        axis = node.kwarg("axis")
        sub = "" if axis is None else f"_{{\\mathrm{{axis}}={_tex(axis, 0)}}}"
        return (r"\sum" if fn == "sum" else r"\operatorname{mean}") + sub + rf"\left({args[0]}\right)"
    if fn == "grad":
        return rf"\nabla_{{{args[1]}}} \left({args[0]}\right)"
    if fn == "hessian":
        return rf"\nabla^2_{{{args[1]}}} \left({args[0]}\right)"
    if fn == "diff":
        return rf"\frac{{d}}{{d{args[1]}}} \left({args[0]}\right)"
    if fn == "eye":
        return f"I_{{{args[0]}}}"
    if fn in ("convex", "concave"):
        return rf"{args[0]} \text{{ is {fn} in }} {args[1]}"
    if fn in ("psd", "pd"):
        return rf"{args[0]} \succeq 0" if fn == "psd" else rf"{args[0]} \succ 0"
    head = _NAMED.get(fn, rf"\operatorname{{{fn}}}")
    return head + r"\left(" + ", ".join(args) + r"\right)"
