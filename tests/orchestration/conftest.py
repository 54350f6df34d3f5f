"""Fixtures of the orchestration tests: the product-ordering fixtures (live server per backend, customer,
accounts, installed subscription), a TMF641 client, and an orchestrator run as of a moment with a
network simulator the test configures.

Simulator rules here only match numbers no other test uses (MSISDNs starting 4479, `special_numbers`),
so orders of other tests sharing the server's database are never affected by them.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from component.bootstrap.environment import settings_from_env
from component.orchestration import run_until_idle
from component.orchestration.simulator import SimulatorConfig
from component.service import Registry
from tests.api.product_ordering.conftest import (  # noqa: F401 - fixtures shared with the TMF622 tests
    ORDERING_ROOT,
    catalog,
    fulfil,
    inventory,
    place_order,
    postpaid_account,
    prepaid_account,
    subscription,
)
from tests.support.live_server import ApiClient, LiveServer

SERVICE_ORDERING_ROOT = "/tmf-api/serviceOrdering/v4"
JEOPARDY_SECONDS = 3600.0

# Outcomes keyed on numbers only these tests produce (special_numbers): 4479...13 fails HLR provisioning,
# 4479...66 is held, 4479...77 is pending; roaming to the World zone fails feature provisioning.
SIMULATOR = SimulatorConfig.from_mapping({
    "rules": [
        {"serviceType": "hlrHssProvisioning", "characteristic": "MSISDN", "pattern": "^4479[0-9]*13$",
         "outcome": "fail", "reason": "HLR refused the number"},
        {"serviceType": "hlrHssProvisioning", "characteristic": "MSISDN", "pattern": "^4479[0-9]*66$",
         "outcome": "hold", "reason": "HLR maintenance window", "seconds": 600},
        {"serviceType": "numberAllocation", "characteristic": "MSISDN", "pattern": "^4479[0-9]*77$",
         "outcome": "pending", "reason": "the number needs a manual check", "seconds": 300},
        {"serviceType": "featureProvisioning", "characteristic": "zone", "pattern": "^World$",
         "outcome": "fail", "reason": "no roaming agreement"},
    ],
})

Orchestrate = Callable[..., int]


def special_numbers(tag: str, ending: str) -> tuple[str, str]:
    """An MSISDN starting 4479 and ending `ending` (a simulator rule), and an ICCID, unique to a test."""
    seed = zlib.crc32(f"special{tag}{ending}".encode())
    return f"4479{seed % 10**7:07d}{ending}", f"8945{seed % 10**15:015d}"


@pytest.fixture
def services(server: LiveServer) -> ApiClient:
    return ApiClient(server.root + SERVICE_ORDERING_ROOT)


@pytest.fixture
def orchestrate(server: LiveServer, registry: Registry) -> Orchestrate:
    """Run the orchestrator until idle as of `now` with the tests' simulator and `delays` per service type."""

    def run(now: datetime | None = None, *, delays: dict[str, float] | None = None) -> int:
        simulator = SIMULATOR
        if delays:
            simulator = SimulatorConfig.from_mapping({
                "serviceTypes": {name: {"delaySeconds": seconds} for name, seconds in delays.items()},
                "rules": [rule_mapping(rule) for rule in SIMULATOR.rules],
            })
        settings = settings_from_env(orchestration_jeopardy=JEOPARDY_SECONDS)
        return run_until_idle(server.component.root.orchestrator(settings=settings, simulator=simulator), now)

    return run


def rule_mapping(rule: Any) -> dict[str, Any]:
    return {"serviceType": rule.service_type, "characteristic": rule.characteristic,
            "pattern": rule.pattern.pattern if rule.pattern else None, "outcome": rule.outcome,
            "reason": rule.reason, "seconds": rule.seconds}


def service_order_of(services: ApiClient, product_order: dict[str, Any]) -> dict[str, Any]:
    """The one service order fulfilling a product order, found through the order's reference."""
    [reference] = product_order["serviceOrder"]
    response = services.get(f"serviceOrder/{reference['id']}")
    assert response.status_code == 200, response.text
    return response.json()


def service_types(service_order: dict[str, Any]) -> list[str]:
    return sorted(item["service"]["serviceType"] for item in service_order["serviceOrderItem"])


def fulfilled(client: ApiClient, services: ApiClient, orchestrate: Orchestrate,
              body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Place an order and orchestrate it to completion: (product order, its completed service order)."""
    created = place_order(client, body)
    orchestrate()
    done = client.get(f"productOrder/{created['id']}").json()
    assert done["state"] == "completed", done
    service_order = service_order_of(services, done)
    assert service_order["state"] == "completed"
    assert service_order["externalId"] == done["id"]
    assert service_order["orderRelationship"][0]["id"] == done["id"]
    return done, service_order
