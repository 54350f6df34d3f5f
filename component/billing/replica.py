"""The billing system's replica of the component's resources, in its own SQLite file.

Each received event carries the whole resource, so applying is "keep the newest version": events are
de-duplicated by eventId, and per resource an event is applied only when it is newer than what the
replica holds (by the sender's `X-Event-Sequence`, else by eventTime). A Delete leaves a tombstone,
so an older event arriving late (a replayed dead letter) cannot bring the resource back.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS received (event_id TEXT PRIMARY KEY, event_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS replica (
    kind TEXT NOT NULL, id TEXT NOT NULL, sequence INTEGER, event_time TEXT NOT NULL,
    deleted INTEGER NOT NULL, document TEXT NOT NULL, PRIMARY KEY (kind, id)
);
"""
APPLIED, DUPLICATE, STALE = "applied", "duplicate", "stale"


def resource_of(envelope: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(kind, document) of a v4 envelope: `{"event": {"billingAccount": {...}}}` -> ("BillingAccount", {...})."""
    body = envelope.get("event", envelope.get("payload"))
    if not isinstance(body, dict) or len(body) != 1:
        raise ValueError("the event must carry exactly one resource")
    [(key, document)] = body.items()
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise ValueError("the event's resource has no id")
    return key[:1].upper() + key[1:], document


class Replica:
    def __init__(self, path: str | Path) -> None:
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.executescript(SCHEMA)
        self._lock = threading.Lock()

    def apply(self, envelope: Mapping[str, Any], sequence: int | None = None) -> str:
        kind, document = resource_of(envelope)
        deleted = str(envelope["eventType"]).endswith("DeleteEvent")
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                inserted = connection.execute("INSERT OR IGNORE INTO received VALUES (?, ?)",
                                              (envelope["eventId"], envelope["eventType"])).rowcount
                if not inserted:
                    connection.execute("COMMIT")
                    return DUPLICATE
                held = connection.execute("SELECT sequence, event_time FROM replica WHERE kind = ? AND id = ?",
                                          (kind, document["id"])).fetchone()
                if held is not None and not _newer(sequence, str(envelope["eventTime"]), held):
                    connection.execute("COMMIT")
                    return STALE
                connection.execute(
                    "INSERT OR REPLACE INTO replica VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, document["id"], sequence, envelope["eventTime"], int(deleted), json.dumps(document)))
                connection.execute("COMMIT")
                return APPLIED
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """Live resources by kind and id (tombstones left out)."""
        with self._lock:
            rows = self._connection.execute("SELECT kind, id, document FROM replica WHERE deleted = 0").fetchall()
        result: dict[str, dict[str, Any]] = {}
        for kind, identifier, document in rows:
            result.setdefault(kind, {})[identifier] = json.loads(document)
        return result

    def close(self) -> None:
        self._connection.close()


def _newer(sequence: int | None, event_time: str, held: tuple[int | None, str]) -> bool:
    held_sequence, held_time = held
    if sequence is not None and held_sequence is not None:
        return sequence > held_sequence
    return event_time >= held_time
