"""TMF630 query AST (`component.domain.query`) compiled to SQL on SQLite and PostgreSQL.

A condition on an indexed column compiles to a column comparison. Anything else is a JSON path
expression on the stored document; a path that crosses arrays means "some element matches":
- SQLite: EXISTS over nested `json_each` of each array, comparing `json_extract` of the element;
- PostgreSQL: `jsonb_path_exists` with a filter, whose lax mode unwraps arrays at every step.
Nothing is filtered or paged in Python.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, text
from sqlalchemy.sql.elements import TextClause

from component.domain.query import Condition, SortKey
from component.domain.schema import AttributePath
from component.store.tables import resource

SQL_OPERATORS = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
JSONPATH_OPERATORS = {"eq": "==", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class QueryCompiler:
    """Compiles conditions and sort keys for one dialect; `columns` maps attribute names to columns."""

    def __init__(self, dialect: str, columns: Mapping[str, Any]) -> None:
        self.dialect = dialect
        self.columns = columns
        self._counter = itertools.count()

    def where(self, conditions: tuple[Condition, ...]) -> list[ColumnElement[bool]]:
        return [self._condition(condition) for condition in conditions]

    def order_by(self, keys: tuple[SortKey, ...]) -> list[Any]:
        clauses = []
        for key in keys:
            expression = self._sort_expression(key.path)
            clauses.append(expression.desc() if key.descending else expression.asc())
        # Stable paging: ties (and an absent sort) fall back to creation order.
        clauses += [resource.c.created_at.asc(), resource.c.id.asc()]
        return clauses

    # -- conditions -------------------------------------------------------------------------------

    def _condition(self, condition: Condition) -> ColumnElement[bool]:
        path = condition.path
        column = self.columns.get(path.dotted) if len(path.names) == 1 else None
        if column is not None:
            return self._column_condition(column, condition)
        if self.dialect == "postgresql":
            return self._jsonpath_condition(condition)
        return self._sqlite_condition(condition)

    def _column_condition(self, column: Any, condition: Condition) -> ColumnElement[bool]:
        values = [str(value) for value in condition.values]
        if condition.operator == "regex":
            operator = "~" if self.dialect == "postgresql" else "REGEXP"
            return or_(*(column.op(operator)(value) for value in values))
        if condition.operator == "eq":
            return column.in_(values)
        return or_(*(column.op(SQL_OPERATORS[condition.operator])(value) for value in values))

    def _sqlite_condition(self, condition: Condition) -> ColumnElement[bool]:
        path = condition.path
        source, joins = "resource.document", []
        params: dict[str, Any] = {}
        for group in path.groups[:-1]:
            alias, pointer = f"e{next(self._counter)}", f"q{next(self._counter)}"
            params[pointer] = _json_path(group)
            joins.append(f"json_each({source}, :{pointer}) AS {alias}")
            source = f"{alias}.value"
        leaf = source
        if path.groups[-1]:
            pointer = f"q{next(self._counter)}"
            params[pointer] = _json_path(path.groups[-1])
            leaf = f"json_extract({source}, :{pointer})"
        tests = []
        for value in condition.values:
            for candidate in _sqlite_candidates(path, value):
                name = f"q{next(self._counter)}"
                params[name] = candidate
                if condition.operator == "regex":
                    tests.append(f"{leaf} REGEXP :{name}")
                else:
                    tests.append(f"{leaf} {SQL_OPERATORS[condition.operator]} :{name}")
        predicate = " OR ".join(tests)
        if not joins:
            return _text(f"({predicate})", params)
        return _text(f"EXISTS (SELECT 1 FROM {', '.join(joins)} WHERE {predicate})", params)

    def _jsonpath_condition(self, condition: Condition) -> ColumnElement[bool]:
        path = condition.path
        variables: dict[str, Any] = {}
        tests = []
        for value in condition.values:
            if condition.operator == "regex":
                tests.append(f"@ like_regex {json.dumps(str(value))}")
                continue
            for candidate in _json_candidates(path, value):
                name = f"v{len(variables)}"
                variables[name] = candidate
                tests.append(f"@ {JSONPATH_OPERATORS[condition.operator]} ${name}")
        expression = f"lax {_json_path(path.names)} ? ({' || '.join(tests)})"
        path_param, vars_param = f"p{next(self._counter)}", f"p{next(self._counter)}"
        return _text(
            f"jsonb_path_exists(resource.document, CAST(:{path_param} AS jsonpath), CAST(:{vars_param} AS jsonb))",
            {path_param: expression, vars_param: json.dumps(variables)},
        )

    # -- sorting ----------------------------------------------------------------------------------

    def _sort_expression(self, path: AttributePath) -> Any:
        column = self.columns.get(path.dotted) if len(path.names) == 1 else None
        if column is not None:
            return column
        if self.dialect == "postgresql":
            return resource.c.document[path.names]  # `#>`: jsonb orders numbers as numbers
        return func.json_extract(resource.c.document, _json_path(path.names))


def _text(sql: str, params: dict[str, Any]) -> TextClause:
    return text(sql).bindparams(*(bindparam(name, value) for name, value in params.items()))


def _json_path(names: tuple[str, ...]) -> str:
    """`$."a"."b"`: the same quoted-key syntax serves SQLite JSON paths and PostgreSQL jsonpath."""
    return "$" + "".join('."' + name.replace("\\", "\\\\").replace('"', '\\"') + '"' for name in names)


def _sqlite_candidates(path: AttributePath, value: object) -> list[object]:
    """Values to compare with what json_extract returns (JSON booleans come back as 1/0)."""
    if isinstance(value, bool):
        return [int(value)]
    if path.leaf_type == "any" and isinstance(value, str):
        number = _as_number(value)
        boolean = [int(value.lower() == "true")] if value.lower() in {"true", "false"} else []
        return [value] + ([] if number is None else [number]) + boolean
    return [value]


def _json_candidates(path: AttributePath, value: object) -> list[object]:
    if path.leaf_type == "any" and isinstance(value, str):
        number = _as_number(value)
        extra: list[object] = [value.lower() == "true"] if value.lower() in {"true", "false"} else []
        return [value] + ([] if number is None else [number]) + extra
    return [value]


SQL_INTEGER_RANGE = range(-(2**63), 2**63)


def _as_number(raw: str) -> float | int | None:
    """The number a text also means, for values stored untyped (`Any`); None when it is no number the
    databases compare as one (an ICCID of 20 digits is an identifier, not a 64-bit integer)."""
    try:
        return int(raw) if int(raw) in SQL_INTEGER_RANGE else None
    except ValueError:
        pass
    try:
        number = float(raw)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def conjunction(clauses: list[ColumnElement[bool]]) -> ColumnElement[bool] | None:
    return and_(*clauses) if clauses else None
