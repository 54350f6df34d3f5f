"""Autopay enrolment and withdrawal on the account document, without HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from component.domain.account.autopay import apply_autopay, autopay_plan
from component.domain.kernel.errors import Conflict, ValidationFailed

NOW = "2025-03-01T10:00:00Z"
METHOD = {"id": "pm-1", "@referredType": "BankCard"}


def account(state: str = "active", **extra: Any) -> dict[str, Any]:
    return {"id": "a1", "state": state, **extra}


def test_account_without_autopay_plan_is_left_alone() -> None:
    document = account(paymentPlan=[{"planType": "instalments"}])
    apply_autopay(None, document, NOW)
    assert document == account(paymentPlan=[{"planType": "instalments"}])
    assert autopay_plan(document) is None


def test_enrolment_is_completed_with_status_and_start_time() -> None:
    document = account(paymentPlan=[{"planType": "autopay", "paymentMethod": METHOD}])
    apply_autopay(None, document, NOW)
    assert autopay_plan(document) == {"planType": "autopay", "paymentMethod": METHOD, "status": "active",
                                      "validFor": {"startDateTime": NOW}}


def test_enrolment_without_method_takes_the_default_payment_method() -> None:
    document = account(defaultPaymentMethod=METHOD, paymentPlan=[{"planType": "autopay"}])
    apply_autopay(None, document, NOW)
    assert autopay_plan(document)["paymentMethod"] == METHOD  # type: ignore[index]


def test_plan_method_wins_over_the_default_payment_method() -> None:
    document = account(defaultPaymentMethod={"id": "pm-default"},
                       paymentPlan=[{"planType": "autopay", "paymentMethod": METHOD}])
    apply_autopay(None, document, NOW)
    assert autopay_plan(document)["paymentMethod"] == METHOD  # type: ignore[index]


@pytest.mark.parametrize("extra", [{}, {"defaultPaymentMethod": {"name": "no id"}}])
def test_enrolment_without_a_payment_method_id_is_refused(extra: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed, match="payment method"):
        apply_autopay(None, account(paymentPlan=[{"planType": "autopay"}], **extra), NOW)


def test_client_given_status_and_validity_are_kept() -> None:
    plan = {"planType": "autopay", "paymentMethod": METHOD, "status": "pending",
            "validFor": {"startDateTime": "2030-01-01T00:00:00Z"}}
    document = account(paymentPlan=[plan])
    apply_autopay(None, document, NOW)
    assert autopay_plan(document) == plan


def test_two_autopay_plans_are_refused() -> None:
    plans = [{"planType": "autopay", "paymentMethod": METHOD}] * 2
    with pytest.raises(ValidationFailed, match="at most one"):
        apply_autopay(None, account(paymentPlan=plans), NOW)


def test_closing_withdraws_autopay_and_keeps_other_plans() -> None:
    plans = [{"planType": "instalments"}, {"planType": "autopay", "paymentMethod": METHOD}]
    after = account("closed", paymentPlan=plans)
    apply_autopay(account("active", paymentPlan=plans), after, NOW)
    assert after["paymentPlan"] == [{"planType": "instalments"}]


def test_enrolling_a_closed_account_is_a_conflict() -> None:
    with pytest.raises(Conflict):
        apply_autopay(account("closed"), account("closed", paymentPlan=[{"planType": "autopay",
                                                                            "paymentMethod": METHOD}]), NOW)


def test_the_input_plan_objects_are_not_mutated() -> None:
    plan = {"planType": "autopay", "paymentMethod": METHOD}
    apply_autopay(None, account(paymentPlan=[plan]), NOW)
    assert plan == {"planType": "autopay", "paymentMethod": METHOD}
