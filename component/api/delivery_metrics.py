"""Delivery metrics for /metrics, read from the database at scrape time.

API and worker processes are separate in production: whichever process delivered, the totals live in
`delivery_counter` and the depth in `delivery`, so any process's /metrics tells the truth. Register
`DeliveryCollector` on the app's `Metrics.registry`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from component.domain.kernel.clock import parse_instant
from component.events import counters
from component.events.fanout import DEAD, PENDING
from component.store.database import Database
from component.store.tables import delivery

log = logging.getLogger(__name__)


class DeliveryCollector(Collector):
    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily | HistogramMetricFamily]:
        up = GaugeMetricFamily("odacms_event_metrics_up", "1 when the delivery metrics could be read")
        try:
            with self.database.read() as connection:
                states = dict(connection.execute(
                    select(delivery.c.state, func.count()).where(delivery.c.state.in_([PENDING, DEAD]))
                    .group_by(delivery.c.state)).all())
                oldest = connection.execute(
                    select(func.min(delivery.c.created_at)).where(delivery.c.state == PENDING)).scalar()
                totals = counters.read(connection)
        except Exception:  # noqa: BLE001 - /metrics must answer even when the database does not
            log.exception("delivery metrics unavailable")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield _gauge("odacms_event_outbox_depth", "Event deliveries waiting to be delivered (pending)",
                     states.get(PENDING, 0))
        yield _gauge("odacms_event_dead_letters", "Event deliveries in the dead-letter list now", states.get(DEAD, 0))
        age = (datetime.now().astimezone() - parse_instant(oldest)).total_seconds()\
            if oldest else 0.0
        yield _gauge("odacms_event_oldest_pending_seconds", "Age of the oldest pending event delivery", max(age, 0.0))
        yield _counter("odacms_event_delivered", "Events delivered to subscribers", totals.get("delivered", 0))
        yield _counter("odacms_event_retried", "Failed delivery attempts that will be retried",
                       totals.get("retried", 0))
        yield _counter("odacms_event_dead_lettered", "Deliveries moved to the dead-letter list",
                       totals.get("dead_lettered", 0))
        yield _latency(totals)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family


def _counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    family = CounterMetricFamily(name, documentation)
    family.add_metric([], value)
    return family


def _latency(totals: dict[str, int]) -> HistogramMetricFamily:
    family = HistogramMetricFamily("odacms_event_delivery_latency_seconds",
                                   "Time from an event being written to its successful delivery")
    cumulative, buckets = 0, []
    for bound in (*counters.LATENCY_BOUNDS, counters.INFINITY):
        cumulative += totals.get(counters.bucket_name(bound), 0)
        buckets.append(("+Inf" if bound == counters.INFINITY else str(bound), cumulative))
    family.add_metric([], buckets, sum_value=totals.get("latency_sum_ms", 0) / 1000)
    return family
