"""Sum-of-squares certificates for polynomial inequalities (Positivstellensatz style).

To show f >= 0 (f > 0) where hypotheses g_i >= 0 and equations h_j = 0 hold,
look for  f = t + sigma_0 + sum_i sigma_i g_i (+ products g_i g_k) + sum_j lambda_j h_j
with SOS sigma's: each is a Gram form z.T Q z over a monomial basis z (for
sigma_0 alone, the half Newton polytope of f), found by an SDP (sdp.py), then
rounded to rationals, sigma_0 projected back onto the identity exactly
(Peyrl-Parrilo) and everything checked exactly (sos_exact.py). Tries, in
order: sigma_0 alone, then single hypotheses, then their pairwise products;
each with an interior solution (rounds well when there is room) and then the
least-trace one (often the simple rational certificate when there is none).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, combinations_with_replacement

import sympy as sp

from . import sdp
from .evaluate import expanded_terms
from .monomials import MAX_BASIS, exponents_up_to, newton_basis, parity, sign_classes
from .lift import text
from .sos_exact import Block, wrapped, Certificate, holds, lines, project, rational, round_matrix, squares

MAX_VARIABLES = 24
MAX_UNKNOWNS = 12_000
MAX_PAIRS = 120  # products of two hypotheses
MAX_SIDE_TERMS = 1000  # terms of a hypothesis or equation, expanded (larger ones are left out: sound)
NICE = (1, 2, 4, 6, 12, 24, 120)
GRID = (2**10, 2**16, 2**24, 2**32)


def _poly(expr, gens: tuple):
    try:
        poly = sp.Poly(expr, *gens, domain="QQ")
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded, ValueError):
        return None
    return poly


# ------------------------------------------------------------ the SDP


def _problem(f, blocks: list, frees: list, strict: bool, objective: str) -> sdp.Problem:
    rows: dict = {}
    for b, block in enumerate(blocks):
        mult = block.multiplier.terms()
        for (i, a), (j, c) in combinations_with_replacement(list(enumerate(block.basis)), 2):
            for mono, coeff in mult:
                key = tuple(x + y + z for x, y, z in zip(a, c, mono))
                rows.setdefault(key, []).append((("gram", b, i, j), coeff * (1 if i == j else 2)))
    for k, (h, basis) in enumerate(frees):
        for mono in basis:
            for hm, coeff in h.terms():
                key = tuple(x + y for x, y in zip(mono, hm))
                rows.setdefault(key, []).append((("free", k, mono), coeff))
    zero = tuple(0 for _ in f.gens)
    if strict:
        rows.setdefault(zero, []).append((("margin",), 1))
    target = dict(f.terms())
    for mono in target:
        rows.setdefault(mono, [])
    free_index = {}
    for k, (h, basis) in enumerate(frees):
        for mono in basis:
            free_index[(k, mono)] = len(free_index)
    problem_rows = []
    for mono, terms in rows.items():
        fixed = [(("free", free_index[key[1], key[2]]) if key[0] == "free" else key, c) for key, c in terms]
        problem_rows.append((fixed, target.get(mono, 0)))
    return sdp.Problem([len(b.basis) for b in blocks], len(free_index), problem_rows, strict, objective), free_index


def _unknowns(blocks: list, frees: list) -> int:
    return sum(len(b.basis) * (len(b.basis) + 1) // 2 for b in blocks) + sum(len(basis) for _, basis in frees)


# ------------------------------------------------------------ rounding


def _exact_multiplier(gram, den: int, nice: bool, basis: list, gens: tuple) -> list | None:
    """Squares of a multiplier's Gram matrix, rounded, nudged to psd if rounding broke it."""
    import numpy as np

    q = round_matrix(gram, den, nice)
    found = squares(q, basis, gens)
    if found is not None:
        return found
    shift = rational(2 * max(0.0, -float(np.linalg.eigvalsh(gram)[0])), den, False) + Fraction(1, den)
    q = [[v + (shift if i == j else 0) for j, v in enumerate(row)] for i, row in enumerate(q)]
    return squares(q, basis, gens)


def _round(f, blocks: list, frees: list, free_index: dict, solution, strict: bool, den: int, nice: bool):
    gens = f.gens
    cert = Certificate(f)
    if strict:
        cert.margin = Fraction(solution.margin / 2).limit_denominator(1000)
        if cert.margin <= 0:
            return None
    residual = f - sp.Rational(cert.margin.numerator, cert.margin.denominator)
    for k, (h, basis, label) in enumerate(frees):
        coeffs = {m: rational(solution.free[free_index[k, m]], den, nice) for m in basis}
        lam = sp.Poly.from_dict({m: sp.Rational(c.numerator, c.denominator) for m, c in coeffs.items() if c} or {
            tuple(0 for _ in gens): 0}, *gens, domain="QQ")
        cert.multipliers.append((h, lam, label))
        residual -= h * lam
    plain = [b for b, block in enumerate(blocks) if not block.label]
    for b, block in enumerate(blocks):
        if block.label:
            found = _exact_multiplier(solution.grams[b], den, nice, block.basis, gens)
            if found is None:
                return None
            for d, p in found:
                cert.squares.append((b, d, p))
                residual -= block.multiplier * p * p * sp.Rational(d.numerator, d.denominator)
    target = {m: Fraction(int(c.p), int(c.q)) for m, c in ((m, sp.Rational(c)) for m, c in residual.terms())}
    rounded = [round_matrix(solution.grams[b], den, nice) for b in plain]
    projected = project(rounded, [blocks[b].basis for b in plain], target)
    if projected is None:
        return None
    found = []
    for b, q in zip(plain, projected):
        block_squares = squares(q, blocks[b].basis, gens)
        if block_squares is None:
            return None
        found += [(b, d, p) for d, p in block_squares]
    cert.squares = found + cert.squares
    return cert if holds(cert, blocks, strict) else None


