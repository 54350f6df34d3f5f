"""The customer <-> billing account link under concurrent requests: every request is one transaction
that reads the Customer for update, so parallel writers never lose an entry of its `account` list."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.api.account.bodies import new_billing_account
from tests.support.live_server import ApiClient

PARALLEL = 10


def listed_ids(customers: ApiClient, customer: dict[str, Any]) -> list[str]:
    return [ref["id"] for ref in customers.get(f"customer/{customer['id']}").json().get("account", [])]


def create_many(accounts: ApiClient, customer: dict[str, Any], tag: str, count: int) -> list[dict[str, Any]]:
    return [accounts.post("billingAccount", json=new_billing_account(customer, f"{tag}-{index}")).json()
            for index in range(count)]


def test_accounts_created_in_parallel_are_all_listed_on_their_customer(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    def create(index: int) -> dict[str, Any]:
        client = ApiClient(accounts.root)  # one connection per writer
        response = client.post("billingAccount", json=new_billing_account(customer, f"{tag}-{index}"))
        assert response.status_code == 201, response.text
        return response.json()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        created = list(pool.map(create, range(PARALLEL)))
    listed = listed_ids(customers, customer)
    assert len(listed) == PARALLEL
    assert sorted(listed) == sorted(account["id"] for account in created)


def test_parallel_creates_and_closes_leave_exactly_the_open_accounts_listed(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    to_close = create_many(accounts, customer, f"{tag}-old", PARALLEL // 2)

    def create(index: int) -> str:
        response = ApiClient(accounts.root).post("billingAccount", json=new_billing_account(customer, f"{tag}-{index}"))
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def close(account: dict[str, Any]) -> None:
        response = ApiClient(accounts.root).patch(f"billingAccount/{account['id']}", json={"state": "closed"})
        assert response.status_code == 200, response.text

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        created = [pool.submit(create, index) for index in range(PARALLEL // 2)]
        closed = [pool.submit(close, account) for account in to_close]
        opened = sorted(future.result() for future in created)
        for future in closed:
            future.result()
    assert sorted(listed_ids(customers, customer)) == opened


def test_customer_deletion_racing_account_creation_never_leaves_an_account_of_a_deleted_customer(
    accounts: ApiClient, customers: ApiClient, customer: dict[str, Any], tag: str
) -> None:
    def create(index: int) -> int:
        body = new_billing_account(customer, f"{tag}-{index}")
        return ApiClient(accounts.root).post("billingAccount", json=body).status_code

    def delete_customer() -> int:
        return ApiClient(customers.root).delete(f"customer/{customer['id']}").status_code

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        creations = [pool.submit(create, index) for index in range(PARALLEL // 2)]
        deletion = pool.submit(delete_customer)
        statuses = [future.result() for future in creations]
        deleted = deletion.result()
    assert set(statuses) <= {201, 400} and deleted in (204, 409)
    stored = accounts.get("billingAccount", params={"relatedParty.id": customer["id"]}).json()
    if deleted == 204:
        assert stored == []
    else:
        assert sorted(account["id"] for account in stored) == sorted(listed_ids(customers, customer))
        assert len(stored) == statuses.count(201) > 0
