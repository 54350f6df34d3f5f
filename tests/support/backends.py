"""Database backends the suite runs against: an SQLite file, and a throw-away PostgreSQL database
created on the server named by TEST_POSTGRES_URL (default: the CI server at 127.0.0.1:5432)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from component.store.migrations import upgrade_to_head
from tests.support.ci import unavailable

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextlib.contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'oda-cms-test.db'}"


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the PostgreSQL server, dropped afterwards."""
    server = make_url(postgres_server_url())
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"odacms_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means the server is not usable here
        admin.dispose()
        unavailable(f"PostgreSQL not reachable at {server.render_as_string(hide_password=True)}: {error}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def migrated_database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh database of `backend` ("sqlite" in `folder`, or "postgresql"), at the latest schema."""
    context = sqlite_database(folder) if backend == "sqlite" else postgres_database()
    with context as url:
        upgrade_to_head(url)
        yield url
