"""relatedEntity references into this component: checked when the kind is served, accepted unverified when
it is not, and left alone when they point outside the component."""

from __future__ import annotations

from typing import Any

import pytest

from component.domain.kernel.errors import InvalidReference
from component.domain.ticket.references import check_related_entities, exists


class Work:
    now = "2026-03-02T09:30:00.000Z"

    def __init__(self, served: dict[str, set[str]]) -> None:
        self.served = served
        self.asked: list[tuple[str, str]] = []

    def find(self, kind: str, resource_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        self.asked.append((kind, resource_id))
        if kind not in self.served:
            raise LookupError(kind)
        return {"id": resource_id} if resource_id in self.served[kind] else None


def entity(kind: str, resource_id: str, role: str = "subject") -> dict[str, str]:
    return {"id": resource_id, "role": role, "@referredType": kind}


WORK_KINDS = {"Customer": {"c-1"}, "BillingAccount": {"ba-1"}}


@pytest.mark.parametrize("reference", [entity("Customer", "c-1"), entity("BillingAccount", "ba-1")])
def test_existing_local_references_pass(reference: dict[str, str]) -> None:
    check_related_entities([reference], Work(WORK_KINDS))


@pytest.mark.parametrize("reference", [entity("Customer", "c-9"), entity("BillingAccount", "ba-9")])
def test_unknown_local_references_are_invalid(reference: dict[str, str]) -> None:
    with pytest.raises(InvalidReference, match=reference["id"]):
        check_related_entities([reference], Work(WORK_KINDS))


@pytest.mark.parametrize("kind", ["ProductOrder", "Product"])
def test_a_kind_the_component_does_not_serve_is_unverifiable_and_accepted(kind: str) -> None:
    work = Work(WORK_KINDS)
    check_related_entities([entity(kind, "anything")], work)
    assert work.asked == [(kind, "anything")]
    assert exists(work, kind, "anything") is None


def test_references_outside_the_component_are_not_looked_up() -> None:
    work = Work(WORK_KINDS)
    check_related_entities([entity("CustomerBill", "bill-7")], work)
    assert work.asked == []


def test_references_a_patch_keeps_are_not_checked_again() -> None:
    gone = entity("Customer", "c-deleted")
    work = Work(WORK_KINDS)
    check_related_entities([gone, entity("Customer", "c-1")], work, already_checked=[gone])
    assert work.asked == [("Customer", "c-1")]
