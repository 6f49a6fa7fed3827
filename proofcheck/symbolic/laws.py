"""Instances of the catalog's function laws (language/laws.py) inside a goal.

Each call in an expression whose function has laws is a candidate head: a law
is instantiated by matching its head against the call (the law's variables
stand for subexpressions; + and * may commute), and variables the head does
not bind are drawn from the arguments of the calls the law mentions (the
point `a` of a tangent line, say). Shapes are checked at the goal's sizes: a
weight `t` of Jensen's inequality must be a scalar, its points shaped like
the head's argument. The `facts` tactic (bylaws.py) decides what to do with
the instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from ..language import ir
from ..language.catalog import CATALOG
from ..language.errors import ClaimError
from ..language.laws import Law, laws_of, pattern
from ..language.resolve import substitute
from ..language.typecheck import ShapeChecker

MAX_CANDIDATES = 8  # subexpressions tried for a variable the head does not bind
MAX_INSTANCES = 24


@dataclass(frozen=True)
class Instance:
    law: Law
    head: ir.Call  # the goal's own call
    other: ir.Expr
    head_big: bool
    strict: bool
    given: tuple  # ir.Compare, instantiated
    binding: tuple  # (variable, subexpression)

    def difference(self) -> ir.Expr:
        """G with G >= 0 (> 0 when strict) by the law."""
        return ir.Bin("-", self.head, self.other) if self.head_big else ir.Bin("-", self.other, self.head)

    def text(self) -> str:
        names = ", ".join(f"{k} = {ir.to_text(v)}" for k, v in self.binding)
        return f"{self.law.text} with {names}" if names else self.law.text


# ---------------------------------------------------------------- matching


def match(pat: ir.Node, subject: ir.Node, binding: dict):
    """Every binding extending `binding` under which `pat` is `subject` (+ and * may commute)."""
    if isinstance(pat, ir.Name):
        if pat.name not in binding:
            yield {**binding, pat.name: subject}
        elif binding[pat.name] == subject:
            yield binding
        return
    if isinstance(pat, ir.Num):
        if ir.exponent_value(subject) == pat.value:
            yield binding
        return
    if type(pat) is not type(subject):
        return
    if isinstance(pat, (ir.Neg, ir.Transpose)):
        yield from match(pat.operand, subject.operand, binding)
    elif isinstance(pat, ir.Bin):
        if pat.op != subject.op:
            return
        orders = [(subject.left, subject.right)] + ([(subject.right, subject.left)] if pat.op in "+*" else [])
        for left, right in orders:
            for found in match(pat.left, left, binding):
                yield from match(pat.right, right, found)
    elif isinstance(pat, ir.Call):
        if pat.fn == subject.fn and len(pat.args) == len(subject.args) and pat.kwargs == subject.kwargs:
            yield from _match_all(pat.args, subject.args, binding)
    elif pat == subject:
        yield binding


def _match_all(pats: tuple, subjects: tuple, binding: dict):
    if not pats:
        yield binding
        return
    for found in match(pats[0], subjects[0], binding):
        yield from _match_all(pats[1:], subjects[1:], found)


def _calls(expr: ir.Expr) -> list:
    """The distinct calls of functions with laws, in tree order, outside derivatives (a law
    relates values at a point, not the functions a derivative is taken of)."""
    seen, out, stack = set(), [], [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Call) and node.fn in CATALOG and CATALOG[node.fn].kind == "calculus":
            continue
        if isinstance(node, ir.Call) and node.fn in CATALOG and laws_of(CATALOG[node.fn]) and node not in seen:
            seen.add(node)
            out.append(node)
        stack.extend(reversed(list(ir.children(node))))
    return out


def instances(diff: ir.Expr, checker: ShapeChecker) -> list:
    """Every law instance whose head is a call in `diff`, with its variables' shapes checked."""
    calls = [n for n in ir.walk(diff) if isinstance(n, ir.Call)]
    out = []
    for call in _calls(diff):
        for law in laws_of(CATALOG[call.fn]):
            p = pattern(law, call.fn)
            bindings = list(dict.fromkeys(tuple(sorted(b.items())) for b in match(p.head, call, {})))
            for full in (f for b in bindings[:MAX_CANDIDATES] for f in _completions(p, dict(b), calls)):
                instance = _instance(p, call, full, checker)
                if instance is not None:
                    out.append(instance)
                if len(out) >= MAX_INSTANCES:
                    return out
    return out


def _completions(p, binding: dict, calls: list):
    """Bindings of the variables the head leaves free, from the arguments of the calls the law mentions."""
    counted = {name for name, _ in p.law.counts}
    free = sorted(p.variables - set(binding) - counted)
    if not free:
        yield binding
        return
    fns = {n.fn for n in ir.walk(p.other) if isinstance(n, ir.Call)}
    options = list(dict.fromkeys(c.args[0] for c in calls if c.fn in fns and c.args))
    options = [o for o in options if o not in binding.values()][:MAX_CANDIDATES]
    for choice in product(options, repeat=len(free)):
        yield {**binding, **dict(zip(free, choice))}


def _instance(p, call: ir.Call, binding: dict, checker: ShapeChecker) -> Instance | None:
    try:
        if any(checker.value(binding[v]) != () for v in p.law.scalars):
            return None
        if any(checker.value(binding[v]) != checker.value(call.args[0]) for v in p.law.shaped):
            return None
        values = dict(binding)
        for name, array in p.law.counts:
            size = 1
            for n in checker.value(binding[array]):
                size *= n
            values[name] = ir.Num(Fraction(size))
        other = substitute(p.other, values)
        if checker.value(other) not in ((), checker.value(call)):
            return None
    except (ClaimError, KeyError):  # a variable bound where the law's shapes do not fit
        return None
    given = tuple(substitute(g, values) for g in p.given)
    return Instance(p.law, call, other, p.head_big, p.strict, given,
                    tuple((k, v) for k, v in sorted(binding.items())))
