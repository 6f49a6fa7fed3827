"""Speed: a run against its floor, the falsifier against hand-written numpy, proofcheck
against the hand-written baseline (issue 13).

Run:  python benchmarks/speed.py [--tree DIR[=PART,...] ...] [--repeat 5] [--parts run,hessian,laplacian,baseline]

Every measurement runs in a fresh process, once per --tree (a proofcheck source
tree; default: this checkout) and repetition, the trees taking turns: two trees
are measured side by side under the same machine load (today's main, unpacked
with `git archive main | tar -x -C /tmp/main`, against a branch, say). Medians
are printed, and the ratio of each tree to the first. `--tree DIR=hessian,laplacian`
runs only those parts in that tree (an old tree cannot read today's claims/).

1. run: `proofcheck verify claims/ --no-cache` (wall and CPU) and its floor in
   the same repetition: start-up (the wall time of `proofcheck check claims/`,
   plus readying both engines once: importing them, and the warm-up claim
   where the tree runs one) plus the larger of the summed engine time over the
   jobs and the longest claim (engine times from the JSON report).
2. hessian: numeric time of linreg_mse_hessian sampled as the issue measured it
   (sizes 1..20: HESSIAN below, the same claim for every tree, which older
   trees can read; claims/ now states it for every size) at the default sample
   count (after a warm-up call, in a fresh process).
3. laplacian: numeric samples/s on the n = 1000 Laplacian quadratic form, and
   those of a hand-written vectorized numpy loop on the same claim, in the same
   process.
4. baseline: benchmarks/handwritten/course_claims.py (`pytest -n JOBS`) against
   `proofcheck verify` on the same claims with the same samples per claim: wall
   and CPU ratios, and what each hand-written test concluded.
5. mutants: the mutants run_all.py generates (benchmarks/mutants.py, same seed),
   through each tree's `verify` at 1,000 samples: which each tree catches, and
   those the first tree catches that another does not (a loss).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HANDWRITTEN = HERE / "handwritten" / "course_claims.py"
BASELINE_CLAIMS = ["gradient_step_descent", "gradient_step_too_large", "laplacian_psd", "laplacian_quadratic_form",
                   "lda_scale_invariant", "lda_scale_invariant_any_k", "linreg_gram_psd", "linreg_mse_convex",
                   "linreg_mse_gradient", "linreg_mse_hessian", "momentum_unrolled", "newton_step_not_descent",
                   "tree_split_sse", "weight_decay_gradient"]
BASELINE_SAMPLES = 2000
LAPLACIAN_N = 1000
LAPLACIAN_SAMPLES = 60
HESSIAN = """\
title: The Hessian of the linear-regression MSE is X X^T / l
dims: {n: 1..20, l: 1..20}
symbols: {X: "matrix[n, l]", w: "vector[n]", y: "vector[l]"}
define: {f: "sum((X.T @ w - y)**2) / (2*l)"}
claim: "hessian(f, w) == X @ X.T / l"
"""
LAPLACIAN = """\
title: Laplacian quadratic form
dims: {{n: [{n}]}}
symbols: {{W: "nonnegative symmetric matrix[n, n]", f: "vector[n]"}}
define: {{L: "diag(sum(W, axis=1)) - W"}}
claim: "f @ L @ f >= 0"
"""


# ---------------------------------------------------------------- processes


def timed(cmd: list, cwd, env: dict | None = None) -> tuple:
    """(wall seconds, CPU seconds of the process and every child it waited for, exit code, stdout)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out,
                                   stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return wall, usage.ru_utime + usage.ru_stime, process.returncode, out.read().decode()


