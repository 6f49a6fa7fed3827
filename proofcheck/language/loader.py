"""Claim files to Claims: validation of every key, with file:line:col errors.

A claim file is one claim; a notes file (SPEC 12) holds one claim in each
of its blocks, each loaded like a claim file with the positions of the notes
file. Each part of a file is read by its own reader
(read_dims, read_symbols, read_definitions, read_claim, on the scalars of
reader); this module reads the top-level keys, resolves names, inlines
definitions and checks shapes for every combination of dims. Errors are
collected per key so that an author sees all of a file's mistakes at once; a
file with any error yields no claim.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from . import ir
from .errors import ClaimError, Diagnostic, Loc
from .model import CheckSettings, Claim, Step
from .notes import MAX_NOTES_BYTES, Block, cell_position, find_blocks, is_notes
from .proofs import check_chain
from .read_claim import ClaimReader
from .read_definitions import DefinitionsReader
from .read_symbols import SymbolsReader
from .reader import ID_RE, unknown_key
from .refine import beyond_simple_bounds
from .resolve import Scope
from .safefiles import UnsafeFile, read_regular
from .typecheck import ShapeChecker, check_condition, check_goal
from .yamlsafe import MAX_FILE_BYTES, YNode, decode, load_yaml

__all__ = ["ID_RE", "Loaded", "load_claims", "load_file"]

KEYS = (
    "title", "id", "source", "description", "tags", "dims", "symbols", "define",
    "given", "claim", "proof", "expect", "check", "uses",
)
REQUIRED = ("title", "claim")
# Shape checking visits every node of the claim once for each combination of
# dims: their product is capped (about a second of work).
MAX_SHAPE_CHECKS = 1_000_000


class _Fields:
    id = title = source = description = tags = expect = uses = None


class FileLoader(ClaimReader, SymbolsReader, DefinitionsReader):
    """One claim file (or block of a notes file): its keys read by the part readers, then
    resolved and shape-checked."""

    def __init__(self, path: str, text: str, first_line: int = 1, number: int | None = None) -> None:
        super().__init__(path, text)
        self.lines = [""] * (first_line - 1) + self.lines  # indexed by the file's lines
        self.block_number = number  # the block's number in a notes file: the default id is `<stem>-<number>`

    def load(self, root: YNode) -> Claim | None:
        if root.kind != "map":
            raise ClaimError(
                f"a claim file must be a YAML mapping with keys such as 'title' and 'claim', not {root.describe()}",
                root.loc,
            )
        keys: dict = root.value
        for key in keys:
            if key not in KEYS:
                self.errors.append(ClaimError(unknown_key(key, KEYS), root.key_locs[key]))
        for key in REQUIRED:
            if key not in keys:
                self.errors.append(ClaimError(f"missing required key `{key}`", root.loc))
        fields = _Fields()
        get = keys.get
        for key, step in (
            ("title", lambda n: self.string(n, "title", one_line=True)),
            ("source", lambda n: self.string(n, "source")),
            ("description", lambda n: self.string(n, "description")),
            ("tags", lambda n: [self.string(t, "tag") for t in self.sequence(n, "tags")]),
            ("expect", lambda n: self.boolean(n, "expect")),
            ("uses", lambda n: [self.claim_id(t, "uses entry") for t in self.sequence(n, "uses")]),
            ("id", lambda n: self.claim_id(n, "id")),
        ):
            if key in keys:
                setattr(fields, key, self.attempt(step, keys[key]))
        if "id" not in keys:
            fields.id = self.attempt(self.id_from_path, root.loc)
        dims = self.attempt(self.dims, get("dims"), "dims", ()) if "dims" in keys else ()
        if dims is None:  # symbols and check refer to dims: their errors would only echo this one
            return None
        # every part is read even when another has mistakes, so that all of them are reported;
        # a part that failed is left out (its names are Silent where used), and no claim is made
        symbols = (self.attempt(self.symbols, keys["symbols"], dims) if "symbols" in keys else {}) or {}
        definitions = (self.attempt(self.definitions, keys["define"]) if "define" in keys else ()) or ()
        check = self.attempt(self.check, keys["check"], dims) if "check" in keys else CheckSettings()
        goals = (self.attempt(self.goal_list, keys["claim"]) if "claim" in keys else None) or []
        given = (self.attempt(self.given, keys["given"]) if "given" in keys else []) or []
        proof = self.attempt(self.proof, keys["proof"]) if "proof" in keys else None
        proof_failed = "proof" in keys and proof is None
        before = len(self.errors)
        self.attempt(self.check_names, dims, symbols, definitions)
        if len(self.errors) > before:  # a name declared twice: every use of it would be in doubt
            return None
        claim = self.attempt(self.finish, root, fields, dims, symbols, definitions, check or CheckSettings(),
                             goals, given, proof, keys, proof_failed)
        return None if self.errors else claim

    def id_from_path(self, loc: Loc) -> str:
        stem = Path(self.path).stem
        if not ID_RE.match(stem):
            raise ClaimError(
                f"the file name '{stem}' is not a valid claim id ([a-z0-9][a-z0-9_-]*); rename the file or set `id:`",
                loc,
            )
        return stem if self.block_number is None else f"{stem}-{self.block_number}"

    def finish(self, root, fields, dims, symbols, definitions, check, goals, given, proof, keys,
               proof_failed: bool = False) -> Claim | None:
        """Resolve and shape-check every expression, each on its own (all mistakes are reported)."""
        scope = Scope(symbols, {d.name for d in dims}, definitions)
        scope.failed |= self.failed_names
        for definition in definitions:
            self.attempt(scope.define, definition)
        definitions = tuple(replace(d, resolved=scope.defs[d.name].body) for d in definitions if d.name in scope.defs)
        goal_exprs = [self.attempt(self.resolve, scope, e) for e, _ in goals]
        given_exprs = [self.attempt(self.resolve, scope, e) for e in given]
        steps = None
        if proof is not None:
            steps = [Step(s.rel, self.attempt(self.resolve, scope, s.expr), s.line, s.col) for s in proof]
        complete = not self.errors and not proof_failed and len(goal_exprs) == len(goals) > 0
        if complete and steps is not None:
            self.attempt(check_chain, goal_exprs, steps, keys["proof"].loc, symbols, given_exprs)
        convexity = [g for g in goal_exprs if isinstance(g, ir.Call) and g.fn in ("convex", "concave")]
        if convexity:
            self.attempt(self.convex_domains, convexity, [g for g in given_exprs if g is not None], goals[0][1])
        claim = Claim(
            id=fields.id, title=fields.title, path=self.path, line=root.loc.line,
            claims=[g for g in goal_exprs if g is not None], symbols=symbols, dims=dims, definitions=definitions,
            given=[g for g in given_exprs if g is not None],
            proof=[s for s in steps if s.expr is not None] if steps else steps,
            expect=True if fields.expect is None else fields.expect,
            source=fields.source, description=fields.description, tags=tuple(fields.tags or ()),
            check=check, uses=tuple(fields.uses or ()), claim_locs=tuple(loc for _, loc in goals),
        )
        self.attempt(self.shape_check, claim, scope)
        return claim

    def convex_domains(self, convexity: list, given_exprs: list, loc: Loc) -> None:
        constrained = beyond_simple_bounds(given_exprs)  # one walk, for every goal
        for goal in convexity:
            x = goal.args[1] if len(goal.args) > 1 else None
            if isinstance(x, ir.Sym) and x.name in constrained:
                raise ClaimError(
                    f"{goal.fn}(..., {x.name}): a `given` constrains {x.name} beyond simple bounds "
                    f"(< <= > >= a number), so its domain may not be convex", loc)

    def resolve(self, scope: Scope, expr: ir.Expr) -> ir.Expr:
        result = scope.resolve(expr)
        scope.check_size(result, expr.loc)
        return result

    def shape_check(self, claim: Claim, scope: Scope) -> None:
        """Every expression, for every combination of dims the engines will use; each
        expression's first error is recorded, and the others are still checked."""
        combos = list(claim.dim_combinations())  # at most MAX_COMBINATIONS
        if claim.check.sample_dims:
            sampled = list(claim.dim_combinations(sampling=True))
            stride = max(1, len(sampled) // 50)
            combos += sampled[::stride] + sampled[-1:]
        named = [d.body for d in scope.defs.values() if not d.params]
        roots = [*claim.claims, *claim.given, *(s.expr for s in claim.proof or ()), *named]
        nodes = _count_nodes(roots)
        if len(combos) * nodes > MAX_SHAPE_CHECKS:
            raise ClaimError(
                f"claim too large to check for every combination of dims: {nodes:,} expression nodes "
                f"x {len(combos):,} combinations of dims is over the limit of {MAX_SHAPE_CHECKS:,}; "
                "use fewer sizes (e.g. 1..3) or check.sample_dims for larger ones",
                claim.dims[0].loc if claim.dims else Loc(claim.line, 1),
            )
        checks = ([(check_goal, e) for e in claim.claims] + [(check_condition, e) for e in claim.given]
                  + [(ShapeChecker.value, e) for e in [*(s.expr for s in claim.proof or ()), *named]])
        failed: set = set()
        for dims in combos:
            checker = ShapeChecker(claim.symbols, dims)
            for index, (check, expr) in enumerate(checks):
                if index in failed:
                    continue
                try:
                    check(checker, expr)
                except ClaimError as exc:
                    where = ", ".join(f"{k}={v}" for k, v in dims.items())
                    if where and where not in exc.message:
                        exc.message += f" (for {where})"
                    self.errors.append(exc)
                    failed.add(index)

    # --- keys


def _count_nodes(roots: list) -> int:
    """Distinct nodes of expressions that share subtrees (each counted once)."""
    seen: set = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            stack.extend(ir.children(node))
    return len(seen)


class Loaded(NamedTuple):
    """One claim of a file, or why it could not be loaded."""

    claim: Claim | None
    diagnostics: list
    name: str  # the claim's id, or the id its `error` verdict goes by
    path: str


def load_claims(path: str) -> list:
    """A Loaded for the claim of a claim file, or for each block of a notes file (none
    when the notes hold no block)."""
    if not is_notes(path):
        claim, diagnostics = load_file(path)
        return [Loaded(claim, diagnostics, claim.id if claim is not None else Path(path).stem, path)]
    stem = Path(path).stem
    cap = MAX_NOTES_BYTES[Path(path).suffix]
    try:
        data = read_regular(path, cap)  # never through a link, never more than the cap
        blocks = find_blocks(path, decode(data, cap, "notes files"))
    except UnsafeFile as exc:
        return [Loaded(None, [Diagnostic(path, 1, 1, str(exc))], stem, path)]
    except ClaimError as exc:
        return [Loaded(None, [_diagnostic(path, exc)], stem, path)]
    return [_load_block(path, f"{stem}-{block.index}", block) for block in blocks]


def _load_block(path: str, name: str, block: Block) -> Loaded:
    def where(line: int) -> str:
        return cell_position(block.cell, line)

    if block.problem:
        return Loaded(None, [Diagnostic(path, block.first_line, 1, block.problem, cell=where(block.first_line))],
                      name, path)
    if len(block.text.encode("utf-8")) > MAX_FILE_BYTES:
        message = f"claim too large: a block is limited to {MAX_FILE_BYTES:,} bytes, like a claim file"
        return Loaded(None, [Diagnostic(path, block.first_line, 1, message, cell=where(block.first_line))], name,
                      path)
    bound = repr((block.index, block.first_line, block.cell)).encode() + b"\0" + block.text.encode("utf-8")
    claim, diagnostics = _load_text(path, block.text, hashlib.sha256(b"proofcheck block\0" + bound).hexdigest(),
                                    block, where)
    if claim is not None:
        claim.cell = block.cell
    return Loaded(claim, diagnostics, claim.id if claim is not None else name, path)


def load_file(path: str) -> tuple:
    """(claim or None, diagnostics) for one claim file."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)  # never through a link, never more than the cap
    except UnsafeFile as exc:
        return None, [Diagnostic(path, 1, 1, str(exc))]
    try:
        text = decode(data)
    except ClaimError as exc:
        return None, [_diagnostic(path, exc)]
    return _load_text(path, text, hashlib.sha256(data).hexdigest())


def _load_text(path: str, text: str, digest: str, block: Block | None = None, where=None) -> tuple:
    """(claim or None, diagnostics) for the YAML of a claim file, or of a block at its place in
    a notes file; `digest` binds cached verdicts to what was read."""
    first_line = block.first_line if block else 1
    diagnostics: list = []
    loader = None
    claim = None
    try:
        loader = FileLoader(path, text, first_line, block.index if block else None)
        root = load_yaml(text, first_line)
        claim = loader.load(root)
    except ClaimError as exc:
        diagnostics.append(_diagnostic(path, exc, first_line, where))
    except RecursionError:  # a last line of defence; the caps should make this unreachable
        diagnostics.append(Diagnostic(path, first_line, 1, "claim too deeply nested to check"))
    if loader is not None:
        diagnostics.extend(_diagnostic(path, exc, first_line, where) for exc in loader.errors)
    diagnostics = list(dict.fromkeys(diagnostics))  # a mistake in a definition echoes in each use at one place
    if diagnostics:
        claim = None
    elif claim is not None:
        claim.digest = digest
    return claim, sorted(diagnostics, key=lambda d: (d.line, d.col))


def _diagnostic(path: str, exc: ClaimError, first_line: int = 1, where=None) -> Diagnostic:
    loc = exc.loc or Loc(first_line, 1)
    line = max(loc.line, 1)
    return Diagnostic(path, line, max(loc.col, 1), exc.message, cell=where(line) if where else "")
