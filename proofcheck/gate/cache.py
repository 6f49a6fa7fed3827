"""Verdict cache: rerunning unchanged claims costs a file read, and nothing the
repository under test contains can decide a verdict through it (SPEC section 11).

Where. Entries live in the user's cache directory,
`$XDG_CACHE_HOME/proofcheck/verdicts` (else `~/.cache/proofcheck/verdicts`),
never in the checkout unless `--cache-dir` says so.

Key. Every entry is authenticated with HMAC-SHA256 under a key the repository
cannot supply: `$PROOFCHECK_CACHE_KEY` (CI sets it from a secret), else 32
random bytes in `<user cache>/proofcheck/key`, created once (mode 0600,
O_EXCL, never through a symbolic link). The key file is never in the entries
directory, so whoever can write the entries (a `--cache-dir` inside the
checkout, a restored CI cache) still cannot sign one. A key file that is a
symbolic link, not a regular file, the wrong size, another user's or readable
by others is not used: the run goes on without a cache, saying so once.

Entry. `<sha256 of the binding>.verdict` holds `PCV1 <hmac>\\n<payload JSON>`.
The binding is everything that decides a verdict: the claim file's bytes
(sha256), its path and id, the settings, and the versions of proofcheck (and a
digest of its source), sympy, numpy and Python. The HMAC covers the binding as
computed here from the claim (never as read from the entry) and the whole
payload. An entry is used only if its MAC verifies, its binding, id, path and
expect match the claim, and its result is well formed with a cacheable status;
`passed` is always recomputed. Anything else is ignored and the claim checked
again. Only definitive verdicts are stored: an `error` (timeout, memory,
crash, malformed file) is always checked again.

Files. Entries are read with O_NOFOLLOW|O_NONBLOCK, must be regular files of
at most ENTRY_CAP bytes, and at most ENTRY_CAP + 1 bytes are read. Directories
are opened with O_NOFOLLOW (every component below the working directory, the
last one elsewhere) and used through dir_fd. Entries are written to a temporary
file created with O_EXCL|O_NOFOLLOW in the cache directory and renamed into
place; `.gitignore` is created with O_EXCL, so an existing one (or a symbolic
link in its place) is left alone. Nothing is written outside the cache
directory, and nothing through a symbolic link.

Times. Beside the entries, `times.json` records how long each claim took
last (by path and id), so that the next run starts the longest claims first
(schedule.py). It decides nothing but the order in which claims start, so it is
not signed; it is read and written like the entries, and anything odd in it is
ignored.

This module imports neither sympy nor numpy (the CLI's start-up stays light).
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import math
import os
import sys
from dataclasses import asdict
from importlib import metadata

from .. import __version__
from ..language.safefiles import create_new, replace_file
from .cache_files import SUPPORTED, load_key, open_dir, read_bounded, warn
from .verify import ClaimResult, passes

CACHEABLE = ("proved", "falsified", "unproven")
SYMBOLIC_STATUSES = ("proved", "falsified", "unproven", "error", "skipped")
NUMERIC_STATUSES = ("passed", "falsified", "error", "skipped")
ENTRY_CAP = 1024 * 1024  # bytes in one cache entry
SOURCE_CAP = 16 * 1024 * 1024  # bytes of one of proofcheck's own source files
MAGIC = b"PCV1 "
SUFFIX = ".verdict"
TIMES = "times.json"
TIMES_CAP = 1024 * 1024  # bytes of the times file
TIMES_KEPT = 5_000  # claims whose last time is remembered

_RESULT_FIELDS = {
    "id": str, "path": str, "line": int, "title": str, "expect": bool, "status": str, "message": str,
    "symbolic": dict, "numeric": dict, "certificate": list, "seconds": float, "focus": int, "cell": list,
}

# ------------------------------------------------------------------ bindings and entries


def versions() -> dict:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:  # pragma: no cover
            return "?"

    return {"proofcheck": __version__, "source": _source_digest(), "sympy": version("sympy"),
            "numpy": version("numpy"), "python": sys.version}


PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # proofcheck/, every layer


def _source_digest(package: str = PACKAGE) -> str:
    """proofcheck's own code: a changed checkout of the same version is another prover."""
    digest = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(package)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, package).encode() + b"\0")
                digest.update((read_bounded(path, SOURCE_CAP) or b"?") + b"\0")
    return digest.hexdigest()


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def binding(path: str, claim_id: str, digest: str, settings: dict, versions: dict) -> dict:
    """Everything that decides a verdict (all public: the secret is the key)."""
    return {"format": 1, "path": path, "id": claim_id, "content": digest, "settings": settings,
            "versions": versions}


def entry_name(bound: dict) -> str:
    """The file an entry is stored in: public, so it can be found; only the key can sign it."""
    return hashlib.sha256(b"proofcheck-cache-name\0" + canonical(bound)).hexdigest() + SUFFIX


def mac(key: bytes, bound: dict, payload: bytes) -> bytes:
    """HMAC-SHA256 (hex) of the binding, as computed from the claim, and the entry's whole payload."""
    message = canonical(bound)
    tagged = b"proofcheck-cache-v1\0" + str(len(message)).encode() + b":" + message + payload
    return hmac.new(key, tagged, hashlib.sha256).hexdigest().encode("ascii")


