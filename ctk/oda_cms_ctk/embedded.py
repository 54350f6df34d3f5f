"""A fresh oda-cms instance to run CTKs against: `oda-cms serve` on a free loopback port, SQLite in a temporary
folder, workers running (they publish the catalogue and fulfil orders), stopped and removed afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

READY_PATH = "/tmf-api/customerManagement/v4/customer?limit=1"
START_TIMEOUT_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedInstance:
    """`environment` adds settings (environment variables of `oda-cms serve`) for this instance."""

    def __init__(self, environment: dict[str, str] | None = None) -> None:
        self.environment = dict(environment or {})
        self._folder = tempfile.TemporaryDirectory(prefix="oda-cms-ctk-")
        self.port = _free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self.log = Path(self._folder.name) / "serve.log"

    def __enter__(self) -> EmbeddedInstance:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(self._folder.name) / 'oda-cms.db'}",
               "RUN_WORKERS": "true", "AUTO_MIGRATE": "true", "PATH_PREFIX": "", **self.environment}
        with open(self.log, "wb") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "component.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                if requests.get(self.root + READY_PATH, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"the embedded oda-cms did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)

    def __exit__(self, *_: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._folder.cleanup()
