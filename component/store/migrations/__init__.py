"""Alembic migrations of the component's schema; `upgrade_to_head` is what `oda-cms migrate` runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


class SchemaNotAtHead(RuntimeError):
    """The database schema is not the one this code expects (`oda-cms migrate` has not run yet)."""


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def schema_at_head_check(engine: Engine) -> Callable[[], None]:
    """A readiness check: raises when the database is unreachable or its schema is not at head."""
    from alembic.runtime.migration import MigrationContext

    head = head_revision()

    def check() -> None:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current != head:
            raise SchemaNotAtHead(f"schema at {current}, the code expects {head}")

    return check


def current_revision(database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
