"""Resources, outbox and hub subscriptions.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Sequence = sa.BigInteger().with_variant(sqlite.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "resource",
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("href", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.Text),
        sa.Column("name", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("document", Document, nullable=False),
    )
    op.create_index("ix_resource_kind_state", "resource", ["kind", "state"])
    op.create_index("ix_resource_kind_name", "resource", ["kind", "name"])
    op.create_index("ix_resource_kind_created", "resource", ["kind", "created_at"])
    if op.get_bind().dialect.name == "postgresql":
        # Serves containment and jsonpath filters on attributes that have no column of their own.
        op.create_index("ix_resource_document", "resource", ["document"], postgresql_using="gin")

    op.create_table(
        "outbox",
        sa.Column("sequence", Sequence, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("api", sa.String(64), nullable=False),
        sa.Column("resource_kind", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("event_time", sa.String(32), nullable=False),
        sa.Column("payload", Document, nullable=False),
    )
    op.create_index("ix_outbox_resource", "outbox", ["resource_kind", "resource_id", "sequence"])

    op.create_table(
        "hub_subscription",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("api", sa.String(64), nullable=False),
        sa.Column("callback", sa.Text, nullable=False),
        sa.Column("query", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_hub_subscription_api", "hub_subscription", ["api"])


def downgrade() -> None:
    op.drop_table("hub_subscription")
    op.drop_table("outbox")
    op.drop_table("resource")
