"""Symbolic proof time of every claim in claims/, with the all-sizes proofs in it, and of
Laplacian PSD by size.

Run:  python benchmarks/symbolic_times.py [--repeat 3]
Prints, per claim, the median wall time of the symbolic engine (sympy's cache
cleared before each run), the part of it spent in the all-sizes argument (the
`uniform` tactic, docs/all-sizes.md) with the bound K it used per block (K =
index variables + degree in the sizes; the identity is checked at K + 1 sizes
of each block), the total for claims/, and the Laplacian PSD claim for
n = 2, 4, 8, 12, 16 (per size).
Targets: claims/ under 3 s in all (issue 11); Laplacian PSD at n = 12 under 1 s (issue 3).
"""

from __future__ import annotations

import argparse
import re
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

_BOUND = re.compile(r"uniform in ([\w, ]+?) \((?:\w+ cut at [\w, ]+ into parts: )?(\d+) index variables?, "
                    r"degree (\d+)")


class UniformClock:
    """Time spent in the uniform tactic (the all-sizes argument), accumulated."""

    def __init__(self) -> None:
        from proofcheck.symbolic import tactics

        self.seconds = 0.0
        for tactic in tactics.TACTICS:
            if tactic.name == "uniform":
                self.tactic, self.run = tactic, tactic.run
        object.__setattr__(self.tactic, "run", self._timed)

    def _timed(self, goal, ctx):
        start = time.perf_counter()
        try:
            return self.run(goal, ctx)
        finally:
            self.seconds += time.perf_counter() - start


def timed_proof(claim, repeat: int, clock: UniformClock) -> tuple:
    from sympy.core.cache import clear_cache

    from proofcheck.symbolic.engine import prove

    times, uniform, result = [], [], None
    for _ in range(repeat):
        clear_cache()
        clock.seconds = 0.0
        start = time.perf_counter()
        result = prove(claim)
        times.append(time.perf_counter() - start)
        uniform.append(clock.seconds)
    return statistics.median(times), statistics.median(uniform), result


def bounds(certificate: list) -> str:
    """K per all-sizes proof in the certificate: `K=V+deg` for each dim it is uniform in."""
    found = []
    for line in certificate:
        for dims, variables, degree in _BOUND.findall(line):
            found.append(f"{dims.split(',')[0]}: K={int(variables) + int(degree)}")
    return "; ".join(dict.fromkeys(found)) or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import sympy  # noqa: F401  (import time is not proof time)

    clock = UniformClock()
    report = check_paths([str(ROOT / "claims")])
    total = total_uniform = 0.0
    print(f"{'claim':26} {'status':9} {'median s':>9} {'all-sizes s':>11}  {'K per block':24} method [scope]")
    for claim in report.claims:
        seconds, uniform, result = timed_proof(claim, args.repeat, clock)
        total += seconds
        total_uniform += uniform
        print(f"{claim.id:26} {result.status:9} {seconds:9.4f} {uniform:11.4f}  {bounds(result.certificate):24} "
              f"{result.method or '-'} [{result.scope or '-'}]")
    print(f"{'all of claims/':26} {'':9} {total:9.4f} {total_uniform:11.4f}")
    print()
    print(f"{'Laplacian PSD':26} {'status':9} {'median s':>9}  method")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (2, 4, 8, 12, 16):
            path = Path(tmp) / f"laplacian_{n}.yaml"
            path.write_text(LAPLACIAN.format(n=n))
            (claim,) = check_paths([str(path)]).claims
            seconds, _, result = timed_proof(claim, args.repeat, clock)
            print(f"{'n = ' + str(n):26} {result.status:9} {seconds:9.4f}  {result.method} [{result.scope}]")


if __name__ == "__main__":
    main()
