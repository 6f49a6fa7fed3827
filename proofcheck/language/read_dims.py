"""Reading `dims` (and `check.sample_dims`): the sizes that shapes use."""

from __future__ import annotations

from . import ir
from .errors import ClaimError, Loc
from .model import MAX_DIM, DimRange, sizes_outside
from .parser import SrcMap, parse_expression
from .reader import Reader, Reported, cap, check_name, scalar_map
from .resolve import Scope
from .yamlsafe import YNode

MAX_DIMS = 8
MAX_DIM_RANGE_CHARS = 100  # `1..n-1`: its bounds are evaluated for each value of the dims they use


class DimsReader(Reader):
    def dims(self, node: YNode, key: str, earlier: tuple) -> tuple:
        entries = self.mapping(node, key)
        cap(entries, MAX_DIMS, "dims", node.loc)
        ranges: list = []
        names = {r.name for r in earlier}
        for name, value in entries.items():
            loc = node.key_locs[name]
            rng = self.attempt(self.dim_range, name, value, loc, names)
            if rng is not None:
                ranges.append(rng)
            names.add(name)
        if len(ranges) != len(entries):
            raise Reported()
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
                f"dim {name} must be an integer, a list of integers or a range such as 2..5, 1..n-1 "
                "or 1.. (every size from 1 on)",
                node.loc,
            )
        if len(text) > MAX_DIM_RANGE_CHARS:
            raise ClaimError(f"dim {name}: range too long ({len(text)} characters; the limit is "
                             f"{MAX_DIM_RANGE_CHARS})", node.loc)
        where = scalar_map(node, self.lines)
        split = text.index("..")
        lo = self.dim_bound(text[:split], where, earlier)
        rest = text[split + 2 :]
        hi = self.dim_bound(rest, lambda l, c: where(l, c + split + 2), earlier) if rest.strip() else None
        return DimRange(name, lo, hi, (), text.strip(), node.loc)

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

    def sample_dims(self, node: YNode, dims: tuple) -> tuple:
        """Sizes to sample instead of the claim's: bounded, and inside the claim's dims (a
        counterexample at a size the claim does not state would not be one)."""
        declared = [d.name for d in dims]
        entries = self.mapping(node, "check.sample_dims")
        for name in entries:
            if name not in declared:
                raise ClaimError(f"check.sample_dims: '{name}' is not a dim of this claim", node.key_locs[name])
        ranges = []
        for name in declared:
            if name in entries:
                earlier = set(declared[: declared.index(name)])
                rng = self.dim_range(name, entries[name], node.key_locs[name], earlier)
                if rng.unbounded:
                    raise ClaimError(f"check.sample_dims: {name} = {rng.text} must be bounded, such as 1..60 "
                                     "(an unbounded dim is sampled up to 32 by default)", rng.loc)
                ranges.append(rng)
        outside = sizes_outside(dims, tuple(ranges))
        if outside is not None:
            rng, value, env = outside
            where = "".join(f" when {k}={v}" for k, v in env.items())
            claimed = next(d for d in dims if d.name == rng.name)
            raise ClaimError(f"check.sample_dims: {rng.name} = {rng.text} goes outside the claim's dims "
                             f"({rng.name}: {claimed.text}): {rng.name}={value}{where} is not a size of this "
                             "claim, so a counterexample there would not be one", rng.loc)
        return tuple(ranges)
