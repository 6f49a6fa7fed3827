"""`proofcheck explain`: one claim in full: its statement in plain text and in
LaTeX (dims, domains, definitions, given, claim, proof), then the verdict of
both engines as `verify` gives it, with the counterexample or the certificate.

Claim text is untrusted: every line is escaped by safetext (a multi-line
entry is split first), so nothing reaches the terminal raw.
"""

from __future__ import annotations

from ..language import ir
from ..language.safetext import clean, lines as safe_lines
from .outcome import PASSED, outcome, why
from .statement import claim_tex
from .text import claim_line, counterexample_lines


def statement_lines(claim) -> list:
    """The claim in the claim language, definitions by their names."""
    lines = []
    if claim.dims:
        lines.append("  dims: " + ", ".join(f"{d.name} = {d.text}" for d in claim.dims))
    for symbol in claim.symbols.values():
        lines.append(f"  for all {symbol.name}: {symbol}")
    for definition in claim.definitions:
        head = definition.name + (f"({', '.join(definition.params)})" if definition.params else "")
        lines.append(f"  where {head} = {ir.to_text(definition.body)}")
    for given in claim.given:
        lines.append(f"  given: {ir.to_text(given)}")
    for goal in claim.claims:
        lines.append(f"  claim: {ir.to_text(goal)}" + ("" if claim.expect else "   (expected to be FALSE)"))
    if claim.proof:
        lines.append("  proof:")
        lines += [f"    {'' if s.rel is None else s.rel + ' '}{ir.to_text(s.expr)}   (line {s.line})"
                  for s in claim.proof]
    return lines


def latex_lines(claim) -> list:
    tex = claim_tex(claim)
    lines = ["LaTeX:", f"  {tex.statement()}"]
    lines += [f"  where {d}" for d in tex.definitions]
    if tex.proof:
        lines.append(f"  proof: {tex.proof}")
    return lines


def _engine(name: str, data: dict) -> str:
    parts = [data.get("status", "skipped")]
    if data.get("method"):
        scope = f" ({data['scope']})" if data.get("scope") else ""
        parts.append(f"by {data['method']}{scope}")
    if data.get("samples"):
        parts.append(f"{data['samples']} samples, seed {data.get('seed')}")
    seconds = data.get("seconds")
    return f"  {name}: {', '.join(parts)}" + (f" ({seconds:.2f}s)" if isinstance(seconds, (int, float)) else "")


def verdict_lines(result, color: bool = False) -> list:
    """The verdict as `verify` reports it, then each engine, the counterexample, the certificate."""
    lines = ["Verdict: " + claim_line(result, color)]
    lines += [] if outcome(result) == PASSED else [f"  {why(result)}"]
    lines += [f"  {line}" for line in safe_lines(result.message)]
    lines += [_engine("symbolic", result.symbolic), _engine("numeric", result.numeric)]
    example = result.counterexample()
    if example:
        lines += ["Counterexample:"] + counterexample_lines(example)
    if result.certificate:
        lines.append("Certificate:")
        lines.extend("  " + line for entry in result.certificate for line in safe_lines(entry))
    return lines


def render(claim, result, color: bool = False) -> str:
    """Everything about one claim; `claim` is None for a file that did not load."""
    head = [f"{result.id}: {result.title}", f"  file: {result.path}:{result.line}"]
    if claim is not None:
        head += [f"  source: {claim.source}"] if claim.source else []
        head += [f"  tags: {', '.join(claim.tags)}"] if claim.tags else []
        head += [f"  uses: {', '.join(claim.uses)}"] if claim.uses else []
        head += ["", "Statement:", *statement_lines(claim), "", *latex_lines(claim)]
    lines = [clean(line) for line in head]  # one line each: a newline in a title is shown, not obeyed
    return "\n".join(lines + [""] + verdict_lines(result, color)) + "\n"

