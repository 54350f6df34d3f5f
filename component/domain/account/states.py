"""The lifecycle shared by every TMF666 account (party, billing, settlement, financial accounts).

TMF666 v4 leaves `state` free text ("Active, Closed, Suspended and so on"); oda-cms fixes it to:

    defined --> active <--> suspended
       |          |            |
       +----------+------------+--> closed   (final)

A new account starts `defined` (or `active` when the client says so). Only an open account (any state
but `closed`) counts as one of its customer's accounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.lifecycle import Lifecycle, table

DEFINED, ACTIVE, SUSPENDED, CLOSED = "defined", "active", "suspended", "closed"

ACCOUNT_LIFECYCLE = Lifecycle(
    name="account",
    initial=DEFINED,
    transitions=table(
        defined="active closed",
        active="suspended closed",
        suspended="active closed",
    ),
    creatable=frozenset({ACTIVE}),
)

OPEN_STATES: tuple[str, ...] = (DEFINED, ACTIVE, SUSPENDED)
IN_USE_STATES: tuple[str, ...] = (ACTIVE, SUSPENDED)  # an account in these states cannot be deleted


def is_open(account: Mapping[str, Any]) -> bool:
    return account.get("state") != CLOSED


def is_in_use(account: Mapping[str, Any]) -> bool:
    return account.get("state") in IN_USE_STATES
