"""The delivery worker: POSTs pending deliveries to subscription callbacks, retries, dead-letters.

One cycle (`run_once`):
1. claim: in one short write transaction, pick up to `batch` due deliveries that are the oldest
   pending one of their (subscription, resource) chain, and stamp them with this cycle's claim token
   and a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent workers take different rows;
   SQLite has a single writer, `BEGIN IMMEDIATE`);
2. deliver: POST each event (its outbox payload, verbatim) in parallel, outside any transaction;
3. record: in one write transaction, mark each claimed row delivered, due again after a backoff, or
   dead once the next attempt would fall beyond the retry horizon; only rows still holding this
   cycle's claim are updated, and the counters behind /metrics move in the same transaction.
A worker killed between 1 and 3 leaves leased rows that another worker claims when the lease ends,
so an event is delivered at least once; a row is only claimed again after its lease expired, so two
live workers do not deliver the same event in the normal case.

Order: a delivery is due only while no earlier delivery of the same resource to the same subscription
is pending, so a StateChange never overtakes the Create it follows; a dead letter no longer blocks.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import Connection, delete, exists, select

from component.domain.kernel.clock import Clock, SystemClock, isoformat, parse_instant
from component.domain.kernel.documents import with_absolute_hrefs
from component.events import counters
from component.events.callback_policy import CallbackPolicy
from component.events.fanout import DEAD, DELIVERED, PENDING
from component.events.guarded_http import guarded_session
from component.events.signing import SIGNATURE_HEADER, sign
from component.store.database import Database
from component.store.tables import delivery, hub_subscription, outbox, subscription_option
from component.store.work_queue import Backoff, WorkQueue

log = logging.getLogger(__name__)
DELIVERIES = WorkQueue(delivery, run_at="next_attempt_at", due_state=PENDING, order=("sequence", "id"))
PRUNE_INTERVAL_SECONDS = 600.0
MAX_ERROR_TEXT = 500


@dataclass(frozen=True)
class Claimed:
    id: int
    sequence: int
    event_id: str
    event_type: str
    attempts: int
    created_at: str
    callback: str
    secret: str | None
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Outcome:
    claimed: Claimed
    status: int | None  # HTTP status, None when no response came
    error: str | None  # None: delivered

    @property
    def delivered(self) -> bool:
        return self.error is None


class DeliveryWorker:
    name = "event-delivery"

    def __init__(self, database: Database, clock: Clock | None = None, *, retry: Backoff | None = None,
                 timeout: float = 10.0, lease: float = 60.0, batch: int = 100, concurrency: int = 8,
                 retention: float = 604_800.0, policy: CallbackPolicy | None = None,
                 public_base_url: str | None = None) -> None:
        self.database = database
        self.public_base_url = public_base_url
        self.policy = policy or CallbackPolicy()
        self.clock = clock or SystemClock()
        self.retry = retry or Backoff()
        self.timeout = timeout
        self.lease = lease
        self.batch = batch
        self.retention = retention
        self._pool = ThreadPoolExecutor(max_workers=max(concurrency, 1), thread_name_prefix="delivery")
        self._sessions = threading.local()
        self._next_prune = 0.0

    def run_once(self) -> bool:
        """Claim, deliver and record one batch; True when there was something to deliver."""
        self._maybe_prune()
        token = uuid.uuid4().hex
        claimed = self.claim(token)
        if not claimed:
            return False
        outcomes = list(self._pool.map(self.attempt, claimed))
        self.record(token, outcomes)
        return True

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def claim(self, token: str) -> list[Claimed]:
        now = self._now()
        lease_until = isoformat(self.clock.now() + timedelta(seconds=self.lease))
        with self.database.write() as connection:
            ids = DELIVERIES.claim(connection, token, now, lease_until, self.batch, where=[~_blocked()])
            if not ids:
                return []
            rows = connection.execute(
                select(delivery.c.id, delivery.c.sequence, delivery.c.event_id, delivery.c.attempts,
                       delivery.c.created_at, hub_subscription.c.callback, subscription_option.c.secret,
                       outbox.c.event_type, outbox.c.payload)
                .join(hub_subscription, hub_subscription.c.id == delivery.c.subscription_id)
                .join(outbox, outbox.c.sequence == delivery.c.sequence)
                .outerjoin(subscription_option, subscription_option.c.subscription_id == delivery.c.subscription_id)
                .where(delivery.c.id.in_(ids))
                .order_by(delivery.c.sequence)
            ).all()
        return [Claimed(row.id, row.sequence, row.event_id, row.event_type, row.attempts, row.created_at,
                        row.callback, row.secret, row.payload) for row in rows]

    def attempt(self, claimed: Claimed) -> Outcome:
        """POST one event to its callback; never raises."""
        payload = claimed.payload
        if self.public_base_url:  # hrefs are stored as paths; receivers get them absolute
            payload = with_absolute_hrefs(payload, self.public_base_url)
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Event-Id": claimed.event_id,
            "X-Event-Type": claimed.event_type,
            "X-Event-Sequence": str(claimed.sequence),
            "X-Delivery-Attempt": str(claimed.attempts),  # counted when claimed
        }
        if claimed.secret:
            headers[SIGNATURE_HEADER] = sign(claimed.secret, body)
        try:
            response = self._session().post(claimed.callback, data=body, headers=headers, timeout=self.timeout,
                                            allow_redirects=False)
        except requests.RequestException as error:
            return Outcome(claimed, None, f"{type(error).__name__}: {error}"[:MAX_ERROR_TEXT])
        if 200 <= response.status_code < 300:
            return Outcome(claimed, response.status_code, None)
        return Outcome(claimed, response.status_code, f"HTTP {response.status_code}: {response.text[:200]}")

    def record(self, token: str, outcomes: list[Outcome]) -> None:
        moment = self.clock.now()
        now = isoformat(moment)
        rows: list[dict[str, Any]] = []
        tally: Counter[str] = Counter()
        for outcome in outcomes:
            claimed = outcome.claimed
            row = {"id": claimed.id, "last_status": outcome.status, "last_error": outcome.error, "state": PENDING,
                   "next_attempt_at": now, "delivered_at": None}
            if outcome.delivered:
                row.update(state=DELIVERED, delivered_at=now)
                tally["delivered"] += 1
                tally.update(counters.latency_increments(_seconds_between(claimed.created_at, moment)))
            else:
                retry_at = self.retry.next_attempt(claimed.attempts, moment, parse_instant(claimed.created_at))
                if retry_at is None:
                    row["state"] = DEAD
                    tally["dead_lettered"] += 1
                    log.warning("event %s to %s dead-lettered after %d attempts: %s", claimed.event_id,
                                claimed.callback, claimed.attempts, outcome.error)
                else:
                    row["next_attempt_at"] = isoformat(retry_at)
                    tally["retried"] += 1
            rows.append(row)
        with self.database.write() as connection:
            DELIVERIES.release_many(connection, token, rows)
            counters.add(connection, tally)

    def prune(self, connection: Connection, before: str) -> int:
        """Forget deliveries delivered before `before` (the counters keep their totals)."""
        result = connection.execute(
            delete(delivery).where(delivery.c.state == DELIVERED, delivery.c.delivered_at < before)
        )
        return result.rowcount or 0

    def _maybe_prune(self) -> None:
        if time.monotonic() < self._next_prune:
            return
        self._next_prune = time.monotonic() + PRUNE_INTERVAL_SECONDS
        before = isoformat(self.clock.now() - timedelta(seconds=self.retention))
        with self.database.write() as connection:
            pruned = self.prune(connection, before)
        if pruned:
            log.info("pruned %d delivered deliveries older than %s", pruned, before)

    def _session(self) -> requests.Session:
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = guarded_session(self.policy)
        return session

    def _now(self) -> str:
        return isoformat(self.clock.now())


def _blocked() -> Any:
    """A delivery waits while an earlier one of its (subscription, resource) chain is pending."""
    earlier = delivery.alias("earlier")
    return exists().where(
        earlier.c.subscription_id == delivery.c.subscription_id,
        earlier.c.resource_key == delivery.c.resource_key,
        earlier.c.state == PENDING,
        earlier.c.sequence < delivery.c.sequence,
    )


def _seconds_between(queued_at: str, moment: datetime) -> float:
    return max((moment - parse_instant(queued_at)).total_seconds(), 0.0)
