"""The exact half of a sum-of-squares certificate: rounding, projection, checking, printing.

A certificate says  f = t + sum_b g_b * sum_k d_k * p_k**2 + sum_j lambda_j * h_j
with every d_k >= 0 and t >= 0 (t > 0 for a strict goal), each g_b a product
of hypotheses g >= 0 (1 for the plain squares) and each h_j an equation that
holds. Then f >= t wherever the hypotheses hold. The floating-point Gram
matrices only suggest the numbers: the weights d_k and polynomials p_k come
from an exact LDL^T of a rational matrix (refused when it is not psd), and the
identity is checked with exact polynomial arithmetic, both here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from ..exact.linalg import ldl

MAX_SHOWN_TERMS = 24


@dataclass
class Block:
    multiplier: object  # sp.Poly: the product of hypotheses g_b (1 for the plain squares)
    label: str  # the product of hypotheses as an expression ('' for the plain squares)
    basis: list  # monomials (exponent tuples)
    why: tuple = ()  # where each hypothesis comes from


@dataclass
class Certificate:
    target: object  # sp.Poly f
    margin: Fraction = Fraction(0)
    squares: list = field(default_factory=list)  # (block index, d, sp.Poly p)
    multipliers: list = field(default_factory=list)  # (sp.Poly h, sp.Poly lambda, why)


def rational(value: float, den: int, nice: bool) -> Fraction:
    """A float as a rational: the nearest with denominator <= den (nice), or on the grid 1/den."""
    if nice:
        return Fraction(value).limit_denominator(den)
    return Fraction(round(value * den), den)


def round_matrix(gram, den: int, nice: bool) -> list:
    m = gram.shape[0]
    out = [[Fraction(0)] * m for _ in range(m)]
    for i in range(m):
        for j in range(i, m):
            out[i][j] = out[j][i] = rational(float(gram[i, j]), den, nice)
    return out


def pairs_by_monomial(basis: list) -> dict:
    """monomial -> the ordered pairs (i, j) of basis entries whose product it is."""
    found: dict = {}
    for i, a in enumerate(basis):
        for j, b in enumerate(basis):
            found.setdefault(tuple(x + y for x, y in zip(a, b)), []).append((i, j))
    return found


def project(grams: list, bases: list, residual: dict) -> list | None:
    """The nearest Gram matrices (Frobenius) with sum_b z_b.T Q_b z_b = residual exactly
    (Peyrl-Parrilo): each entry takes part in one monomial's constraint only, so each
    monomial's correction is spread evenly over its entries. None when the residual
    has a monomial that no pair of a basis makes."""
    entries: dict = {}
    for b, basis in enumerate(bases):
        for mono, pairs in pairs_by_monomial(basis).items():
            entries.setdefault(mono, []).extend((b, i, j) for i, j in pairs)
    if any(c != 0 and mono not in entries for mono, c in residual.items()):
        return None
    qs = [[list(row) for row in gram] for gram in grams]
    for mono, where in entries.items():
        have = sum((qs[b][i][j] for b, i, j in where), Fraction(0))
        delta = (Fraction(residual.get(mono, 0)) - have) / len(where)
        if delta:
            for b, i, j in where:
                qs[b][i][j] += delta
    return qs


def _monomial(exponents: tuple, gens: tuple):
    return sp.Mul(*[g**e for g, e in zip(gens, exponents) if e])


def squares(gram: list, basis: list, gens: tuple) -> list | None:
    """[(d, p)] with z.T Q z = sum d * p**2, from an exact LDL^T; None if Q is not psd."""
    factors = ldl(gram)
    if factors is None:
        return None
    out = []
    for d, column in factors:
        terms = {basis[i]: sp.Rational(c.numerator, c.denominator) for i, c in enumerate(map(Fraction, column)) if c}
        out.append((Fraction(d), sp.Poly.from_dict(terms, *gens, domain="QQ")))
    return out


def holds(cert: Certificate, blocks: list, strict: bool) -> bool:
    """The exact check on which a proof rests: weights >= 0 (margin > 0 when strict) and
    f == t + sum g_b d p**2 + sum lambda h as polynomials."""
    if cert.margin < 0 or (strict and cert.margin <= 0) or any(d < 0 for _, d, _ in cert.squares):
        return False
    gens = cert.target.gens
    total = sp.Poly(sp.Rational(cert.margin.numerator, cert.margin.denominator), *gens, domain="QQ")
    for b, d, p in cert.squares:
        total += blocks[b].multiplier * p * p * sp.Rational(d.numerator, d.denominator)
    for h, lam, _ in cert.multipliers:
        total += h * lam
    return (total - cert.target).is_zero


# ------------------------------------------------------------ printing


def _term(d: Fraction, p, label: str) -> str:
    """`d*g*(p)**2`, with integer coefficients inside the square and a positive leading term."""
    denominators = [sp.Rational(c).q for c in p.coeffs()]
    scale = sp.ilcm(*denominators) if len(denominators) > 1 else (denominators[0] if denominators else 1)
    weight = sp.Rational(d.numerator, d.denominator) / sp.Integer(scale) ** 2
    inner = sp.expand(p.as_expr() * scale)
    if inner.could_extract_minus_sign():
        inner = sp.expand(-inner)
    if inner.is_Number:
        weight = weight * inner**2
        return (wrapped(label) if weight == 1 else f"{weight}*{wrapped(label)}") if label else str(weight)
    square = f"({inner})**2" if inner.is_Add or inner.could_extract_minus_sign() else f"{inner}**2"
    factors = ([] if weight == 1 else [str(weight)]) + ([wrapped(label)] if label else []) + [square]
    return "*".join(factors)


def wrapped(label: str) -> str:
    return label if all(ch.isalnum() or ch in "_[]*" for ch in label) else f"({label})"


def lines(cert: Certificate, blocks: list) -> list:
    """The certificate as a person reads it: `f = (x - y)**2 + ...`, then the hypotheses
    and equations it uses (the identity holds once those equations are used)."""
    terms = [_term(d, p, blocks[b].label) for b, d, p in cert.squares if d]
    if cert.margin:
        terms.insert(0, str(sp.Rational(cert.margin.numerator, cert.margin.denominator)))
    head = f"{sp.sstr(cert.target.as_expr())} = "
    body = " + ".join(terms) or "0"
    if len(head) + len(body) < 200:
        out = [head + body]
    else:
        shown = terms[:MAX_SHOWN_TERMS]
        out = [head + f"the sum of these {len(terms)} terms:"] + [f"  {t}" for t in shown]
        if len(terms) > len(shown):
            out.append(f"  ... and {len(terms) - len(shown)} more (all checked exactly)")
    used = dict.fromkeys(why for b, d, _ in cert.squares if d and blocks[b].label for why in blocks[b].why)
    if used:
        out.append("  where " + ", ".join(used))
    equations = dict.fromkeys(why for _, lam, why in cert.multipliers if not lam.is_zero)
    if equations:
        out.append("  using " + ", ".join(equations))
    return out
