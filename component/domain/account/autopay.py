"""Automatic payment (autopay) of a party account, written in TMF666's own structures.

An account is enrolled while its `paymentPlan` holds one entry with `"planType": "autopay"`:

    "paymentPlan": [{"planType": "autopay", "status": "active",
                     "paymentMethod": {"id": "pm-42", "@referredType": "BankAccountDebit"},
                     "validFor": {"startDateTime": "<enrolment time>"}}]

Enrolment is adding that entry (on create or by PATCH), withdrawal is removing it; enrolled accounts are
listed with `paymentPlan.planType=autopay`. The entry's payment method defaults to the account's
`defaultPaymentMethod`; with neither, enrolment is refused. The server fills `status` ("active") and
`validFor.startDateTime` (the enrolment time) when the client leaves them out. A closed account cannot
be enrolled, and closing an account withdraws its autopay.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.account.states import CLOSED
from component.domain.kernel.errors import Conflict, ValidationFailed

AUTOPAY = "autopay"
ENROLLED = "active"


def is_autopay(plan: Any) -> bool:
    return isinstance(plan, Mapping) and plan.get("planType") == AUTOPAY


def autopay_plan(account: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The account's autopay entry, None when it is not enrolled."""
    return next((plan for plan in account.get("paymentPlan") or [] if is_autopay(plan)), None)


def apply_autopay(before: Mapping[str, Any] | None, after: dict[str, Any], now: str) -> None:
    """Check and complete the autopay entry of a new (`before` None) or patched account."""
    plans = [plan for plan in after.get("paymentPlan") or [] if is_autopay(plan)]
    if not plans:
        return
    if len(plans) > 1:
        raise ValidationFailed(f"an account has at most one autopay payment plan, not {len(plans)}")
    if after.get("state") == CLOSED:
        if before is not None and before.get("state") != CLOSED:
            after["paymentPlan"] = [plan for plan in after["paymentPlan"] if not is_autopay(plan)]
            return
        raise Conflict("a closed account cannot be enrolled in autopay")
    after["paymentPlan"] = [_completed(plan, after, now) if is_autopay(plan) else plan
                            for plan in after["paymentPlan"]]


def _completed(plan: Mapping[str, Any], account: Mapping[str, Any], now: str) -> dict[str, Any]:
    method = plan.get("paymentMethod") or account.get("defaultPaymentMethod")
    if not isinstance(method, Mapping) or not method.get("id"):
        raise ValidationFailed(
            "autopay needs a payment method: give paymentPlan[].paymentMethod (with its id) "
            "or the account's defaultPaymentMethod"
        )
    completed = dict(plan)
    completed["paymentMethod"] = dict(method)
    completed.setdefault("status", ENROLLED)
    completed["validFor"] = {"startDateTime": now, **(plan.get("validFor") or {})}
    return completed
