"""A claim as a mathematical statement, in LaTeX: its dims, the domains of its
symbols, its definitions, what is given, what is claimed, and its proof chain.

`explain` prints it and the status site typesets it; each part is a separate
string so that a page can lay them out (ClaimTex), and `statement` joins them
into one sentence: for all ... in ..., given ..., the claim holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .latex import RELATIONS, Printer, name, number

_SETS = {"real": r"\mathbb{R}", "positive": r"\mathbb{R}_{>0}", "nonnegative": r"\mathbb{R}_{\ge 0}",
         "negative": r"\mathbb{R}_{<0}", "nonpositive": r"\mathbb{R}_{\le 0}",
         "nonzero": r"\mathbb{R} \setminus \{0\}", "integer": r"\mathbb{Z}"}
_STRUCTURES = {"symmetric": r"\mathbb{S}^{%s}", "psd": r"\mathbb{S}^{%s}_{+}", "pd": r"\mathbb{S}^{%s}_{++}"}


def _end(value, left: bool) -> str:
    if value is None:
        return r"-\infty" if left else r"\infty"
    return number(value)


def domain_set(domain) -> str:
    """`\\mathbb{R}_{>0}`, or an interval such as `\\left[0, 1\\right)`."""
    if domain.kind != "interval":
        return _SETS.get(domain.kind, rf"\text{{{domain.kind}}}")
    left = "(" if domain.lo_open or domain.lo is None else "["
    right = ")" if domain.hi_open or domain.hi is None else "]"
    return rf"\left{left}{_end(domain.lo, True)}, {_end(domain.hi, False)}\right{right}"


def symbol_tex(symbol) -> str:
    """`w \\in \\mathbb{R}^{n}`, `S_{w} \\in \\mathbb{S}^{n}_{++}`, `W \\in \\mathbb{S}^{n} \\cap \\mathbb{R}_{\\ge 0}^{n \\times n}`."""
    sizes = [name(d) if isinstance(d, str) else str(d) for d in symbol.shape]
    base = domain_set(symbol.domain)
    if sizes:
        base = (rf"\left({base}\right)" if "setminus" in base else base) + "^{" + r" \times ".join(sizes) + "}"
    structure = symbol.structure
    if structure in _STRUCTURES:
        space = _STRUCTURES[structure] % sizes[0]
        base = space if symbol.domain.kind == "real" else rf"{space} \cap {base}"
    elif structure:
        base = rf"{base},\ \text{{{structure}}}"
    return rf"{name(symbol.name)} \in {base}"


def dim_tex(rng, printer: Printer) -> str:
    """`n \\in \\{1, \\dots, 3\\}`, `l \\in \\{1, 2, 4\\}`, `n \\ge 1` (every size)."""
    label = name(rng.name)
    if rng.lo is None:
        return rf"{label} \in \{{{', '.join(str(v) for v in rng.values)}\}}"
    lo = printer(rng.lo)
    if getattr(rng, "hi", None) is None:
        return rf"{label} \ge {lo}"
    return rf"{label} \in \{{{lo}, \dots, {printer(rng.hi)}\}}"


def definition_tex(definition, printer: Printer) -> str:
    """`J(u) := \\frac{u^\\top S_{b} u}{u^\\top S_{w} u}`."""
    head = name(definition.name)
    if definition.params:
        head += r"\left(" + ", ".join(name(p) for p in definition.params) + r"\right)"
    body = definition.resolved if definition.resolved is not None else definition.body
    return rf"{head} := {printer(body, expand=True)}"


def proof_tex(steps: list, printer: Printer) -> str:
    """The chain, one step a row: `\\begin{aligned} & a \\\\ = {} & b \\end{aligned}`."""
    rows = []
    for step in steps:
        rel = "" if step.rel is None else RELATIONS[step.rel] + " {}"
        rows.append(f"{rel} & {printer(step.expr)}")
    return r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"


@dataclass
class ClaimTex:
    """Each part of a claim in LaTeX."""

    dims: list = field(default_factory=list)
    symbols: list = field(default_factory=list)
    definitions: list = field(default_factory=list)
    given: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    proof: str | None = None

    def statement(self) -> str:
        """One sentence: `\\forall n \\in ..., w \\in ...:\\ \\text{given} \\implies \\text{claim}`."""
        quantified = self.dims + self.symbols
        text = r" \quad\text{and}\quad ".join(self.goals)
        if self.given:
            text = r",\ ".join(self.given) + r" \implies " + text
        if quantified:
            text = r"\forall " + r",\ ".join(quantified) + r" :\quad " + text
        return text

    def all(self) -> list:
        """Every formula, for checks that each one renders."""
        return [self.statement(), *self.definitions, *([self.proof] if self.proof else [])]


def claim_tex(claim) -> ClaimTex:
    printer = Printer(claim)
    return ClaimTex(
        dims=[dim_tex(d, printer) for d in claim.dims],
        symbols=[symbol_tex(s) for s in claim.symbols.values()],
        definitions=[definition_tex(d, printer) for d in claim.definitions],
        given=[printer(g) for g in claim.given],
        goals=[printer(g) for g in claim.claims],
        proof=proof_tex(claim.proof, printer) if claim.proof else None,
    )

