"""Hostile and broken claim files (SPEC §1-§5, §11).

Every test writes one claim file whose only defect is the hostile part, runs
``check_paths`` in-process and checks that proofcheck answers with a located
error diagnostic, at once, without executing anything.
"""

from __future__ import annotations

import faulthandler
import json
import time
from pathlib import Path

import pytest

from proofcheck.api import check_paths
from claimtools import line_of

# A valid claim; the hostile tests change one thing in it.
BASE = """\
title: x squared is nonnegative
symbols:
  x: scalar
claim: "x**2 >= 0"
"""

# Words that a message rejecting an unsupported construct would contain.
UNSUPPORTED = (
    "not allowed",
    "unsupported",
    "not supported",
    "forbidden",
    "disallowed",
    "not permitted",
    "invalid",
    "syntax",
    "cannot",
    "unexpected",
    "unknown",
    "undefined",
    "undeclared",
    "not defined",
    "only",
)
TOO_BIG = ("large", "big", "long", "limit", "exceed", "max", "too", "cap", "size")
ALIAS = ("alias", "anchor")
TAG = ("tag", "python/", "unsafe", "construct")
RECURSION = (
    "recurs",
    "cycl",
    "circular",
    "itself",
    "undefined",
    "unknown",
    "undeclared",
    "not defined",
    "before",
)

# If a hostile input makes proofcheck hang inside C code (e.g. computing
# 9**9**9) nothing in-process can interrupt it; kill the run instead of
# hanging CI forever.
WATCHDOG_SECONDS = 30


# --------------------------------------------------------------------------
# helpers


