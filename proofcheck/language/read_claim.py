"""Reading `claim`, `given`, `proof` and `check`: what is claimed, assumed and argued."""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import ClaimError
from .model import CheckSettings, Step
from .parser import parse_expression
from .read_dims import DimsReader
from .reader import Reported, cap, scalar_map, unknown_key
from .yamlsafe import YNode

CHECK_KEYS = ("samples", "seed", "timeout", "rtol", "sample_dims")
RELATION_RE = re.compile(r"(==|<=|>=|<|>|!=)")
MAX_GOALS = 100
MAX_GIVEN = 100
MAX_PROOF_STEPS = 500
MAX_RTOL = Fraction(1, 10**6)  # SPEC §1: a file may loosen the tolerance up to 1e-6, no further


class ClaimReader(DimsReader):
    def goal_list(self, node: YNode) -> list:
        items = self.strings(node, "claim")
        cap(items, MAX_GOALS, "claims in `claim`", node.loc)
        goals = [self.attempt(lambda n: (self.expression(n, "claim"), n.loc), item) for item in items]
        return [goal for goal in goals if goal is not None]  # each one's mistakes are recorded

    def given(self, node: YNode) -> list:
        items = self.strings(node, "given")
        cap(items, MAX_GIVEN, "entries in `given`", node.loc)
        given = [self.attempt(self.expression, e, "given") for e in items]
        return [g for g in given if g is not None]

    def proof(self, node: YNode) -> list:
        text = self.string(node, "proof")
        where = scalar_map(node, self.lines)
        steps: list = []
        seen = 0  # lines with content, read or not
        failed = False
        for index, raw in enumerate(text.split("\n")):
            content = raw.split("#", 1)[0]
            if not content.strip():
                continue
            line_map = (lambda i: lambda l, c: where(i + l, c))(index)
            if seen == MAX_PROOF_STEPS:
                raise ClaimError(f"a proof has at most {MAX_PROOF_STEPS} lines", line_map(1, 0))
            try:  # each line is read: every mistake is reported
                steps.append(self.proof_line(content, line_map, first=seen == 0))
            except ClaimError as exc:
                self.errors.append(exc)
                failed = True
            seen += 1
        if failed:
            raise Reported()
        if len(steps) < 2:
            raise ClaimError("a proof needs at least two lines: a start and one step", node.loc)
        return steps

    def proof_line(self, content: str, line_map, first: bool) -> Step:
        """One line of a proof: `expr` first, `rel expr` after."""
        stripped = content.strip()
        lead = len(content) - len(content.lstrip())
        rel = None
        match = RELATION_RE.match(stripped)
        if not first:
            if not match:
                raise ClaimError("each proof line after the first starts with a relation (==, <=, <, >=, >)",
                                 line_map(1, lead))
            rel = match.group(1)
            if rel == "!=":
                raise ClaimError("`!=` cannot be a proof step", line_map(1, lead))
            lead += len(rel)
        elif match:
            raise ClaimError("a proof starts with an expression (the claim's left side), not a relation",
                             line_map(1, lead))
        body = content[lead:]
        expr = parse_expression(body, lambda l, c, m=line_map, o=lead: m(l, c + o))
        return Step(rel, expr, expr.loc.line, expr.loc.col)

    def check(self, node: YNode, dims: tuple) -> CheckSettings:
        entries = self.mapping(node, "check")
        settings = CheckSettings()
        for key in entries:
            if key not in CHECK_KEYS:
                raise ClaimError(unknown_key(key, CHECK_KEYS, "check"), node.key_locs[key])
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
