"""The claim language: claim files to checked `Claim`s.

Safe reading (safefiles, yamlsafe), the expression parser and its tree (parser,
ir), the function catalog, shapes and sign lattice (catalog, shape, typecheck,
signs), name resolution and loading (resolve, refine, loader, model, proofs,
goals), errors and text escaping (errors, safetext), and what editors get
(schema, template).

May import: the standard library and PyYAML only; no other layer of proofcheck,
never sympy, numpy or click at import time (the CLI's start-up path runs here).
"""
