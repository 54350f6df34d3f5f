"""The one durable-work engine: due rows of a table claimed with a lease, retried with backoff, given up.

Event delivery (the `delivery` table), orchestration steps and the SLA watch (the `job` table) all run on
it. The protocol:
1. claim: in one short write transaction pick up to `batch` due rows (in the due state, their run time
   reached, no live lease) oldest first, with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has a single
   writer, `BEGIN IMMEDIATE`), and stamp them with a claim token, a lease and one more attempt: an attempt
   is counted when it starts, so one killed mid-way counts too;
2. the work runs; its outcome is written with `release` by the holder of the claim only (a row whose
   lease passed and that another worker claimed is not touched);
3. a failure is retried after `Backoff.delay` (exponential with jitter) until the backoff's horizon or
   attempt limit, then the row goes to its dead state (a dead letter).
A worker killed anywhere leaves at most a leased row, which another worker claims once the lease passed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Connection, Table, bindparam, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

MAX_ERROR_TEXT = 1000


@dataclass(frozen=True)
class Backoff:
    """The n-th failed attempt waits between half and all of min(maximum, base * 2**(n-1)) seconds; work
    first queued more than `horizon` seconds ago, or failed `max_attempts` times, is given up."""

    base: float = 1.0
    maximum: float = 600.0
    horizon: float | None = 86_400.0
    max_attempts: int | None = None
    jitter: Callable[[], float] = random.random

    def delay(self, failed_attempts: int) -> float:
        ceiling = min(self.maximum, self.base * 2 ** max(failed_attempts - 1, 0))
        return ceiling * (0.5 + 0.5 * self.jitter())

    def next_attempt(self, failed_attempts: int, moment: datetime,
                     queued_at: datetime | None = None) -> datetime | None:
        """When to try again after `failed_attempts` failures, as of `moment`; None: give up."""
        if self.max_attempts is not None and failed_attempts >= self.max_attempts:
            return None
        retry_at = moment + timedelta(seconds=self.delay(failed_attempts))
        horizon = self.horizon
        if horizon is not None and queued_at is not None and retry_at > queued_at + timedelta(seconds=horizon):
            return None
        return retry_at


@dataclass(frozen=True)
class WorkQueue:
    """Due work kept in `table`: which columns and state values the engine reads and writes there."""

    table: Table
    run_at: str  # column of the next run time (ISO 8601 text)
    due_state: str
    order: tuple[str, ...] = ("id",)  # oldest first, after the run time

    def column(self, name: str) -> Column[Any]:
        return self.table.c[name]

    def due(self, now: str, batch: int, *, where: Iterable[ColumnElement[bool]] = (), dialect: str) -> Any:
        """The ids of up to `batch` due, unleased rows, oldest first, locked where the database can."""
        table = self.table
        query = (select(table.c.id)
                 .where(table.c.state == self.due_state, self.column(self.run_at) <= now,
                        or_(table.c.lease_until.is_(None), table.c.lease_until <= now), *where)
                 .order_by(*(self.column(name) for name in self.order))
                 .limit(batch))
        if dialect == "postgresql":
            query = query.with_for_update(skip_locked=True, of=table)
        return query

    def claim(self, connection: Connection, token: str, now: str, lease_until: str, batch: int, *,
              where: Iterable[ColumnElement[bool]] = ()) -> list[int]:
        """Claim up to `batch` due rows for `token` (one more attempt each); their ids, oldest first."""
        ids = list(connection.execute(self.due(now, batch, where=where, dialect=connection.dialect.name)).scalars())
        if ids:
            connection.execute(update(self.table).where(self.table.c.id.in_(ids))
                               .values(claim=token, lease_until=lease_until, attempts=self.table.c.attempts + 1))
        return ids

    def holds(self, connection: Connection, row_id: int, token: str) -> bool:
        """Lock the row if this claim still holds it (the work's own transaction checks before writing)."""
        query = select(self.table.c.id).where(self.table.c.id == row_id, self.table.c.claim == token,
                                              self.table.c.state == self.due_state)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        return connection.execute(query).first() is not None

    def release(self, connection: Connection, row_id: int, token: str, values: Mapping[str, Any]) -> bool:
        """Write the outcome of claimed work and drop the claim; False when the claim was lost meanwhile."""
        result = connection.execute(update(self.table).where(self.table.c.id == row_id, self.table.c.claim == token)
                                    .values(claim=None, lease_until=None, **values))
        return result.rowcount == 1

    def release_many(self, connection: Connection, token: str, outcomes: list[dict[str, Any]]) -> None:
        """`release` for a batch in one statement: each outcome has the row's `id` and the same value keys."""
        if not outcomes:
            return
        names = [name for name in outcomes[0] if name != "id"]
        statement = (update(self.table)
                     .where(self.table.c.id == bindparam("r_id"), self.table.c.claim == token)
                     .values(claim=None, lease_until=None, **{name: bindparam(f"r_{name}") for name in names}))
        connection.execute(statement, [{f"r_{name}": value for name, value in outcome.items()} for outcome in outcomes])


def error_text(error: BaseException | str) -> str:
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return text[:MAX_ERROR_TEXT]
