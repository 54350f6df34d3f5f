"""Hrefs stored as paths: a resource's own href (column and document) and the hrefs in its document that
point at the same origin lose their scheme and host; responses make them absolute again per request
(PUBLIC_BASE_URL, else the request's host), so a forged Host header is no longer stored.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ORIGIN = re.compile(r"^(https?://[^/]+)(/.*)$")


def _strip(value: Any, origin: str) -> Any:
    if isinstance(value, dict):
        return {key: (item[len(origin):] if key == "href" and isinstance(item, str) and item.startswith(origin + "/")
                      else _strip(item, origin)) for key, item in value.items()}
    if isinstance(value, list):
        return [_strip(item, origin) for item in value]
    return value


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT kind, id, href, document FROM resource")).fetchall()
    for kind, resource_id, href, document in rows:
        found = ORIGIN.match(href or "")
        if not found:
            continue
        origin = found.group(1)
        stored = json.loads(document) if isinstance(document, str | bytes) else document
        converted = _strip(stored, origin)
        parameter = ":document" if connection.dialect.name == "sqlite" else "CAST(:document AS jsonb)"
        connection.execute(
            sa.text(f"UPDATE resource SET href = :href, document = {parameter} WHERE kind = :kind AND id = :id"),
            {"href": found.group(2), "document": json.dumps(converted), "kind": kind, "id": resource_id})


def downgrade() -> None:
    """Paths stay paths: the origin they were served on is not known any more (they remain valid hrefs)."""
