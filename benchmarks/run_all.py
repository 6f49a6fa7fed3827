"""All benchmarks in one command; writes docs/benchmarks.md (and docs/scaling.png).

Run:  python -m pip install -e '.[bench]'   # Hypothesis, matplotlib
      python benchmarks/run_all.py [--against NAME@DIR[=PART,...] ...]

`--against main@/tmp/main=run,hessian,laplacian,mutants` measures another
proofcheck tree (say, main unpacked with `git archive main | tar -x -C
/tmp/main`) turn by turn with this checkout, in the speed parts given.

Side by side, in one run, on this machine:
1. speed (benchmarks/speed.py, fresh processes, medians): `verify claims/
   --no-cache` against its floor; proofcheck against the independent
   hand-written baseline (benchmarks/handwritten/course_claims.py: sympy
   simplify/expand and is_positive_semidefinite, Hypothesis property tests)
   on the same claims with the same samples, and what that baseline proves;
   the Hessian claim's numeric time; the n = 1000 Laplacian form against a
   hand-written numpy loop;
2. falsifier throughput against Hypothesis and a sympy subs/evalf loop;
3. scaling: symbolic proof time of Laplacian PSD and MSE Hessian PSD for
   n = 2..32 (stopping at the per-claim timeout), numeric throughput for
   n = 10, 100, 1000;
4. mutation testing: mutants of every true claim through proofcheck and
   through the generated baseline (benchmarks/baseline.py: the same kind of
   tests, generated from each claim), with every mutant proofcheck proves
   listed for review.

This process runs as a `verify` worker does (one BLAS thread, freed memory kept
for reuse: gate/runner.keep_freed_memory), so that what it measures in-process
(throughput, scaling) is what a run gets; the hand-written code it compares
with runs under the same settings.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # before numpy is imported
    os.environ.setdefault(_name, "1")

import baseline  # noqa: E402
import numeric_throughput  # noqa: E402
import speed  # noqa: E402
from mutants import claim_mutants  # noqa: E402

from proofcheck.api import check_paths  # noqa: E402
from proofcheck.numeric.engine import falsify  # noqa: E402
from proofcheck.gate.runner import Limits, keep_freed_memory  # noqa: E402
from proofcheck.gate.session import Options, verify  # noqa: E402
from proofcheck.symbolic.engine import prove  # noqa: E402
from proofcheck.gate.verify import Settings  # noqa: E402

CORPUS_SAMPLES = speed.BASELINE_SAMPLES
REPEAT = 3
MUTANT_SAMPLES = 1000
MUTANTS_PER_CLAIM = 6
TIMEOUT = 60.0

LAPLACIAN_PSD = """\
title: Laplacian PSD
dims: {{n: [{n}]}}
symbols: {{W: "nonnegative symmetric matrix[n, n]"}}
define: {{L: "diag(sum(W, axis=1)) - W"}}
claim: "psd(L)"
"""
HESSIAN_PSD = """\
title: MSE Hessian PSD
dims: {{n: [{n}], l: [{n}]}}
symbols: {{X: "matrix[n, l]", w: "vector[n]", y: "vector[l]"}}
define: {{f: "sum((X.T @ w - y)**2) / (2*l)"}}
claim: "psd(hessian(f, w))"
"""
LAPLACIAN_FORM = speed.LAPLACIAN


def load_text(text: str, directory: Path, name: str = "claim"):
    path = directory / f"{name}.yaml"
    path.write_text(text)
    report = check_paths([str(path)])
    return report.claims[0] if report.claims else None


def options(samples: int, jobs: int) -> Options:
    return Options(Settings("both", TIMEOUT, False, samples, 0), Limits(TIMEOUT, 2 * 1024**3, jobs), None)


# ---------------------------------------------------------------- 1. corpus

_CLAIMS: list = []


def _baseline_at(index: int) -> dict:
    return baseline.run_baseline(_CLAIMS[index], _SAMPLES[0])


_SAMPLES = [CORPUS_SAMPLES]


def baseline_all(claims: list, samples: int) -> list:
    """The baseline on each claim, on the machine's cores like proofcheck."""
    _CLAIMS[:] = claims
    _SAMPLES[0] = samples
    with multiprocessing.get_context("fork").Pool(multiprocessing.cpu_count()) as pool:
        return pool.map(_baseline_at, range(len(claims)))


