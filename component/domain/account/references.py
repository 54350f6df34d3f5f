"""References from a party account to other TMF666 resources of this component.

A party account (party, billing, settlement) may refer to a BillingCycleSpecification, a BillFormat and
BillPresentationMedia (in `billStructure`) and to a FinancialAccount (`financialAccount`). A reference
(`isRef` true, its default, or no `isRef` at all) must name an existing resource: otherwise the request is
refused with InvalidReference (400). A `...RefOrValue` given by value (`isRef: false`) is not checked. In
turn, a referenced resource cannot be deleted while an open account refers to it (Conflict, 409).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from component.domain.account.states import OPEN_STATES
from component.domain.kernel.errors import Conflict, InvalidReference, ValidationFailed
from component.domain.kernel.query import Filter
from component.domain.kernel.resource_type import Rules, UnitOfWork

PARTY_ACCOUNT_KINDS = ("PartyAccount", "BillingAccount", "SettlementAccount")

# The attribute path through which a party account refers to each kind (used by `find_all` queries).
REFERRING_PATHS: dict[str, str] = {
    "BillingCycleSpecification": "billStructure.cycleSpecification.id",
    "BillFormat": "billStructure.format.id",
    "BillPresentationMedia": "billStructure.presentationMedia.id",
    "FinancialAccount": "financialAccount.id",
}


def references(account: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(where, kind, reference) for every reference the account makes; values (`isRef: false`) skipped."""
    structure = account.get("billStructure") or {}
    found: list[tuple[str, str, Any]] = [
        ("billStructure.cycleSpecification", "BillingCycleSpecification", structure.get("cycleSpecification")),
        ("billStructure.format", "BillFormat", structure.get("format")),
        *((f"billStructure.presentationMedia[{index}]", "BillPresentationMedia", media)
          for index, media in enumerate(structure.get("presentationMedia") or [])),
        ("financialAccount", "FinancialAccount", account.get("financialAccount")),
    ]
    for where, kind, reference in found:
        if isinstance(reference, Mapping) and reference.get("isRef", True) is not False:
            yield where, kind, reference


def check_references(account: Mapping[str, Any], work: UnitOfWork,
                     before: Mapping[str, Any] | None = None) -> None:
    """Refuse a reference to a resource that does not exist. On a patch (`before` given) only references
    the patch adds are checked. Referenced resources are read for update, so a concurrent deletion of one
    either waits for this transaction (and then sees the account) or wins (and this one sees it gone)."""
    known = {(kind, reference.get("id")) for _, kind, reference in references(before or {})}
    for where, kind, reference in references(account):
        identifier = reference.get("id")
        if not isinstance(identifier, str) or not identifier:
            raise ValidationFailed(f"{where} refers to a {kind} and needs its id (or isRef false for a value)")
        if (kind, identifier) in known:
            continue
        if work.find(kind, identifier, for_update=True) is None:
            raise InvalidReference(f"{where} refers to {kind} {identifier!r}, which does not exist")


def accounts_referring_to(kind: str, identifier: str, work: UnitOfWork) -> list[tuple[str, str]]:
    """(account kind, account id) of open party accounts that refer to the resource, at most one per kind."""
    filters = (Filter(REFERRING_PATHS[kind], (identifier,)), Filter("state", tuple(OPEN_STATES)))
    return [(account_kind, account["id"])
            for account_kind in PARTY_ACCOUNT_KINDS
            for account in work.find_all(account_kind, *filters, limit=1)]


class ReferencedResourceRules(Rules):
    """Bill structure resources: refused deletion while an open party account refers to them."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        users = accounts_referring_to(self.kind, document["id"], work)
        if users:
            named = ", ".join(f"{account_kind} {account_id}" for account_kind, account_id in users)
            raise Conflict(f"{self.kind} {document['id']!r} is referred to by open accounts ({named}); "
                           "change or close them first")
