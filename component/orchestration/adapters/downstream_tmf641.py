"""The downstream fulfilment adapter: service orders go to a TMF641 at a dependent-API URL
(`DependentApis`, the file the operator writes; name DOWNSTREAM_SERVICE_ORDERING, default
`serviceOrdering`).

- submit: the order is looked up by `externalId` (the product order id) and POSTed only when the
  downstream does not have it yet, so a worker killed between the POST and the commit of its step
  submits once;
- follow: once per process this component registers its listener on the downstream hub (one
  subscription per event type, `eventType=...` queries, callbacks `<PUBLIC_BASE_URL>/listener/<event>`;
  needs PUBLIC_BASE_URL). Received ServiceOrder events (`component.events.listener`) store the order's
  latest document on the product order's job and wake it, in the receipt's transaction. Without news
  for ORCHESTRATION_POLL_SECONDS the job GETs the order (the polling fallback);
- cancel: POST cancelServiceOrder (an order already cancelled counts as done; a 409 is a refusal).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

import requests
from sqlalchemy import Connection, select, update

from component.dependencies import DependentApis
from component.domain.kernel.clock import SystemClock, isoformat
from component.domain.kernel.documents import with_absolute_hrefs, without_path_hrefs
from component.domain.service_ordering.execution import Reference
from component.events.listener import Consumers
from component.service import Transaction
from component.settings import Settings
from component.store import jobs
from component.store.database import Database
from component.store.tables import job

log = logging.getLogger(__name__)
EVENT_TYPES = ("ServiceOrderStateChangeEvent", "ServiceOrderAttributeValueChangeEvent")
REGISTRATION_KIND = "downstream-hub"
TIMEOUT_SECONDS = 10.0


class DownstreamUnavailable(RuntimeError):
    """No ready downstream TMF641, or it answered unexpectedly; the step is retried later."""


class DownstreamServiceOrders:
    name = "downstream"

    def __init__(self, settings: Settings, database: Database, dependencies: DependentApis) -> None:
        self.settings = settings
        self.database = database
        self.poll_seconds = settings.orchestration_poll
        self.dependencies = dependencies
        self._session = requests.Session()
        self._registered: set[str] = set()
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- submit
    def prepare_submit(self, key: str, body: Mapping[str, Any]) -> Any:
        root = self._root()
        self._ensure_listener(root)
        found = self._call("GET", f"{root}/serviceOrder", params={"externalId": key, "limit": 1})
        if found:
            return found[0]
        return self._call("POST", f"{root}/serviceOrder", json=self._absolute_hrefs(body), expected=(201,))

    def _absolute_hrefs(self, body: Mapping[str, Any]) -> Any:
        """The order as another system must read it: this component stores hrefs as paths, made absolute with
        PUBLIC_BASE_URL (the same rendering as responses and events), or left out when it is not set."""
        if self.settings.public_base_url:
            return with_absolute_hrefs(dict(body), self.settings.public_base_url)
        return without_path_hrefs(dict(body))

    def submit(self, work: Transaction, key: str, body: Mapping[str, Any], prepared: Any) -> dict[str, Any]:
        return {"id": prepared["id"], "href": prepared.get("href"), "observed": prepared}

    # ---------------------------------------------------------------- follow
    def prepare_observe(self, reference: Reference, payload: Mapping[str, Any]) -> Any:
        if payload.get("observed_version", 0) != payload.get("seen_version", 0):
            return None  # an event brought news since the last step
        root = self._root()
        self._ensure_listener(root)
        return self._call("GET", f"{root}/serviceOrder/{reference['id']}")

    def observe(self, work: Transaction, reference: Reference, payload: dict[str, Any],
                prepared: Any) -> Mapping[str, Any] | None:
        if prepared is not None and payload.get("observed_version", 0) == payload.get("seen_version", 0):
            payload["observed"] = prepared
        payload["seen_version"] = payload.get("observed_version", 0)
        return payload.get("observed")

    # ---------------------------------------------------------------- cancel
    def prepare_cancel(self, reference: Reference, reason: str | None) -> Any:
        root = self._root()
        current = self._call("GET", f"{root}/serviceOrder/{reference['id']}")
        if current.get("state") == "cancelled":
            return None
        body: dict[str, Any] = {"serviceOrder": {"id": reference["id"], "@referredType": "ServiceOrder"}}
        if reason:
            body["cancellationReason"] = reason
        response = self._session.post(f"{root}/cancelServiceOrder", json=body, timeout=TIMEOUT_SECONDS)
        if response.status_code == 409:
            return _message(response) or "the downstream service order can no longer be cancelled"
        if response.status_code != 201:
            raise DownstreamUnavailable(f"POST cancelServiceOrder answered {response.status_code}: "
                                        f"{response.text[:200]}")
        request = response.json()
        if request.get("state") == "done":
            return None
        return str((request.get("errorMessage") or {}).get("message") or f"cancellation {request.get('state')}")

    def cancel(self, work: Transaction, reference: Reference, reason: str | None, prepared: Any) -> str | None:
        return prepared

    # ---------------------------------------------------------------- plumbing
    def _root(self) -> str:
        url = self.dependencies.url(self.settings.downstream_service_ordering)
        if url is None:
            raise DownstreamUnavailable(f"no ready dependent API {self.settings.downstream_service_ordering!r} "
                                        "(DEPENDENT_APIS_FILE)")
        return url.rstrip("/")

    def _call(self, method: str, url: str, *, expected: tuple[int, ...] = (200,), **options: Any) -> Any:
        try:
            response = self._session.request(method, url, timeout=TIMEOUT_SECONDS, **options)
        except requests.RequestException as error:
            raise DownstreamUnavailable(f"{method} {url}: {error}") from error
        if response.status_code not in expected:
            raise DownstreamUnavailable(f"{method} {url} answered {response.status_code}: {response.text[:200]}")
        return response.json()

    def _ensure_listener(self, root: str) -> None:
        """Subscribe our listener to the downstream hub once (remembered in the job table)."""
        if root in self._registered:
            return
        with self._lock:
            if root in self._registered:
                return
            base = self.settings.public_base_url
            if not base:
                log.warning("PUBLIC_BASE_URL is not set: following downstream service orders by polling only")
                self._registered.add(root)
                return
            for event_type in EVENT_TYPES:
                key = f"{REGISTRATION_KIND}:{root}:{event_type}"
                with self.database.read() as connection:
                    if jobs.find(connection, key) is not None:
                        continue
                listener = f"{base}{self.settings.path_prefix}/listener/{event_type[0].lower()}{event_type[1:]}"
                subscription = self._call("POST", f"{root}/hub", expected=(201,),
                                          json={"callback": listener, "query": f"eventType={event_type}"})
                now = isoformat(SystemClock().now())
                with self.database.write() as connection:
                    jobs.enqueue(connection, REGISTRATION_KIND, key, {"subscription": subscription.get("id")}, now)
                    connection.execute(update(job).where(job.c.key == key).values(state=jobs.DONE))
            self._registered.add(root)


def on_service_order_event(event: Mapping[str, Any], connection: Connection) -> None:
    """A downstream ServiceOrder event: keep the order's latest document on the product order's job and
    wake it (in the listener's transaction; an unknown order is ignored)."""
    from component.orchestration.product_order_steps import job_key

    body = event.get("event") or event.get("payload") or {}
    order = body.get("serviceOrder") if isinstance(body, Mapping) else None
    if not isinstance(order, Mapping) or not order.get("externalId"):
        return
    key = job_key(str(order["externalId"]))
    query = select(job.c.payload).where(job.c.key == key, job.c.state == jobs.DUE)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()  # a step running on this job finishes first: its payload is not lost
    row = connection.execute(query).first()
    if row is None or (row.payload.get("serviceOrder") or {}).get("id") != order.get("id"):
        return
    payload = dict(row.payload)
    payload["observed"] = dict(order)
    payload["observed_version"] = payload.get("observed_version", 0) + 1
    connection.execute(update(job).where(job.c.key == key).values(payload=payload, next_run_at=event["eventTime"]))


def register_consumers(consumers: Consumers) -> None:
    """Subscribe the consumer to the received ServiceOrder events."""
    for event_type in EVENT_TYPES:
        consumers.subscribe(event_type, on_service_order_event)


def _message(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return str(body.get("message")) if isinstance(body, dict) and body.get("message") else None
