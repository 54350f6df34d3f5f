"""Durable jobs: the `job` table on the durable-work engine (`component.store.work_queue`).

Orchestration steps and the SLA watch run as jobs:
1. claim: up to `batch` due jobs of the given kinds, with a lease (the engine's claim);
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
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from component.domain.kernel.clock import isoformat
from component.store.tables import job
from component.store.work_queue import Backoff, WorkQueue, error_text

DUE, DONE, FAILED = "due", "done", "failed"  # failed: given up by a backoff with a limit
JOBS = WorkQueue(job, run_at="next_run_at", due_state=DUE, order=("next_run_at", "id"))


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
    ids = JOBS.claim(connection, token, now, lease_until, batch,
                     where=[job.c.kind.in_(kinds)] if kinds is not None else [])
    if not ids:
        return []
    rows = connection.execute(select(job).where(job.c.id.in_(ids)).order_by(job.c.next_run_at, job.c.id)).all()
    return [Job(row.id, row.kind, row.key, row.attempts, row.payload, token) for row in rows]


def holds(connection: Connection, claimed: Job) -> Mapping[str, Any] | None:
    """Lock the job's row if this claim still holds it; its current payload (None: the claim was lost)."""
    if not JOBS.holds(connection, claimed.id, claimed.token):
        return None
    return connection.execute(select(job.c.payload).where(job.c.id == claimed.id)).scalar_one()


def finish(connection: Connection, claimed: Job, decided: Next, now: str) -> None:
    """Record a step's decision and release the claim (in the step's own transaction)."""
    values: dict[str, Any] = {"updated_at": now, "payload": decided.payload, "last_error": None}
    if decided.done:
        values["state"] = DONE
    else:
        values["next_run_at"] = decided.run_at or now
        values["attempts"] = 0
    JOBS.release(connection, claimed.id, claimed.token, values)


def retry_later(connection: Connection, claimed: Job, error: BaseException | str, backoff: Backoff,
                moment: datetime) -> None:
    """A step failed (rolled back): release the claim and try again after the backoff."""
    retry_at = backoff.next_attempt(claimed.attempts, moment)
    values: dict[str, Any] = {"last_error": error_text(error), "updated_at": isoformat(moment)}
    if retry_at is None:
        values["state"] = FAILED
    else:
        values["next_run_at"] = isoformat(retry_at)
    JOBS.release(connection, claimed.id, claimed.token, values)


def counts(connection: Connection) -> dict[tuple[str, str], int]:
    """Jobs by (kind, state), for tests and metrics."""
    rows = connection.execute(select(job.c.kind, job.c.state, func.count()).group_by(job.c.kind, job.c.state))
    return {(row[0], row[1]): row[2] for row in rows}