# ---------------------------------------------------------------- 3. scaling


def symbolic_scaling(template: str, tmp: Path) -> list:
    """Median of three runs per size, sympy's cache cleared before each."""
    from sympy.core.cache import clear_cache

    rows = []
    for n in (2, 4, 8, 16, 32):
        claim = load_text(template.format(n=n), tmp)
        times = []
        for _ in range(3):
            clear_cache()
            start = time.perf_counter()
            result = prove(claim, time.monotonic() + TIMEOUT)
            times.append(time.perf_counter() - start)
            if times[-1] > TIMEOUT / 3:
                break
        seconds = statistics.median(times)
        rows.append((n, result.status, result.method, seconds))
        if result.status == "error" or seconds > TIMEOUT:
            break
    return rows


def numeric_scaling(tmp: Path) -> list:
    rows = []
    for n, samples in ((10, 20000), (100, 2000), (1000, 100)):
        claim = load_text(LAPLACIAN_FORM.format(n=n), tmp)
        start = time.perf_counter()
        result = falsify(claim, samples=samples)
        seconds = time.perf_counter() - start
        rows.append((n, result.status, result.samples / seconds))
    return rows


# ---------------------------------------------------------------- 4. mutation


def mutation(tmp: Path) -> dict:
    rng = random.Random(0)
    mutant_dir = tmp / "mutants"
    mutant_dir.mkdir()
    described = {}
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        if document.get("expect", True) is False:
            continue
        for index, (what, doc) in enumerate(claim_mutants(document, MUTANTS_PER_CLAIM, rng)):
            name = f"{path.stem}__m{index}"
            doc["id"] = name.replace("__", "--")
            (mutant_dir / f"{name}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
            described[doc["id"]] = (path.stem, what)
    report = check_paths([str(mutant_dir)])
    loaded = report.claims
    start = time.perf_counter()
    ours = verify(report, options(MUTANT_SAMPLES, multiprocessing.cpu_count()))
    ours_seconds = time.perf_counter() - start
    ours = [r for r in ours if r.id in {c.id for c in loaded}]
    start = time.perf_counter()
    theirs = baseline_all(loaded, MUTANT_SAMPLES)
    theirs_seconds = time.perf_counter() - start
    outcome = {"falsified": "caught", "unproven": "survived", "proved": "proved", "error": "error"}
    rows = [(c.id, described[c.id], outcome[r.status], b["outcome"], (r.numeric.get("counterexample") or {}).get("step"))
            for c, r, b in zip(loaded, ours, theirs)]
    return {"rows": rows, "generated": len(described), "loaded": len(loaded),
            "ours_seconds": ours_seconds, "theirs_seconds": theirs_seconds}


# ---------------------------------------------------------------- report


def _count(rows, column: int) -> dict:
    counts = {"caught": 0, "survived": 0, "proved": 0, "error": 0}
    for row in rows:
        counts[row[column]] += 1
    return counts


def speed_section(fast: dict, slow: dict) -> list:
    """Section 1 from benchmarks/speed.py's measurements of this checkout."""
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    found = fast["trees"][str(ROOT)]
    runs, lap, hess = found["run"], found["laplacian"], found["hessian"]
    ours, theirs = slow["trees"][str(ROOT)]["baseline"], slow["handwritten"]
    jobs = multiprocessing.cpu_count()
    lines = [
        "## 1. Speed", "",
        f"`python benchmarks/speed.py` parts, in fresh processes, medians of {len(runs)} runs ({jobs} jobs).", "",
        "### The run against its floor", "",
        "The floor is start-up (`proofcheck check claims/`, plus readying both engines once: importing them and "
        "running the warm-up claim) plus the larger of "
        "the summed engine time over the jobs and the longest claim, all measured in the same run.", "",
        "| `verify claims/ --no-cache` | wall | CPU | start-up | engines (sum) | longest claim | floor "
        "| wall / floor |",
        "|---|---|---|---|---|---|---|---|",
        f"| median | {med(runs, 'wall'):.2f} s | {med(runs, 'cpu'):.2f} s | {med(runs, 'startup'):.2f} s | "
        f"{med(runs, 'engine'):.2f} s | {med(runs, 'longest'):.2f} s | {med(runs, 'floor'):.2f} s | "
        f"**{med(runs, 'ratio'):.2f}** |", "",
        f"- `linreg_mse_hessian` sampled at sizes 1..20, numeric engine alone: {med(hess, 'seconds'):.3f} s for "
        f"{hess[0]['samples']:,} samples.",
        f"- n = {speed.LAPLACIAN_N} Laplacian quadratic form, {speed.LAPLACIAN_SAMPLES} samples: proofcheck "
        f"{med(lap, 'ours'):.1f} samples/s, a hand-written vectorized numpy loop {med(lap, 'handwritten'):.1f} "
        f"samples/s: **{med(lap, 'ratio'):.2f}** of it.", "",
    ]
    lines += against_section(fast, jobs)
    lines += [
        "### Against the hand-written baseline", "",
        f"{len(speed.BASELINE_CLAIMS)} claims, {CORPUS_SAMPLES:,} samples per claim (proofcheck's `--samples`, the "
        "baseline's Hypothesis `max_examples`), both on "
        f"{jobs} processes (`--jobs`, `pytest -n`); " + (f"medians of {len(theirs)} runs." if len(theirs) > 1
                                                          else "one run."), "",
        "| | wall | CPU |", "|---|---|---|",
        f"| proofcheck verify | {med(ours, 'wall'):.2f} s | {med(ours, 'cpu'):.2f} s |",
        f"| hand-written pytest file | {med(theirs, 'wall'):.1f} s | {med(theirs, 'cpu'):.1f} s |",
        f"| **ratio** | **{med(theirs, 'wall') / med(ours, 'wall'):.0f} x** | "
        f"**{med(theirs, 'cpu') / med(ours, 'cpu'):.0f} x** |", "",
        "| claim | expect | proofcheck | baseline's sympy test | baseline's property test | the baseline |",
        "|---|---|---|---|---|---|",
    ]
    rows = speed.baseline_rows(theirs[-1]["tests"], ours[-1]["statuses"], speed.claim_expectations(ROOT))
    lines += [f"| {name} | {str(truth).lower()} | {status} | {sym} | {prop} | {verdict} |"
              for name, truth, status, sym, prop, verdict in rows]
    named = lambda verdict: ", ".join(f"`{r[0]}`" for r in rows if r[5] == verdict) or "none"  # noqa: E731
    lines += ["", f"The baseline proves {sum(r[5] == 'proved' for r in rows)} of the {sum(r[1] for r in rows)} "
              f"true claims; it proves nothing for {named('not proved')}; it \"proves\" the false "
              f"{named('proves a false claim')} (sympy's simplify cancels the k^2 of J(k w) without asking whether "
              f"k = 0); false alarms: {named('false alarm')}; false claims missed: {named('missed')}.", ""]
    return lines


def against_section(fast: dict, jobs: int) -> list:
    """This checkout beside the --against trees, measured in the same run (turn by turn)."""
    names = fast.get("names") or {}
    if not names:
        return []
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    ours = fast["trees"][str(ROOT)]
    lines = ["### Beside other trees", "",
             "Measured turn by turn with this checkout in the same run (`--against NAME@DIR=PARTS`); the Hessian claim "
             "is sampled at sizes 1..20 in every tree (as the issue measured it), at the same sample count.", "",
             "| tree | `verify claims/` wall | wall / floor | `linreg_mse_hessian` numeric | its time / this "
             "checkout's | n = 1000 Laplacian samples/s | of hand-written numpy |", "|---|---|---|---|---|---|---|"]
    for tree, name in [(str(ROOT), "this checkout")] + list(names.items()):
        found = fast["trees"][tree]
        run, hess, lap = found.get("run"), found.get("hessian"), found.get("laplacian")
        cells = [f"{med(run, 'wall'):.2f} s" if run else "-", f"{med(run, 'ratio'):.2f}" if run else "-",
                 f"{med(hess, 'seconds'):.3f} s" if hess else "-",
                 f"{med(hess, 'seconds') / med(ours['hessian'], 'seconds'):.1f} x" if hess else "-",
                 f"{med(lap, 'ours'):.1f}" if lap else "-", f"{med(lap, 'ratio'):.2f}" if lap else "-"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    compared = fast["compared"]["trees"]
    here = compared[str(ROOT)]["mutants"][-1]["statuses"] if compared[str(ROOT)].get("mutants") else {}
    for tree, name in names.items():
        if not compared.get(tree, {}).get("mutants"):
            continue
        there = compared[tree]["mutants"][-1]["statuses"]
        caught = lambda found: {i for i, s in found.items() if s == "falsified"}  # noqa: E731
        lost, gained = sorted(caught(there) - caught(here)), sorted(caught(here) - caught(there))
        lines += ["", f"Mutants of claims/ ({len(here)}, {speed.MUTANT_SAMPLES:,} samples, `verify`): this checkout "
                  f"falsifies {len(caught(here))}, {name} {len(caught(there))}; falsified by {name} but not here: "
                  f"{', '.join(f'`{i}`' for i in lost) or 'none'}; here but not by {name}: "
                  f"{', '.join(f'`{i}`' for i in gained) or 'none'}."]
    return lines + [""]


def markdown(fast, slow, throughput, scaling, mut, started: float) -> str:
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("proofcheck", "sympy", "numpy", "hypothesis"))
    lines = [
        "# Benchmarks",
        "",
        "Regenerated by `python benchmarks/run_all.py` (see the module docstrings for what each part measures).",
        "",
        f"- machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}",
        f"- versions: {versions}",
        f"- generated: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, in {time.time() - started:.0f} s",
        "",
    ]
    lines += speed_section(fast, slow)
    lines += ["## 2. Falsifier throughput", "", "```", throughput.rstrip(), "```", "",
              "## 3. Scaling", "", "Symbolic proof time (per-claim timeout "
              f"{TIMEOUT:.0f} s):", "", "| n | Laplacian PSD | MSE Hessian PSD |", "|---|---|---|"]
    lap, hess = scaling["laplacian"], scaling["hessian"]
    for i in range(max(len(lap), len(hess))):
        cells = []
        for family in (lap, hess):
            cells.append(f"{family[i][3]:.3f} s ({family[i][1]}, {family[i][2]})" if i < len(family) else "-")
        n = (lap[i] if i < len(lap) else hess[i])[0]
        lines.append(f"| {n} | {cells[0]} | {cells[1]} |")
    lines += ["", "Numeric throughput on the Laplacian quadratic form:", "", "| n | samples/s | status |",
              "|---|---|---|"]
    lines += [f"| {n} | {rate:,.0f} | {status} |" for n, status, rate in scaling["numeric"]]
    ours, theirs = _count(mut["rows"], 2), _count(mut["rows"], 3)
    lines += ["", "## 4. Mutation testing", "",
              f"{mut['generated']} mutants of the true claims ({MUTANTS_PER_CLAIM} per claim at most: flipped "
              "operators and relations, changed constants, dropped terms, swapped arguments, loosened domains, "
              f"dropped conditions); {mut['loaded']} load (the rest are shape errors). {MUTANT_SAMPLES:,} samples "
              "each for both tools.", "",
              "| | caught (falsified) | survived (unproven) | proved | error | wall time |",
              "|---|---|---|---|---|---|",
              f"| proofcheck | {ours['caught']} | {ours['survived']} | {ours['proved']} | {ours['error']} | "
              f"{mut['ours_seconds']:.1f} s |",
              f"| generated baseline | {theirs['caught']} | {theirs['survived']} | {theirs['proved']} | {theirs['error']} | "
              f"{mut['theirs_seconds']:.1f} s |", "",
              "The baseline's `caught` includes false alarms: of the mutants proofcheck proved (all reviewed "
              "as still true, below), the baseline's Hypothesis test failed on "
              f"{sum(1 for r in mut['rows'] if r[2] == 'proved' and r[3] == 'caught')}.", "",
              "Every mutant proofcheck proved, for review (each is either equivalent to a true claim or a "
              "soundness bug):", ""]
    proved = [row for row in mut["rows"] if row[2] == "proved"]
    lines += [f"- `{cid}` ({origin}): {what}" for cid, (origin, what), *_ in proved] or ["- none"]
    lines += ["", "Mutants proofcheck did not catch (survived as unproven):", ""]
    survived = [row for row in mut["rows"] if row[2] in ("survived", "error")]
    lines += [f"- `{cid}` ({origin}): {what}" for cid, (origin, what), *_ in survived] or ["- none"]
    lines += ["", "Mutants the baseline proved but proofcheck falsified:", ""]
    for cid, (origin, what), ours_outcome, theirs_outcome, step in mut["rows"]:
        if theirs_outcome == "proved" and ours_outcome == "caught":
            why = (f"the claim still holds, but its proof's step at line {step} is now false (the baseline "
                   "tests the claim only)") if step else "a false claim the baseline called proved"
            lines.append(f"- `{cid}` ({origin}): {what}: {why}")
    return "\n".join(lines) + "\n"


def plot(scaling, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name in ("laplacian", "hessian"):
        rows = scaling[name]
        left.plot([r[0] for r in rows], [max(r[3], 1e-4) for r in rows], "o-", label=name)
    left.set(xscale="log", yscale="log", xlabel="n", ylabel="symbolic proof time (s)", title="Symbolic")
    left.set_xticks([2, 4, 8, 16, 32], labels=["2", "4", "8", "16", "32"])
    left.minorticks_off()
    left.legend()
    rows = scaling["numeric"]
    right.plot([r[0] for r in rows], [r[2] for r in rows], "o-")
    right.set(xscale="log", yscale="log", xlabel="n", ylabel="samples / s", title="Numeric (Laplacian form)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--against", action="append", default=[], metavar="NAME@DIR[=PART,...]",
                        help="another proofcheck tree measured side by side (say, main unpacked with git archive), "
                             "in the speed parts given (run, hessian, laplacian, mutants; default all)")
    args = parser.parse_args()
    keep_freed_memory()
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("1/4 speed ...", flush=True)
        names, trees, only = against(args.against)
        fast = speed.run_parts([ROOT] + trees, ["run", "hessian", "laplacian"], REPEAT, multiprocessing.cpu_count(),
                               CORPUS_SAMPLES, {t: [p for p in parts if p != "mutants"] for t, parts in only.items()})
        slow = speed.run_parts([ROOT], ["baseline"], REPEAT, multiprocessing.cpu_count(), CORPUS_SAMPLES)
        mutant_trees = [t for t in trees if "mutants" in only[str(t)]]
        compared = speed.run_parts([ROOT] + mutant_trees, ["mutants"], 1, multiprocessing.cpu_count(), CORPUS_SAMPLES)
        fast["names"], fast["compared"] = names, compared
        print("2/4 throughput ...", flush=True)
        throughput = _capture(numeric_throughput.main)
        print("3/4 scaling ...", flush=True)
        scaling = {"laplacian": symbolic_scaling(LAPLACIAN_PSD, tmp), "hessian": symbolic_scaling(HESSIAN_PSD, tmp),
                   "numeric": numeric_scaling(tmp)}
        print("4/4 mutation testing ...", flush=True)
        mut = mutation(tmp)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = markdown(fast, slow, throughput, scaling, mut, started)
    if plot(scaling, out.parent / "scaling.png"):
        text += "\n![scaling](scaling.png)\n"
    out.write_text(text)
    print(text)


def against(specs: list) -> tuple:
    """NAME@DIR[=PART,...] each: ({tree: name}, the trees, {tree: its parts})."""
    names, trees, only = {}, [], {}
    for spec in specs:
        name, _, rest = spec.rpartition("@")
        path, _, parts = rest.partition("=")
        tree = Path(path).resolve()
        names[str(tree)], only[str(tree)] = name or tree.name, parts.split(",") if parts else list(speed.PARTS)
        trees.append(tree)
    return names, trees, only


def _capture(fn) -> str:
    import contextlib
    import io

    saved, sys.argv = sys.argv, [sys.argv[0]]
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            fn()
    finally:
        sys.argv = saved
    return buffer.getvalue()


if __name__ == "__main__":
    main()
