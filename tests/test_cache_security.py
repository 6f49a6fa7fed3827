"""The verdict cache against a hostile repository (SPEC section 11; issue 9, hole 1).

Every attack is mounted for real: files on disk and `python -m proofcheck
verify` in a subprocess, with a timeout (a read that never ends fails the
test), run in a temporary "checkout" with XDG_CACHE_HOME in a temporary
directory (the real user cache is never touched). The attacker knows the
algorithm (proofcheck.cache is public) but not the key.

A cache hit is shown without timing: the second run has sympy and numpy
replaced by modules that fail to import, so any claim the engines check comes
out as an `error`; a claim that keeps its verdict came from the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from proofcheck.gate import cache, cache_files
from proofcheck.gate.runner import Limits
from proofcheck.gate.session import Options, settings_key
from proofcheck.gate.verify import Settings

ROOT = Path(__file__).resolve().parent.parent
FALSE = 'title: squares are at least one\nsymbols: {x: scalar}\nclaim: "x**2 >= 1"\n'
TRUE = 'title: squares are nonnegative\nsymbols: {x: scalar}\nclaim: "x**2 >= 0"\n'
UNDECIDED = 'title: hard\nsymbols: {x: positive}\nclaim: "sin(x) <= x"\n'
TIMEOUT = 60  # seconds for one run; a run reading /dev/zero or a FIFO would never end
CLI_SETTINGS = settings_key(Options(Settings("both", 60.0), Limits(60.0, 2 * 1024**3)))  # the CLI's defaults
NUMERIC = ["--engine", "numeric"]  # quicker, for runs of many claims
NUMERIC_SETTINGS = {**CLI_SETTINGS, "engine": "numeric"}
SECRET = "a CI secret that the repository never sees"


# ------------------------------------------------------------------ helpers


@pytest.fixture
def repo(tmp_path):
    """A checkout with one false claim; runs happen inside it."""
    (tmp_path / "repo" / "claims").mkdir(parents=True)
    (tmp_path / "repo" / "claims" / "false.yaml").write_text(FALSE)
    (tmp_path / "outside").mkdir()
    return tmp_path / "repo"


@pytest.fixture(scope="module")
def poison(tmp_path_factory):
    """A PYTHONPATH entry on which sympy and numpy cannot be imported: the engines cannot run."""
    root = tmp_path_factory.mktemp("poison")
    for name in ("sympy", "numpy"):
        (root / name).mkdir()
        (root / name / "__init__.py").write_text("raise ImportError('the engines must not run')\n")
    return root


def user_cache(repo: Path) -> Path:
    return repo.parent / "xdg" / "proofcheck"


def run(repo: Path, *args, key: str | None = None, poison: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != cache_files.KEY_ENV}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (poison, ROOT) if p)
    env["XDG_CACHE_HOME"] = str(repo.parent / "xdg")
    if key is not None:
        env[cache_files.KEY_ENV] = key
    done = subprocess.run([sys.executable, "-m", "proofcheck", "verify", *args, "--format", "json"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    return done


def statuses(done) -> dict:
    return {c["id"]: c["status"] for c in json.loads(done.stdout)["claims"]}


def claims(done) -> list:
    return json.loads(done.stdout)["claims"]


def bound(repo: Path, path: str, claim_id: str, settings: dict = CLI_SETTINGS) -> dict:
    """What the attacker computes from public inputs: the binding of a claim file."""
    return cache.binding(path, claim_id, hashlib.sha256((repo / path).read_bytes()).hexdigest(), settings, cache.versions())


def name(repo: Path, path: str, claim_id: str, settings: dict = CLI_SETTINGS) -> str:
    return cache.entry_name(bound(repo, path, claim_id, settings))


def result_fields(path: str, claim_id: str, status: str = "proved", **changes) -> dict:
    fields = {
        "id": claim_id, "path": path, "line": 1, "title": "squares are at least one", "expect": True,
        "status": status, "message": "proved by sign rules (all sizes)",
        "symbolic": {"status": "proved", "method": "sign rules", "scope": "all sizes", "seconds": 0.01},
        "numeric": {"status": "passed", "samples": 20000, "seed": 0, "counterexample": None, "seconds": 0.01},
        "certificate": ["x**2 >= 1 by forgery"], "seconds": 0.02, "focus": 3, "cell": [],
    }
    fields.update(changes)
    return fields


def entry(key: bytes, binding: dict, document) -> bytes:
    """An entry as proofcheck writes one: MAGIC, the HMAC under `key`, the payload."""
    payload = document if isinstance(document, bytes) else cache.canonical(document)
    return cache.MAGIC + cache.mac(key, binding, payload) + b"\n" + payload


def forged(repo: Path, path: str, claim_id: str, key: bytes = b"a guess", settings: dict = CLI_SETTINGS) -> bytes:
    """A well-formed 'proved' entry for the claim, signed with a key the attacker has (not proofcheck's)."""
    binding = bound(repo, path, claim_id, settings)
    return entry(key, binding, {"binding": binding, "result": result_fields(path, claim_id)})


def env_key(monkeypatch, secret: str = SECRET) -> bytes:
    """The HMAC key proofcheck derives from PROOFCHECK_CACHE_KEY (the test plays the CI owner)."""
    monkeypatch.setenv(cache_files.KEY_ENV, secret)
    return cache.load_key()


def plant(directory: Path, filename: str, data: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / filename).write_bytes(data)
    return directory / filename


def tree(path: Path) -> dict:
    return {str(p.relative_to(path)): (p.is_symlink(), p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in sorted(path.rglob("*"))}


# ------------------------------------------------------------------ forged verdicts


def test_control_a_well_formed_entry_signed_with_the_real_key_is_used(repo, monkeypatch):
    """Shows the forgeries below are found and well formed: only the key tells them apart."""
    path = "claims/false.yaml"
    plant(user_cache(repo) / "verdicts", name(repo, path, "false"), forged(repo, path, "false", env_key(monkeypatch)))
    done = run(repo, "claims", key=SECRET)
    assert statuses(done) == {"false": "proved"} and done.returncode == 0


@pytest.mark.parametrize("strict", [False, True])
def test_a_forged_proved_entry_in_the_default_cache_is_ignored(repo, strict):
    path = "claims/false.yaml"
    filename = name(repo, path, "false")
    planted = plant(user_cache(repo) / "verdicts", filename, forged(repo, path, "false"))
    # the committed directory of earlier versions is not a cache any more
    committed = plant(repo / ".proofcheck_cache", filename, forged(repo, path, "false"))
    plant(repo / ".proofcheck_cache", filename.replace(".verdict", ".json"),
          json.dumps({**result_fields(path, "false"), "passed": True}).encode())
    before = tree(repo)
    done = run(repo, "claims", *(["--strict"] if strict else []))
    assert statuses(done) == {"false": "falsified"} and done.returncode == 1
    assert b'"status":"falsified"' in planted.read_bytes()  # the forged entry's name was right: now genuine
    assert tree(repo) == before and committed.exists()


@pytest.mark.parametrize("strict", [False, True])
def test_a_forged_entry_and_key_in_an_explicit_cache_dir_are_ignored(repo, strict):
    path = "claims/false.yaml"
    attacker_key = os.urandom(32)
    directory = repo / ".proofcheck_cache"
    plant(directory, "key", attacker_key).chmod(0o600)  # a key file committed next to the entries
    planted = plant(directory, name(repo, path, "false"), forged(repo, path, "false", attacker_key))
    done = run(repo, "claims", "--cache-dir", ".proofcheck_cache", *(["--strict"] if strict else []))
    assert statuses(done) == {"false": "falsified"} and done.returncode == 1
    assert b'"status":"falsified"' in planted.read_bytes()


def test_tampered_and_replayed_genuine_entries_are_ignored(repo):
    claim_dir = repo / "claims"
    for index in range(6):
        (claim_dir / f"f{index}.yaml").write_text(FALSE)
    (claim_dir / "true.yaml").write_text(TRUE)
    assert run(repo, "claims", *NUMERIC).returncode == 1
    assert run(repo, "claims/f5.yaml", "--seed", "3", *NUMERIC).returncode == 1  # an entry made under other settings
    verdicts = user_cache(repo) / "verdicts"

    def genuine(claim_id: str, settings: dict = NUMERIC_SETTINGS) -> Path:
        found = verdicts / name(repo, f"claims/{claim_id}.yaml", claim_id, settings)
        assert found.exists()
        return found

    def edit(claim_id: str, change) -> None:
        """Change the entry's payload as an attacker can, keeping its (now wrong) MAC."""
        target = genuine(claim_id)
        header, _, payload = target.read_bytes().partition(b"\n")
        document = json.loads(payload)
        header = change(document) or header
        target.write_bytes(header + b"\n" + cache.canonical(document))

    def proved(document) -> None:
        document["result"].update(status="proved", message="proved by sign rules (all sizes)",
                                  symbolic={"status": "proved", "method": "sign rules", "scope": "all sizes"})

    edit("f0", proved)
    edit("f1", lambda document: document["result"].update(message="tampered message"))
    edit("f2", lambda document: proved(document) or cache.MAGIC + b"0" * 64)  # and a made-up MAC
    edit("f3", lambda document: proved(document) or document["binding"]["settings"].update(seed=7))
    genuine("f4").write_bytes(genuine("true").read_bytes())  # another claim's genuine entry ("unproven")
    genuine("f5").write_bytes(genuine("f5", {**NUMERIC_SETTINGS, "seed": 3}).read_bytes())  # other settings
    done = run(repo, "claims", *NUMERIC)
    assert statuses(done) == {**{f"f{i}": "falsified" for i in range(6)}, "false": "falsified", "true": "unproven"}
    assert "tampered" not in done.stdout and done.returncode == 1


# ------------------------------------------------------------------ entries that are not entries


def test_unreadable_and_malformed_entries_are_rechecked_without_crash_or_hang(repo, monkeypatch):
    """Entries signed with the real key but of the wrong shape (defence in depth), and
    entries that are not regular files: each claim is checked again, nothing crashes."""
    key = env_key(monkeypatch)
    verdicts = user_cache(repo) / "verdicts"
    verdicts.mkdir(parents=True)
    cases = {}

    def claim(claim_id: str) -> tuple:
        path = f"claims/{claim_id}.yaml"
        (repo / path).write_text(FALSE)
        binding = bound(repo, path, claim_id, NUMERIC_SETTINGS)
        return path, binding, verdicts / cache.entry_name(binding)

    def signed(claim_id: str, document) -> None:
        path, binding, target = claim(claim_id)
        if callable(document):
            document = document(path, binding)
        target.write_bytes(entry(key, binding, document))
        cases[claim_id] = "falsified"

    signed("control", lambda path, b: {"binding": b, "result": result_fields(path, "control")})
    cases["control"] = "proved"  # a well-formed signed entry is used: the others fail for their shape alone
    signed("a_list", [])
    signed("bogus_status", lambda path, b: {"binding": b, "result": result_fields(path, "bogus_status", "bogus")})
    signed("result_list", lambda path, b: {"binding": b, "result": list(result_fields(path, "result_list"))})
    signed("symbolic_list", lambda path, b: {"binding": b, "result": result_fields(path, "symbolic_list",
                                                                                   symbolic=["proved"])})
    signed("title_dict", lambda path, b: {"binding": b, "result": result_fields(path, "title_dict", title={})})
    signed("seconds_text", lambda path, b: {"binding": b, "result": result_fields(path, "seconds_text",
                                                                                  seconds="fast")})
    signed("other_id", lambda path, b: {"binding": b, "result": result_fields(path, "control")})
    signed("other_path", lambda path, b: {"binding": b, "result": result_fields("claims/control.yaml",
                                                                                "other_path")})
    signed("expect_false", lambda path, b: {"binding": b, "result": result_fields(path, "expect_false",
                                                                                  "falsified", expect=False)})
    signed("stored_passed", lambda path, b: {"binding": b, "result": {**result_fields(path, "stored_passed",
                                                                                      "unproven"), "passed": True}})
    signed("extra_key", lambda path, b: {"binding": b, "result": result_fields(path, "extra_key"), "more": 1})
    signed("not_utf8", b"\xff\xfe{")
    signed("too_deep", b"[" * 300_000 + b"]" * 300_000)
    path, _, target = claim("dev_zero")
    target.symlink_to("/dev/zero")
    path, _, target = claim("fifo")
    os.mkfifo(target)
    path, _, target = claim("directory")
    target.mkdir()
    path, _, target = claim("huge")
    with open(target, "wb") as handle:  # sparse: 4 GiB that a careless read would pull into memory
        handle.truncate(4 * 1024**3)
    path, _, target = claim("over_cap")
    target.write_bytes(b"x" * (cache.ENTRY_CAP + 1))
    path, _, target = claim("no_header")
    target.write_bytes(b"proved")
    cases.update(dev_zero="falsified", fifo="falsified", directory="falsified", huge="falsified",
                 over_cap="falsified", no_header="falsified", false="falsified")

    done = run(repo, "claims", "--strict", *NUMERIC, key=SECRET)
    assert statuses(done) == cases
    assert done.returncode == 1


# ------------------------------------------------------------------ where the cache writes


@pytest.mark.parametrize("where", ["explicit", "default"])
def test_symlinks_inside_the_cache_dir_are_not_followed(repo, where):
    outside = repo.parent / "outside"
    victim = outside / "victim"
    victim.write_text("precious")
    if where == "explicit":
        directory, args = repo / ".proofcheck_cache", ["--cache-dir", ".proofcheck_cache"]
    else:
        directory, args = user_cache(repo) / "verdicts", []
    directory.mkdir(parents=True)
    (directory / ".gitignore").symlink_to(outside / "pwned")  # committed: would create a file anywhere
    entry_link = directory / name(repo, "claims/false.yaml", "false", NUMERIC_SETTINGS)
    entry_link.symlink_to(victim)  # the entry's own name: read and replaced, never written through
    done = run(repo, "claims", *args, *NUMERIC)
    assert statuses(done) == {"false": "falsified"}
    assert sorted(p.name for p in outside.iterdir()) == ["victim"] and victim.read_text() == "precious"
    assert (directory / ".gitignore").is_symlink()  # left alone
    assert not entry_link.is_symlink() and b'"status":"falsified"' in entry_link.read_bytes()


def test_a_cache_dir_that_is_or_goes_through_a_symlink_is_not_used(repo, monkeypatch):
    outside = repo.parent / "outside"
    # a real key's entry there: if proofcheck read through the link it would say "proved"
    path = "claims/false.yaml"
    plant(outside, name(repo, path, "false", NUMERIC_SETTINGS),
          forged(repo, path, "false", env_key(monkeypatch), NUMERIC_SETTINGS))
    before = tree(outside)
    (repo / ".proofcheck_cache").symlink_to(outside, target_is_directory=True)
    (repo / "build").symlink_to(outside, target_is_directory=True)
    for cache_dir in (".proofcheck_cache", str(repo / ".proofcheck_cache"), "build/cache", "./build/../build/cache"):
        done = run(repo, "claims", "--cache-dir", cache_dir, *NUMERIC, key=SECRET)
        assert statuses(done) == {"false": "falsified"}, cache_dir
        assert tree(outside) == before, cache_dir
    assert "symbolic link" in done.stderr
    # the default directory, a symlink in the user cache
    user_cache(repo).mkdir(parents=True)
    (user_cache(repo) / "verdicts").symlink_to(outside, target_is_directory=True)
    assert statuses(run(repo, "claims", *NUMERIC, key=SECRET)) == {"false": "falsified"}
    assert tree(outside) == before


def test_the_default_cache_is_outside_the_checkout(repo):
    before = tree(repo)
    done = run(repo, "claims")
    assert statuses(done) == {"false": "falsified"}
    assert tree(repo) == before  # no .proofcheck_cache, nothing at all written in the checkout
    entries = list((user_cache(repo) / "verdicts").glob("*" + cache.SUFFIX))
    assert [p.name for p in entries] == [name(repo, "claims/false.yaml", "false")]
    key = user_cache(repo) / "key"
    assert key.stat().st_size == cache_files.KEY_BYTES and key.stat().st_mode & 0o777 == 0o600


# ------------------------------------------------------------------ genuine use


def test_a_genuine_entry_is_reused_and_passed_is_recomputed(repo, poison):
    (repo / "claims" / "true.yaml").write_text(TRUE)
    (repo / "claims" / "undecided.yaml").write_text(UNDECIDED)
    first = run(repo, "claims")
    assert statuses(first) == {"false": "falsified", "true": "proved", "undecided": "unproven"}
    again = run(repo, "claims", poison=poison)  # the engines cannot run: every verdict is the cached one
    assert claims(again) == claims(first)
    strict = run(repo, "claims", "--strict", poison=poison)
    assert {c["id"]: c["passed"] for c in claims(strict)} == {"false": False, "true": True, "undecided": False}
    assert statuses(strict) == statuses(first)
    # the poison works: without the cache every claim is an error
    uncached = run(repo, "claims", "--no-cache", poison=poison)
    assert set(statuses(uncached).values()) == {"error"}


def test_the_environment_key_signs_entries_and_another_key_does_not_verify(repo, poison):
    assert statuses(run(repo, "claims", *NUMERIC, key=SECRET)) == {"false": "falsified"}
    assert not (user_cache(repo) / "key").exists()  # no key file needed
    assert statuses(run(repo, "claims", *NUMERIC, key=SECRET, poison=poison)) == {"false": "falsified"}  # a hit
    assert statuses(run(repo, "claims", *NUMERIC, key="another secret", poison=poison)) == {"false": "error"}  # a miss
    # an empty variable (a fork's pull request gets no secrets) is no key: the key file's, a miss
    assert statuses(run(repo, "claims", *NUMERIC, key="", poison=poison)) == {"false": "error"}
    assert (user_cache(repo) / "key").stat().st_size == cache_files.KEY_BYTES


@pytest.mark.parametrize("tamper", ["symlink", "short", "readable", "directory"])
def test_a_tampered_key_file_is_not_used(repo, tamper):
    attacker_key = os.urandom(cache_files.KEY_BYTES)
    key_file = user_cache(repo) / "key"
    key_file.parent.mkdir(parents=True)
    if tamper == "symlink":
        (repo / "evil_key").write_bytes(attacker_key)
        (repo / "evil_key").chmod(0o600)
        key_file.symlink_to(repo / "evil_key")
    elif tamper == "short":
        key_file.write_bytes(attacker_key[:16])
        key_file.chmod(0o600)
        attacker_key = attacker_key[:16]
    elif tamper == "readable":
        key_file.write_bytes(attacker_key)
        key_file.chmod(0o644)
    else:
        key_file.mkdir()
    (repo / "claims" / "false2.yaml").write_text(FALSE)
    for claim_id in ("false", "false2"):
        path = f"claims/{claim_id}.yaml"
        plant(user_cache(repo) / "verdicts", name(repo, path, claim_id, NUMERIC_SETTINGS),
              forged(repo, path, claim_id, attacker_key, NUMERIC_SETTINGS))
    before = tree(user_cache(repo))
    done = run(repo, "claims", *NUMERIC)
    assert statuses(done) == {"false": "falsified", "false2": "falsified"} and done.returncode == 1
    assert done.stderr.count("cache key") == 1  # said once, on stderr
    assert tree(user_cache(repo)) == before  # run without a cache: nothing written, the key not replaced


def test_the_cache_imports_neither_sympy_nor_numpy():
    code = "import sys, proofcheck.gate.cache, proofcheck.gate.session; print(sorted({'sympy', 'numpy'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_source_digest_covers_every_layer(tmp_path):
    """An edited prover (same version number) must not reuse verdicts signed by the old one."""
    package = Path(cache.PACKAGE)
    assert {"symbolic", "numeric", "language", "gate", "reports"} <= {p.name for p in package.iterdir()}
    copy = tmp_path / "proofcheck"
    for name in ("gate", "symbolic"):
        (copy / name).mkdir(parents=True)
        (copy / name / "engine.py").write_text("x = 1\n")
    before = cache._source_digest(str(copy))
    (copy / "symbolic" / "engine.py").write_text("x = 2\n")
    assert cache._source_digest(str(copy)) != before
    assert cache._source_digest() == cache._source_digest(str(package))
