"""Symbolic proof time of every claim in claims/, and of Laplacian PSD by size.

Run:  python benchmarks/symbolic_times.py [--repeat 3]
Prints the median wall time per claim (sympy's cache cleared before each run),
the total for claims/, and the Laplacian PSD claim for n = 2, 4, 8, 12, 16.
Targets (issue 3): claims/ under 10 s in all; Laplacian PSD at n = 12 under 1 s.
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

LAPLACIAN = """\
title: The graph Laplacian is positive semidefinite (n = {n})
dims: {{n: [{n}]}}
symbols:
  W: nonnegative symmetric matrix[n, n]
define:
  L: "diag(sum(W, axis=1)) - W"
claim: "psd(L)"
"""


def timed_proof(claim, repeat: int) -> tuple:
    from sympy.core.cache import clear_cache

    from proofcheck.symbolic.engine import prove

    times, result = [], None
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        result = prove(claim)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import sympy  # noqa: F401  (import time is not proof time)

    report = check_paths([str(ROOT / "claims")])
    total = 0.0
    print(f"{'claim':32} {'status':9} {'median s':>9}  method [scope]")
    for claim in report.claims:
        seconds, result = timed_proof(claim, args.repeat)
        total += seconds
        print(f"{claim.id:32} {result.status:9} {seconds:9.4f}  {result.method or '-'} [{result.scope or '-'}]")
    print(f"{'all of claims/':32} {'':9} {total:9.4f}")
    print()
    print(f"{'Laplacian PSD':32} {'status':9} {'median s':>9}  method")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (2, 4, 8, 12, 16):
            path = Path(tmp) / f"laplacian_{n}.yaml"
            path.write_text(LAPLACIAN.format(n=n))
            (claim,) = check_paths([str(path)]).claims
            seconds, result = timed_proof(claim, args.repeat)
            print(f"{'n = ' + str(n):32} {result.status:9} {seconds:9.4f}  {result.method} [{result.scope}]")


if __name__ == "__main__":
    main()
