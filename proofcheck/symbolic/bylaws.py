"""An inequality as function laws plus a remainder the sign rules show (the `facts` tactic).

At one size, the goal's difference D (wanted >= 0, or > 0) is written entry by
entry as sum_i c_i G_i + rest, where each G_i >= 0 is a law instance (laws.py)
whose side conditions are shown, each c_i >= 0 and rest >= 0 (> 0 for a strict
goal, unless some c_i > 0 multiplies a strict law). The c_i are found by
matching the coefficients of the instances' heads, each replaced by a fresh
symbol; every check is then made with the heads' true values put back, so
soundness rests on the laws, the sign rules and exact arithmetic, not on how
the c_i were found.
"""

from __future__ import annotations

from itertools import combinations, product

import sympy as sp

from ..exact.listarray import ListArray
from ..language import ir
from ..language.catalog import CATALOG
from ..language.signs import POS, is_nonneg, is_nonzero
from ..language.typecheck import ShapeChecker
from .context import Context
from .evaluate import Evaluator
from .laws import Instance, instances
from .evaluate import as_sympy

MAX_COMBINATIONS = 64
MAX_HEADS_AT_ONCE = 3


class _AtomEvaluator(Evaluator):
    """The sympy evaluator with some calls (compared structurally) replaced by fresh symbols;
    derivatives are taken of the true functions (the plain evaluator's)."""

    def __init__(self, plain: Evaluator, dims: dict, atoms: dict) -> None:
        super().__init__(plain.model, dims)
        self.plain = plain
        self.atoms = atoms
        self.heads = {h.fn for h in atoms}

    def __call__(self, expr: ir.Expr) -> ListArray:
        if isinstance(expr, ir.Call) and expr.fn in self.heads and expr in self.atoms:
            return self.atoms[expr]
        if isinstance(expr, ir.Call) and expr.fn in CATALOG and CATALOG[expr.fn].kind == "calculus":
            return self.plain(expr)
        return super().__call__(expr)


