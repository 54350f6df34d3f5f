"""The outbox rows of one resource, with payloads as a receiver gets them when PUBLIC_BASE_URL is the test
server's root (hrefs are stored as paths and made absolute when delivered)."""

from __future__ import annotations

from typing import Any

from component.domain.kernel.documents import with_absolute_hrefs
from component.events.outbox import read_after
from tests.support.live_server import LiveServer


def events_of(server: LiveServer, resource_id: str) -> list[dict[str, Any]]:
    with server.component.database.read() as connection:
        rows = read_after(connection, 0, limit=100_000)
    return [{**row, "payload": with_absolute_hrefs(row["payload"], server.root)} for row in rows
            if row["resource_id"] == resource_id]