def yq(expr: str) -> str:
    """``expr`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(expr, ensure_ascii=False)


def claim_file(
    expr: str,
    symbols: tuple[str, ...] = ("x: scalar",),
    extra: str = "",
) -> str:
    """A claim file text with ``expr`` as the claim; ``extra`` is appended."""
    lines = ["title: hostile claim", "symbols:"]
    lines += [f"  {s}" for s in symbols]
    lines.append(f"claim: {yq(expr)}")
    return "\n".join(lines) + "\n" + extra


def write(tmp_path: Path, content: str | bytes, name: str = "claim.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(paths: list[Path]):
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    try:
        start = time.perf_counter()
        report = check_paths(paths)
        elapsed = time.perf_counter() - start
    finally:
        faulthandler.cancel_dump_traceback_later()
    return report, elapsed


def same_file(reported: str, path: Path) -> bool:
    return Path(reported).resolve() == path.resolve()


def assert_error(
    report,
    elapsed: float,
    path: Path,
    lines: int | set[int],
    keywords: tuple[str, ...],
    col: int | None = None,
    must_name: str | None = None,
):
    """An error diagnostic names ``path``, one of ``lines``, and a keyword."""
    lines = {lines} if isinstance(lines, int) else set(lines)
    shown = "\n".join(str(d) for d in report.diagnostics) or "(no diagnostics)"
    assert elapsed < 1.0, f"took {elapsed:.2f}s\n{shown}"
    assert report.ok is False, shown
    errors = [d for d in report.diagnostics if d.severity == "error"]
    assert errors, f"no error diagnostic\n{shown}"
    here = [d for d in errors if same_file(d.path, path)]
    assert here, f"no error names {path}\n{shown}"
    at_line = [d for d in here if d.line in lines]
    assert at_line, f"no error at line(s) {sorted(lines)}\n{shown}"
    for d in at_line:
        assert isinstance(d.col, int) and d.col >= 1, str(d)
        assert str(d) == f"{d.path}:{d.line}:{d.col}: error: {d.message}"
    good = [d for d in at_line if any(k in d.message.lower() for k in keywords)]
    assert good, f"no error at line(s) {sorted(lines)} mentions any of {keywords}\n{shown}"
    if must_name is not None:
        good = [d for d in good if must_name in d.message]
        assert good, f"no error message names {must_name!r}\n{shown}"
    if col is not None:
        assert any(d.col == col for d in good), f"expected col {col}\n{shown}"
    assert "claim" not in [c.id for c in report.claims], "broken claim was loaded"
    return good


def check_expr(tmp_path, expr, keywords, symbols=("x: scalar",), extra=""):
    """Write a claim whose claim expression is ``expr``; expect an error there."""
    text = claim_file(expr, symbols, extra)
    path = write(tmp_path, text)
    report, elapsed = run([path])
    return assert_error(report, elapsed, path, line_of(text, "claim:"), keywords)


# --------------------------------------------------------------------------
# control: the templates the hostile tests start from are valid


@pytest.mark.parametrize(
    "text",
    [
        BASE,
        claim_file("x.T**2 >= 0"),
        claim_file("sum(x**2) >= 0", symbols=("x: vector[3]",)),
        claim_file("sum(x, axis=0) == sum(x)", symbols=("x: matrix[2, 3]",)),
        claim_file("f - x == 1", extra='define:\n  f: "x + 1"\n'),
        claim_file("x**2 > 0", extra='given:\n  - "x != 0"\n'),
        "title: t\ndims:\n  n: [3]\nsymbols:\n  A: matrix[n, n]\n"
        'claim: "trace(A @ A.T) >= 0"\n',
    ],
    ids=["base", "transpose", "vector", "axis", "define", "given-ne", "dims"],
)
def test_control_valid_claim_loads(tmp_path, text):
    path = write(tmp_path, text)
    report, elapsed = run([path])
    shown = "\n".join(str(d) for d in report.diagnostics)
    assert report.ok, shown
    assert not [d for d in report.diagnostics if d.severity == "error"], shown
    assert [c.id for c in report.claims] == ["claim"]
    assert elapsed < 1.0


# --------------------------------------------------------------------------
# code injection: nothing may run

INJECTIONS = {
    "import-os-system": "__import__('os').system('touch MARK') == 0",
    "dunder-subclasses-globals": (
        "().__class__.__base__.__subclasses__()[0].__init__.__globals__"
        "['__builtins__']['__import__']('os').system('touch MARK') == 0"
    ),
    "lambda-call": "(lambda: __import__('os').system('touch MARK'))() == 0",
    "list-comprehension": "sum([__import__('os').system('touch MARK') for i in [1]]) == 0",
    "set-comprehension": "sum({__import__('os').system('touch MARK') for i in [1]}) == 0",
    "dict-comprehension": "sum({i: __import__('os').system('touch MARK') for i in [1]}) == 0",
    "generator": "sum(__import__('os').system('touch MARK') for i in [1]) == 0",
    "f-string": "f\"{__import__('os').system('touch MARK')}\" == '0'",
}


@pytest.mark.parametrize("template", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_code_injection_in_claim_is_not_executed(tmp_path, template):
    marker = tmp_path / "MARKER"
    expr = template.replace("MARK", str(marker))
    check_expr(
        tmp_path,
        expr,
        UNSUPPORTED
        + ("__import__", "attribute", "lambda", "comprehension", "generator")
        + ("string", "call", "function", "dunder"),
    )
    assert not marker.exists(), "claim text was executed"


def test_code_injection_in_define_is_not_executed(tmp_path):
    marker = tmp_path / "MARKER"
    payload = f"__import__('os').system('touch {marker}')"
    text = claim_file("x**2 + f >= f", extra=f"define:\n  f: {yq(payload)}\n")
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "  f:"), UNSUPPORTED + ("attribute",))
    assert not marker.exists(), "definition text was executed"


def test_code_injection_in_given_is_not_executed(tmp_path):
    marker = tmp_path / "MARKER"
    payload = f"__import__('os').system('touch {marker}') == 0"
    text = claim_file("x**2 >= 0", extra=f"given:\n  - {yq(payload)}\n")
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "__import__"), UNSUPPORTED + ("attribute",))
    assert not marker.exists(), "given text was executed"


@pytest.mark.parametrize(
    "expr",
    [
        "len(x.__class__.__bases__[0].__subclasses__()) >= 0",
        "x.__class__ == x.__class__",
    ],
    ids=["subclasses", "class"],
)
def test_dunder_attribute_chain(tmp_path, expr):
    check_expr(tmp_path, expr, UNSUPPORTED + ("attribute", "__class__", "dunder"))


def test_lambda(tmp_path):
    check_expr(tmp_path, "(lambda: 1)() >= 0", UNSUPPORTED + ("lambda",))


@pytest.mark.parametrize(
    "expr",
    [
        "sum([i for i in x]) >= 0",
        "sum({i for i in x}) >= 0",
        "sum({i: i for i in x}) >= 0",
        "sum(i for i in x) >= 0",
    ],
    ids=["list", "set", "dict", "generator"],
)
def test_comprehension(tmp_path, expr):
    check_expr(
        tmp_path,
        expr,
        UNSUPPORTED + ("comprehension", "generator", "list", "set", "dict"),
        symbols=("x: vector[3]",),
    )


@pytest.mark.parametrize(
    "expr",
    ["x**2 >= len('abc')", "'abc' == 'abc'", "x**2 >= f'{x}'"],
    ids=["str-call", "str-compare", "f-string"],
)
def test_string_literal(tmp_path, expr):
    check_expr(tmp_path, expr, UNSUPPORTED + ("string", "str", "f-string", "format"))


@pytest.mark.parametrize(
    "expr, symbols",
    [
        ("x.real >= 0", ("x: scalar",)),
        ("x.imag == 0", ("x: scalar",)),
        ("np.linalg.norm(x) >= 0", ("x: vector[3]",)),
        ("x.sum() >= 0", ("x: vector[3]",)),
    ],
    ids=["real", "imag", "np-linalg", "method"],
)
def test_attribute_other_than_T(tmp_path, expr, symbols):
    check_expr(tmp_path, expr, UNSUPPORTED + ("attribute", ".t", "np"), symbols=symbols)


# --------------------------------------------------------------------------
# YAML: no tags, no aliases, no duplicate keys, one mapping per file


@pytest.mark.parametrize(
    "line",
    [
        'description: !!python/object/apply:os.system ["touch MARK"]',
        "description: !!python/name:os.system ''",
        'description: !!python/object/new:os.system ["touch MARK"]',
        'title: !!python/object/apply:subprocess.check_output [["touch", "MARK"]]',
    ],
    ids=["object-apply", "name", "object-new", "subprocess-title"],
)
def test_python_yaml_tag(tmp_path, line):
    marker = tmp_path / "MARKER"
    line = line.replace("MARK", str(marker))
    if line.startswith("title:"):
        text = line + "\n" + BASE.split("\n", 1)[1]
    else:
        text = BASE + line + "\n"
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "!!python"), TAG)
    assert not marker.exists(), "YAML tag was executed"


def billion_laughs() -> str:
    """``tags:`` with anchors &a0..&a9, each level aliasing the previous 10 times."""
    rows = ["  - &a0 [" + ", ".join(['"lol"'] * 10) + "]"]
    for level in range(1, 10):
        rows.append(f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "tags:\n" + "\n".join(rows) + "\n"


def test_billion_laughs(tmp_path):
    text = BASE + billion_laughs()
    path = write(tmp_path, text)
    report, elapsed = run([path])
    # Rejected at the first anchor (&a0) or at the first alias (*a0).
    lines = {line_of(text, "&a0"), line_of(text, "*a0")}
    assert_error(report, elapsed, path, lines, ALIAS)


def test_recursive_alias(tmp_path):
    text = BASE + "tags: &a [*a]\n"
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "&a"), ALIAS)


def test_harmless_alias_is_still_rejected(tmp_path):
    text = 'title: &t "x squared is nonnegative"\ndescription: *t\n' + BASE.split("\n", 1)[1]
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, {1, 2}, ALIAS)


def test_duplicate_top_level_key(tmp_path):
    text = BASE + 'claim: "x**2 >= -1"\n'
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "claim:", nth=2), ("duplicate",))


def test_duplicate_symbol(tmp_path):
    text = claim_file("x**2 >= 0", symbols=("x: scalar", "x: positive"))
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "x: positive"), ("duplicate",))


def test_document_is_a_list(tmp_path):
    text = "- " + BASE.replace("\n", "\n  ").rstrip() + "\n"
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(
        report,
        elapsed,
        path,
        1,
        ("mapping", "dict", "list", "sequence", "object", "top-level", "top level"),
    )


def test_two_yaml_documents(tmp_path):
    text = BASE + "---\n" + BASE.replace("x squared", "second x squared")
    path = write(tmp_path, text)
    report, elapsed = run([path])
    sep = line_of(text, "---")
    assert_error(
        report,
        elapsed,
        path,
        {sep, sep + 1},
        ("document", "multiple", "single", "one", "---", "stream"),
    )


def test_empty_file(tmp_path):
    path = write(tmp_path, "")
    report, elapsed = run([path])
    assert_error(
        report,
        elapsed,
        path,
        1,
        ("empty", "mapping", "missing", "required", "title", "claim", "nothing", "no "),
    )


@pytest.mark.parametrize(
    "content, bad_line",
    [
        (BASE.encode() + b'description: "bad \xff\xfe byte"\n', 5),
        (b"title: caf\xc3 ok\n" + BASE.encode().split(b"\n", 1)[1], 1),
        (BASE.encode().replace(b"x**2 >= 0", b"x**2 >= 0 \x80"), 4),
    ],
    ids=["description", "title", "claim"],
)
def test_invalid_utf8(tmp_path, content, bad_line):
    path = write(tmp_path, content)
    report, elapsed = run([path])
    assert_error(
        report,
        elapsed,
        path,
        bad_line,
        ("utf-8", "utf8", "decode", "encoding", "byte", "unicode"),
    )


def test_five_megabyte_file(tmp_path):
    text = BASE + 'description: "' + "a" * (5 * 1024 * 1024) + '"\n'
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, 1, TOO_BIG + ("bytes", "mb", "kb"))


# --------------------------------------------------------------------------
# caps on expression size and numbers


def test_deeply_nested_parentheses(tmp_path):
    expr = "(" * 20000 + "x" + ")" * 20000 + " >= 0"
    check_expr(
        tmp_path, expr, TOO_BIG + ("nest", "deep", "depth", "complex", "recursion", "parenthes")
    )


@pytest.mark.parametrize(
    "expr",
    [
        "(" * 1900 + "x" + ")" * 1900 + " >= 0",
        "x" + " + x" * 900 + " >= 0",
        "-" * 3900 + "x**2 >= 0",
        "x" + "**x" * 1200 + " >= 0",
        "abs(" * 790 + "x" + ")" * 790 + " >= 0",
    ],
    ids=["parens-1900", "sum-chain-900", "unary-3900", "power-chain-1200", "calls-790"],
)
def test_deep_expression_under_length_cap(tmp_path, expr):
    # Short enough to pass a length cap, deep enough to break a recursive walker.
    check_expr(
        tmp_path,
        expr,
        TOO_BIG + ("nest", "deep", "depth", "complex", "recursion", "parenthes", "bracket"),
    )


@pytest.mark.parametrize(
    "expr",
    ["x**2 + 9**9**9 >= 0", "(x + 1)**100000 >= 0", "x**(10**10) >= 0"],
    ids=["9**9**9", "(x+1)**100000", "x**(10**10)"],
)
def test_huge_exponent(tmp_path, expr):
    check_expr(tmp_path, expr, TOO_BIG + ("exponent", "power", "overflow"))


def test_huge_integer_literal(tmp_path):
    expr = "x**2 + " + str(10**40) + " >= 0"
    check_expr(tmp_path, expr, TOO_BIG + ("integer", "literal", "number", "digits"))


@pytest.mark.parametrize(
    "dims_line, symbol_line",
    [
        ("  n: [100000]", "  A: matrix[n, n]"),
        ("  n: 1..100000", "  A: matrix[n, n]"),
        ("  n: [2]", "  A: matrix[100000, 100000]"),
    ],
    ids=["dims-list", "dims-range", "literal-shape"],
)
def test_huge_dims(tmp_path, dims_line, symbol_line):
    text = (
        "title: hostile claim\n"
        f"dims:\n{dims_line}\n"
        f"symbols:\n{symbol_line}\n"
        'claim: "trace(A @ A.T) >= 0"\n'
    )
    path = write(tmp_path, text)
    report, elapsed = run([path])
    lines = {line_of(text, dims_line), line_of(text, symbol_line)}
    assert_error(report, elapsed, path, lines, TOO_BIG + ("memory", "dim"))


# --------------------------------------------------------------------------
# definitions


def test_self_recursive_definition(tmp_path):
    text = claim_file("x**2 + f >= f", extra='define:\n  f: "f + 1"\n')
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, line_of(text, "  f:"), RECURSION)


@pytest.mark.parametrize(
    "define, claim",
    [
        ('  f(u): "g(u) + 1"\n  g(u): "f(u) - 1"\n', "f(x) >= g(x)"),
        ('  a: "b + 1"\n  b: "a - 1"\n', "a >= b"),
        ('  f(u): "f(u) + 1"\n', "f(x) >= x"),
    ],
    ids=["mutual-functions", "mutual-names", "self-function"],
)
def test_recursive_definitions(tmp_path, define, claim):
    text = claim_file(claim, extra="define:\n" + define)
    path = write(tmp_path, text)
    report, elapsed = run([path])
    first = line_of(text, "define:") + 1
    lines = set(range(first, first + define.count("\n")))
    assert_error(report, elapsed, path, lines, RECURSION)


# --------------------------------------------------------------------------
# names


def test_undeclared_name_is_named_and_located(tmp_path):
    text = claim_file("x**2 + velocity >= 0")
    path = write(tmp_path, text)
    report, elapsed = run([path])
    line = line_of(text, "velocity")
    col = text.splitlines()[line - 1].index("velocity") + 1
    assert_error(
        report,
        elapsed,
        path,
        line,
        ("unknown", "undefined", "undeclared", "not declared", "not defined", "name"),
        col=col,
        must_name="velocity",
    )


def test_undeclared_name_in_given_is_located(tmp_path):
    text = claim_file("x**2 >= 0", extra='given:\n  - "x >= 0"\n  - "speed > 0"\n')
    path = write(tmp_path, text)
    report, elapsed = run([path])
    line = line_of(text, "speed")
    col = text.splitlines()[line - 1].index("speed") + 1
    assert_error(
        report,
        elapsed,
        path,
        line,
        ("unknown", "undefined", "undeclared", "not declared", "not defined", "name"),
        col=col,
        must_name="speed",
    )


def test_unicode_identifier_undeclared(tmp_path):
    check_expr(
        tmp_path,
        "x**2 + λ >= 0",
        UNSUPPORTED + ("λ", "identifier", "name", "ascii", "unicode", "character"),
    )


def test_unicode_identifier_declared(tmp_path):
    text = claim_file("λ**2 >= 0", symbols=("λ: scalar",))
    path = write(tmp_path, text)
    report, elapsed = run([path])
    lines = {line_of(text, "λ: scalar"), line_of(text, "claim:")}
    assert_error(
        report,
        elapsed,
        path,
        lines,
        UNSUPPORTED + ("λ", "identifier", "name", "ascii", "unicode", "character"),
    )


# --------------------------------------------------------------------------
# schema


def test_unknown_key_typo(tmp_path):
    text = BASE + 'claims: "x**4 >= 0"\n'
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(
        report,
        elapsed,
        path,
        line_of(text, "claims:"),
        ("unknown", "unexpected", "not allowed", "unrecognized", "unrecognised", "invalid"),
        must_name="claims",
    )


def test_missing_title(tmp_path):
    text = BASE.split("\n", 1)[1]
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, 1, ("title",))


def test_missing_claim(tmp_path):
    text = "\n".join(BASE.splitlines()[:3]) + "\n"
    path = write(tmp_path, text)
    report, elapsed = run([path])
    assert_error(report, elapsed, path, 1, ("claim",))


# --------------------------------------------------------------------------
# expression syntax outside the language


@pytest.mark.parametrize(
    "expr, symbols, extra_keywords",
    [
        ("(x := 1) >= 0", ("x: scalar",), ("walrus", "assign", ":=", "named")),
        ("(x if x else 1) >= 0", ("x: scalar",), ("conditional", "if", "ternary")),
        ("x >= 0 and y >= 0", ("x: scalar", "y: scalar"), ("and", "boolean", "logical")),
        ("not x >= 0", ("x: scalar",), ("not", "boolean", "logical")),
        ("x >= 0 or x < 0", ("x: scalar",), ("or", "boolean", "logical")),
        ("sum(*x) >= 0", ("x: vector[3]",), ("star", "unpack", "*")),
        ("sum(x, **x) >= 0", ("x: vector[3]",), ("keyword", "**", "unpack", "kwargs")),
        ("x[0]**2 >= 0", ("x: scalar",), ("index", "scalar", "subscript", "shape", "dimension")),
        ("sum(x, foo=1) >= 0", ("x: vector[3]",), ("foo", "keyword", "argument")),
        ("x**2 >= 0 if x else 1", ("x: scalar",), ("conditional", "if", "ternary")),
    ],
    ids=[
        "walrus",
        "if-else",
        "and",
        "not",
        "or",
        "starred-call",
        "double-star-call",
        "index-scalar",
        "unknown-keyword",
        "if-else-outer",
    ],
)
def test_expression_outside_language(tmp_path, expr, symbols, extra_keywords):
    check_expr(tmp_path, expr, UNSUPPORTED + extra_keywords, symbols=symbols)


def test_claim_is_not_boolean(tmp_path):
    check_expr(
        tmp_path,
        "x + 1",
        ("bool", "relation", "comparison", "predicate", "true", "truth", "compar"),
    )


def test_not_equal_in_claim(tmp_path):
    check_expr(
        tmp_path,
        "x**2 != -1",
        ("!=", "given", "not equal", "inequality", "not allowed", "only"),
    )


def test_predicate_inside_expression(tmp_path):
    check_expr(
        tmp_path,
        "psd(A) + 1 >= 1",
        ("predicate", "psd", "whole claim", "only", "boolean", "bool", "top"),
        symbols=("A: matrix[2, 2]",),
    )


# --------------------------------------------------------------------------
# one hostile file does not stop the others


HOSTILE_FILES = {
    "python-tag": (BASE + 'description: !!python/object/apply:os.system ["true"]\n').encode(),
    "billion-laughs": (BASE + billion_laughs()).encode(),
    "recursive-alias": (BASE + "tags: &a [*a]\n").encode(),
    "invalid-utf8": BASE.encode() + b"description: \xff\xfe\n",
    "list-document": b"- 1\n- 2\n",
    "huge-exponent": claim_file("x**2 + 9**9**9 >= 0").encode(),
    "nested-parens": claim_file("(" * 20000 + "x" + ")" * 20000 + " >= 0").encode(),
    "injection": claim_file("__import__('os').system('true') == 0").encode(),
    "empty": b"",
}


@pytest.mark.parametrize("content", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_directory_with_hostile_file_still_loads_valid_one(tmp_path, content):
    root = tmp_path / "claims"
    (root / "sub").mkdir(parents=True)
    bad = write(root, content, "bad.yaml")
    write(root / "sub", BASE, "good.yml")
    report, elapsed = run([root])
    shown = "\n".join(str(d) for d in report.diagnostics)
    ids = [c.id for c in report.claims]
    assert "good" in ids, shown
    assert "bad" not in ids, shown
    assert report.ok is False, shown
    errors = [d for d in report.diagnostics if d.severity == "error"]
    assert any(same_file(d.path, bad) for d in errors), shown
    assert not any(d.path.endswith("good.yml") for d in errors), shown
    assert elapsed < 1.0, f"took {elapsed:.2f}s\n{shown}"
