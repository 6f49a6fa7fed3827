"""Claim files to Claims: validation of every key, with file:line:col errors.

One file is one claim. Each part of a file is read by its own reader
(read_dims, read_symbols, read_definitions, read_claim, on the scalars of
reader); this module reads the top-level keys, resolves names, inlines
definitions and checks shapes for every combination of dims. Errors are
collected per key so that an author sees all of a file's mistakes at once; a
file with any error yields no claim.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import ir
from .errors import ClaimError, Diagnostic, Loc
from .model import CheckSettings, Claim, Step
from .proofs import check_chain
from .read_claim import ClaimReader
from .read_definitions import DefinitionsReader
from .read_symbols import SymbolsReader
from .reader import ID_RE, unknown_key
from .refine import beyond_simple_bounds
from .resolve import Scope
from .safefiles import UnsafeFile, read_regular
from .typecheck import check_claim
from .yamlsafe import MAX_FILE_BYTES, YNode, decode, load_yaml

__all__ = ["ID_RE", "load_file"]

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
    """One claim file: its keys read by the part readers, then resolved and shape-checked."""

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
        symbols = self.attempt(self.symbols, keys["symbols"], dims) if "symbols" in keys else {}
        definitions = self.attempt(self.definitions, keys["define"]) if "define" in keys else ()
        check = self.attempt(self.check, keys["check"], dims) if "check" in keys else CheckSettings()
        goals = self.attempt(self.goal_list, keys["claim"]) if "claim" in keys else None
        given = self.attempt(self.given, keys["given"]) if "given" in keys else []
        proof = self.attempt(self.proof, keys["proof"]) if "proof" in keys else None
        if self.errors or None in (dims, symbols, definitions, check, goals, given):
            return None
        self.attempt(self.check_names, dims, symbols, definitions)
        if self.errors:
            return None
        return self.attempt(
            self.finish, root, fields, dims, symbols, definitions, check, goals, given, proof, keys
        )

    def id_from_path(self, loc: Loc) -> str:
        stem = Path(self.path).stem
        if not ID_RE.match(stem):
            raise ClaimError(
                f"the file name '{stem}' is not a valid claim id ([a-z0-9][a-z0-9_-]*); rename the file or set `id:`",
                loc,
            )
        return stem

    def finish(self, root, fields, dims, symbols, definitions, check, goals, given, proof, keys) -> Claim:
        scope = Scope(symbols, {d.name for d in dims}, definitions)
        for definition in definitions:
            scope.define(definition)
        goal_exprs = [self.resolve(scope, e) for e, _ in goals]
        given_exprs = [self.resolve(scope, e) for e in given]
        steps = None
        if proof is not None:
            steps = [Step(s.rel, self.resolve(scope, s.expr), s.line, s.col) for s in proof]
            check_chain(goal_exprs, steps, keys["proof"].loc)
        convexity = [g for g in goal_exprs if isinstance(g, ir.Call) and g.fn in ("convex", "concave")]
        constrained = beyond_simple_bounds(given_exprs) if convexity else set()  # one walk, for every goal
        for goal in convexity:
            x = goal.args[1] if len(goal.args) > 1 else None
            if isinstance(x, ir.Sym) and x.name in constrained:
                raise ClaimError(
                    f"{goal.fn}(..., {x.name}): a `given` constrains {x.name} beyond simple bounds "
                    f"(< <= > >= a number), so its domain may not be convex", goals[0][1])
        claim = Claim(
            id=fields.id, title=fields.title, path=self.path, line=root.loc.line,
            claims=goal_exprs, symbols=symbols, dims=dims, definitions=definitions,
            given=given_exprs, proof=steps, expect=True if fields.expect is None else fields.expect,
            source=fields.source, description=fields.description, tags=tuple(fields.tags or ()),
            check=check, uses=tuple(fields.uses or ()), claim_locs=tuple(loc for _, loc in goals),
        )
        self.shape_check(claim, scope)
        return claim

    def resolve(self, scope: Scope, expr: ir.Expr) -> ir.Expr:
        result = scope.resolve(expr)
        scope.check_size(result, expr.loc)
        return result

    def shape_check(self, claim: Claim, scope: Scope) -> None:
        """Every expression, for every combination of dims the engines will use."""
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
        for dims in combos:
            try:
                check_claim(claim, dims, named)
            except ClaimError as exc:
                where = ", ".join(f"{k}={v}" for k, v in dims.items())
                if where and where not in exc.message:
                    exc.message += f" (for {where})"
                raise

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


def load_file(path: str) -> tuple:
    """(claim or None, diagnostics) for one claim file."""
    diagnostics: list = []
    try:
        data = read_regular(path, MAX_FILE_BYTES)  # never through a link, never more than the cap
    except UnsafeFile as exc:
        return None, [Diagnostic(path, 1, 1, str(exc))]
    loader = None
    claim = None
    try:
        text = decode(data)
        loader = FileLoader(path, text)
        root = load_yaml(text)
        claim = loader.load(root)
    except ClaimError as exc:
        diagnostics.append(_diagnostic(path, exc))
    except RecursionError:  # a last line of defence; the caps should make this unreachable
        diagnostics.append(Diagnostic(path, 1, 1, "claim too deeply nested to check"))
    if loader is not None:
        diagnostics.extend(_diagnostic(path, exc) for exc in loader.errors)
    if diagnostics:
        claim = None
    elif claim is not None:
        claim.digest = hashlib.sha256(data).hexdigest()
    return claim, sorted(diagnostics, key=lambda d: (d.line, d.col))


def _diagnostic(path: str, exc: ClaimError) -> Diagnostic:
    loc = exc.loc or Loc(1, 1)
    return Diagnostic(path, max(loc.line, 1), max(loc.col, 1), exc.message)