def in_tree(tree: Path) -> dict:
    return {"PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}


# the engines measured alone run as `verify` runs them: one BLAS thread, and (where the tree
# has it) its workers' malloc setting, runner.keep_freed_memory; the hand-written loop runs in
# the same process, so under the same settings
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def child(tree: Path, part: str, *args: str) -> dict:
    """This script's `--child PART` in a fresh interpreter that imports `tree`'s proofcheck."""
    _, _, code, out = timed([sys.executable, str(Path(__file__)), "--child", part, *args], tree,
                            {**in_tree(tree), **ONE_THREAD})
    if code != 0:
        raise RuntimeError(f"{part} in {tree} exited {code}")
    return json.loads(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- 1. the run and its floor


def measure_run(tree: Path, jobs: int) -> dict:
    proofcheck = [sys.executable, "-m", "proofcheck"]
    check_wall, _, _, _ = timed(proofcheck + ["check", "claims"], tree, in_tree(tree))
    imports = child(tree, "imports")["seconds"]
    wall, cpu, code, out = timed(proofcheck + ["verify", "claims", "--no-cache", "--format", "json", "--jobs",
                                               str(jobs)], tree, in_tree(tree))
    claims = json.loads(out)["claims"]
    engine = [c["symbolic"].get("seconds", 0) + c["numeric"].get("seconds", 0) for c in claims]
    startup = check_wall + imports
    floor = startup + max(sum(engine) / jobs, max(engine))
    return {"wall": wall, "cpu": cpu, "exit": code, "startup": startup, "engine": sum(engine),
            "longest": max(engine), "floor": floor, "ratio": wall / floor}


def _imports() -> dict:
    """Readying the engines as a run does once, before its workers start: importing them,
    and the warm-up claim where the tree has one (verify.warm_engines)."""
    import importlib

    start = time.perf_counter()
    verify = importlib.import_module("proofcheck.gate.verify")
    if hasattr(verify, "warm_engines"):
        verify.warm_engines("both")
    for name in ("proofcheck.numeric.engine", "proofcheck.symbolic.engine"):
        importlib.import_module(name)
    return {"seconds": time.perf_counter() - start}


# ---------------------------------------------------------------- 2. the Hessian claim


def _hessian() -> dict:
    from proofcheck.api import check_paths
    from proofcheck.numeric.engine import falsify

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "linreg_mse_hessian.yaml"
        path.write_text(HESSIAN)
        claim = check_paths([str(path)]).claims[0]
    falsify(claim, samples=64)
    result = falsify(claim)
    return {"seconds": result.seconds, "samples": result.samples, "status": result.status}


# ---------------------------------------------------------------- 3. n = 1000 against numpy by hand


def handwritten_laplacian(n: int, samples: int, seed: int = 0) -> float:
    """Samples/s of the loop a user would write for `f @ L @ f >= 0` (vectorized per sample)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    for _ in range(samples):
        A = rng.uniform(0, 10, (n, n))
        W = (A + A.T) / 2
        f = rng.standard_normal(n)
        L = np.diag(W.sum(axis=1)) - W
        assert f @ L @ f >= -1e-9 * np.linalg.norm(L) * (f @ f)
    return samples / (time.perf_counter() - start)


def _laplacian(samples: str) -> dict:
    from proofcheck.api import check_paths
    from proofcheck.numeric.engine import falsify

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "laplacian.yaml"
        path.write_text(LAPLACIAN.format(n=LAPLACIAN_N))
        claim = check_paths([str(path)]).claims[0]
    count = int(samples)
    falsify(claim, samples=2)
    handwritten_laplacian(LAPLACIAN_N, 2)
    start = time.perf_counter()
    result = falsify(claim, samples=count)
    ours = result.samples / (time.perf_counter() - start)
    theirs = handwritten_laplacian(LAPLACIAN_N, count)
    return {"ours": ours, "handwritten": theirs, "ratio": ours / theirs, "status": result.status}


# ---------------------------------------------------------------- 4. against the hand-written baseline


def measure_proofcheck(tree: Path, samples: int, jobs: int) -> dict:
    files = [f"claims/{name}.yaml" for name in BASELINE_CLAIMS]
    wall, cpu, _, out = timed([sys.executable, "-m", "proofcheck", "verify", *files, "--no-cache", "--samples",
                               str(samples), "--jobs", str(jobs), "--format", "json"], tree, in_tree(tree))
    statuses = {c["id"]: c["status"] for c in json.loads(out)["claims"]}
    return {"wall": wall, "cpu": cpu, "statuses": statuses}


def measure_handwritten(samples: int, jobs: int) -> dict:
    """pytest on the hand-written file, from a scratch directory (Hypothesis writes there)."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        wall, cpu, _, _ = timed([sys.executable, "-m", "pytest", str(HANDWRITTEN), "-q", "-p", "no:cacheprovider",
                                 "-p", "no:proofcheck", "-W", "ignore", "-n", str(jobs), f"--junitxml={junit}"], tmp,
                                {"HANDWRITTEN_SAMPLES": str(samples)})
        tests = {}
        for case in ET.parse(junit).iter("testcase"):
            failed = case.find("failure") is not None or case.find("error") is not None
            tests[case.get("name")] = "failed" if failed else "passed"
    return {"wall": wall, "cpu": cpu, "tests": tests}


