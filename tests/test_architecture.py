"""The structure as docs/architecture.md describes it: import-linter's contracts (.importlinter) hold, and
only the composition root and the CLI read the process environment."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENVIRONMENT_READERS = {"component/bootstrap/environment.py", "component/bootstrap/app.py", "component/cli/main.py"}
READS_ENVIRONMENT = re.compile(r"os\.environ|os\.getenv|getenv\(|from_env")


def test_import_linter_contracts_are_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.fail("lint-imports is missing: install the test extras (pip install -e '.[test]')")
    result = subprocess.run([str(linter), "--config", str(REPO / ".importlinter"), "--no-cache"], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_cover_every_top_level_module_of_the_component() -> None:
    config = (REPO / ".importlinter").read_text()
    layered = set(re.findall(r"component\.(\w+)", config.split("[importlinter:contract:layers]")[1].split("[")[0]))
    modules = {path.stem if path.is_file() else path.name for path in (REPO / "component").iterdir()
               if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()}
    assert modules - layered == set(), "every top-level module must have its place in the layers contract"


def test_only_the_composition_root_and_the_cli_read_the_environment() -> None:
    readers = {str(path.relative_to(REPO)) for path in (REPO / "component").rglob("*.py")
               if READS_ENVIRONMENT.search(path.read_text(encoding="utf-8"))}
    assert readers <= ENVIRONMENT_READERS, sorted(readers - ENVIRONMENT_READERS)
