"""Mutants of a claim file: the mistakes an author or a student would make.

Expression mutants (one change at one node of one expression): flip an
arithmetic operator or a relation, change a constant, drop a term, swap the
arguments of a non-commutative operation, drop a transpose. Condition
mutants: loosen a symbol's domain or structure, widen an interval, drop a
`given`. Mutants that no longer load (a shape error, say) are left out.
"""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from fractions import Fraction

from proofcheck.language import ir
from proofcheck.language.parser import offset_map, parse_expression

FLIP = {"+": "-", "-": "+", "*": "/", "/": "*"}
RELATION = {"==": "<=", "<=": "<", "<": "<=", ">=": ">", ">": ">="}
LOOSER_DOMAIN = {"positive": "real", "nonnegative": "real", "nonzero": "real", "negative": "real",
                 "nonpositive": "real"}
LOOSER_STRUCTURE = {"pd": "psd", "psd": "symmetric", "symmetric": None, "diagonal": None}


def _replace_at(expr, target, new):
    """A copy of expr with the node `target` (by identity) replaced."""
    if expr is target:
        return new
    if isinstance(expr, (ir.Neg, ir.Transpose)):
        return replace(expr, operand=_replace_at(expr.operand, target, new))
    if isinstance(expr, ir.Bin):
        return replace(expr, left=_replace_at(expr.left, target, new), right=_replace_at(expr.right, target, new))
    if isinstance(expr, ir.Index):
        return replace(expr, base=_replace_at(expr.base, target, new))
    if isinstance(expr, ir.Call):
        return replace(expr, args=tuple(_replace_at(a, target, new) for a in expr.args))
    if isinstance(expr, ir.Compare):
        return replace(expr, terms=tuple(_replace_at(t, target, new) for t in expr.terms))
    return expr


def claim_mutants(document: dict, limit: int, rng: random.Random) -> list:
    """(description, mutated YAML document) for a claim file's mapping."""
    out = []
    claims = document["claim"] if isinstance(document["claim"], list) else [document["claim"]]
    for index, text in enumerate(claims):
        for what, mutated in _each(text):
            doc = copy.deepcopy(document)
            doc.pop("proof", None)
            new_claims = list(claims)
            new_claims[index] = mutated
            doc["claim"] = new_claims if isinstance(document["claim"], list) else mutated
            out.append((f"claim: {what}: {mutated}", doc))
    for name, body in (document.get("define") or {}).items():
        for what, mutated in _each(body):
            doc = copy.deepcopy(document)
            doc["define"][name] = mutated
            out.append((f"define {name}: {what}: {mutated}", doc))
    for name, decl in (document.get("symbols") or {}).items():
        for what, new_decl in _looser(decl):
            doc = copy.deepcopy(document)
            doc["symbols"][name] = new_decl
            out.append((f"symbol {name}: {what}", doc))
    for index, condition in enumerate(document.get("given") or []):
        doc = copy.deepcopy(document)
        doc["given"] = [g for i, g in enumerate(document["given"]) if i != index]
        if not doc["given"]:
            del doc["given"]
        out.append((f"drop given `{condition}`", doc))
    rng.shuffle(out)
    return out[:limit]


def _each(text: str) -> list:
    expr = parse_expression(text, offset_map(1, 1))
    original = ir.to_text(expr)
    results = []
    for node in list(ir.walk(expr)):
        for what, new in _node_mutations(node):
            mutated = ir.to_text(_replace_at(expr, node, new))
            if mutated != original:
                results.append((what, mutated))
    return results


def _node_mutations(node) -> list:
    out = []
    if isinstance(node, ir.Bin) and node.op in FLIP:
        out.append((f"`{node.op}` -> `{FLIP[node.op]}`", replace(node, op=FLIP[node.op])))
    if isinstance(node, ir.Bin) and node.op in "+-":
        out.append(("drop a term", node.left))
    if isinstance(node, ir.Bin) and node.op in ("-", "/"):
        out.append(("swap arguments", replace(node, left=node.right, right=node.left)))
    if isinstance(node, ir.Bin) and node.op == "**":
        out.append(("change an exponent", replace(node, right=ir.Num(Fraction(3)))))
    if isinstance(node, ir.Num):
        v = node.value
        out.append((f"constant {v} -> {v + 1}", ir.Num(v + 1)))
    if isinstance(node, ir.Transpose):
        out.append(("drop a transpose", node.operand))
    if isinstance(node, ir.Call) and len(node.args) == 2 and node.fn in ("maximum", "minimum", "dot", "outer"):
        out.append(("swap arguments", replace(node, args=(node.args[1], node.args[0]))))
    if isinstance(node, ir.Compare):
        ops = tuple(RELATION.get(op, op) for op in node.ops)
        if ops != node.ops:
            out.append((f"relation {node.ops[0]} -> {ops[0]}", replace(node, ops=ops)))
    return out


def _looser(decl) -> list:
    out = []
    if isinstance(decl, dict):
        domain = decl.get("domain")
        if isinstance(domain, list) and len(domain) == 2:
            lo, hi = domain
            out.append((f"interval [{lo}, {hi}] -> [{lo}, {2 * hi - lo}]", {**decl, "domain": [lo, 2 * hi - lo]}))
        return out
    words = str(decl).split()
    for i, word in enumerate(words):
        if word in LOOSER_DOMAIN:
            new = words[:i] + words[i + 1:] or ["scalar"]
            out.append((f"domain {word} dropped", " ".join(new)))
        if word in LOOSER_STRUCTURE:
            replacement = LOOSER_STRUCTURE[word]
            new = words[:i] + ([replacement] if replacement else []) + words[i + 1:]
            out.append((f"structure {word} -> {replacement or 'none'}", " ".join(new)))
    return out
