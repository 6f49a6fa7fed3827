"""Identities and inequalities that hold only under the equalities of `given` and of
the structures (`3*x == 1`, `x + y == 1`, `a @ x == b`, a unit vector's norm).

At one combination of dims, every equality becomes polynomials that vanish
(numerators of lhs - rhs). Those linear in a variable with a constant
coefficient are solved for it and substituted (as the numeric engine samples
them); an expression `given` fixes to a number (`x*y == 2`, a unit vector's
sqrt(sum of squares)) is replaced by it. Then an identity holds when the
numerator of lhs - rhs lies in the ideal of the remaining equations (its
remainder modulo their Groebner basis is 0: it is a combination of
polynomials that vanish wherever the assumptions hold), and an inequality
when the sign analysis shows the substituted difference, knowing each
solved variable's domain as a fact about what replaced it.
"""

from __future__ import annotations

import sympy as sp

from ..exact.listarray import ListArray
from ..language.bounds import Bound
from .evaluate import TooLarge
from .symsign import SymSign

MAX_EQUATIONS = 8
MAX_GROEBNER_TERMS = 60  # terms of all remaining equations together (a Groebner basis can be costly)
MAX_BEZOUT = 64  # the product of their total degrees (cyclic-6-like systems take minutes)


def _equations(ctx, dims: dict, structured: bool) -> tuple:
    """(polynomials that vanish, expr -> number replacements, evaluator) at these dims
    (an equality too large to evaluate is left out: fewer hypotheses, still sound)."""
    evaluate = ctx.evaluator(dims, structured)
    polys = list(evaluate.model.equations)
    for relation in ctx.claim.given:
        for op, a, b in relation.links():
            if op == "==":
                try:
                    difference = ListArray.binary(evaluate(a), evaluate(b), lambda x, y: x - y).flat
                except TooLarge:
                    continue
                for entry in difference:
                    numerator = sp.numer(sp.together(entry))
                    if numerator != 0:
                        polys.append(sp.expand(numerator))
    fixed = {k: sp.Rational(v[1].lo.numerator, v[1].lo.denominator)
             for k, v in ctx.signs(dims).known.items() if _is_point(v[1])}
    return polys[:MAX_EQUATIONS], fixed, evaluate


def _is_point(bound: Bound) -> bool:
    return bound.lo is not None and bound.lo == bound.hi


def _solve_linear(polys: list, first: int = 0) -> tuple:
    """Substitutions var -> expr from polynomials of degree 1 in var with a constant
    coefficient, applied in turn (the first equation solved for its `first`-th such
    variable); and the polynomials left."""
    subs: dict = {}
    left = []
    for index, poly in enumerate(polys):
        poly = sp.expand(poly.xreplace(subs)) if subs else poly
        if poly == 0:
            continue
        chosen = None
        skip = first if index == 0 else 0
        for var in sorted(poly.free_symbols, key=str):
            try:
                linear = sp.degree(poly, var) == 1
            except sp.PolynomialError:  # var inside a function: not solved for
                continue
            if linear:
                coeff = poly.coeff(var, 1)
                if coeff.is_Rational and coeff != 0:
                    if skip:
                        skip -= 1
                        continue
                    chosen = (var, sp.expand(-(poly - coeff * var) / coeff))
                    break
        if chosen is None:
            left.append(poly)
            continue
        var, value = chosen
        subs = {k: sp.expand(v.xreplace({var: value})) for k, v in subs.items()}
        subs[var] = value
        left = [sp.expand(p.xreplace({var: value})) for p in left]
    return subs, [p for p in left if p != 0]


