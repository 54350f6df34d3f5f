"""The trouble ticket policy: ticket types, severities, priorities, the category tree, SLA times and the
reopen window, read from YAML.

The component ships `data/ticket_policy.yaml`; the environment variable TICKET_POLICY_FILE names a
replacement. This module only reads and checks the file; what the policy means for a ticket lives in
`ticket_classification` (categories, priority) and `ticket_sla` (dates, breach).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

DEFAULT_POLICY_FILE = Path(__file__).resolve().parent / "data" / "ticket_policy.yaml"

_DURATION = re.compile(r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)?")


class PolicyError(ValueError):
    """The policy file is missing or malformed (a configuration error, reported at startup)."""


@dataclass(frozen=True)
class SubCategory:
    key: str
    name: str
    escalate: int | None = None  # None: the category's
    resolution_time: timedelta | None = None  # None: the category's, else the priority's


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    escalate: int = 0
    resolution_time: timedelta | None = None
    sub_categories: Mapping[str, SubCategory] = field(default_factory=dict)


@dataclass(frozen=True)
class TicketPolicy:
    ticket_types: tuple[str, ...]  # empty: any ticketType
    priorities: tuple[str, ...]  # most urgent first
    severities: Mapping[str, str]  # severity -> base priority
    categories: Mapping[str, Category]
    resolution_times: Mapping[str, timedelta]  # priority -> time to resolve
    reopen_window: timedelta
    require_category: bool = False
    # field (ticketType, severity, priority) -> lower-cased word clients use -> the policy's name
    synonyms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # field (ticketType, severity) -> the policy's name an unknown value is classified as (severity: by default
    # the last one listed; ticketType: none, it is recorded as unknown)
    unknown: Mapping[str, str] = field(default_factory=dict)

    def names(self, field_name: str) -> tuple[str, ...]:
        """The policy's own names for a classified field."""
        return {"ticketType": self.ticket_types, "severity": tuple(self.severities),
                "priority": self.priorities}[field_name]


def parse_duration(text: str) -> timedelta:
    """An ISO 8601 duration of weeks, days, hours and minutes: `PT4H`, `P1D`, `P1DT12H`, `P2W`."""
    match = _DURATION.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or not any(match.groups()) or text.strip().endswith("T"):
        raise PolicyError(f"{text!r} is not an ISO 8601 duration such as PT4H, P1D or P1DT12H")
    parts = {name: int(value) for name, value in match.groupdict().items() if value}
    return timedelta(**parts)


def parse_policy(raw: Mapping[str, Any]) -> TicketPolicy:
    """Build and check a policy from the YAML structure; every inconsistency is a PolicyError."""
    if not isinstance(raw, Mapping):
        raise PolicyError("the policy must be a mapping")
    priorities = tuple(_strings(raw.get("priorities"), "priorities"))
    if not priorities:
        raise PolicyError("priorities: at least one priority is needed")
    severities = _mapping(raw.get("severities"), "severities")
    if not severities:
        raise PolicyError("severities: at least one severity is needed")
    for severity, priority in severities.items():
        _check_priority(priority, priorities, f"severities.{severity}")
    times = _mapping(_mapping(raw.get("sla"), "sla").get("resolutionTime"), "sla.resolutionTime")
    missing = [priority for priority in priorities if priority not in times]
    if missing:
        raise PolicyError(f"sla.resolutionTime: no time for priority {', '.join(missing)}")
    for priority in times:
        _check_priority(priority, priorities, "sla.resolutionTime")
    ticket_types = tuple(_strings(raw.get("ticketTypes", []), "ticketTypes"))
    names = {"ticketType": ticket_types, "severity": tuple(str(key) for key in severities), "priority": priorities}
    return TicketPolicy(
        ticket_types=ticket_types,
        priorities=priorities,
        severities={str(key): str(value) for key, value in severities.items()},
        categories={str(key): _category(str(key), value) for key, value in _mapping(
            raw.get("categories", {}), "categories").items()},
        resolution_times={str(key): parse_duration(value) for key, value in times.items()},
        reopen_window=parse_duration(raw.get("reopenWindow", "P7D")),
        require_category=bool(raw.get("requireCategory", False)),
        synonyms=_synonyms(raw.get("synonyms"), names),
        unknown=_unknown(raw.get("unknown"), names),
    )


def _synonyms(raw: Any, names: Mapping[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for field_name, words in _mapping(raw, "synonyms").items():
        if field_name not in names:
            raise PolicyError(f"synonyms.{field_name}: only {', '.join(names)} have synonyms")
        for word, name in _mapping(words, f"synonyms.{field_name}").items():
            if name not in names[field_name]:
                known = ", ".join(names[field_name])
                raise PolicyError(f"synonyms.{field_name}.{word}: {name!r} is not one of {known}")
            result.setdefault(field_name, {})[str(word).strip().lower()] = str(name)
    return result


def _unknown(raw: Any, names: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    unknown = {str(key): str(value) for key, value in _mapping(raw, "unknown").items()}
    for field_name, name in unknown.items():
        if field_name not in ("ticketType", "severity"):
            raise PolicyError(f"unknown.{field_name}: only ticketType and severity have a class for unknown values "
                              "(an unknown priority is replaced by the derived one)")
        if names[field_name] and name not in names[field_name]:
            raise PolicyError(f"unknown.{field_name}: {name!r} is not one of {', '.join(names[field_name])}")
    unknown.setdefault("severity", names["severity"][-1])  # default: the last (least severe) one listed
    return unknown


def load_policy(path: Path | str) -> TicketPolicy:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PolicyError(f"ticket policy {path}: {error}") from error
    try:
        return parse_policy(raw)
    except PolicyError as error:
        raise PolicyError(f"ticket policy {path}: {error}") from error


def _category(key: str, raw: Any) -> Category:
    where = f"categories.{key}"
    body = _mapping(raw, where)
    subs = _mapping(body.get("subCategories", {}), f"{where}.subCategories")
    return Category(
        key=key,
        name=str(body.get("name", key)),
        escalate=_int(body.get("escalate", 0), f"{where}.escalate"),
        resolution_time=_optional_duration(body.get("resolutionTime")),
        sub_categories={str(sub): _sub_category(str(sub), value, f"{where}.subCategories.{sub}")
                        for sub, value in subs.items()},
    )


def _sub_category(key: str, raw: Any, where: str) -> SubCategory:
    body = _mapping(raw if raw is not None else {}, where)
    escalate = body.get("escalate")
    return SubCategory(
        key=key,
        name=str(body.get("name", key)),
        escalate=None if escalate is None else _int(escalate, f"{where}.escalate"),
        resolution_time=_optional_duration(body.get("resolutionTime")),
    )


def _optional_duration(raw: Any) -> timedelta | None:
    return None if raw is None else parse_duration(raw)


def _check_priority(priority: Any, priorities: tuple[str, ...], where: str) -> None:
    if priority not in priorities:
        raise PolicyError(f"{where}: {priority!r} is not one of the priorities {', '.join(priorities)}")


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where} must be a mapping")
    return raw


def _strings(raw: Any, where: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise PolicyError(f"{where} must be a list of names")
    return raw


def _int(raw: Any, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise PolicyError(f"{where} must be an integer, not {raw!r}")
    return raw
