"""Engine creation and units of work for SQLite (embedded default) and PostgreSQL.

SQLite: WAL journal, a busy timeout, and `BEGIN IMMEDIATE` for write transactions so concurrent
writers queue on the database lock instead of failing when a read transaction tries to upgrade.
PostgreSQL: psycopg 3, READ COMMITTED; lost updates are prevented by the version column.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from component.domain.kernel.errors import InvalidQuery
from component.domain.kernel.patterns import search

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30},
            pool_size=8,
            max_overflow=16,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()
    dbapi_connection.create_function("regexp", 2, _regexp, deterministic=True)


def _regexp(pattern: str | None, value: object) -> bool:
    if pattern is None or value is None:
        return False
    try:
        return search(pattern, str(value))
    except InvalidQuery:
        return False  # refused when the query was parsed; never raise inside SQLite


def _sqlite_on_begin(connection: Connection) -> None:
    if connection.info.get("autocommit"):
        return  # the driver runs each statement in its own implicit transaction
    mode = "IMMEDIATE" if connection.info.get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """The component's database: `read()` and `write()` give a connection inside one transaction."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = make_engine(database_url)
        self.dialect = self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            connection.info["write"] = True
            try:
                with connection.begin():
                    yield connection
            finally:
                connection.info.pop("write", None)

    @contextmanager
    def read(self, *, snapshot: bool = True) -> Iterator[Connection]:
        """A read transaction; `snapshot=False` for a single statement, which is atomic by itself
        (SQLite then skips BEGIN/COMMIT, a third of a GET by id's database time)."""
        with self.engine.connect() as connection:
            if snapshot:
                with connection.begin():
                    yield connection
            else:
                connection.info["autocommit"] = True
                try:
                    yield connection
                finally:
                    connection.info.pop("autocommit", None)
                    connection.rollback()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
