"""Pure orchestration rules without a database: catalogue decomposition, roll-up of item and order
states, the network simulator's decisions and its configuration, the service order state tables."""

from __future__ import annotations

from typing import Any

import pytest

from component.catalog.yaml_catalog import DEFAULT_CATALOG_FILE, load_catalog
from component.domain.ordering.decomposition import decompose
from component.domain.ordering.rollup import item_progress, order_outcome
from component.domain.service_ordering.states import outcome_of
from component.orchestration.simulator import FAIL, HOLD, SimulatorConfig, SimulatorConfigError

PLAN = {"id": "plan-1", "status": "active", "productSpecification": {"id": "prepaid-plan"},
        "productOffering": {"id": "prepaid-start"}, "productCharacteristic": [{"name": "MSISDN", "value": "4477"}]}


class Base:
    """An installed base holding one plan."""

    def product(self, product_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
        return dict(PLAN) if product_id == PLAN["id"] else None


def decomposed(*items: dict[str, Any]) -> dict[str, Any]:
    catalogue = load_catalog(str(DEFAULT_CATALOG_FILE))
    order = {"id": "po-1", "href": "/po/po-1", "productOrderItem": list(items)}
    result = decompose(order, catalogue, catalogue.service_mapping, Base())  # type: ignore[arg-type]
    assert result.body is not None
    return result.body


def by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in body["serviceOrderItem"]}


def test_a_new_subscription_makes_hlr_wait_for_the_number_and_the_sim_of_the_item_relying_on_it() -> None:
    body = decomposed(
        {"id": "1", "action": "add", "productOffering": {"id": "prepaid-start"},
         "product": {"productCharacteristic": [{"name": "MSISDN", "value": "447700"}]}},
        {"id": "2", "action": "add", "productOffering": {"id": "sim-card"},
         "productOrderItemRelationship": [{"id": "1", "relationshipType": "reliesOn"}],
         "product": {"productCharacteristic": [{"name": "ICCID", "value": "8944"}]}})
    items = by_id(body)
    assert set(items) == {"1-number", "1-hlr", "1-charging", "2-sim"}
    assert [link["orderItem"]["id"] for link in items["1-hlr"]["serviceOrderItemRelationship"]] == ["1-number",
                                                                                                     "2-sim"]
    assert body["externalId"] == "po-1" and body["orderRelationship"][0]["@referredType"] == "ProductOrder"


def test_a_modify_is_mapped_by_what_changes_on_the_installed_product() -> None:
    relocation = by_id(decomposed({"id": "1", "action": "modify", "product": {"id": "plan-1", "place": [{"id": "x"}]}}))
    assert [item["service"]["serviceType"] for item in relocation.values()] == ["addressUpdate"]
    suspension = by_id(decomposed({"id": "1", "action": "modify", "product": {"id": "plan-1", "status": "suspended"}}))
    assert {item["service"]["serviceType"] for item in suspension.values()} == {"hlrHssProvisioning",
                                                                                "chargingProfile"}
    msisdn = suspension["1-hlr"]["service"]["serviceCharacteristic"]
    assert msisdn == [{"name": "MSISDN", "value": "4477"}]  # taken from the installed product


def test_an_item_no_rule_maps_needs_no_service_order() -> None:
    catalogue = load_catalog(str(DEFAULT_CATALOG_FILE))
    order = {"id": "po", "productOrderItem": [{"id": "1", "action": "noChange", "product": {"id": "plan-1"}}]}
    assert decompose(order, catalogue, catalogue.service_mapping, Base()).body is None  # type: ignore[arg-type]


ORDER = {"productOrderItem": [{"id": "1", "state": "inProgress"},
                              {"id": "2", "state": "inProgress",
                               "productOrderItemRelationship": [{"id": "1", "relationshipType": "reliesOn"}]}]}
ITEMS = {"1-a": "1", "2-a": "2"}


def service_order(first: str, second: str, reason: str = "") -> dict[str, Any]:
    return {"serviceOrderItem": [{"id": "1-a", "state": first, "errorMessage": [{"reason": reason}]},
                                 {"id": "2-a", "state": second}]}


def test_an_item_completes_only_after_the_items_it_relies_on() -> None:
    assert item_progress(ORDER, ITEMS, service_order("inProgress", "completed"))["2"].state == "inProgress"
    assert {key: value.state for key, value in item_progress(
        ORDER, ITEMS, service_order("completed", "completed")).items()} == {"1": "completed", "2": "completed"}


def test_an_item_relying_on_a_failed_item_fails_with_it() -> None:
    progress = item_progress(ORDER, ITEMS, service_order("failed", "completed", "no coverage"))
    assert progress["1"].state == "failed" and "no coverage" in str(progress["1"].reason)
    assert progress["2"].state == "failed" and "relies on item '1'" in str(progress["2"].reason)


def test_a_held_service_holds_its_item_with_the_reason() -> None:
    progress = item_progress(ORDER, ITEMS, service_order("held", "acknowledged", "maintenance"))
    assert progress["1"].state == "held" and "maintenance" in str(progress["1"].reason)


@pytest.mark.parametrize("states, outcome", [
    (["completed", "completed"], "completed"), (["completed", "failed"], "partial"),
    (["failed", "cancelled"], "failed"), (["completed", "inProgress"], None),
])
def test_an_order_ends_completed_partial_or_failed_once_every_item_is_final(states: list[str],
                                                                          outcome: str | None) -> None:
    assert order_outcome(states) == outcome


def test_a_service_order_whose_items_were_all_cancelled_is_cancelled() -> None:
    assert outcome_of(["cancelled", "cancelled"]) == "cancelled"
    assert outcome_of(["completed", "failed"]) == "partial"


def test_simulator_rules_come_first_and_stops_are_not_repeated_after_resuming() -> None:
    config = SimulatorConfig.from_mapping({"rules": [
        {"characteristic": "MSISDN", "pattern": "13$", "outcome": "fail", "reason": "blocked"},
        {"serviceType": "hlrHssProvisioning", "outcome": "hold", "reason": "window", "seconds": 60}]})
    item = {"id": "1", "service": {"serviceType": "hlrHssProvisioning",
                                   "serviceCharacteristic": [{"name": "MSISDN", "value": "447700"}]}}
    assert config.decide("so", item).outcome == HOLD
    assert config.decide("so", item, resumed=True).outcome == "complete"
    item["service"]["serviceCharacteristic"][0]["value"] = "447713"
    assert config.decide("so", item).outcome == FAIL


def test_a_failure_rate_decides_the_same_way_every_time_for_an_item() -> None:
    config = SimulatorConfig.from_mapping({"default": {"failureRate": 0.5}})
    outcomes = {config.decide("so", {"id": str(index), "service": {}}).outcome for index in range(40)}
    assert outcomes == {"complete", FAIL}
    assert all(config.decide("so", {"id": "7", "service": {}}) == config.decide("so", {"id": "7", "service": {}})
               for _ in range(3))


@pytest.mark.parametrize("raw", [{"default": {"failureRate": 2}}, {"rules": [{"outcome": "explode"}]},
                                 {"rules": [{"outcome": "fail", "pattern": "("}]}])
def test_an_unusable_simulator_configuration_is_refused(raw: dict[str, Any]) -> None:
    with pytest.raises(SimulatorConfigError):
        SimulatorConfig.from_mapping(raw)
