"""The ten change operations of docs/product-ordering.md, each fulfilled end to end through a real
TMF641 service order executed by the network simulator: the order completes, its service order holds
the services the catalogue maps the items to, the two orders reference each other, and the installed
base shows the change."""

from __future__ import annotations

from typing import Any

from tests.api.product_ordering.bodies import add, delete, modify, new_subscription, numbers, order
from tests.api.product_ordering.conftest import characteristic, product, products_of
from tests.orchestration.conftest import Orchestrate, fulfilled, service_types
from tests.support.live_server import ApiClient

Subscription = dict[str, dict[str, Any]]


def test_1_new_subscription_allocates_the_number_activates_the_sim_then_provisions_hlr_and_charging(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    msisdn, iccid = numbers(tag)
    done, service_order = fulfilled(ordering, services, orchestrate,
                                    new_subscription(customer, prepaid_account, msisdn, iccid))
    assert service_types(service_order) == ["chargingProfile", "hlrHssProvisioning", "numberAllocation",
                                            "simActivation"]
    items = {item["id"]: item for item in service_order["serviceOrderItem"]}
    assert {link["orderItem"]["id"] for link in items["1-hlr"]["serviceOrderItemRelationship"]} == {"1-number", "2-sim"}
    assert {item["state"] for item in items.values()} == {"completed"}
    installed = products_of(inventory, done)
    assert characteristic(installed["1"], "MSISDN") == msisdn and characteristic(installed["2"], "ICCID") == iccid
    for item in done["productOrderItem"]:  # each completed add item names the product it created
        assert item["product"]["id"] == installed[item["id"]]["id"]
        assert item["product"]["href"].endswith(f"/product/{installed[item['id']]['id']}")
        assert item["product"]["productCharacteristic"]  # what the client sent is kept
    assert [milestone["name"] for milestone in done["milestone"]] == [
        "serviceOrderSubmitted", "itemCompleted", "itemCompleted", "fulfilmentEnded"]


def test_2_suspension_and_resumption_reprovision_hlr_and_charging(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan = subscription["plan"]
    _, suspension = fulfilled(ordering, services, orchestrate, order(customer, modify("1", plan["id"],
                                                                                      status="suspended")))
    assert service_types(suspension) == ["chargingProfile", "hlrHssProvisioning"]
    assert {item["action"] for item in suspension["serviceOrderItem"]} == {"modify"}
    assert product(inventory, plan["id"])["status"] == "suspended"
    fulfilled(ordering, services, orchestrate, order(customer, modify("1", plan["id"], status="active")))
    assert product(inventory, subscription["sim"]["id"])["status"] == "active"


def test_3_sim_change_activates_the_new_sim_and_updates_the_hlr(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription, tag: str,
) -> None:
    _, new_iccid = numbers(tag, "new-sim")
    sim = subscription["sim"]
    body = order(customer, modify("1", sim["id"], productCharacteristic=[{"name": "ICCID", "value": new_iccid}]))
    _, service_order = fulfilled(ordering, services, orchestrate, body)
    assert service_types(service_order) == ["hlrHssProvisioning", "simActivation"]
    activation = next(item for item in service_order["serviceOrderItem"]
                      if item["service"]["serviceType"] == "simActivation")
    assert {"name": "ICCID", "value": new_iccid} in activation["service"]["serviceCharacteristic"]
    assert characteristic(product(inventory, sim["id"]), "ICCID") == new_iccid


def test_4_relocation_updates_the_subscriber_address(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription,
) -> None:
    place = [{"role": "installationAddress", "id": "place-2", "@referredType": "GeographicAddress"}]
    _, service_order = fulfilled(ordering, services, orchestrate,
                                 order(customer, modify("1", subscription["plan"]["id"], place=place)))
    assert service_types(service_order) == ["addressUpdate"]
    assert product(inventory, subscription["plan"]["id"])["place"] == place


def test_5_a_vas_is_provisioned_after_its_plan_and_deprovisioned_on_removal(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription,
) -> None:
    done, service_order = fulfilled(ordering, services, orchestrate, order(customer, add(
        "1", "roaming-pack", relies_on_product=subscription["plan"]["id"], zone="EU")))
    assert service_types(service_order) == ["featureProvisioning"]
    assert {"name": "zone", "value": "EU"} in service_order["serviceOrderItem"][0]["service"]["serviceCharacteristic"]
    vas = products_of(inventory, done)["1"]
    _, removal = fulfilled(ordering, services, orchestrate, order(customer, delete("1", vas["id"])))
    assert [item["action"] for item in removal["serviceOrderItem"]] == ["delete"]
    assert product(inventory, vas["id"])["status"] == "terminated"


def test_6_devices_are_shipped_changed_and_returned_through_device_logistics(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription,
) -> None:
    done, shipped = fulfilled(ordering, services, orchestrate, order(customer, add(
        "1", "smartphone-a", relies_on_product=subscription["plan"]["id"], colour="black")))
    device = products_of(inventory, done)["1"]
    _, changed = fulfilled(ordering, services, orchestrate,
                           order(customer, modify("1", device["id"], offering="smartphone-b")))
    _, returned = fulfilled(ordering, services, orchestrate, order(customer, delete("1", device["id"])))
    assert [service_types(each) for each in (shipped, changed, returned)] == [["deviceLogistics"]] * 3
    assert [each["serviceOrderItem"][0]["action"] for each in (shipped, changed, returned)] == [
        "add", "modify", "delete"]
    assert product(inventory, device["id"])["status"] == "terminated"


def test_7_port_in_uses_the_porting_service_and_port_out_releases_the_number_to_the_recipient(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], prepaid_account: dict[str, Any], tag: str,
) -> None:
    msisdn, iccid = numbers(tag, "ported")
    body = new_subscription(customer, prepaid_account, msisdn, iccid, donorOperator="Blue", portingCode="PX4711AB")
    done, port_in = fulfilled(ordering, services, orchestrate, body)
    assert service_types(port_in) == ["chargingProfile", "hlrHssProvisioning", "numberPorting", "simActivation"]
    porting = next(item for item in port_in["serviceOrderItem"] if item["service"]["serviceType"] == "numberPorting")
    assert {"name": "donorOperator", "value": "Blue"} in porting["service"]["serviceCharacteristic"]
    plan = products_of(inventory, done)["1"]
    _, port_out = fulfilled(ordering, services, orchestrate, order(customer, delete(
        "1", plan["id"], terminationReason="portOut", recipientOperator="Green")))
    assert service_types(port_out) == ["chargingProfile", "hlrHssProvisioning", "numberPorting"]
    assert product(inventory, plan["id"])["status"] == "terminated"


def test_8_prepaid_to_postpaid_reprovisions_hlr_and_charging(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription, postpaid_account: dict[str, Any],
) -> None:
    plan = subscription["plan"]
    _, service_order = fulfilled(ordering, services, orchestrate, order(customer, modify(
        "1", plan["id"], offering="postpaid-s", account=postpaid_account)))
    assert service_types(service_order) == ["chargingProfile", "hlrHssProvisioning"]
    changed = product(inventory, plan["id"])
    assert changed["productOffering"]["id"] == "postpaid-s"
    assert changed["billingAccount"]["id"] == postpaid_account["id"]


def test_9_plan_change_reprovisions_hlr_and_charging(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], subscription: Subscription,
) -> None:
    plan = subscription["plan"]
    _, service_order = fulfilled(ordering, services, orchestrate,
                                 order(customer, modify("1", plan["id"], offering="prepaid-plus")))
    assert service_types(service_order) == ["chargingProfile", "hlrHssProvisioning"]
    assert product(inventory, plan["id"])["productOffering"]["id"] == "prepaid-plus"


