"""TM Forum's official v4 CTKs from ../shared/tmf/ctk-official, unchanged, run by newman against a fresh
component on each backend, with exact assertion counts (each kit counts its checks per listed item, so the
totals tell when a kit ran fewer checks than it should)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctk.oda_cms_ctk.official import run_kit
from tests.official_ctk.conftest import official_kit
from tests.support.backends import BACKENDS

# kit folder -> (assertions passed, assertions in all) on a fresh component with the default catalogue
EXPECTED = {
    "TMF629": (70, 70),
    "TMF622": (63, 63),
    "TMF637": (86, 86),
    "TMF641-v4": (59, 59),  # filters ?orderDate="<value>": TMF630 quoting (README)
    "TMF666": (1198, 1198),  # shipped payloads: accounts of Organizations, no accountType
    "TMF669-v4": (91, 91),  # the Party Role API the canvas's identity operator uses
    "TMF620": (911, 911),  # read-write catalogue (issue #15); filters ?lastUpdate="<value>": TMF630 quoting
}

def kit_digest(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.json"))}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kit", list(EXPECTED))
def test_official_kit_passes_unchanged(kit: str, backend: str, fresh_component, newman_installed,
                                       tmp_path: Path) -> None:
    folder = official_kit(kit)
    before = kit_digest(folder)
    server = fresh_component(backend)

    outcome = run_kit(folder, server.root, tmp_path / kit)

    assert outcome.error == "", outcome.error
    assert outcome.result is not None
    assert outcome.result.failures == []
    assert (outcome.result.passed_assertions, outcome.result.assertions) == EXPECTED[kit]
    assert outcome.ok
    report = json.loads((tmp_path / kit / "jsonResults.json").read_text())
    assert report["run"]["stats"]["assertions"]["failed"] == 0
    assert (tmp_path / kit / "htmlResults.html").stat().st_size > 0
    assert kit_digest(folder) == before  # the kit's files are only read
