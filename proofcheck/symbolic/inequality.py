"""Polynomial inequalities at one size: sign rules, then sum-of-squares certificates,
after removing roots, abs, max and min (lift.py).

For one entry f of the difference (f >= 0, or > 0, is the goal) under the
hypotheses (domains, `given`, the lifted atoms' facts):
1. sign rules, then an SOS certificate (sos.py) with the hypotheses as multipliers;
2. a root r = T**(1/2) that f still contains: f = A + B*r once r**2 is replaced
   by T, and since r >= 0, comparing squares of nonnegative numbers decides:
   with B <= 0, f >= 0 iff A >= 0 and A**2 - B**2*T >= 0; with B >= 0, where
   A <= 0 it needs B**2*T - A**2 >= 0 (and nothing where A >= 0);
3. max, min (and abs) by cases: m = a_i where a_i is the largest (smallest).
Every branch is a subgoal under more hypotheses; all must be shown. A budget
bounds the work, and the engine's deadline applies throughout.
"""

from __future__ import annotations

import sympy as sp

from ..language.signs import POS, is_nonneg
from .lift import Lifter, NotLiftable, text
from .sos import certify

MAX_CERTIFY = 40  # SDPs per goal entry
MAX_DEPTH = 5
MAX_ENTRIES = 64  # entries of one difference: each is its own search
MAX_TERMS = 5_000  # terms of an entry's expanded form (a Gram basis of MAX_BASIS monomials has fewer)


class _Budget(Exception):
    pass


class InequalitySearch:
    def __init__(self, lifter: Lifter, sign, check_time) -> None:
        self.lifter = lifter
        self.sign = sign  # sympy expr -> sign set (sign rules, intervals)
        self.check_time = check_time
        self.calls = 0

    def prove(self, f, strict: bool, hyps: list, eqs: list, depth: int = 0) -> list | None:
        """Certificate lines for f >= 0 (> 0) under hyps (>= 0) and eqs (== 0), or None."""
        self.check_time()
        f = self.reduce(f)
        if f.is_Number:
            ok = f > 0 if strict else f >= 0
            return [f"{text(f)} {'>' if strict else '>='} 0"] if ok else None
        sign = self.sign(f)
        if sign == POS or (not strict and is_nonneg(sign)):
            return [f"{text(f)} {'>' if strict else '>='} 0 by sign rules"]
        self.calls += 1
        if self.calls > MAX_CERTIFY:
            raise _Budget()
        lines = certify(f, hyps, eqs, strict, self.check_time)
        if lines is not None:
            return lines
        if depth >= MAX_DEPTH:
            return None
        present = f.free_symbols
        for atom in self.lifter.roots():
            if atom.symbol in present and atom.args[1] == 2:
                return self._root(f, atom, strict, hyps, eqs, depth)
        for atom in self.lifter.kinks():
            if atom.symbol in present:
                return self._cases(f, atom, strict, hyps, eqs, depth)
        return None

    def reduce(self, f):
        """f with each r**k replaced by what it equals (outer roots first, as their T may
        hold inner ones), and abs(t)**2 by t**2: the same value wherever the facts hold."""
        f = sp.expand(f)
        for atom in reversed(list(self.lifter.atoms.values())):
            power = atom.args[1] if atom.kind == "root" else 2 if atom.abs_of is not None else None
            if power is None or atom.symbol not in f.free_symbols:
                continue
            value = atom.args[0] if atom.kind == "root" else atom.abs_of**2
            f = sp.expand(sp.Poly(f, atom.symbol).rem(sp.Poly(atom.symbol**power - value, atom.symbol)).as_expr())
        return f

    def _root(self, f, atom, strict: bool, hyps: list, eqs: list, depth: int) -> list | None:
        r, (t, _) = atom.symbol, atom.args
        a, b = sp.expand(f.coeff(r, 0)), sp.expand(f.coeff(r, 1))
        head = [f"r = {atom.text} >= 0 with r**2 = T = {text(t)}, so the goal is A + B*r >= 0 with",
                f"  A = {text(a)}", f"  B = {text(b)}"]
        if b == 0:
            inner = self.prove(a, strict, hyps, eqs, depth + 1)
            return None if inner is None else head + _indent(inner)
        lines = head
        for case, (hyp, label) in self._sign_cases(b, hyps, eqs, depth):
            more = hyps + ([(hyp, label)] if hyp is not None else [])
            if case == "B >= 0":  # nothing to show where A >= 0; where A <= 0, compare squares
                goals = [(b**2 * t - a**2, strict, more + [(-a, "A <= 0")],
                          "where A <= 0: B*r >= -A >= 0, so it suffices that B**2*T - A**2 >= 0")]
                if strict:
                    goals.append((a, True, more + [(a, "A >= 0")], "where A >= 0: A > 0"))
            else:
                goals = [(a, False, more, "A >= 0"),
                         (a**2 - b**2 * t, strict, more + [(a, "A >= 0")],
                          "A >= -B*r >= 0 since A**2 - B**2*T >= 0")]
            lines.append(f"case {case}:" if hyp is not None else f"{case}:")
            for goal, goal_strict, goal_hyps, why in goals:
                inner = self.prove(self.reduce(goal), goal_strict, goal_hyps, eqs, depth + 1)
                if inner is None:
                    return None
                lines += _indent([why] + _indent(inner))
        return lines

    def _sign_cases(self, b, hyps: list, eqs: list, depth: int) -> list:
        """[(case name, (hypothesis or None, label))]: one case when B's sign is shown."""
        for name, side in (("B >= 0", b), ("B <= 0", -b)):
            if self.prove_quietly(side, hyps, eqs, depth):
                return [(name, (None, ""))]
        return [("B >= 0", (b, "B >= 0")), ("B <= 0", (-b, "B <= 0"))]

    def prove_quietly(self, g, hyps: list, eqs: list, depth: int) -> bool:
        g = sp.expand(g)
        if g.is_Number:
            return g >= 0
        if is_nonneg(self.sign(g)):
            return True
        return self.prove(g, False, hyps, eqs, MAX_DEPTH) is not None

    def _cases(self, f, atom, strict: bool, hyps: list, eqs: list, depth: int) -> list | None:
        m, candidates = atom.symbol, atom.args
        word = "largest" if atom.kind == "max" else "smallest"
        lines = [f"by cases on which argument of {atom.text} is the {word}:"]
        for i, chosen in enumerate(candidates):
            swap = {m: chosen}
            order = [((chosen - other) if atom.kind == "max" else (other - chosen),
                      f"{text(chosen)} {'>=' if atom.kind == 'max' else '<='} {text(other)}")
                     for j, other in enumerate(candidates) if j != i]
            case_hyps = [(sp.expand(e.xreplace(swap)), label) for e, label in hyps] + order
            case_eqs = [(e2, label) for e2, label in ((sp.expand(e.xreplace(swap)), label) for e, label in eqs) if e2 != 0]
            inner = self.prove(f.xreplace(swap), strict, case_hyps, case_eqs, depth + 1)
            if inner is None:
                return None
            lines += _indent([f"{atom.text} = {text(chosen)}:"] + _indent(inner))
        return lines


