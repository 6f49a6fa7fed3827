"""Function laws (catalog `laws`, and Jensen and tangent lines from curvature): each holds
under sampling, the prover uses them, and no wrong variant of one is ever proved."""

from __future__ import annotations

import json

import pytest

from proofcheck.language.catalog import CATALOG
from proofcheck.language.laws import laws_of, pattern, value_bounds
from proofcheck.numeric.engine import falsify
from proofcheck.symbolic.engine import prove
from claimtools import load

ALL_LAWS = [(f.name, law) for f in CATALOG.values() for law in laws_of(f)]


def law_claim(fn: str, law) -> str:
    """The law as a claim file: its variables as symbols (vectors for a reduction), its side
    conditions as `given`, and the count of entries as the dim n."""
    func, p = CATALOG[fn], pattern(law, fn)
    counts = dict(law.counts)
    assert set(counts) <= {"n"}
    vector = {v for v in p.variables if func.kind == "reduction" and v not in law.scalars and v not in counts}
    symbols = {v: "vector[n]" if v in vector else "scalar" for v in sorted(p.variables - set(counts))}
    text = f"symbols: {json.dumps(symbols)}\nclaim: {json.dumps(law.text)}\n"
    if vector or counts:
        text = "dims: {n: 1..3}\n" + text
    if law.given:
        text += f"given: {json.dumps(list(law.given))}\n"
    return text


def test_every_function_with_a_curvature_or_laws_is_covered():
    names = {fn for fn, _ in ALL_LAWS}
    assert {"exp", "log", "log1p", "sigmoid", "tanh", "logsumexp", "relu", "softplus", "var", "std", "sqrt"} <= names
    assert len(ALL_LAWS) >= 40


@pytest.mark.parametrize("fn, law", ALL_LAWS, ids=[f"{fn}: {law.text}" for fn, law in ALL_LAWS])
def test_every_law_holds_under_sampling(tmp_path, fn, law):
    assert law.why, "every law says why it holds"
    result = falsify(load(tmp_path, law_claim(fn, law)), samples=3000)
    assert result.status == "passed", result.message


EXPLICIT = [(f.name, law) for f in CATALOG.values() for law in f.laws]


@pytest.mark.parametrize("fn, law", EXPLICIT, ids=[f"{fn}: {law.text}" for fn, law in EXPLICIT])
def test_every_declared_law_is_proved_as_stated(tmp_path, fn, law):
    result = prove(load(tmp_path, law_claim(fn, law)))
    assert result.status == "proved", result.message


def test_bounds_come_from_the_unconditional_laws_with_a_constant_side():
    from fractions import Fraction

    assert value_bounds(CATALOG["sigmoid"]) == (Fraction(0), True, Fraction(1), True)
    assert value_bounds(CATALOG["tanh"]) == (Fraction(-1), True, Fraction(1), True)
    assert value_bounds(CATALOG["log"]) == (None, False, None, False)  # its laws need u > 0


