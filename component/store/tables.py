"""The component's tables (SQLAlchemy Core). Alembic migrations in `migrations/` create them.

One `resource` table holds every TMF resource as a JSON document beside indexed columns for what is
filtered and sorted often; `version` drives optimistic concurrency (ETag / If-Match).
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects import postgresql, sqlite

metadata = MetaData()

# JSONB on PostgreSQL (indexable, jsonpath); JSON text on SQLite (json_extract, json_each).
Document = JSON().with_variant(postgresql.JSONB(), "postgresql")
# SQLite only auto-increments an INTEGER PRIMARY KEY.
Sequence = BigInteger().with_variant(sqlite.INTEGER(), "sqlite")

resource = Table(
    "resource",
    metadata,
    Column("kind", String(64), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("href", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", Text),
    Column("name", Text),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("document", Document, nullable=False),
    Index("ix_resource_kind_state", "kind", "state"),
    Index("ix_resource_kind_name", "kind", "name"),
    Index("ix_resource_kind_created", "kind", "created_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("sequence", Sequence, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("event_type", String(128), nullable=False),
    Column("api", String(64), nullable=False),
    Column("resource_kind", String(64), nullable=False),
    Column("resource_id", String(64), nullable=False),
    Column("event_time", String(32), nullable=False),
    Column("payload", Document, nullable=False),
    Index("ix_outbox_resource", "resource_kind", "resource_id", "sequence"),
)

hub_subscription = Table(
    "hub_subscription",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("api", String(64), nullable=False),
    Column("callback", Text, nullable=False),
    Column("query", Text),
    Column("created_at", String(32), nullable=False),
    Index("ix_hub_subscription_api", "api"),
)

# --- Event delivery (migration 0002) -----------------------------------------------------------------

# Delivery options of a hub subscription that the TMF hub schema has no field for: the HMAC secret and
# who registered it ("billing" for the start-up registration, None for a client's POST /hub).
subscription_option = Table(
    "subscription_option",
    metadata,
    Column("subscription_id", String(64), primary_key=True),
    Column("secret", Text),
    Column("origin", String(32)),
)

# One row per (subscription, event), written with the event in the change's transaction. `state` is
# pending -> delivered | dead; a pending row with `lease_until` in the future is being attempted by the
# worker that wrote `claim`. `resource_key` ("<kind>/<id>") orders deliveries of one resource.
delivery = Table(
    "delivery",
    metadata,
    Column("id", Sequence, primary_key=True, autoincrement=True),
    Column("subscription_id", String(64), nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("resource_key", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("next_attempt_at", String(32), nullable=False),
    Column("lease_until", String(32)),
    Column("claim", String(64)),
    Column("delivered_at", String(32)),
    Column("last_status", Integer),
    Column("last_error", Text),
    Index("ux_delivery_subscription_event", "subscription_id", "event_id", unique=True),
    Index("ix_delivery_due", "state", "next_attempt_at"),
    Index("ix_delivery_chain", "subscription_id", "resource_key", "state", "sequence"),
)

# Monotonic counters of the delivery workers (delivered, retried, dead_lettered, latency buckets), kept
# in the database so /metrics is right in whichever process it is scraped.
delivery_counter = Table(
    "delivery_counter",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Events received from other components on the listener endpoints, idempotent by eventId.
received_event = Table(
    "received_event",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("event_type", String(128), nullable=False),
    Column("source", Text, nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("payload", Document, nullable=False),
)

# --- Durable jobs (migration 0003) ----------------------------------------------------------------------

# One row per durable unit of background work (orchestration steps of a product order, the simulated
# execution of a service order, a cancellation), unique by `key` ("order:<id>", "service-order:<id>"),
# so enqueuing twice is a no-op. `state` is due -> done; a due row with `lease_until` in the future is
# being run by the worker that wrote `claim`. `payload` holds the job's own progress (its phase, the
# service orders it created, simulator timers), committed with the effects of each step.
job = Table(
    "job",
    metadata,
    Column("id", Sequence, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("key", String(160), nullable=False, unique=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_run_at", String(32), nullable=False),
    Column("lease_until", String(32)),
    Column("claim", String(64)),
    Column("payload", Document, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("last_error", Text),
    Index("ix_job_due", "state", "next_run_at"),
)
