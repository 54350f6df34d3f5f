"""`oda-cms ctk` as a user holding a CTK zip runs it: on a copy of an official kit, against a fresh embedded
instance (the default) or a deployment's --base-url with an ODA path prefix; exit status and reports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from component.bootstrap.environment import settings_from_env
from tests.official_ctk.conftest import official_kit
from tests.support.backends import BACKENDS, migrated_database
from tests.support.live_server import LiveServer

REPO = Path(__file__).resolve().parents[2]


def oda_cms_ctk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "component.cli", "ctk", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def test_a_copy_of_a_kit_runs_against_a_fresh_embedded_instance(newman_installed, tmp_path: Path) -> None:
    kit = shutil.copytree(official_kit("TMF629"), tmp_path / "TMF629-download")

    done = oda_cms_ctk(str(kit), "--out", str(tmp_path / "reports"), cwd=REPO)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS TMF629-download: 70/70 assertions passed" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("1 of 1 CTKs passed every assertion")
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert [(entry["kit"], entry["ok"], entry["assertions"]) for entry in summary] == [("TMF629-download", True, 70)]
    report = tmp_path / "reports" / "TMF629-download"
    assert json.loads((report / "jsonResults.json").read_text())["run"]["stats"]["assertions"]["total"] == 70
    assert "<html" in (report / "htmlResults.html").read_text().lower()
    generated = json.loads((report / "config.json").read_text())
    assert generated["url"].endswith("/tmf-api/customerManagement/v4/")
    assert generated["payloads"] == json.loads((kit / "config.json").read_text())["payloads"]


def test_a_failed_assertion_exits_1_and_names_it(newman_installed, tmp_path: Path) -> None:
    # the TMF622 kit's own example order (an item without an offering, an Individual as party) is refused
    done = oda_cms_ctk(str(official_kit("TMF622")), "--kit-payloads", "--out", str(tmp_path), cwd=REPO)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL TMF622:" in done.stdout
    assert "Status code is 201" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("0 of 1 CTKs passed")


@pytest.mark.parametrize("backend", BACKENDS)
def test_several_kits_against_a_deployment_with_an_oda_path_prefix(newman_installed, backend: str,
                                                                   tmp_path: Path) -> None:
    with migrated_database(backend, tmp_path) as url:
        settings = settings_from_env(database_url=url, auto_migrate=False, run_workers=False,
                                     path_prefix="/r1-oda-cms")
        deployment = LiveServer(settings).start()
        try:
            done = oda_cms_ctk(str(official_kit("TMF629")), str(official_kit("TMF641-v4")), "--base-url",
                               deployment.root + "/r1-oda-cms", "--out", str(tmp_path / "reports"), cwd=REPO)
        finally:
            deployment.stop()

    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS TMF629:" in done.stdout and "PASS TMF641-v4:" in done.stdout
    generated = json.loads((tmp_path / "reports" / "TMF641-v4" / "config.json").read_text())
    assert generated["url"] == deployment.root + "/r1-oda-cms/tmf-api/serviceOrdering/v4/"


def test_a_folder_that_is_not_a_ctk_is_an_error(tmp_path: Path) -> None:
    done = oda_cms_ctk(str(tmp_path), "--base-url", "http://127.0.0.1:9", "--out", str(tmp_path / "r"), cwd=REPO)

    assert done.returncode == 1
    assert "ERROR" in done.stdout and "config.json" in done.stdout