def identity(goal_entries, ctx, dims: dict) -> list | None:
    """Each entry of lhs - rhs is 0 wherever the equalities hold."""
    polys, fixed, evaluate = _equations(ctx, dims, structured=False)
    if not polys and not fixed:
        return None
    subs, left = _solve_linear(polys)
    left = [p for p in left if p.is_polynomial(*p.free_symbols)]  # `exp(x) == 1` is no ideal's generator
    if sum(len(sp.Add.make_args(p)) for p in left) > MAX_GROEBNER_TERMS or _bezout(left) > MAX_BEZOUT:
        left = []
    gens = sorted(set().union(*(p.free_symbols for p in left)), key=str) if left else []
    basis = list(sp.groebner(left, *gens, order="grevlex").exprs) if left else []
    for entry in goal_entries(evaluate):
        ctx.check_time()
        value = _apply(entry, fixed, subs)
        if basis:
            value = _radicals(value, basis, gens)
        numerator = sp.expand(sp.numer(sp.together(value)))
        if numerator != 0 and (not basis or _remainder(numerator, basis, gens) != 0):
            return None
    return ["the difference vanishes wherever the equalities of `given` and the structures hold"
            + (f" (solved: {_shown(subs)})" if subs else "")]


def _bezout(polys: list) -> int:
    """The product of the total degrees: a Groebner basis's cost grows with it (sympy's cannot
    be interrupted, so a few terms of high degree would run until the claim's timeout)."""
    product = 1
    for p in polys:
        product *= max(1, sp.Poly(p, *sorted(p.free_symbols, key=str)).total_degree()) if p.free_symbols else 1
    return product


def _remainder(poly, basis: list, gens: list):
    """poly modulo the basis (a combination of polynomials that vanish, plus this); None when
    poly is not a polynomial in the generators (a log, say)."""
    extra = sorted(poly.free_symbols - set(gens), key=str)
    try:
        return sp.reduced(poly, basis, *gens, *extra, order="grevlex")[1]
    except (sp.PolynomialError, sp.polys.polyerrors.CoercionFailed):
        return None


def _radicals(value, basis: list, gens: list):
    """sqrt(E) (any root) where E is a number modulo the equations: that number's root
    (a unit vector's norm(3*u) is 3)."""
    found = {}
    for power in value.atoms(sp.Pow):
        if power.exp.is_Rational and not power.exp.is_Integer and not power.base.is_number:
            rest = _remainder(sp.expand(power.base), basis, gens)
            if rest is not None and rest.is_Rational and rest >= 0:
                found[power] = rest**power.exp
    return value.xreplace(found) if found else value


def inequality(goal_entries, strict: bool, ctx, dims: dict) -> list | None:
    """Each entry of the difference is >= 0 (> 0) after the equalities are substituted
    (the first equation solved for each of its variables in turn, until one shows it)."""
    polys, fixed, evaluate = _equations(ctx, dims, structured=True)
    tries = [_solve_linear(polys, first)[0] for first in range(MAX_EQUATIONS)]
    tries = [subs for i, subs in enumerate(tries) if subs and subs not in tries[:i]] or [{}]
    if not tries[0] and not fixed:
        return None
    base = ctx.signs(dims)
    checks = [(subs, _signs_after(base, subs)) for subs in tries]
    used = {}
    for entry in goal_entries(evaluate):
        ctx.check_time()
        for subs, signs in checks:
            if _shows(signs, _apply(entry, fixed, subs), strict):
                used.update(subs)
                break
        else:
            return None
    return [f"the difference is {'positive' if strict else 'nonnegative'} once the equalities of `given` "
            "are substituted" + (f" ({_shown(used)})" if used else "")]


def _signs_after(base: SymSign, subs: dict) -> SymSign:
    """The sign analysis, knowing that what replaced a variable lies in its domain."""
    known = dict(base.known)
    for var, value in subs.items():
        known[value] = (base.sign(var), base.interval(var))
    return SymSign(base.bounds, known)


def _shows(signs: SymSign, difference, strict: bool) -> bool:
    for form in (sp.expand(difference), difference):
        sign = signs.sign(form)
        if sign == {1} if strict else sign <= {0, 1}:
            return True
    return False


def _apply(expr, fixed: dict, subs: dict):
    if fixed:
        expr = expr.xreplace(fixed)
    return expr.xreplace(subs) if subs else expr


def _shown(subs: dict) -> str:
    text = ", ".join(f"{k} = {v}" for k, v in subs.items())
    return text if len(text) < 200 else text[:197] + "..."
