"""The account lifecycle over HTTP: defined -> active <-> suspended, any open state -> closed (final);
illegal moves and deletions of accounts in use are 409 TMF Errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.account.bodies import new_named, new_party_account
from tests.support.live_server import ApiClient


def move(accounts: ApiClient, account: dict[str, Any], *states: str, collection: str = "billingAccount") -> Any:
    response = None
    for state in states:
        response = accounts.patch(f"{collection}/{account['id']}", json={"state": state})
    return response


@pytest.mark.parametrize("path", [
    ("active",), ("closed",), ("active", "suspended"), ("active", "suspended", "active"), ("active", "closed"),
    ("active", "suspended", "closed"),
])
def test_allowed_moves_are_applied(accounts: ApiClient, billing_account: dict[str, Any], path: tuple[str, ...]) -> None:
    response = move(accounts, billing_account, *path)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == path[-1]


@pytest.mark.parametrize("path", [
    ("suspended",), ("active", "defined"), ("closed", "active"), ("closed", "defined"),
    ("active", "closed", "suspended"),
])
def test_illegal_moves_are_409_with_the_allowed_states(
    accounts: ApiClient, billing_account: dict[str, Any], path: tuple[str, ...]
) -> None:
    move(accounts, billing_account, *path[:-1])
    before = accounts.get(f"billingAccount/{billing_account['id']}").json()
    response = move(accounts, billing_account, path[-1])
    assert response.status_code == 409
    error = response.json()
    assert (error["code"], error["status"]) == ("ILLEGAL_TRANSITION", "409")
    assert "allowed" in error["message"]
    assert accounts.get(f"billingAccount/{billing_account['id']}").json() == before


def test_unknown_state_is_400(accounts: ApiClient, billing_account: dict[str, Any]) -> None:
    response = move(accounts, billing_account, "Inactive")
    assert response.status_code == 400
    assert "Inactive" in response.json()["message"]


def test_state_is_filterable(accounts: ApiClient, customer: dict[str, Any], billing_account: dict[str, Any]) -> None:
    move(accounts, billing_account, "active", "suspended")
    found = accounts.get("billingAccount", params={"relatedParty.id": customer["id"], "state": "suspended"}).json()
    assert [account["id"] for account in found] == [billing_account["id"]]
    assert accounts.get("billingAccount", params={"relatedParty.id": customer["id"], "state": "active"}).json() == []


@pytest.mark.parametrize("state_path", [("active",), ("active", "suspended")])
def test_account_in_use_cannot_be_deleted(
    accounts: ApiClient, billing_account: dict[str, Any], state_path: tuple[str, ...]
) -> None:
    move(accounts, billing_account, *state_path)
    response = accounts.delete(f"billingAccount/{billing_account['id']}")
    assert response.status_code == 409
    assert "close it" in response.json()["message"]
    assert accounts.get(f"billingAccount/{billing_account['id']}").status_code == 200


def test_closed_account_can_be_deleted(accounts: ApiClient, billing_account: dict[str, Any]) -> None:
    move(accounts, billing_account, "active", "closed")
    assert accounts.delete(f"billingAccount/{billing_account['id']}").status_code == 204


@pytest.mark.parametrize("collection", ["partyAccount", "settlementAccount", "financialAccount"])
def test_every_account_kind_follows_the_same_lifecycle(accounts: ApiClient, collection: str, tag: str) -> None:
    body = new_named(tag) if collection == "financialAccount" else new_party_account(tag)
    account = accounts.post(collection, json=body).json()
    assert account["state"] == "defined"
    assert move(accounts, account, "suspended", collection=collection).status_code == 409
    assert move(accounts, account, "active", "closed", collection=collection).json()["state"] == "closed"
    assert move(accounts, account, "active", collection=collection).status_code == 409
