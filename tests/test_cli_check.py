"""``python -m proofcheck check``: output format and exit codes (SPEC §9)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

VALID = """\
title: x squared is nonnegative
symbols:
  x: scalar
claim: "x**2 >= 0"
"""

MALFORMED = """\
title: x squared is nonnegative
symbols:
  x: scalar
claim: "x**2 + velocity >= 0"
"""


def proofcheck(*args: str, cwd: Path, python_flags: tuple[str, ...] = ()):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "proofcheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_valid_file_exits_0(tmp_path):
    (tmp_path / "good.yaml").write_text(VALID)
    result = proofcheck("check", "good.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": error:" not in result.stdout


def test_valid_directory_exits_0(tmp_path):
    (tmp_path / "claims" / "sub").mkdir(parents=True)
    (tmp_path / "claims" / "sub" / "good.yml").write_text(VALID)
    result = proofcheck("check", "claims", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_malformed_file_exits_1_with_located_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MALFORMED)
    result = proofcheck("check", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    # The path as given, or its absolute form.
    name = "(?:" + re.escape("bad.yaml") + "|" + re.escape(str(path)) + ")"
    line = re.search(rf"^{name}:(\d+):(\d+): error: .+$", result.stdout, re.M)
    assert line, result.stdout + result.stderr
    assert line.group(1) == "4"
    assert line.group(2) == str(MALFORMED.splitlines()[3].index("velocity") + 1)


def test_one_bad_file_among_good_exits_1(tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "good.yaml").write_text(VALID)
    (tmp_path / "claims" / "bad.yaml").write_text(VALID + "tags: &a [*a]\n")
    result = proofcheck("check", "claims", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^\S*bad\.yaml:5:\d+: error: .+$", result.stdout, re.M), result.stdout
    assert not re.search(r"good\.yaml:\d+:\d+: error:", result.stdout), result.stdout


def test_empty_directory_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = proofcheck("check", "empty", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr


def test_nonexistent_path_exits_2(tmp_path):
    result = proofcheck("check", "no/such/claims", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr


def test_unknown_option_exits_2(tmp_path):
    (tmp_path / "good.yaml").write_text(VALID)
    result = proofcheck("check", "--no-such-option", "good.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr


def test_help_imports_neither_sympy_nor_numpy(tmp_path):
    result = proofcheck("--help", cwd=tmp_path, python_flags=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    imported = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            imported.append(line.rsplit("|", 1)[1].strip())
    assert "proofcheck" in {name.split(".")[0] for name in imported}, result.stderr
    heavy = [
        name for name in imported if name.split(".")[0] in {"sympy", "numpy", "mpmath"}
    ]
    assert not heavy, f"--help imported {heavy}"
