"""The operator is a separate process: it must not import the component's package."""

from __future__ import annotations

import ast
from pathlib import Path

import oda_cms_operator


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return names


def test_operator_never_imports_the_component():
    package = Path(oda_cms_operator.__file__).parent
    offenders = {str(path.name): sorted(m for m in imported_modules(path) if m.split(".")[0] == "component")
                 for path in package.glob("*.py")}
    assert {name: mods for name, mods in offenders.items() if mods} == {}