class _Search:
    """The law instances of one goal at one size, and the checks that certify a choice."""

    def __init__(self, found: list, ctx: Context, dims: dict, strict: bool) -> None:
        self.found, self.ctx, self.dims, self.strict = found, ctx, dims, strict
        plain = ctx.evaluator(dims, True)
        heads = list(dict.fromkeys(i.head for i in found))
        self.atoms, self.back = {}, {}
        for number, head in enumerate(heads):
            value = plain(head)
            fresh = [sp.Dummy(f"{head.fn}{number}_{j}", real=True) for j in range(len(value.flat))]
            self.atoms[head] = ListArray(value.shape, fresh)
            self.back.update(zip(fresh, value.flat))
        self.evaluate = _AtomEvaluator(plain, dims, self.atoms)
        self.plain = plain
        self.g = [self.evaluate(i.difference()).flat for i in found]
        self.signs = ctx.signs(dims)

    def sign_ok(self, expr, strict: bool) -> bool:
        for form in (expr, sp.expand(expr)):
            self.ctx.check_time()
            sign = self.signs.sign(form)
            if sign == POS or not strict and is_nonneg(sign):
                return True
        return False

    def given_shown(self, instance: Instance) -> bool:
        """Each side condition of the instance, by the tree's sign rules or at this size."""
        for relation in instance.given:
            for op, left, right in relation.links():
                big, small = (right, left) if op in ("<", "<=") else (left, right)
                diff = ir.Bin("-", big, small)
                need = {"!=": "nonzero", ">": "pos", "<": "pos"}.get(op, "nonneg")
                if self.ctx.positivity.holds(diff, need):
                    continue
                for value in self.ctx.evaluator(self.dims, True)(diff).flat:
                    sign = self.signs.sign(sp.expand(value))
                    if not {"nonzero": is_nonzero, "pos": lambda s: s == POS, "nonneg": is_nonneg}[need](sign):
                        return False
        return True

    def entry(self, d) -> list | None:
        """Certificate lines for one entry of D, or None. A choice takes at most a few heads
        (calls), one law at each, with all the head's entries that occur in d."""
        if self.sign_ok(d.xreplace(self.back), self.strict):
            return [f"the difference is {'positive' if self.strict else 'nonnegative'} by sign rules"]
        present = d.free_symbols
        options: dict = {}  # head -> [instance index]
        for k, instance in enumerate(self.found):
            if present & set(self.atoms[instance.head].flat):
                options.setdefault(instance.head, []).append(k)
        tried = 0
        heads = list(options)
        for size in range(1, min(len(heads), MAX_HEADS_AT_ONCE) + 1):
            for chosen in combinations(heads, size):
                for picks in product(*(options[h] for h in chosen)):
                    tried += 1
                    if tried > MAX_COMBINATIONS:
                        return None
                    lines = self.combination(d, picks)
                    if lines is not None:
                        return lines
        return None

    def combination(self, d, picks: tuple) -> list | None:
        """Solve for the multipliers of the chosen instances' entries by matching the
        coefficients of their heads in d (each linear in d and in the instances)."""
        self.ctx.check_time()
        present = d.free_symbols
        terms = [(k, j) for k in picks for j, atom in enumerate(self.atoms[self.found[k].head].flat)
                 if atom in present]
        atoms = [self.atoms[self.found[k].head].flat[j] for k, j in terms]
        unknowns = [sp.Dummy(f"c{i}") for i in range(len(terms))]
        equations = []
        for atom in atoms:
            target = sp.diff(d, atom)
            total = sp.Integer(0)
            for c, (k, j) in zip(unknowns, terms):
                slope = sp.diff(self.g[k][j], atom)
                if slope.has(atom):
                    return None
                total += c * slope
            if target.has(atom):
                return None
            equations.append(target - total)
        solutions = sp.linsolve(equations, unknowns)
        if not solutions:
            return None
        free = {c: 0 for c in unknowns}
        coefficients = [as_sympy(v).xreplace(free) for v in next(iter(solutions))]
        return self.certify(d, terms, coefficients)

    def certify(self, d, picks: tuple, coefficients: list) -> list | None:
        rest = d - sp.Add(*[c * self.g[k][j] for c, (k, j) in zip(coefficients, picks)])
        used, strict_law = [], False
        for c, (k, j) in zip(coefficients, picks):
            c = as_sympy(c).xreplace(self.back)
            if c == 0:
                continue
            if not self.sign_ok(c, False):
                return None
            instance = self.found[k]
            if not self.given_shown(instance):
                return None
            strict_law = strict_law or (instance.strict and self.sign_ok(c, True))
            used.append((c, instance))
        if not used or not self.sign_ok(rest.xreplace(self.back), self.strict and not strict_law):
            return None
        lines = []
        for c, instance in used:
            times = "" if c == 1 else f" (times {c}, which is >= 0)"
            rel = ">" if instance.strict else ">="
            lines.append(f"`{ir.to_text(instance.difference())}` {rel} 0{times}: by the law {instance.text()} "
                         f"[{instance.law.why}]")
        lines.append("the rest is " + ("positive" if self.strict and not strict_law else "nonnegative")
                     + " by sign rules")
        return lines


def prove_by_laws(diff: ir.Expr, strict: bool, ctx: Context, dims: dict) -> list | None:
    """Certificate lines if `diff >= 0` (`> 0` when strict) follows from function laws, else None."""
    found = instances(diff, ShapeChecker(ctx.claim.symbols, dims))
    if not found:
        return None
    search = _Search(found, ctx, dims, strict)
    lines: list = []
    for d, true in zip(search.evaluate(diff).flat, search.plain(diff).flat):
        if sp.expand(d.xreplace(search.back) - true) != 0:
            return None  # the heads as symbols must stand for their values exactly
        entry = search.entry(d)
        if entry is None:
            return None
        lines.extend(line for line in entry if line not in lines)
    return lines