# (claim, method, a fragment of the certificate)
PROVED = [
    ('symbols: {x: scalar}\nclaim: "exp(x) >= 1 + x"', "facts", "exp(u) >= 1 + u with u = x"),
    ('symbols: {x: positive}\nclaim: "log(x) <= x - 1"', "facts", "log(u) <= u - 1 with u = x"),
    ('symbols: {x: scalar}\ngiven: ["x > 0"]\nclaim: "x - 1 >= log(x)"', "facts", "with u = x"),
    ('symbols: {y: scalar}\nclaim: "exp(2*y - 1) >= 2*y"', "facts", "u = 2 * y - 1"),
    ('symbols: {x: scalar, y: scalar}\nclaim: "3*exp(x) + exp(y) >= 4 + 3*x + y"', "facts", "times 3"),
    ('symbols: {x: scalar}\nclaim: "exp(x) > x"', "facts", "the rest is positive"),
    ('symbols: {x: scalar}\nclaim: "1 - sigmoid(x) > 0"', "positivity", "value bounds"),
    ('symbols: {x: scalar}\nclaim: "-tanh(x) + 1 > 0"', "positivity", "value bounds"),
    ('symbols: {x: scalar}\nclaim: "-1 < tanh(x)"', "positivity", ""),
    ('dims: {n: 2..3}\nsymbols: {x: "vector[n]"}\nclaim: "logsumexp(x) - log(n) <= max(x)"', "facts", "log(n)"),
    ('symbols: {a: scalar, b: scalar, t: {domain: [0, 1]}}\n'
     'claim: "t*exp(a) + (1 - t)*exp(b) >= exp(t*a + (1 - t)*b)"', "facts", "Jensen"),
    ('symbols: {a: scalar, b: scalar, t: scalar}\ngiven: ["0 <= t", "t <= 1"]\n'
     'claim: "exp(a*t + b*(1 - t)) <= t*exp(a) + (1 - t)*exp(b)"', "facts", "Jensen"),
    ('symbols: {a: scalar, b: scalar}\nclaim: "softplus(b) >= softplus(a) + sigmoid(a)*(b - a)"', "facts", "tangent"),
    ('symbols: {a: positive, b: nonnegative}\nclaim: "sqrt(b) <= sqrt(a) + (b - a)/(2*sqrt(a))"', "facts",
     "tangent"),
    ('dims: {n: 1..3}\nsymbols: {a: "vector[n]", b: "vector[n]"}\n'
     'claim: "std((a + b)/2) <= (std(a) + std(b))/2"', "facts", "midpoint"),
]


@pytest.mark.parametrize("body, method, fragment", PROVED)
def test_the_prover_uses_the_laws(tmp_path, body, method, fragment):
    result = prove(load(tmp_path, body))
    assert result.status == "proved", result.message
    assert method in result.method
    assert fragment in "\n".join(result.certificate)


def test_a_proof_step_is_justified_by_a_law(tmp_path):
    result = prove(load(tmp_path, """\
        symbols: {a: scalar, b: scalar}
        claim: "exp(a) + exp(b) >= 2 + a + b"
        proof: |
          exp(a) + exp(b)
          >= 1 + a + exp(b)     # the law of exp at u = a
          >= 1 + a + 1 + b      # and at u = b
          == 2 + a + b
    """))
    assert result.status == "proved", result.message
    text = "\n".join(result.certificate)
    assert "line 6: >= by facts" in text and "line 7: >= by facts" in text
    assert "with u = a" in text and "with u = b" in text