def _indent(lines: list) -> list:
    return ["  " + line for line in lines]


def prove_entries(entries: list, strict: bool, facts, sign, check_time) -> list | None:
    """Certificate lines for every entry e >= 0 (> 0 if strict), or None.

    `facts(lifter)` gives the hypotheses and equations of the domains and `given`."""
    if len(entries) > MAX_ENTRIES:
        return None
    lifter = Lifter()
    try:
        lifted = [lifter(e) for e in entries]
        hyps, eqs = facts(lifter)
    except NotLiftable:
        return None
    search = InequalitySearch(lifter, sign, check_time)
    lines = []
    try:
        for original, e in zip(entries, lifted):
            numerator, denominator = sp.fraction(sp.together(e))
            sign = search.sign(denominator) if not denominator.is_Number else (POS if denominator > 0 else None)
            if sign != POS:
                return None
            proof = search.prove(numerator, strict, hyps + lifter.hypotheses, eqs + lifter.equations)
            if proof is None:
                return None
            if denominator != 1:
                positive = "" if denominator.is_Number else f" with {text(denominator)} > 0"
                proof = [f"{text(e)} = ({text(numerator)})/{text(denominator)}{positive}"] + proof
            lines += proof if len(entries) == 1 else [f"entry `{text(original)}`:"] + _indent(proof)
    except _Budget:
        return None
    return lines


def prove_at_size(entries: list, strict: bool, ctx, dims: dict) -> list | None:
    """The `sos` tactic's work at one combination of dims (none for an entry whose expanded
    form is beyond any certificate's reach: expanding it alone would take seconds)."""
    evaluate = ctx.evaluator(dims, True)
    if any(evaluate.terms(e) > MAX_TERMS for e in entries):
        return None
    return prove_entries(entries, strict, lambda lifter: facts(ctx, dims, lifter), ctx.signs(dims).sign,
                         ctx.check_time)


def facts(ctx, dims: dict, lifter: Lifter) -> tuple:
    """Hypotheses (>= 0) and equations (== 0) from the symbols' domains and from `given`
    (each relation entrywise, lifted; one that cannot be lifted is left out, which is sound)."""
    from ..exact.listarray import ListArray

    evaluate = ctx.evaluator(dims, True)
    hyps, eqs = [], []
    for symbols in evaluate.model.entries.values():
        for s in symbols:
            lo, hi = evaluate.model.intervals.get(s, (None, None))
            if lo is not None:
                hyps.append((s - sp.Rational(lo.numerator, lo.denominator), f"{s} >= {lo}"))
            elif s.is_nonnegative:
                hyps.append((s, f"{s} >= 0"))
            if hi is not None:
                hyps.append((sp.Rational(hi.numerator, hi.denominator) - s, f"{s} <= {hi}"))
            elif s.is_nonpositive:
                hyps.append((-s, f"{s} <= 0"))
    for relation in ctx.claim.given:
        for op, a, b in relation.links():
            if op == "!=":
                continue
            pairs = ListArray.binary(evaluate(a), evaluate(b), lambda x, y: (x, y)).flat
            for x, y in pairs:
                try:
                    lx, ly = lifter(x), lifter(y)
                except NotLiftable:
                    continue
                label = f"{text(x)} {op} {text(y)}"
                if op == "==":
                    eqs.append((lx - ly, label))
                else:
                    hyps.append((ly - lx if op in ("<", "<=") else lx - ly, label))
    return hyps, eqs
