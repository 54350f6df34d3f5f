"""Specification of component.dependencies: reading the operator's dependent-API file."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from component.bootstrap.environment import settings_from_env
from component.bootstrap.watcher import DependentApisWatcher
from component.dependencies import DependentApis

ORDERING = {"serviceOrdering": {"apiId": "TMF641", "version": "4.0.0", "url": "http://so.ns.svc:8080/tmf-api/v4",
                                "ready": True, "provider": "r2-so-serviceordering"}}


def write(path: Path, document: object) -> None:
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def project_configmap(directory: Path, document: object, generation: int) -> Path:
    """Write the file the way kubelet updates a ConfigMap volume: new timestamped dir, ``..data`` swapped."""
    data_dir = directory / f"..2024_01_01_00_00_0{generation}"
    data_dir.mkdir()
    write(data_dir / "dependentApis.json", document)
    tmp_link = directory / "..data_tmp"
    tmp_link.symlink_to(data_dir.name)
    os.replace(tmp_link, directory / "..data")
    visible = directory / "dependentApis.json"
    if not visible.is_symlink():
        visible.symlink_to("..data/dependentApis.json")
    return visible


def test_missing_file_means_no_dependent_apis(tmp_path):
    apis = DependentApis(tmp_path / "absent.json")
    assert apis.all() == {}
    assert apis.url("serviceOrdering") is None


def test_unset_environment_variable_means_no_dependent_apis():
    assert DependentApis(settings_from_env({}).dependent_apis_file).all() == {}


def test_environment_variable_names_the_file(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    settings = settings_from_env({"DEPENDENT_APIS_FILE": str(path)})
    assert DependentApis(settings.dependent_apis_file).url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_lookups_do_not_touch_the_file_until_refreshed(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    write(path, {"serviceOrdering": {**ORDERING["serviceOrdering"], "url": "http://other.ns.svc/v4"}})
    bump_mtime(path)
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"  # the request path reads memory
    assert apis.refresh() is True
    assert apis.url("serviceOrdering") == "http://other.ns.svc/v4"
    assert apis.refresh() is False


def test_the_watcher_sees_a_rewritten_file_without_a_restart(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    watcher = DependentApisWatcher(apis, interval=0.02)
    watcher.start()
    try:
        write(path, {"serviceOrdering": {**ORDERING["serviceOrdering"], "url": "http://other.ns.svc/v4"}})
        bump_mtime(path)
        deadline = time.monotonic() + 10
        while apis.url("serviceOrdering") != "http://other.ns.svc/v4" and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        watcher.stop()
    assert apis.url("serviceOrdering") == "http://other.ns.svc/v4"


def test_url_is_found_by_dependent_api_name(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    assert DependentApis(path).url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_url_is_found_by_api_id_case_insensitively(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    assert DependentApis(path).url("tmf641") == "http://so.ns.svc:8080/tmf-api/v4"


def test_url_of_a_provider_that_is_not_ready_is_withheld(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, {"serviceOrdering": {**ORDERING["serviceOrdering"], "ready": False}})
    apis = DependentApis(path)
    assert apis.url("serviceOrdering") is None
    assert apis.all()["serviceOrdering"]["url"] == "http://so.ns.svc:8080/tmf-api/v4"


def test_unresolved_entry_has_no_url(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, {"serviceOrdering": {"apiId": "TMF641", "version": "4.0.0", "url": None, "ready": False,
                                     "provider": None}})
    assert DependentApis(path).url("serviceOrdering") is None


def test_rewritten_file_is_seen_without_a_new_instance(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"
    write(path, {"serviceOrdering": {**ORDERING["serviceOrdering"], "url": "http://other.ns.svc/v4"}})
    bump_mtime(path)
    apis.refresh()
    assert apis.url("serviceOrdering") == "http://other.ns.svc/v4"


def test_file_appearing_later_is_picked_up(tmp_path):
    path = tmp_path / "dependentApis.json"
    apis = DependentApis(path)
    assert apis.all() == {}
    write(path, ORDERING)
    apis.refresh()
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_garbage_content_keeps_the_last_good_value(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"
    write(path, '{"serviceOrdering": {"url": "http://half')
    bump_mtime(path)
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_wrongly_shaped_json_keeps_the_last_good_value(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    apis.all()
    write(path, ["not", "a", "mapping"])
    bump_mtime(path)
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_good_content_after_garbage_is_taken(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, "garbage")
    apis = DependentApis(path)
    assert apis.all() == {}
    write(path, ORDERING)
    bump_mtime(path)
    apis.refresh()
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_configmap_volume_symlink_swap_is_seen(tmp_path):
    visible = project_configmap(tmp_path, ORDERING, generation=1)
    apis = DependentApis(visible)
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"
    moved = {"serviceOrdering": {**ORDERING["serviceOrdering"], "url": "http://moved.ns.svc/v4"}}
    project_configmap(tmp_path, moved, generation=2)
    apis.refresh()
    assert apis.url("serviceOrdering") == "http://moved.ns.svc/v4"


def test_returned_entries_are_copies(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    apis.all()["serviceOrdering"]["url"] = "http://tampered"
    assert apis.url("serviceOrdering") == "http://so.ns.svc:8080/tmf-api/v4"


def test_concurrent_readers_all_see_a_complete_document(tmp_path):
    path = tmp_path / "dependentApis.json"
    write(path, ORDERING)
    apis = DependentApis(path)
    seen: list[str | None] = []

    def read() -> None:
        for _ in range(200):
            seen.append(apis.url("TMF641"))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(seen) == {"http://so.ns.svc:8080/tmf-api/v4"}
