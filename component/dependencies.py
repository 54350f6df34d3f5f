"""Dependent-API URLs resolved by the oda-cms operator, read from the file it maintains.

The operator writes a ConfigMap (key ``dependentApis.json``) that the Deployment mounts as a directory;
the file is named by the setting DEPENDENT_APIS_FILE. Its JSON maps a dependent API name to
``{"apiId", "version", "url", "ready", "provider"}``. ``refresh`` re-reads the file when a cheap ``stat``
shows it changed (kubelet swaps ConfigMap volumes atomically through a ``..data`` symlink, which changes
the inode/mtime seen through the path); the composition root's watcher calls it every
DEPENDENT_APIS_POLL_SECONDS, so a new URL is seen without a restart and lookups on the request path
never touch the file system. Partial or garbage content keeps the last good value.

Standard library only; nothing else from ``component`` may be imported here.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any


class DependentApis:
    """Thread-safe view of the dependent-API file; a missing file means no dependent APIs."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._signature: tuple[int, int, int, int] | None = None
        self._entries: dict[str, dict[str, Any]] = {}

        self.refresh()

    def refresh(self) -> bool:
        """Read the file again if it changed; True when the entries changed."""
        if self.path is None:
            return False
        try:
            stat = self.path.stat()
        except OSError:
            return False  # missing or unreadable just now (e.g. mid-swap): keep what we had
        signature = (stat.st_ino, stat.st_dev, stat.st_mtime_ns, stat.st_size)
        if signature == self._signature:
            return False
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False  # partial write or garbage: keep the last good value and look again next time
        if not isinstance(document, dict) or not all(isinstance(v, dict) for v in document.values()):
            return False
        with self._lock:
            changed = document != self._entries
            self._entries = document
            self._signature = signature
        return changed

    def all(self) -> dict[str, dict[str, Any]]:
        """Every dependent API entry, by dependent API name (a copy)."""
        with self._lock:
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
