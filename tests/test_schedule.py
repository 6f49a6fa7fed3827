"""Runs start warm and longest first, and still report in file order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from proofcheck.gate import runner, session
from proofcheck.gate.cache import Cache
from proofcheck.gate.collect import check_paths
from proofcheck.gate.runner import Limits, run_claims
from proofcheck.gate.schedule import estimate, longest_first
from proofcheck.gate.verify import ClaimResult, Settings
from claimtools import load

ROOT = Path(__file__).resolve().parent.parent
SCALAR = 'symbols: {x: scalar}\nclaim: "x**2 >= 0"\n'
HESSIAN = ('dims: {n: 1..20}\nsymbols: {w: "vector[n]", X: "matrix[n, n]"}\n'
           'claim: "hessian(sum((X.T @ w)**2), w) == 2 * X @ X.T"\n')


def test_the_estimate_ranks_a_large_hessian_above_a_scalar_claim(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    scalar, hessian = load(tmp_path / "a", SCALAR), load(tmp_path / "b", HESSIAN)
    assert estimate(hessian) > 10 * estimate(scalar) > 0
    assert longest_first([0.1, 5.0, 1.0, 5.0]) == [1, 3, 2, 0]  # ties keep their order


def test_claims_start_longest_expected_first_and_results_stay_in_order(tmp_path):
    for name in "abc":
        (tmp_path / f"{name}.yaml").write_text(f"title: {name}\n{SCALAR}")
    claims = check_paths([str(tmp_path)]).claims
    finished = []
    results = run_claims(claims, Settings(engine="numeric", samples=100), Limits(timeout=30, jobs=1),
                         done=lambda r: finished.append(r.id), expected=[0.1, 5.0, None])
    assert [r.id for r in results] == ["a", "b", "c"]
    assert finished[0] == "b"  # one job: the longest expected starts, so finishes, first
    assert sorted(finished) == ["a", "b", "c"]


def _result(claim_id: str, status: str, seconds: float) -> ClaimResult:
    return ClaimResult(claim_id, f"claims/{claim_id}.yaml", 1, "t", True, status, True, "", seconds=seconds)


def test_the_cache_remembers_how_long_each_claim_took(tmp_path, monkeypatch):
    monkeypatch.setenv("PROOFCHECK_CACHE_KEY", "a secret for the test")
    cache = Cache(str(tmp_path / "cache"), {"engine": "both"})
    cache.record_times([_result("slow", "proved", 3.5), _result("broken", "error", 9.0)])
    cache.record_times([_result("fast", "falsified", 0.25)])
    assert cache.times() == {"claims/slow.yaml::slow": 3.5, "claims/fast.yaml::fast": 0.25}  # errors: not kept
    (tmp_path / "cache" / "times.json").write_text('{"claims/x.yaml::x": "long", "claims/y.yaml::y": -1, '
                                                    '"claims/z.yaml::z": 2}')
    assert cache.times() == {"claims/z.yaml::z": 2.0}  # anything odd is ignored
    (tmp_path / "cache" / "times.json").write_text("[1, 2")
    assert cache.times() == {}


def test_a_run_imports_the_engines_in_the_parent_with_one_blas_thread(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(session, "warm_engines", lambda engine, one_blas_thread=False: calls.append(
        (engine, one_blas_thread)))
    (tmp_path / "a.yaml").write_text(f"title: a\n{SCALAR}")
    report = check_paths([str(tmp_path)])
    options = session.Options(Settings(engine="numeric", samples=100), Limits(timeout=30, jobs=1), None)
    [result] = session.verify(report, options)
    assert result.passed and calls == [("numeric", True)]
    code = ("import os, sys; from proofcheck.gate.verify import warm_engines; warm_engines('both', True); "
            "print(os.environ.get('OPENBLAS_NUM_THREADS'), 'sympy' in sys.modules, 'numpy' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.split() == ["1", "True", "True"], done.stderr


def test_a_run_answered_from_the_cache_imports_no_engine(tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(f"title: a\n{SCALAR}")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROOFCHECK_CACHE_KEY": "k"}
    args = [sys.executable, "-X", "importtime", "-m", "proofcheck", "verify", "claims", "--cache-dir", "cache",
            "--format", "json", "--samples", "100"]
    first = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    again = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout)["claims"] == json.loads(first.stdout)["claims"]
    def imported(stderr: str) -> set:
        return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in stderr.splitlines()
                if line.startswith("import time:") and "|" in line}

    assert {"sympy", "numpy"} <= imported(first.stderr)
    assert not {"sympy", "numpy"} & imported(again.stderr)
    assert json.loads((tmp_path / "cache" / "times.json").read_text()).keys() == {"claims/a.yaml::a"}


def test_runner_records_no_order_of_its_own(tmp_path):
    answers = runner.run_isolated([3, 1, 2], lambda x: x * 10, Limits(timeout=30, jobs=1), seconds=lambda t: 30,
                                  failed=lambda t, why, e: None, order=[2, 0, 1])
    assert answers == [30, 10, 20]


def test_workers_keep_freed_memory_for_numpy_and_the_parent_is_left_alone(tmp_path, monkeypatch):
    import platform

    marker = tmp_path / "applied"
    monkeypatch.setattr(runner, "keep_freed_memory", lambda mallopt=None: marker.write_text(str(os.getpid())))
    [answer] = runner.run_isolated([1], lambda x: os.getpid(), Limits(timeout=30, jobs=1), seconds=lambda t: 30,
                                   failed=lambda t, why, e: None)
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert marker.read_text() == str(answer) != str(os.getpid())  # in the worker, not here


def test_a_hostile_times_file_is_ignored_and_never_changes_a_verdict(tmp_path, monkeypatch):
    """times.json is not signed: a link, a FIFO, a huge or deeply nested or odd document gives no
    times (and reads nothing through a link); whatever it says, the verdicts are the same."""
    monkeypatch.setenv("PROOFCHECK_CACHE_KEY", "a secret for the test")
    from proofcheck.gate.cache import TIMES_CAP

    cache_dir = tmp_path / "cache"
    cache = Cache(str(cache_dir), {"engine": "both"})
    cache.record_times([_result("a", "proved", 1.0)])
    times = cache_dir / "times.json"
    target = tmp_path / "elsewhere.json"
    target.write_text('{"claims/a.yaml::a": 7}')
    hostile = {
        "link": lambda: times.symlink_to(target),
        "fifo": lambda: os.mkfifo(times),
        "directory": lambda: times.mkdir(),
        "too large": lambda: times.write_text('{"claims/a.yaml::a": 1' + " " * TIMES_CAP + "}"),
        "deep": lambda: times.write_text("[" * 100_000 + "]" * 100_000),
        "huge integer": lambda: times.write_text('{"claims/a.yaml::a": ' + "9" * 5000 + "}"),
        "integer beyond a float": lambda: times.write_text('{"claims/a.yaml::a": ' + "9" * 400 + "}"),
        "not finite": lambda: times.write_text('{"a": NaN, "b": Infinity, "c": 1e999, "d": true, "e": [1]}'),
    }
    for name, make in hostile.items():
        if times.is_dir() and not times.is_symlink():
            times.rmdir()
        elif times.exists() or times.is_symlink():
            times.unlink()
        make()
        assert cache.times() == {}, name
    times.unlink()
    times.symlink_to(target)
    cache.record_times([_result("b", "proved", 2.0)])  # replaces the link, writes nothing through it
    assert target.read_text() == '{"claims/a.yaml::a": 7}' and not times.is_symlink()

    for name in "abc":
        (tmp_path / f"{name}.yaml").write_text(f"title: {name}\n{SCALAR}")
    (tmp_path / "d.yaml").write_text('title: d\nsymbols: {x: scalar}\nclaim: "x**2 >= x"\n')
    report = check_paths([str(tmp_path / f"{n}.yaml") for n in "abcd"])
    options = session.Options(Settings(engine="numeric", samples=200), Limits(timeout=30, jobs=2), str(cache_dir))
    times.unlink()
    keys = [Cache.time_key(claim) for claim in report.claims]
    times.write_text(json.dumps(dict(zip(keys, [0, 1e308, 5e-324, 3]))))
    assert set(cache.times()) == set(keys)  # well formed: it orders this run (b first), nothing else
    hostile_run = [(r.id, r.status) for r in session.verify(report, options)]
    options.cache_dir = None
    assert hostile_run == [(r.id, r.status) for r in session.verify(report, options)]
    assert hostile_run == [("a", "unproven"), ("b", "unproven"), ("c", "unproven"), ("d", "falsified")]
