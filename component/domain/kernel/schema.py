"""Attribute types of a resource, read from its (bundled) OpenAPI schema.

TMF630 filters, `fields=` and sorting name attributes by dotted paths (`contactMedium.mediumType`).
`AttributeTree` answers, for such a path, whether it exists and where it crosses arrays, which the
query compiler needs to turn "some element matches" into an EXISTS. Sub-schemas are resolved lazily,
so recursive TMF schemas (an order item holding order items) cost nothing until a path walks into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCALAR_TYPES = {"string", "number", "integer", "boolean"}


@dataclass(frozen=True)
class AttributePath:
    """A validated attribute path split at array boundaries.

    `groups` holds the key runs between arrays: for `productOrderItem.product.characteristic.value`
    with arrays at `productOrderItem` and `characteristic` it is
    `(("productOrderItem",), ("product", "characteristic"), ("value",))`: each group but the last
    ends at an array whose elements the next group starts from.
    """

    names: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    leaf_type: str  # string, number, integer, boolean, object, array or any
    leaf_format: str | None

    @property
    def crosses_array(self) -> bool:
        return len(self.groups) > 1

    @property
    def dotted(self) -> str:
        return ".".join(self.names)


class AttributeTree:
    """Resolves dotted attribute paths against one schema of a bundled OpenAPI 3 document."""

    def __init__(self, document: dict[str, Any], schema_name: str) -> None:
        self._schemas = document.get("components", {}).get("schemas", {})
        if schema_name not in self._schemas:
            raise KeyError(f"schema {schema_name!r} is not in the document")
        self._root = {"$ref": f"#/components/schemas/{schema_name}"}
        self._cache: dict[tuple[str, ...], AttributePath | None] = {}

    def resolve(self, dotted: str) -> AttributePath | None:
        """The path's shape, or None when the schema has no such attribute."""
        names = tuple(dotted.split("."))
        if names not in self._cache:
            self._cache[names] = self._walk(names)
        return self._cache[names]

    def top_level_names(self) -> set[str]:
        return set(self._properties(self._root))

    def _walk(self, names: tuple[str, ...]) -> AttributePath | None:
        groups: list[tuple[str, ...]] = []
        current: list[str] = []
        schema: dict[str, Any] = self._root
        for name in names:
            if not name:
                return None
            schema = self._deref(schema)
            if self._type(schema) == "array":
                groups.append(tuple(current))
                current = []
                schema = self._deref(schema.get("items", {}))
            properties = self._properties(schema)
            if name not in properties:
                if not self._is_open(schema):
                    return None
                schema = {}
            else:
                schema = properties[name]
            current.append(name)
        leaf = self._deref(schema)
        leaf_type = self._type(leaf)
        if leaf_type == "array":
            # `relatedParty=x` is meaningless, but `characteristic.value` holding an array of strings
            # is filtered element-wise: the elements are the leaf.
            items = self._deref(leaf.get("items", {}))
            groups.append(tuple(current))
            current = []
            leaf, leaf_type = items, self._type(items)
        groups.append(tuple(current))
        return AttributePath(names, tuple(groups), leaf_type, leaf.get("format"))

    def _deref(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self._schemas.get(name, {})
            seen += 1
            if seen > 50:
                raise ValueError("circular $ref")
        return schema

    def _properties(self, schema: dict[str, Any]) -> dict[str, Any]:
        schema = self._deref(schema)
        properties = dict(schema.get("properties", {}))
        for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
            properties.update(self._properties(part))
        return properties

    def _type(self, schema: dict[str, Any]) -> str:
        schema = self._deref(schema)
        declared = schema.get("type")
        if declared in SCALAR_TYPES or declared == "array":
            return declared
        if declared == "object" or self._properties(schema):
            return "object"
        for part in schema.get("allOf", []):
            part_type = self._type(part)
            if part_type != "any":
                return part_type
        return "any"

    def _is_open(self, schema: dict[str, Any]) -> bool:
        """An untyped (`Any`) value or a free-form object: any key below it is accepted."""
        return self._type(schema) == "any" or (
            self._type(schema) == "object" and not self._properties(schema)
        )
