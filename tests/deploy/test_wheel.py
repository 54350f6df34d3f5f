"""What the image installs is the wheel, not the checkout: it must carry the Alembic migrations and
the openapi/ documents, and an installed `oda-cms` must migrate and serve from them. The wheel is built
the way the Dockerfile's build stage builds it (`pip wheel`), installed into a fresh environment (its
dependencies borrowed from the test environment), and run as a process with a real listener."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.deploy.manifests import REPO_ROOT

MIGRATIONS = sorted(path.name for path in (REPO_ROOT / "component" / "store" / "migrations" / "versions").glob("*.py"))
DOCUMENTS = sorted(path.name for path in (REPO_ROOT / "openapi").glob("*.yaml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder),
                           str(REPO_ROOT)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (built,) = folder.glob("oda_cms-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment holding the wheel; the dependencies come from the test environment's
    site-packages through a .pth file (whose own .pth files, the checkout's editable install among
    them, are not read), so `component` can only be imported from the wheel."""
    environment = tmp_path_factory.mktemp("image-env")
    venv.create(environment, with_pip=False)
    target = Path(sysconfig.get_path("purelib", vars={"base": str(environment), "platbase": str(environment)}))
    (target / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(environment / "bin" / "python"), "install",
                           "--quiet", "--no-deps", str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return environment


def test_wheel_carries_the_migrations_and_the_openapi_documents(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(Path(name).name for name in names
                  if name.startswith("component/store/migrations/versions/") and name.endswith(".py")) == MIGRATIONS
    assert "component/store/migrations/script.py.mako" in names
    version = wheel.name.split("-")[1]
    prefix = f"oda_cms-{version}.data/data/share/oda-cms/openapi/"
    assert sorted(name.removeprefix(prefix) for name in names if name.startswith(prefix)) == DOCUMENTS


def run(environment: Path, code: str) -> str:
    done = subprocess.run([str(environment / "bin" / "python"), "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=environment)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_installed_package_is_the_wheel_and_finds_its_documents(installed):
    assert run(installed, "import component; print(component.__file__)").startswith(str(installed))
    assert run(installed, "from component.specs import OPENAPI_DIR; print(OPENAPI_DIR)") == str(
        installed / "share" / "oda-cms" / "openapi")


@pytest.fixture
def serving(installed: Path, tmp_path: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'image.db'}", "PATH_PREFIX": "/r1-oda-cms",
           "RUN_WORKERS": "false", "AUTO_MIGRATE": "false"}
    cli = str(installed / "bin" / "oda-cms")
    migrated = subprocess.run([cli, "migrate"], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    process = subprocess.Popen([cli, "serve", "--host=127.0.0.1", f"--port={port}", "--api=customer"], env=env,
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if requests.get(f"{root}/health/ready", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert process.poll() is None, process.communicate()[1]
        yield root
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_installed_cli_migrates_and_serves_from_the_wheel(serving):
    response = requests.get(f"{serving}/r1-oda-cms/tmf-api/customerManagement/v4/openapi.json", timeout=30)
    assert response.status_code == 200
    assert response.json()["info"]["x-api-id"] == "TMF629"
    assert requests.get(f"{serving}/health/ready", timeout=30).status_code == 200
    assert requests.get(f"{serving}/r1-oda-cms/tmf-api/customerManagement/v4/customer", timeout=30).status_code == 200
