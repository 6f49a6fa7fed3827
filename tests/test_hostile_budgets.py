"""Issue 9, holes 2, 3, 7a and 10: files that made loading hang, blow up or
read differently from what is checked.

Each test writes the hostile file for real and loads it with
``check_paths`` in-process (as ``proofcheck check``, pytest collection and
pre-commit hooks do), under a faulthandler watchdog: it must end with a
located error, or load, in well under two seconds of CPU. Legit but large
claims must still load, so that the budgets are not too tight.
"""

from __future__ import annotations

import faulthandler
import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from proofcheck.api import check_paths
from claimtools import line_of

REPO = Path(__file__).resolve().parent.parent
WATCHDOG_SECONDS = 60  # a hang inside C code (10**999999999999) cannot be interrupted otherwise
CPU_LIMIT = 2.0  # seconds of CPU for one hostile file, loading and shape checking included
WALL_LIMIT = 20.0  # generous: CI machines are shared


# --------------------------------------------------------------------------
# helpers


def yq(expr: str) -> str:
    """``expr`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(expr, ensure_ascii=False)


def balanced(term: str, count: int) -> str:
    """``term + term + ...`` (``count`` terms) as a balanced tree, so no nesting cap is hit."""
    if count == 1:
        return term
    half = count // 2
    return f"({balanced(term, half)} + {balanced(term, count - half)})"


def write(tmp_path: Path, text: str, name: str = "claim.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path):
    """check_paths on one file: (report, CPU seconds), with the watchdog armed."""
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        report = check_paths([path])
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
    finally:
        faulthandler.cancel_dump_traceback_later()
    shown = "\n".join(str(d) for d in report.diagnostics)
    assert cpu < CPU_LIMIT and wall < WALL_LIMIT, f"took {cpu:.2f}s CPU, {wall:.2f}s\n{shown}"
    return report


def col_of(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def error_at(tmp_path: Path, text: str, line: int, *fragments: str, col: int | None = None):
    """Load ``text``: one error names the file, ``line`` (and ``col``) and every fragment."""
    path = write(tmp_path, text)
    report = load(path)
    shown = "\n".join(str(d) for d in report.diagnostics) or "(no diagnostics)"
    assert not report.claims, f"the hostile claim was loaded\n{shown}"
    errors = [d for d in report.errors if Path(d.path).resolve() == path.resolve() and d.line == line]
    assert errors, f"no error at line {line}\n{shown}"
    good = [d for d in errors if all(f in d.message for f in fragments)]
    assert good, f"no error at line {line} says {fragments}\n{shown}"
    if col is not None:
        assert any(d.col == col for d in good), f"expected col {col}\n{shown}"
    return good[0]


def loads(tmp_path: Path, text: str):
    path = write(tmp_path, text)
    report = load(path)
    shown = "\n".join(str(d) for d in report.diagnostics)
    assert report.ok and len(report.claims) == 1, shown
    return report.claims[0]


def claim_text(claim: str, *, symbols=("x: scalar",), extra: str = "", dims: str = "") -> str:
    lines = ["title: t"]
    if dims:
        lines += ["dims:", dims]
    lines += ["symbols:"] + [f"  {s}" for s in symbols] + [f"claim: {yq(claim)}"]
    return "\n".join(lines) + "\n" + extra


# --------------------------------------------------------------------------
# hole 2: a number's text is checked before anything converts it

BOMB = "1e999999999999"

NUMBER_BOMBS = {
    # name: (file text, the text on the line the error must name)
    "expression": (claim_text(f"x <= {BOMB}"), "claim:"),
    "expression-upper-E": (claim_text("x <= 1E+999999999999"), "claim:"),
    "expression-negative-exponent": (claim_text("x <= 1.5e-999999999999"), "claim:"),
    "expression-decimal-exponent": (claim_text("x <= 2.5e999999999999"), "claim:"),
    "expression-padded-exponent": (claim_text("x <= 1e000000000000000000000000031"), "claim:"),
    "given": (claim_text("x >= 0", extra=f'given:\n  - "x <= {BOMB}"\n'), "x <="),
    "define": (claim_text("y >= 0", extra=f'define:\n  y: "x*x + {BOMB}"\n'), "y:"),
    "proof": (claim_text("x == x", extra=f"proof: |\n  x\n  == x + 0*{BOMB}\n  == x\n"), "0*"),
    "dims-bound": (
        claim_text("sum(v) >= sum(v)", symbols=("v: vector[n]",), dims=f"  n: 1..{BOMB}"), "n: 1.."),
    "sample-dims-bound": (
        claim_text("sum(v) >= sum(v)", symbols=("v: vector[n]",), dims="  n: 1..3",
                   extra=f"check:\n  sample_dims:\n    n: 1..{BOMB}\n"), "n: 1..1e"),
    "yaml-domain-float": (claim_text("x >= 0", symbols=("x: {domain: [0, 1.0e+999999999999]}",)), "domain"),
    "yaml-domain-plain": (claim_text("x >= 0", symbols=(f"x: {{domain: [0, {BOMB}]}}",)), "domain"),
    "yaml-domain-negative": (claim_text("x >= 0", symbols=("x: {domain: [-1.0e+999999999999, 0]}",)),
                             "domain"),
    "check-timeout": (claim_text("x >= x", extra="check:\n  timeout: 1.0e+999999999999\n"), "timeout"),
    "check-rtol": (claim_text("x >= x", extra="check:\n  rtol: 1.0e-999999999999\n"), "rtol"),
    "check-samples": (claim_text("x >= x", extra="check:\n  samples: 1.0e+999999999999\n"), "samples"),
}


@pytest.mark.parametrize("name", list(NUMBER_BOMBS))
def test_exponent_bomb_is_refused_at_once(tmp_path, name):
    text, needle = NUMBER_BOMBS[name]
    error_at(tmp_path, text, line_of(text, needle), "exponent", "30")


def test_exponent_bomb_error_points_at_the_number(tmp_path):
    text = claim_text(f"x <= {BOMB}")
    line = line_of(text, "claim:")
    error = error_at(tmp_path, text, line, "exponent", col=col_of(text, line, BOMB))
    assert "-30..30" in error.message and BOMB in error.message


@pytest.mark.parametrize(
    "literal", ["1" * 41, "0." + "0" * 40 + "1", "1" * 41 + ".5", "1_" * 40 + "1"], ids=["int", "frac", "mixed", "underscores"]
)
def test_too_many_digits_is_refused(tmp_path, literal):
    text = claim_text(f"x <= {literal}")
    error_at(tmp_path, text, line_of(text, "claim:"), "digits", "40")


def test_yaml_number_with_too_many_digits(tmp_path):
    text = claim_text("x >= 0", symbols=("x: {domain: [0, 1." + "0" * 39 + "1]}",))
    error_at(tmp_path, text, line_of(text, "domain"), "number too long", "limit is 40")


@pytest.mark.parametrize("command", ["check", "verify"])
def test_exponent_bomb_subprocess_does_not_hang(tmp_path, command):
    """The reported hang: `proofcheck check` (and `verify --timeout 5`) never returned."""
    text = claim_text(f"x <= {BOMB}")
    path = write(tmp_path, text, "bomb.yaml")
    args = [sys.executable, "-m", "proofcheck", command, str(path)]
    if command == "verify":
        args += ["--timeout", "5", "--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env)
    elapsed = time.perf_counter() - start
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    line = line_of(text, "claim:")
    assert f"bomb.yaml:{line}:{col_of(text, line, BOMB)}" in output, output
    assert "exponent" in output and "Traceback" not in output, output
    assert elapsed < 30, f"{command} took {elapsed:.1f}s"


@pytest.mark.parametrize(
    "claim, symbols, extra",
    [
        ("x <= x + 2.5e-3", ("x: scalar",), ""),
        ("x <= 1e-30 + x", ("x: scalar",), ""),
        ("x <= 1.5e3 + x", ("x: scalar",), ""),
        ("x <= 1e12 + x", ("x: scalar",), ""),
        ("x >= 0", ("x: {domain: [0, 2.5e-3]}",), ""),
        ("x >= 0", ("x: {domain: [0, 1.0e+3]}",), ""),
        ("x >= x", ("x: scalar",), "check:\n  rtol: 1e-7\n  timeout: 2.5\n"),
        ("x >= x", ("x: scalar",), "check:\n  rtol: 1.0e-7\n"),
    ],
)
def test_ordinary_decimals_still_load(tmp_path, claim, symbols, extra):
    loads(tmp_path, claim_text(claim, symbols=symbols, extra=extra))


def test_decimals_are_exact(tmp_path):
    from fractions import Fraction

    claim = loads(tmp_path, claim_text("x >= 0", symbols=("x: {domain: [0.1, 2.5e-1]}",)))
    domain = claim.symbols["x"].domain
    assert (domain.lo, domain.hi) == (Fraction(1, 10), Fraction(1, 4))


@pytest.mark.parametrize(
    "claim, fragment",
    [
        ("x <= 10**12**100", "exponent"),
        ("x ** 2**2**2**2**2 >= 0", "exponent"),
        ("x <= 9**9**9", "exponent"),
        ("x <= ((10**12)**100)**100", "constant too large"),
        ("x <= ((((10**12)**100)**100)**100)**100", "constant too large"),
    ],
)
def test_constant_power_towers_are_refused_at_load(tmp_path, claim, fragment):
    text = claim_text(claim)
    error_at(tmp_path, text, line_of(text, "claim:"), fragment)


def test_hex_literals_are_refused(tmp_path):
    text = claim_text("x <= 0x1F")
    error_at(tmp_path, text, line_of(text, "claim:"), "decimal")


# --------------------------------------------------------------------------
# hole 3: loading and shape checking are bounded
#
# Before (f6e1e0d, CPU seconds in-process; the largest extrapolated from
# smaller runs, see the report): inline_times_dims ~75 s per definition,
# ~12 min for ten; copies ~0.34 s and ~6 MB per definition (8,000: ~45 min,
# ~50 GB); convex goals ~77 ms per goal (5,800: ~7 min); an 18,000-step proof
# with n: 1..1000: 11 s; 100 given bounds of a 65k-node definition: 7 s.


def inline_times_dims(definitions: int = 10) -> str:
    """2,000 dims combinations x definitions whose constant exponent is a 65k-node tree (a small DAG)."""
    lines = ["title: t", "dims:", "  n: 1..1000", "  m: 1..2", "symbols:", "  x: positive scalar", "define:",
             "  e0: n - n + m - m"]
    lines += [f"  e{k}: e{k - 1} + e{k - 1}" for k in range(1, 14)]
    lines += [f"  d{k}: x ** (e13 + {k})" for k in range(definitions)]
    lines.append('claim: "x >= 0"')
    return "\n".join(lines) + "\n"


def function_copies(count: int) -> str:
    """A function whose body is a 64k-node tree, called by `count` definitions."""
    lines = ["title: t", "symbols:", "  x: scalar", "define:", f"  g0(u): u + {balanced('x*x', 250)}"]
    lines += [f"  g{k}(u): g{k - 1}(g{k - 1}(u))" for k in range(1, 7)]
    lines += [f"  d{k}: g6(x)" for k in range(count)]
    lines.append('claim: "d0 >= 0"')
    return "\n".join(lines) + "\n"


def parameter_copies(calls: int) -> str:
    """A function that uses its parameter everywhere: each call copies its ~500-node body."""
    lines = ["title: t", "symbols:", "  x: scalar", "define:", f"  f(u): {balanced('u*u', 250)}"]
    lines += [f"  d{k}: f(x + {k})" for k in range(calls)]
    lines.append('claim: "x >= 0"')
    return "\n".join(lines) + "\n"


def convex_goals(goals: int, givens: int = 3) -> str:
    """Convexity goals, each of which used to re-walk every (64k-node) `given`."""
    lines = ["title: t", "symbols:", "  x: scalar", "  y: scalar", "define:", f"  b0: {balanced('y*y', 250)}"]
    lines += [f"  b{k}: b{k - 1} + b{k - 1}" for k in range(1, 7)]
    lines += ["given:"] + [f'  - "b6 + y >= {k}"' for k in range(givens)]
    lines += ["claim:"] + ['  - "convex(x, x)"'] * goals
    return "\n".join(lines) + "\n"


def proof_chain(steps: int, n: int = 1000) -> str:
    lines = ["title: t", "dims:", f"  n: 1..{n}", "symbols:", "  x: vector[n]", 'claim: "x == x"', "proof: |", "  x"]
    lines += ["  == x"] * steps
    return "\n".join(lines) + "\n"


def test_inline_times_dims_loads_quickly(tmp_path):
    text = inline_times_dims(10)
    assert len(text) < 3000
    loads(tmp_path, text)


def test_many_copies_of_a_large_function_body(tmp_path):
    text = function_copies(8000)
    assert len(text.encode()) < 128 * 1024
    error_at(tmp_path, text, line_of(text, "define:") + 1, "too many definitions", "200")


def test_copies_of_a_large_body_share_what_does_not_change(tmp_path):
    loads(tmp_path, function_copies(150))


def test_node_budget_is_checked_as_it_grows(tmp_path):
    text = parameter_copies(199)
    path = write(tmp_path, text)
    report = load(path)
    shown = "\n".join(str(d) for d in report.diagnostics)
    errors = [d for d in report.errors if "more than 100,000 expression nodes" in d.message]
    assert errors and not report.claims, shown
    # it names the call that went over the budget: a definition well past the first ones
    assert line_of(text, "d100:") < errors[0].line <= line_of(text, "d198:"), shown


def test_node_budget_leaves_room_for_real_function_use(tmp_path):
    loads(tmp_path, parameter_copies(100))


def test_many_convexity_goals(tmp_path):
    text = convex_goals(5800)
    assert len(text.encode()) < 128 * 1024
    error_at(tmp_path, text, line_of(text, "claim:") + 1, "too many claims", "100")


def test_convexity_goals_walk_given_once(tmp_path):
    loads(tmp_path, convex_goals(100, givens=50))


def test_convexity_goal_with_a_non_bound_given_is_still_refused(tmp_path):
    text = claim_text("convex(x**2, x)", extra='given:\n  - "x**2 >= 1"\n')
    error_at(tmp_path, text, line_of(text, "claim:"), "beyond simple bounds")


@pytest.mark.parametrize("claim", ["convex(x**2)", "concave(x)"])
def test_convexity_goal_with_one_argument(tmp_path, claim):
    """Used to crash the loader (IndexError) before the arity check."""
    text = claim_text(claim)
    error_at(tmp_path, text, line_of(text, "claim:"), "takes 2 argument(s), got 1")


def test_long_proof_chain(tmp_path):
    text = proof_chain(18000)
    assert len(text.encode()) < 128 * 1024
    line = line_of(text, "proof:") + 1 + 500  # the first line past the cap (the start counts)
    error_at(tmp_path, text, line, "at most 500")


def test_proof_chain_under_the_cap_loads(tmp_path):
    loads(tmp_path, proof_chain(480))


def test_nodes_times_dims_combinations_is_capped(tmp_path):
    term = "sum(A[0:n-1, :] * x[0:m], axis=1) @ ones(n-1)"
    text = "\n".join([
        "title: t", "dims:", "  n: 2..1000", "  m: 1..2", "symbols:", "  x: vector[m]", "  A: matrix[n, m]",
        f"claim: {yq(balanced(term, 40) + ' >= 0')}",
    ]) + "\n"
    error = error_at(tmp_path, text, line_of(text, "n: 2..1000"), "combinations of dims", "1,000,000")
    assert "1,998 combinations" in error.message


def test_nodes_times_dims_just_under_the_cap(tmp_path):
    term = "sum(A[0:n-1, :] * x[0:m], axis=1) @ ones(n-1)"
    text = "\n".join([
        "title: t", "dims:", "  n: 2..1000", "  m: 1..2", "symbols:", "  x: vector[m]", "  A: matrix[n, m]",
        f"claim: {yq(balanced(term, 20) + ' >= 0')}",
    ]) + "\n"
    loads(tmp_path, text)


def test_huge_constant_from_shared_definitions(tmp_path):
    """n**10 squared six times: a 6,400-bit exponent, once evaluated per path and per combination."""
    lines = ["title: t", "dims:", "  n: 1..1000", "symbols:", "  x: positive scalar", "define:",
             "  p0: n*n*n*n*n*n*n*n*n*n"]
    lines += [f"  p{k}: p{k - 1} * p{k - 1}" for k in range(1, 7)]
    lines += ['claim: "x ** (p6 - p6 + 2) >= 0"']
    text = "\n".join(lines) + "\n"
    error_at(tmp_path, text, line_of(text, "p6:"), "constant too large")


def test_literal_bounds_in_given_are_read_only_when_small(tmp_path):
    """`x <= q14`: an exact value with ~650k bits, once per given, used to take 7 s."""
    lines = ["title: t", "symbols:", "  x: scalar", "define:", "  q0: 999999999999/7"]
    lines += [f"  q{k}: q{k - 1} / (1 / q{k - 1})" for k in range(1, 15)]
    lines += ["given:"] + ['  - "x <= q14"'] * 100 + ['claim: "x <= x"']
    loads(tmp_path, "\n".join(lines) + "\n")


def test_too_many_dims(tmp_path):
    dims = "\n".join(f"  d{k}: [1]" for k in range(9))
    text = claim_text("x >= x", dims=dims)
    error_at(tmp_path, text, line_of(text, "dims:") + 1, "too many dims", "8")


def test_dependent_dims_at_the_caps(tmp_path):
    """Eight dims whose bounds use earlier ones: each bound is evaluated per combination."""
    bound = "1+" + "+".join(["d0-d1+d1-d0"] * 4)
    dims = ["  d0: 1..1000", "  d1: 1..2"] + [f"  d{k}: {bound}..{bound}" for k in range(2, 8)]
    loads(tmp_path, claim_text("sum(v) >= sum(v)", symbols=("v: vector[d1]",), dims="\n".join(dims)))


def test_long_dim_range_is_refused(tmp_path):
    bound = "+".join(["n-n"] * 30)
    text = claim_text("x >= x", dims=f"  n: 1..3\n  m: 1+{bound}..2")
    error_at(tmp_path, text, line_of(text, "m: 1+"), "range too long")


@pytest.mark.parametrize(
    "key, count, line_key",
    [("symbols", 201, "symbols:"), ("given", 101, "given:"), ("claim", 101, "claim:"), ("define", 201, "define:")],
)
def test_count_caps(tmp_path, key, count, line_key):
    if key == "symbols":
        text = "title: t\nsymbols:\n" + "".join(f"  s{k}: scalar\n" for k in range(count)) + 'claim: "s0 >= s0"\n'
    elif key == "given":
        text = claim_text("x >= x", extra="given:\n" + '  - "x >= 0"\n' * count)
    elif key == "claim":
        text = "title: t\nsymbols:\n  x: scalar\nclaim:\n" + '  - "x >= x"\n' * count
    else:
        text = claim_text("x >= x", extra="define:\n" + "".join(f"  d{k}: x + {k}\n" for k in range(count)))
    error_at(tmp_path, text, line_of(text, line_key) + 1, "too many", "limit")  # at the first entry


# --- legit but large: the budgets leave room for real claims


def test_course_claims_still_load():
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    try:
        start = time.process_time()
        report = check_paths([REPO / "claims"])
        cpu = time.process_time() - start
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert report.ok, "\n".join(str(d) for d in report.diagnostics)
    assert len(report.claims) == len(report.files) >= 19
    assert cpu < CPU_LIMIT


def test_moderate_definition_chain_over_many_sizes(tmp_path):
    """30 definitions and functions, used many times, for n, l in 1..30 (900 combinations)."""
    lines = ["title: a moderate model", "dims:", "  n: 1..30", "  l: 1..30", "symbols:", "  X: matrix[n, l]",
             "  w: vector[l]", "  y: vector[n]", "  lam: nonnegative", "define:",
             "  r: X @ w - y", "  sq(u): u @ u", "  loss: sq(r) / n + lam * sq(w)",
             "  g: 2 * X.T @ r / n + 2 * lam * w", "  h(u): sq(X @ u) / n + lam * sq(u)"]
    lines += [f"  s{k}: h(w + {k} * g) - h(w - {k} * g)" for k in range(1, 26)]
    lines += ["claim:", '  - "loss >= 0"', '  - "h(g) >= 0"'] + [f'  - "s{k} == s{k}"' for k in range(1, 26)]
    claim = loads(tmp_path, "\n".join(lines) + "\n")
    assert len(list(claim.dim_combinations())) == 900


def test_long_proof_and_many_conditions(tmp_path):
    steps = "".join(f"  == x + {k} - {k}\n" for k in range(200)) + "  == x\n"
    given = "".join(f'  - "y{k} >= {k}"\n' for k in range(60))
    symbols = ["x: scalar"] + [f"y{k}: scalar" for k in range(60)]
    loads(tmp_path, claim_text("x == x", symbols=symbols, extra=f"given:\n{given}proof: |\n  x\n{steps}"))


def test_dims_up_to_thirty(tmp_path):
    text = claim_text("trace(A @ B) == trace(B @ A)", symbols=("A: matrix[n, m]", "B: matrix[m, n]"),
                      dims="  n: 1..30\n  m: 1..30")
    loads(tmp_path, text)


# --------------------------------------------------------------------------
# hole 7a: a file cannot switch the falsifier off with a loose tolerance


@pytest.mark.parametrize("value", ["0.9", "2e-6", "1.0e-5", "0.5", "1", "0", "-1e-7"])
def test_rtol_above_one_millionth_is_refused(tmp_path, value):
    text = claim_text("2*x == 3*x", extra=f"check:\n  rtol: {value}\n")
    error = error_at(tmp_path, text, line_of(text, "rtol:"), "check.rtol", "1e-6")
    assert error.col == col_of(text, line_of(text, "rtol:"), value)


@pytest.mark.parametrize("value", ["1e-6", "1.0e-6", "0.000001", "1e-9", "1.0e-12"])
def test_rtol_up_to_one_millionth_loads(tmp_path, value):
    from fractions import Fraction

    claim = loads(tmp_path, claim_text("x == x", extra=f"check:\n  rtol: {value}\n"))
    assert 0 < claim.check.rtol <= Fraction(1, 10**6)


# --------------------------------------------------------------------------
# hole 10: look-alike identifiers. Python folds them (NFKC) before `ast`
# sees them: 'ſ' was checked as 's', a fullwidth or bold 'x' as 'x'.

LOOKALIKES = {
    "long-s": "\u017f",  # ſ, folds to s
    "fullwidth-x": "\uff58",  # ｘ
    "bold-x": "\U0001d431",  # 𝐱
    "cyrillic-x": "\u0445",  # х
    "greek-alpha": "\u03b1",
    "superscript-two": "\u00b2",
    "minus-sign": "\u2212",
    "zero-width-space": "\u200b",
    "no-break-space": "\u00a0",
}


def _names_char(message: str, ch: str) -> bool:
    return f"U+{ord(ch):04X} {unicodedata.name(ch)}" in message


@pytest.mark.parametrize("name", list(LOOKALIKES))
def test_non_ascii_in_an_expression_is_refused_at_its_position(tmp_path, name):
    ch = LOOKALIKES[name]
    text = claim_text(f"x + x{ch} >= 0", symbols=("x: scalar", "s: scalar"))
    line = line_of(text, "claim:")
    error = error_at(tmp_path, text, line, "non-ASCII character", col=col_of(text, line, ch))
    assert _names_char(error.message, ch), error.message
    if unicodedata.category(ch)[0] in "CZ":  # invisible: named, never shown raw
        assert ch not in error.message


def test_long_s_is_not_read_as_s(tmp_path):
    """The reported case: `ſ >= 0` with a symbol `s` was checked as `s >= 0`."""
    text = claim_text("\u017f >= 0", symbols=("s: positive",))
    error = error_at(tmp_path, text, line_of(text, "claim:"), "non-ASCII", col=9)
    assert "'\u017f' (U+017F LATIN SMALL LETTER LONG S)" in error.message
    assert "identifiers are ASCII" in error.message


@pytest.mark.parametrize(
    "where",
    ["given", "define", "proof", "dims", "block"],
)
def test_non_ascii_everywhere_expressions_are_written(tmp_path, where):
    ch = "\uff58"  # fullwidth x
    if where == "given":
        text = claim_text("x >= 0", extra=f'given:\n  - "{ch} >= 0"\n')
        needle = "- "
    elif where == "define":
        text = claim_text("y >= 0", extra=f'define:\n  y: "x*{ch}"\n')
        needle = "y: "
    elif where == "proof":
        text = claim_text("x == x", extra=f"proof: |\n  x\n  == {ch}\n  == x\n")
        needle = f"== {ch}"
    elif where == "dims":
        text = claim_text("sum(v) >= 0", symbols=("v: vector[n]",), dims=f"  n: 1..3\n  m: 1..{ch}")
        needle = "m: 1.."
    else:
        text = f"title: t\nsymbols:\n  x: scalar\nclaim: |\n  x >= 0 +\n  {ch}\n"
        needle = f"  {ch}"
    line = line_of(text, needle)
    error = error_at(tmp_path, text, line, "non-ASCII", col=col_of(text, line, ch))
    assert _names_char(error.message, ch)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("title: t\nsymbols:\n  \u017f: scalar\nclaim: \"s >= s\"\n", "\u017f:"),
        ("title: t\ndims:\n  \uff4e: 1..3\nsymbols:\n  x: scalar\nclaim: \"x >= x\"\n", "\uff4e:"),
        ("title: t\nsymbols:\n  x: scalar\ndefine:\n  \u017f: x + 1\nclaim: \"x >= x\"\n", "\u017f:"),
        ("title: t\nsymbols:\n  x: scalar\ndefine:\n  f(\u017f): x + 1\nclaim: \"x >= x\"\n", "f("),
        ("title: t\nsymbols:\n  x: scalar\ndefine:\n  f(u\u3000): u + 1\nclaim: \"f(x) >= f(x)\"\n", "f("),
        ("title: t\nsymbols:\n  x: vector[\uff13]\nclaim: \"sum(x) >= sum(x)\"\n", "vector"),
        ("title: t\nsymbols:\n  x: vector[\u00b2]\nclaim: \"sum(x) >= sum(x)\"\n", "vector"),
        ("title: t\nsymbols:\n  x: {shape: [\"\uff13\"]}\nclaim: \"sum(x) >= sum(x)\"\n", "shape"),
        ("title: t\nsymbols:\n  x: positive\u00a0scalar\nclaim: \"x >= x\"\n", "positive"),
    ],
    ids=["symbol", "dim", "define", "parameter", "ideographic-space", "fullwidth-size", "superscript-size",
         "long-form-size", "no-break-space-type"],
)
def test_non_ascii_names_are_refused(tmp_path, text, needle):
    error = error_at(tmp_path, text, line_of(text, needle), "non-ASCII character")
    assert "U+" in error.message


def test_unicode_in_prose_is_fine(tmp_path):
    text = (
        "title: \u2016x\u2016\u00b2 \u2265 0 f\u00fcr alle x \u2208 \u211d\u207f\n"
        "source: \u00ab Cours \u00e9t\u00e9 \u00bb\n"
        "description: |\n  \u017f, \uff58 and \U0001d431 may appear in words.\n"
        "tags: [\u00e9t\u00e9]\n"
        "symbols:\n  x: vector[3]\n"
        'claim: "x @ x >= 0"\n'
    )
    loads(tmp_path, text)
