"""proofcheck: check the mathematics in course materials.

A sympy engine proves claims written as YAML files; a numpy engine tries to
falsify them. This package's import is light: engines load on first use.
"""

__version__ = "0.1.0"