def _valid_result(data, claim) -> dict | None:
    """The stored fields if they are exactly those of a ClaimResult (less `passed`),
    well typed and about this claim; None otherwise."""
    if not isinstance(data, dict) or set(data) != set(_RESULT_FIELDS):
        return None
    for name, kind in _RESULT_FIELDS.items():
        value = data[name]
        if kind is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                return None
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                return None
        elif not isinstance(value, kind):
            return None
    if data["id"] != claim.id or data["path"] != claim.path or data["expect"] != claim.expect:
        return None
    if data["cell"] != list(claim.cell):  # the notebook cell (also bound by the claim's digest)
        return None
    if data["status"] not in CACHEABLE or data["line"] < 1 or data["focus"] < 0:
        return None
    if data["symbolic"].get("status") not in SYMBOLIC_STATUSES or data["numeric"].get("status") not in NUMERIC_STATUSES:
        return None
    if not all(isinstance(line, str) for line in data["certificate"]):
        return None
    return data


def _seconds(value) -> float | None:
    """A time from times.json: a finite float >= 0, else None (a 400-digit integer included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


class Cache:
    """Verdicts in `directory`, bound to `settings` (a JSON-able dict) and to each claim."""

    def __init__(self, directory: str, settings: dict) -> None:
        self.directory = str(directory)
        self.settings = settings
        self.versions = versions()
        self._key: bytes | None = None
        self._key_loaded = False

    @property
    def key(self) -> bytes | None:
        if not self._key_loaded:
            self._key_loaded = True
            self._key = load_key()
        return self._key

    def bind(self, claim) -> dict | None:
        """Bound to the bytes the claim was loaded from (its digest): no second read, no race."""
        if not claim.digest:
            return None
        try:
            bound = binding(claim.path, claim.id, claim.digest, self.settings, self.versions)
            canonical(bound)
        except (TypeError, ValueError):
            return None
        return bound

    def _directory(self, create: bool) -> int | None:
        if not SUPPORTED:
            return None
        try:
            return open_dir(self.directory, create)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                warn(f"the cache directory {self.directory} is (or goes through) a symbolic link, or is not a "
                      "directory: not using it")
            return None  # unwritable (a read-only checkout, say): run without a cache

    def get(self, claim, strict: bool) -> ClaimResult | None:
        """The verified cached verdict of `claim`, or None (then it is checked again)."""
        key = self.key
        if key is None:
            return None
        bound = self.bind(claim)
        if bound is None:
            return None
        dir_fd = self._directory(create=False)
        if dir_fd is None:
            return None
        try:
            data = read_bounded(entry_name(bound), ENTRY_CAP, dir_fd)
        finally:
            os.close(dir_fd)
        return None if data is None else self._decode(data, claim, bound, key, strict)

    @staticmethod
    def _decode(data: bytes, claim, bound: dict, key: bytes, strict: bool) -> ClaimResult | None:
        header, newline, payload = data.partition(b"\n")
        if not newline or not header.startswith(MAGIC):
            return None
        if not hmac.compare_digest(header[len(MAGIC):], mac(key, bound, payload)):
            return None
        try:
            document = json.loads(payload.decode("utf-8"))
        except (ValueError, RecursionError):
            return None
        if not isinstance(document, dict) or set(document) != {"binding", "result"}:
            return None
        try:
            if canonical(document["binding"]) != canonical(bound):
                return None
        except (TypeError, ValueError, RecursionError):
            return None
        fields = _valid_result(document["result"], claim)
        if fields is None:
            return None
        return ClaimResult(**fields, passed=passes(claim.expect, fields["status"], strict))

    def put(self, claim, result: ClaimResult) -> None:
        """Store a definitive verdict; never fails the run."""
        if result.status not in CACHEABLE or result.id != claim.id or result.path != claim.path:
            return
        key = self.key
        if key is None:
            return
        bound = self.bind(claim)
        if bound is None:
            return
        fields = asdict(result)
        del fields["passed"]
        try:
            payload = canonical({"binding": bound, "result": fields})
        except (TypeError, ValueError, RecursionError):
            return
        data = MAGIC + mac(key, bound, payload) + b"\n" + payload
        if len(data) > ENTRY_CAP:
            return
        dir_fd = self._directory(create=True)
        if dir_fd is None:
            return
        try:
            try:
                create_new(".gitignore", b"# created by proofcheck\n*\n", 0o644, dir_fd)
            except OSError:  # there already (perhaps as a symlink, which O_EXCL does not follow)
                pass
            replace_file(entry_name(bound), data, 0o600, dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)

    # -------------------------------------------------------------- times (scheduling only)

    @staticmethod
    def time_key(claim) -> str:
        return f"{claim.path}::{claim.id}"

    def times(self) -> dict:
        """Seconds each claim took last, by time_key; {} when there is nothing usable."""
        dir_fd = self._directory(create=False)
        if dir_fd is None:
            return {}
        try:
            data = read_bounded(TIMES, TIMES_CAP, dir_fd)
        finally:
            os.close(dir_fd)
        try:
            document = json.loads(data.decode("utf-8")) if data else {}
        except (ValueError, RecursionError):
            return {}
        if not isinstance(document, dict):
            return {}
        return {k: v for k, v in ((k, _seconds(v)) for k, v in document.items()) if isinstance(k, str) and v is not None}

    def record_times(self, results: list) -> None:
        """Remember how long each of `results` with a definitive verdict took (errors are
        checked again anyway; the most recent TIMES_KEPT claims are kept)."""
        results = [r for r in results if r.status in CACHEABLE]
        if not results or self.key is None:
            return
        known = self.times()
        for result in results:
            key = f"{result.path}::{result.id}"
            known.pop(key, None)
            known[key] = round(float(result.seconds), 3)
        kept = dict(list(known.items())[-TIMES_KEPT:])
        data = canonical(kept)
        dir_fd = self._directory(create=True) if len(data) <= TIMES_CAP else None
        if dir_fd is None:
            return
        try:
            replace_file(TIMES, data, 0o600, dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)
