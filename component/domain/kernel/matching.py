"""TMF630 conditions evaluated on a document held in memory, with the typing rules of the SQL compiler.

`component.store.query_sql` compiles the same `Condition`s for the database; hub subscriptions match
events with this module (`component.events.matching`); tests/unit/store/test_query_agreement.py runs
the same cases through both and requires the same answers. The rules:
- a path through an array matches when some element matches (arrays met at the leaf too);
- a value typed by the schema (number, integer, boolean) compares with JSON values of that type; a text
  value of an untyped attribute (`Any`) also means the number it spells (within 64 bits when whole) and
  `true`/`false`, so `value=42` finds both `"42"` and `42` (`candidates`);
- numbers compare as numbers, text as text; booleans only for equality; null and objects never match;
- `regex` searches text values only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from component.domain.kernel.patterns import search
from component.domain.kernel.query import Condition, ElementCondition

INTEGER_RANGE = range(-(2**63), 2**63)


def candidates(leaf_type: str, value: object) -> list[object]:
    """The JSON values a filter value stands for: itself, and for text on an untyped attribute the number
    and boolean it spells."""
    if leaf_type == "any" and isinstance(value, str):
        number = as_number(value)
        boolean: list[object] = [value.lower() == "true"] if value.lower() in {"true", "false"} else []
        return [value] + ([] if number is None else [number]) + boolean
    return [value]


def as_number(raw: str) -> float | int | None:
    """The number a text also means; None when it is no number the databases compare as one (an ICCID of
    20 digits is an identifier, not a 64-bit integer)."""
    try:
        whole = int(raw)
    except ValueError:
        pass
    else:
        return whole if whole in INTEGER_RANGE else None
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def matches(condition: Condition | ElementCondition, document: Mapping[str, Any]) -> bool:
    """Whether `document` satisfies `condition`."""
    if isinstance(condition, ElementCondition):
        return any(all(_leaf_matches(part, _values(element, part.path.names[len(condition.prefix):]))
                       for part in condition.conditions)
                   for element in _elements(document, condition.prefix))
    return _leaf_matches(condition, _values(document, condition.path.names))


def matches_all(conditions: tuple[Condition | ElementCondition, ...], document: Mapping[str, Any]) -> bool:
    return all(matches(condition, document) for condition in conditions)


def _leaf_matches(condition: Condition, found: Iterator[Any]) -> bool:
    wanted = [candidate for value in condition.values for candidate in candidates(condition.path.leaf_type, value)]
    return any(_compare(condition.operator, value, target) for value in found for target in wanted)


def _compare(operator: str, found: Any, wanted: object) -> bool:
    if found is None or isinstance(found, Mapping | list):
        return False
    if operator == "regex":
        return isinstance(found, str) and search(str(wanted), found)
    if isinstance(found, bool) or isinstance(wanted, bool):
        return operator == "eq" and isinstance(found, bool) and isinstance(wanted, bool) and found == wanted
    if isinstance(found, int | float) and isinstance(wanted, int | float):
        left: Any
        right: Any
        left, right = found, wanted
    elif isinstance(found, str) and isinstance(wanted, str):
        left, right = found, wanted
    else:
        return False
    return {"eq": left == right, "gt": left > right, "gte": left >= right, "lt": left < right,
            "lte": left <= right}[operator]


def _elements(node: Any, names: tuple[str, ...]) -> Iterator[Any]:
    """The elements reached by `names`, arrays unwrapped (each array element is one element)."""
    if isinstance(node, list):
        for element in node:
            yield from _elements(element, names)
        return
    if not names:
        if node is not None:
            yield node
        return
    if isinstance(node, Mapping):
        yield from _elements(node.get(names[0]), names[1:])


def _values(node: Any, names: tuple[str, ...]) -> Iterator[Any]:
    yield from _elements(node, names)
