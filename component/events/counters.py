"""Delivery counters kept in the database (`delivery_counter`), so every process reports the same totals.

Names: `delivered`, `retried` (failed attempts that will be tried again), `dead_lettered`, and the
delivery latency (event queued -> delivered) as histogram buckets `latency_le_<bound>` (not
cumulative: each delivery counts in its smallest bucket) with `latency_sum_ms` and `latency_count`.
Increments are upserts in a fixed name order, so concurrent workers never deadlock on them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from component.store.tables import delivery_counter

LATENCY_BOUNDS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)
INFINITY = "inf"


def bucket_name(bound: float | str) -> str:
    return f"latency_le_{bound}"


def latency_increments(seconds: float) -> dict[str, int]:
    """The counter increments for one delivery that took `seconds` from event to receipt."""
    bound: float | str = next((bound for bound in LATENCY_BOUNDS if seconds <= bound), INFINITY)
    return {bucket_name(bound): 1, "latency_count": 1, "latency_sum_ms": round(seconds * 1000)}


def add(connection: Connection, increments: Mapping[str, int]) -> None:
    """Add `increments` to the named counters (creating them at zero first)."""
    upsert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    for name in sorted(increments):
        amount = increments[name]
        if not amount:
            continue
        statement = upsert(delivery_counter).values(name=name, value=amount)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[delivery_counter.c.name], set_={"value": delivery_counter.c.value + amount}))


def read(connection: Connection) -> dict[str, int]:
    return {row.name: int(row.value) for row in connection.execute(select(delivery_counter))}
