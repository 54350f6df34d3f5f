"""Time as the domain sees it: UTC, ISO 8601 with a zone, and replaceable in tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """The one ISO 8601 date-time reader: `Z` or an offset; no zone means UTC. ValueError when it is none."""
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def isoformat(moment: datetime) -> str:
    """`2026-11-26T17:42:41.123Z`: millisecond precision, always UTC, so stored strings sort by time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
