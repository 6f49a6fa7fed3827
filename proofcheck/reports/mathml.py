"""Expressions as MathML, for the status site: typeset with no network and no binary.

latex2mathml (pure Python) converts reports.latex's LaTeX; its output is not
trusted as it is (an unknown command comes back as raw text, a stray `&` as
malformed XML): it is parsed, and rebuilt from the MathML elements and
attributes listed here only, every text escaped. Anything else (a conversion
error, an `merror`, a backslash left in the text) gives None, and the caller
shows the expression as escaped plain text instead.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from ..language import ir
from .latex import to_latex

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac", "msqrt",
    "mroot", "mover", "munder", "munderover", "mstyle", "mpadded", "mphantom", "menclose", "mtable", "mtr", "mtd",
    "semantics",
})
ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "form", "separator", "lspace", "rspace", "accent",
    "accentunder", "movablelimits", "largeop", "symmetric", "minsize", "maxsize", "linethickness", "width",
    "height", "depth", "displaystyle", "scriptlevel", "notation", "columnalign", "columnspacing", "rowspacing",
    "columnlines", "rowlines", "frame", "framespacing", "align", "rowalign", "equalrows", "equalcolumns",
})


def expression(node: ir.Node, display: str = "inline") -> str | None:
    """An expression (or relation) as MathML, or None when it cannot be typeset cleanly."""
    try:
        latex = to_latex(node)
    except (TypeError, KeyError, ValueError, IndexError, RecursionError):
        return None
    return from_latex(latex, display)


def from_latex(latex: str, display: str = "inline") -> str | None:
    """proofcheck's own LaTeX (built from the expression tree, never claim text) as safe MathML."""
    from latex2mathml.converter import convert  # only the site needs it

    try:
        root = ET.fromstring(convert(latex, display=display))
        return _rebuild(root)
    except Exception:  # noqa: BLE001 - any failure of the converter means: show plain text
        return None


def _rebuild(element: ET.Element) -> str:
    tag = element.tag.rpartition("}")[2]
    if tag not in ELEMENTS:
        raise ValueError(f"not allowed: {tag}")
    attributes = "".join(f' {name}="{html.escape(value, quote=True)}"'
                         for name, value in sorted(element.attrib.items()) if name in ATTRIBUTES)
    if tag == "math":
        attributes = f' xmlns="{MATHML_NS}"' + attributes
    inner = [_text(element.text)] + [_rebuild(child) + _text(child.tail) for child in element]
    return f"<{tag}{attributes}>{''.join(inner)}</{tag}>"


def _text(text: str | None) -> str:
    if not text:
        return ""
    if "\\" in text:  # a command the converter did not know, left as LaTeX
        raise ValueError("raw LaTeX in the output")
    return html.escape(text, quote=False)
