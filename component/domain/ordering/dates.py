"""The dates of a product order: parsing client dates and deriving the ones the component sets.

- orderDate: when the order was accepted (the engine's creation date);
- expectedCompletionDate: the requestedStartDate when it is later than the order date (the order waits
  in `held` until then, e.g. a port-in's porting window), else the order date: the built-in fulfiller
  completes an order as soon as it is due;
- completionDate: when the order reached completed, partial, failed or cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from component.domain.kernel.clock import isoformat, parse_instant
from component.domain.kernel.errors import ValidationFailed


def parse_moment(value: Any, name: str) -> datetime:
    """A client date-time (ISO 8601; no zone means UTC)."""
    try:
        return parse_instant(str(value))
    except ValueError as error:
        raise ValidationFailed(f"{name} is not an ISO 8601 date-time: {value!r}") from error


def check_requested_dates(order: Mapping[str, Any]) -> None:
    start, completion = order.get("requestedStartDate"), order.get("requestedCompletionDate")
    if start and completion and parse_moment(completion, "requestedCompletionDate") < parse_moment(
            start, "requestedStartDate"):
        raise ValidationFailed("requestedCompletionDate is before requestedStartDate")


def start_after(order: Mapping[str, Any], now: str) -> str | None:
    """The order's requestedStartDate (UTC, as the component writes dates) when it is later than `now`."""
    start = order.get("requestedStartDate")
    if not start:
        return None
    moment = isoformat(parse_moment(start, "requestedStartDate"))
    return moment if moment > now else None


def expected_completion_date(order: Mapping[str, Any], now: str) -> str:
    return start_after(order, now) or now