def test_10_a_data_pool_is_provisioned_before_its_members_and_members_join_and_leave(
    ordering: ApiClient, services: ApiClient, inventory: ApiClient, orchestrate: Orchestrate,
    customer: dict[str, Any], postpaid_account: dict[str, Any], tag: str,
) -> None:
    plans = {}
    for name in ("donor", "member1", "member2"):
        done, _ = fulfilled(ordering, services, orchestrate, new_subscription(
            customer, postpaid_account, *numbers(tag, name), plan="postpaid-l"))
        plans[name] = products_of(inventory, done)["1"]
    created, provisioning = fulfilled(ordering, services, orchestrate, order(
        customer, add("pool", "data-pool", relies_on_product=plans["donor"]["id"], poolSize=20),
        add("m1", "data-pool-member", member_of="pool", relies_on_product=plans["member1"]["id"], allocation=10)))
    items = {item["id"]: item for item in provisioning["serviceOrderItem"]}
    assert service_types(provisioning) == ["dataPoolProvisioning", "dataPoolProvisioning"]
    assert [link["orderItem"]["id"] for link in items["m1-pool"]["serviceOrderItemRelationship"]] == ["pool-pool"]
    pool = products_of(inventory, created)["pool"]
    joined, _ = fulfilled(ordering, services, orchestrate, order(customer, add(
        "1", "data-pool-member", member_of_product=pool["id"], relies_on_product=plans["member2"]["id"],
        allocation=5)))
    membership = products_of(inventory, joined)["1"]
    fulfilled(ordering, services, orchestrate, order(customer, delete("1", membership["id"])))
    assert product(inventory, membership["id"])["status"] == "terminated"
