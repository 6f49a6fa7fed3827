"""A verification run: select claims, reuse cached verdicts, run the rest in workers.

The CLI and the pytest plugin share this; reports are rendered elsewhere.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from .collect import CheckReport
from .cache_files import default_cache_dir
from .runner import Limits, run_claims
from .verify import ClaimResult, Settings, error_result, warm_engines


@dataclass
class Options:
    settings: Settings = field(default_factory=Settings)
    limits: Limits = field(default_factory=Limits)
    cache_dir: str | None = field(default_factory=default_cache_dir)  # outside the checkout; None: no cache
    pattern: str | None = None  # -k
    shard: tuple | None = None  # (index from 1, count)
    tags: tuple = ()  # --tag: any of them


def matcher(pattern: str | None):
    """`-k` as pytest reads it: case-insensitive substrings of the claim id joined by `and`,
    `or`, `not` and parentheses. A malformed expression raises ValueError saying where."""
    if not pattern or not pattern.strip():
        return lambda claim_id: True
    tokens = [(m.group(), m.start() + 1) for m in re.finditer(r"\(|\)|[^\s()]+", pattern)]
    position = 0

    def peek() -> str | None:
        return tokens[position][0] if position < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal position
        if position == len(tokens):
            raise ValueError(f"-k {pattern!r}: expected {expected or 'a word'} at the end")
        word, column = tokens[position]
        if expected is not None and word != expected or expected is None and word in ("and", "or", ")"):
            raise ValueError(f"-k {pattern!r}: expected {expected or 'a word'} at column {column}, not {word!r}")
        position += 1
        return word

    def joined(word: str, part, combine):
        terms = [part()]
        while peek() == word:
            take(word)
            terms.append(part())
        return lambda text: combine(t(text) for t in terms)

    def either():
        return joined("or", both, any)

    def both():
        return joined("and", negation, all)

    def negation():
        if peek() == "not":
            take("not")
            inner = negation()
            return lambda text: not inner(text)
        if peek() == "(":
            take("(")
            inner = either()
            take(")")
            return inner
        word = take().lower()
        return lambda text: word in text

    match = either()
    if position != len(tokens):
        raise ValueError(f"-k {pattern!r}: unexpected {tokens[position][0]!r} at column {tokens[position][1]}")
    return lambda claim_id: match(claim_id.lower())


def has_tag(tags: tuple):
    """`--tag`: claims with any of these tags (case-insensitive); everything when none given."""
    wanted = {t.lower() for t in tags}
    return lambda claim_tags: not wanted or bool(wanted & {t.lower() for t in claim_tags})


def in_shard(claim_id: str, shard: tuple | None) -> bool:
    """Stable by id: a claim stays in its shard when others are added."""
    if shard is None:
        return True
    index, count = shard
    return zlib.crc32(claim_id.encode()) % count == index - 1


def plan(report: CheckReport, options: Options) -> list:
    """In file order: a ClaimResult for each claim that did not load, the Claim to check otherwise."""
    matches, tagged = matcher(options.pattern), has_tag(options.tags)
    items = []
    for entry in report.entries:
        claim_id = entry.claim.id if entry.claim is not None else entry.name
        if not matches(claim_id) or not in_shard(claim_id, options.shard):
            continue
        claim = entry.claim
        if claim is not None and not tagged(claim.tags):  # a claim that did not load is kept: its tags are unknown
            continue
        items.append(claim if claim is not None else error_result(entry.path, entry.diagnostics, entry.name))
    return items


def settings_key(options: Options) -> dict:
    s, limits = options.settings, options.limits
    return {"engine": s.engine, "seed": s.seed, "samples": s.samples, "timeout": limits.timeout,
            "memory": limits.memory}


def verify(report: CheckReport, options: Options, progress=None) -> list:
    """Results in file order; cached verdicts are reused, the rest run in workers."""
    return run_items(plan(report, options), options, progress)


def run_items(items: list, options: Options, progress=None) -> list:
    """A result for each planned item (a Claim, or the ClaimResult of a file that did not load).

    Claims run longest expected first (the time each took last run, as the cache recorded
    it). `progress`, when given, hears of the run: begin(total), started(index, claim),
    finished(index, result) (cached verdicts and malformed files at once) and tick().
    """
    from .cache import Cache

    cache = Cache(options.cache_dir, settings_key(options)) if options.cache_dir else None
    results: list = [None] * len(items)
    to_run = []
    if progress:
        progress.begin(len(items))
    for index, item in enumerate(items):
        if isinstance(item, ClaimResult):  # a malformed file: already a result
            results[index] = item
        else:
            results[index] = cache.get(item, options.settings.strict) if cache else None
        if results[index] is None:
            to_run.append(index)
        elif progress:
            progress.finished(index, results[index])
    where = {items[i].id: i for i in to_run}  # ids are unique among the claims that loaded
    hooks = {}
    if progress:
        hooks = {"done": lambda result: progress.finished(where[result.id], result),
                 "started": lambda claim: progress.started(where[claim.id], claim), "tick": progress.tick}
    if to_run:  # a run answered from the cache imports no engine
        warm_engines(options.settings.engine, one_blas_thread=True)
    last = cache.times() if cache else {}
    expected = [last.get(cache.time_key(items[i])) if cache else None for i in to_run]
    fresh = run_claims([items[i] for i in to_run], options.settings, options.limits, **hooks, expected=expected)
    for index, result in zip(to_run, fresh):
        results[index] = result
        if cache:
            cache.put(items[index], result)
    if cache and fresh:
        cache.record_times(fresh)
    return results