# False variants: a wrong constant, a missing condition, a flipped direction, a law used
# outside its side conditions; each is false (the comment gives a counterexample) and must
# neither be proved nor escape the numeric engine.
FALSE = [
    ('symbols: {x: scalar}\nclaim: "exp(x) >= 1 + 1.01*x"', "x = 1/100"),
    ('symbols: {x: scalar}\nclaim: "exp(x) <= 1 + x"', "x = 1"),
    ('symbols: {x: scalar}\nclaim: "exp(x) > 1 + x"', "x = 0"),
    ('symbols: {x: scalar}\nclaim: "log(x) <= x - 1"', "x = 0: log undefined"),
    ('symbols: {x: positive}\nclaim: "log(x) <= x - 1.1"', "x = 1"),
    ('symbols: {x: positive}\nclaim: "log(x) < x - 1"', "x = 1"),
    ('symbols: {x: positive}\nclaim: "log(x) >= 1 - 1/x + 1/100"', "x = 1"),
    ('symbols: {x: scalar}\nclaim: "sigmoid(x) < 0.99"', "x = 5"),
    ('symbols: {x: scalar}\nclaim: "sigmoid(x) - 1 >= 0"', "x = 0"),
    ('symbols: {x: scalar}\nclaim: "tanh(x) > -0.99"', "x = -3"),
    ('symbols: {x: scalar}\nclaim: "tanh(x) + 1 > 1"', "x = 0"),
    ('dims: {n: 2..3}\nsymbols: {x: "vector[n]"}\nclaim: "logsumexp(x) <= max(x)"', "x = 0"),
    ('dims: {n: 2..3}\nsymbols: {x: "vector[n]"}\nclaim: "logsumexp(x) <= max(x) + log(n) - 1/100"', "x = 0"),
    ('dims: {n: 2..3}\nsymbols: {x: "vector[n]"}\nclaim: "max(x) < logsumexp(x) - log(n)"', "x = 0"),
    ('symbols: {x: scalar}\nclaim: "softplus(x) >= relu(x) + log(2)"', "x = 1"),
    ('symbols: {x: scalar}\nclaim: "relu(x) > x"', "x = 1"),
    ('symbols: {x: scalar}\nclaim: "log1p(x) <= x"', "x = -1: log1p undefined"),
    ('symbols: {x: scalar}\ngiven: ["x > -1"]\nclaim: "log1p(x) >= x"', "x = 1"),
    # Jensen: a weight outside [0, 1]; per-entry weights; points of another shape (broadcast)
    ('symbols: {a: scalar, b: scalar, t: scalar}\nclaim: "exp(t*a + (1 - t)*b) <= t*exp(a) + (1 - t)*exp(b)"',
     "t = -1, a = 0, b = 1"),
    ('symbols: {a: scalar, b: scalar, t: {domain: [0, 1]}}\n'
     'claim: "exp(t*a + (1 - t)*b) >= t*exp(a) + (1 - t)*exp(b)"', "t = 1/2, a = 0, b = 2"),
    ('dims: {n: [2]}\nsymbols: {a: "vector[n]", b: "vector[n]", t: {shape: [n], domain: [0, 1]}}\n'
     'claim: "logsumexp(t*a + (1 - t)*b) <= t*logsumexp(a) + (1 - t)*logsumexp(b)"',
     "t = (1, 0), a = (0, -10), b = (-10, 0): entrywise weights"),
    ('dims: {n: [2]}\nsymbols: {a: "vector[n]", b: scalar, t: {domain: [0, 1]}}\n'
     'claim: "logsumexp(t*a + (1 - t)*b) <= t*logsumexp(a) + (1 - t)*logsumexp(b)"',
     "t = 1/2, a = (0, 0), b = 0: b is broadcast"),
    ('symbols: {a: positive, b: positive}\nclaim: "log((a + b)/2) <= (log(a) + log(b))/2"', "a = 1, b = 2"),
    # tangent lines: a wrong slope, the wrong side
    ('symbols: {a: scalar, b: scalar}\nclaim: "exp(b) >= exp(a) + 2*exp(a)*(b - a)"', "a = 0, b = 1"),
    ('symbols: {a: positive, b: positive}\nclaim: "log(b) >= log(a) + (b - a)/a"', "a = 1, b = 2"),
    ('symbols: {a: scalar, b: scalar}\nclaim: "softplus(b) >= softplus(a) + sigmoid(b)*(b - a)"', "a = 0, b = 4"),
    # a law relates values at a point: a call under a derivative is not one of its heads
    ('symbols: {x: scalar}\nclaim: "exp(x) - diff(exp(x), x) >= 1 + x"', "x = 0: 0 >= 1"),
    ('symbols: {x: scalar}\nclaim: "2*exp(x) - diff(exp(x), x) >= 2 + 2*x"', "x = 1"),
    # a chain whose step needs exp(u) >= 1 + 2u
    ('symbols: {a: scalar}\nclaim: "exp(a) >= 1 + 2*a"\nproof: |\n  exp(a)\n  >= 1 + 2*a', "a = 1"),
]


@pytest.mark.parametrize("body, why", FALSE, ids=[b.split("claim: ")[1].split("\n")[0] for b, _ in FALSE])
def test_wrong_variants_of_laws_are_never_proved_and_are_falsified(tmp_path, body, why):
    claim = load(tmp_path, body)
    proof = prove(claim)
    assert proof.status != "proved", f"{why}: {proof.certificate}"
    assert falsify(claim).status == "falsified", why
