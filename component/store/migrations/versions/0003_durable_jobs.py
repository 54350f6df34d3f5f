"""Durable jobs: the `job` table of orchestration steps (product orders, service orders, cancellations).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Sequence = sa.BigInteger().with_variant(sqlite.INTEGER(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", Sequence, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(160), nullable=False, unique=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_run_at", sa.String(32), nullable=False),
        sa.Column("lease_until", sa.String(32)),
        sa.Column("claim", sa.String(64)),
        sa.Column("payload", Document, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_job_due", "job", ["state", "next_run_at"])


def downgrade() -> None:
    op.drop_table("job")
