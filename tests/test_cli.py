"""The `oda-cms` command as an operator runs it: real processes, real listeners."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from sqlalchemy import create_engine, inspect

from tests.support.live_server import free_port

ODA_CMS = [sys.executable, "-m", "component.cli"]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "LOG_LEVEL": "WARNING", **extra}


@contextmanager
def serving(tmp_path: Path, *args: str, **env: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([*ODA_CMS, "serve", "--port", str(port), *args], env=environment(tmp_path, **env),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{root}/health/ready", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not become ready:\n{process.communicate(timeout=5)[0]}")
            time.sleep(0.1)
        yield root
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(15)


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    result = subprocess.run([*ODA_CMS, "migrate"], env=environment(tmp_path), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    assert {"resource", "outbox", "hub_subscription", "alembic_version"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_serve_migrates_the_embedded_database_and_serves_every_api(tmp_path: Path) -> None:
    with serving(tmp_path) as root:
        created = requests.post(f"{root}/tmf-api/customerManagement/v4/customer", timeout=5,
                                json={"name": "Ann", "engagedParty": {"id": "p", "@referredType": "Individual"}})
        assert created.status_code == 201
        assert created.json()["href"].startswith(f"{root}/tmf-api/customerManagement/v4/customer/")
        assert requests.get(f"{root}/tmf-api/accountManagement/v4/billingAccount", timeout=5).status_code == 200


def test_serve_with_api_serves_only_the_named_apis(tmp_path: Path) -> None:
    with serving(tmp_path, "--api", "customer") as root:
        assert requests.get(f"{root}/tmf-api/customerManagement/v4/customer", timeout=5).status_code == 200
        assert requests.get(f"{root}/tmf-api/accountManagement/v4/billingAccount", timeout=5).status_code == 404


def test_path_prefix_puts_every_api_under_the_release_path(tmp_path: Path) -> None:
    with serving(tmp_path, "--api", "customer", PATH_PREFIX="/r1-oda-cms") as root:
        base = f"{root}/r1-oda-cms/tmf-api/customerManagement/v4"
        created = requests.post(f"{base}/customer", timeout=5,
                                json={"name": "Bo", "engagedParty": {"id": "p", "@referredType": "Individual"}})
        assert created.status_code == 201
        assert created.headers["Location"].startswith(f"{base}/customer/")
        assert requests.get(f"{base}/openapi.json", timeout=5).status_code == 200
        assert requests.get(f"{root}/tmf-api/customerManagement/v4/customer", timeout=5).status_code == 404


def test_public_base_url_makes_the_hrefs(tmp_path: Path) -> None:
    with serving(tmp_path, "--api", "customer", PUBLIC_BASE_URL="https://api.example.net") as root:
        created = requests.post(f"{root}/tmf-api/customerManagement/v4/customer", timeout=5,
                                json={"name": "Cy", "engagedParty": {"id": "p", "@referredType": "Individual"}})
        assert created.json()["href"].startswith("https://api.example.net/tmf-api/customerManagement/v4/customer/")


def test_unknown_api_name_is_refused(tmp_path: Path) -> None:
    result = subprocess.run([*ODA_CMS, "serve", "--api", "nonsense"], env=environment(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "unknown API nonsense" in result.stderr


def test_worker_runs_until_terminated(tmp_path: Path) -> None:
    subprocess.run([*ODA_CMS, "migrate"], env=environment(tmp_path), check=True, timeout=60)
    process = subprocess.Popen([*ODA_CMS, "worker"], env=environment(tmp_path, LOG_LEVEL="INFO"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(1.0)  # it must still be running: a worker never exits on its own
    assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    assert "worker started" in output


def test_a_bad_setting_stops_the_start_with_a_message_naming_it(tmp_path: Path) -> None:
    for command, variable, value in [("serve", "CALLBACK_POLICY", "lenient"), ("worker", "DELIVERY_BATCH", "ten"),
                                     ("serve", "APIS", "customer,nosuchapi")]:
        result = subprocess.run([*ODA_CMS, command], env=environment(tmp_path, **{variable: value}),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, (command, variable, result.stderr)
        assert "configuration error" in result.stderr and variable in result.stderr, result.stderr


def test_a_broken_ticket_policy_file_stops_the_worker_at_start(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("priorities: []\n")
    subprocess.run([*ODA_CMS, "migrate"], env=environment(tmp_path), check=True, timeout=60)
    result = subprocess.run([*ODA_CMS, "worker"], env=environment(tmp_path, TICKET_POLICY_FILE=str(policy)),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "TICKET_POLICY_FILE" in result.stderr


def test_version_and_help_name_defaults_and_environment_variables() -> None:
    version = subprocess.run([*ODA_CMS, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("oda-cms ")
    helped = subprocess.run([*ODA_CMS, "serve", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "(default: 8080)" in helped and "env PORT" in helped and "env APIS" in helped


def test_commands_on_the_data_refuse_a_missing_database_and_create_nothing(tmp_path: Path) -> None:
    for command in (["dead-letters", "list"], ["reconcile", "--billing", "http://127.0.0.1:9"], ["worker"]):
        result = subprocess.run([*ODA_CMS, *command], env=environment(tmp_path), capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 2, (command, result.stderr)
        assert "DATABASE_URL" in result.stderr and "oda-cms migrate" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "cli.db").exists()


def test_commands_on_the_data_refuse_a_database_that_was_never_migrated(tmp_path: Path) -> None:
    create_engine(f"sqlite:///{tmp_path / 'cli.db'}").connect().close()  # an empty file
    result = subprocess.run([*ODA_CMS, "dead-letters", "list"], env=environment(tmp_path), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "not usable" in result.stderr and "oda-cms migrate" in result.stderr


def test_logs_are_json_lines_with_the_request_id_an_access_line_and_no_library_noise(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([*ODA_CMS, "serve", "--port", str(port)],
                               env=environment(tmp_path, LOG_LEVEL="INFO", LOG_FORMAT="json"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                requests.get(f"{root}/health/live", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        response = requests.get(f"{root}/tmf-api/customerManagement/v4/customer", timeout=5,
                                headers={"X-Request-ID": "trace-42"})
        assert response.headers["X-Request-ID"] == "trace-42"
        assert len(requests.get(f"{root}/health/live", timeout=5).headers["X-Request-ID"]) == 32  # one made up
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    lines = [line for line in output.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    access = [record for record in records if record["logger"] == "oda_cms.access"]
    assert any(record["requestId"] == "trace-42" and "listCustomer 200" in record["message"] for record in access)
    assert not any(record["logger"].startswith(("alembic.runtime.plugins", "connexion")) for record in records)
    assert "Traceback" not in output and "Warning" not in output
