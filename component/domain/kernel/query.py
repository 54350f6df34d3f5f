"""TMF630 list queries parsed into a small AST and validated against the resource's attributes.

`parse_list_query` turns the raw query pairs of a list request into a `ListQuery`: filter conditions,
`fields`, `sort` and paging. It knows nothing of SQL; `component.store.query_sql` compiles the AST.

Rules (README documents them for clients):
- `attr=value` equality; dotted paths reach nested attributes; a path through an array means
  "some element matches". Two conditions on the same array are matched independently (each by some
  element, not necessarily the same one).
- `attr.gt|gte|lt|lte|eq=value` comparisons; `attr*=regex` a regular expression match.
- `a=1,2` and `a=1&a=2` are OR; different attributes (or operators) are AND.
- a value wholly enclosed in double quotes is the text inside, taken literally: `name="a,b"` is one value
  `a,b` (the comma does not split), `orderDate="2024-05-01T10:00:00Z"` is that date; quotes anywhere else
  are ordinary characters. This applies to every operator and to hub queries.
- numbers and booleans are compared as such when the schema says so; everything else as text
  (the component stores its own dates as UTC ISO 8601, which sorts as text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from component.domain.kernel.errors import InvalidQuery
from component.domain.kernel.patterns import compile_pattern
from component.domain.kernel.schema import AttributePath, AttributeTree

COMPARISONS = ("eq", "gt", "gte", "lt", "lte")
RESERVED = {"fields", "offset", "limit", "sort"}
NUMERIC = {"number", "integer"}


@dataclass(frozen=True)
class Condition:
    path: AttributePath
    operator: str  # eq, gt, gte, lt, lte, regex
    values: tuple[object, ...]  # OR-ed; typed per the attribute's schema type


@dataclass(frozen=True)
class ElementCondition:
    """Conditions one and the same element of an array must all meet (`productCharacteristic` whose `name`
    is msisdn and whose `value` is 447700900123). `prefix` names the array; every condition's path starts
    with it and crosses no further array after it."""

    prefix: tuple[str, ...]
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Filter:
    """A filter the domain asks its unit of work for, by dotted path (resolved against the resource schema):
    `path` `operator` any of `values`."""

    path: str
    values: tuple[object, ...]
    operator: str = "eq"


@dataclass(frozen=True)
class SameElement:
    """Filters one element of the array at `array` must all meet; their paths are relative to the element."""

    array: str
    filters: tuple[Filter, ...]


@dataclass(frozen=True)
class SortKey:
    path: AttributePath
    descending: bool


@dataclass(frozen=True)
class ListQuery:
    conditions: tuple[Condition | ElementCondition, ...] = ()
    fields: tuple[str, ...] | None = None
    sort: tuple[SortKey, ...] = ()
    offset: int = 0
    limit: int = 100
    limit_capped: bool = False


def parse_list_query(
    pairs: Iterable[tuple[str, str]],
    tree: AttributeTree,
    *,
    default_limit: int,
    max_limit: int,
) -> ListQuery:
    """Parse raw (key, value) query pairs; any unknown attribute or malformed value is an InvalidQuery."""
    grouped: dict[tuple[str, str], list[object]] = {}
    paths: dict[str, AttributePath] = {}
    fields: tuple[str, ...] | None = None
    sort: tuple[SortKey, ...] = ()
    offset, limit, capped = 0, default_limit, False
    for key, raw in pairs:
        if key == "fields":
            fields = parse_fields(raw)
        elif key == "offset":
            offset = _non_negative("offset", raw)
        elif key == "limit":
            limit = _non_negative("limit", raw)
            if limit > max_limit:
                limit, capped = max_limit, True
        elif key == "sort":
            sort = parse_sort(raw, tree)
        else:
            dotted, operator = split_operator(key)
            path = tree.resolve(dotted)
            if path is None:
                raise InvalidQuery(f"unknown attribute {dotted!r} in query")
            if path.leaf_type in {"object"}:
                raise InvalidQuery(f"attribute {dotted!r} is an object; filter on one of its attributes")
            paths[dotted] = path
            values = [_typed(path, operator, item) for item in split_values(raw)]
            grouped.setdefault((dotted, operator), []).extend(values)
    conditions = tuple(
        Condition(paths[dotted], operator, tuple(values)) for (dotted, operator), values in grouped.items()
    )
    return ListQuery(conditions, fields, sort, offset, limit, capped)


def resolve_filters(filters: Iterable[Filter | SameElement],
                    tree: AttributeTree | None) -> tuple[Condition | ElementCondition, ...]:
    """The conditions of filters a rule built (no query string in between); unknown paths are a bug: ValueError.
    Without a `tree` (a document without schema: an event) every attribute is untyped."""
    resolved: list[Condition | ElementCondition] = []
    for item in filters:
        if isinstance(item, SameElement):
            parts = tuple(_condition(Filter(f"{item.array}.{part.path}", part.values, part.operator), tree)
                          for part in item.filters)
            prefix = tuple(item.array.split("."))
            if tree is not None and any(len(part.path.groups) < 2 or part.path.names[:len(prefix)] != prefix
                   or sum(len(group) for group in part.path.groups[:-1]) != len(prefix) for part in parts):
                raise ValueError(f"{item.array!r} is not the last array on the paths of {item}")
            resolved.append(ElementCondition(prefix, parts))
        else:
            resolved.append(_condition(item, tree))
    return tuple(resolved)


def untyped(names: tuple[str, ...]) -> AttributePath:
    """The path of an attribute without schema: untyped (`Any`), arrays found as they come."""
    return AttributePath(names, (names,), "any", None)


def _condition(item: Filter, tree: AttributeTree | None) -> Condition:
    path = tree.resolve(item.path) if tree is not None else untyped(tuple(item.path.split(".")))
    if path is None:
        raise ValueError(f"unknown attribute {item.path!r}")
    return Condition(path, item.operator, tuple(
        value if not isinstance(value, str) else _typed(path, item.operator, value) for value in item.values))


def parse_fields(raw: str | None) -> tuple[str, ...] | None:
    """`fields=a,b.c` -> ("a", "b.c"); `fields=none` -> () (only id and href); absent -> None (all)."""
    if raw is None:
        return None
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    return () if names == ("none",) else names


def split_operator(key: str) -> tuple[str, str]:
    """`orderDate.gte` -> ("orderDate", "gte"); `name*` -> ("name", "regex"); `name` -> ("name", "eq")."""
    if key.endswith("*"):
        return key[:-1], "regex"
    head, _, last = key.rpartition(".")
    if head and last in COMPARISONS:
        return head, last
    return key, "eq"


def split_values(raw: str) -> list[str]:
    """The OR-ed values of one filter: split at commas, except inside an item wholly enclosed in double
    quotes, which stands for the text inside (`"a,b",c` -> ["a,b", "c"]; `a"b` -> ['a"b'])."""
    items: list[str] = []
    start = 0
    while True:
        if raw.startswith('"', start):
            end = raw.find('"', start + 1)
            if end != -1 and (end + 1 == len(raw) or raw[end + 1] == ","):
                items.append(raw[start + 1:end])
                if end + 1 == len(raw):
                    return items
                start = end + 2
                continue
        comma = raw.find(",", start)
        if comma == -1:
            items.append(raw[start:])
            return items
        items.append(raw[start:comma])
        start = comma + 1


def _typed(path: AttributePath, operator: str, raw: str) -> object:
    if operator == "regex":
        try:
            compile_pattern(raw)
        except InvalidQuery as error:
            raise InvalidQuery(f"invalid regular expression for {path.dotted!r}: {error.message}") from error
        if "(?" in raw:
            raise InvalidQuery(f"regular expression for {path.dotted!r} uses (?...) groups, which are not portable")
        return raw
    if path.leaf_type in NUMERIC:
        return _number(path, raw)
    if path.leaf_type == "boolean":
        if raw.lower() not in {"true", "false"}:
            raise InvalidQuery(f"{path.dotted!r} is a boolean; use true or false, not {raw!r}")
        return raw.lower() == "true"
    return raw


def _number(path: AttributePath, raw: str) -> int | float:
    """A filter value for a number (float) or integer attribute: finite, and within 64 bits when whole."""
    if path.leaf_type == "integer" and re.fullmatch(r"[+-]?\d+", raw):
        number: int | float = int(raw)
    else:
        try:
            value = float(raw)
        except ValueError as error:
            raise InvalidQuery(f"{path.dotted!r} is a number; {raw!r} is not") from error
        if not math.isfinite(value):
            raise InvalidQuery(f"{path.dotted!r} is a number; {raw!r} is not a finite one")
        number = int(value) if path.leaf_type == "integer" and value.is_integer() else value
    if isinstance(number, int) and not -(2**63) <= number < 2**63:
        raise InvalidQuery(f"{path.dotted!r} is compared as a 64-bit integer; {raw!r} is out of range")
    return number


def _non_negative(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as error:
        raise InvalidQuery(f"{name} must be a non-negative integer, got {raw!r}") from error
    if value < 0:
        raise InvalidQuery(f"{name} must be a non-negative integer, got {raw!r}")
    return value


def parse_sort(raw: str, tree: AttributeTree) -> tuple[SortKey, ...]:
    """`sort=-orderDate,name`: the keys, each a single-valued attribute."""
    return tuple(_sort_key(item, tree) for item in raw.split(",") if item.strip())


def _sort_key(item: str, tree: AttributeTree) -> SortKey:
    item = item.strip()
    descending = item.startswith("-")
    dotted = item.lstrip("+-")
    path = tree.resolve(dotted)
    if path is None:
        raise InvalidQuery(f"unknown attribute {dotted!r} in sort")
    if path.crosses_array or path.leaf_type in {"object", "array"}:
        raise InvalidQuery(f"cannot sort by {dotted!r}: it is not a single value")
    return SortKey(path, descending)
