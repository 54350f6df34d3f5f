"""`oda-cms reconcile --billing URL`: compare the component's resources with the billing replica.

Compared kinds: customers, billing accounts, product orders and installed products (those the
component holds or the replica reports). A difference is a resource missing from the replica, one the
replica holds that the component does not (deleted, or never existed), or one whose documents differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from sqlalchemy import select

from component.billing.registration import BILLING_KINDS
from component.store.database import Database
from component.store.tables import resource


@dataclass(frozen=True)
class Difference:
    kind: str
    id: str
    problem: str  # "missing in billing", "unknown to the component", "differs"

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.problem}"


def replica_url(billing: str) -> str:
    parts = urlsplit(billing)
    return f"{parts.scheme}://{parts.netloc}/replica"


def fetch_replica(billing: str, timeout: float = 30.0) -> dict[str, dict[str, Any]]:
    response = requests.get(replica_url(billing), timeout=timeout)
    response.raise_for_status()
    return response.json()


def component_state(database: Database, kinds: tuple[str, ...] = BILLING_KINDS) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {kind: {} for kind in kinds}
    with database.read() as connection:
        for row in connection.execute(select(resource.c.kind, resource.c.id, resource.c.document)
                                      .where(resource.c.kind.in_(kinds))):
            state[row.kind][row.id] = row.document
    return state


def differences(component: dict[str, dict[str, Any]], replica: dict[str, dict[str, Any]],
                kinds: tuple[str, ...] = BILLING_KINDS) -> list[Difference]:
    found: list[Difference] = []
    for kind in kinds:
        ours, theirs = component.get(kind, {}), replica.get(kind, {})
        for identifier in sorted(set(ours) | set(theirs)):
            if identifier not in theirs:
                found.append(Difference(kind, identifier, "missing in billing"))
            elif identifier not in ours:
                found.append(Difference(kind, identifier, "unknown to the component"))
            elif ours[identifier] != theirs[identifier]:
                found.append(Difference(kind, identifier, "differs"))
    return found


def reconcile(database: Database, billing: str) -> list[Difference]:
    return differences(component_state(database), fetch_replica(billing))
