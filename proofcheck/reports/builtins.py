"""The reference of the built-in functions, generated from the catalog.

Each entry shows its signature, its shape rule (the rule's docstring), where
it is defined and differentiable (`requires`, `smooth`), its sign facts (its
sign rule, evaluated on arguments of each sign) and its curvature and
monotonicity (for convexity by composition). Nothing is written by hand, so
a new catalog entry appears here as it is; docs/builtins.md is this output,
and a test keeps the two the same. Imports neither sympy nor numpy.
"""

from __future__ import annotations

import re

from ..language.catalog import CATALOG, CONSTANTS, Func, ShapeCall
from ..language.errors import ClaimError
from ..language.laws import laws_of
from ..language.signs import NONNEG, NONPOS, POS, UNKNOWN, Fact, NEG
from ..language.signs import name as sign_name

KINDS = {"elementwise": "Elementwise functions", "piecewise": "Piecewise", "reduction": "Reductions",
         "linalg": "Linear algebra",
         "constructor": "Constructors", "calculus": "Calculus", "predicate": "Predicates (a whole claim only)"}
_NEEDS = {"nonneg": "{} >= 0", "pos": "{} > 0", "nonzero": "{} != 0", "nonzero_array": "{} not all zero",
          "invertible": "{} invertible", "off_switch": "the two sides of {} differ"}
_PROBES = [("positive", Fact(POS, nonzero_array=True)), ("nonnegative", Fact(NONNEG)),
           ("negative", Fact(NEG, nonzero_array=True)), ("any", Fact(UNKNOWN))]
_MATRIX_PROBES = [("pd", Fact(UNKNOWN, nonzero_array=True, psd=True, pd=True)), ("psd", Fact(UNKNOWN, psd=True))]


def params(func: Func) -> list:
    """Argument names from the signature, `norm(x, ord=2)` -> ['x', 'ord']."""
    match = re.search(r"\((.*?)\)", func.signature())
    names = [p.split("=")[0].strip() for p in match.group(1).split(",")] if match else []
    return [n.rstrip(".") for n in names if n and n != "..."] or ["x"]


def _arg(func: Func, index: int) -> str:
    names = params(func)
    return names[index] if index < len(names) else f"argument {index + 1}"


def _conditions(func: Func, conditions) -> str:
    """`x >= 0`, `x + 1 > 0` (a rule with a shift), `the sides of condition differ` (where's switch)."""
    parts = []
    for i, need, *shift in conditions:
        arg = _arg(func, i) + (f" + {shift[0]}" if shift else "")
        parts.append("`" + _NEEDS.get(need, "{} " + need).format(arg) + "`")
    return ", ".join(parts)


def defined(func: Func) -> str:
    if func.kind == "piecewise":
        return "where the piece chosen (entry by entry) is defined; the other need not be"
    return f"where {_conditions(func, func.requires)}" if func.requires else "everywhere"


def smooth(func: Func) -> str:
    rule = func.smooth
    if rule is None:
        return "no (kinks): derivatives are not taken through it"
    if callable(rule):
        return f"where {_conditions(func, rule({}))} (default arguments; depends on the integer arguments)"
    return f"where {_conditions(func, rule)}" if rule else "wherever defined"


def ranks(func: Func) -> tuple | None:
    """The smallest argument rank (scalar, vector, square matrix) the shape rule accepts."""
    for shape in ((), (2,), (2, 2)):
        count = max(func.min_args, 1)
        shapes = [() if i in func.int_args else shape for i in range(count)]
        ints = {i: 2 for i in func.int_args}
        try:
            func.shape(ShapeCall(func.name, shapes, ints, {}))
        except (ClaimError, KeyError, IndexError, TypeError, ValueError):
            continue
        return tuple(len(s) for s in shapes)
    return None


