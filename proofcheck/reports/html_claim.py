"""One claim's page of the status site: statement typeset, domains and assumptions,
verdict, certificate step by step, proof chain with each step's status, and the
counterexample as a table. Every claim text is escaped (html_page.esc); the
mathematics is MathML rebuilt from proofcheck's own LaTeX (mathml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language import ir
from .html_page import badge, esc, esc_block, page
from .latex import name as tex_name
from .latex import to_latex
from .mathml import expression, from_latex


@dataclass
class Links:
    """What a page links to: the index, and the pages of the claims it uses and that use it."""

    index: str = "../index.html"
    pages: dict = field(default_factory=dict)  # claim id -> file name, beside this page
    used_by: list = field(default_factory=list)
    fully: bool = False


def math(node: ir.Node, display: str = "inline") -> str:
    """MathML of an expression, or its plain text in <code> when it cannot be typeset."""
    return expression(node, display) or f'<code class="plain">{esc(ir.to_text(node))}</code>'


def claim_page(result, claim, links: Links) -> str:
    title = f"{result.id}: {result.title}" if result.title else result.id
    parts = [f'<nav><a href="{links.index}">&larr; all claims</a></nav>', f"<h1>{esc(result.id)}</h1>"]
    if result.title:
        parts.append(f'<p class="summary">{esc(result.title)}</p>')
    parts.append(_facts(result, claim, links))
    if claim is not None:
        parts.append(_statement(claim))
    parts.append(_verdict(result))
    if result.certificate:
        parts.append("<h2>Certificate</h2>" + _certificate(result.certificate))
    if claim is not None and claim.proof:
        parts.append("<h2>Proof</h2>" + _chain(claim, result))
    example = result.numeric.get("counterexample")
    if example:
        parts.append("<h2>Counterexample</h2>" + counterexample_table(example))
    if claim is not None and claim.description:
        parts.append(f'<h2>Description</h2><p class="description">{esc_block(claim.description)}</p>')
    if claim is not None:
        parts.append(_latex_source(claim))
    return page(title, "\n".join(parts))


def _facts(result, claim, links: Links) -> str:
    where = f"{result.path}:{result.line}{result.in_cell(result.line)}"
    rows = [("status", badge(result) + ("" if result.passed else ' <span class="failed">fails</span>')),
            ("fully verified", '<span class="fully">&#10004; yes</span>' if links.fully
             else '<span class="not-fully">no</span>'),
            ("file", f"<code>{esc(where)}</code>")]
    if claim is not None:
        if claim.source:
            rows.append(("source", esc(claim.source)))
        if claim.tags:
            rows.append(("tags", " ".join(f'<span class="tag">{esc(t)}</span>' for t in claim.tags)))
        if not claim.expect:
            rows.append(("expect", "false: the author expects a counterexample"))
        if claim.uses:
            rows.append(("uses", _id_links(claim.uses, links)))
    if links.used_by:
        rows.append(("used by", _id_links(links.used_by, links)))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _id_links(ids, links: Links) -> str:
    return ", ".join(f'<a href="{esc(links.pages[i])}">{esc(i)}</a>' if i in links.pages
                     else f'{esc(i)} <span class="muted">(not in this run)</span>' for i in ids)


def _statement(claim) -> str:
    goals = "".join(f'<div class="statement">{math(goal, "block")}</div>' for goal in claim.claims)
    parts = ["<h2>Statement</h2>", goals]
    if not claim.expect:
        parts.append('<p class="muted">The author expects this to be false.</p>')
    if claim.symbols or claim.dims:
        rows = [(_tex(tex_name(s.name)), esc(str(s))) for s in claim.symbols.values()]
        rows += [(_tex(tex_name(d.name)), f"size, {esc(d.text)}") for d in claim.dims]
        parts.append("<h3>For all</h3><table><thead><tr><th>name</th><th>ranges over</th></tr></thead><tbody>"
                     + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows) + "</tbody></table>")
    if claim.definitions:
        parts.append("<h3>Where</h3><ul>" + "".join(f"<li>{_definition(d)}</li>" for d in claim.definitions)
                     + "</ul>")
    if claim.given:
        parts.append("<h3>Assuming</h3><ul>" + "".join(f"<li>{math(g)}</li>" for g in claim.given) + "</ul>")
    return "\n".join(parts)


def _tex(latex: str) -> str:
    return from_latex(latex) or f"<code>{esc(latex)}</code>"


def _definition(definition) -> str:
    head = tex_name(definition.name)
    if definition.params:
        head += r"\left(" + ", ".join(tex_name(p) for p in definition.params) + r"\right)"
    try:
        typeset = from_latex(f"{head} = {to_latex(definition.body)}")
    except (TypeError, KeyError, ValueError, IndexError, RecursionError):
        typeset = None
    if typeset:
        return typeset
    params = f"({', '.join(definition.params)})" if definition.params else ""
    return f'<code class="plain">{esc(definition.name + params)} = {esc(ir.to_text(definition.body))}</code>'


def _verdict(result) -> str:
    rows = [("message", f'<span class="description">{esc_block(result.message)}</span>')]
    sym, num = result.symbolic, result.numeric
    detail = ", ".join(f"{k} {esc(sym[k])}" for k in ("method", "scope") if sym.get(k))
    rows.append(("symbolic engine", esc(sym.get("status")) + (f" ({detail})" if detail else "")
                 + _seconds(sym)))
    detail = ", ".join(f"{k} {esc(num[k])}" for k in ("samples", "seed") if num.get(k) is not None)
    rows.append(("numeric engine", esc(num.get("status")) + (f" ({detail})" if detail else "") + _seconds(num)))
    rows.append(("time", f"{result.seconds:.2f} s"))
    return "<h2>Verdict</h2>" + '<dl class="facts">' + "".join(
        f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _seconds(engine: dict) -> str:
    seconds = engine.get("seconds")
    return f", {seconds:.2f} s" if isinstance(seconds, (int, float)) else ""


def _certificate(lines: list) -> str:
    items = []
    for line in lines:
        depth = min(4, (len(line) - len(line.lstrip(" "))) // 2)
        items.append(f'<li class="l{depth}">{esc(line.strip())}</li>')
    return '<ol class="certificate">' + "".join(items) + "</ol>"


def step_statuses(claim, result) -> list:
    """(kind, label) for each line of the proof chain, from the certificate and the verdict."""
    proved = {}
    for line in result.certificate:
        found = re.match(r"\s*line (\d+): \S+ by (.+)", line)
        if found:
            proved[int(found.group(1))] = found.group(2)
    example = result.numeric.get("counterexample") or {}
    stuck = re.search(r"proof step at line (\d+)", result.message or "")
    stuck_line = int(stuck.group(1)) if stuck else None
    statuses = []
    for index, step in enumerate(claim.proof):
        if index == 0:
            statuses.append(("start", ""))
        elif step.line in proved:
            statuses.append(("proved", f"proved by {proved[step.line]}"))
        elif example.get("step") == step.line:
            statuses.append(("falsified", "falsified: see the counterexample"))
        elif stuck_line == step.line:
            statuses.append(("unproven", "no proof found"))
        elif stuck_line is not None and step.line < stuck_line:
            statuses.append(("proved", "proved (the prover stopped at a later step)"))
        else:
            statuses.append(("unproven", "not proved"))
    return statuses


def _chain(claim, result) -> str:
    rows = []
    for step, (status, label) in zip(claim.proof, step_statuses(claim, result)):
        relation = {"==": "=", "<=": "&le;", ">=": "&ge;"}.get(step.rel, esc(step.rel or ""))
        rows.append(f"<tr><td>{step.line}</td><td>{relation}</td><td>{math(step.expr)}</td>"
                    f'<td><span class="badge {status}">{esc(status)}</span> {esc(label)}</td></tr>')
    return ("<table><thead><tr><th>line</th><th></th><th>expression</th><th>status</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def counterexample_table(example: dict) -> str:
    rows = []
    if example.get("goal"):
        rows.append(("fails", f"<code>{esc(example['goal'])}</code>"))
    if example.get("step"):
        rows.append(("proof step", f"line {esc(example['step'])}"))
    rows += [(f"{esc(k)} (size)", esc(v)) for k, v in (example.get("dims") or {}).items()]
    rows += [(f"<code>{esc(k)}</code>", value_html(v)) for k, v in (example.get("values") or {}).items()]
    for name, value in (example.get("second_point") or {}).items():
        rows.append((f"second point <code>{esc(name)}</code>", value_html(value)))
    if example.get("weight") is not None:
        rows.append(("weight t", value_html(example["weight"])))
    for key, label in (("lhs", "left side"), ("rhs", "right side")):
        if example.get(key) is not None:
            rows.append((label, value_html(example[key])))
    if example.get("reason"):
        rows.append(("why", esc(example["reason"])))
    rows.append(("confirmed", "exactly" if example.get("exact") else "with rigorous intervals"))
    rows.append(("seed", esc(example.get("seed"))))
    if example.get("note"):
        rows.append(("note", esc(example["note"])))
    return ('<table class="counterexample"><tbody>'
            + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</tbody></table>")


def value_html(value) -> str:
    """A counterexample value: a number, a vector, a matrix (as a small table), or a note
    on what is shown of a large one (numeric/shown.py)."""
    if isinstance(value, dict):
        if value.get("shown") == "part":
            return (f"{esc(value.get('note'))}; first entries: {value_html(value.get('head'))}, "
                    f"least {value_html(value.get('min'))}, greatest {value_html(value.get('max'))}")
        if value.get("shown") == "approximately":
            return f"&approx; {esc(value.get('approx'))} <span class=\"muted\">({esc(value.get('note'))})</span>"
        return esc(value.get("note") or "left out: the counterexample is too large to show in full")
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        return '<table class="matrix"><tbody>' + "".join(
            "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in value) + "</tbody></table>"
    if isinstance(value, list):
        return "[" + ", ".join(esc(v) for v in value) + "]"
    return esc(value)


def _latex_source(claim) -> str:
    lines = []
    for goal in claim.claims:
        try:
            lines.append(to_latex(goal))
        except (TypeError, KeyError, ValueError, IndexError, RecursionError):
            continue
    return ("<details><summary>LaTeX</summary><pre class=\"latex-source\">" + esc_block("\n".join(lines))
            + "</pre></details>") if lines else ""
