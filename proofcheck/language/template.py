"""The commented claim file written by `proofcheck new`."""

TEMPLATE = '''\
# yaml-language-server: $schema=../proofcheck.schema.json
# A proofcheck claim. Every key is explained in the README; `proofcheck check`
# validates this file, `proofcheck verify` proves or falsifies it.

title: The squared norm of a vector is nonnegative   # one line, in words
# id: {id}                      # defaults to the file name
source: "Question 0"            # where the claim comes from
description: |
  Free text (Markdown): why the claim matters, which step of the text it checks.
tags: [example]

dims:                           # sizes; the claim must hold for each combination
  n: 1..                        # every size from 1 on; also a range 2..5, a list [1, 2, 4] or a number

symbols:                        # the universally quantified variables
  w: vector[n]                  # [domain] [structure] kind, e.g. `pd matrix[n, n]`
  a: positive scalar            # domains: real positive nonnegative negative nonpositive nonzero integer
  # t: {{domain: [0, 1]}}         # an interval domain (long form); open ends: "(0, 1)", "[0, 1)", "(1, inf)"
  # p: simplex vector[n]        # vector structures: simplex (a probability vector), unit (norm 1)

define:                         # named expressions and functions, in order
  sq: "w @ w"
  scaled(u): "a * u"            # a function; arguments are positional

# given:                        # extra assumptions
#   - "norm(w) > 0"

claim: "scaled(sq) >= 0"        # a relation or psd(M), pd(M), convex(f, x), concave(f, x)

proof: |                        # optional: a calculational chain, one step per line
  scaled(sq)
  == a * sum(w**2)              # expand the dot product
  >= 0                          # a positive factor times a sum of squares

# expect: false                 # when the claim is FALSE and a counterexample is expected
# check: {{samples: 20000, seed: 1, sample_dims: {{n: 2..50}}}}
'''


def template(claim_id: str) -> str:
    return TEMPLATE.format(id=claim_id)
