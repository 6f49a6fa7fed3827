"""A verification run: select claims, reuse cached verdicts, run the rest in workers.

The CLI and the pytest plugin share this; reports are rendered elsewhere.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from .collect import CheckReport
from .cache import default_cache_dir
from .runner import Limits, run_claims
from .verify import ClaimResult, Settings, error_result


@dataclass
class Options:
    settings: Settings = field(default_factory=Settings)
    limits: Limits = field(default_factory=Limits)
    cache_dir: str | None = field(default_factory=default_cache_dir)  # outside the checkout; None: no cache
    pattern: str | None = None  # -k
    shard: tuple | None = None  # (index from 1, count)


def matcher(pattern: str | None):
    """`-k`: a substring of the id, `not X`, or terms joined by `or` / `and` (as pytest)."""
    if not pattern:
        return lambda claim_id: True

    def term(word: str, claim_id: str) -> bool:
        word = word.strip()
        if word.startswith("not "):
            return not term(word[4:], claim_id)
        return word in claim_id

    return lambda claim_id: any(all(term(w, claim_id) for w in alt.split(" and ")) for alt in pattern.split(" or "))


def in_shard(claim_id: str, shard: tuple | None) -> bool:
    """Stable by id: a claim stays in its shard when others are added."""
    if shard is None:
        return True
    index, count = shard
    return zlib.crc32(claim_id.encode()) % count == index - 1


def plan(report: CheckReport, options: Options) -> list:
    """In file order: a ClaimResult for each claim that did not load, the Claim to check otherwise."""
    matches = matcher(options.pattern)
    items = []
    for entry in report.entries:
        claim_id = entry.claim.id if entry.claim is not None else entry.name
        if not matches(claim_id) or not in_shard(claim_id, options.shard):
            continue
        claim = entry.claim
        items.append(claim if claim is not None else error_result(entry.path, entry.diagnostics, entry.name))
    return items


def settings_key(options: Options) -> dict:
    s, limits = options.settings, options.limits
    return {"engine": s.engine, "seed": s.seed, "samples": s.samples, "timeout": limits.timeout,
            "memory": limits.memory}


def verify(report: CheckReport, options: Options, progress=None) -> list:
    """Results in file order; cached verdicts are reused, the rest run in workers."""
    from .cache import Cache

    items = plan(report, options)
    cache = Cache(options.cache_dir, settings_key(options)) if options.cache_dir else None
    results: list = [None] * len(items)
    to_run = []
    for index, item in enumerate(items):
        if isinstance(item, ClaimResult):  # a malformed file: already a result
            results[index] = item
            continue
        cached = cache.get(item, options.settings.strict) if cache else None
        if cached is not None:
            results[index] = cached
        else:
            to_run.append(index)

    def finished(result) -> None:
        if progress:
            progress(result)

    fresh = run_claims([items[i] for i in to_run], options.settings, options.limits, finished)
    for index, result in zip(to_run, fresh):
        results[index] = result
        if cache:
            cache.put(items[index], result)
    return results
