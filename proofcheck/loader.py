"""Claim files to Claims: validation of every key, with file:line:col errors.

One file is one claim. Errors are collected per key so that an author sees
all of a file's mistakes at once; a file with any error yields no claim.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from fractions import Fraction
from pathlib import Path

from . import ir
from .catalog import BUILTIN_NAMES
from .errors import ClaimError, Diagnostic, Loc
from .model import (
    DOMAINS,
    STRUCTURES,
    CheckSettings,
    Claim,
    Definition,
    DimRange,
    Domain,
    Step,
    MAX_DIM,
    Symbol,
)
from .parser import NAME_RE, SrcMap, non_ascii_problem, parse_expression, read_number
from .proofs import check_chain
from .refine import beyond_simple_bounds
from .resolve import Scope
from .safefiles import UnsafeFile, read_regular
from .typecheck import check_claim
from .yamlsafe import MAX_FILE_BYTES, YNode, decode, load_yaml

ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
KEYS = (
    "title", "id", "source", "description", "tags", "dims", "symbols", "define",
    "given", "claim", "proof", "expect", "check", "uses",
)
REQUIRED = ("title", "claim")
CHECK_KEYS = ("samples", "seed", "timeout", "rtol", "sample_dims")
RELATION_RE = re.compile(r"(==|<=|>=|<|>|!=)")

# Caps on what one file may declare: loading and shape checking run before any
# worker, so each file's work must be bounded (far above what real claims use).
MAX_DIMS = 8
MAX_SYMBOLS = 200
MAX_DEFINITIONS = 200
MAX_GOALS = 100
MAX_GIVEN = 100
MAX_PROOF_STEPS = 500
MAX_DIM_RANGE_CHARS = 100  # `1..n-1`: its bounds are evaluated for each value of the dims they use
MAX_RTOL = Fraction(1, 10**6)  # SPEC §1: a file may loosen the tolerance up to 1e-6, no further
# Shape checking visits every node of the claim once for each combination of
# dims: their product is capped (about a second of work).
MAX_SHAPE_CHECKS = 1_000_000


# ------------------------------------------------------------ source maps

def scalar_map(node: YNode, lines: list) -> SrcMap:
    """Where each character of a YAML string scalar lies in the file."""
    line, col = node.loc.line, node.loc.col
    if node.style == "|":  # literal block: text line i is file line (indicator line + i)
        indent = _block_indent(lines, line)
        return lambda l, c: Loc(line + l, indent + c + 1)
    if node.style in ("'", '"'):
        col += 1
    if "\n" in node.value or node.style == ">":
        return lambda l, c: Loc(line, col + c) if l == 1 else Loc(line, col)
    return lambda l, c: Loc(line, col + c)


def _block_indent(lines: list, indicator_line: int) -> int:
    for text in lines[indicator_line:]:
        if text.strip():
            return len(text) - len(text.lstrip(" "))
    return 0


# ------------------------------------------------------------ the loader

class _FileLoader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.errors: list[ClaimError] = []

    def attempt(self, fn, *args):
        """Run one validation step; record its error and carry on."""
        try:
            return fn(*args)
        except _Reported:
            return None
        except ClaimError as exc:
            self.errors.append(exc)
            return None

    # --- scalars

    def string(self, node: YNode, key: str, one_line: bool = False) -> str:
        if node.kind != "scalar" or not isinstance(node.value, str):
            raise ClaimError(f"`{key}` must be a string, not {node.describe()}", node.loc)
        if one_line and "\n" in node.value.strip():
            raise ClaimError(f"`{key}` must be one line", node.loc)
        return node.value

    def strings(self, node: YNode, key: str) -> list:
        """A string or a list of strings, as YNodes."""
        items = node.value if node.kind == "seq" else [node]
        if node.kind == "seq" and not items:
            raise ClaimError(f"`{key}` must not be an empty list", node.loc)
        for item in items:
            self.string(item, f"{key} entry")
        return items

    def expression(self, node: YNode, key: str) -> ir.Expr:
        self.string(node, key)
        return parse_expression(node.value, scalar_map(node, self.lines))

    def integer(self, node: YNode, key: str, lo: int, hi: int) -> int:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
            raise ClaimError(f"`{key}` must be an integer, not {node.describe()}", node.loc)
        if not lo <= value <= hi:
            raise ClaimError(f"`{key}` must be between {lo} and {hi:,}", node.loc)
        return value

    def number(self, node: YNode, key: str) -> Fraction:
        """An exact number; its text is checked for size before it is converted."""
        plain_text = node.kind == "scalar" and node.style is None and isinstance(node.value, str)
        if plain_text and node.value[:1] in ("+", "-", ".", *"0123456789"):
            pass  # `1e-7` is a string to YAML 1.1 but a number to its author (and to YAML 1.2)
        elif node.kind != "scalar" or isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ClaimError(f"`{key}` must be a number, not {node.describe()}", node.loc)
        try:
            return read_number(node.text)
        except ValueError as exc:
            raise ClaimError(f"`{key}`: {exc}", node.loc) from None

    def mapping(self, node: YNode, key: str) -> dict:
        if node.kind != "map":
            raise ClaimError(f"`{key}` must be a mapping, not {node.describe()}", node.loc)
        return node.value

    # --- the whole file

    def load(self, root: YNode) -> Claim | None:
        if root.kind != "map":
            raise ClaimError(
                f"a claim file must be a YAML mapping with keys such as 'title' and 'claim', not {root.describe()}",
                root.loc,
            )
        keys: dict = root.value
        for key in keys:
            if key not in KEYS:
                self.errors.append(ClaimError(_unknown_key(key, KEYS), root.key_locs[key]))
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

    def sequence(self, node: YNode, key: str) -> list:
        if node.kind != "seq":
            raise ClaimError(f"`{key}` must be a list, not {node.describe()}", node.loc)
        return node.value

    def boolean(self, node: YNode, key: str) -> bool:
        if node.kind != "scalar" or not isinstance(node.value, bool):
            raise ClaimError(f"`{key}` must be true or false, not {node.describe()}", node.loc)
        return node.value

    def claim_id(self, node: YNode, key: str) -> str:
        value = self.string(node, key)
        if not ID_RE.match(value):
            raise ClaimError(f"`{key}` '{value}' is not a valid id: use lowercase letters, digits, '_' and '-'", node.loc)
        return value

    def id_from_path(self, loc: Loc) -> str:
        stem = Path(self.path).stem
        if not ID_RE.match(stem):
            raise ClaimError(
                f"the file name '{stem}' is not a valid claim id ([a-z0-9][a-z0-9_-]*); rename the file or set `id:`",
                loc,
            )
        return stem

    def goal_list(self, node: YNode) -> list:
        items = self.strings(node, "claim")
        _cap(items, MAX_GOALS, "claims in `claim`", node.loc)
        goals = [self.attempt(lambda n: (self.expression(n, "claim"), n.loc), item) for item in items]
        if None in goals:
            raise _Reported()
        return goals

    def given(self, node: YNode) -> list:
        items = self.strings(node, "given")
        _cap(items, MAX_GIVEN, "entries in `given`", node.loc)
        return [self.expression(e, "given") for e in items]

    def dims(self, node: YNode, key: str, earlier: tuple) -> tuple:
        entries = self.mapping(node, key)
        _cap(entries, MAX_DIMS, "dims", node.loc)
        ranges: list = []
        names = {r.name for r in earlier}
        for name, value in entries.items():
            loc = node.key_locs[name]
            rng = self.attempt(self.dim_range, name, value, loc, names)
            if rng is not None:
                ranges.append(rng)
            names.add(name)
        if len(ranges) != len(entries):
            raise _Reported()
        return tuple(ranges)

    def dim_range(self, name: str, node: YNode, loc: Loc, earlier: set) -> DimRange:
        check_name(name, loc, "dim")
        if node.kind == "seq":
            values = tuple(self.dim_size(v, name) for v in node.value)
            if not values:
                raise ClaimError(f"dim {name} has an empty list of values", node.loc)
            return DimRange(name, None, None, values, str(list(values)), node.loc)
        if node.kind == "scalar" and isinstance(node.value, int) and not isinstance(node.value, bool):
            value = self.dim_size(node, name)
            return DimRange(name, None, None, (value,), str(value), node.loc)
        text = self.string(node, f"dims.{name}") if node.kind == "scalar" else None
        if text is None or text.count("..") != 1:
            raise ClaimError(
                f"dim {name} must be an integer, a list of integers or a range such as 2..5 or 1..n-1",
                node.loc,
            )
        if len(text) > MAX_DIM_RANGE_CHARS:
            raise ClaimError(f"dim {name}: range too long ({len(text)} characters; the limit is "
                             f"{MAX_DIM_RANGE_CHARS})", node.loc)
        where = scalar_map(node, self.lines)
        split = text.index("..")
        lo = self.dim_bound(text[:split], where, earlier)
        hi = self.dim_bound(text[split + 2 :], lambda l, c: where(l, c + split + 2), earlier)
        return DimRange(name, lo, hi, (), text, node.loc)

    def dim_size(self, node: YNode, name: str) -> int:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
            raise ClaimError(f"dim {name}: sizes are integers, not {node.describe()}", node.loc)
        if not 1 <= value <= MAX_DIM:
            raise ClaimError(f"dim {name} = {value}: sizes must be between 1 and {MAX_DIM}", node.loc)
        return value

    def dim_bound(self, text: str, where: SrcMap, earlier: set) -> ir.Expr:
        expr = parse_expression(text, where)
        for node in ir.walk(expr):
            if isinstance(node, ir.Name) and node.name not in earlier:
                raise ClaimError(f"a dim range may use numbers and earlier dims only; '{node.name}' is not one", node.loc)
            if not isinstance(node, (ir.Name, ir.Num, ir.Bin, ir.Neg)) or (
                isinstance(node, ir.Bin) and node.op not in "+-*"
            ):
                raise ClaimError("a dim range bound may only use + - * on numbers and earlier dims", node.loc)
        return Scope({}, earlier, ()).resolve(expr)

    def symbols(self, node: YNode, dims: tuple) -> dict:
        entries = self.mapping(node, "symbols")
        _cap(entries, MAX_SYMBOLS, "symbols", node.loc)
        dim_names = {d.name for d in dims}
        result = {}
        for name, value in entries.items():
            symbol = self.attempt(self.symbol, name, value, node.key_locs[name], dim_names)
            if symbol is not None:
                result[name] = symbol
        if len(result) != len(entries):
            raise _Reported()
        return result

    def symbol(self, name: str, node: YNode, loc: Loc, dim_names: set) -> Symbol:
        check_name(name, loc, "symbol")
        if node.kind == "map":
            shape, domain, structure = self.symbol_long(name, node, dim_names)
        else:
            text = self.string(node, f"symbols.{name}")
            found = non_ascii_problem(text)
            if found is not None:
                raise ClaimError(f"symbols.{name}: {found[1]}", node.loc)
            shape, domain, structure = parse_short_symbol(text, node.loc, dim_names)
        if structure is not None:
            if len(shape) != 2 or shape[0] != shape[1]:
                raise ClaimError(f"structure '{structure}' needs a square matrix such as matrix[n, n]", node.loc)
            if structure in ("psd", "pd"):
                hi = {"negative": Fraction(-1), "nonpositive": Fraction(0)}.get(domain.kind, domain.hi)
                if hi is not None and (hi < 0 or structure == "pd" and hi <= 0):
                    need = "positive" if structure == "pd" else "nonnegative"
                    raise ClaimError(f"no matrix with entries in {domain} is {structure}: its diagonal must be "
                                     f"{need}", node.loc)
        return Symbol(name, shape, domain, structure, loc)

    def symbol_long(self, name: str, node: YNode, dim_names: set):
        allowed = ("shape", "domain", "structure")
        for key in node.value:
            if key not in allowed:
                raise ClaimError(_unknown_key(key, allowed, f"symbols.{name}"), node.key_locs[key])
        shape: tuple = ()
        if "shape" in node.value:
            items = self.sequence(node.value["shape"], f"symbols.{name}.shape")
            if len(items) > 2:
                raise ClaimError("shapes have at most 2 dims (scalar, vector or matrix)", node.value["shape"].loc)
            for item in items:
                if item.kind != "scalar":
                    raise ClaimError("each size in a shape is a dim name or a number", item.loc)
            shape = tuple(_dim_ref(str(i.value), i.loc, dim_names) for i in items)
        domain = Domain("real")
        if "domain" in node.value:
            dnode = node.value["domain"]
            if dnode.kind == "seq":
                if len(dnode.value) != 2:
                    raise ClaimError("an interval domain is [lo, hi]", dnode.loc)
                lo, hi = (self.number(v, f"symbols.{name}.domain") for v in dnode.value)
                if not lo < hi:
                    raise ClaimError(f"interval [{lo}, {hi}] is empty or a single point; need lo < hi", dnode.loc)
                domain = Domain("interval", lo, hi)
            else:
                word = self.string(dnode, f"symbols.{name}.domain")
                if word not in DOMAINS:
                    raise ClaimError(_unknown(word, DOMAINS, "domain"), dnode.loc)
                domain = Domain(word)
        structure = None
        if "structure" in node.value:
            snode = node.value["structure"]
            structure = self.string(snode, f"symbols.{name}.structure")
            if structure not in STRUCTURES:
                raise ClaimError(_unknown(structure, STRUCTURES, "structure"), snode.loc)
        return shape, domain, structure

    def definitions(self, node: YNode) -> tuple:
        entries = self.mapping(node, "define")
        _cap(entries, MAX_DEFINITIONS, "definitions", node.loc)
        result = []
        for head, value in entries.items():
            loc = node.key_locs[head]
            definition = self.attempt(self.definition, head, value, loc)
            if definition is not None:
                result.append(definition)
        if len(result) != len(entries):
            raise _Reported()
        return tuple(result)

    def definition(self, head: str, node: YNode, loc: Loc) -> Definition:
        found = non_ascii_problem(head)
        if found is not None:
            raise ClaimError(f"definition `{head}`: {found[1]}", loc)
        match = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*", head)
        if not match:
            hint = ""
            if head.count("(") != head.count(")"):
                hint = ("; inside `{...}` a comma ends the key, so write functions of several "
                        "arguments one per line under `define:`, or quote the key")
            raise ClaimError(f"a definition is written `name: expr` or `name(a, b): expr`, not `{head}`{hint}", loc)
        name = match.group(1)
        check_name(name, loc, "definition")
        params: tuple = ()
        if match.group(2) is not None:
            params = tuple(p.strip() for p in match.group(2).split(","))
            if params == ("",):
                raise ClaimError(f"function {name}() needs at least one parameter", loc)
            for param in params:
                check_name(param, loc, "parameter")
            if len(set(params)) != len(params):
                raise ClaimError(f"function {name} repeats a parameter name", loc)
        body = self.expression(node, f"define.{name}")
        return Definition(name, params, body, loc)

    def check(self, node: YNode, dims: tuple) -> CheckSettings:
        entries = self.mapping(node, "check")
        settings = CheckSettings()
        for key in entries:
            if key not in CHECK_KEYS:
                raise ClaimError(_unknown_key(key, CHECK_KEYS, "check"), node.key_locs[key])
        if "samples" in entries:
            settings.samples = self.integer(entries["samples"], "check.samples", 1, 100_000_000)
        if "seed" in entries:
            settings.seed = self.integer(entries["seed"], "check.seed", 0, 2**32 - 1)
        if "timeout" in entries:
            settings.timeout = float(self.number(entries["timeout"], "check.timeout"))
            if not 0 < settings.timeout <= 3600:
                raise ClaimError("`check.timeout` must be between 0 and 3600 seconds", entries["timeout"].loc)
        if "rtol" in entries:
            settings.rtol = self.number(entries["rtol"], "check.rtol")
            if not 0 < settings.rtol <= MAX_RTOL:
                raise ClaimError(
                    f"`check.rtol` must be between 0 and 1e-6 (got {entries['rtol'].text}): a looser tolerance "
                    "would let the numeric check accept false claims",
                    entries["rtol"].loc,
                )
        if "sample_dims" in entries:
            settings.sample_dims = self.sample_dims(entries["sample_dims"], dims)
        return settings

    def sample_dims(self, node: YNode, dims: tuple) -> tuple:
        declared = [d.name for d in dims]
        entries = self.mapping(node, "check.sample_dims")
        for name in entries:
            if name not in declared:
                raise ClaimError(f"check.sample_dims: '{name}' is not a dim of this claim", node.key_locs[name])
        ranges = []
        for name in declared:
            if name in entries:
                earlier = set(declared[: declared.index(name)])
                ranges.append(self.dim_range(name, entries[name], node.key_locs[name], earlier))
        return tuple(ranges)

    def proof(self, node: YNode) -> list:
        text = self.string(node, "proof")
        where = scalar_map(node, self.lines)
        steps: list = []
        for index, raw in enumerate(text.split("\n")):
            content = raw.split("#", 1)[0]
            stripped = content.strip()
            if not stripped:
                continue
            lead = len(content) - len(content.lstrip())
            line_map = (lambda i: lambda l, c: where(i + l, c))(index)
            rel = None
            match = RELATION_RE.match(stripped)
            if steps:
                if not match:
                    raise ClaimError(
                        "each proof line after the first starts with a relation (==, <=, <, >=, >)",
                        line_map(1, lead),
                    )
                rel = match.group(1)
                if rel == "!=":
                    raise ClaimError("`!=` cannot be a proof step", line_map(1, lead))
                lead += len(rel)
            elif match:
                raise ClaimError("a proof starts with an expression (the claim's left side), not a relation",
                                 line_map(1, lead))
            if len(steps) == MAX_PROOF_STEPS:
                raise ClaimError(f"a proof has at most {MAX_PROOF_STEPS} lines", line_map(1, lead))
            body = content[lead:]
            expr = parse_expression(body, lambda l, c, m=line_map, o=lead: m(l, c + o))
            steps.append(Step(rel, expr, expr.loc.line, expr.loc.col))
        if len(steps) < 2:
            raise ClaimError("a proof needs at least two lines: a start and one step", node.loc)
        return steps

    def check_names(self, dims: tuple, symbols: dict, definitions: tuple) -> None:
        seen: dict = {}
        for kind, name, loc in (
            [("dim", d.name, d.loc) for d in dims]
            + [("symbol", s.name, s.loc) for s in symbols.values()]
            + [("definition", d.name, d.loc) for d in definitions]
        ):
            if name in seen:
                raise ClaimError(f"'{name}' is declared both as a {seen[name]} and as a {kind}", loc)
            seen[name] = kind
        for definition in definitions:
            for param in definition.params:
                if param in seen:
                    raise ClaimError(
                        f"parameter '{param}' of {definition.name} shadows the {seen[param]} '{param}'",
                        definition.loc,
                    )


class _Reported(ClaimError):
    """Raised after the details were recorded one by one: nothing more to say."""

    def __init__(self) -> None:
        super().__init__("")


class _Fields:
    id = title = source = description = tags = expect = uses = None


def check_name(name: str, loc: Loc, kind: str) -> None:
    found = non_ascii_problem(name)
    if found is not None:
        raise ClaimError(f"'{name}' is not a valid {kind} name: {found[1]}", loc)
    if not NAME_RE.match(name) or keyword.iskeyword(name):
        raise ClaimError(
            f"'{name}' is not a valid {kind} name (ASCII letters, digits and '_', starting with a letter; "
            "not a Python keyword)",
            loc,
        )
    if name in BUILTIN_NAMES:
        raise ClaimError(f"{kind} '{name}' would shadow the built-in '{name}'", loc)


def _cap(entries, limit: int, what: str, loc: Loc) -> None:
    if len(entries) > limit:
        raise ClaimError(f"too many {what} ({len(entries):,}; the limit is {limit})", loc)


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


def _dim_ref(text: str, loc: Loc, dim_names: set):
    found = non_ascii_problem(text)
    if found is not None:
        raise ClaimError(f"size '{text.strip()}': {found[1]}", loc)
    text = text.strip()
    if re.fullmatch(r"[0-9]{1,12}", text):  # ASCII digits only: str.isdigit() also accepts '１' and '²'
        value = int(text)
        if not 1 <= value <= 1000:
            raise ClaimError(f"size {value} must be between 1 and 1000", loc)
        return value
    if text not in dim_names:
        hint = f" (declared dims: {', '.join(sorted(dim_names))})" if dim_names else "; declare it under `dims`"
        raise ClaimError(f"unknown dim '{text}'{hint}", loc)
    return text


_KIND_RE = re.compile(r"(scalar|vector|matrix)\s*(?:\[(.*)\])?\s*\Z")


def parse_short_symbol(text: str, loc: Loc, dim_names: set):
    """`[domain] [structure] kind`, e.g. `nonnegative symmetric matrix[n, n]`."""
    words = re.findall(r"\w+\s*\[[^\]]*\]|\S+", text)
    if not words or len(words) > 3:
        raise ClaimError(f"expected `[domain] [structure] kind`, e.g. `positive vector[n]`, not '{text}'", loc)
    kind_match = _KIND_RE.match(words[-1])
    shape: tuple = ()
    if kind_match:
        words = words[:-1]
        kind, inside = kind_match.group(1), kind_match.group(2)
        sizes = [] if inside is None else [s for s in inside.split(",")]
        expected = {"scalar": 0, "vector": 1, "matrix": 2}[kind]
        if len(sizes) != expected or any(not s.strip() for s in sizes):
            example = {"scalar": "scalar", "vector": "vector[n]", "matrix": "matrix[n, m]"}[kind]
            raise ClaimError(f"'{words and words[-1] or kind_match.group(0)}': a {kind} is written {example}", loc)
        shape = tuple(_dim_ref(s, loc, dim_names) for s in sizes)
    domain, structure, seen_domain = Domain("real"), None, False
    for word in words:
        if word in DOMAINS:
            if seen_domain or structure is not None:
                what = "a second domain" if seen_domain else "the domain after the structure"
                raise ClaimError(f"'{text}': {what}; write `[domain] [structure] kind`", loc)
            domain, seen_domain = Domain(word), True
        elif word in STRUCTURES:
            if structure is not None:
                raise ClaimError(f"'{text}': a second structure; write `[domain] [structure] kind`", loc)
            structure = word
        else:
            raise ClaimError(_unknown(word, DOMAINS + STRUCTURES + ("scalar", "vector[d]", "matrix[d1, d2]"),
                                      "domain, structure or kind"), loc)
    return shape, domain, structure


def _unknown(word: str, options, what: str, where: str = "") -> str:
    """`unknown <what> 'word'`, with the closest option or the list of them."""
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1)
    place = f" in `{where}`" if where else ""
    hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(options)}"
    return f"unknown {what} '{word}'{place}{hint}"


def _unknown_key(key: str, options, where: str = "") -> str:
    return _unknown(key, options, "key", where)


# ------------------------------------------------------------ entry points

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
        loader = _FileLoader(path, text)
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
