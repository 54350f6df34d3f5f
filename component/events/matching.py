"""TMF630 hub `query` matching against one event envelope held in memory (no SQL).

A subscription's query (`eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed`) is
parsed once into `EventQuery` and evaluated against each event. The rules follow the list queries of
`component.domain.kernel.query`, on a JSON document instead of a table:
- `path=value` equality; dotted paths reach nested attributes; a path through an array matches when
  some element matches; a missing attribute matches nothing.
- `path.gt|gte|lt|lte|eq=value` comparisons; `path*=regex` a regular expression search.
- `a=1,2` and `a=1&a=2` are OR; different paths (or operators) are AND; a value wholly in double quotes is
  the text inside (`name="a,b"`), as in list queries.
- typed as the list queries type an untyped (`Any`) attribute (`component.domain.kernel.matching`, the
  one in-memory evaluator): a number in the event is compared as a number, a boolean with `true`/`false`,
  text as text.
- `event.` and `payload.` are the same first segment (TMF666 v4 envelopes say `payload`).
- `fields`, `offset`, `limit` and `sort` are not filters and are ignored; an empty query matches all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from component.domain.kernel.errors import InvalidQuery
from component.domain.kernel.matching import matches as evaluate
from component.domain.kernel.patterns import compile_pattern
from component.domain.kernel.query import Condition, split_operator, split_values, untyped

NOT_FILTERS = {"fields", "offset", "limit", "sort"}
BODY_KEYS = ("event", "payload")


@dataclass(frozen=True)
class EventQuery:
    conditions: tuple[Condition, ...] = ()

    def matches(self, envelope: Mapping[str, Any]) -> bool:
        body = next((key for key in BODY_KEYS if key in envelope), None)
        return all(evaluate(_in_body(condition, body), envelope) for condition in self.conditions)


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
                    compile_pattern(value)
                except InvalidQuery as error:
                    raise InvalidQuery(f"invalid regular expression for {dotted!r}: {error.message}") from error
        grouped.setdefault((dotted, operator), []).extend(values)
    return EventQuery(tuple(
        Condition(untyped(tuple(dotted.split("."))), operator, tuple(values))
        for (dotted, operator), values in grouped.items()
    ))


def matches(query: str | None, envelope: Mapping[str, Any]) -> bool:
    """Whether `envelope` satisfies the hub `query` (None or empty: every event)."""
    return parse_event_query(query).matches(envelope)


def _in_body(condition: Condition, body: str | None) -> Condition:
    """`event.` and `payload.` name the envelope's body, whichever of the two it has."""
    names = condition.path.names
    if body is None or names[0] not in BODY_KEYS or names[0] == body:
        return condition
    return replace(condition, path=untyped((body, *names[1:])))
