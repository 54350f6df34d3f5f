"""Alembic migrations build exactly the schema the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from component.store.migrations import current_revision
from component.store.tables import metadata


def test_migrated_database_matches_the_declared_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
    finally:
        engine.dispose()
    # GIN index on PostgreSQL is created by the migration only (SQLAlchemy metadata cannot say `USING gin`
    # portably), so an index the metadata does not know is the one tolerated difference.
    unexpected = [diff for diff in differences
                  if not (diff[0] == "remove_index" and diff[1].name == "ix_resource_document")]
    assert unexpected == []


def test_database_is_at_the_latest_revision(database_url: str) -> None:
    from alembic.script import ScriptDirectory

    from component.store.migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert current_revision(database_url) == head
