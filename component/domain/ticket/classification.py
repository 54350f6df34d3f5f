"""Classifying a trouble ticket by the policy: ticketType, severity, the category tree (`category`,
`subCategory`, oda-cms extensions of TMF621 v4) and the priority derived from severity and category.

Pure functions over the ticket document and a `TicketPolicy`; refusals are `ValidationFailed` (400).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from component.domain.kernel.errors import ValidationFailed
from component.domain.ticket.policy import Category, SubCategory, TicketPolicy


@dataclass(frozen=True)
class Classification:
    """Where a ticket sits in the category tree (both None for an uncategorised ticket)."""

    category: Category | None = None
    sub_category: SubCategory | None = None

    @property
    def escalate(self) -> int:
        if self.sub_category is not None and self.sub_category.escalate is not None:
            return self.sub_category.escalate
        return self.category.escalate if self.category is not None else 0


def classify(ticket: Mapping[str, Any], policy: TicketPolicy) -> Classification:
    """Check ticketType, severity, category and subCategory (and priority when given) against the policy."""
    ticket_type = ticket.get("ticketType")
    if policy.ticket_types and ticket_type not in policy.ticket_types:
        raise ValidationFailed(f"ticketType {ticket_type!r} is not one of {_listing(policy.ticket_types)}")
    severity = ticket.get("severity")
    if severity not in policy.severities:
        raise ValidationFailed(f"severity {severity!r} is not one of {_listing(policy.severities)}")
    priority = ticket.get("priority")
    if priority is not None and priority not in policy.priorities:
        raise ValidationFailed(f"priority {priority!r} is not one of {_listing(policy.priorities)}")
    return _place(ticket.get("category"), ticket.get("subCategory"), policy)


def derive_priority(severity: str, classification: Classification, policy: TicketPolicy) -> str:
    """The severity's priority moved `escalate` levels towards the most urgent, within the scale."""
    levels = policy.priorities
    index = levels.index(policy.severities[severity]) - classification.escalate
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
