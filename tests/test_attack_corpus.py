"""Issue 9's acceptance run: one directory holding every attack of a hostile pull
request, and one valid claim. `proofcheck verify` finishes within a bounded
time, exits 1, prints no traceback, passes the valid claim and fails every
attack (error, or falsified for the false claims that tried to slip through).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALID = 'title: squares are nonnegative\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n'
TIMEOUT = 10  # seconds per claim, the run's --timeout
BOUND = 150  # seconds for the whole run on 2 jobs (see the note in the README's Security section)


def _claim(title: str, claim: str, extra: str = "") -> str:
    return f"title: {json.dumps(title)}\nsymbols: {{x: scalar}}\n{extra}claim: {json.dumps(claim)}\n"


def _doubling_definitions(levels: int) -> str:
    lines = ["define:", '  d0: "x + x"'] + [f'  d{i}: "d{i - 1} + d{i - 1}"' for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def attacks() -> dict:
    """File name -> content (str) for the plain-file attacks."""
    files = {
        # hole 2: exponent and digit bombs
        "bomb_literal.yaml": _claim("bomb", "x <= 1e999999999999"),
        "bomb_domain.yaml": 'title: bomb\nsymbols: {x: {domain: [0, 1e999999999999]}}\nclaim: "x >= 0"\n',
        "bomb_dims.yaml": 'title: bomb\ndims: {n: "1..1e999999999999"}\nsymbols: {x: "vector[n]"}\nclaim: "sum(x**2) >= 0"\n',
        "bomb_digits.yaml": _claim("digits", "x <= " + "9" * 5000),
        # hole 3: parent-side blow-ups
        "blowup_inline.yaml": ("title: inlining\ndims: {a: 1..20, b: 1..10, c: 1..10}\nsymbols: {x: scalar}\n"
                               + _doubling_definitions(17) + 'claim: "d16 >= 0"\n'),
        "blowup_definitions.yaml": ("title: many definitions\nsymbols: {x: scalar}\ndefine:\n"
                                    + "".join(f'  f{i}(u): "u*u + u*u + u*u"\n' for i in range(1500))
                                    + 'claim: "f0(x) >= 0"\n'),
        "blowup_goals.yaml": ("title: many goals\nsymbols: {x: scalar, y: scalar}\ngiven:\n"
                              + "".join(f'  - "x + {i} * y <= {i + 1000}"\n' for i in range(300))
                              + "claim:\n" + "".join('  - "convex(x**2, x)"\n' for _ in range(3000))),
        "blowup_proof.yaml": ("title: long proof\nsymbols: {x: scalar}\nclaim: \"x**2 >= 0\"\nproof: |\n  x**2\n"
                              + "".join("  == x**2\n" for _ in range(12000)) + "  >= 0\n"),
        # hole 4: injection through every text
        "inject_title.yaml": _claim("\r::error file=x::pwned \x1b[2J\x1b]0;owned\x07 ##[error]x \r19 passed, 0 failed",
                                    "x**2 >= 1"),
        "inject_key.yaml": VALID + '"\\n::stop-commands::tok": 1\n',
        "##[stop-commands]inject.yaml": VALID,
        # hole 7: false claims that tried to pass the default gate
        "loose_rtol.yaml": _claim("rtol", "2*x == 3*x", "check: {rtol: 0.9}\n"),
        "unconfirmed_root.yaml": _claim("root", "(x**2)**(1/2) == x"),
        # hole 9: a big counterexample
        "big_matrix.yaml": ('title: big\ndims: {n: [1000]}\nsymbols: {A: "matrix[n, n]"}\n'
                            'claim: "sum(A) >= 0"\ncheck: {samples: 4}\n'),
        # hole 10: look-alike identifiers
        "lookalike.yaml": 'title: look-alike\nsymbols: {s: scalar}\nclaim: "\u017f**2 >= 0"\n',
    }
    return files


def build(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    claims = repo / "claims"
    claims.mkdir(parents=True)
    (claims / "valid.yaml").write_text(VALID)
    for name, text in attacks().items():
        (claims / name).write_text(text)
    # hole 5: links and odd files
    (claims / "passwd.yaml").symlink_to("/etc/passwd")
    (claims / "zero.yaml").symlink_to("/dev/zero")
    (claims / "dangling.yaml").symlink_to(repo / "missing.yaml")
    (claims / "loop").symlink_to(claims, target_is_directory=True)
    os.mkfifo(claims / "fifo.yaml")
    (claims / os.fsdecode(b"bad\xffname.yaml")).write_text(VALID)
    # hole 1: a committed verdict cache, forged and booby-trapped
    cache = repo / ".proofcheck_cache"
    cache.mkdir()
    (cache / ".gitignore").symlink_to(tmp_path / "victim_file")
    (cache / ("0" * 64 + ".json")).write_text(json.dumps({"status": "proved"}))
    return repo


def test_a_directory_of_every_attack_is_checked_in_bounded_time(tmp_path):
    repo = build(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "proofcheck", "verify", "claims", "--timeout", str(TIMEOUT), "--jobs", "2",
         "--format", "json"],
        cwd=repo, env=env, capture_output=True, timeout=BOUND + 60,
    )
    elapsed = time.monotonic() - start
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, err[-3000:]
    assert "Traceback" not in out + err
    assert elapsed < BOUND, elapsed
    assert len(done.stdout) < 3 * 1024**2  # every claim's report stays small
    report = json.loads(out)
    by_file = {Path(c["file"]).name: c for c in report["claims"]}
    assert by_file["valid.yaml"]["status"] == "proved" and by_file["valid.yaml"]["passed"]
    failed = [name for name, c in by_file.items() if name != "valid.yaml" and c["passed"]]
    assert failed == [n for n in failed if n.startswith(("##", "bad"))]  # only the valid claims under odd names pass
    for name in ("loose_rtol.yaml", "unconfirmed_root.yaml", "big_matrix.yaml"):
        assert by_file[name]["status"] in ("falsified", "error"), (name, by_file[name])
    assert by_file["unconfirmed_root.yaml"]["status"] == "falsified"
    for name in ("bomb_literal", "bomb_domain", "bomb_dims", "bomb_digits", "blowup_inline", "blowup_definitions",
                 "blowup_goals", "blowup_proof", "inject_key", "loose_rtol", "lookalike", "passwd", "zero",
                 "dangling", "fifo"):
        entry = by_file[name + ".yaml"]
        assert entry["status"] == "error" and "file too large" not in entry["message"], (name, entry["message"])
    assert not (tmp_path / "victim_file").exists()
    for line in (out + err).splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line and "\x1b" not in line and "\r" not in line
