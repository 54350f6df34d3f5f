"""Event delivery: per-(subscription, event) deliveries, subscription options, counters, received events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Sequence = sa.BigInteger().with_variant(sqlite.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "subscription_option",
        sa.Column("subscription_id", sa.String(64), primary_key=True),
        sa.Column("secret", sa.Text),
        sa.Column("origin", sa.String(32)),
    )
    op.create_table(
        "delivery",
        sa.Column("id", Sequence, primary_key=True, autoincrement=True),
        sa.Column("subscription_id", sa.String(64), nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("resource_key", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("next_attempt_at", sa.String(32), nullable=False),
        sa.Column("lease_until", sa.String(32)),
        sa.Column("claim", sa.String(64)),
        sa.Column("delivered_at", sa.String(32)),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ux_delivery_subscription_event", "delivery", ["subscription_id", "event_id"], unique=True)
    op.create_index("ix_delivery_due", "delivery", ["state", "next_attempt_at"])
    op.create_index("ix_delivery_chain", "delivery", ["subscription_id", "resource_key", "state", "sequence"])
    op.create_table(
        "delivery_counter",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "received_event",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("payload", Document, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("received_event")
    op.drop_table("delivery_counter")
    op.drop_table("delivery")
    op.drop_table("subscription_option")