def _attempt(f, blocks: list, frees: list, strict: bool, check_time):
    if _unknowns(blocks, [(h, basis) for h, basis, _ in frees]) > MAX_UNKNOWNS:
        return None
    plain_frees = [(h, basis) for h, basis, _ in frees]
    for objective, schedule in (("trace", [(d, True) for d in NICE] + [(d, False) for d in GRID[:2]]),
                                ("center", [(d, True) for d in NICE[:3]] + [(d, False) for d in GRID])):
        check_time()
        problem, free_index = _problem(f, blocks, plain_frees, strict, objective)
        solution = sdp.solve(problem)
        if solution is None:
            return None  # infeasible (or the solver gave up): the other objective will not do better
        for den, nice in schedule:
            check_time()
            cert = _round(f, blocks, frees, free_index, solution, strict, den, nice)
            if cert is not None:
                return cert
    return None


# ------------------------------------------------------------ the search


def certify(f_expr, hypotheses: list, equations: list, strict: bool, check_time) -> list | None:
    """Certificate lines showing f >= 0 (> 0 if strict) where every hypothesis (expr, why),
    read `expr >= 0`, and every equation (expr, why), read `expr == 0`, holds; or None."""
    relevant = _relevant(f_expr, hypotheses + equations)
    gens = tuple(sorted(relevant, key=str))
    if not gens or len(gens) > MAX_VARIABLES:
        return None
    f = _poly(f_expr, gens)
    if f is None or f.is_zero:
        return None
    terms: dict = {}  # a side of thousands of terms (`(a + ... + h)**12 > 1`) is too costly to expand
    hypotheses = [(e, why) for e, why in hypotheses if expanded_terms(e, terms) <= MAX_SIDE_TERMS]
    equations = [(e, why) for e, why in equations if expanded_terms(e, terms) <= MAX_SIDE_TERMS]
    hyps = [(p, text(e), why) for p, e, why in ((_poly(e, gens), e, why) for e, why in hypotheses
                                                 if e.free_symbols & relevant)
            if p is not None and not p.is_zero and p.total_degree() > 0]
    eqs = [(p, label) for p, label in ((_poly(e, gens), label) for e, label in equations if e.free_symbols & relevant)
           if p is not None and not p.is_zero]
    masks = sign_classes([m for p in [f] + [h[0] for h in hyps + eqs] for m, _ in p.terms()], len(gens))
    basis = newton_basis(f)
    if basis is not None:
        blocks = _split([Block(_one(gens), "", basis)], masks)
        cert = _attempt(f, blocks, [], strict, check_time)
        if cert is not None:
            return lines(cert, blocks)
    if not hyps and not eqs:
        return None
    degree = max([f.total_degree()] + [h[0].total_degree() for h in hyps + eqs])
    degree += degree % 2
    for with_pairs in (False, True):
        blocks, frees = _psatz(gens, hyps, eqs, degree, with_pairs)
        if blocks is None:
            continue
        blocks = _split(blocks, masks)
        frees = [(h, [m for m in basis if not any(parity(m, masks))], label) for h, basis, label in frees]
        cert = _attempt(f, blocks, frees, strict, check_time)
        if cert is not None:
            return lines(cert, blocks)
    return None


def _one(gens: tuple):
    return sp.Poly(1, *gens, domain="QQ")


def _psatz(gens: tuple, hyps: list, eqs: list, degree: int, with_pairs: bool) -> tuple:
    n = len(gens)
    blocks = [Block(_one(gens), "", exponents_up_to(n, degree // 2))]
    products = [(p, label, (why,)) for p, label, why in hyps]
    if with_pairs:
        pairs = list(combinations(products, 2))
        if len(pairs) > MAX_PAIRS:
            return None, None
        products += [(p * q, f"{wrapped(a)}*{wrapped(b)}", wa + wb) for (p, a, wa), (q, b, wb) in pairs]
    for p, label, why in products:
        room = degree - p.total_degree()
        if room >= 0:
            blocks.append(Block(p, label, exponents_up_to(n, room // 2), why))
    if len(blocks[0].basis) > MAX_BASIS:
        return None, None
    frees = [(h, exponents_up_to(n, degree - h.total_degree()), label) for h, label in eqs
             if h.total_degree() <= degree]
    return blocks, frees


def _split(blocks: list, masks: list) -> list:
    """Each block split by the sign class of its monomials (see monomials.py); the plain
    squares stay first."""
    out = []
    for block in blocks:
        classes: dict = {}
        for mono in block.basis:
            classes.setdefault(parity(mono, masks), []).append(mono)
        out += [Block(block.multiplier, block.label, basis, block.why) for basis in classes.values()]
    return out


def _relevant(f_expr, side: list) -> set:
    """The symbols of f and of every hypothesis or equation linked to them."""
    found = set(f_expr.free_symbols)
    grew = True
    while grew:
        grew = False
        for expr, _ in side:
            symbols = expr.free_symbols
            if symbols & found and not symbols <= found:
                found |= symbols
                grew = True
    return found
