"""TMF630 hub `query` matching against one event envelope held in memory (no SQL).

A subscription's query (`eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed`) is
parsed once into `EventQuery` and evaluated against each event. The rules follow the list queries of
`component.domain.query`, on a JSON document instead of a table:
- `path=value` equality; dotted paths reach nested attributes; a path through an array matches when
  some element matches; a missing attribute matches nothing.
- `path.gt|gte|lt|lte|eq=value` comparisons; `path*=regex` a regular expression search.
- `a=1,2` and `a=1&a=2` are OR; different paths (or operators) are AND; a value wholly in double quotes is
  the text inside (`name="a,b"`), as in list queries.
- a number in the event is compared as a number, a boolean with `true`/`false`, anything else as text.
- `event.` and `payload.` are the same first segment (TMF666 v4 envelopes say `payload`).
- `fields`, `offset`, `limit` and `sort` are not filters and are ignored; an empty query matches all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from component.domain.errors import InvalidQuery
from component.domain.query import split_operator, split_values

NOT_FILTERS = {"fields", "offset", "limit", "sort"}
BODY_KEYS = ("event", "payload")


@dataclass(frozen=True)
class EventCondition:
    path: tuple[str, ...]
    operator: str  # eq, gt, gte, lt, lte, regex
    values: tuple[str, ...]  # OR-ed

    def matches(self, envelope: Mapping[str, Any]) -> bool:
        return any(self._matches_value(found) for found in _values_at(envelope, self.path))

    def _matches_value(self, found: Any) -> bool:
        return any(_compare(self.operator, found, wanted) for wanted in self.values)


@dataclass(frozen=True)
class EventQuery:
    conditions: tuple[EventCondition, ...] = ()

    def matches(self, envelope: Mapping[str, Any]) -> bool:
        return all(condition.matches(envelope) for condition in self.conditions)


@lru_cache(maxsize=1024)
def parse_event_query(query: str | None) -> EventQuery:
    """Parse a hub query string; a malformed one (bad regex, empty attribute name) is an InvalidQuery."""
    text = (query or "").strip().lstrip("?")
    grouped: dict[tuple[str, str], list[str]] = {}
    for raw_key, raw_value in parse_qsl(text, keep_blank_values=True):
        key = raw_key.strip()
        if key in NOT_FILTERS:
            continue
        dotted, operator = split_operator(key)
        if not dotted or any(not part for part in dotted.split(".")):
            raise InvalidQuery(f"malformed attribute {key!r} in query {query!r}")
        values = [value.strip() for value in split_values(raw_value)]
        if operator == "regex":
            for value in values:
                try:
                    re.compile(value)
                except re.error as error:
                    raise InvalidQuery(f"invalid regular expression for {dotted!r}: {error}") from error
        grouped.setdefault((dotted, operator), []).extend(values)
    return EventQuery(tuple(
        EventCondition(tuple(dotted.split(".")), operator, tuple(values))
        for (dotted, operator), values in grouped.items()
    ))


def matches(query: str | None, envelope: Mapping[str, Any]) -> bool:
    """Whether `envelope` satisfies the hub `query` (None or empty: every event)."""
    return parse_event_query(query).matches(envelope)


def _values_at(envelope: Mapping[str, Any], path: tuple[str, ...]) -> Iterator[Any]:
    first, rest = path[0], path[1:]
    if first in BODY_KEYS and first not in envelope:
        first = next((key for key in BODY_KEYS if key in envelope), first)
    yield from _walk(envelope.get(first), rest)


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if node is None:
        return
    if isinstance(node, list):
        for element in node:
            yield from _walk(element, path)
        return
    if not path:
        yield node
        return
    if isinstance(node, Mapping):
        yield from _walk(node.get(path[0]), path[1:])


def _compare(operator: str, found: Any, wanted: str) -> bool:
    if isinstance(found, (dict, list)):
        return False
    if operator == "regex":
        return re.search(wanted, _text(found)) is not None
    left: Any
    right: Any
    if isinstance(found, bool):
        if wanted.lower() not in {"true", "false"}:
            return False
        left, right = found, wanted.lower() == "true"
    elif isinstance(found, (int, float)):
        try:
            left, right = found, float(wanted)
        except ValueError:
            return False
    else:
        left, right = str(found), wanted
    if operator == "eq":
        return bool(left == right)
    if isinstance(left, bool):
        return False  # booleans have no order
    return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}[operator]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
