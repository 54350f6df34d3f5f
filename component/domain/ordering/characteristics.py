"""Characteristics of an order item checked against the catalogue's characteristic specifications:
only declared names, each at most `maxCardinality` times, values of the declared type, matching the
declared regex, enumerated values or range; with `complete`, every mandatory one given."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from component.domain.catalog.port import CharacteristicSpec, Offering
from component.domain.kernel.errors import ValidationFailed


def characteristics_of(product: Mapping[str, Any] | None) -> dict[str, Any]:
    """An order item's (or product's) characteristics by name: `{"MSISDN": "447700900123"}`."""
    return {entry.get("name"): entry.get("value") for entry in (product or {}).get("productCharacteristic", [])}


def check_characteristics(offering: Offering, given: Iterable[Mapping[str, Any]], where: str, *,
                          complete: bool = True) -> None:
    """Refuse characteristics the offering's specification does not allow (ValidationFailed)."""
    counts: dict[str, int] = {}
    for entry in given:
        name = entry.get("name")
        spec = offering.characteristics.get(str(name))
        if spec is None:
            known = ", ".join(sorted(offering.characteristics)) or "none"
            raise ValidationFailed(f"{where}: characteristic {name!r} is not defined for offering {offering.id!r}; "
                                   f"it defines: {known}")
        counts[spec.name] = counts.get(spec.name, 0) + 1
        if counts[spec.name] > spec.max_cardinality:
            raise ValidationFailed(f"{where}: characteristic {spec.name!r} may be given at most "
                                   f"{spec.max_cardinality} time(s)")
        check_value(spec, entry.get("value"), where)
    if complete:
        missing = [spec.name for spec in offering.characteristics.values() if spec.required and spec.name not in counts]
        if missing:
            raise ValidationFailed(f"{where}: offering {offering.id!r} needs the characteristic(s) "
                                   f"{', '.join(missing)}")


def check_value(spec: CharacteristicSpec, value: Any, where: str) -> None:
    label = f"{where}: characteristic {spec.name!r}"
    if not _has_type(value, spec.value_type):
        raise ValidationFailed(f"{label} must be of type {spec.value_type}, got {value!r}")
    if spec.allowed and value not in spec.allowed:
        raise ValidationFailed(f"{label} must be one of {', '.join(str(v) for v in spec.allowed)}, got {value!r}")
    if spec.regex and not re.fullmatch(spec.regex, str(value)):
        raise ValidationFailed(f"{label} does not match the pattern {spec.regex}: {value!r}")
    if spec.value_from is not None and value < spec.value_from:
        raise ValidationFailed(f"{label} must be at least {spec.value_from:g}, got {value!r}")
    if spec.value_to is not None and value > spec.value_to:
        raise ValidationFailed(f"{label} must be at most {spec.value_to:g}, got {value!r}")


def _has_type(value: Any, value_type: str) -> bool:
    if value_type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if value_type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if value_type == "boolean":
        return isinstance(value, bool)
    return isinstance(value, str) and bool(value.strip())
