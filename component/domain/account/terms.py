"""Payment terms of a billing account: `accountType` says whether it is `prepaid` or `postpaid`.

A postpaid account is billed after use, so it needs a `creditLimit` (a Money with a unit and a positive
value); a prepaid account is paid in advance and carries none. `accountType` is optional (TMF666 does not
require it): an account without one has no payment terms yet (nothing is checked), and no order can be
charged to it until a PATCH makes it prepaid or postpaid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.errors import ValidationFailed

PREPAID, POSTPAID = "prepaid", "postpaid"
ACCOUNT_TYPES = (PREPAID, POSTPAID)


def check_payment_terms(account: Mapping[str, Any]) -> None:
    account_type = account.get("accountType")
    if account_type is None:
        return
    if account_type not in ACCOUNT_TYPES:
        raise ValidationFailed(f"a billing account's accountType is 'prepaid' or 'postpaid', not {account_type!r}")
    credit_limit = account.get("creditLimit")
    if account_type == POSTPAID and not _is_positive_money(credit_limit):
        raise ValidationFailed("a postpaid billing account needs a creditLimit with a unit and a positive value")
    if account_type == PREPAID and credit_limit is not None:
        raise ValidationFailed("a prepaid billing account has no creditLimit")


def _is_positive_money(money: Any) -> bool:
    if not isinstance(money, Mapping):
        return False
    value, unit = money.get("value"), money.get("unit")
    return (isinstance(value, int | float) and not isinstance(value, bool) and value > 0
            and isinstance(unit, str) and bool(unit.strip()))
