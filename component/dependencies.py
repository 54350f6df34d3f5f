"""Dependent-API URLs resolved by the oda-cms operator, read from the file it maintains.

The operator writes a ConfigMap (key ``dependentApis.json``) that the Deployment mounts as a directory;
the file is named by env ``DEPENDENT_APIS_FILE``. Its JSON maps a dependent API name to
``{"apiId", "version", "url", "ready", "provider"}``. ``DependentApis`` re-reads the file whenever a
cheap ``stat`` shows it changed (kubelet swaps ConfigMap volumes atomically through a ``..data``
symlink, which changes the inode/mtime seen through the path), so a new URL is seen without a
restart and without a background thread. Partial or garbage content keeps the last good value.

Standard library only; nothing else from ``component`` may be imported here.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

ENV_VAR = "DEPENDENT_APIS_FILE"


class DependentApis:
    """Thread-safe view of the dependent-API file; a missing file means no dependent APIs."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self._path = Path(path) if path else None
        self._lock = threading.Lock()
        self._signature: tuple[int, int, int, int] | None = None
        self._entries: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> DependentApis:
        """An instance for the file named by ``DEPENDENT_APIS_FILE`` (none set: always empty)."""
        environ = dict(os.environ) if environ is None else environ
        return cls(environ.get(ENV_VAR) or None)

    def _refresh(self) -> None:
        if self._path is None:
            return
        try:
            stat = self._path.stat()
        except OSError:
            return  # missing or unreadable just now (e.g. mid-swap): keep what we had
        signature = (stat.st_ino, stat.st_dev, stat.st_mtime_ns, stat.st_size)
        if signature == self._signature:
            return
        try:
            document = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # partial write or garbage: keep the last good value and look again next time
        if not isinstance(document, dict) or not all(isinstance(v, dict) for v in document.values()):
            return
        self._entries = document
        self._signature = signature

    def all(self) -> dict[str, dict[str, Any]]:
        """Every dependent API entry, by dependent API name (a copy)."""
        with self._lock:
            self._refresh()
            return {name: dict(entry) for name, entry in self._entries.items()}

    def url(self, name_or_api_id: str) -> str | None:
        """URL of a *ready* provider for the dependent API with that name, or else that API id (TMF641)."""
        entries = self.all()
        entry = entries.get(name_or_api_id)
        if entry is None:
            wanted = name_or_api_id.upper()
            entry = next((e for e in entries.values() if str(e.get("apiId") or "").upper() == wanted), None)
        if entry is None or not entry.get("ready"):
            return None
        url = entry.get("url")
        return url if isinstance(url, str) and url else None
