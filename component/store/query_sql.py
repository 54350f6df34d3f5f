"""TMF630 query AST (`component.domain.kernel.query`) compiled to SQL on SQLite and PostgreSQL.

A condition on an indexed column compiles to a column comparison. Anything else is a JSON path
expression on the stored document; a path that crosses arrays means "some element matches":
- SQLite: EXISTS over nested `json_each` of each array, comparing `json_extract` of the element;
- PostgreSQL: `jsonb_path_exists` with a filter, whose lax mode unwraps arrays at every step.
Nothing is filtered or paged in Python.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, or_, text
from sqlalchemy.sql.elements import TextClause

from component.domain.kernel.matching import candidates
from component.domain.kernel.query import Condition, ElementCondition, SortKey
from component.domain.kernel.schema import AttributePath
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

    def _condition(self, condition: Condition | ElementCondition) -> ColumnElement[bool]:
        if isinstance(condition, ElementCondition):
            if self.dialect == "postgresql":
                return self._jsonpath(condition.prefix, condition.conditions)
            return self._sqlite(condition.conditions[0].path.groups[:-1], condition.conditions)
        path = condition.path
        column = self.columns.get(path.dotted) if len(path.names) == 1 else None
        if column is not None:
            return self._column_condition(column, condition)
        if self.dialect == "postgresql":
            return self._jsonpath((), (condition,))
        return self._sqlite(path.groups[:-1], (condition,))

    def _column_condition(self, column: Any, condition: Condition) -> ColumnElement[bool]:
        values = [str(value) for value in condition.values]
        if condition.operator == "regex":
            operator = "~" if self.dialect == "postgresql" else "REGEXP"
            return or_(*(column.op(operator)(value) for value in values))
        if condition.operator == "eq":
            return column.in_(values)
        return or_(*(column.op(SQL_OPERATORS[condition.operator])(value) for value in values))

    def _sqlite(self, arrays: tuple[tuple[str, ...], ...], conditions: tuple[Condition, ...]) -> ColumnElement[bool]:
        """EXISTS over the elements of the `arrays` (nested `json_each`) where every condition holds on the
        same element; no arrays: the conditions on the document itself."""
        source, joins = "resource.document", []
        params: dict[str, Any] = {}
        for group in arrays:
            alias, pointer = f"e{next(self._counter)}", f"q{next(self._counter)}"
            params[pointer] = _json_path(group)
            joins.append(f"json_each({source}, :{pointer}) AS {alias}")
            source = f"{alias}.value"
        predicates = [self._sqlite_leaf(source, condition, params) for condition in conditions]
        predicate = " AND ".join(f"({item})" for item in predicates)
        if not joins:
            return _text(predicate, params)
        return _text(f"EXISTS (SELECT 1 FROM {', '.join(joins)} WHERE {predicate})", params)

    def _sqlite_leaf(self, source: str, condition: Condition, params: dict[str, Any]) -> str:
        """Any value at the condition's leaf (from `source`) meets any candidate; a comparison or regex only
        with values of its own JSON type (SQLite would otherwise order every number before every text)."""
        leaf, kind = source, source.removesuffix(".value") + ".type"
        untyped = None
        if condition.path.groups[-1]:
            pointer = f"q{next(self._counter)}"
            params[pointer] = _json_path(condition.path.groups[-1])
            leaf, kind = f"json_extract({source}, :{pointer})", f"json_type({source}, :{pointer})"
            if condition.path.leaf_type == "any":
                # an untyped value may be an array: some element of it matches (a scalar is its own element)
                alias = f"l{next(self._counter)}"
                untyped = (f"{kind} <> 'object' AND "
                           f"EXISTS (SELECT 1 FROM json_each({source}, :{pointer}) AS {alias} WHERE ")
                leaf, kind = f"{alias}.value", f"{alias}.type"
        tests = []
        for value in condition.values:
            for candidate in candidates(condition.path.leaf_type, value):
                name = f"q{next(self._counter)}"
                if isinstance(candidate, bool):
                    if condition.operator == "eq":
                        params[name] = "true" if candidate else "false"
                        tests.append(f"{kind} = :{name}")
                    continue
                params[name] = candidate
                if condition.operator == "regex":
                    tests.append(f"({kind} = 'text' AND {leaf} REGEXP :{name})")
                elif condition.operator == "eq" and isinstance(candidate, str):
                    tests.append(f"{leaf} = :{name}")
                else:
                    types = "'text'" if isinstance(candidate, str) else "'integer', 'real'"
                    tests.append(f"({kind} IN ({types}) AND {leaf} {SQL_OPERATORS[condition.operator]} :{name})")
        predicate = " OR ".join(tests) or "0"
        return f"{untyped}{predicate})" if untyped else predicate

    def _jsonpath(self, prefix: tuple[str, ...], conditions: tuple[Condition, ...]) -> ColumnElement[bool]:
        """`jsonb_path_exists` of a filter on what `prefix` reaches (lax mode unwraps arrays at each step, so
        the filter runs on each element), every condition holding on that same item."""
        variables: dict[str, Any] = {}
        predicates = [self._jsonpath_leaf(condition, condition.path.names[len(prefix):], variables)
                      for condition in conditions]
        expression = f"lax {_json_path(prefix)} ? ({' && '.join(f'({item})' for item in predicates)})"
        path_param, vars_param = f"p{next(self._counter)}", f"p{next(self._counter)}"
        return _text(
            f"jsonb_path_exists(resource.document, CAST(:{path_param} AS jsonpath), CAST(:{vars_param} AS jsonb))",
            {path_param: expression, vars_param: json.dumps(variables)},
        )

    def _jsonpath_leaf(self, condition: Condition, names: tuple[str, ...], variables: dict[str, Any]) -> str:
        leaf = "@" + _json_path(names)[1:]
        tests = []
        for value in condition.values:
            if condition.operator == "regex":
                tests.append(f"{leaf} like_regex {json.dumps(str(value))}")
                continue
            for candidate in candidates(condition.path.leaf_type, value):
                name = f"v{len(variables)}"
                variables[name] = candidate
                tests.append(f"{leaf} {JSONPATH_OPERATORS[condition.operator]} ${name}")
        return " || ".join(tests)

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

