"""Template filters: times, durations, state labels (a symbol and a word, never colour alone), and
reading characteristics out of TMF documents."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

# A symbol per state, shown beside its name, so no state is told apart by colour only.
SYMBOLS = {
    "acknowledged": "◔", "inProgress": "▶", "held": "‖", "pending": "?", "assessingCancellation": "↶",
    "pendingCancellation": "↶", "completed": "✔", "partial": "◑", "failed": "✖", "cancelled": "⊘",
    "rejected": "✖", "active": "✔", "suspended": "‖", "terminated": "⊘", "resolved": "✔", "closed": "■",
}


def when(value: Any) -> str:
    """`2026-11-30 06:12:03 UTC` from a stored ISO 8601 time (or the value unchanged)."""
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else str(value or "")


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def duration(seconds: float) -> str:
    """`2 h 05 min`, `4 min`, `35 s` (absolute value)."""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 48:
        return f"{hours // 24} d {hours % 24} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def state_symbol(state: Any) -> str:
    return SYMBOLS.get(str(state), "•")


def characteristic(document: Mapping[str, Any] | None, name: str) -> Any:
    """A characteristic's value from a product (or an order item's product), else None."""
    for entry in (document or {}).get("productCharacteristic") or []:
        if isinstance(entry, Mapping) and entry.get("name") == name:
            return entry.get("value")
    return None


def party(document: Mapping[str, Any], role: str = "customer") -> Mapping[str, Any] | None:
    """The related party with this role (the first when none has it)."""
    parties = [entry for entry in document.get("relatedParty") or [] if isinstance(entry, Mapping)]
    return next((entry for entry in parties if str(entry.get("role", "")).lower() == role), None) \
        or (parties[0] if parties else None)


def query_string(values: Mapping[str, Any], **changes: Any) -> str:
    """`?a=1&b=2` from the non-empty values with `changes` applied (links that keep a search)."""
    merged = {**values, **changes}
    kept = {key: value for key, value in merged.items() if value not in (None, "")}
    return "?" + urlencode(kept) if kept else "?"


FILTERS = {"when": when, "duration": duration, "state_symbol": state_symbol, "characteristic": characteristic,
           "party": party}
