"""JSON Schema (draft-07) of claim files, for editor completion and hover help.

The loader is the authority (it checks shapes, names and expressions); the
schema describes the keys and the form of their values.
"""

from __future__ import annotations

import json

from .catalog import CATALOG
from .model import DOMAINS, STRUCTURES

_EXPR = {"type": "string", "description": "An expression (Python syntax, NumPy semantics)."}
_NAME = "^[A-Za-z][A-Za-z0-9_]*$"
_DIM_VALUE = {
    "description": "A size: an integer, a list of integers, a range `lo..hi` that may use earlier dims, "
                   "or `lo..` (every size from lo on).",
    "oneOf": [
        {"type": "integer", "minimum": 1, "maximum": 1000},
        {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 1000}, "minItems": 1},
        {"type": "string", "pattern": r"^[^.]+\.\.[^.]*$"},
    ],
}
_INTERVAL = r"^\s*[\[(]\s*[^,\s]+\s*,\s*[^,\s]+\s*[\])]\s*$"
_DIMS = {"type": "object", "propertyNames": {"pattern": _NAME}, "additionalProperties": _DIM_VALUE}
_KIND = r"(scalar|vector\[\s*\w+\s*\]|matrix\[\s*\w+\s*,\s*\w+\s*\])"
_SHORT = (
    rf"^\s*(({'|'.join(DOMAINS)})(\s+|$))?(({'|'.join(STRUCTURES)})(\s+|$))?{_KIND}?\s*$"
)


def claim_schema() -> dict:
    functions = ", ".join(sorted(f for f in CATALOG if not f.startswith("_")))
    symbol = {
        "oneOf": [
            {
                "type": "string",
                "pattern": _SHORT,
                "description": "[domain] [structure] kind, e.g. `nonnegative symmetric matrix[n, n]`.",
            },
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "shape": {"type": "array", "maxItems": 2, "items": {"type": ["string", "integer"]}},
                    "domain": {
                        "oneOf": [
                            {"enum": list(DOMAINS)},
                            {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                            {"type": "string", "pattern": _INTERVAL,
                             "description": 'An interval with open or closed ends: "(0, 1)", "[0, 1)", "(1, inf)".'},
                        ]
                    },
                    "structure": {"enum": list(STRUCTURES)},
                },
            },
        ]
    }
    expressions = {"oneOf": [_EXPR, {"type": "array", "items": _EXPR, "minItems": 1}]}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://proofcheck.invalid/claim.schema.json",
        "title": "proofcheck claim file",
        "description": "One mathematical claim, proved by sympy and attacked by numpy.",
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "claim"],
        "properties": {
            "title": {"type": "string", "description": "One-line statement in words."},
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$",
                   "description": "Defaults to the file name without extension; unique within a run."},
            "source": {"type": "string", "description": "Where the claim comes from, e.g. \"Question 6\"."},
            "description": {"type": "string", "description": "Free text (Markdown)."},
            "tags": {"type": "array", "items": {"type": "string"}},
            "dims": _DIMS,
            "symbols": {"type": "object", "propertyNames": {"pattern": _NAME}, "additionalProperties": symbol},
            "define": {
                "type": "object",
                "description": "Named expressions `name: expr` and functions `name(a, b): expr`, in order.",
                "propertyNames": {"pattern": r"^[A-Za-z][A-Za-z0-9_]*(\s*\(.*\))?$"},
                "additionalProperties": _EXPR,
            },
            "given": {**expressions, "description": "Extra assumptions (relations; `!=` allowed)."},
            "claim": {
                **expressions,
                "description": f"A relation, or psd(M), pd(M), convex(f, x), concave(f, x). Functions: {functions}.",
            },
            "proof": {"type": "string", "description": "A calculational chain: one step per line, each after "
                      "the first starting with == <= < >= >; `#` starts a comment."},
            "expect": {"type": "boolean", "default": True,
                       "description": "false: the claim is false and a counterexample is expected."},
            "check": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "samples": {"type": "integer", "minimum": 1},
                    "seed": {"type": "integer", "minimum": 0},
                    "timeout": {"type": "number", "exclusiveMinimum": 0},
                    "rtol": {"type": "number", "exclusiveMinimum": 0, "maximum": 1e-6},
                    "sample_dims": _DIMS,
                },
            },
            "uses": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}},
        },
    }


def schema_json() -> str:
    return json.dumps(claim_schema(), indent=2) + "\n"
