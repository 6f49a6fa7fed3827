"""JSON report (SPEC section 10): a contract, so keys only get added."""

from __future__ import annotations

import json

from ..verify import summary


def render(results: list, color: bool = False) -> str:
    document = {
        "version": 1,
        "summary": summary(results),
        "claims": [r.to_json() for r in results],
    }
    return json.dumps(document, indent=2) + "\n"