def baseline_rows(tests: dict, statuses: dict, expect: dict) -> list:
    """Per claim: (id, expect, proofcheck status, sympy test, property test, verdict on the baseline)."""
    rows = []
    for name in BASELINE_CLAIMS:
        sympy_test, prop = tests.get(f"test_{name}_sympy"), tests.get(f"test_{name}_property")
        truth = expect[name]
        proved = sympy_test == "passed"
        if truth:
            verdict = "false alarm" if prop == "failed" else "proved" if proved else "not proved"
        else:
            verdict = "proves a false claim" if proved else "caught" if prop == "failed" else "missed"
        rows.append((name, truth, statuses.get(name), "proves" if proved else "fails", prop, verdict))
    return rows


def claim_expectations(tree: Path) -> dict:
    import yaml

    return {name: yaml.safe_load((tree / "claims" / f"{name}.yaml").read_text()).get("expect", True)
            for name in BASELINE_CLAIMS}


# ---------------------------------------------------------------- 5. mutants


MUTANT_SAMPLES = 1000
MUTANTS_PER_CLAIM = 6


def _mutants(directory: str) -> dict:
    """Write the mutants of every true claim of claims/ into `directory` (as run_all.py does)."""
    import random

    import yaml

    sys.path.insert(0, str(HERE))
    from mutants import claim_mutants

    rng, count = random.Random(0), 0
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        if document.get("expect", True) is False:
            continue
        for index, (_, doc) in enumerate(claim_mutants(document, MUTANTS_PER_CLAIM, rng)):
            doc["id"] = f"{path.stem}--m{index}"
            (Path(directory) / f"{path.stem}__m{index}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
            count += 1
    return {"count": count}


def measure_mutants(tree: Path, directory: str, jobs: int) -> dict:
    wall, cpu, _, out = timed([sys.executable, "-m", "proofcheck", "verify", directory, "--no-cache", "--samples",
                               str(MUTANT_SAMPLES), "--jobs", str(jobs), "--format", "json"], tree, in_tree(tree))
    return {"wall": wall, "cpu": cpu, "statuses": {c["id"]: c["status"] for c in json.loads(out)["claims"]}}


# ---------------------------------------------------------------- driver


def median(values) -> float:
    return statistics.median(values)


def run_parts(trees: list, parts: list, repeat: int, jobs: int, samples: int, only: dict | None = None) -> dict:
    """Every part for every tree (`only`: a tree's own list of parts, for a tree that cannot
    run the others: an old one, say), the trees taking turns in each repetition."""
    only = only or {}
    results: dict = {str(t): {p: [] for p in only.get(str(t), parts)} for t in trees}
    handwritten: list = []
    scratch = tempfile.TemporaryDirectory()
    if any("mutants" in found for found in results.values()):
        child(ROOT, "mutants", scratch.name)
    for _ in range(repeat):
        for tree in trees:
            found = results[str(tree)]
            if "run" in found:
                found["run"].append(measure_run(tree, jobs))
            if "hessian" in found:
                found["hessian"].append(child(tree, "hessian"))
            if "laplacian" in found:
                found["laplacian"].append(child(tree, "laplacian", str(LAPLACIAN_SAMPLES)))
            if "baseline" in found:
                found["baseline"].append(measure_proofcheck(tree, samples, jobs))
            if "mutants" in found:
                found["mutants"].append(measure_mutants(tree, scratch.name, jobs))
        if any("baseline" in found for found in results.values()):
            handwritten.append(measure_handwritten(samples, jobs))
    return {"trees": results, "handwritten": handwritten}


def summarize(measured: dict, trees: list, jobs: int, samples: int) -> str:
    lines = []
    first = str(trees[0])
    for tree in trees:
        found = measured["trees"][str(tree)]
        lines.append(f"== {tree}")
        if found.get("run"):
            runs = found["run"]
            med = {key: median(r[key] for r in runs) for key in runs[0]}
            lines.append(f"run (verify claims/ --no-cache --jobs {jobs}, {len(runs)} runs, medians): "
                         f"wall {med['wall']:.2f} s, CPU {med['cpu']:.2f} s, start-up {med['startup']:.2f} s, "
                         f"engines {med['engine']:.2f} s, longest {med['longest']:.2f} s, floor {med['floor']:.2f} s, "
                         f"wall/floor {med['ratio']:.2f}")
        if found.get("hessian"):
            seconds = median(r["seconds"] for r in found["hessian"])
            base = median(r["seconds"] for r in measured["trees"][first]["hessian"])
            lines.append(f"linreg_mse_hessian numeric: {seconds:.3f} s for {found['hessian'][0]['samples']} samples "
                         f"({found['hessian'][0]['status']}); {seconds / base:.2f} x the time of {first}")
        if found.get("laplacian"):
            lap = found["laplacian"]
            lines.append(f"Laplacian form n={LAPLACIAN_N}: proofcheck {median(r['ours'] for r in lap):.1f} samples/s, "
                         f"hand-written numpy {median(r['handwritten'] for r in lap):.1f} samples/s, "
                         f"ratio {median(r['ratio'] for r in lap):.2f}")
        if found.get("baseline") and measured["handwritten"]:
            ours, theirs = found["baseline"], measured["handwritten"]
            wall, cpu = median(r["wall"] for r in ours), median(r["cpu"] for r in ours)
            hw_wall, hw_cpu = median(r["wall"] for r in theirs), median(r["cpu"] for r in theirs)
            lines.append(f"baseline ({len(BASELINE_CLAIMS)} claims, {samples} samples, {jobs} jobs): proofcheck wall "
                         f"{wall:.2f} s CPU {cpu:.2f} s; hand-written wall {hw_wall:.1f} s CPU {hw_cpu:.1f} s; "
                         f"ratios wall {hw_wall / wall:.1f} x, CPU {hw_cpu / cpu:.1f} x")
            rows = baseline_rows(theirs[-1]["tests"], ours[-1]["statuses"], claim_expectations(ROOT))
            lines += [f"  {name:26} expect={str(truth).lower():5} proofcheck={status:9} sympy test {sym:6} "
                      f"property test {prop:6} -> {verdict}" for name, truth, status, sym, prop, verdict in rows]
        if found.get("mutants") and measured["trees"][first].get("mutants"):
            lines += mutant_lines(found["mutants"][-1], measured["trees"][first]["mutants"][-1])
    return "\n".join(lines)


def mutant_lines(ours: dict, reference: dict) -> list:
    statuses, before = ours["statuses"], reference["statuses"]
    counts = {s: sum(1 for v in statuses.values() if v == s) for s in ("falsified", "unproven", "proved", "error")}
    lost = sorted(i for i, s in before.items() if s == "falsified" and statuses.get(i) != "falsified")
    gained = sorted(i for i, s in statuses.items() if s == "falsified" and before.get(i) != "falsified")
    return [f"mutants ({len(statuses)}, {MUTANT_SAMPLES} samples): caught {counts['falsified']}, unproven "
            f"{counts['unproven']}, proved {counts['proved']}, error {counts['error']}; wall {ours['wall']:.1f} s; "
            f"caught by the first tree but not this one: {lost or 'none'}; newly caught: {gained or 'none'}"]


def parse_trees(specs: list) -> tuple:
    """`DIR` or `DIR=PART,PART` each: (the trees, resolved; {tree: its parts} where given)."""
    trees, only = [], {}
    for spec in specs:
        path, _, parts = spec.partition("=")
        tree = Path(path).resolve()
        trees.append(tree)
        if parts:
            only[str(tree)] = parts.split(",")
    return trees, only


PARTS = ("run", "hessian", "laplacian", "baseline", "mutants")
CHILDREN = {"imports": _imports, "hessian": _hessian, "laplacian": _laplacian, "mutants": _mutants}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", help="a proofcheck source tree, DIR or DIR=PART,PART to run only "
                        "those parts there (repeatable)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--samples", type=int, default=BASELINE_SAMPLES, help="per claim, in the baseline part")
    parser.add_argument("--parts", default="run,hessian,laplacian,baseline,mutants")
    parser.add_argument("--json", help="also write the measurements to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        try:  # the engines measured alone run as in a `verify` worker (trees that have the setting)
            from proofcheck.gate.runner import keep_freed_memory
        except ImportError:
            keep_freed_memory = None
        if keep_freed_memory and args.child in ("hessian", "laplacian"):
            keep_freed_memory()
        print(json.dumps(CHILDREN[args.child](*rest)))
        return
    trees, only = parse_trees(args.tree or [str(ROOT)])
    measured = run_parts(trees, args.parts.split(","), args.repeat, args.jobs, args.samples, only)
    if args.json:
        Path(args.json).write_text(json.dumps(measured, indent=1, default=str))
    print(summarize(measured, trees, args.jobs, args.samples))


if __name__ == "__main__":
    main()
