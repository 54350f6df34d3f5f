"""The built-in fulfilment adapter: service orders are this component's own TMF641 resources, created
in the product order step's transaction and executed by the network simulator
(`component.orchestration.service_order_execution`). Everything happens inside transactions, so the
`prepare_*` halves do nothing and exactly-once submission follows from the step's atomicity (plus a
lookup by externalId, in case a service order for the product order exists already).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from component.domain.kernel.errors import DomainError
from component.domain.kernel.query import Filter
from component.domain.service_ordering.execution import Reference
from component.domain.service_ordering.states import TASK_DONE
from component.orchestration.service_order_execution import KIND, job_key
from component.service import Transaction
from component.store import jobs

SERVICE_ORDER, CANCEL_SERVICE_ORDER = "ServiceOrder", "CancelServiceOrder"


class LocalServiceOrders:
    name = "simulator"
    poll_seconds = None

    def prepare_submit(self, key: str, body: Mapping[str, Any]) -> Any:
        return None

    def submit(self, work: Transaction, key: str, body: Mapping[str, Any], prepared: Any) -> dict[str, Any]:
        existing = work.find_all(SERVICE_ORDER, Filter("externalId", (key,)), limit=1)
        document = existing[0] if existing else work.create(SERVICE_ORDER, body)
        jobs.enqueue(work.connection, KIND, job_key(document["id"]), {}, work.now)
        return {"id": document["id"], "href": document["href"]}

    def prepare_observe(self, reference: Reference, payload: Mapping[str, Any]) -> Any:
        return None

    def observe(self, work: Transaction, reference: Reference, payload: dict[str, Any],
                prepared: Any) -> Mapping[str, Any] | None:
        return work.find(SERVICE_ORDER, str(reference["id"]))

    def prepare_cancel(self, reference: Reference, reason: str | None) -> Any:
        return None

    def cancel(self, work: Transaction, reference: Reference, reason: str | None, prepared: Any) -> str | None:
        body: dict[str, Any] = {"serviceOrder": {"id": reference["id"], "@referredType": "ServiceOrder"}}
        if reason:
            body["cancellationReason"] = reason
        try:
            request = work.create(CANCEL_SERVICE_ORDER, body)
        except DomainError as error:
            return error.message
        if request.get("state") == TASK_DONE:
            return None
        return str((request.get("errorMessage") or {}).get("message") or "the network refused the cancellation")
