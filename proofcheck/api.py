"""The public library API: find claim files, load and check them, verify claims.

    from proofcheck.api import check_paths, Settings, verify_claim
    report = check_paths(["claims"])
    results = [verify_claim(claim, Settings()) for claim in report.claims]

Everything here is re-exported from the layers below (gate, language); the
names stay stable when the layers move.
"""

from __future__ import annotations

from .gate.collect import CLAIM_SUFFIXES, CheckReport, Discovery, PathError, check_paths, discover, load_files
from .gate.verify import ClaimResult, Settings, verify_claim
from .language.errors import Diagnostic
from .language.model import Claim

__all__ = ["CLAIM_SUFFIXES", "Claim", "ClaimResult", "CheckReport", "Diagnostic", "Discovery", "PathError",
           "Settings", "check_paths", "discover", "load_files", "verify_claim"]
