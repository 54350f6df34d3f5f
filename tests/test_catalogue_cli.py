"""`oda-cms catalogue import FILE` and `oda-cms catalogue export`: the file format in and out of the stored
TMF620 catalogue, on both databases. An export imported again changes nothing; an import applies a changed
or new entry once and reports it; a lifecycle move the TMF620 lifecycle forbids refuses the whole import."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from component.bootstrap.environment import settings_from_env
from component.bootstrap.root import Root, build
from component.catalog.publisher import publish
from component.cli.main import main
from component.service import Transaction
from tests.support.backends import BACKENDS, migrated_database


@pytest.fixture(params=BACKENDS)
def seeded(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Root]:
    """A fresh database seeded from the built-in file, which the command line is pointed at."""
    with migrated_database(request.param, tmp_path) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        root = build(settings_from_env(database_url=url, auto_migrate=False))
        publish(root.registry, root.catalogue.local)
        yield root
        root.database.dispose()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["catalogue", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def exported(capsys: pytest.CaptureFixture[str], folder: Path) -> dict[str, Any]:
    code, _out, err = run(capsys, "export", "--output", str(folder / "export.yaml"))
    assert code == 0, err
    return yaml.safe_load((folder / "export.yaml").read_text())


def stored(root: Root, kind: str, key: str) -> dict[str, Any] | None:
    with root.database.read() as connection:
        return Transaction(root.registry, connection, "2026-01-01T00:00:00.000Z").find(kind, key)


def written(folder: Path, raw: dict[str, Any]) -> str:
    path = folder / "changed.yaml"
    path.write_text(yaml.safe_dump(raw))
    return str(path)


def test_an_export_imported_again_changes_nothing(seeded: Root, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    raw = exported(capsys, tmp_path)
    assert {entry["id"] for entry in raw["productOfferings"]} >= {"prepaid-start", "roaming-pack"}
    assert raw["productServiceMappings"]  # the mapping travels with the file

    code, out, err = run(capsys, "import", str(tmp_path / "export.yaml"))

    assert code == 0, err
    assert out.strip().splitlines()[-1].startswith("0 changed, "), out


def test_an_import_applies_a_new_and_a_changed_entry_once(seeded: Root, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    raw = exported(capsys, tmp_path)
    price = next(entry for entry in raw["productOfferingPrices"] if entry["id"] == "postpaid-s-monthly")
    price["price"] = {"unit": "EUR", "value": 27.5}
    extra = copy.deepcopy(next(entry for entry in raw["productOfferings"] if entry["id"] == "roaming-pack"))
    extra.update(id="roaming-pack-2", name="Roaming pack, second edition")
    raw["productOfferings"].append(extra)
    path = written(tmp_path, raw)

    code, out, err = run(capsys, "import", path)

    assert code == 0, err
    lines = out.strip().splitlines()
    assert "inserted ProductOffering roaming-pack-2" in lines
    assert "replaced ProductOfferingPrice postpaid-s-monthly" in lines
    assert "replaced Category value-added-services" in lines  # it lists its offerings
    assert lines[-1].startswith("3 changed, ")
    assert stored(seeded, "ProductOfferingPrice", "postpaid-s-monthly")["price"]["value"] == 27.5
    assert seeded.catalogue.offering("roaming-pack-2").name == "Roaming pack, second edition"
    assert run(capsys, "import", path)[1].strip().splitlines()[-1].startswith("0 changed, ")


def test_an_illegal_lifecycle_move_refuses_the_whole_import(seeded: Root, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    raw = exported(capsys, tmp_path)
    offering = next(entry for entry in raw["productOfferings"] if entry["id"] == "caller-tunes")
    offering["lifecycleStatus"] = "In study"
    raw["productOfferingPrices"][0]["name"] = "renamed by a refused import"

    code, out, err = run(capsys, "import", written(tmp_path, raw))

    assert code == 1 and out == ""
    assert "caller-tunes" in err and "Launched" in err
    assert stored(seeded, "ProductOffering", "caller-tunes")["lifecycleStatus"] == "Launched"
    assert stored(seeded, "ProductOfferingPrice", raw["productOfferingPrices"][0]["id"])["name"] != \
        "renamed by a refused import"


def test_import_without_a_file_is_refused(seeded: Root, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "import")
    assert code == 2 and "FILE" in err
