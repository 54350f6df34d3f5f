"""Checking the `relatedEntity` references of a trouble ticket that point into this component.

A related entity whose `@referredType` is a resource kind of this component (Customer, BillingAccount,
ProductOrder, Product) is a local reference: it must name an existing resource, or the request is a
400. A kind the component does not serve (yet) cannot be verified and is accepted as given; any other
`@referredType` (a CustomerBill, a ticket in another system) is outside the component and accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from component.domain.kernel.errors import InvalidReference
from component.domain.kernel.resource_type import UnitOfWork

LOCAL_KINDS = frozenset({"Customer", "BillingAccount", "ProductOrder", "Product"})


def check_related_entities(
    entities: Iterable[Mapping[str, Any]], work: UnitOfWork, *, already_checked: Iterable[Mapping[str, Any]] = ()
) -> None:
    """Refuse a local reference to a resource that does not exist. References in `already_checked` (those
    a patch keeps unchanged) are not checked again: the entity they name may since have gone."""
    kept = list(already_checked)
    for entity in entities:
        kind = entity.get("@referredType")
        if kind not in LOCAL_KINDS or entity in kept:
            continue
        if exists(work, kind, entity["id"]) is False:
            raise InvalidReference(
                f"relatedEntity {entity.get('role', '')!r} refers to {kind} {entity['id']!r}, which does not exist"
            )


def exists(work: UnitOfWork, kind: str, resource_id: str) -> bool | None:
    """Whether the resource exists; None when this component does not serve `kind` (unverifiable)."""
    try:
        return work.find(kind, resource_id) is not None
    except LookupError:
        return None
