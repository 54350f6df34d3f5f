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


def test_revision_0004_stores_hrefs_as_paths(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from alembic import command
    from sqlalchemy import create_engine, text

    from component.store.migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'hrefs.db'}"
    command.upgrade(alembic_config(url), "0003")
    engine = create_engine(url)
    document = {"id": "c1", "href": "http://forged.example:8080/tmf-api/customerManagement/v4/customer/c1",
                "relatedParty": [{"id": "p", "href": "http://forged.example:8080/tmf-api/x/v4/p/p"},
                                 {"id": "q", "href": "https://elsewhere.example/party/q"}]}
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO resource (kind, id, href, version, created_at, updated_at, document) "
            "VALUES ('Customer', 'c1', :href, 1, 'now', 'now', :document)"),
            {"href": document["href"], "document": json.dumps(document)})
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as connection:
        href, stored = connection.execute(text("SELECT href, document FROM resource")).one()
    engine.dispose()
    stored = json.loads(stored)
    assert href == stored["href"] == "/tmf-api/customerManagement/v4/customer/c1"
    assert [party["href"] for party in stored["relatedParty"]] == ["/tmf-api/x/v4/p/p",
                                                                    "https://elsewhere.example/party/q"]
