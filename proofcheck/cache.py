"""Verdict cache: rerunning unchanged claims costs a file read.

A verdict is stored under a key made of the claim file's path and bytes, the
versions of proofcheck, sympy and numpy, and every setting that can change it
(engine, seed, samples, limits). Only definitive verdicts are stored: an
`error` (timeout, memory, crash, malformed file) is always checked again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from . import __version__
from .verify import ClaimResult, passes

CACHEABLE = ("proved", "falsified", "unproven")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


class Cache:
    def __init__(self, directory: str, settings: dict) -> None:
        self.directory = Path(directory)
        versions = {"proofcheck": __version__, "sympy": _version("sympy"), "numpy": _version("numpy")}
        self.salt = json.dumps({"versions": versions, "settings": settings}, sort_keys=True).encode()

    def key(self, path: str) -> str:
        digest = hashlib.sha256(self.salt)
        digest.update(str(path).encode() + b"\0")
        digest.update(Path(path).read_bytes())
        return digest.hexdigest()

    def get(self, claim, strict: bool) -> ClaimResult | None:
        entry = self.directory / f"{self.key(claim.path)}.json"
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            result = ClaimResult(**data)
        except (OSError, ValueError, TypeError):
            return None
        result.passed = passes(result.expect, result.status, strict)
        return result

    def put(self, claim, result: ClaimResult) -> None:
        if result.status not in CACHEABLE:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by proofcheck\n*\n")
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(asdict(result), out)
            os.replace(temporary, self.directory / f"{self.key(claim.path)}.json")
        except OSError:  # a read-only checkout: run without a cache
            pass
