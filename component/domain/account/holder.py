"""The link between a billing account and the TMF629 Customer that holds it.

A billing account names its customer in `relatedParty`: the one entry with `"@referredType": "Customer"`
(its `role` is free, e.g. `customer` or `owner`), when it has one (an account of other parties only has
none, and is listed on no Customer). The Customer lists its open accounts in `account`
(AccountRef). The functions here keep both sides in step inside the account's write transaction (the
Customer's own AttributeValueChangeEvent included), and `CustomerRules` refuses to delete a customer who
still has open billing accounts. Nothing here knows HTTP or SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.account.states import OPEN_STATES, is_open
from component.domain.kernel.errors import Conflict, InvalidReference, ValidationFailed
from component.domain.kernel.query import Filter, SameElement
from component.domain.kernel.resource_type import Rules, UnitOfWork

CUSTOMER = "Customer"
BILLING_ACCOUNT = "BillingAccount"


def customer_party(account: Mapping[str, Any]) -> dict[str, Any] | None:
    """The relatedParty entry naming the account's customer, None when there is none."""
    entries = [party for party in account.get("relatedParty") or [] if party.get("@referredType") == CUSTOMER]
    if len(entries) > 1:
        raise ValidationFailed(
            f"a billing account belongs to exactly one customer; relatedParty names {len(entries)} "
            "entries with @referredType Customer"
        )
    return entries[0] if entries else None


def account_ref(account: Mapping[str, Any]) -> dict[str, Any]:
    """The AccountRef a Customer holds for one of its accounts."""
    ref = {"id": account["id"], "href": account["href"], "@referredType": BILLING_ACCOUNT}
    if isinstance(account.get("name"), str):
        ref["name"] = account["name"]
    return ref


def with_account(refs: list[dict[str, Any]], account: Mapping[str, Any], *, listed: bool) -> list[dict[str, Any]]:
    """`refs` (a Customer's `account`) holding the ref of `account` if `listed`, and not otherwise.
    A ref already there keeps its place and whatever else the client put in it."""
    result = [dict(ref) for ref in refs]
    index = next((i for i, ref in enumerate(result) if ref.get("id") == account["id"]), None)
    if listed and index is None:
        result.append(account_ref(account))
    elif listed and index is not None:
        result[index] = {**result[index], **account_ref(account)}
    elif index is not None:
        del result[index]
    return result


def holder_of_new_account(account: dict[str, Any], work: UnitOfWork) -> dict[str, Any] | None:
    """The Customer (read for update) a new billing account names, None when it names none (TMF666 requires
    only `relatedParty`: its parties may all be Individuals, Organizations ...); completes the entry's href
    and name. An entry that claims to be a Customer must be one of this component."""
    party = customer_party(account)
    if party is None:
        return None
    customer = work.find(CUSTOMER, str(party.get("id")), for_update=True)
    if customer is None:
        raise InvalidReference(
            f"relatedParty names Customer {party.get('id')!r}, which does not exist"
        )
    party.setdefault("href", customer["href"])
    if isinstance(customer.get("name"), str):
        party.setdefault("name", customer["name"])
    return customer


def check_holder_unchanged(before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    old, new = customer_party(before), customer_party(after)
    old_id, new_id = (old or {}).get("id"), (new or {}).get("id")
    if old_id != new_id:
        raise ValidationFailed(
            f"the customer of a billing account cannot change (it is {old_id!r}); "
            "keep its relatedParty entry with @referredType Customer, or open a new account"
        )


def keep_customer_in_step(account: Mapping[str, Any], work: UnitOfWork, *, listed: bool | None = None,
                          customer: dict[str, Any] | None = None) -> None:
    """List the account on its Customer while it is open (or as `listed` says), and save the Customer if
    that changed its `account` list. A customer that no longer exists (only possible once the account is
    closed) is left alone."""
    if customer is None:
        party = customer_party(account)
        customer = work.find(CUSTOMER, str(party["id"]), for_update=True) if party else None
        if customer is None:
            return
    listed = is_open(account) if listed is None else listed
    before = customer.get("account") or []
    after = with_account(before, account, listed=listed)
    if after != before:
        customer["account"] = after
        work.save(CUSTOMER, customer)


def open_accounts_of(customer_id: str, work: UnitOfWork) -> list[dict[str, Any]]:
    return work.find_all(BILLING_ACCOUNT, Filter("state", tuple(OPEN_STATES)), SameElement("relatedParty", (
        Filter("id", (customer_id,)), Filter("@referredType", (CUSTOMER,)))))


class CustomerRules(Rules):
    """Customer deletion: refused while the customer holds an open billing account."""

    def on_delete(self, document: Mapping[str, Any], work: UnitOfWork) -> None:
        accounts = open_accounts_of(document["id"], work)
        if accounts:
            listed = ", ".join(f"{account['id']} ({account.get('state')})" for account in accounts[:5])
            raise Conflict(
                f"Customer {document['id']!r} has {len(accounts)} open billing account(s): {listed}; "
                "close them before deleting the customer",
            )
