"""The package's layers, kept honest (README "Where things are").

Each folder is a layer and imports only the layers below it: language <
exact < symbolic, numeric (never each other) < gate < reports < the top
(cli, pytest_plugin, api). Only the command line imports click. No module
imports, even lazily, a module that imports it back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "proofcheck"
ALLOWED = {
    "language": set(),
    "exact": {"language"},
    "symbolic": {"language", "exact"},
    "numeric": {"language", "exact"},
    "gate": {"language", "exact", "symbolic", "numeric"},
    "reports": {"language", "exact", "gate"},
    "top": {"language", "exact", "symbolic", "numeric", "gate", "reports", "top"},
}


def _module(path: Path) -> str:
    parts = ["proofcheck", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in ALLOWED else "top"


def _imports(path: Path, module: str | None = None) -> set:
    """Every proofcheck module and third-party top-level package imported anywhere in the file
    (read as the module `module`, by default the one at `path`)."""
    module = module or _module(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if _exists(f"{base}.{alias.name}"))
    return found


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {m: {i for i in _imports(p) if i.startswith("proofcheck.") and i in MODULES} for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_the_layers_below_it(module):
    layer = _layer(module)
    wrong = sorted(i for i in GRAPH[module] if _layer(i) != layer and _layer(i) not in ALLOWED[layer])
    assert not wrong, f"{module} ({layer}) imports {wrong}"


def test_only_the_command_line_imports_click():
    users = sorted(m for m, p in MODULES.items() if "click" in {i.split(".")[0] for i in _imports(p)})
    assert users == ["proofcheck.cli", "proofcheck.cli.options"]


def test_the_claim_language_imports_neither_sympy_nor_numpy():
    for module, path in MODULES.items():
        if _layer(module) in ("language", "exact"):
            assert not {"sympy", "numpy", "mpmath"} & {i.split(".")[0] for i in _imports(path)}, module


def test_no_import_cycle():
    """Depth-first search over every import, lazy ones included."""
    state: dict = {}

    def visit(module: str, trail: list) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            if target == module or target == module.rsplit(".", 1)[0]:  # a module and its own package
                continue
            if state.get(target) == "open":
                cycle = trail[trail.index(target):] + [target] if target in trail else [module, target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])


def test_the_layer_test_sees_a_violation(tmp_path):
    """The checker itself works: a language module importing the prover, lazily, is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from ..symbolic import engine\n    from .. import gate\n")
    found = _imports(probe, "proofcheck.language.probe")
    assert {"proofcheck.symbolic.engine", "proofcheck.gate"} <= found
    assert [i for i in found if _layer(i) not in ALLOWED["language"] | {"language"}]
