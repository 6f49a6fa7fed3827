"""`proofcheck explain`: a claim in words, plain text and LaTeX, and its certificate.

Claim text is untrusted: every line is escaped by safetext (a multi-line
certificate entry is split first), so nothing reaches the terminal raw.
"""

from __future__ import annotations

from ..language import ir
from ..language.safetext import clean, lines as safe_lines
from .latex import name as tex_name
from .latex import to_latex
from .text import counterexample_lines


def render(claim, result) -> str:
    lines = [f"{claim.id}: {claim.title}", f"  file: {claim.path}:{claim.line}"]
    if claim.source:
        lines.append(f"  source: {claim.source}")
    if claim.dims:
        lines.append("  dims: " + ", ".join(f"{d.name} = {d.text}" for d in claim.dims))
    if claim.symbols:
        lines.append("  for all: " + "; ".join(f"{s.name}: {s}" for s in claim.symbols.values()))
    for definition in claim.definitions:
        head = definition.name + (f"({', '.join(definition.params)})" if definition.params else "")
        lines.append(f"  where {head} = {ir.to_text(definition.body)}")
    for given in claim.given:
        lines.append(f"  given: {ir.to_text(given)}")
    for goal in claim.claims:
        lines.append(f"  claim: {ir.to_text(goal)}" + ("" if claim.expect else "   (expected to be FALSE)"))
    lines += ["", "LaTeX:"]
    quantifier = ", ".join(tex_name(s) for s in claim.symbols)
    for goal in claim.claims:
        prefix = rf"\forall {quantifier}:\ " if quantifier else ""
        lines.append(f"  {prefix}{to_latex(goal)}")
    lines += ["", f"Verdict: {result.status} ({result.message})"]
    lines = [clean(line) for line in lines]  # one line each: a newline in a title is shown, not obeyed
    if result.certificate:
        lines.append("Certificate:")
        lines.extend("  " + line for entry in result.certificate for line in safe_lines(entry))
    if result.status == "falsified" and result.counterexample():
        lines += [line[2:] for line in counterexample_lines(result.counterexample())]  # escaped there
    return "\n".join(lines) + "\n"
