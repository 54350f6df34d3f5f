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
