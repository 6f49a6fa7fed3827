"""Monomial bases for Gram forms: the half Newton polytope, full bases by degree, and
the sign symmetries that split a Gram matrix into blocks.

Sign symmetries (Loefberg's reduction): when flipping the signs of a set of
variables leaves f and every hypothesis unchanged, averaging a certificate over
the flips gives another one whose Gram matrices only pair monomials with the
same parities on those sets; so the blocks can be split by that class, which
is exact and makes the SDP much smaller (Cauchy-Schwarz splits into 2x2 blocks).
"""

from __future__ import annotations

from itertools import combinations_with_replacement

from .sos_exact import pairs_by_monomial

MAX_BASIS = 80  # monomials in one Gram block


def _monomials(nvars: int, lo: list, hi: list, dlo: int, dhi: int, cap: int) -> list | None:
    """Exponent tuples within per-variable bounds and a total degree range (None past cap)."""
    out: list = []

    def extend(prefix: list, used: int) -> bool:
        v = len(prefix)
        if v == nvars:
            if dlo <= used <= dhi:
                out.append(tuple(prefix))
            return len(out) <= cap
        rest_hi = sum(hi[v + 1:])
        for e in range(lo[v], min(hi[v], dhi - used) + 1):
            if used + e + rest_hi < dlo:
                continue
            if not extend(prefix + [e], used + e):
                return False
        return True

    return out if extend([], 0) else None


def newton_basis(f) -> list | None:
    """Monomials that may appear in a Gram form of f: bounds from half its Newton
    polytope's box, then those whose square no pair of the basis can make are dropped."""
    support = {m: c for m, c in f.terms() if c != 0}
    if not support:
        return None
    n = len(f.gens)
    lo = [-(-min(m[v] for m in support) // 2) for v in range(n)]
    hi = [max(m[v] for m in support) // 2 for v in range(n)]
    degrees = [sum(m) for m in support]
    basis = _monomials(n, lo, hi, -(-min(degrees) // 2), max(degrees) // 2, 4 * MAX_BASIS)
    if not basis:
        return None
    changed = True
    while changed:
        changed = False
        made = pairs_by_monomial(basis)
        keep = []
        for a in basis:
            double = tuple(2 * e for e in a)
            others = [p for p in made.get(double, []) if p[0] != p[1]]
            if support.get(double, 0) > 0 or others:
                keep.append(a)
        changed = len(keep) < len(basis)
        basis = keep
    return basis if 0 < len(basis) <= MAX_BASIS else None


def exponents_up_to(n: int, degree: int) -> list:
    """Every monomial in n variables of total degree <= degree."""
    return [m for d in range(degree + 1) for m in _exponents(n, d)]


def _exponents(n: int, d: int) -> list:
    out = []
    for combo in combinations_with_replacement(range(n), d):
        e = [0] * n
        for v in combo:
            e[v] += 1
        out.append(tuple(e))
    return out


def sign_classes(supports: list, n: int) -> list:
    """Bit masks of the sets of variables whose joint sign flip leaves every monomial in
    `supports` unchanged (a basis of that space over GF(2))."""
    rows = [sum(1 << v for v, e in enumerate(mono) if e % 2) for mono in supports]
    reduced = _rref([r for r in rows if r], n)
    pivots = {p for p, _ in reduced}
    masks = []
    for v in range(n):
        if v in pivots:
            continue
        mask = 1 << v
        for p, r in reduced:
            if r >> v & 1:
                mask |= 1 << p
        masks.append(mask)
    return masks


def _rref(rows: list, n: int) -> list:
    """Reduced row echelon form over GF(2): [(pivot column, row bits)]."""
    out: list = []
    for bits in rows:
        for p, r in out:
            if bits >> p & 1:
                bits ^= r
        if not bits:
            continue
        p = (bits & -bits).bit_length() - 1
        out = [(q, r ^ bits if r >> p & 1 else r) for q, r in out]
        out.append((p, bits))
    return out


def parity(mono: tuple, masks: list) -> tuple:
    odd = sum(1 << v for v, e in enumerate(mono) if e % 2)
    return tuple(bin(odd & m).count("1") % 2 for m in masks)
