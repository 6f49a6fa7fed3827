"""JSON report (SPEC section 10): a contract, so keys only get added.

Every string in the document (claim text, messages, file names, and any key
or value added later) is cleaned by safetext (a `message` line by line), and
the document is written as ASCII (ensure_ascii): it is valid JSON, valid
UTF-8, and safe to print to a CI log or a terminal even when not redirected.
"""

from __future__ import annotations

import json
import math

from ..language.safetext import block, clean
from ..gate.verify import summary


MULTI_LINE = {"message"}  # kept multi-line (each line cleaned); every other string is one line


def _safe(value, multi_line: bool = False):
    if isinstance(value, str):
        return block(value) if multi_line else clean(value)
    if isinstance(value, dict):
        return {_safe(k) if isinstance(k, str) else k: _safe(v, k in MULTI_LINE) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe(v, multi_line) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "-inf", "nan": JSON has no such numbers
    return value


def render(results: list, color: bool = False) -> str:
    document = {
        "version": 1,
        "summary": summary(results),
        "claims": [_safe(r.to_json()) for r in results],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False, default=str) + "\n"
