"""Reading `define`: named expressions and functions, and the names they may not shadow."""

from __future__ import annotations

import re

from .errors import ClaimError, Loc
from .model import Definition
from .parser import non_ascii_problem
from .reader import Reader, cap, check_name
from .yamlsafe import YNode

MAX_DEFINITIONS = 200


class DefinitionsReader(Reader):
    def definitions(self, node: YNode) -> tuple:
        entries = self.mapping(node, "define")
        cap(entries, MAX_DEFINITIONS, "definitions", node.loc)
        result = []
        for head, value in entries.items():
            loc = node.key_locs[head]
            definition = self.attempt(self.definition, head, value, loc)
            if definition is not None:
                result.append(definition)
            else:
                self.failed_names.add(re.match(r"\s*(\w*)", head).group(1))
        return tuple(result)  # the definitions that were read: expressions are still checked against them

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
