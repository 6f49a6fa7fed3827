"""Sum-of-squares proof time against the Gram matrix size, and the one-variable decision.

Run:  python benchmarks/sos_times.py [--repeat 3]
Prints, for Cauchy-Schwarz `(x @ y)**2 <= (x @ x) * (y @ y)` at n = 2, 3, 4, 6, 8:
the Gram basis (monomials x_i y_j after the Newton polytope; n**2 - n remain), its
blocks after the sign symmetries, the median time of the SOS certificate alone (SDP,
rounding, projection, exact LDL^T and identity check) and of the whole proof
(sympy's cache cleared before each run; at n = 2 the cheaper sign analysis proves
it before the SOS tactic is tried); then the
median time of the one-variable decision for a few claims (proof or counterexample).
Target (issue 12): Cauchy-Schwarz at n = 4 under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proofcheck.api import check_paths  # noqa: E402

CAUCHY_SCHWARZ = """\
title: Cauchy-Schwarz (n = {n})
dims: {{n: [{n}]}}
symbols: {{x: "vector[n]", y: "vector[n]"}}
claim: "(x @ y)**2 <= (x @ x) * (y @ y)"
"""

ONE_VARIABLE = [
    ("(x - 7)**2 > 0", "falsified at x = 7"),
    ("(x**2 - 2)**2 > 0", "falsified at x = sqrt(2)"),
    ("x**4 - 4*x + 3 >= 0", "proved"),
    ("x**6 - 3*x**5 + x**3 - 7*x + 11 > 0", "decided"),
]


def load(text: str, directory: str):
    path = Path(directory) / "claim.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_paths([str(path)])
    assert report.ok, [str(d) for d in report.diagnostics]
    return report.claims[0]


def timed(fn, repeat: int):
    from sympy.core.cache import clear_cache

    times, result = [], None
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def difference(n: int):
    import sympy as sp

    xs, ys = sp.symbols(f"x0:{n}", real=True), sp.symbols(f"y0:{n}", real=True)
    return sp.expand(sum(a * a for a in xs) * sum(b * b for b in ys) - sum(a * b for a, b in zip(xs, ys)) ** 2)


def gram_shape(n: int) -> tuple:
    """(basis size, block sizes) of the Cauchy-Schwarz Gram matrix, as the prover builds it."""
    import sympy as sp

    from proofcheck.symbolic.monomials import newton_basis, parity, sign_classes

    f = sp.Poly(difference(n), *sorted(difference(n).free_symbols, key=str), domain="QQ")
    basis = newton_basis(f)
    masks = sign_classes([m for m, _ in f.terms()], len(f.gens))
    classes: dict = {}
    for mono in basis:
        classes.setdefault(parity(mono, masks), []).append(mono)
    return len(basis), sorted(len(c) for c in classes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from proofcheck.symbolic.engine import prove

    prove(load(CAUCHY_SCHWARZ.format(n=2), tempfile.mkdtemp()))  # imports (Clarabel, scipy) are not proof time
    from proofcheck.symbolic.sos import certify

    print(f"{'Cauchy-Schwarz':16} {'Gram basis':>10} {'blocks':>16} {'SOS s':>8} {'proof s':>8}  status")
    for n in (2, 3, 4, 6, 8):
        with tempfile.TemporaryDirectory() as directory:
            claim = load(CAUCHY_SCHWARZ.format(n=n), directory)
            seconds, result = timed(lambda: prove(claim), args.repeat)
        f = difference(n)
        sos_seconds, lines = timed(lambda: certify(f, [], [], False, lambda: None), args.repeat)
        assert lines is not None
        size, blocks = gram_shape(n)
        shape = f"{len(blocks)} x {blocks[0]}x{blocks[0]}" if len(set(blocks)) == 1 else str(blocks)
        print(f"{'n = ' + str(n):16} {f'{size}x{size}':>10} {shape:>16} {sos_seconds:8.4f} {seconds:8.4f}  "
              f"{result.status} ({result.method})")
    print()
    print(f"{'one variable':40} {'median s':>9}  verdict")
    for text, what in ONE_VARIABLE:
        body = f'title: one variable\nsymbols: {{x: scalar}}\nclaim: "{text}"\n'
        with tempfile.TemporaryDirectory() as directory:
            claim = load(body, directory)
            seconds, result = timed(lambda: prove(claim), args.repeat)
        print(f"{text:40} {seconds:9.4f}  {result.status} ({what})")


if __name__ == "__main__":
    main()
