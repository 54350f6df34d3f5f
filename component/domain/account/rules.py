"""The domain rules of the TMF666 account resources, composed from the account_* rule modules.

- every account: the lifecycle (account_states; the engine checks its transitions), and no deletion
  while active or suspended (close it first);
- party, billing and settlement accounts: references to this component's bill structure resources and
  financial accounts (account_references) and autopay (account_autopay);
- billing accounts: prepaid/postpaid terms when given (account_terms), the link to their Customer when
  they name one (account_holder), kept in step on create, patch and delete, and their other related
  parties checked against a wired TMF632 (account_parties);
- financial accounts and bill structure resources: no deletion while an open account refers to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.account.autopay import apply_autopay
from component.domain.account.holder import (
    check_holder_unchanged,
    holder_of_new_account,
    keep_customer_in_step,
)
from component.domain.account.parties import NO_PARTY_DIRECTORY, PartyLookup, check_other_parties
from component.domain.account.references import ReferencedResourceRules, check_references
from component.domain.account.states import is_in_use
from component.domain.account.terms import check_payment_terms
from component.domain.kernel.errors import Conflict
from component.domain.kernel.resource_type import Rules, UnitOfWork


def refuse_deletion_in_use(kind: str, account: Mapping[str, Any]) -> None:
    if is_in_use(account):
        raise Conflict(f"{kind} {account['id']!r} is {account.get('state')}; close it before deleting it")


class PartyAccountRules(Rules):
    """PartyAccount and SettlementAccount (and the common part of BillingAccount)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        apply_autopay(None, document, work.now)
        check_references(document, work)

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        apply_autopay(before, after, work.now)
        check_references(after, work, before)

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        refuse_deletion_in_use(self.kind, document)


class BillingAccountRules(PartyAccountRules):
    """A billing account: prepaid, postpaid or not yet either; held by a Customer of this component that lists
    it, or by other parties only."""

    def __init__(self, parties: PartyLookup = NO_PARTY_DIRECTORY) -> None:
        super().__init__("BillingAccount")
        self.parties = parties

    def on_create(self, document: dict[str, Any], work: UnitOfWork) -> None:
        check_payment_terms(document)
        super().on_create(document, work)
        customer = holder_of_new_account(document, work)
        check_other_parties(document, self.parties)
        if customer is not None:
            keep_customer_in_step(document, work, customer=customer)

    def on_patch(self, before: Mapping[str, Any], after: dict[str, Any], work: UnitOfWork) -> None:
        check_payment_terms(after)
        check_holder_unchanged(before, after)
        check_other_parties(after, self.parties, before)
        super().on_patch(before, after, work)
        keep_customer_in_step(after, work)

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        super().on_delete(document, work)
        keep_customer_in_step(document, work, listed=False)


class FinancialAccountRules(ReferencedResourceRules):
    """A financial account: deletable once neither in use itself nor referred to by an open account."""

    def __init__(self) -> None:
        super().__init__("FinancialAccount")

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        refuse_deletion_in_use(self.kind, document)
        super().on_delete(document, work)
