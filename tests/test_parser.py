"""The expression parser: what it accepts, the IR it builds, and where errors point."""

from fractions import Fraction

import pytest

from proofcheck.language import ir
from proofcheck.language.errors import ClaimError, Loc
from proofcheck.language.parser import offset_map, parse_expression


def parse(text: str) -> ir.Expr:
    return parse_expression(text, offset_map(1, 1))


def error(text: str) -> ClaimError:
    with pytest.raises(ClaimError) as info:
        parse(text)
    return info.value


def test_decimals_are_exact():
    assert parse("0.1") == ir.Num(Fraction(1, 10))
    assert parse("1e-3") == ir.Num(Fraction(1, 1000))
    assert parse("2.50") == ir.Num(Fraction(5, 2))


def test_operators_and_precedence():
    expr = parse("-x**2 + a @ b / 2")
    assert expr == ir.Bin(
        "+",
        ir.Neg(ir.Bin("**", ir.Name("x"), ir.Num(Fraction(2)))),
        ir.Bin("/", ir.Bin("@", ir.Name("a"), ir.Name("b")), ir.Num(Fraction(2))),
    )


def test_unary_plus_is_dropped_and_transpose_is_a_node():
    assert parse("+X.T") == ir.Transpose(ir.Name("X"))


def test_indexing_slices_and_new_axes():
    expr = parse("f[:, None] - f[None, 1:k]")
    left, right = expr.left, expr.right
    assert left.items == (ir.Slice(None, None), ir.NewAxis())
    assert right.items == (ir.NewAxis(), ir.Slice(ir.Num(Fraction(1)), ir.Name("k")))


def test_calls_keep_keywords():
    expr = parse("sum(W, axis=1)")
    assert expr == ir.Call("sum", (ir.Name("W"),), (("axis", ir.Num(Fraction(1))),))
    assert expr.kwarg("axis") == ir.Num(Fraction(1))


def test_comparison_chain():
    expr = parse("0 <= t <= 1")
    assert expr.ops == ("<=", "<=")
    assert [ir.to_text(t) for t in expr.terms] == ["0", "t", "1"]


@pytest.mark.parametrize(
    "text",
    [
        "f @ L @ f",
        "sum(W * (f[:, None] - f[None, :])**2) / 2",
        "-x**2",
        "(-x)**2",
        "a - (b - c)",
        "a / (b * c)",
        "x**-1",
        "(u @ Sb @ u) / (u @ Sw @ u)",
        "sum(y[:k])**2 / k + sum(y[k:])**2 / (n - k)",
        "X.T @ w - y",
        "0 <= t <= 1",
        "norm(w, 1)",
    ],
)
def test_printer_round_trips(text):
    expr = parse(text)
    assert parse(ir.to_text(expr)) == expr


def test_equality_ignores_positions():
    assert parse("x + 1") == parse_expression("x   +   1", offset_map(9, 9))


def test_error_positions_are_in_file_coordinates():
    exc = error("x + 'abc'")
    assert exc.loc == Loc(1, 5)
    exc = parse_expression_error("a + b.real", offset_map(7, 10))
    assert exc.loc == Loc(7, 14)


def parse_expression_error(text, where):
    with pytest.raises(ClaimError) as info:
        parse_expression(text, where)
    return info.value


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("x // 2", "`//`"),
        ("x % 2", "`%`"),
        ("not x", "`not`"),
        ("~x", "`~`"),
        ("x is y", "comparisons"),
        ("x in y", "comparisons"),
        ("x if y else z", "conditional"),
        ("x and y", "`and`"),
        ("[]", "empty literal"),
        ("[*x]", "unpacking"),
        ("(x, y)", "tuple"),
        ("{x: 1}", "dict"),
        ("{x}", "set"),
        ("x[::2]", "step"),
        ("True", "not a number"),
        ("None", "new axis"),
        ("1j", "complex"),
        ("sum(*x)", "unpacking"),
        ("f(**x)", "unpacking"),
        ("x.y.T", "attribute"),
        ("(lambda: 1)()", "lambda"),
        ("[x for x in y]", "comprehension"),
        ("(x for x in y)", "comprehension"),
        ("f'{x}'", "string"),
        ("b'x'", "string"),
        ("__import__('os')", "not allowed"),
        ("_x + 1", "not allowed"),
        ("x +", "syntax"),
        ("", "empty"),
        ("   ", "empty"),
        ("1000000000000000", "too large"),
        ("x" * 5000, "too long"),
        ("(" * 60 + "x" + ")" * 60, "nested"),
        ("+".join(["x"] * 1600), "nested"),
        ("λ + 1", "not allowed"),
    ],
)
def test_rejected(text, fragment):
    assert fragment in error(text).message


def test_deep_unary_chain_is_refused_not_a_recursion_error():
    exc = error("-" * 3000 + "x")
    assert "nested" in exc.message
