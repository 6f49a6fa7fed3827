"""The inequality and hypothesis corpus (issue 12): tests/corpus_inequalities/, one claim per file.

Acceptance: of the true claims (`expect: true`, the default), at least 90% are
`proved`, and the folder holds at least 60 of them; none of the false ones (`expect: false`)
is proved, and every false one is falsified with a confirmed counterexample.
Every file must load, and no true claim may be falsified or end in an error.
"""

from __future__ import annotations

from pathlib import Path

import proofcheck.numeric.engine  # noqa: F401  loaded once here: the forked workers inherit them
import proofcheck.symbolic.engine  # noqa: F401
from proofcheck.api import Settings, check_paths
from proofcheck.gate.runner import Limits, run_claims

CORPUS = Path(__file__).resolve().parent / "corpus_inequalities"
MIN_TRUE = 60
MIN_PROVED = 0.90


def test_corpus_acceptance_figures():
    report = check_paths([str(CORPUS)])
    assert report.ok, [str(d) for d in report.diagnostics]
    results = run_claims(report.claims, Settings(), Limits(timeout=60.0, jobs=2))
    true = [r for r in results if r.expect]
    false = [r for r in results if not r.expect]
    proved = [r for r in true if r.status == "proved"]
    share = len(proved) / max(len(true), 1)
    print(f"\ncorpus_inequalities: {len(proved)} of {len(true)} true claims proved ({share:.0%}); "
          f"{sum(r.status == 'falsified' for r in false)} of {len(false)} false claims falsified")
    for r in true:
        if r.status != "proved":
            print(f"  not proved: {r.id}: {r.status}: {r.message}")
    assert not [r.id for r in false if r.status == "proved" or r.symbolic.get("status") == "proved"]
    assert [r.id for r in false if r.status != "falsified"] == []
    assert [(r.id, r.message) for r in true if r.status in ("falsified", "error")] == []
    assert len(true) >= MIN_TRUE
    assert share >= MIN_PROVED, f"{len(proved)} of {len(true)} true claims proved"
