"""Billing account payment terms: prepaid without credit limit, postpaid with a positive one."""

from __future__ import annotations

from typing import Any

import pytest

from component.domain.account.terms import check_payment_terms
from component.domain.kernel.errors import ValidationFailed

LIMIT = {"unit": "EUR", "value": 250.5}


def test_prepaid_without_credit_limit_is_accepted() -> None:
    check_payment_terms({"accountType": "prepaid"})


def test_postpaid_with_a_positive_credit_limit_is_accepted() -> None:
    check_payment_terms({"accountType": "postpaid", "creditLimit": LIMIT})


def test_no_account_type_means_no_payment_terms_yet_and_nothing_is_checked() -> None:
    check_payment_terms({})
    check_payment_terms({"creditLimit": LIMIT})


@pytest.mark.parametrize("account_type", ["Business", "Prepaid", ""])
def test_account_type_other_than_prepaid_or_postpaid_is_refused(account_type: str | None) -> None:
    with pytest.raises(ValidationFailed, match="prepaid"):
        check_payment_terms({"accountType": account_type})


@pytest.mark.parametrize("credit_limit", [
    None, {}, {"unit": "EUR"}, {"value": 10}, {"unit": "EUR", "value": 0}, {"unit": "EUR", "value": -5},
    {"unit": " ", "value": 10}, {"unit": "EUR", "value": True}, {"unit": "EUR", "value": "10"},
])
def test_postpaid_without_a_positive_credit_limit_with_unit_is_refused(credit_limit: Any) -> None:
    account = {"accountType": "postpaid"} if credit_limit is None else {"accountType": "postpaid",
                                                                          "creditLimit": credit_limit}
    with pytest.raises(ValidationFailed, match="creditLimit"):
        check_payment_terms(account)


def test_prepaid_with_a_credit_limit_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="prepaid"):
        check_payment_terms({"accountType": "prepaid", "creditLimit": LIMIT})
