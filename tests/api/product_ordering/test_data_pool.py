"""Operation 10 over HTTP: a shared data pool on a donor subscription, members of the same customer
added and removed, allocations that never exceed the pool size."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.product_ordering.bodies import add, delete, modify, new_subscription, numbers, order
from tests.api.product_ordering.conftest import Fulfil, characteristic, complete, product, products_of
from tests.support.live_server import ApiClient

Family = dict[str, dict[str, Any]]  # donor, member1, member2: installed plan products


@pytest.fixture
def family(ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
           postpaid_account: dict[str, Any], tag: str) -> Family:
    """Three postpaid subscriptions of one customer."""
    plans = {}
    for name in ("donor", "member1", "member2"):
        msisdn, iccid = numbers(tag, name)
        done = complete(ordering, fulfil, new_subscription(customer, postpaid_account, msisdn, iccid,
                                                           plan="postpaid-l"))
        plans[name] = products_of(inventory, done)["1"]
    return plans


def create_pool(ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any],
                family: Family, size: int = 20, **members: int) -> dict[str, dict[str, Any]]:
    """Create a pool on the donor with `members` (name -> allocation) in one order: item id -> product."""
    items = [add("pool", "data-pool", relies_on_product=family["donor"]["id"], poolSize=size)]
    items += [add(name, "data-pool-member", member_of="pool", relies_on_product=family[name]["id"], allocation=gb)
              for name, gb in members.items()]
    return products_of(inventory, complete(ordering, fulfil, order(customer, *items)))


def test_a_pool_and_its_members_are_installed_with_their_relationships(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    installed = create_pool(ordering, inventory, fulfil, customer, family, member1=10, member2=8)
    pool, membership = installed["pool"], installed["member1"]
    assert characteristic(pool, "poolSize") == 20
    assert pool["productRelationship"][0]["product"]["id"] == family["donor"]["id"]
    assert {(link["relationshipType"], link["product"]["id"]) for link in membership["productRelationship"]} == {
        ("memberOf", pool["id"]), ("reliesOn", family["member1"]["id"])}
    assert characteristic(membership, "allocation") == 10


def test_a_member_is_added_to_and_removed_from_an_existing_pool(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    pool = create_pool(ordering, inventory, fulfil, customer, family, member1=10)["pool"]
    done = complete(ordering, fulfil, order(customer, add("1", "data-pool-member", member_of_product=pool["id"],
                                                          relies_on_product=family["member2"]["id"], allocation=10)))
    membership = products_of(inventory, done)["1"]
    complete(ordering, fulfil, order(customer, delete("1", membership["id"])))
    assert product(inventory, membership["id"])["status"] == "terminated"
    assert product(inventory, family["member2"]["id"])["status"] == "active"


def test_allocations_beyond_the_pool_size_are_refused(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    pool = create_pool(ordering, inventory, fulfil, customer, family, member1=15)["pool"]
    response = ordering.post("productOrder", json=order(customer, add(
        "1", "data-pool-member", member_of_product=pool["id"], relies_on_product=family["member2"]["id"],
        allocation=6)))
    assert response.status_code == 400
    assert "would total 21 GB, more than its size of 20 GB" in response.json()["message"]


def test_allocations_beyond_the_size_of_a_new_pool_are_refused(
    ordering: ApiClient, customer: dict[str, Any], family: Family,
) -> None:
    items = [add("pool", "data-pool", relies_on_product=family["donor"]["id"], poolSize=20),
             add("a", "data-pool-member", member_of="pool", relies_on_product=family["member1"]["id"], allocation=12),
             add("b", "data-pool-member", member_of="pool", relies_on_product=family["member2"]["id"], allocation=12)]
    response = ordering.post("productOrder", json=order(customer, *items))
    assert response.status_code == 400
    assert "would total 24 GB" in response.json()["message"]


def test_raising_an_allocation_beyond_the_pool_or_shrinking_the_pool_below_them_is_refused(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    installed = create_pool(ordering, inventory, fulfil, customer, family, size=50, member1=15, member2=15)
    more = {"productCharacteristic": [{"name": "allocation", "value": 40}]}
    assert ordering.post("productOrder", json=order(customer, modify(
        "1", installed["member1"]["id"], **more))).status_code == 400
    smaller = {"productCharacteristic": [{"name": "poolSize", "value": 20}]}
    response = ordering.post("productOrder", json=order(customer, modify("1", installed["pool"]["id"], **smaller)))
    assert response.status_code == 400
    assert "more than its size of 20 GB" in response.json()["message"]


def test_removing_a_member_makes_room_for_another_in_the_same_order(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    installed = create_pool(ordering, inventory, fulfil, customer, family, member1=20)
    done = complete(ordering, fulfil, order(
        customer, delete("1", installed["member1"]["id"]),
        add("2", "data-pool-member", member_of_product=installed["pool"]["id"],
            relies_on_product=family["member2"]["id"], allocation=20)))
    assert products_of(inventory, done)["2"]["status"] == "active"


def test_the_donor_is_not_a_member_of_its_own_pool(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    pool = create_pool(ordering, inventory, fulfil, customer, family)["pool"]
    response = ordering.post("productOrder", json=order(customer, add(
        "1", "data-pool-member", member_of_product=pool["id"], relies_on_product=family["donor"]["id"], allocation=1)))
    assert response.status_code == 400
    assert "donor subscription of a pool is not one of its members" in response.json()["message"]


def test_a_subscription_of_another_customer_cannot_join_the_pool(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
    customers: ApiClient, accounts: ApiClient, tag: str,
) -> None:
    from tests.api.product_ordering.conftest import open_account
    from tests.support.factories import new_customer

    pool = create_pool(ordering, inventory, fulfil, customer, family)["pool"]
    stranger = customers.post("customer", json=new_customer(f"{tag}-other")).json()
    account = open_account(accounts, stranger, f"{tag}-other", "prepaid")
    done = complete(ordering, fulfil, new_subscription(stranger, account, *numbers(tag, "stranger")))
    foreign = products_of(inventory, done)["1"]
    response = ordering.post("productOrder", json=order(customer, add(
        "1", "data-pool-member", member_of_product=pool["id"], relies_on_product=foreign["id"], allocation=1)))
    assert response.status_code == 400
    assert f"does not belong to customer {customer['id']!r}" in response.json()["message"]


def test_a_subscription_is_a_member_of_one_pool_at_most_and_a_donor_has_one_pool(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    create_pool(ordering, inventory, fulfil, customer, family, member1=5)
    second_pool = ordering.post("productOrder", json=order(customer, add(
        "1", "data-pool", relies_on_product=family["donor"]["id"], poolSize=20)))
    assert "already donates data pool" in second_pool.json()["message"]
    other = ordering.post("productOrder", json=order(
        customer, add("pool", "data-pool", relies_on_product=family["member2"]["id"], poolSize=20),
        add("m", "data-pool-member", member_of="pool", relies_on_product=family["member1"]["id"], allocation=5)))
    assert "is already a pool member" in other.json()["message"]


def test_the_pool_size_must_be_one_the_catalogue_offers(
    ordering: ApiClient, customer: dict[str, Any], family: Family,
) -> None:
    response = ordering.post("productOrder", json=order(customer, add(
        "1", "data-pool", relies_on_product=family["donor"]["id"], poolSize=30)))
    assert response.status_code == 400
    assert "characteristic 'poolSize' must be one of 20, 50, 100" in response.json()["message"]


def test_terminating_the_pool_terminates_its_memberships(
    ordering: ApiClient, inventory: ApiClient, fulfil: Fulfil, customer: dict[str, Any], family: Family,
) -> None:
    installed = create_pool(ordering, inventory, fulfil, customer, family, member1=5, member2=5)
    complete(ordering, fulfil, order(customer, delete("1", installed["pool"]["id"])))
    assert {product(inventory, installed[name]["id"])["status"] for name in ("member1", "member2")} == {"terminated"}
    assert product(inventory, family["member1"]["id"])["status"] == "active"
