"""Reading `symbols`: each variable's kind, shape, domain and structure."""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import ClaimError, Loc
from .model import DOMAINS, STRUCTURES, VECTOR_STRUCTURES, Domain, Symbol
from .parser import non_ascii_problem, read_number
from .reader import Reader, cap, check_name, unknown, unknown_key
from .yamlsafe import YNode

MAX_SYMBOLS = 200


class SymbolsReader(Reader):
    def symbols(self, node: YNode, dims: tuple) -> dict:
        entries = self.mapping(node, "symbols")
        cap(entries, MAX_SYMBOLS, "symbols", node.loc)
        dim_names = {d.name for d in dims}
        result = {}
        for name, value in entries.items():
            symbol = self.attempt(self.symbol, name, value, node.key_locs[name], dim_names)
            if symbol is not None:
                result[name] = symbol
            else:
                self.failed_names.add(name)
        return result  # the symbols that were read: expressions are still checked against them

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
        if structure in VECTOR_STRUCTURES:
            check_vector_structure(structure, shape, domain, node.loc)
        elif structure is not None:
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
                raise ClaimError(unknown_key(key, allowed, f"symbols.{name}"), node.key_locs[key])
        shape: tuple = ()
        if "shape" in node.value:
            items = self.sequence(node.value["shape"], f"symbols.{name}.shape")
            if len(items) > 2:
                raise ClaimError("shapes have at most 2 dims (scalar, vector or matrix)", node.value["shape"].loc)
            for item in items:
                if item.kind != "scalar":
                    raise ClaimError("each size in a shape is a dim name or a number", item.loc)
            shape = tuple(dim_ref(str(i.value), i.loc, dim_names) for i in items)
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
                if word.lstrip()[:1] in ("(", "["):
                    domain = parse_interval(word, dnode.loc)
                elif word not in DOMAINS:
                    raise ClaimError(unknown(word, DOMAINS, "domain") + ', or an interval such as "(0, 1)"',
                                     dnode.loc)
                else:
                    domain = Domain(word)
        structure = None
        if "structure" in node.value:
            snode = node.value["structure"]
            structure = self.string(snode, f"symbols.{name}.structure")
            if structure not in STRUCTURES:
                raise ClaimError(unknown(structure, STRUCTURES, "structure"), snode.loc)
        return shape, domain, structure


_INTERVAL_RE = re.compile(r"\s*([\[(])\s*([^,\s]+)\s*,\s*([^,\s]+)\s*([\])])\s*\Z")
_VECTOR_DOMAINS = {"simplex": ("real", "nonnegative", "positive"), "unit": ("real", "nonnegative", "positive")}


def parse_interval(text: str, loc: Loc) -> Domain:
    """`"(0, 1)"`, `"[0, 1)"`, `"(1, inf)"`: brackets for closed ends, parentheses for open ones."""
    found = non_ascii_problem(text)
    if found is not None:
        raise ClaimError(f"domain: {found[1]}", loc)
    match = _INTERVAL_RE.match(text)
    if match is None:
        raise ClaimError(f"cannot read the interval '{text}': write it like \"(0, 1)\", \"[0, 1)\" or "
                         "\"(1, inf)\" (brackets for closed ends, parentheses for open ones)", loc)
    left, lo_text, hi_text, right = match.groups()
    lo, hi = _end(lo_text, loc, -1), _end(hi_text, loc, 1)
    lo_open, hi_open = left == "(", right == ")"
    for value, is_open, word in ((lo, lo_open, "(-inf"), (hi, hi_open, "inf)")):
        if value is None and not is_open:
            raise ClaimError(f"interval '{text}': an infinite end is open; write {word}", loc)
    if lo is not None and hi is not None and not (lo < hi):
        raise ClaimError(f"interval '{text}' is empty or a single point; need lo < hi", loc)
    if lo is None and hi is None:
        raise ClaimError(f"interval '{text}' is every real number; write the domain `real`", loc)
    return Domain("interval", lo, hi, lo_open, hi_open)


def _end(text: str, loc: Loc, side: int) -> Fraction | None:
    if text.lstrip("+-") == "inf":
        if (text.startswith("-") and side > 0) or (not text.startswith("-") and side < 0):
            where = "lower" if side < 0 else "upper"
            raise ClaimError(f"'{text}' cannot be the {where} end of an interval", loc)
        return None
    try:
        return read_number(text)
    except ValueError as exc:
        raise ClaimError(f"interval end '{text}': {exc}", loc) from None


def check_vector_structure(structure: str, shape: tuple, domain: Domain, loc: Loc) -> None:
    """simplex (entries >= 0 summing to 1) and unit (norm 1) are structures of vectors."""
    if len(shape) != 1:
        raise ClaimError(f"structure '{structure}' needs a vector such as vector[n]", loc)
    allowed = _VECTOR_DOMAINS[structure]
    if domain.kind not in allowed:
        what = "entries >= 0 that sum to 1" if structure == "simplex" else "norm 1"
        raise ClaimError(f"a {structure} vector has {what}: its domain may be {', '.join(allowed)}, not {domain}",
                         loc)


def dim_ref(text: str, loc: Loc, dim_names: set):
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
        shape = tuple(dim_ref(s, loc, dim_names) for s in sizes)
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
            raise ClaimError(unknown(word, DOMAINS + STRUCTURES + ("scalar", "vector[d]", "matrix[d1, d2]"),
                                      "domain, structure or kind"), loc)
    return shape, domain, structure
