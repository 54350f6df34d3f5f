"""Durable jobs: the `job` table, and the claim protocol workers share it by.

The protocol is the delivery worker's (`component.events.delivery`), generalised to any kind of job:
1. claim: in one short write transaction, pick up to `batch` due jobs (state `due`, `next_run_at`
   reached, no live lease), oldest first, with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has a
   single writer, `BEGIN IMMEDIATE`), and stamp them with a claim token and a lease;
2. run: the job's step, then in one write transaction `holds` re-reads the row still carrying this
   claim (locking it), the step writes its effects, and `finish` writes the job's next state and
   releases the claim: a step's effects and its job's progress commit together or not at all;
3. a worker killed anywhere leaves at most a leased row, which another worker claims once the lease
   has passed, and runs the step again: steps are idempotent (keyed by order / order item), so the
   rerun finds its work done or does it once.
`enqueue` is idempotent by key; `wake` makes a waiting job due now (the service order it follows
changed, a listener received an event about it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from component.domain.clock import isoformat
from component.store.tables import job

DUE, DONE = "due", "done"
MAX_ERROR_TEXT = 1000


@dataclass(frozen=True)
class Job:
    """A claimed job as its step sees it."""

    id: int
    kind: str
    key: str
    attempts: int
    payload: Mapping[str, Any]
    token: str


@dataclass
class Next:
    """What a step decided about its job: done, or due again at `run_at` with `payload`."""

    payload: dict[str, Any] = field(default_factory=dict)
    run_at: str | None = None  # None with done=False: due again at once
    done: bool = False


def enqueue(connection: Connection, kind: str, key: str, payload: Mapping[str, Any], now: str, *,
            run_at: str | None = None, revive: bool = False) -> None:
    """Create the job `key` unless it exists; with `revive`, make a finished one due again with `payload`."""
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(job).values(
        kind=kind, key=key, state=DUE, attempts=0, next_run_at=run_at or now, payload=dict(payload),
        created_at=now, updated_at=now)
    if revive:
        statement = insert.on_conflict_do_update(
            index_elements=[job.c.key], set_={"state": DUE, "next_run_at": run_at or now, "payload": dict(payload),
                                              "updated_at": now, "attempts": 0},
            where=job.c.state == DONE)
    else:
        statement = insert.on_conflict_do_nothing(index_elements=[job.c.key])
    connection.execute(statement)


def wake(connection: Connection, key: str, now: str) -> None:
    """Make the waiting job `key` due now (no-op when it is done, absent or already due)."""
    connection.execute(update(job).where(job.c.key == key, job.c.state == DUE, job.c.next_run_at > now)
                       .values(next_run_at=now))


def find(connection: Connection, key: str) -> dict[str, Any] | None:
    row = connection.execute(select(job).where(job.c.key == key)).first()
    return dict(row._mapping) if row is not None else None


def claim(connection: Connection, token: str, now: str, lease_until: str, batch: int,
          kinds: tuple[str, ...] | None = None) -> list[Job]:
    """Claim up to `batch` due jobs (oldest first) for this token; see the module docstring."""
    query = (select(job.c.id)
             .where(job.c.state == DUE, job.c.next_run_at <= now,
                    or_(job.c.lease_until.is_(None), job.c.lease_until <= now))
             .order_by(job.c.next_run_at, job.c.id).limit(batch))
    if kinds is not None:
        query = query.where(job.c.kind.in_(kinds))
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(connection.execute(query).scalars())
    if not ids:
        return []
    connection.execute(update(job).where(job.c.id.in_(ids))
                       .values(claim=token, lease_until=lease_until, attempts=job.c.attempts + 1))
    rows = connection.execute(select(job).where(job.c.id.in_(ids)).order_by(job.c.next_run_at, job.c.id)).all()
    return [Job(row.id, row.kind, row.key, row.attempts, row.payload, token) for row in rows]


def holds(connection: Connection, claimed: Job) -> Mapping[str, Any] | None:
    """Lock the job's row if this claim still holds it; its current payload (None: the claim was lost)."""
    query = select(job.c.payload).where(job.c.id == claimed.id, job.c.claim == claimed.token, job.c.state == DUE)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    return row.payload if row is not None else None


def finish(connection: Connection, claimed: Job, decided: Next, now: str) -> None:
    """Record a step's decision and release the claim (in the step's own transaction)."""
    values: dict[str, Any] = {"claim": None, "lease_until": None, "updated_at": now, "payload": decided.payload,
                              "last_error": None}
    if decided.done:
        values["state"] = DONE
    else:
        values["next_run_at"] = decided.run_at or now
        values["attempts"] = 0
    connection.execute(update(job).where(job.c.id == claimed.id, job.c.claim == claimed.token).values(**values))


def retry_later(connection: Connection, claimed: Job, error: str, run_at: str, now: str) -> None:
    """A step failed (rolled back): release the claim and try again at `run_at`."""
    connection.execute(update(job).where(job.c.id == claimed.id, job.c.claim == claimed.token).values(
        claim=None, lease_until=None, next_run_at=run_at, last_error=error[:MAX_ERROR_TEXT], updated_at=now))


def backoff(attempts: int, base: float, maximum: float, moment: datetime) -> str:
    """When a job that failed `attempts` times in a row runs again."""
    return isoformat(moment + timedelta(seconds=min(maximum, base * 2 ** max(attempts - 1, 0))))


def counts(connection: Connection) -> dict[tuple[str, str], int]:
    """Jobs by (kind, state), for tests and metrics."""
    rows = connection.execute(select(job.c.kind, job.c.state, func.count()).group_by(job.c.kind, job.c.state))
    return {(row[0], row[1]): row[2] for row in rows}