def sign_facts(func: Func) -> str:
    """The sign rule on arguments of each sign: `positive -> positive; any -> nonnegative`."""
    rank = ranks(func)
    if func.sign is None or rank is None:
        return ""
    probes = _PROBES + (_MATRIX_PROBES if 2 in rank else [])
    facts = []
    for label, fact in probes:
        try:
            result = func.sign([fact] * len(rank), list(rank))
        except (TypeError, ValueError, IndexError, AttributeError):
            continue
        words = [] if result.sign == UNKNOWN else [sign_name(result.sign)]
        words += [w for w, flag in (("pd", result.pd), ("psd", result.psd and not result.pd)) if flag]
        facts.append((label, " ".join(words) or "unknown"))
    if all(result == "unknown" for _, result in facts):
        return ""
    return "; ".join(f"{label} -> {result}" for label, result in facts)


def curvature(func: Func) -> str:
    if not func.curvature:
        return ""
    text = func.curvature
    if func.mono is not None:
        up, down, anywhere = (func.mono(s) for s in (NONNEG, NONPOS, UNKNOWN))
        if anywhere == 1:
            text += ", nondecreasing in each argument"
        elif anywhere == -1:
            text += ", nonincreasing in each argument"
        elif (up, down) == (1, -1):
            text += ", nondecreasing where its argument is >= 0, nonincreasing where <= 0"
    return text


def entry(func: Func) -> list:
    signature, _, words = func.doc.partition(":")
    shape_rule = (func.shape.__doc__ or "").strip().removeprefix("Shape: ").rstrip(".") or "see the signature"
    lines = [f"### `{signature.strip()}`", "", words.strip().capitalize() + ".", "",
             f"- shape: {shape_rule}"]
    if func.kind not in ("predicate", "constructor"):
        lines.append(f"- defined: {defined(func)}")
        if func.kind != "calculus":
            lines.append(f"- differentiable: {smooth(func)}")
        if func.continuous:
            lines.append("- continuous where defined, on an open set (in a `where` switch under a derivative, "
                         "it needs no derivative of its own)")
    if func.kwargs:
        lines.append(f"- keywords: {', '.join(f'`{k}`' for k in sorted(func.kwargs))}")
    facts = sign_facts(func)
    if facts:
        lines.append(f"- sign of the result, for arguments that are: {facts}")
    shape_of = curvature(func)
    if shape_of:
        lines.append(f"- curvature: {shape_of}")
    lines += [f"- law: `{law.text}`" + (f" where {', '.join(f'`{g}`' for g in law.given)}" if law.given else "")
              + f" ({law.why})" for law in func.laws]
    derived = [law.why.split(":")[0] for law in laws_of(func)[len(func.laws):]]
    if derived:
        lines.append("- laws from its curvature: " + "; ".join(dict.fromkeys(derived)))
    return lines + [""]


def render() -> str:
    """docs/builtins.md."""
    lines = ["# Built-in functions", "",
             "Generated from `proofcheck/language/catalog.py` by `proofcheck builtins`; do not edit by hand "
             "(a test compares this file with the catalog).", "",
             "Every entry gives its signature, the shape of its result, where it is defined and differentiable "
             "(the conditions both engines check), the sign rule the prover applies (the sign of the result for "
             "arguments whose entries are positive, nonnegative, negative or of any sign; for matrices, psd or "
             "pd), and its curvature and monotonicity for convexity by composition.", "",
             "Constants: " + ", ".join(f"`{c}`" for c in CONSTANTS) + ".", ""]
    for kind, title in KINDS.items():
        funcs = [f for f in CATALOG.values() if f.kind == kind]
        if funcs:
            lines += [f"## {title}", ""]
            for func in funcs:
                lines += entry(func)
    others = [f for f in CATALOG.values() if f.kind not in KINDS and not f.name.startswith("_")]
    if others:
        lines += ["## Other", ""] + [line for func in others for line in entry(func)]
    return "\n".join(lines).rstrip("\n") + "\n"
