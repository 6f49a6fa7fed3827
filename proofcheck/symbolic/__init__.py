"""The prover: sympy proves a claim, tactic by tactic, and says how.

engine (goals, side goals, scope), tactics (registered, cheapest first),
positivity (sign rules on the tree), dcp (convexity by composition), psd
(exact certificates), symsign (signs of sympy expressions), conditions
(definedness side goals), evaluate and context (the claim at each size).

May import: language, exact, sympy. Never numeric (the two engines share the
IR and nothing else), gate, reports or click.
"""
