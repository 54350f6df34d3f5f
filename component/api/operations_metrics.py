"""Order, job and ticket metrics for /metrics, read from the database at scrape time (like the delivery
metrics, so any API process tells the truth whichever process did the work)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Connection, func, select, text

from component.domain.kernel.clock import isoformat, parse_instant
from component.store.database import Database
from component.store.tables import job, resource

log = logging.getLogger(__name__)
COUNTED_KINDS = ("ProductOrder", "ServiceOrder", "CancelProductOrder", "TroubleTicket")
OPEN_ORDER = ("acknowledged", "held", "pending", "inProgress", "assessingCancellation", "pendingCancellation")
CLOSED_TICKET = ("resolved", "closed", "cancelled", "rejected")


class OperationsCollector(Collector):
    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("odacms_operations_metrics_up", "1 when the order, job and ticket metrics could be read")
        try:
            with self.database.read() as connection:
                families = list(self._families(connection))
        except Exception:  # noqa: BLE001 - /metrics must answer even when the database does not
            log.exception("operations metrics unavailable")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, connection: Connection) -> Iterator[GaugeMetricFamily]:
        by_state = GaugeMetricFamily("odacms_resources", "Orders and tickets by kind and state",
                                     labels=["kind", "state"])
        for kind, state, count in connection.execute(
                select(resource.c.kind, resource.c.state, func.count()).where(resource.c.kind.in_(COUNTED_KINDS))
                .group_by(resource.c.kind, resource.c.state)):
            by_state.add_metric([kind, state or ""], count)
        yield by_state
        postgres = connection.dialect.name == "postgresql"
        def field(name: str) -> str:
            return f"document->>'{name}'" if postgres else f"json_extract(document, '$.{name}')"

        jeopardy = connection.execute(_in_clause(field("jeopardyAlert"), "ProductOrder", OPEN_ORDER,
                                                 negate=False)).scalar_one()
        yield _gauge("odacms_product_orders_in_jeopardy", "Open product orders carrying a jeopardy alert", jeopardy)
        priority = GaugeMetricFamily("odacms_open_tickets", "Open trouble tickets by priority", labels=["priority"])
        for value, count in connection.execute(_by_priority(field("priority"))):
            priority.add_metric([str(value or "")], count)
        yield priority
        breached = connection.execute(_in_clause(field("slaBreached"), "TroubleTicket", CLOSED_TICKET, negate=True,
                                                 value="true" if postgres else "1")).scalar_one()
        yield _gauge("odacms_open_tickets_sla_breached", "Open trouble tickets past their SLA", breached)
        jobs = GaugeMetricFamily("odacms_jobs", "Durable jobs (orchestration steps) by kind and state",
                                 labels=["kind", "state"])
        for kind, state, count in connection.execute(
                select(job.c.kind, job.c.state, func.count()).group_by(job.c.kind, job.c.state)):
            jobs.add_metric([kind, state], count)
        yield jobs
        now = datetime.now().astimezone()
        age = GaugeMetricFamily("odacms_job_oldest_due_seconds", "How long the oldest due job has been waiting",
                                labels=["kind"])
        for kind, oldest in connection.execute(
                select(job.c.kind, func.min(job.c.next_run_at))
                .where(job.c.state == "due", job.c.next_run_at <= isoformat(now)).group_by(job.c.kind)):
            age.add_metric([kind], max((now - parse_instant(oldest)).total_seconds(), 0.0))
        yield age


def _in_clause(field: str, kind: str, states: tuple[str, ...], *, negate: bool, value: str | None = None) -> object:
    placeholders = ", ".join(f":s{index}" for index in range(len(states)))
    condition = f"{field} = :value" if value is not None else f"{field} IS NOT NULL"
    statement = text(f"SELECT count(*) FROM resource WHERE kind = :kind AND state {'NOT ' if negate else ''}IN "
                     f"({placeholders}) AND {condition}")
    params = {"kind": kind, **{f"s{index}": state for index, state in enumerate(states)}}
    if value is not None:
        params["value"] = value
    return statement.bindparams(**params)


def _by_priority(field: str) -> object:
    placeholders = ", ".join(f":s{index}" for index in range(len(CLOSED_TICKET)))
    return text(f"SELECT {field}, count(*) FROM resource WHERE kind = 'TroubleTicket' "
                f"AND state NOT IN ({placeholders}) GROUP BY {field}").bindparams(
        **{f"s{index}": state for index, state in enumerate(CLOSED_TICKET)})


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family
