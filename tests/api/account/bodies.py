"""Request bodies for the TMF666 tests: valid resources named with a per-test tag."""

from __future__ import annotations

from typing import Any

PAYMENT_METHOD = {"id": "pm-4242", "name": "Direct debit", "@referredType": "BankAccountDebit"}


def holder(customer: dict[str, Any], role: str = "customer") -> dict[str, Any]:
    """The relatedParty entry by which a billing account names its Customer (TMF666 requires a name)."""
    return {"id": customer["id"], "name": customer.get("name", f"Customer {customer['id']}"), "role": role,
            "@referredType": "Customer"}


def new_billing_account(customer: dict[str, Any], tag: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Billing {tag}",
        "accountType": "prepaid",
        "relatedParty": [holder(customer)],
    }
    body.update(extra)
    return body


def new_postpaid_account(customer: dict[str, Any], tag: str, **extra: Any) -> dict[str, Any]:
    return new_billing_account(customer, tag, accountType="postpaid",
                               creditLimit={"unit": "EUR", "value": 500}, **extra)


def new_party_account(tag: str, **extra: Any) -> dict[str, Any]:
    """A party or settlement account: its related party need not be a Customer of this component."""
    body: dict[str, Any] = {
        "name": f"Account {tag}",
        "relatedParty": [{"id": f"partner-{tag}", "name": f"Partner {tag}", "role": "owner",
                          "@referredType": "Organization"}],
    }
    body.update(extra)
    return body


def new_named(tag: str, **extra: Any) -> dict[str, Any]:
    """A financial account, billing cycle specification, bill format or presentation media."""
    body: dict[str, Any] = {"name": f"Named {tag}", "description": f"for {tag}"}
    body.update(extra)
    return body


def autopay(method: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A paymentPlan entry enrolling an account in autopay."""
    plan: dict[str, Any] = {"planType": "autopay"}
    if method is not None:
        plan["paymentMethod"] = method
    plan.update(extra)
    return plan


def ref(resource: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A reference (RefOrValue with isRef true) to a resource of this component."""
    return {"id": resource["id"], "href": resource["href"], "name": resource["name"], "isRef": True, **extra}
