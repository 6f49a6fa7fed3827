"""Large counterexamples stay small in every report and in the cache (issue 9, hole 9).

The counterexample dict is cut down at the source (proofcheck/numeric/shown.py):
an array with more than 64 entries becomes an object with its shape, a part of
it, its least and greatest entry and a note naming the seed; a number with very
many digits is shown approximately.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

from proofcheck.api import check_paths
from proofcheck.exact.listarray import ListArray
from proofcheck.numeric import shown
from proofcheck.numeric.confirm import Outcome, Point
from proofcheck.numeric.engine import counterexample_json
from proofcheck.reports.text import counterexample_lines
from proofcheck.gate.verify import Settings, verify_claim

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000

BIG = """\
title: the entries of every matrix sum to a nonnegative number
dims:
  n: [1000]
symbols:
  A: matrix[n, n]
claim: sum(A) >= 0
"""


def write(tmp_path, text: str, name: str = "claim.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_report_of_a_1000x1000_counterexample_is_small_and_shows_shape_and_seed(tmp_path):
    path = write(tmp_path, BIG)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "proofcheck", "verify", str(path), "--no-cache", "--engine", "numeric",
               "--seed", "5", "--format"]
    runs = {name: subprocess.Popen(command + [name], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for name in ["json", "text", "junit", "markdown", "github"]}  # side by side: each takes seconds
    reports = {}
    for name, run in runs.items():
        out, err = run.communicate(timeout=300)
        assert run.returncode == 1, (name, err.decode(errors="replace"))
        reports[name] = out.decode("utf-8")
    for name, text in reports.items():
        assert len(text.encode()) < MB, (name, len(text))
        assert "1000x1000" in text or '"shape": [\n' in text or "[1000, 1000]" in text, name
        assert "seed 5" in text or '"seed": 5' in text, name

    claim = json.loads(reports["json"])["claims"][0]
    assert claim["status"] == "falsified"
    example = claim["numeric"]["counterexample"]
    value = example["values"]["A"]
    assert value["shown"] == "part" and value["shape"] == [1000, 1000] and value["entries"] == 10**6
    assert len(value["head"]) == shown.HEAD_MATRIX and all(len(row) == shown.HEAD_MATRIX for row in value["head"])
    assert "seed 5" in value["note"] and example["seed"] == 5
    assert Fraction(str(value["min"])) <= Fraction(str(value["max"]))
    assert "1000x1000" in reports["text"] and "shown in part" in reports["text"]


def test_the_numeric_result_of_a_big_counterexample_serialises_small(tmp_path):
    claim = check_paths([str(write(tmp_path, BIG))]).claims[0]
    result = verify_claim(claim, Settings(engine="numeric"))
    assert result.status == "falsified"
    assert len(json.dumps(result.numeric)) < MB  # what the cache stores and every report renders
    assert len(json.dumps(result.to_json())) < MB
    assert len(result.message) < 1000 and "1000x1000" in result.message and "seed 0" in result.message


def test_a_big_non_psd_matrix_is_confirmed_without_cubic_exact_work(tmp_path):
    # LDL^T in exact arithmetic is out of reach at this size; an exact witness vector is not
    text = 'title: t\ndims: {n: [200]}\nsymbols: {A: "symmetric matrix[n, n]"}\nclaim: "psd(A)"\n'
    claim = check_paths([str(write(tmp_path, text))]).claims[0]
    result = verify_claim(claim, Settings(engine="numeric"))
    assert result.status == "falsified", result.message
    example = result.numeric["counterexample"]
    assert example["values"]["A"]["shape"] == [200, 200]
    assert example["lhs"]["shown"] == "part"
    assert len(json.dumps(result.numeric)) < MB


def test_a_huge_exact_number_is_shown_approximately(tmp_path):
    text = 'title: t\nsymbols: {x: scalar}\nclaim: "(((x/3)**100)**100)**3 < 10"\n'
    claim = check_paths([str(write(tmp_path, text))]).claims[0]
    result = verify_claim(claim, Settings(engine="numeric"))
    assert result.status == "falsified"
    lhs = result.numeric["counterexample"]["lhs"]
    assert lhs["shown"] == "approximately" and lhs["digits"] > 10_000
    assert isinstance(lhs["approx"], str) and "e+" in lhs["approx"]  # beyond the float range
    assert len(json.dumps(result.numeric)) < 10_000
    lines = counterexample_lines(result.numeric["counterexample"])
    assert any(line.strip().startswith("left side  = ~") for line in lines)


# ------------------------------------------------------------------ the representation


def test_small_values_stay_numbers_and_nested_lists():
    assert shown.value(ListArray((), [Fraction(-1, 3)])) == "-1/3"
    assert shown.value(ListArray((2,), [Fraction(1), Fraction(1, 2)])) == [1, 0.5]
    matrix = ListArray((8, 8), [Fraction(i) for i in range(64)])
    assert shown.value(matrix) == [[8 * i + j for j in range(8)] for i in range(8)]  # 64 entries: in full


def test_large_values_become_a_summary_with_shape_and_note():
    vector = ListArray((65,), [Fraction(i - 30, 7) for i in range(65)])
    data = shown.value(vector, seed=3)
    assert data["shown"] == "part" and data["shape"] == [65] and data["entries"] == 65
    assert data["head"] == [shown.number(Fraction(i - 30, 7)) for i in range(shown.HEAD_VECTOR)]
    assert data["min"] == "-30/7" and data["max"] == "34/7"
    assert "vector of length 65" in data["note"] and "seed 3" in data["note"]
    json.dumps(data)


def test_long_numbers_are_approximated_without_converting_them_to_text():
    big = Fraction(3) ** 20000  # str() of this int is refused by Python (over 4300 digits)
    data = shown.number(big)
    assert data["shown"] == "approximately" and data["approx"].startswith("2.6613") and "e+9542" in data["approx"]
    tiny = shown.number(Fraction(1, 7**400))  # below the float range: a string as well
    assert tiny["shown"] == "approximately" and tiny["approx"].startswith("9.1365") and tiny["approx"].endswith("e-339")
    assert shown.number(Fraction(10**30 + 1, 3)) == f"{10**30 + 1}/3"  # short enough: exact
    json.dumps([data, tiny], allow_nan=False)


class _Goal:
    line = None

    def text(self) -> str:
        return "f(x) == 0"


def test_many_symbols_together_stay_within_the_budget():
    long = [Fraction(10**90 + i, 3**80) for i in range(64)]  # 64 entries of ~130 digits: each shown approximately
    values = {f"v{i}": ListArray((64,), long) for i in range(400)}
    point = Point({}, {})
    data = counterexample_json(_Goal(), point, Outcome(Fraction(1), Fraction(0)), values, seed=1)
    size = len(json.dumps(data))
    assert size <= shown.MAX_JSON_CHARS + 10_000
    left_out = [v for v in data["values"].values() if isinstance(v, dict) and v.get("shown") == "none"]
    assert left_out and len(left_out) < 400
    assert shown.in_part(data) and "left out" in data["note"]
    assert "{" not in "\n".join(counterexample_lines(data))  # rendered as words, not as a dict


def test_the_text_report_renders_a_summary_readably():
    example = {"dims": {"n": 100}, "values": {"w": shown.value(ListArray((100,), [Fraction(i) for i in range(100)]),
                                                               seed=4)},
               "lhs": shown.number(Fraction(2) ** 20000), "rhs": 0, "goal": "g", "seed": 4, "exact": True}
    lines = "\n".join(counterexample_lines(example))
    assert "w = vector of length 100 shown in part" in lines
    assert "first entries [0, 1, 2" in lines and "least 0, greatest 99" in lines
    assert "left side  = ~" in lines and "digits" in lines
    assert "{" not in lines  # no raw dict
