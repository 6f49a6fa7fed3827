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


def match(pat: ir.Node, subject: ir.Node, binding: dict) -> dict | None:
    """A binding extending `binding` under which `pat` is `subject` (+ and * commute), else None."""
    if isinstance(pat, ir.Name):
        if pat.name in binding:
            return binding if binding[pat.name] == subject else None
        return {**binding, pat.name: subject}
    if isinstance(pat, ir.Num):
        return binding if ir.exponent_value(subject) == pat.value else None
    if type(pat) is not type(subject):
        return None
    if isinstance(pat, (ir.Neg, ir.Transpose)):
        return match(pat.operand, subject.operand, binding)
    if isinstance(pat, ir.Bin):
        if pat.op != subject.op:
            return None
        orders = [(subject.left, subject.right)] + ([(subject.right, subject.left)] if pat.op in "+*" else [])
        for left, right in orders:
            found = match(pat.left, left, binding)
            found = match(pat.right, right, found) if found is not None else None
            if found is not None:
                return found
        return None
    if isinstance(pat, ir.Call):
        if pat.fn != subject.fn or len(pat.args) != len(subject.args) or pat.kwargs != subject.kwargs:
            return None
        for p, s in zip(pat.args, subject.args):
            binding = match(p, s, binding)
            if binding is None:
                return None
        return binding
    return binding if pat == subject else None


def _calls(expr: ir.Expr) -> list:
    """The distinct calls of functions with laws, in tree order."""
    seen, out = set(), []
    for node in ir.walk(expr):
        if isinstance(node, ir.Call) and node.fn in CATALOG and laws_of(CATALOG[node.fn]) and node not in seen:
            seen.add(node)
            out.append(node)
    return out


def instances(diff: ir.Expr, checker: ShapeChecker) -> list:
    """Every law instance whose head is a call in `diff`, with its variables' shapes checked."""
    calls = [n for n in ir.walk(diff) if isinstance(n, ir.Call)]
    out = []
    for call in _calls(diff):
        for law in laws_of(CATALOG[call.fn]):
            p = pattern(law, call.fn)
            binding = match(p.head, call, {})
            if binding is None:
                continue
            for full in _completions(p, binding, calls):
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
