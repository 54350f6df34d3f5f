"""The TMF666 domain rules on an in-memory unit of work, without HTTP or SQL: the customer link,
references to bill structure resources, deletion guards and the composition per resource type."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from component.domain.account.resources import BILL_FORMAT, BILLING_ACCOUNT, FINANCIAL_ACCOUNT, SETTLEMENT_ACCOUNT
from component.domain.customer.resources import CUSTOMER
from component.domain.kernel.errors import Conflict, InvalidReference, ValidationFailed
from component.domain.kernel.matching import matches_all
from component.domain.kernel.query import Filter, SameElement, resolve_filters

NOW = "2025-03-01T10:00:00Z"


class MemoryWork:
    """A UnitOfWork over dicts: `find_all` evaluates the filters with the component's in-memory evaluator."""

    def __init__(self, *resources: tuple[str, dict[str, Any]]) -> None:
        self.now = NOW
        self.store: dict[str, dict[str, dict[str, Any]]] = {}
        self.saved: list[tuple[str, dict[str, Any]]] = []
        for kind, document in resources:
            self.store.setdefault(kind, {})[document["id"]] = copy.deepcopy(document)

    def find(self, kind: str, resource_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        found = self.store.get(kind, {}).get(resource_id)
        return copy.deepcopy(found) if found else None

    def find_all(self, kind: str, *filters: Filter | SameElement, limit: int = 1000,
                 sort: str | None = None) -> list[dict[str, Any]]:
        conditions = resolve_filters(filters, None)
        matching = [document for document in self.store.get(kind, {}).values() if matches_all(conditions, document)]
        return copy.deepcopy(matching[:limit])

    def save(self, kind: str, document: dict[str, Any]) -> bool:
        self.store[kind][document["id"]] = copy.deepcopy(document)
        self.saved.append((kind, copy.deepcopy(document)))
        return True


def a_customer(**extra: Any) -> dict[str, Any]:
    return {"id": "c1", "href": "http://x/customer/c1", "name": "Ada", **extra}


def an_account(account_id: str = "b1", state: str = "defined", **extra: Any) -> dict[str, Any]:
    return {"id": account_id, "href": f"http://x/billingAccount/{account_id}", "name": f"Account {account_id}",
            "state": state, "accountType": "prepaid",
            "relatedParty": [{"id": "c1", "role": "customer", "@referredType": "Customer"}], **extra}


def ref_of(account: dict[str, Any]) -> dict[str, Any]:
    return {"id": account["id"], "href": account["href"], "name": account["name"], "@referredType": "BillingAccount"}


# ---------------------------------------------------------------- billing account and its customer

def test_new_account_is_added_to_its_customers_list_and_the_customer_saved() -> None:
    work = MemoryWork(("Customer", a_customer()))
    account = an_account()
    BILLING_ACCOUNT.rules.on_create(account, work)
    assert work.store["Customer"]["c1"]["account"] == [ref_of(account)]
    assert [kind for kind, _ in work.saved] == ["Customer"]


def test_new_account_completes_the_customer_entry_with_href_and_name() -> None:
    account = an_account()
    BILLING_ACCOUNT.rules.on_create(account, MemoryWork(("Customer", a_customer())))
    assert account["relatedParty"][0] == {"id": "c1", "role": "customer", "@referredType": "Customer",
                                               "href": "http://x/customer/c1", "name": "Ada"}


def test_new_account_of_an_unknown_customer_is_an_invalid_reference() -> None:
    with pytest.raises(InvalidReference, match="c1"):
        BILLING_ACCOUNT.rules.on_create(an_account(), MemoryWork())


def test_new_account_of_an_organization_only_touches_no_customer() -> None:
    account = an_account(relatedParty=[{"id": "c1", "@referredType": "Organization"}])
    work = MemoryWork(("Customer", a_customer()))
    BILLING_ACCOUNT.rules.on_create(account, work)
    assert work.saved == []


class Directory:
    """A party directory knowing one Organization (what a wired TMF632 answers)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def exists(self, referred_type: str, party_id: str) -> bool | None:
        self.asked.append((referred_type, party_id))
        return party_id == "org-1" if referred_type == "Organization" else None


def test_other_parties_are_checked_against_the_party_directory() -> None:
    directory = Directory()
    rules = type(BILLING_ACCOUNT.rules)(parties=directory)
    rules.on_create(an_account(relatedParty=[{"id": "org-1", "@referredType": "Organization"},
                                             {"id": "r-1", "@referredType": "PartyRole"}]), MemoryWork())
    with pytest.raises(InvalidReference, match="org-2"):
        rules.on_create(an_account(relatedParty=[{"id": "org-2", "@referredType": "Organization"}]), MemoryWork())
    assert directory.asked == [("Organization", "org-1"), ("PartyRole", "r-1"), ("Organization", "org-2")]


def test_payment_terms_are_checked_before_the_customer_is_touched() -> None:
    work = MemoryWork(("Customer", a_customer()))
    with pytest.raises(ValidationFailed, match="creditLimit"):
        BILLING_ACCOUNT.rules.on_create(an_account(accountType="postpaid"), work)
    assert work.saved == []


def test_closing_removes_the_account_from_its_customers_list() -> None:
    before = an_account(state="active")
    work = MemoryWork(("Customer", a_customer(account=[ref_of(before)])))
    BILLING_ACCOUNT.rules.on_patch(before, an_account(state="closed"), work)
    assert work.store["Customer"]["c1"]["account"] == []


def test_patch_that_leaves_the_reference_unchanged_does_not_save_the_customer() -> None:
    before = an_account()
    work = MemoryWork(("Customer", a_customer(account=[ref_of(before)])))
    BILLING_ACCOUNT.rules.on_patch(before, an_account(description="changed"), work)
    assert work.saved == []


def test_rename_updates_the_reference_in_place_and_keeps_its_extra_attributes() -> None:
    before = an_account()
    listed = [{"id": "other"}, {**ref_of(before), "description": "main"}]
    work = MemoryWork(("Customer", a_customer(account=listed)))
    BILLING_ACCOUNT.rules.on_patch(before, an_account(name="Renamed"), work)
    assert work.store["Customer"]["c1"]["account"] == [{"id": "other"}, {**ref_of(before), "description": "main",
                                                                         "name": "Renamed"}]


def test_changing_the_customer_of_an_account_is_refused() -> None:
    after = an_account(relatedParty=[{"id": "c2", "@referredType": "Customer"}])
    with pytest.raises(ValidationFailed, match="cannot change"):
        BILLING_ACCOUNT.rules.on_patch(an_account(), after, MemoryWork(("Customer", a_customer())))


def test_closed_account_of_a_deleted_customer_can_still_be_patched() -> None:
    BILLING_ACCOUNT.rules.on_patch(an_account(state="closed"), an_account(state="closed", description="x"),
                                   MemoryWork())


def test_deleting_a_defined_account_removes_it_from_its_customer() -> None:
    account = an_account()
    work = MemoryWork(("Customer", a_customer(account=[ref_of(account)])))
    BILLING_ACCOUNT.rules.on_delete(account, work)
    assert work.store["Customer"]["c1"]["account"] == []


@pytest.mark.parametrize("state", ["active", "suspended"])
def test_deleting_an_account_in_use_is_a_conflict(state: str) -> None:
    with pytest.raises(Conflict, match="close it"):
        BILLING_ACCOUNT.rules.on_delete(an_account(state=state), MemoryWork(("Customer", a_customer())))


# ---------------------------------------------------------------- customer deletion

@pytest.mark.parametrize("state", ["defined", "active", "suspended"])
def test_customer_with_an_open_billing_account_cannot_be_deleted(state: str) -> None:
    work = MemoryWork(("BillingAccount", an_account(state=state)))
    with pytest.raises(Conflict, match="b1"):
        CUSTOMER.rules.on_delete(a_customer(), work)


def test_customer_whose_accounts_are_closed_can_be_deleted() -> None:
    CUSTOMER.rules.on_delete(a_customer(), MemoryWork(("BillingAccount", an_account(state="closed"))))


def test_an_account_naming_the_customer_id_in_another_role_does_not_block_deletion() -> None:
    account = an_account(relatedParty=[{"id": "c9", "@referredType": "Customer"},
                                       {"id": "c1", "@referredType": "Individual"}])
    CUSTOMER.rules.on_delete(a_customer(), MemoryWork(("BillingAccount", account)))


# ---------------------------------------------------------------- references

def test_reference_to_an_existing_bill_format_is_accepted() -> None:
    account = an_account(billStructure={"format": {"id": "f1", "name": "Detailed", "isRef": True}})
    work = MemoryWork(("Customer", a_customer()), ("BillFormat", {"id": "f1"}))
    BILLING_ACCOUNT.rules.on_create(account, work)


@pytest.mark.parametrize("structure, where", [
    ({"cycleSpecification": {"id": "nope", "name": "x", "isRef": True}}, "billStructure.cycleSpecification"),
    ({"format": {"id": "nope", "name": "x"}}, "billStructure.format"),
    ({"presentationMedia": [{"id": "nope", "name": "x", "isRef": True}]}, "billStructure.presentationMedia[0]"),
])
def test_reference_to_a_missing_bill_structure_resource_is_refused(structure: dict[str, Any], where: str) -> None:
    with pytest.raises(InvalidReference, match=f"{re.escape(where)}.*nope"):
        SETTLEMENT_ACCOUNT.rules.on_create({"id": "s1", "billStructure": structure}, MemoryWork())


def test_value_given_with_is_ref_false_is_not_looked_up() -> None:
    SETTLEMENT_ACCOUNT.rules.on_create({"id": "s1", "billStructure": {"format": {"name": "x", "isRef": False}}},
                                       MemoryWork())


def test_reference_without_id_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="needs its id"):
        SETTLEMENT_ACCOUNT.rules.on_create({"id": "s1", "billStructure": {"format": {"name": "x"}}}, MemoryWork())


def test_patch_checks_only_the_references_it_adds() -> None:
    before = {"id": "s1", "financialAccount": {"id": "gone"}}
    SETTLEMENT_ACCOUNT.rules.on_patch(before, {**before, "description": "x"}, MemoryWork())
    with pytest.raises(InvalidReference):
        SETTLEMENT_ACCOUNT.rules.on_patch(before, {**before, "billStructure": {"format": {"id": "f9"}}},
                                          MemoryWork())


def test_bill_format_used_by_an_open_account_cannot_be_deleted() -> None:
    account = an_account(state="suspended", billStructure={"format": {"id": "f1", "isRef": True}})
    with pytest.raises(Conflict, match="BillingAccount b1"):
        BILL_FORMAT.rules.on_delete({"id": "f1"}, MemoryWork(("BillingAccount", account)))


def test_bill_format_used_only_by_closed_accounts_can_be_deleted() -> None:
    account = an_account(state="closed", billStructure={"format": {"id": "f1", "isRef": True}})
    BILL_FORMAT.rules.on_delete({"id": "f1"}, MemoryWork(("BillingAccount", account)))


def test_financial_account_referred_to_by_a_settlement_account_cannot_be_deleted() -> None:
    settlement = {"id": "s1", "state": "active", "financialAccount": {"id": "fa1"}}
    with pytest.raises(Conflict, match="SettlementAccount s1"):
        FINANCIAL_ACCOUNT.rules.on_delete({"id": "fa1", "state": "closed"},
                                          MemoryWork(("SettlementAccount", settlement)))


def test_active_financial_account_cannot_be_deleted() -> None:
    with pytest.raises(Conflict, match="close it"):
        FINANCIAL_ACCOUNT.rules.on_delete({"id": "fa1", "state": "active"}, MemoryWork())
