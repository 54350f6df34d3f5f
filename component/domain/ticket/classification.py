"""Classifying a trouble ticket by the policy: ticketType, severity, the category tree (`category`,
`subCategory`, oda-cms extensions of TMF621 v4) and the priority derived from severity and category.

TMF621 v4 has `ticketType`, `severity` and `priority` as free strings, so any value is accepted: it is
matched case-insensitively against the policy's names, then its synonyms (`High` -> major); a value that
matches neither gets the policy's class for unknown values (`unknown`; an unknown priority: the one derived
from severity and category). The ticket keeps the client's words; the classes are recorded in
`policyClassification`. Categories are the component's own extension and are still refused when unknown.
Pure functions over the ticket document and a `TicketPolicy`; refusals are `ValidationFailed` (400).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from component.domain.kernel.errors import ValidationFailed
from component.domain.ticket.policy import Category, SubCategory, TicketPolicy

CLASSIFIED = ("ticketType", "severity", "priority")
RECORD_ATTRIBUTE = "policyClassification"


@dataclass(frozen=True)
class Classification:
    """Where a ticket sits in the category tree (both None for an uncategorised ticket), and the policy's
    classes of its ticketType, severity and priority (priority None: derived)."""

    category: Category | None = None
    sub_category: SubCategory | None = None
    ticket_type: str | None = None
    severity: str | None = None
    priority: str | None = None
    defaulted: tuple[str, ...] = ()

    def record(self, priority: str) -> dict[str, Any]:
        """What the ticket records (`policyClassification`): the classes in force and which were defaults."""
        return {"ticketType": self.ticket_type, "severity": self.severity, "priority": priority,
                "defaulted": list(self.defaulted)}

    @property
    def escalate(self) -> int:
        if self.sub_category is not None and self.sub_category.escalate is not None:
            return self.sub_category.escalate
        return self.category.escalate if self.category is not None else 0


def classify(ticket: Mapping[str, Any], policy: TicketPolicy) -> Classification:
    """The classes of ticketType, severity and priority, and the category tree place (refused when unknown)."""
    classes: dict[str, str | None] = {}
    defaulted = []
    for field_name in CLASSIFIED:
        value = ticket.get(field_name)
        if value is None and field_name == "priority":
            classes[field_name] = None
            continue
        name = match(field_name, value, policy)
        if name is None:
            defaulted.append(field_name)
            name = policy.unknown.get(field_name) or (value if not policy.names(field_name) else None)
        classes[field_name] = name
    place = _place(ticket.get("category"), ticket.get("subCategory"), policy)
    return Classification(place.category, place.sub_category, classes["ticketType"], classes["severity"],
                          classes["priority"], tuple(defaulted))


def match(field_name: str, value: Any, policy: TicketPolicy) -> str | None:
    """The policy's name for a client's word (case-insensitive, then synonyms), None when it has none."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    names = policy.names(field_name)
    if not names and field_name == "ticketType":
        return value  # an empty ticketTypes list accepts any text as its own class
    found = next((name for name in names if name.lower() == word), None)
    return found or policy.synonyms.get(field_name, {}).get(word)


def derive_priority(classification: Classification, policy: TicketPolicy) -> str:
    """The severity class's priority moved `escalate` levels towards the most urgent, within the scale."""
    levels = policy.priorities
    index = levels.index(policy.severities[str(classification.severity)]) - classification.escalate
    return levels[min(max(index, 0), len(levels) - 1)]


def _place(category_key: Any, sub_category_key: Any, policy: TicketPolicy) -> Classification:
    if category_key is None:
        if sub_category_key is not None:
            raise ValidationFailed("subCategory needs a category")
        if policy.require_category:
            raise ValidationFailed(f"category is required; one of {_listing(policy.categories)}")
        return Classification()
    category = policy.categories.get(category_key)
    if category is None:
        raise ValidationFailed(f"category {category_key!r} is not one of {_listing(policy.categories)}")
    if sub_category_key is None:
        return Classification(category)
    sub_category = category.sub_categories.get(sub_category_key)
    if sub_category is None:
        raise ValidationFailed(
            f"subCategory {sub_category_key!r} is not one of {category_key}'s: {_listing(category.sub_categories)}"
        )
    return Classification(category, sub_category)


def _listing(names: Any) -> str:
    return ", ".join(names) or "(none configured)"
