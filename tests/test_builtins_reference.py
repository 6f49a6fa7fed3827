"""The reference of the built-ins: generated from the catalog, committed as docs/builtins.md, light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from proofcheck.cli import main
from proofcheck.language.catalog import CATALOG
from proofcheck.reports.builtins import render

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_reference_is_the_catalog_s():
    committed = (ROOT / "docs" / "builtins.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/builtins.md is stale: run `proofcheck builtins -o docs/builtins.md`"


def test_every_public_builtin_has_an_entry_with_its_facts():
    text = render()
    for func in CATALOG.values():
        if not func.name.startswith("_"):
            assert f"### `{func.signature()}`" in text, func.name
    sqrt = text.split("### `sqrt(x)`")[1].split("###")[0]
    assert "- defined: where `x >= 0`" in sqrt and "- differentiable: where `x > 0`" in sqrt
    assert "positive -> positive" in sqrt and "- curvature: concave, nondecreasing" in sqrt
    inv = text.split("### `inv(A)`")[1].split("###")[0]
    assert "`A invertible`" in inv and "pd -> pd" in inv
    assert "nonincreasing where <= 0" in text.split("### `abs(x)`")[1].split("###")[0]
    assert "_guard" not in text


def test_the_command_prints_it_without_importing_the_engines(tmp_path):
    result = CliRunner().invoke(main, ["builtins"])
    assert result.exit_code == 0 and result.output == render()
    code = ("import sys; from proofcheck.cli import main\n"
            "try:\n    main(['builtins'])\nexcept SystemExit:\n    pass\n"
            "print(sorted({'sympy', 'numpy'} & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
    assert "### `sum(x) or sum(x, axis=k)`" in done.stdout
